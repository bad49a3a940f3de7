import SearchableMap from 'minisearch/SearchableMap';

/**
 * BM25 parameters, MiniSearch's defaults: `k` term-frequency saturation, `b` length normalisation, `d` the floor a
 * single occurrence earns.
 */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;
/** Weights of expanded terms, as in MiniSearch: an exact match is 1. */
export const EXPANSION_WEIGHTS = { prefix: 0.375, fuzzy: 0.45 } as const;
/** Most expansions of one query word that are scored, nearest first ("dep" must not walk half the vocabulary). */
export const MAX_EXPANSIONS = 16;
/**
 * In a large index, a word found in more than this share of the documents (and in at least `COMMON_TERM_MIN_DOCS`)
 * tells them apart by almost nothing (its BM25 weight is near 0) while costing a pass over most of the index. Such
 * a word is left out of a query that has other known words. Small knowledge bases never reach the floor.
 */
export const COMMON_TERM_SHARE = 0.25;
export const COMMON_TERM_MIN_DOCS = 2_000;
/** Query words beyond this are ignored: matched words are tracked as bits of a 32-bit mask. */
export const MAX_QUERY_TERMS = 32;
/**
 * Longer query words get no typo expansion: the edit-distance walk allocates a row per character of the word, and no
 * real word this long has a typo worth finding (a 4,000-letter "word" cost 140–400 ms per question).
 */
export const MAX_FUZZY_TERM_LENGTH = 24;

export interface QueryTerm {
  /** An index term (already processed the way the documents were). */
  term: string;
  /** Also match longer terms that start with this one (an unfinished last word). */
  prefix: boolean;
  /** Largest edit distance to match (0: exact only). */
  maxEdits: number;
  /** Whether a typo match of this word in an anchor field anchors the document. */
  anchorOnTypo: boolean;
}

export interface TermMatch {
  doc: number;
  /** Summed BM25 over fields and words, times the number of query words matched, times the document boost. */
  score: number;
  /** Query words matched (exactly, by prefix or with a typo). */
  matched: number;
  /** Whether a query word matched in one of `anchorFields` (see `QueryTerm.anchorOnTypo`). */
  anchored: boolean;
}

export interface TermSearchOptions {
  limit: number;
  /** `and`: only documents matching every query word. */
  combine: 'or' | 'and';
  /** Score factors for a few documents (the rest count 1). */
  boosts?: ReadonlyMap<number, number>;
  /** Documents to leave out; asked only of documents good enough to make the list. */
  filter?: (doc: number) => boolean;
}

export interface TermSearchResult {
  /** The best `limit` documents, best first. */
  matches: TermMatch[];
  /** Query words that were scored (see `COMMON_TERM_SHARE`). */
  scoredTerms: number;
}

export interface TermIndex {
  readonly size: number;
  search(terms: readonly QueryTerm[], options: TermSearchOptions): TermSearchResult;
}

export interface TermIndexOptions<F extends string> {
  fields: readonly F[];
  boosts: Readonly<Record<F, number>>;
  /** Fields where a match means the question is about the document, not only near its prose. */
  anchorFields?: readonly F[];
}

interface Postings {
  docs: Int32Array;
  /** Static BM25 of the term in each document, summed over fields with their boosts. */
  scores: Float64Array;
  /** 1 where the term occurs in an anchor field. */
  anchors: Uint8Array;
}

/**
 * An inverted index scored like MiniSearch's BM25 (same formula, per-field document frequencies, field boosts,
 * prefix and fuzzy weights), but with each term's score per document computed once at build time and queries
 * accumulated in typed arrays, so that a query costs one pass over its terms' postings. MiniSearch builds a map
 * entry per matching document per query; at 10,000 cards (≈50,000 passages) that cost 100–250 ms a question, this
 * costs about a millisecond. MiniSearch's radix tree (`SearchableMap`) still finds prefix and typo expansions.
 *
 * @param documents - per document, the processed terms of each field.
 */
