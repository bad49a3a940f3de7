import MiniSearch from 'minisearch';
import { splitPassages } from '../knowledge/split-passages.js';
import type { Card, CardKind, Passage, Retriever, SearchHit, SearchOptions } from '../types.js';
import { foldText, processTerm, STOP_WORDS, tokenize, toTerms } from './process-term.js';

/** Field boosts: a match in what the card is called outweighs one in its prose. */
export const FIELD_BOOSTS = { title: 3, aliases: 3, heading: 2, tags: 1.5, text: 1 } as const;
/** Score factor for passages of a card whose alias (e.g. "special k", "horse tranquilizer") the query contains. */
export const ALIAS_BOOST = 2;
/** Typos: one edit per five characters, only for words of five or more, at most two edits. */
export const FUZZY = { fraction: 0.2, minLength: 5, maxEdits: 2 } as const;
/** The last word may be unfinished ("esketam"); shorter stems expand to too much of the index. */
export const PREFIX_MIN_LENGTH = 3;
/** By default the top results hold at most this many passages of one card, so other cards get a say. */
export const DEFAULT_MAX_PER_CARD = 2;
export const DEFAULT_LIMIT = 5;

/**
 * Below this relevance the best hit is a guess, and the answer pipeline says it has no card on that instead.
 * Calibrated on test/fixtures/retrieval-questions.yaml (every on-topic question scores above it) and its off-topic
 * questions (recipes, football, coding: all below). See test/core/retrieval/evaluation.test.ts.
 */
export const MIN_CONFIDENT_RELEVANCE = 1.5;

export interface RetrieverOptions {
  /** Default for `maxPerCard` in `search` (default 2). */
  maxPerCard?: number;
}

export interface RetrieverSearchOptions extends SearchOptions {
  /** Passages of one card allowed in the results (default 2); `Infinity` to allow all. */
  maxPerCard?: number;
}

/** A hit with what its relevance is made of. */
export interface RankedHit extends SearchHit {
  /**
   * Relevance comparable across queries: the BM25 score per query word, scaled by the share of query words the
   * passage matches. This is what `isConfident` compares with `MIN_CONFIDENT_RELEVANCE`.
   */
  score: number;
  /** MiniSearch's BM25 score, which grows with the length of the query. */
  rawScore: number;
  /** Query words (after stemming) the passage matched, of `queryTermCount`. */
  matchedTermCount: number;
  queryTermCount: number;
}

export interface CardRetriever extends Retriever {
  search(query: string, options?: RetrieverSearchOptions): RankedHit[];
  suggestCards(query: string, limit: number, kind?: CardKind): Card[];
  /** Every indexed passage, in card order. */
  readonly passages: readonly Passage[];
}

interface PassageDocument {
  id: number;
  title: string;
  heading: string;
  aliases: string;
  tags: string;
  text: string;
}

interface CardDocument {
  id: number;
  name: string;
  title: string;
  aliases: string;
}

/**
 * Builds a BM25 index (MiniSearch) over the cards' passages, plus a small one over titles and aliases for
 * autocomplete. Cards are indexed once; searching does not mutate anything, so one retriever serves every request.
 */
