/**
 * Reads words the way people type them, for the crisis detector: a misspelt lexicon word ("myslef", "sucide") becomes
 * the word it misspells, and words run together ("killmyself", "wanttodie") are split into lexicon words. Real posts
 * are typed fast, on phones, in distress; a detector that needs perfect spelling misses exactly those messages.
 *
 * Both readings only touch words that are neither a lexicon word nor a known word of the language (the `knownWords`
 * list passed in, e.g. an English word list): "lying" is a word and never becomes "dying", "therapist" is a word and
 * is never split. Corrections are one edit (insert, delete, substitute, or swap two neighbours) away from a lexicon
 * word of at least {@link MIN_CORRECTION_LENGTH} letters, and only when exactly one lexicon word is that close.
 * The work is bounded per word: a symmetric-delete index gives at most (length + 1) look-ups for a correction, and
 * splitting tries at most {@link MAX_SPLIT_LENGTH}² substrings.
 *
 * Everything works on comparison keys (`keyOf`: doubled letters squeezed), the same keys the phrase automaton reads.
 */
import { keyOf, type PhraseNode } from './compile-phrase.js';

/** Words shorter than this are never corrected: short words are too close to each other ("kill" vs "bill"). */
export const MIN_CORRECTION_LENGTH = 5;
/** Longer words are neither corrected nor split (keysmash, links, floods stay cheap). */
export const MAX_CORRECTION_LENGTH = 16;
/** Run-together words longer than this are not split. */
export const MAX_SPLIT_LENGTH = 16;
/**
 * At most this many unknown words are examined per message: a message with hundreds of words that are neither
 * English nor in the lexicon is a flood or another language, and reading past the first ones finds nothing new.
 */
export const MAX_UNKNOWN_WORDS_PER_MESSAGE = 64;
/** A run-together word splits into at most this many lexicon words. */
const MAX_SPLIT_PARTS = 3;
/** Parts shorter than this must be one of these words, so "ikms" or "a" + "…" do not split everything. */
const SHORT_PARTS = new Set(['i', 'me', 'my', 'to', 'it', 'be', 'no', 'so', 'up', 'of', 'im']);
const MIN_SPLIT_WORD_LENGTH = 6;

/** Collects the comparison keys of every literal word and prefix in the compiled phrases. */
export function collectVocabulary(phrases: readonly (readonly PhraseNode[])[]): {
  words: Set<string>;
  prefixes: Set<string>;
} {
  const words = new Set<string>();
  const prefixes = new Set<string>();
  const visit = (nodes: readonly PhraseNode[]): void => {
    for (const node of nodes) {
      if (node.kind === 'word') for (const key of node.keys) words.add(key);
      else if (node.kind === 'prefix') prefixes.add(node.key);
      else if (node.kind === 'group') for (const alternative of node.alternatives) visit(alternative);
    }
  };
  for (const nodes of phrases) visit(nodes);
  return { words, prefixes };
}

/** Turns a message's keys into the keys the detector should read (same array when nothing changes). */
export type CorrectKeys = (keys: readonly string[], words: readonly string[]) => readonly string[];

export interface WordCorrectorOptions {
  /** Keys of the lexicon's words. */
  vocabulary: ReadonlySet<string>;
  /** Prefixes in the lexicon ("suicid"): known words that start with one become correction targets too. */
  prefixes?: ReadonlySet<string>;
  /** Words of the language, lower case: never corrected or split. */
  knownWords: ReadonlySet<string>;
}

