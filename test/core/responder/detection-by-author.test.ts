/**
 * What the crisis responder (rules + risk model, public replies only) keeps on the sets it learned from, author by
 * author, so that a change to the lexicon or the model cannot quietly lose what they taught. These figures are
 * in-sample: the honest ones come from `npm run eval -- crisis` (the blind sets and real everyday text), which
 * asserts nothing, because a blind set with a floor in CI turns into a tuning set.
 *
 * Sets A and B (crisis-messages, crisis-author-b1/b2) are held to rules-only recall ≥ 0.95 and false positives
 * ≤ 0.03 in test/core/crisis/evaluation.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadLexicon } from '../../../src/adapters/load-lexicon.js';
import { loadRiskModel } from '../../../src/adapters/load-risk-model.js';
import { loadKnownWords } from '../../../src/adapters/load-known-words.js';
import { createShippedCrisisReader } from '../../../src/core/responder/read-crisis.js';
import type { CrisisLevel } from '../../../src/core/types.js';

interface Labelled {
  text: string;
  label: CrisisLevel;
  category: string;
}

const dir = path.resolve('knowledge');
const [lexicon, model] = await Promise.all([loadLexicon(dir), loadRiskModel(dir)]);
// The reader as the bot builds it (quiet cues included).
const { read: readCrisis } = createShippedCrisisReader({ lexicon, model, knownWords: loadKnownWords() });
/** A public reply, as members see it (quiet readings get none). */
const responder = (text: string) => {
  const reading = readCrisis(text);
  return { level: reading.reply === 'public' ? reading.result.level : ('none' as const) };
};

interface AuthorSet {
  file: string;
  floors: { crisisRecall: number; concernRecall: number; maxFalsePositiveRate: number };
}

/** Floors a little below the in-sample figures of the shipped lexicon and model (npm run eval -- crisis). */
const SETS: readonly AuthorSet[] = (
  ['c', 'd', 'e', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 'u', 'v'] as const
).map((author) => ({
  file: `test/fixtures/crisis-author-${author}.jsonl`,
  floors: { crisisRecall: 0.65, concernRecall: 0.6, maxFalsePositiveRate: 0.12 },
}));

const BLIND_SETS = readdirSync(path.resolve('test/fixtures'))
  .filter((file) => file.startsWith('crisis-blind-'))
  .map((file) => `test/fixtures/${file}`);

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

describe.each(SETS)('crisis detection on a set it learned from: $file', ({ file, floors }) => {
  const messages = read(file);
  const withModel = score(messages, responder);

  test('the responder (rules + risk model) stays at or above the in-sample floor', () => {
    expect(messages.length).toBeGreaterThanOrEqual(200);
    expect(withModel.crisisRecall).toBeGreaterThanOrEqual(floors.crisisRecall);
    expect(withModel.concernRecall).toBeGreaterThanOrEqual(floors.concernRecall);
    expect(withModel.falsePositiveRate).toBeLessThanOrEqual(floors.maxFalsePositiveRate);
  });

  test('is among the risk model’s training files', () => {
    expect(model.trainedOn).toContain(file);
  });
});

describe('blind sets', () => {
  test.each(BLIND_SETS)('%s is never among the risk model’s training files', (file) => {
    expect(model.trainedOn).not.toContain(file);
  });
});