export function createRetriever(cards: readonly Card[], options: RetrieverOptions = {}): CardRetriever {
  const defaultMaxPerCard = options.maxPerCard ?? DEFAULT_MAX_PER_CARD;
  const passages: Passage[] = [];
  const passageCards: Card[] = [];
  for (const card of cards) {
    for (const passage of splitPassages(card)) {
      passages.push(passage);
      passageCards.push(card);
    }
  }

  const index = new MiniSearch<PassageDocument>({
    fields: ['title', 'heading', 'aliases', 'tags', 'text'],
    tokenize,
    processTerm,
  });
  index.addAll(
    passages.map((passage, id) => {
      const card = passageCards[id] as Card;
      return {
        id,
        title: card.title,
        heading: passage.heading,
        aliases: card.aliases.join(' | '),
        tags: card.tags.join(' '),
        text: passage.text,
      };
    }),
  );

  const aliasIndex = buildAliasIndex(cards);
  const suggestions = buildSuggestionIndex(cards);

  function search(query: string, searchOptions: RetrieverSearchOptions = {}): RankedHit[] {
    const limit = Math.max(0, Math.floor(searchOptions.limit ?? DEFAULT_LIMIT));
    const maxPerCard = searchOptions.maxPerCard ?? defaultMaxPerCard;
    const terms = toTerms(query);
    if (limit === 0 || terms.length === 0) return [];

    const aliasCards = findAliasCards(aliasIndex, terms);
    const lastIndex = terms.length - 1;
    const results = index.search(terms.join(' '), {
      tokenize: splitOnSpace,
      processTerm: keepTerm,
      boost: FIELD_BOOSTS,
      fuzzy: (term) => (term.length >= FUZZY.minLength ? FUZZY.fraction : false),
      maxFuzzy: FUZZY.maxEdits,
      prefix: (term, position) => position === lastIndex && term.length >= PREFIX_MIN_LENGTH,
      ...(aliasCards.size === 0
        ? {}
        : { boostDocument: (id: number) => (aliasCards.has(passageCards[id]?.id ?? '') ? ALIAS_BOOST : 1) }),
    });

    const queryTermCount = new Set(terms).size;
    const hits: RankedHit[] = [];
    const perCard = new Map<string, number>();
    for (const result of results) {
      const id = result.id as number;
      const card = passageCards[id];
      const passage = passages[id];
      if (card === undefined || passage === undefined) continue;
      const used = perCard.get(card.id) ?? 0;
      if (used >= maxPerCard) continue;
      perCard.set(card.id, used + 1);
      const matchedTermCount = Math.min(queryTermCount, result.queryTerms.length);
      hits.push({
        card,
        passage,
        score: relevanceOf(result.score, matchedTermCount, queryTermCount),
        rawScore: result.score,
        matchedTermCount,
        queryTermCount,
      });
      if (hits.length === limit) break;
    }
    return hits;
  }

  function suggestCards(query: string, limit: number, kind?: CardKind): Card[] {
    const count = Math.max(0, Math.floor(limit));
    if (count === 0) return [];
    const ofKind = (card: Card | undefined): card is Card =>
      card !== undefined && (!kind || card.kind === kind);
    const words = tokenize(foldText(query)).filter((word) => !STOP_WORDS.has(word));
    if (words.length === 0) {
      return cards
        .filter(ofKind)
        .sort((a, b) => a.title.localeCompare(b.title, 'en'))
        .slice(0, count);
    }
    const searchWith = (combineWith: 'AND' | 'OR') =>
      suggestions.search(words.join(' '), {
        combineWith,
        prefix: true,
        fuzzy: (term) => (term.length >= 4 ? FUZZY.fraction : false),
        maxFuzzy: 1,
        boost: { title: 2, aliases: 2, name: 1 },
      });
    const strict = searchWith('AND');
    const results = strict.length > 0 ? strict : searchWith('OR');
    const found: Card[] = [];
    for (const result of results) {
      const card = cards[result.id as number];
      if (ofKind(card)) found.push(card);
      if (found.length === count) break;
    }
    return found;
  }

  return { search, suggestCards, passages };
}

/**
 * Whether the best hit is good enough to answer from. Below the floor the honest reply is "I don't have a card on
 * that" rather than the nearest, unrelated card.
 */
export function isConfident(hits: readonly SearchHit[], minRelevance = MIN_CONFIDENT_RELEVANCE): boolean {
  const best = hits[0];
  return best !== undefined && best.score >= minRelevance;
}

/**
 * MiniSearch sums the per-word scores and multiplies by the number of matched words, so its score grows with the
 * square of the query length. Dividing by that makes scores comparable across short and long questions, and leaves
 * a passage matching half the words with a quarter of the relevance.
 */
function relevanceOf(rawScore: number, matched: number, total: number): number {
  if (total === 0 || matched === 0) return 0;
  return rawScore / (total * total);
}

interface AliasEntry {
  cardId: string;
  terms: string[];
}

/** Alias terms → the aliases that contain them, so that matching a query costs one lookup per query word. */
function buildAliasIndex(cards: readonly Card[]): Map<string, AliasEntry[]> {
  const byTerm = new Map<string, AliasEntry[]>();
  for (const card of cards) {
    for (const alias of card.aliases) {
      const terms = [...new Set(toTerms(alias))];
      const first = terms[0];
      if (first === undefined) continue;
      const entry = { cardId: card.id, terms };
      const list = byTerm.get(first);
      if (list) list.push(entry);
      else byTerm.set(first, [entry]);
    }
  }
  return byTerm;
}

/** Cards with an alias all of whose words occur in the query ("is ket a horse tranquilizer" → the ketamine card). */
function findAliasCards(byTerm: Map<string, AliasEntry[]>, terms: readonly string[]): Set<string> {
  const found = new Set<string>();
  const present = new Set(terms);
  for (const term of present) {
    for (const entry of byTerm.get(term) ?? []) {
      if (entry.terms.every((aliasTerm) => present.has(aliasTerm))) found.add(entry.cardId);
    }
  }
  return found;
}

function buildSuggestionIndex(cards: readonly Card[]): MiniSearch<CardDocument> {
  const suggestions = new MiniSearch<CardDocument>({
    fields: ['title', 'aliases', 'name'],
    tokenize,
    processTerm: (token) => {
      const folded = foldText(token);
      return folded === '' || STOP_WORDS.has(folded) ? null : folded;
    },
  });
  suggestions.addAll(
    cards.map((card, id) => ({ id, name: card.id, title: card.title, aliases: card.aliases.join(' | ') })),
  );
  return suggestions;
}

function splitOnSpace(text: string): string[] {
  return text.split(' ');
}

function keepTerm(term: string): string {
  return term;
}
