import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createCrisisDetector } from '../../../src/core/crisis/detect-crisis.js';
import type { CrisisLevel, CrisisResult } from '../../../src/core/types.js';
import { loadRealLexicon } from './load-real-lexicon.js';

interface Labelled {
  text: string;
  label: CrisisLevel;
  subject: 'self' | 'other' | 'unknown';
  category: string;
  note?: string;
  /** Why a label in a blind set was changed after review. */
  relabel?: string;
}

interface Scored {
  message: Labelled;
  result: CrisisResult;
}

const MIN_CRISIS_RECALL = 0.95;
const MAX_FALSE_POSITIVE_RATE = 0.03;

const detect = createCrisisDetector(loadRealLexicon());

function score(fixture: string): Scored[] {
  return readFileSync(new URL(`../../fixtures/${fixture}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Labelled)
    .map((message) => ({ message, result: detect(message.text) }));
}

function rate(hits: number, total: number): string {
  return total === 0 ? 'n/a' : (hits / total).toFixed(3);
}

function categoryRows(scored: readonly Scored[]): string[] {
  const categories = [...new Set(scored.map(({ message }) => message.category))];
  return categories.map((category) => {
    const inCategory = scored.filter(({ message }) => message.category === category);
    const hits = inCategory.filter(({ result }) => result.level !== 'none').length;
    return `| ${category.padEnd(14)} | ${String(inCategory.length).padStart(3)} | ${rate(hits, inCategory.length)} |`;
  });
}

/** Prints per-category recall and returns crisis recall. */
function reportRecall(positives: readonly Scored[]): number {
  const crisis = positives.filter(({ message }) => message.label === 'crisis');
  const found = crisis.filter(({ result }) => result.level !== 'none');
  const concern = positives.filter(({ message }) => message.label === 'concern');
  const concernFound = concern.filter(({ result }) => result.level !== 'none');
  const exactLevel = positives.filter(({ message, result }) => message.label === result.level);
  const detected = positives.filter(({ result }) => result.level !== 'none');
  const subjectRight = detected.filter(({ message, result }) => message.subject === result.subject);
  console.log(
    [
      '',
      '| category       |   n | recall |',
      '| ---            | --- | ---    |',
      ...categoryRows(positives),
      '',
      `crisis recall ${rate(found.length, crisis.length)} (${found.length}/${crisis.length}); ` +
        `concern recall ${rate(concernFound.length, concern.length)} (${concernFound.length}/${concern.length}); ` +
        `exact level ${rate(exactLevel.length, positives.length)}; ` +
        `subject right ${rate(subjectRight.length, detected.length)}`,
    ].join('\n'),
  );
  return found.length / crisis.length;
}

/** Prints per-trap false-positive rates and returns the overall rate. */
function reportFalsePositives(negatives: readonly Scored[]): number {
  const alarms = negatives.filter(({ result }) => result.level !== 'none');
  console.log(
    [
      '',
      '| trap           |   n | false-positive rate |',
      '| ---            | --- | ---                 |',
      ...categoryRows(negatives),
      '',
      `false-positive rate ${rate(alarms.length, negatives.length)} (${alarms.length}/${negatives.length})`,
    ].join('\n'),
  );
  return alarms.length / negatives.length;
}

describe('crisis detector evaluation (test/fixtures/crisis-messages.jsonl)', () => {
  const results = score('crisis-messages.jsonl');
  const positives = results.filter(({ message }) => message.label !== 'none');
  const negatives = results.filter(({ message }) => message.label === 'none');

  test('the evaluation set is large enough and covers every trap', () => {
    expect(results.length).toBeGreaterThanOrEqual(320);
    expect(positives.length).toBeGreaterThanOrEqual(170);
    expect(negatives.length).toBeGreaterThanOrEqual(150);
    const negativeCategories = new Set(negatives.map(({ message }) => message.category));
    for (const trap of ['hyperbole', 'fandom', 'flippant', 'names', 'lyrics', 'movie', 'academic', 'news']) {
      expect(negativeCategories).toContain(trap);
    }
    for (const trap of ['gaming', 'tech', 'negation', 'recovery', 'off_topic'])
      expect(negativeCategories).toContain(trap);
  });

  test(`recall on crisis-level messages is at least ${MIN_CRISIS_RECALL}`, () => {
    expect(reportRecall(positives)).toBeGreaterThanOrEqual(MIN_CRISIS_RECALL);
  });

  test(`false-positive rate on negatives is at most ${MAX_FALSE_POSITIVE_RATE}`, () => {
    expect(reportFalsePositives(negatives)).toBeLessThanOrEqual(MAX_FALSE_POSITIVE_RATE);
  });
});

/**
 * Two sets by a second author, written independently of the lexicon and then used to find the phrase families it
 * lacked (the second held the phrase layer to a crisis recall of 0.574, which is why the concept layer exists). They
 * are dev sets (used for tuning), so passing them shows coverage, not generalisation. The blind sets are measured by
 * `npm run eval -- crisis`, which asserts nothing (test/core/responder/detection-by-author.test.ts holds the in-sample
 * sets to their floors).
 */
describe.each(['crisis-author-b1.jsonl', 'crisis-author-b2.jsonl'])(
  'crisis detector evaluation, dev set (used for tuning): test/fixtures/%s',
  (fixture) => {
    const results = score(fixture);
    const positives = results.filter(({ message }) => message.label !== 'none');
    const negatives = results.filter(({ message }) => message.label === 'none');

    test('the dev set has crisis, concern and trap messages', () => {
      expect(results.length).toBeGreaterThanOrEqual(150);
      expect(positives.some(({ message }) => message.label === 'crisis')).toBe(true);
      expect(positives.some(({ message }) => message.label === 'concern')).toBe(true);
      expect(negatives.length).toBeGreaterThanOrEqual(60);
    });

    test(`dev set (used for tuning): recall on crisis-level messages is at least ${MIN_CRISIS_RECALL}`, () => {
      expect(reportRecall(positives)).toBeGreaterThanOrEqual(MIN_CRISIS_RECALL);
    });

    test(`dev set (used for tuning): false-positive rate is at most ${MAX_FALSE_POSITIVE_RATE}`, () => {
      expect(reportFalsePositives(negatives)).toBeLessThanOrEqual(MAX_FALSE_POSITIVE_RATE);
    });
  },
);
