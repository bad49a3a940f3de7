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
/** About 35,000 weights from eight authors' messages; a size guard, not a target. */
const MAX_MODEL_BYTES = 600 * 1_024;
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
];

function loadShippedModel(): RiskModel {
  return parseRiskModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')), 'knowledge/crisis-risk-model.json');
}

describe('the shipped risk model (knowledge/crisis-risk-model.json)', () => {
  const model = loadShippedModel();

  test('parses, stays under 600 KB and was trained on the eight authors only, never on a blind set', () => {
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
 * Cross-author (leave-one-author-out over eight authors): each author's messages are scored by a model trained on the
 * other seven, at the shipped threshold (the lowest keeping the pooled held-out false-positive rate ≤ 0.03). Floors
 * sit a little below the figures achieved, classifier alone (crisis / concern recall): A 0.362 / 0.375, B 0.645 /
 * 0.631, C 0.766 / 0.731, D 0.804 / 0.755, E 0.658 / 0.672, F 0.744 / 0.617, G 0.419 / 0.567, H 0.358 / 0.571;
 * pooled 0.553 / 0.625.
 */
describe('cross-author evaluation (leave one author out)', () => {
  const folds = crossValidateByAuthor(readAuthors(ROOT), createCrisisDetector(loadRealLexicon()));
  const threshold = chooseShippedThreshold(folds);
  const floors: Record<string, { crisis: number; concern: number; maxFalsePositiveRate: number }> = {
    A: { crisis: 0.32, concern: 0.3, maxFalsePositiveRate: 0.04 },
    B: { crisis: 0.6, concern: 0.58, maxFalsePositiveRate: 0.02 },
    C: { crisis: 0.72, concern: 0.68, maxFalsePositiveRate: 0.07 },
    D: { crisis: 0.76, concern: 0.7, maxFalsePositiveRate: 0.03 },
    E: { crisis: 0.61, concern: 0.62, maxFalsePositiveRate: 0.07 },
    F: { crisis: 0.7, concern: 0.57, maxFalsePositiveRate: 0.08 },
    G: { crisis: 0.37, concern: 0.52, maxFalsePositiveRate: 0.05 },
    H: { crisis: 0.31, concern: 0.52, maxFalsePositiveRate: 0.04 },
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

  test(`pooled over all held-out authors: false-positive rate ≤ ${MAX_FALSE_POSITIVE_RATE}, crisis recall ≥ 0.5`, () => {
    const negatives = folds.flatMap((fold) =>
      fold.scores.filter((_, index) => fold.messages[index]?.label === 'none'),
    );
    const crisis = folds.flatMap((fold) =>
      fold.scores.filter((_, index) => fold.messages[index]?.label === 'crisis'),
    );
    const rate = (scores: number[]) => scores.filter((value) => value >= threshold).length / scores.length;
    expect(rate(negatives)).toBeLessThanOrEqual(MAX_FALSE_POSITIVE_RATE);
    expect(rate(crisis)).toBeGreaterThanOrEqual(0.5);
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
