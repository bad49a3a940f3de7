import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createCrisisDetector } from '../../../src/core/crisis/detect-crisis.js';
import type { CrisisLevel } from '../../../src/core/types.js';
import { loadRealLexicon } from './load-real-lexicon.js';

interface Labelled {
  text: string;
  label: CrisisLevel;
  subject: 'self' | 'other' | 'unknown';
  category: string;
  note?: string;
}

const FIXTURE = new URL('../../fixtures/crisis-messages.jsonl', import.meta.url);
const messages: Labelled[] = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Labelled);
const detect = createCrisisDetector(loadRealLexicon());
const results = messages.map((message) => ({ message, result: detect(message.text) }));

const MIN_CRISIS_RECALL = 0.95;
const MAX_FALSE_POSITIVE_RATE = 0.03;

function rate(hits: number, total: number): string {
  return total === 0 ? 'n/a' : (hits / total).toFixed(3);
}

describe('crisis detector evaluation (test/fixtures/crisis-messages.jsonl)', () => {
  const positives = results.filter(({ message }) => message.label !== 'none');
  const negatives = results.filter(({ message }) => message.label === 'none');

  test('the evaluation set is large enough and covers every trap', () => {
    expect(messages.length).toBeGreaterThanOrEqual(320);
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
    const crisis = positives.filter(({ message }) => message.label === 'crisis');
    const found = crisis.filter(({ result }) => result.level !== 'none');
    const concern = positives.filter(({ message }) => message.label === 'concern');
    const concernFound = concern.filter(({ result }) => result.level !== 'none');
    const exactLevel = positives.filter(({ message, result }) => message.label === result.level);
    const subjectRight = found.filter(({ message, result }) => message.subject === result.subject);

    const categories = [...new Set(positives.map(({ message }) => message.category))];
    const rows = categories.map((category) => {
      const inCategory = positives.filter(({ message }) => message.category === category);
      const hits = inCategory.filter(({ result }) => result.level !== 'none').length;
      return `| ${category.padEnd(13)} | ${String(inCategory.length).padStart(3)} | ${rate(hits, inCategory.length)} |`;
    });
    console.log(
      [
        '',
        '| category      |   n | recall |',
        '| ---           | --- | ---    |',
        ...rows,
        '',
        `crisis recall ${rate(found.length, crisis.length)} (${found.length}/${crisis.length}); ` +
          `concern recall ${rate(concernFound.length, concern.length)} (${concernFound.length}/${concern.length}); ` +
          `exact level ${rate(exactLevel.length, positives.length)}; ` +
          `subject right ${rate(subjectRight.length, found.length)}`,
      ].join('\n'),
    );
    expect(found.length / crisis.length).toBeGreaterThanOrEqual(MIN_CRISIS_RECALL);
  });

  test(`false-positive rate on negatives is at most ${MAX_FALSE_POSITIVE_RATE}`, () => {
    const alarms = negatives.filter(({ result }) => result.level !== 'none');
    const categories = [...new Set(negatives.map(({ message }) => message.category))];
    const rows = categories.map((category) => {
      const inCategory = negatives.filter(({ message }) => message.category === category);
      const hits = inCategory.filter(({ result }) => result.level !== 'none').length;
      return `| ${category.padEnd(13)} | ${String(inCategory.length).padStart(3)} | ${rate(hits, inCategory.length)} |`;
    });
    console.log(
      [
        '',
        '| trap          |   n | false-positive rate |',
        '| ---           | --- | ---                 |',
        ...rows,
        '',
        `false-positive rate ${rate(alarms.length, negatives.length)} (${alarms.length}/${negatives.length})`,
      ].join('\n'),
    );
    expect(alarms.length / negatives.length).toBeLessThanOrEqual(MAX_FALSE_POSITIVE_RATE);
  });
});
