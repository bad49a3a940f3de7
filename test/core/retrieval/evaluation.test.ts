import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCards } from '../../../src/adapters/load-cards.js';
import { createRetriever, isConfident } from '../../../src/core/retrieval/create-retriever.js';
import type { CardRetriever } from '../../../src/core/retrieval/create-retriever.js';
import type { Card } from '../../../src/core/types.js';
import { REAL_KNOWLEDGE_DIR } from '../knowledge/knowledge-dir.js';

interface EvaluationSet {
  questions: { q: string; cards: string[] }[];
  offTopic: string[];
}

const FIXTURE = new URL('../../fixtures/retrieval-questions.yaml', import.meta.url);
const MIN_RECALL_AT_3 = 0.9;
/** Share of on-topic questions that must clear the confidence floor (a few long, vague ones may not). */
const MIN_CONFIDENT_SHARE = 0.95;

let cards: Card[];
let retriever: CardRetriever;
let set: EvaluationSet;

beforeAll(async () => {
  const loaded = await loadCards(REAL_KNOWLEDGE_DIR);
  expect(loaded.problems, 'run `lantern knowledge check`').toEqual([]);
  cards = loaded.cards;
  retriever = createRetriever(cards);
  set = parse(await readFile(FIXTURE, 'utf8')) as EvaluationSet;
});

/** 1-based rank of the first hit from an expected card among the top 5, 0 when none. */
function rankOf(question: { q: string; cards: string[] }): number {
  return (
    retriever.search(question.q, { limit: 5 }).findIndex((hit) => question.cards.includes(hit.card.id)) + 1
  );
}

describe('retrieval on the real knowledge (test/fixtures/retrieval-questions.yaml)', () => {
  test('the evaluation set is large enough and names only cards that exist', () => {
    expect(set.questions.length).toBeGreaterThanOrEqual(85);
    expect(set.offTopic.length).toBeGreaterThanOrEqual(15);
    const ids = new Set(cards.map((card) => card.id));
    const unknown = set.questions.flatMap((question) => question.cards.filter((id) => !ids.has(id)));
    expect(unknown).toEqual([]);
  });

  test(`finds an answering card in the top 3 for at least ${MIN_RECALL_AT_3 * 100}% of questions`, () => {
    const ranks = set.questions.map(rankOf);
    const recallAt = (k: number) => ranks.filter((rank) => rank >= 1 && rank <= k).length / ranks.length;
    const mrr = ranks.reduce((total, rank) => total + (rank === 0 ? 0 : 1 / rank), 0) / ranks.length;
    console.log(
      `retrieval: ${ranks.length} questions, ${cards.length} cards: recall@1 ${recallAt(1).toFixed(3)}, ` +
        `recall@3 ${recallAt(3).toFixed(3)}, recall@5 ${recallAt(5).toFixed(3)}, MRR ${mrr.toFixed(3)}`,
    );
    const missed = set.questions.filter((_, index) => (ranks[index] ?? 0) === 0 || (ranks[index] ?? 0) > 3);
    expect(
      recallAt(3),
      `missed at 3: ${missed.map((question) => question.q).join(' | ')}`,
    ).toBeGreaterThanOrEqual(MIN_RECALL_AT_3);
  });

  test('is not confident about any off-topic question (recipes, football, coding)', () => {
    const confident = set.offTopic.filter((question) =>
      isConfident(retriever.search(question, { limit: 3 })),
    );
    expect(confident).toEqual([]);
  });

  test(`is confident about at least ${MIN_CONFIDENT_SHARE * 100}% of on-topic questions`, () => {
    const unsure = set.questions.filter(
      (question) => !isConfident(retriever.search(question.q, { limit: 3 })),
    );
    expect(
      1 - unsure.length / set.questions.length,
      unsure.map((question) => question.q).join(' | '),
    ).toBeGreaterThanOrEqual(MIN_CONFIDENT_SHARE);
  });
});