/** True when `a` and `b` are at most one edit apart (optimal string alignment: adjacent swaps count as one). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const lengthA = a.length;
  const lengthB = b.length;
  if (Math.abs(lengthA - lengthB) > 1) return false;
  let start = 0;
  while (start < lengthA && start < lengthB && a.charCodeAt(start) === b.charCodeAt(start)) start += 1;
  if (lengthA === lengthB) {
    if (a.slice(start + 1) === b.slice(start + 1)) return true; // one substitution
    return (
      a.charCodeAt(start) === b.charCodeAt(start + 1) &&
      a.charCodeAt(start + 1) === b.charCodeAt(start) &&
      a.slice(start + 2) === b.slice(start + 2)
    );
  }
  return lengthA > lengthB ? a.slice(start + 1) === b.slice(start) : a.slice(start) === b.slice(start + 1);
}

function deletions(key: string): string[] {
  const out: string[] = [];
  for (let index = 0; index < key.length; index += 1) out.push(key.slice(0, index) + key.slice(index + 1));
  return out;
}

export function createWordCorrector({ vocabulary, prefixes, knownWords }: WordCorrectorOptions): CorrectKeys {
  const targets = new Set<string>();
  for (const key of vocabulary)
    if (key.length >= MIN_CORRECTION_LENGTH && /^\p{L}+$/u.test(key)) targets.add(key);
  if (prefixes !== undefined && prefixes.size > 0) {
    const lengths = [...new Set([...prefixes].map((prefix) => prefix.length))];
    for (const word of knownWords) {
      if (word.length < MIN_CORRECTION_LENGTH || word.length > MAX_CORRECTION_LENGTH) continue;
      if (lengths.some((length) => prefixes.has(word.slice(0, length)))) targets.add(keyOf(word));
    }
  }
  /** deletion (or the key itself) → the target keys it comes from. */
  const index = new Map<string, string[]>();
  const addTo = (variant: string, target: string): void => {
    const list = index.get(variant);
    if (list === undefined) index.set(variant, [target]);
    else if (!list.includes(target)) list.push(target);
  };
  for (const target of targets) {
    addTo(target, target);
    for (const variant of deletions(target)) addTo(variant, target);
  }
  const splitParts = new Set<string>();
  for (const key of vocabulary) {
    if (!/^\p{L}+$/u.test(key)) continue;
    if (key.length >= 3 || SHORT_PARTS.has(key)) splitParts.add(key);
  }

  const isKnown = (key: string, word: string): boolean =>
    vocabulary.has(key) || knownWords.has(word) || knownWords.has(key);

  const correct = (key: string): string | undefined => {
    if (key.length < MIN_CORRECTION_LENGTH - 1 || key.length > MAX_CORRECTION_LENGTH) return undefined;
    let found: string | undefined;
    const consider = (candidates: readonly string[] | undefined): boolean => {
      if (candidates === undefined) return true;
      for (const candidate of candidates) {
        if (candidate === found || !withinOneEdit(key, candidate)) continue;
        if (found !== undefined) return false; // two lexicon words are this close: leave it alone
        found = candidate;
      }
      return true;
    };
    if (!consider(index.get(key))) return undefined;
    for (const variant of deletions(key)) {
      if (!consider(index.get(variant))) return undefined;
    }
    return found;
  };

  /** Splits a run-together key into 2–3 lexicon words, preferring the fewest parts; undefined when none fits. */
  const split = (key: string): string[] | undefined => {
    if (key.length < MIN_SPLIT_WORD_LENGTH || key.length > MAX_SPLIT_LENGTH) return undefined;
    const best: (string[] | undefined)[] = new Array<string[] | undefined>(key.length + 1);
    best[0] = [];
    for (let end = 1; end <= key.length; end += 1) {
      for (let start = 0; start < end; start += 1) {
        const before = best[start];
        if (before === undefined || before.length >= MAX_SPLIT_PARTS) continue;
        const part = key.slice(start, end);
        if (!splitParts.has(part)) continue;
        const candidate = [...before, part];
        const current = best[end];
        if (current === undefined || candidate.length < current.length) best[end] = candidate;
      }
    }
    const parts = best[key.length];
    return parts !== undefined && parts.length >= 2 ? parts : undefined;
  };

  return (keys, words) => {
    let out: string[] | undefined;
    let examined = 0;
    for (let position = 0; position < keys.length; position += 1) {
      const key = keys[position] as string;
      // keys carry the start/end sentinels around the words: words[position - 1] is this key's word.
      const word = words[position - 1];
      let replacement: string[] | undefined;
      if (
        word !== undefined &&
        examined < MAX_UNKNOWN_WORDS_PER_MESSAGE &&
        !isKnown(key, word) &&
        /^\p{L}+$/u.test(key)
      ) {
        examined += 1;
        const corrected = correct(key);
        if (corrected !== undefined) replacement = [corrected];
        else replacement = split(key);
      }
      if (replacement !== undefined) {
        out ??= keys.slice(0, position);
        out.push(...replacement);
      } else if (out !== undefined) out.push(key);
    }
    return out ?? keys;
  };
}
