import { describe, expect, test } from 'vitest';
import {
  createRetriever,
  isConfident,
  MIN_CONFIDENT_RELEVANCE,
} from '../../../src/core/retrieval/create-retriever.js';
import type { Card, SearchHit } from '../../../src/core/types.js';
import { SAMPLE_CARDS as CARDS } from './sample-cards.js';

const retriever = createRetriever(CARDS);
const topCard = (query: string) => retriever.search(query)[0]?.card.id;

describe('createRetriever: search', () => {
  test('indexes every passage of every card', () => {
    expect(retriever.passages).toHaveLength(14);
    expect(retriever.passages[0]?.id).toBe('ketamine-what-it-is#0');
  });

  test('returns the passage, its card and a score, best first', () => {
    const hits = retriever.search('esketamine side effects');
    expect(hits[0]?.passage.id).toBe('esketamine-spravato#1');
    expect(hits[0]?.card.title).toBe('Esketamine nasal spray');
    const scores = hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  test('stems words, so "treating" meets "treated" and "therapies" meets "therapy"', () => {
    expect(topCard('how is depression treated')).toBe('treatment-options');
    expect(topCard('THERAPIES that help')).toBe('treatment-options');
  });

  test('ignores case and accents', () => {
    expect(topCard('ÉSKETAMINE')).toBe('esketamine-spravato');
  });

  test('finds cards by alias, multi-word aliases included', () => {
    expect(topCard('special k')).toBe('ketamine-what-it-is');
    expect(topCard('is it true ket is a horse tranquilizer')).toBe('ketamine-what-it-is');
    expect(topCard('spravato')).toBe('esketamine-spravato');
    expect(topCard('depression is just being weak')).toBe('myth-weakness');
  });

  test('boosts the card whose alias the query contains above cards that only share its words', () => {
    // "antidepressants" is in the myth card's title but is an alias of treatment-options.
    expect(topCard('antidepressants')).toBe('treatment-options');
  });

  test('tolerates typos in longer words', () => {
    expect(topCard('spravto side efects')).toBe('esketamine-spravato');
    expect(topCard('ketamime')).toBe('ketamine-what-it-is');
    expect(topCard('deppression sleeep')).toBe('depression-sleep');
  });

  test('completes an unfinished last word', () => {
    expect(topCard('esketam')).toBe('esketamine-spravato');
  });

  test('keeps at most two passages of one card in the results by default', () => {
    const hits = retriever.search('sleep', { limit: 4 });
    const fromSleepCard = hits.filter((hit) => hit.card.id === 'depression-sleep');
    expect(fromSleepCard).toHaveLength(2);
    expect(hits.map((hit) => hit.card.id)).toContain('support-a-friend');
  });

  test('allows more passages of one card when asked', () => {
    const hits = retriever.search('sleep', { limit: 4, maxPerCard: Infinity });
    expect(hits.map((hit) => hit.card.id)).toEqual(Array(4).fill('depression-sleep'));
    const strict = createRetriever(CARDS, { maxPerCard: 1 }).search('sleep', { limit: 4 });
    expect(strict.filter((hit) => hit.card.id === 'depression-sleep')).toHaveLength(1);
  });

  test('respects the limit, 5 by default', () => {
    expect(retriever.search('depression')).toHaveLength(5);
    expect(retriever.search('depression', { limit: 2 })).toHaveLength(2);
    expect(retriever.search('depression', { limit: 0 })).toEqual([]);
  });

  test('returns nothing for an empty query, a query of stop words or unknown words', () => {
    expect(retriever.search('')).toEqual([]);
    expect(retriever.search('what is it that you are')).toEqual([]);
    expect(retriever.search('quarterback touchdown')).toEqual([]);
  });

  test('scores a passage matching every word above one matching some, whatever the query length', () => {
    const [full] = retriever.search('esketamine nasal spray');
    const [partial] = retriever.search('esketamine nasal spray lasagna football');
    expect(full?.card.id).toBe('esketamine-spravato');
    expect(partial?.card.id).toBe('esketamine-spravato');
    expect(full?.matchedTermCount).toBe(3);
    expect(partial?.queryTermCount).toBe(5);
    expect(partial?.score ?? Infinity).toBeLessThan(full?.score ?? 0);
  });
});

describe('createRetriever: questions lines', () => {
  test("a section's questions find it when the member's words are in no heading or text", () => {
    const card = (questions: string): Card => ({
      ...(CARDS[0] as Card),
      id: 'visit',
      aliases: [],
      body: `Opening about the visit.\n\n## After the session\n${questions}\nSomeone else takes you home afterwards.`,
    });
    const question = 'can i drive myself';
    const plain = createRetriever([...CARDS, card('')]);
    const asked = createRetriever([...CARDS, card('<!-- questions: can i drive myself home -->')]);
    expect(plain.search(question)[0]?.passage.id).not.toBe('visit#1');
    expect(asked.search(question)[0]?.passage.id).toBe('visit#1');
  });
});

describe('isConfident', () => {
  const hit = (score: number): SearchHit => ({
    score,
    card: CARDS[0] as Card,
    passage: { id: 'x#0', cardId: 'x', heading: '', text: '', sourceIds: [], questions: [] },
  });

  test('trusts the best hit when it reaches the relevance floor', () => {
    expect(isConfident([hit(MIN_CONFIDENT_RELEVANCE), hit(0.1)])).toBe(true);
  });

  test('does not trust a best hit below the floor, or no hits at all', () => {
    expect(isConfident([hit(MIN_CONFIDENT_RELEVANCE - 0.01)])).toBe(false);
    expect(isConfident([])).toBe(false);
  });

  test('takes another floor when given one', () => {
    expect(isConfident([hit(0.5)], 0.4)).toBe(true);
  });
});

describe('createRetriever: suggestCards', () => {
  const ids = (cards: Card[]) => cards.map((card) => card.id);

  test('completes titles and aliases from a prefix', () => {
    expect(ids(retriever.suggestCards('esk', 5))).toEqual(['esketamine-spravato']);
    expect(ids(retriever.suggestCards('spec', 5))).toEqual(['ketamine-what-it-is']);
    expect(ids(retriever.suggestCards('horse tranq', 5))).toEqual(['ketamine-what-it-is']);
  });

  test('tolerates a typo', () => {
    expect(ids(retriever.suggestCards('spravto', 5))).toEqual(['esketamine-spravato']);
  });

  test('finds a card by its id', () => {
    expect(ids(retriever.suggestCards('myth-weakness', 5))[0]).toBe('myth-weakness');
  });

  test('respects the limit', () => {
    expect(retriever.suggestCards('depression', 2)).toHaveLength(2);
    expect(retriever.suggestCards('depression', 0)).toEqual([]);
  });

  test('filters by kind', () => {
    expect(ids(retriever.suggestCards('depression', 10, 'myth'))).toEqual(['myth-weakness']);
    expect(ids(retriever.suggestCards('', 10, 'myth'))).toEqual([
      'myth-antidepressants-change-you',
      'myth-weakness',
    ]);
  });

  test('offers the first cards alphabetically for an empty query', () => {
    expect(ids(retriever.suggestCards('  ', 3))).toEqual([
      'myth-antidepressants-change-you',
      'depression-sleep',
      'myth-weakness',
    ]);
  });

  test('returns nothing when nothing matches', () => {
    expect(retriever.suggestCards('football', 5)).toEqual([]);
  });
});

describe('bounded work on hostile questions', () => {
  test('a 4,000-letter word, a flood of words and emoji-only text search without throwing', async () => {
    const { loadKnowledge } = await import('../../../src/adapters/load-knowledge.js');
    const { createRetriever: build } = await import('../../../src/core/retrieval/create-retriever.js');
    const retriever = build((await loadKnowledge('knowledge')).cards);
    for (const question of [
      'a'.repeat(4_000),
      'depresion '.repeat(600),
      '😭'.repeat(2_000),
      'ᴅᴇᴘʀᴇssɪᴏɴ'.repeat(300),
    ]) {
      expect(() => retriever.search(question, { limit: 3 })).not.toThrow();
    }
    expect(retriever.search('depresion symptms', { limit: 3 }).length).toBeGreaterThan(0);
  });
});
