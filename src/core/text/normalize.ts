/**
 * The one reading of text for every safety decision: the /ask gate, the crisis detector, the answer cache's key and
 * (through {@link normalizeForSafety}) the model-output guard all read text through {@link foldForSafety}, so that a
 * spelling one of them sees through cannot slip past another ("lеthal" with a Cyrillic "е", "ʟᴇᴛʜᴀʟ" in small
 * capitals, "ｌｅｔｈａｌ", "le\u200Bthal", "**le**thal", "٥٠٠").
 *
 * Folding, in order: blank look-alikes (braille blank, Hangul fillers) become spaces and default-ignorable or format
 * characters (zero-width, bidi controls, soft hyphens, variation selectors, tag characters) are removed; NFKC; lower
 * case; accents stripped; decimal digits of every script become ASCII digits; letters that look like ASCII letters
 * (Unicode's confusables data plus small capitals and a few Latin letters) become them; self-censored words are read
 * back ("k*ll" → "kill"); Markdown markers inside a word are removed. Punctuation and spacing are kept: the gate's rules read sentences.
 *
 * Cost is bounded: input beyond {@link MAX_SAFETY_INPUT_LENGTH} is not read, characters that NFKC expands more than
 * fourfold ("ﷺ" → 18) are read as spaces, and NFKC output stops at {@link MAX_FOLDED_LENGTH}, so no message costs more than a few passes over a
 * few thousand characters. Pure: no I/O.
 * @see https://www.unicode.org/reports/tr39/#Confusable_Detection
 * @see https://www.unicode.org/reports/tr15/ (NFKC)
 */
import { DIGIT_ZEROS, LONG_EXPANSIONS, UNICODE_CONFUSABLES } from './confusables-table.js';

/**
 * Characters read of any one text: above Discord's longest user text (6,000 for interaction option text, 4,000 for
 * a Nitro message), so nothing a member can send is cut; longer text (a pasted file in the CLI) is read to here.
 * @see https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-structure
 */
export const MAX_SAFETY_INPUT_LENGTH = 6_000;

/**
 * Characters kept after NFKC. The few characters that NFKC expands more than fourfold ("ﷺ" → 18, squared katakana
 * words) are read as a space, so text grows at most fourfold and an /ask question (at most 1,000 characters reach
 * the model) is always read whole; only a long message made of expanding characters loses its tail.
 */
export const MAX_FOLDED_LENGTH = 6_000;

const LONG_EXPANSION = new RegExp(`[${LONG_EXPANSIONS}]`, 'gu');

/** Printable ASCII plus tab and line breaks: the fast path needs no Unicode step. */
const NON_ASCII = /[^\t\n\r\x20-\x7e]/;

/** Characters that render as blank space without being whitespace: read as a space, not removed. */
const BLANKS = /[\u115F\u1160\u2800\u3164\uFFA0]/g;

/**
 * Invisible characters: zero-width and bidi controls, soft hyphens, joiners, variation selectors, tag characters
 * (Default_Ignorable_Code_Point) and other format characters (Cf), removed so that "su\u200Bicide" reads "suicide".
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

/** Combining accents (the base block and its extensions), stripped after NFD: "é" reads "e", Zalgo text reads plain. */
// Ranges of combining marks, written as escapes on purpose: nothing here combines with the bracket.
// eslint-disable-next-line no-misleading-character-class
const COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/gu;

/**
 * Letters that keep their look after NFKC but that Unicode's confusables data does not map to one ASCII letter (small
 * capitals, several Latin letters, Cyrillic letters people use for their upper-case look); these win over the table.
 */
const EXTRA_CONFUSABLES: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ȷ: 'j',
  ï: 'i',
  ї: 'i',
  ѵ: 'v',
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ꜰ: 'f',
  ɢ: 'g',
  ʜ: 'h',
  ɪ: 'i',
  ᴊ: 'j',
  ᴋ: 'k',
  ʟ: 'l',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴘ: 'p',
  ǫ: 'q',
  ʀ: 'r',
  ꜱ: 's',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ʏ: 'y',
  ᴢ: 'z',
  κ: 'k',
  τ: 't',
  α: 'a',
  ε: 'e',
  ι: 'i',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  м: 'm',
  т: 't',
  к: 'k',
};

const CONFUSABLES: ReadonlyMap<string, string> = new Map([
  ...Object.entries(UNICODE_CONFUSABLES),
  ...Object.entries(EXTRA_CONFUSABLES),
]);