export function createTermIndex<F extends string>(
  documents: readonly Readonly<Record<F, readonly string[]>>[],
  { fields, boosts, anchorFields = [] }: TermIndexOptions<F>,
): TermIndex {
  const size = documents.length;
  const fieldCount = fields.length;
  const anchorField = fields.map((field) => anchorFields.includes(field));

  const fieldLengths = new Float64Array(size * fieldCount);
  const totalLengths = new Float64Array(fieldCount);
  const termIds = new Map<string, number>();
  const entries: { docs: number[]; fields: number[]; counts: number[] }[] = [];

  documents.forEach((document, doc) => {
    fields.forEach((field, f) => {
      const terms = document[field];
      fieldLengths[doc * fieldCount + f] = terms.length;
      totalLengths[f] = (totalLengths[f] ?? 0) + terms.length;
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, count] of counts) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = entries.length;
          termIds.set(term, id);
          entries.push({ docs: [], fields: [], counts: [] });
        }
        const entry = entries[id] as (typeof entries)[number];
        entry.docs.push(doc);
        entry.fields.push(f);
        entry.counts.push(count);
      }
    });
  });

  const averageLengths = [...totalLengths].map((total) => (size === 0 ? 1 : total / size || 1));
  const postings: Postings[] = entries.map((entry) => buildPostings(entry));
  const vocabulary = new SearchableMap<number>();
  for (const [term, id] of termIds) vocabulary.set(term, id);

  function buildPostings(entry: { docs: number[]; fields: number[]; counts: number[] }): Postings {
    const fieldDocumentCounts = new Array<number>(fieldCount).fill(0);
    for (const f of entry.fields) fieldDocumentCounts[f] = (fieldDocumentCounts[f] ?? 0) + 1;
    const docs: number[] = [];
    const scores: number[] = [];
    const anchors: number[] = [];
    entry.docs.forEach((doc, index) => {
      const f = entry.fields[index] as number;
      const count = entry.counts[index] as number;
      const matching = fieldDocumentCounts[f] as number;
      const inverseFrequency = Math.log(1 + (size - matching + 0.5) / (matching + 0.5));
      const length = fieldLengths[doc * fieldCount + f] as number;
      const saturation =
        (count * (BM25.k + 1)) /
        (count + BM25.k * (1 - BM25.b + (BM25.b * length) / (averageLengths[f] as number)));
      const score = (boosts[fields[f] as F] ?? 1) * inverseFrequency * (BM25.d + saturation);
      if (docs.at(-1) === doc) {
        scores[scores.length - 1] = (scores.at(-1) ?? 0) + score;
        if (anchorField[f]) anchors[anchors.length - 1] = 1;
      } else {
        docs.push(doc);
        scores.push(score);
        anchors.push(anchorField[f] ? 1 : 0);
      }
    });
    return {
      docs: Int32Array.from(docs),
      scores: Float64Array.from(scores),
      anchors: Uint8Array.from(anchors),
    };
  }

  // Scratch space reused by every query; queries run one at a time (JavaScript is single-threaded).
  const totals = new Float64Array(size);
  const masks = new Uint32Array(size);
  const anchored = new Uint8Array(size);
  const touched = new Int32Array(size);

  const commonFloor = Math.max(COMMON_TERM_MIN_DOCS, size * COMMON_TERM_SHARE);
  const isCommon = (id: number) => (postings[id] as Postings).docs.length > commonFloor;

  function search(queryTerms: readonly QueryTerm[], options: TermSearchOptions): TermSearchResult {
    const expanded = queryTerms
      .slice(0, MAX_QUERY_TERMS)
      .map((query) => ({ query, expansions: expand(query) }));
    const onlyCommon = ({ expansions }: (typeof expanded)[number]) =>
      expansions.length > 0 && expansions.every(({ id }) => isCommon(id));
    const skipCommon = expanded.some((term) => term.expansions.length > 0 && !onlyCommon(term));
    const terms = skipCommon ? expanded.filter((term) => !onlyCommon(term)) : expanded;
    if (terms.length === 0 || options.limit <= 0) return { matches: [], scoredTerms: terms.length };
    let touchedCount = 0;

    for (let position = 0; position < terms.length; position += 1) {
      const { query, expansions } = terms[position] as (typeof terms)[number];
      const bit = 1 << position;
      for (const { id, weight, typo } of expansions) {
        if (skipCommon && isCommon(id)) continue;
        const { docs, scores, anchors } = postings[id] as Postings;
        const anchorsCount = !typo || query.anchorOnTypo;
        for (let index = 0; index < docs.length; index += 1) {
          const doc = docs[index] as number;
          const mask = masks[doc] as number;
          if (mask === 0) touched[touchedCount++] = doc;
          masks[doc] = mask | bit;
          totals[doc] = (totals[doc] as number) + weight * (scores[index] as number);
          if (anchorsCount && anchors[index] === 1) anchored[doc] = 1;
        }
      }
    }
    if (options.boosts) {
      for (const [doc, factor] of options.boosts)
        if (masks[doc] !== 0) totals[doc] = (totals[doc] as number) * factor;
    }

    const everyTerm = (2 ** terms.length - 1) >>> 0;
    const best = createTopList(options.limit);
    for (let index = 0; index < touchedCount; index += 1) {
      const doc = touched[index] as number;
      const mask = masks[doc] as number;
      if (options.combine === 'and' && mask !== everyTerm) continue;
      const matched = countBits(mask);
      const score = (totals[doc] as number) * matched;
      if (best.accepts(score, doc) && (!options.filter || options.filter(doc))) {
        best.add({ doc, score, matched, anchored: anchored[doc] === 1 });
      }
    }

    for (let index = 0; index < touchedCount; index += 1) {
      const doc = touched[index] as number;
      totals[doc] = 0;
      masks[doc] = 0;
      anchored[doc] = 0;
    }
    return { matches: best.sorted(), scoredTerms: terms.length };
  }

  /** The query word itself, then its prefix and typo expansions, nearest first, capped. */
  function expand(query: QueryTerm): { id: number; weight: number; typo: boolean }[] {
    const found: { id: number; weight: number; typo: boolean }[] = [];
    const exact = vocabulary.get(query.term);
    if (exact !== undefined) found.push({ id: exact, weight: 1, typo: false });
    const seen = new Set<string>([query.term]);

    if (query.prefix) {
      const longer: { term: string; id: number }[] = [];
      for (const [term, id] of vocabulary.atPrefix(query.term))
        if (term !== query.term) longer.push({ term, id });
      longer.sort((a, b) => a.term.length - b.term.length);
      for (const { term, id } of longer.slice(0, MAX_EXPANSIONS)) {
        seen.add(term);
        const distance = term.length - query.term.length;
        found.push({
          id,
          weight: (EXPANSION_WEIGHTS.prefix * term.length) / (term.length + 0.3 * distance),
          typo: false,
        });
      }
    }
    if (query.maxEdits > 0 && query.term.length <= MAX_FUZZY_TERM_LENGTH) {
      const near = [...vocabulary.fuzzyGet(query.term, query.maxEdits)]
        .filter(([term]) => !seen.has(term))
        .sort((a, b) => a[1][1] - b[1][1]);
      for (const [term, [id, distance]] of near.slice(0, MAX_EXPANSIONS)) {
        found.push({
          id,
          weight: (EXPANSION_WEIGHTS.fuzzy * term.length) / (term.length + distance),
          typo: true,
        });
      }
    }
    return found;
  }

  return { size, search };
}

