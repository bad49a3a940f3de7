import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  chooseThreshold,
  readAuthors,
  textHash,
  toRiskModel,
  trainRiskWeights,
} from '../../../scripts/train-risk-model.js';
import {
  createRiskClassifier,
  extractRiskFeatures,
  parseRiskModel,
  type RiskModel,
} from '../../../src/core/crisis/risk-classifier.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL_FILE = `${ROOT}knowledge/crisis-risk-model.json`;
/** About 66,000 weights; a size guard, not a target. */
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
const REAL_NEGATIVES = 'GoEmotions train (../shared/data/goemotions)';

function loadShippedModel(): RiskModel {
  return parseRiskModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')), 'knowledge/crisis-risk-model.json');
}

describe('the shipped risk model (knowledge/crisis-risk-model.json)', () => {
  const model = loadShippedModel();

  test('parses, stays under 1 MB, was trained on the authors’ sets and real negatives, never on a blind set', () => {
    expect(statSync(MODEL_FILE).size).toBeLessThan(MAX_MODEL_BYTES);
    for (const file of TRAINING_FILES) expect(model.trainedOn).toContain(file);
    expect(model.trainedOn).toContain(REAL_NEGATIVES);
    expect(model.provenance).toMatch(/GoEmotions.*Apache-2\.0/s);
    expect(model.trainedOn.some((file) => file.includes('blind'))).toBe(false);
    expect(Object.keys(model.weights).length).toBeGreaterThan(1_000);
  });

  test('a weight outside the bucket range or a threshold of 1 is rejected with the file named', () => {
    expect(() => parseRiskModel({ ...model, weights: { [String(model.buckets)]: 1 } }, 'bad.json')).toThrow(
      /bad\.json: .*bucket/,
    );
    expect(() => parseRiskModel({ ...model, threshold: 1 }, 'bad.json')).toThrow(/bad\.json: .*threshold/s);
    expect(() => parseRiskModel({ ...model, noticeThreshold: model.threshold + 0.01 }, 'bad.json')).toThrow(
      /bad\.json: .*noticeThreshold/,
    );
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

describe('long messages are scored window by window', () => {
  const model = loadShippedModel();
  const score = createRiskClassifier(model);
  const filler = 'we went to the shop and then the bus was late so we walked home talking about the game';

  test('a long harmless post does not drift upward with length, and stays under the quiet band', () => {
    const post = (repeats: number) => Array.from({ length: repeats }, () => filler).join(' ');
    const scores = [6, 24, 96].map((repeats) => score(post(repeats)));
    // More windows are more chances for one to score high; the length penalty outweighs that.
    expect(scores[1]).toBeLessThanOrEqual(scores[0] as number);
    expect(scores[2]).toBeLessThanOrEqual(scores[1] as number);
    expect(Math.max(...scores)).toBeLessThan(model.noticeThreshold);
  });

  test('one worrying sentence raises a long post’s score, and reaches the quiet band in a short one', () => {
    const risky = 'i dont want to be alive anymore';
    const post = `${filler} ${filler} ${risky} ${filler} ${filler}`;
    expect(score(post)).toBeGreaterThan(score(`${filler} ${filler} ${filler} ${filler}`));
    expect(score(`${filler} ${risky}`)).toBeGreaterThanOrEqual(model.noticeThreshold);
  });
});

describe('risk model training', () => {
  test('is deterministic: the same messages give the same weights', () => {
    const messages = readAuthors(ROOT)[1]?.messages.slice(0, 80) ?? [];
    expect(messages.length).toBe(80);
    const thresholds = { threshold: 0.5, noticeThreshold: 0.4 };
    const first = toRiskModel(trainRiskWeights(messages), thresholds, ['sample']);
    const second = toRiskModel(trainRiskWeights(messages), thresholds, ['sample']);
    expect(second).toEqual(first);
  });

  test('weights count: a negative with ten times the weight pulls its words further down', () => {
    const base = [
      { text: 'i want to disappear forever', label: 'concern' as const, category: 'x' },
      { text: 'the sun is out today', label: 'none' as const, category: 'x' },
    ];
    const light = trainRiskWeights([
      ...base,
      { text: 'disappear into a good book', label: 'none', category: 'x' },
    ]);
    const heavy = trainRiskWeights([
      ...base,
      { text: 'disappear into a good book', label: 'none', category: 'x', weight: 10 },
    ]);
    const scoreWith = (trained: typeof light) =>
      createRiskClassifier(toRiskModel(trained, { threshold: 0.5, noticeThreshold: 0.4 }, ['t']))(
        'disappear into a good book',
      );
    expect(scoreWith(heavy)).toBeLessThan(scoreWith(light));
  });

  test('thresholds let through at most the allowed share of negatives', () => {
    const negatives = Array.from({ length: 1_000 }, (_, index) => index / 1_000);
    const threshold = chooseThreshold(negatives, 0.01);
    expect(negatives.filter((value) => value >= threshold).length).toBeLessThanOrEqual(10);
    expect(negatives.filter((value) => value >= threshold - 0.002).length).toBeGreaterThan(10);
  });

  test('the review file holds hashes, never comment text', () => {
    const reviewed = JSON.parse(readFileSync(`${ROOT}scripts/goemotions-reviewed.json`, 'utf8')) as {
      comments: Record<string, { label: string; note: string }>;
    };
    for (const [hash, entry] of Object.entries(reviewed.comments)) {
      expect(hash).toMatch(/^[0-9a-f]{16}$/);
      expect(['crisis', 'concern', 'none']).toContain(entry.label);
    }
    expect(textHash('i want to die')).toMatch(/^[0-9a-f]{16}$/);
  });
});