/**
 * Self-censored words ("k*ll", "s**cide", "su*c*de"): each star stands for one letter. A starred word is read as the
 * one word of this list with the same length whose other letters agree; anything else is left to the Markdown step.
 */
const CENSORABLE_WORDS = [
  'kill',
  'killing',
  'killed',
  'myself',
  'suicide',
  'suicidal',
  'die',
  'dying',
  'dead',
  'death',
  'cut',
  'cutting',
  'overdose',
  'hang',
  'unalive',
  'selfharm',
  'lethal',
  'method',
  'poison',
  'suicidio',
  'suicidarme',
  'matarme',
  'morir',
  'morrer',
  'matar',
];
/** Stars between letters only: "**bold**" and "*italics*" are Markdown, not censoring. */
const STARRED_WORD = /(?<![a-z*])[a-z]+(?:\*+[a-z]+)+(?![a-z*])/g;

function uncensorWord(token: string): string {
  let found: string | undefined;
  for (const word of CENSORABLE_WORDS) {
    if (word.length !== token.length) continue;
    let agrees = true;
    for (let index = 0; index < word.length && agrees; index += 1) {
      const char = token[index];
      if (char !== '*' && char !== word[index]) agrees = false;
    }
    if (!agrees) continue;
    if (found !== undefined) return token;
    found = word;
  }
  return found ?? token;
}

/**
 * Markdown emphasis touching a word is removed ("**meth**od" → "method", "*italic*", "le~~th~~al", "me`th`od"), so
 * that a rule reading "method" or "kill themselves" is not split by a marker; spoiler bars inside a word
 * ("s||u||icide") too. Markers that touch no letter or digit ("5 * 3") stay.
 */
const INNER_MARKDOWN =
  /(?<=[\p{L}\p{N}])(?:\|\||\*{1,3}|~~|__|`+)(?=[\p{L}\p{N}])|(?:\*{1,3}|~~|__|`+)(?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}])(?:\*{1,3}|~~|__|`+)/gu;
const MARKDOWN_HINT = /[|*~_`]/;

const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** NFKC is applied in slices of this many code units, so that expansion can stop at {@link MAX_FOLDED_LENGTH}. */
const NFKC_SLICE = 1_024;
const CONTINUATION = /[\p{M}\u1160-\u11ff]/u;

/**
 * Folds text for safety matching: lower-case, accent-free, look-alike letters and digits as ASCII, invisible
 * characters gone, Markdown inside words removed. Punctuation and whitespace are kept as they are.
 */
export function foldForSafety(text: string): string {
  let result = text.length > MAX_SAFETY_INPUT_LENGTH ? cut(text, MAX_SAFETY_INPUT_LENGTH) : text;
  if (NON_ASCII.test(result)) {
    result = result.replace(BLANKS, ' ').replace(LONG_EXPANSION, ' ').replace(INVISIBLE, '');
    result = boundedNfkc(result).toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '');
    if (NON_ASCII.test(result)) result = mapCharacters(result);
  } else {
    result = result.toLowerCase();
  }
  if (MARKDOWN_HINT.test(result)) {
    if (result.includes('*')) result = result.replace(STARRED_WORD, uncensorWord);
    result = result.replace(INNER_MARKDOWN, '');
  }
  return result;
}

/**
 * {@link foldForSafety}, then every run of characters that are not letters or digits as one space: the plain
 * reading of a text for checks that look for words ("the most common **meth**od" → "the most common method").
 * For the output guard and anything else that compares words.
 */
export function normalizeForSafety(text: string): string {
  return foldForSafety(text).replace(NON_WORD, ' ').trim();
}

/** {@link normalizeForSafety} as a word list. */
export function safetyWords(text: string): string[] {
  const normalised = normalizeForSafety(text);
  return normalised === '' ? [] : normalised.split(' ');
}

/** NFKC that stops once its output reaches {@link MAX_FOLDED_LENGTH}. */
function boundedNfkc(text: string): string {
  if (text.length <= NFKC_SLICE) return limit(text.normalize('NFKC'));
  let out = '';
  let start = 0;
  while (start < text.length && out.length < MAX_FOLDED_LENGTH) {
    let end = Math.min(text.length, start + NFKC_SLICE);
    // Never split a surrogate pair, or a letter from the marks and jamo that compose with it.
    while (end < text.length && isContinuation(text, end)) end += 1;
    out += text.slice(start, end).normalize('NFKC');
    start = end;
  }
  return limit(out);
}

function isContinuation(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code >= 0xdc00 && code <= 0xdfff) return true;
  if (code < 0x300) return false;
  const point = text.codePointAt(index) ?? code;
  return CONTINUATION.test(String.fromCodePoint(point));
}

