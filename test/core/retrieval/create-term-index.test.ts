import { describe, expect, test } from 'vitest';
import { COMMON_TERM_MIN_DOCS, createTermIndex } from '../../../src/core/retrieval/create-term-index.js';
import type { QueryTerm } from '../../../src/core/retrieval/create-term-index.js';

const exact = (term: string): QueryTerm => ({ term, prefix: false, maxEdits: 0, anchorOnTypo: false });
const FIELDS = {
  fields: ['title', 'text'] as const,
  boosts: { title: 3, text: 1 },
  anchorFields: ['title'] as const,
};

describe('createTermIndex', () => {
  const index = createTermIndex(
    [
      { title: ['ketamin'], text: ['anaesthet', 'medicin'] },
      { title: ['sleep'], text: ['ketamin', 'sleep', 'sleep'] },
      { title: ['therapi'], text: ['talk', 'therapi', 'help'] },
    ],
    FIELDS,
  );

  test('ranks by BM25 with field boosts, times the number of query words matched', () => {
    const { matches } = index.search([exact('ketamin')], { limit: 5, combine: 'or' });
    expect(matches.map((match) => [match.doc, match.anchored])).toEqual([
      [0, true],
      [1, false],
    ]);
    const both = index.search([exact('ketamin'), exact('sleep')], { limit: 5, combine: 'or' }).matches;
    expect(both[0]).toMatchObject({ doc: 1, matched: 2 });
  });

  test('combines with AND, boosts and filters when asked', () => {
    expect(
      index
        .search([exact('ketamin'), exact('sleep')], { limit: 5, combine: 'and' })
        .matches.map((m) => m.doc),
    ).toEqual([1]);
    const boosted = index.search([exact('ketamin')], { limit: 5, combine: 'or', boosts: new Map([[1, 10]]) });
    expect(boosted.matches[0]?.doc).toBe(1);
    const filtered = index.search([exact('ketamin')], {
      limit: 5,
      combine: 'or',
      filter: (doc) => doc !== 0,
    });
    expect(filtered.matches.map((m) => m.doc)).toEqual([1]);
  });

  test('expands an unfinished word and a typo', () => {
    const prefix = index.search([{ term: 'anaes', prefix: true, maxEdits: 0, anchorOnTypo: false }], {
      limit: 5,
      combine: 'or',
    });
    expect(prefix.matches.map((m) => m.doc)).toEqual([0]);
    const typo = index.search([{ term: 'therapo', prefix: false, maxEdits: 1, anchorOnTypo: false }], {
      limit: 5,
      combine: 'or',
    });
    expect(typo.matches.map((m) => [m.doc, m.anchored])).toEqual([[2, false]]);
  });

  test('keeps the best `limit` documents', () => {
    expect(
      index.search([exact('ketamin'), exact('therapi')], { limit: 1, combine: 'or' }).matches,
    ).toHaveLength(1);
  });

  test('in a large index, leaves out a word found almost everywhere when the question has rarer words', () => {
    const size = COMMON_TERM_MIN_DOCS * 2;
    const large = createTermIndex(
      Array.from({ length: size }, (_, doc) => ({
        title: [],
        text: doc === 7 ? ['depress', 'genet'] : ['depress'],
      })),
      FIELDS,
    );
    const result = large.search([exact('depress'), exact('genet')], { limit: 3, combine: 'or' });
    expect(result.scoredTerms).toBe(1);
    expect(result.matches.map((match) => match.doc)).toEqual([7]);
    expect(large.search([exact('depress')], { limit: 3, combine: 'or' }).matches).toHaveLength(3);
  });
});
