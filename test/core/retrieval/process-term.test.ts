import { describe, expect, test } from 'vitest';
import { processTerm, tokenize, toTerms } from '../../../src/core/retrieval/process-term.js';

describe('processTerm', () => {
  test.each([
    ['Treatments', 'treatment'],
    ['treating', 'treat'],
    ['depressed', 'depress'],
    ['Depression', 'depress'],
    ['ÉSKETAMINE', 'esketamin'],
  ])('turns %s into %s', (token, term) => {
    expect(processTerm(token)).toBe(term);
  });

  test('drops stop words', () => {
    expect(['the', 'What', 'is', 'my'].map(processTerm)).toEqual([null, null, null, null]);
  });

  test('keeps words that matter in myths', () => {
    expect(['not', 'just', 'weak'].map(processTerm)).toEqual(['not', 'just', 'weak']);
  });
});

describe('tokenize and toTerms', () => {
  test('splits on punctuation but keeps contractions whole', () => {
    expect(tokenize("don't stop—Spravato's side-effects?")).toEqual([
      'dont',
      'stop',
      'Spravatos',
      'side',
      'effects',
    ]);
  });

  test('gives the index terms of a sentence', () => {
    expect(toTerms('Is ketamine a horse tranquilizer?')).toEqual(['ketamin', 'hors', 'tranquil']);
  });
});
