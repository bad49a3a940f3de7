/**
 * What the crisis responder (rules + risk model) finds, author by author.
 *
 * - Blind sets (test/fixtures/crisis-blind-*.jsonl): each written by someone who never saw the lexicon, the model or
 *   any other set, and never tuned or trained on. These are the honest figures. Once a blind set is used for tuning
 *   it stops measuring anything, and it must be renamed crisis-author-*.jsonl and replaced by a new blind set.
 * - Tuned sets (crisis-author-c … h): written the same way, then used to extend the lexicon and to train the model,
 *   so their figures are in-sample. They are guarded here only so that a change to the lexicon or the model cannot
 *   quietly lose what they taught. Before they were used, each of them scored far lower as a blind set (in the
 *   comments below), which is why the blind figures, not these, say how well the detector generalises.
 *
 * Sets A and B (crisis-messages, crisis-author-b1/b2) are held to recall ≥ 0.95 and false positives ≤ 0.03 in
 * test/core/crisis/evaluation.test.ts.
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

interface AuthorSet {
  file: string;
  kind: 'blind' | 'tuned';
  /** Measured when the set was added or last used for tuning; floors leave a small margin below. */
  measured: string;
  floors: { crisisRecall: number; concernRecall: number; maxFalsePositiveRate: number };
}

const SETS: readonly AuthorSet[] = [
  {
    file: 'test/fixtures/crisis-blind-i.jsonl',
    kind: 'blind',
    measured:
      'rules + model 0.855 / 0.841 / 0.052 with 14 training authors after a safety review narrowed the lexicon ' +
      '(0.868 / 0.841 / 0.060 before); 0.816 / 0.810 / 0.052 with 8; ' +
      '0.474 / 0.444 / 0.060 before this set existed (2 authors)',
    floors: { crisisRecall: 0.82, concernRecall: 0.8, maxFalsePositiveRate: 0.065 },
  },
  {
    file: 'test/fixtures/crisis-blind-j.jsonl',
    kind: 'blind',
    measured:
      'rules + model 0.808 / 0.852 / 0.071 with 14 training authors after a safety review narrowed the lexicon ' +
      '(0.822 / 0.852 / 0.054 before); 0.781 / 0.754 / 0.063 with 8; ' +
      '0.466 / 0.426 / 0.080 before this set existed (2 authors)',
    floors: { crisisRecall: 0.77, concernRecall: 0.81, maxFalsePositiveRate: 0.085 },
  },
  // Tuned sets: as blind sets they scored (rules + model of the day) C 0.662 / 0.692 / 0.075, D 0.804 / 0.755 /
  // 0.030, E 0.479 / 0.541 / 0.034, F 0.423 / 0.383 / 0.018, G 0.338 / 0.517 / 0.017, H 0.284 / 0.429 / 0.023.
  // K 0.690 / 0.661 / 0.042, L 0.776 / 0.820 / 0.091, M 0.630 / 0.726 / 0.074, N 0.622 / 0.803 / 0.046,
  // O 0.750 / 0.738 / 0.046, P 0.542 / 0.525 / 0.093 (these six scored by the detector that first shipped with I
  // and J as blind sets).
  ...(['c', 'd', 'e', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'o', 'p'] as const).map((author): AuthorSet => ({
    file: `test/fixtures/crisis-author-${author}.jsonl`,
    kind: 'tuned',
    measured: 'in-sample',
    floors: { crisisRecall: 0.74, concernRecall: 0.75, maxFalsePositiveRate: 0.05 },
  })),
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

describe.each(SETS)('crisis detection by author: $file ($kind)', ({ file, kind, floors }) => {
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

  test('the risk model adds recall over the rules alone', () => {
    expect(withModel.crisisRecall).toBeGreaterThan(rulesOnly.crisisRecall);
  });

  test(`is ${kind === 'blind' ? 'not ' : ''}among the risk model's training files`, () => {
    expect(model.trainedOn.includes(file)).toBe(kind === 'tuned');
  });
});