/** Keeps the best `limit` matches in a small min-heap: most of tens of thousands of candidates cost one comparison. */
function createTopList(limit: number) {
  const heap: TermMatch[] = [];
  const worse = (a: TermMatch, b: TermMatch) => a.score < b.score || (a.score === b.score && a.doc > b.doc);
  const swap = (i: number, j: number) => {
    const item = heap[i] as TermMatch;
    heap[i] = heap[j] as TermMatch;
    heap[j] = item;
  };
  const siftDown = () => {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && worse(heap[left] as TermMatch, heap[smallest] as TermMatch)) smallest = left;
      if (right < heap.length && worse(heap[right] as TermMatch, heap[smallest] as TermMatch))
        smallest = right;
      if (smallest === i) return;
      swap(i, smallest);
      i = smallest;
    }
  };
  return {
    /** Whether a match with this score would make the list (ties go to the earlier document). */
    accepts(score: number, doc: number): boolean {
      const least = heap[0];
      return (
        heap.length < limit ||
        (least !== undefined && (score > least.score || (score === least.score && doc < least.doc)))
      );
    },
    /** Adds a match that `accepts` let through. */
    add(match: TermMatch): void {
      if (heap.length < limit) {
        heap.push(match);
        for (let i = heap.length - 1; i > 0;) {
          const parent = (i - 1) >> 1;
          if (!worse(heap[i] as TermMatch, heap[parent] as TermMatch)) break;
          swap(i, parent);
          i = parent;
        }
      } else {
        heap[0] = match;
        siftDown();
      }
    },
    sorted: () => [...heap].sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0)),
  };
}

/** Population count of a 32-bit mask. */
function countBits(mask: number): number {
  let bits = mask - ((mask >>> 1) & 0x55_55_55_55);
  bits = (bits & 0x33_33_33_33) + ((bits >>> 2) & 0x33_33_33_33);
  return (Math.imul((bits + (bits >>> 4)) & 0x0f_0f_0f_0f, 0x01_01_01_01) >>> 24) & 0xff;
}
