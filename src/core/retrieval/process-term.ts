import { stemmer } from 'stemmer';

/**
 * Words that carry no topic in the questions people ask ("what is the ..."). Kept small on purpose: BM25 already
 * discounts common words, and words like "not", "just" or "safe" matter in myths and must stay searchable.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'about',
  'actually',
  'also',
  'am',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'been',
  'but',
  'by',
  'can',
  'could',
  'did',
  'do',
  'does',
  'even',
  'for',
  'from',
  'get',
  'gets',
  'getting',
  'go',
  'goes',
  'going',
  'gonna',
  'got',
  'had',
  'has',
  'have',
  'how',
  'i',
  'if',
  'im',
  'in',
  'into',
  'is',
  'it',
  'its',
  'me',
  'my',
  'of',
  'on',
  'or',
  'really',
  'so',
  'still',
  'that',
  'the',
  'their',
  'them',
  'there',
  'these',
  'they',
  'this',
  'to',
  'u',
  'up',
  'very',
  'was',
  'we',
  'were',
  'what',
  'whats',
  'when',
  'which',
  'who',
  'why',
  'will',
  'with',
  'would',
  'you',
  'your',
]);

/** Splits on anything that is not a letter or digit; apostrophes are dropped first so "don't" stays one word. */
export function tokenize(text: string): string[] {
  return text
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '');
}

/** Lower case, accents off ("Spravató" finds "Spravato"). */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Turns one token into its index term: folded, stop words dropped (null), Porter-stemmed so that "treatments",
 * "treating" and "treated" meet. Used for both indexing and queries so that they agree.
 */
export function processTerm(token: string): string | null {
  const folded = foldText(token);
  if (folded === '' || STOP_WORDS.has(folded)) return null;
  return stemmer(folded);
}

/** A text's index terms in order (stop words removed). */
export function toTerms(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term !== null) terms.push(term);
  }
  return terms;
}
