import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  chooseShippedThreshold,
  crossValidateByAuthor,
  firesAt,
  MAX_FALSE_POSITIVE_RATE,
  measure,
  readAuthors,
  toRiskModel,
  trainRiskWeights,
} from '../../../scripts/train-risk-model.js';
import { createCrisisDetector } from '../../../src/core/crisis/detect-crisis.js';
import {
  createRiskClassifier,
  extractRiskFeatures,
  parseRiskModel,
  type RiskModel,
} from '../../../src/core/crisis/risk-classifier.js';
import { loadRealLexicon } from './load-real-lexicon.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL_FILE = `${ROOT}knowledge/crisis-risk-model.json`;
/** About 52,000 weights from fourteen authors' messages; a size guard, not a target. */
const MAX_MODEL_BYTES = 1_024 * 1_024;
const TRAINING_FILES = [
  'test/fixtures/crisis-messages.jsonl',
  'test/fixtures/crisis-author-b1.jsonl',
  'test/fixtures/crisis-author-b2.jsonl',
  'test/fixtures/crisis-author-c.jsonl',
  'test/fixtures/crisis-author-d.jsonl',
  'test/fixtures/crisis-author-e.jsonl',
  'test/fixtures/crisis-author-f.jsonl',
  'test/fixtures/crisis-author-g.jsonl',
  'test/fixtures/crisis-author-h.jsonl',
  'test/fixtures/crisis-author-k.jsonl',
  'test/fixtures/crisis-author-l.jsonl',
  'test/fixtures/crisis-author-m.jsonl',
  'test/fixtures/crisis-author-n.jsonl',
  'test/fixtures/crisis-author-o.jsonl',
  'test/fixtures/crisis-author-p.jsonl',
];

function loadShippedModel(): RiskModel {
  return parseRiskModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')), 'knowledge/crisis-risk-model.json');
}

describe('the shipped risk model (knowledge/crisis-risk-model.json)', () => {
  const model = loadShippedModel();

  test('parses, stays under 1 MB and was trained on the fourteen authors only, never on a blind set', () => {
    expect(statSync(MODEL_FILE).size).toBeLessThan(MAX_MODEL_BYTES);
    expect(model.trainedOn).toEqual(TRAINING_FILES);
    expect(model.trainedOn.some((file) => file.includes('blind'))).toBe(false);
    expect(Object.keys(model.weights).length).toBeGreaterThan(1_000);
  });

  test('a weight outside the bucket range or a threshold of 1 is rejected with the file named', () => {
    expect(() => parseRiskModel({ ...model, weights: { [String(model.buckets)]: 1 } }, 'bad.json')).toThrow(
      /bad\.json: .*bucket/,
    );
    expect(() => parseRiskModel({ ...model, threshold: 1 }, 'bad.json')).toThrow(/bad\.json: .*threshold/s);
  });
});

describe('risk classifier scores', () => {
  const model = loadShippedModel();
  const score = createRiskClassifier(model);

  test('are deterministic: the same text scores the same, from the same or a fresh classifier', () => {
    const text = 'i dont want to be alive anymore';
    const first = score(text);
    expect(score('something else entirely')).not.toBe(first);
    expect(score(text)).toBe(first);
    expect(createRiskClassifier(model)(text)).toBe(first);
  });

  test('are probabilities, and an empty message scores the bias alone', () => {
    expect(score('')).toBeCloseTo(1 / (1 + Math.exp(-model.bias)), 6);
    for (const text of ['hi', 'i want to die', '💀💀💀', 'a'.repeat(2_000)]) {
      expect(score(text)).toBeGreaterThan(0);
      expect(score(text)).toBeLessThan(1);
    }
  });

  test('features come from the normalised text, so spellings the normaliser folds score alike', () => {
    expect(score('I   DONT want to be ALIVE anymore!!')).toBe(score('i dont want to be alive anymore'));
    expect(extractRiskFeatures('im done', 1_024)).toEqual(extractRiskFeatures('i am done', 1_024));
  });

  test('character n-grams are bounded, so a 2,000-character message has a bounded feature count', () => {
    const features = extractRiskFeatures('lorem ipsum dolor sit amet '.repeat(80), model.buckets);
    expect(features.length).toBeLessThanOrEqual(4_096);
    expect(features.every((bucket) => bucket >= 0 && bucket < model.buckets)).toBe(true);
  });

  // Written for this test, not taken from the training files.
  test.each([
    ['direct', 'i want to kill myself tonight'],
    ['passive', 'i dont want to be alive anymore'],
    ['self-harm', 'i have been cutting myself again'],
    ['self-harm', 'i keep hurting myself on purpose'],
    ['means', 'i took all my pills'],
  ])('clear positive (%s) scores at or above the threshold: "%s"', (_category, text) => {
    expect(score(text)).toBeGreaterThanOrEqual(model.threshold);
  });

  test.each([
    ['hyperbole', 'this homework is killing me lol'],
    ['hyperbole', 'i died laughing at that meme 💀'],
    ['hyperbole', 'this pizza is to die for'],
    ['gaming', 'we got killed in ranked, gg'],
    ['gaming', 'the boss fight killed me five times'],
    ['lyrics', 'that song about wanting to die goes hard'],
    ['recovery', 'one year clean from self harm today, proud of myself'],
    ['informational', 'what is the suicide rate in canada'],
    ['informational', 'can someone explain how antidepressants work'],
    ['tech', 'kill the process with sudo'],
    ['media', 'suicide squad was a bad movie'],
  ])('clear hard negative (%s) scores below the threshold: "%s"', (_category, text) => {
    expect(score(text)).toBeLessThan(model.threshold);
  });
});

