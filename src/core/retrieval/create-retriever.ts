import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { splitPassages } from '../knowledge/split-passages.js';
import type { Card, CardKind, Passage, Retriever, SearchHit, SearchOptions } from '../types.js';
import { foldText, processTerm, STOP_WORDS, tokenize, toTerms } from './process-term.js';

/** Field boosts: a match in what the card is called outweighs one in its prose. */
export const FIELD_BOOSTS = { title: 3, aliases: 3, heading: 2, tags: 1.5, text: 1 } as const;
/** Score factor for passages of a card whose alias phrase ("special k", "horse tranquilizer") the query contains. */
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
export const MIN_CONFIDENT_RELEVANCE = 2.75;
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
   * Relevance comparable across questions, what `isConfident` compares with `MIN_CONFIDENT_RELEVANCE`. MiniSearch
   * sums the per-word BM25 scores and multiplies by the number of words matched, so its score grows with the square
   * of the question's length; dividing by that square makes short and long questions comparable and leaves a
   * passage matching half the words with a quarter of the relevance. Unanchored questions are scaled down further.
   */
  score: number;
  /** MiniSearch's BM25 score, which grows with the length of the query. */
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
  // Each alias word once per card: "ketamine bladder, ketamine cystitis, ketamine uropathy" lists synonyms and must
  // not make that card five times as much about "ketamine" as the card that explains what ketamine is.
  const aliasWordsByCard = new Map(
    cards.map((card) => [card.id, [...new Set(tokenize(foldText(card.aliases.join(' '))))].join(' ')]),
  );
  const aliasWords = passageCards.map((card) => aliasWordsByCard.get(card.id) ?? '');
  index.addAll(
    passages.map((passage, id) => {
      const card = passageCards[id] as Card;
      return {
        id,
        title: card.title,
        heading: passage.heading,
        aliases: aliasWords[id] ?? '',
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

    const querySet = new Set(terms);
    const queryTermCount = querySet.size;
    // Anchoring is a property of the question, judged on its best candidates, so that it scales every hit alike
    // and leaves MiniSearch's order alone.
    const anchored = results.slice(0, ANCHOR_WINDOW).some((result) => isAnchored(result.match, querySet));
    const scale = (anchored ? 1 : UNANCHORED_FACTOR) / (queryTermCount * queryTermCount);

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
      hits.push({
        card,
        passage,
        score: result.score * scale,
        rawScore: result.score,
        matchedTermCount: Math.min(queryTermCount, result.queryTerms.length),
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

const CARD_FIELDS: ReadonlySet<string> = new Set(['title', 'aliases', 'tags']);

/** See `RankedHit.anchored`. Short typo matches do not count: "generics" is one edit from "genet(ic)". */
function isAnchored(match: Record<string, string[]>, queryTerms: ReadonlySet<string>): boolean {
  for (const [term, fields] of Object.entries(match)) {
    if (!fields.some((field) => CARD_FIELDS.has(field))) continue;
    if (queryTerms.has(term)) return true;
    for (const queryTerm of queryTerms) {
      if (queryTerm.length >= PREFIX_MIN_LENGTH && term.startsWith(queryTerm)) return true;
      if (queryTerm.length >= ANCHOR_TYPO_MIN_LENGTH && isWithinEdits(term, queryTerm, FUZZY.maxEdits))
        return true;
    }
  }
  return false;
}

/** Levenshtein distance of at most `max`, computed row by row and abandoned as soon as it cannot be. */
function isWithinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? i) + 1,
        (current[j - 1] ?? i) + 1,
        (previous[j - 1] ?? i) + cost,
      );
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return false;
    previous = current;
  }
  return (previous[b.length] ?? max + 1) <= max;
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
      for (const term of terms) byTerm.update(term, (list = []) => [...list, entry]);
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
