/**
 * The honest figures for the crisis responder's detection: test/fixtures/crisis-blind-final.jsonl and
 * crisis-blind-final-2.jsonl were each written by someone who never saw the lexicon, the model or the other sets, and
 * nothing was tuned or trained on them. The sets the detector
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

const dir = path.resolve('knowledge');
const [lexicon, model] = await Promise.all([loadLexicon(dir), loadRiskModel(dir)]);
const rules = createCrisisDetector(lexicon);
const responder = withRiskScore(rules, createRiskClassifier(model), model.threshold);

interface BlindSet {
  file: string;
  /** Measured when the set was added; floors leave a small margin below. */
  measured: string;
  floors: { crisisRecall: number; concernRecall: number; maxFalsePositiveRate: number };
}

const BLIND_SETS: readonly BlindSet[] = [
  {
    file: 'test/fixtures/crisis-blind-final.jsonl',
    measured: 'rules 0.519 / 0.442 / 0.066; rules + model 0.662 / 0.692 / 0.075',
    floors: { crisisRecall: 0.62, concernRecall: 0.62, maxFalsePositiveRate: 0.09 },
  },
  {
    file: 'test/fixtures/crisis-blind-final-2.jsonl',
    measured:
      'rules 0.661 / 0.673 / 0.020; rules + model 0.804 / 0.755 / 0.030 (1 of 48 ordinary chat messages)',
    floors: { crisisRecall: 0.76, concernRecall: 0.7, maxFalsePositiveRate: 0.05 },
  },
];

function read(file: string): Labelled[] {
  return readFileSync(path.resolve(file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Labelled);
}

function score(messages: readonly Labelled[], detect: (text: string) => { level: CrisisLevel }) {
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

describe.each(BLIND_SETS)(
  'crisis detection on a blind set by an unseen author ($file, never tuned on)',
  ({ file, floors }) => {
    const messages = read(file);
    const withModel = score(messages, responder);
    const rulesOnly = score(messages, rules);

    test('reports recall and false positives, rules alone and with the risk model', () => {
      const row = (figures: typeof withModel) =>
        `${figures.crisisRecall.toFixed(3)} / ${figures.concernRecall.toFixed(3)} / ${figures.falsePositiveRate.toFixed(3)}`;
      console.log(
        [
          `${file} (${messages.length} messages): crisis recall / concern recall / false-positive rate`,
          `  rules only:         ${row(rulesOnly)}`,
          `  rules + risk model: ${row(withModel)}`,
        ].join('\n'),
      );
      expect(messages.length).toBeGreaterThanOrEqual(200);
    });

    test('the responder (rules + risk model) stays at or above the measured floor', () => {
      expect(withModel.crisisRecall).toBeGreaterThanOrEqual(floors.crisisRecall);
      expect(withModel.concernRecall).toBeGreaterThanOrEqual(floors.concernRecall);
      expect(withModel.falsePositiveRate).toBeLessThanOrEqual(floors.maxFalsePositiveRate);
    });

    test('the risk model adds recall over the rules alone on this unseen author', () => {
      expect(withModel.crisisRecall).toBeGreaterThan(rulesOnly.crisisRecall);
    });
  },
);
