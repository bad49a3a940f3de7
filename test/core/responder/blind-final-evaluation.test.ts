/**
 * The honest figure for the crisis responder's detection: test/fixtures/crisis-blind-final.jsonl was written by
 * someone who never saw the lexicon, the model or the other sets, and nothing was tuned on it. The sets the detector
 * was built from (main, dev, dev 2) are held to recall ≥ 0.95 and false positives ≤ 0.03 in
 * test/core/crisis/evaluation.test.ts; on this unseen author the detector does much worse, and this test keeps that
 * figure visible and stops it from getting worse. Raising it needs messages from more authors, not more tuning here:
 * once this set is used for tuning it no longer measures anything.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadLexicon } from '../../../src/adapters/load-lexicon.js';
import { loadRiskModel } from '../../../src/adapters/load-risk-model.js';
import { createCrisisDetector } from '../../../src/core/crisis/detect-crisis.js';
import { createRiskClassifier } from '../../../src/core/crisis/risk-classifier.js';
import { withRiskScore } from '../../../src/core/responder/with-risk-score.js';
import type { CrisisLevel } from '../../../src/core/types.js';

interface Labelled {
  text: string;
  label: CrisisLevel;
  category: string;
}

const FIXTURE = path.resolve('test/fixtures/crisis-blind-final.jsonl');
const messages = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Labelled);
const dir = path.resolve('knowledge');
const [lexicon, model] = await Promise.all([loadLexicon(dir), loadRiskModel(dir)]);
const rules = createCrisisDetector(lexicon);
const responder = withRiskScore(rules, createRiskClassifier(model), model.threshold);

/** Measured on this commit: rules 0.519 / 0.442 / 0.066; rules + model 0.662 / 0.692 / 0.075. Floors leave a small margin. */
const FLOORS = { crisisRecall: 0.62, concernRecall: 0.62, maxFalsePositiveRate: 0.09 } as const;

function score(detect: (text: string) => { level: CrisisLevel }) {
  const count = (label: CrisisLevel, hit: boolean) =>
    messages.filter((message) => message.label === label && (detect(message.text).level !== 'none') === hit)
      .length;
  const total = (label: CrisisLevel) => messages.filter((message) => message.label === label).length;
  return {
    crisisRecall: count('crisis', true) / total('crisis'),
    concernRecall: count('concern', true) / total('concern'),
    falsePositiveRate: count('none', true) / total('none'),
  };
}

describe('crisis detection on a blind set by an unseen author (crisis-blind-final.jsonl, never tuned on)', () => {
  const withModel = score(responder);
  const rulesOnly = score(rules);

  test('reports recall and false positives, rules alone and with the risk model', () => {
    console.log(
      [
        `blind final set (${messages.length} messages): crisis recall / concern recall / false-positive rate`,
        `  rules only:         ${rulesOnly.crisisRecall.toFixed(3)} / ${rulesOnly.concernRecall.toFixed(3)} / ${rulesOnly.falsePositiveRate.toFixed(3)}`,
        `  rules + risk model: ${withModel.crisisRecall.toFixed(3)} / ${withModel.concernRecall.toFixed(3)} / ${withModel.falsePositiveRate.toFixed(3)}`,
      ].join('\n'),
    );
    expect(messages.length).toBeGreaterThanOrEqual(200);
  });

  test('the responder (rules + risk model) stays at or above the measured floor', () => {
    expect(withModel.crisisRecall).toBeGreaterThanOrEqual(FLOORS.crisisRecall);
    expect(withModel.concernRecall).toBeGreaterThanOrEqual(FLOORS.concernRecall);
    expect(withModel.falsePositiveRate).toBeLessThanOrEqual(FLOORS.maxFalsePositiveRate);
  });

  test('the risk model adds recall over the rules alone on this unseen author', () => {
    expect(withModel.crisisRecall).toBeGreaterThan(rulesOnly.crisisRecall);
  });
});
