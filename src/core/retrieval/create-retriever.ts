import SearchableMap from 'minisearch/SearchableMap';
import { splitPassages } from '../knowledge/split-passages.js';
import type { Card, CardKind, Passage, Retriever, SearchHit, SearchOptions } from '../types.js';
import { createTermIndex } from './create-term-index.js';
import type { QueryTerm } from './create-term-index.js';
import { foldText, processTerm, STOP_WORDS, tokenize, toTerms } from './process-term.js';

/**
 * Field boosts: a match in what the card is called outweighs one in its prose; a passage's `questions` (members'
 * words for what it answers) count as much as its heading.
 */
export const FIELD_BOOSTS = {
  title: 3,
  aliases: 3,
  heading: 2,
  questions: 2,
  tags: 1.5,
  text: 1,
} as const;
/** Score factor for passages of a card whose alias phrase ("special k", "horse tranquilizer") the query contains. */
export const ALIAS_BOOST = 2;
/** Typos: one edit per five characters, only for words of five or more, at most two edits. */
/** Query words longer than this are dropped (the longest word in the cards is far shorter). */
export const MAX_QUERY_TERM_LENGTH = 40;
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
export const MIN_CONFIDENT_RELEVANCE = 4.5; // 2.75 before passages' `questions` were searched
/**
 * Relevance is divided by the question's word count squared up to this many words, and only linearly beyond: a
 * member's long question ("my psychiatrist brought up esketamine… is it approved or still experimental?") is mostly
 * context, and the square made every question of more than about ten words fall under the floor ("no card"). Off-topic
 * questions are kept out by the scope check before retrieval, not by this. On the /ask dev sets, with the floor
 * unchanged, dev-b went from 0.413 to 0.500 answers-the-question (`npm run eval -- ask`).
 */
export const LONG_QUESTION_TERMS = 6;
/** Relevance factor for a hit that matched only in prose (see `RankedHit.anchored`). */
export const UNANCHORED_FACTOR = 0.35;
/** A typo'd query word this long that matched a card's title, aliases or tags still anchors the hit. */
const ANCHOR_TYPO_MIN_LENGTH = 7;
/** How many of the best candidates are looked at to decide whether a question is anchored. */
const ANCHOR_WINDOW = 10;

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
   * Relevance comparable across questions, what `isConfident` compares with `MIN_CONFIDENT_RELEVANCE`. BM25 (as in
   * MiniSearch) sums the per-word scores and multiplies by the number of words matched, so its score grows with the square
   * of the question's length; dividing by that square (linear beyond `LONG_QUESTION_TERMS` words) makes short and long
   * questions comparable. Unanchored questions are scaled down further.
   */
  score: number;
  /** The BM25 score, which grows with the length of the query. */
  rawScore: number;
  /** Query words (after stemming) the passage matched, of `queryTermCount`. */
  matchedTermCount: number;
  queryTermCount: number;
  /**
   * Whether a query word (exactly, as the unfinished last word, or a long word with a typo) matched the title,
   * aliases or tags of one of the best candidates. Off-topic questions ("best lasagna recipe") only ever match some
   * card's prose, and their relevance is scaled down by `UNANCHORED_FACTOR`.
   */
  anchored: boolean;
}

export interface CardRetriever extends Retriever {
  search(query: string, options?: RetrieverSearchOptions): RankedHit[];
  suggestCards(query: string, limit: number, kind?: CardKind): Card[];
  /** Every indexed passage, in card order. */
  readonly passages: readonly Passage[];
}

const PASSAGE_FIELDS = ['title', 'heading', 'questions', 'aliases', 'tags', 'text'] as const;
const CARD_FIELDS = ['title', 'aliases', 'tags'] as const;
const SUGGEST_FIELDS = ['title', 'aliases', 'name'] as const;
const SUGGEST_BOOSTS = { title: 2, aliases: 2, name: 1 } as const;

/**
 * Builds a BM25 index over the cards' passages (fields title, heading, aliases, tags and text, boosted by
 * `FIELD_BOOSTS`), plus a small one over titles and aliases for autocomplete. Cards are indexed once; one retriever
 * serves every request.
 */