function limit(text: string): string {
  return text.length > MAX_FOLDED_LENGTH ? cut(text, MAX_FOLDED_LENGTH) : text;
}

/** The first `length` code units, without leaving half a surrogate pair at the end. */
function cut(text: string, length: number): string {
  const last = text.charCodeAt(length - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}

/**
 * One pass over the non-ASCII characters left after NFKC: look-alike letters (the confusables table), decimal digits
 * of every script (NFKC already folds full-width and mathematical ones) and negative circled or squared letters
 * ("🅺🅸🅻🅻", which NFKC leaves alone) become ASCII. A loop rather than three regex passes with a callback per
 * character: text made entirely of look-alikes is the case that must stay cheap.
 */
function mapCharacters(text: string): string {
  let out = '';
  let copied = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    const wide = code >= 0xd800 && code <= 0xdbff && index + 1 < text.length;
    const point = wide ? (text.codePointAt(index) ?? code) : code;
    const char = wide ? text.slice(index, index + 2) : (text[index] as string);
    // Digits first: the confusables data reads "٥" as "o" by its look, but it means 5.
    const mapped = asciiDigit(point) ?? negativeLetter(point) ?? CONFUSABLES.get(char);
    if (mapped !== undefined) {
      out += text.slice(copied, index) + mapped;
      copied = index + char.length;
    }
    if (wide) index += 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Negative circled (U+1F150–1F169) and squared (U+1F170–1F189) Latin capitals. */
function negativeLetter(point: number): string | undefined {
  if (point >= 0x1f150 && point <= 0x1f169) return String.fromCharCode(97 + point - 0x1f150);
  if (point >= 0x1f170 && point <= 0x1f189) return String.fromCharCode(97 + point - 0x1f170);
  return undefined;
}

/** The ASCII digit for a decimal digit of another script: every Nd run is ten digits from its zero. */
function asciiDigit(point: number): string | undefined {
  if (point < (DIGIT_ZEROS[0] as number)) return undefined;
  let low = 0;
  let high = DIGIT_ZEROS.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((DIGIT_ZEROS[middle] as number) <= point) low = middle;
    else high = middle - 1;
  }
  const value = point - (DIGIT_ZEROS[low] as number);
  return value >= 0 && value <= 9 ? String.fromCharCode(48 + value) : undefined;
}

/** English number words and their values; "hundred", "thousand" and "million" multiply. */
const UNITS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    zero: 0,
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
    twenty: 20,
    thirty: 30,
    forty: 40,
    fourty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
  }),
);
const SCALES: ReadonlyMap<string, number> = new Map([
  ['hundred', 100],
  ['thousand', 1_000],
  ['million', 1_000_000],
]);

/**
 * Spelled-out English numbers in a word list as digits: "five hundred milligrams" → "500 milligrams", "twenty five"
 * → "25", "a hundred" → "100". Lone words below ten ("one", "two") are left alone unless a scale word follows:
 * they are far more often pronouns and idioms ("no one", "the two of us") than amounts. Linear in the words.
 */
export function spelledNumbersToDigits(words: readonly string[]): string[] {
  if (!words.some((word) => UNITS.has(word) || SCALES.has(word))) return [...words];
  const out: string[] = [];
  let index = 0;
  while (index < words.length) {
    const start = index;
    let total = 0;
    let current = 0;
    let count = 0;
    let scaled = false;
    if (words[index] === 'a' && SCALES.has(words[index + 1] as string)) {
      current = 1;
      index += 1;
    }
    while (index < words.length) {
      const word = words[index] as string;
      const unit = UNITS.get(word);
      const scale = SCALES.get(word);
      if (
        unit !== undefined &&
        (current % 100 === 0 || (current % 10 === 0 && unit < 10 && current % 100 >= 20))
      ) {
        current += unit;
      } else if (scale !== undefined && (current > 0 || count === 0)) {
        current = (current === 0 ? 1 : current) * scale;
        if (scale >= 1_000) {
          total += current;
          current = 0;
        }
        scaled = true;
      } else if (word === 'and' && count > 0 && scaled && UNITS.has(words[index + 1] as string)) {
        // "five hundred and twenty"
      } else {
        break;
      }
      count += 1;
      index += 1;
    }
    const value = total + current;
    if (count === 0) {
      out.push(words[start] as string);
      index = start + 1;
    } else if (count === 1 && !scaled && value < 10) {
      out.push(...words.slice(start, index));
    } else {
      out.push(String(value));
    }
  }
  return out;
}
