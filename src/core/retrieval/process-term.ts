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

/** ASCII letters and digits, looked up without a regular expression (most text is ASCII). */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, code) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 : 0,
);
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;
const APOSTROPHES = new Set([39, 0x2019]);

/**
 * Splits text into words of letters, digits and combining marks. Apostrophes inside a word are dropped, so "don't"
 * stays one word ("dont") and "Spravato's" one ("Spravatos"). A hand-written scan: the indexer tokenizes every
 * passage, and this is four times faster than a Unicode-aware `split`.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  let pending = '';
  for (let index = 0; index <= text.length; index += 1) {
    const code = index < text.length ? text.charCodeAt(index) : 32;
    const isWord = code < 128 ? ASCII_WORD[code] === 1 : WORD_CHARACTER.test(text.charAt(index));
    if (isWord) {
      if (start < 0) start = index;
      continue;
    }
    if (start >= 0 && APOSTROPHES.has(code)) {
      pending += text.slice(start, index);
      start = index + 1;
      continue;
    }
    const token = pending + (start >= 0 ? text.slice(start, index) : '');
    if (token !== '') tokens.push(token);
    start = -1;
    pending = '';
  }
  return tokens;
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