describe('risk model training', () => {
  test('is deterministic: the same messages give the same weights', () => {
    const messages = readAuthors(ROOT)[1]?.messages.slice(0, 80) ?? [];
    expect(messages.length).toBe(80);
    const first = toRiskModel(trainRiskWeights(messages), 0.5, ['sample']);
    const second = toRiskModel(trainRiskWeights(messages), 0.5, ['sample']);
    expect(second).toEqual(first);
  });
});

/**
 * Cross-author (leave-one-author-out over fourteen authors): each author's messages are scored by a model trained on
 * the other thirteen, at the shipped threshold (the lowest keeping the pooled held-out false-positive rate ≤ 0.03).
 * Floors sit a little below the figures achieved, classifier alone (crisis recall / concern recall / FPR): A 0.329 /
 * 0.469 / 0.031, B 0.598 / 0.662 / 0.015, C 0.831 / 0.673 / 0.047, D 0.857 / 0.776 / 0.020, E 0.712 / 0.721 / 0.009,
 * F 0.731 / 0.683 / 0.027, G 0.554 / 0.617 / 0.043, H 0.463 / 0.625 / 0.030, K 0.662 / 0.565 / 0.025, L 0.658 /
 * 0.787 / 0.064, M 0.534 / 0.661 / 0.008, N 0.649 / 0.721 / 0.037, O 0.736 / 0.770 / 0.028, P 0.444 / 0.475 / 0.028;
 * pooled 0.590 / 0.663 / 0.029. With eight authors the pooled crisis recall was 0.553: more authors, more recall.
 */
describe('cross-author evaluation (leave one author out)', () => {
  const folds = crossValidateByAuthor(readAuthors(ROOT), createCrisisDetector(loadRealLexicon()));
  const threshold = chooseShippedThreshold(folds);
  const floors: Record<string, { crisis: number; concern: number; maxFalsePositiveRate: number }> = {
    A: { crisis: 0.29, concern: 0.42, maxFalsePositiveRate: 0.05 },
    B: { crisis: 0.55, concern: 0.62, maxFalsePositiveRate: 0.03 },
    C: { crisis: 0.79, concern: 0.63, maxFalsePositiveRate: 0.07 },
    D: { crisis: 0.81, concern: 0.73, maxFalsePositiveRate: 0.04 },
    E: { crisis: 0.67, concern: 0.68, maxFalsePositiveRate: 0.03 },
    F: { crisis: 0.69, concern: 0.64, maxFalsePositiveRate: 0.05 },
    G: { crisis: 0.51, concern: 0.57, maxFalsePositiveRate: 0.06 },
    H: { crisis: 0.42, concern: 0.58, maxFalsePositiveRate: 0.05 },
    K: { crisis: 0.62, concern: 0.52, maxFalsePositiveRate: 0.04 },
    L: { crisis: 0.61, concern: 0.74, maxFalsePositiveRate: 0.08 },
    M: { crisis: 0.49, concern: 0.62, maxFalsePositiveRate: 0.03 },
    N: { crisis: 0.6, concern: 0.68, maxFalsePositiveRate: 0.06 },
    O: { crisis: 0.69, concern: 0.73, maxFalsePositiveRate: 0.05 },
    P: { crisis: 0.4, concern: 0.43, maxFalsePositiveRate: 0.05 },
  };

  test('holds out each author once', () => {
    expect(folds.map((fold) => fold.testAuthor)).toEqual(Object.keys(floors));
    for (const fold of folds) expect(fold.trainAuthor.split('+')).not.toContain(fold.testAuthor);
  });

  test.each(Object.keys(floors))(
    'cross-author, author %s held out: crisis and concern recall at their floors, false positives under the cap',
    (author) => {
      const fold = folds.find((candidate) => candidate.testAuthor === author);
      const floor = floors[author];
      if (fold === undefined || floor === undefined) throw new Error(`no fold for author ${author}`);
      const metrics = measure(fold.messages, firesAt(fold, threshold));
      expect(metrics.falsePositiveRate).toBeLessThanOrEqual(floor.maxFalsePositiveRate);
      expect(metrics.crisisRecall).toBeGreaterThanOrEqual(floor.crisis);
      expect(metrics.concernRecall).toBeGreaterThanOrEqual(floor.concern);
      expect(metrics.precision).toBeGreaterThanOrEqual(0.9);
    },
  );

  test(`pooled over all held-out authors: false-positive rate ≤ ${MAX_FALSE_POSITIVE_RATE}, crisis recall ≥ 0.56`, () => {
    const negatives = folds.flatMap((fold) =>
      fold.scores.filter((_, index) => fold.messages[index]?.label === 'none'),
    );
    const crisis = folds.flatMap((fold) =>
      fold.scores.filter((_, index) => fold.messages[index]?.label === 'crisis'),
    );
    const rate = (scores: number[]) => scores.filter((value) => value >= threshold).length / scores.length;
    expect(rate(negatives)).toBeLessThanOrEqual(MAX_FALSE_POSITIVE_RATE);
    expect(rate(crisis)).toBeGreaterThanOrEqual(0.56);
  });

  test('cross-author: rules OR classifier never loses recall', () => {
    for (const fold of folds) {
      const rules = measure(fold.messages, fold.rules);
      const combined = measure(fold.messages, firesAt(fold, threshold, true));
      expect(combined.crisisRecall).toBeGreaterThanOrEqual(rules.crisisRecall);
      expect(combined.concernRecall).toBeGreaterThanOrEqual(rules.concernRecall);
    }
  });

  test('the shipped threshold is the pooled cross-author threshold', () => {
    expect(loadShippedModel().threshold).toBe(threshold);
  });
});