export function createRetriever(cards: readonly Card[], options: RetrieverOptions = {}): CardRetriever {
  const defaultMaxPerCard = options.maxPerCard ?? DEFAULT_MAX_PER_CARD;
  const toIndexTerms = createTermProcessor();
  const passages: Passage[] = [];
  const passageCards: Card[] = [];
  const cardTerms = new Map<string, { title: string[]; aliases: string[]; tags: string[] }>();
  let mostPassages = 1;
  for (const card of cards) {
    const split = splitPassages(card);
    mostPassages = Math.max(mostPassages, split.length);
    for (const passage of split) {
      passages.push(passage);
      passageCards.push(card);
    }
    // Each alias word once per card: "ketamine bladder, ketamine cystitis, ketamine uropathy" lists synonyms and
    // must not make that card five times as much about "ketamine" as the card that explains what ketamine is.
    cardTerms.set(card.id, {
      title: toIndexTerms(card.title),
      aliases: [...new Set(toIndexTerms(card.aliases.join(' ')))],
      tags: toIndexTerms(card.tags.join(' ')),
    });
  }

  const index = createTermIndex(
    passages.map((passage, id) => {
      const card = cardTerms.get((passageCards[id] as Card).id) ?? { title: [], aliases: [], tags: [] };
      return {
        ...card,
        heading: toIndexTerms(passage.heading),
        questions: toIndexTerms(passage.questions.join(' ')),
        text: toIndexTerms(passage.text),
      };
    }),
    { fields: PASSAGE_FIELDS, boosts: FIELD_BOOSTS, anchorFields: CARD_FIELDS },
  );
  const aliasIndex = buildAliasIndex(cards);
  const passagesOfCard = new Map<string, number[]>();
  passageCards.forEach((card, doc) => {
    const docs = passagesOfCard.get(card.id);
    if (docs) docs.push(doc);
    else passagesOfCard.set(card.id, [doc]);
  });
  const suggestions = createTermIndex(
    cards.map((card) => ({
      title: toSuggestTerms(card.title),
      aliases: [...new Set(toSuggestTerms(card.aliases.join(' ')))],
      name: toSuggestTerms(card.id),
    })),
    { fields: SUGGEST_FIELDS, boosts: SUGGEST_BOOSTS },
  );

  function search(query: string, searchOptions: RetrieverSearchOptions = {}): RankedHit[] {
    const limit = Math.max(0, Math.floor(searchOptions.limit ?? DEFAULT_LIMIT));
    const maxPerCard = Math.max(1, searchOptions.maxPerCard ?? defaultMaxPerCard);
    // A "word" longer than any word in the cards cannot match one: dropping it keeps stemming and lookups cheap.
    const terms = [...new Set(toTerms(query))].filter((term) => term.length <= MAX_QUERY_TERM_LENGTH);
    if (limit === 0 || terms.length === 0) return [];

    const aliasCards = findAliasCards(aliasIndex, terms);
    const queryTerms: QueryTerm[] = terms.map((term, position) => ({
      term,
      prefix: position === terms.length - 1 && term.length >= PREFIX_MIN_LENGTH,
      maxEdits: typoEdits(term),
      anchorOnTypo: term.length >= ANCHOR_TYPO_MIN_LENGTH,
    }));
    // Enough candidates that `limit` hits survive the per-card cap even if every card's passages all rank first.
    const perCard = Math.min(maxPerCard, mostPassages);
    const { matches: candidates, scoredTerms } = index.search(queryTerms, {
      limit: Math.max(ANCHOR_WINDOW, Math.ceil(limit / perCard) * mostPassages),
      combine: 'or',
      ...(aliasCards.size === 0
        ? {}
        : {
            boosts: new Map(
              [...aliasCards].flatMap((cardId) =>
                (passagesOfCard.get(cardId) ?? []).map((doc) => [doc, ALIAS_BOOST] as const),
              ),
            ),
          }),
    });

    const queryTermCount = scoredTerms;
    // Anchoring is a property of the question, judged on its best candidates, so that it scales every hit alike.
    const anchored = candidates.slice(0, ANCHOR_WINDOW).some((candidate) => candidate.anchored);
    const scale =
      (anchored ? 1 : UNANCHORED_FACTOR) / (queryTermCount * Math.min(queryTermCount, LONG_QUESTION_TERMS));

    const hits: RankedHit[] = [];
    const used = new Map<string, number>();
    for (const candidate of candidates) {
      const card = passageCards[candidate.doc];
      const passage = passages[candidate.doc];
      if (card === undefined || passage === undefined) continue;
      const count = used.get(card.id) ?? 0;
      if (count >= maxPerCard) continue;
      used.set(card.id, count + 1);
      hits.push({
        card,
        passage,
        score: candidate.score * scale,
        rawScore: candidate.score,
        matchedTermCount: candidate.matched,
        queryTermCount,
        anchored,
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
    const words = [...new Set(toSuggestTerms(query))];
    if (words.length === 0) {
      return cards
        .filter(ofKind)
        .sort((a, b) => a.title.localeCompare(b.title, 'en'))
        .slice(0, count);
    }
    const queryTerms: QueryTerm[] = words.map((term) => ({
      term,
      prefix: true,
      maxEdits: term.length >= 4 ? 1 : 0,
      anchorOnTypo: false,
    }));
    const searchWith = (combine: 'and' | 'or') =>
      suggestions.search(queryTerms, { limit: count, combine, filter: (doc) => ofKind(cards[doc]) }).matches;
    const strict = searchWith('and');
    return (strict.length > 0 ? strict : searchWith('or')).map((match) => cards[match.doc] as Card);
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

/** One edit per five characters from five characters up, at most `FUZZY.maxEdits`. */
function typoEdits(term: string): number {
  return term.length >= FUZZY.minLength
    ? Math.min(FUZZY.maxEdits, Math.round(term.length * FUZZY.fraction))
    : 0;
}

/** `toTerms` with stems remembered: a knowledge base repeats a few thousand words millions of times. */
function createTermProcessor(): (text: string) => string[] {
  const cache = new Map<string, string | null>();
  return (text) => {
    const terms: string[] = [];
    for (const token of tokenize(text)) {
      let term = cache.get(token);
      if (term === undefined) {
        term = processTerm(token);
        cache.set(token, term);
      }
      if (term !== null) terms.push(term);
    }
    return terms;
  };
}

/** Autocomplete terms: folded, stop words out, not stemmed (a prefix of a word is not a prefix of its stem). */
function toSuggestTerms(text: string): string[] {
  return tokenize(foldText(text)).filter((word) => !STOP_WORDS.has(word));
}

interface AliasEntry {
  cardId: string;
  terms: string[];
}

/** Alias terms → the aliases that contain them; a radix tree so that a typo'd query word finds its alias too. */
function buildAliasIndex(cards: readonly Card[]): SearchableMap<AliasEntry[]> {
  const byTerm = new SearchableMap<AliasEntry[]>();
  for (const card of cards) {
    for (const alias of card.aliases) {
      const terms = [...new Set(toTerms(alias))];
      if (terms.length === 0) continue;
      const entry = { cardId: card.id, terms };
      for (const term of terms) {
        const list = byTerm.get(term);
        if (list) list.push(entry);
        else byTerm.set(term, [entry]);
      }
    }
  }
  return byTerm;
}

/**
 * Cards with an alias all of whose words occur in the query, allowing the same typos as search: "is ket a horse
 * tranquilizer" and "signs of depresion" find the cards with the aliases "horse tranquilizer" and "signs of depression".
 */
function findAliasCards(byTerm: SearchableMap<AliasEntry[]>, terms: readonly string[]): Set<string> {
  const present = new Set<string>();
  const candidates = new Set<AliasEntry>();
  for (const term of new Set(terms)) {
    const edits =
      term.length >= FUZZY.minLength ? Math.min(FUZZY.maxEdits, Math.round(term.length * FUZZY.fraction)) : 0;
    const matches: [string, AliasEntry[]][] =
      edits === 0
        ? [[term, byTerm.get(term) ?? []]]
        : [...byTerm.fuzzyGet(term, edits)].map(([key, [entries]]) => [key, entries]);
    for (const [key, entries] of matches) {
      present.add(key);
      for (const entry of entries) candidates.add(entry);
    }
  }
  // A one-word alias must be typed exactly: "depresssion" may mean any depression card, not the one whose alias
  // happens to stem to "depress".
  const exact = new Set(terms);
  const found = new Set<string>();
  for (const entry of candidates) {
    const have = entry.terms.length === 1 ? exact : present;
    if (entry.terms.every((aliasTerm) => have.has(aliasTerm))) found.add(entry.cardId);
  }
  return found;
}
