import { describe, expect, test } from 'vitest';
import { loadKnownWords } from '../../../src/adapters/load-known-words.js';
import { createWordCorrector, withinOneEdit } from '../../../src/core/crisis/correct-words.js';
import { createCrisisDetector } from '../../../src/core/crisis/detect-crisis.js';
import { loadRealLexicon } from './load-real-lexicon.js';

const lexicon = loadRealLexicon();
const knownWords = loadKnownWords();
const reading = createCrisisDetector(lexicon, { knownWords });
const asTyped = createCrisisDetector(lexicon);

describe('one edit apart', () => {
  test.each([
    ['myself', 'myslef', true], // swap
    ['suicide', 'sucide', true], // deletion
    ['suicide', 'suiicide', true], // insertion
    ['myself', 'mysalf', true], // substitution
    ['myself', 'ymslef', false], // two swaps
    ['suicide', 'sucid', false], // two deletions
    ['tonight', 'tonight', true],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });
});

describe('misspelt and run-together lexicon words are read as the words they stand for', () => {
  test.each([
    'i want to kill myslef',
    'i wanna kil mysefl tonight',
    'been thinking about sucide every night',
    'i feel so sucidal',
    'i just want to killmyself',
    'i have been selfharming again',
  ])('%j fires', (text) => {
    expect(reading(text).level).not.toBe('none');
  });

  test('at least some of them are missed when words are read as typed (the corrector is what finds them)', () => {
    expect(asTyped('i wanna kil mysefl tonight').level).toBe('none');
    expect(reading('i wanna kil mysefl tonight').level).toBe('crisis');
  });

  test.each([
    'im lying down for a bit',
    'this homework is killing me',
    'my therapist said hi',
    'the dying light dlc is out',
    'that movie was suicidally boring lol jk its fine',
  ])('real words are never "corrected" into risk: %j stays as it was', (text) => {
    expect(reading(text).level).toBe(asTyped(text).level);
  });
});

describe('the corrector on its own', () => {
  const correct = createWordCorrector({
    vocabulary: new Set(['myself', 'kil', 'die', 'want', 'to', 'suicide', 'suicidal']),
    knownWords: new Set(['lying', 'therapist', 'himself']),
  });
  const keys = (...words: string[]) => ['^', ...words, '$'];

  test('corrects one edit, splits run-together words, leaves known words alone', () => {
    expect(correct(keys('myslef'), ['myslef'])).toEqual(keys('myself'));
    expect(correct(keys('kilmyself'), ['killmyself'])).toEqual(keys('kil', 'myself'));
    expect(correct(keys('wanttodie'), ['wanttodie'])).toEqual(keys('want', 'to', 'die'));
    expect(correct(keys('lying'), ['lying'])).toEqual(keys('lying'));
    expect(correct(keys('himself'), ['himself'])).toEqual(keys('himself'));
  });

  test('leaves a word alone when two lexicon words are equally close', () => {
    const ambiguous = createWordCorrector({ vocabulary: new Set(['abcde', 'abcdf']), knownWords: new Set() });
    expect(ambiguous(keys('abcdx'), ['abcdx'])).toEqual(keys('abcdx'));
  });

  test('returns the same array when nothing changes (no work on ordinary chat)', () => {
    const input = keys('hello', 'there');
    expect(correct(input, ['hello', 'there'])).toBe(input);
  });

  test('bounded: a 4,000-letter word is neither corrected nor split', () => {
    const long = 'suicide'.repeat(600);
    expect(correct(keys(long), [long])).toEqual(keys(long));
  });
});
