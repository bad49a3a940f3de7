/**
 * Text normalisation for crisis detection, on top of the shared safety folding ({@link foldForSafety}: Unicode,
 * look-alike letters, invisible characters, digits, censoring stars, Markdown inside words). The lexicon and every incoming message go through the same function, so
 * a phrase written once in the lexicon matches the many ways people actually type it: accents or none, leetspeak,
 * look-alike letters, zero-width characters, spoilers, stretched letters and spaced-out words.
 *
 * It runs on every message, so each step is one precompiled regular expression or table lookup, and the optional
 * steps (leetspeak, spaced letters) are skipped when a cheap test shows they cannot apply.
 *
 * @see https://github.com/9021007/Suicide-Prevention-Bot/issues/45 (missed triggers inside spoilers)
 */

import { foldForSafety, spelledNumbersToDigits } from '../text/normalize.js';

/** Discord custom emoji, mentions and links carry names and paths ("pepe_dead", "suicide-squad") that are not speech. */
const DISCORD_MARKUP = /<a?:\w+:\d+>|<[@#][!&]?\d+>|<\/[\w -]+:\d+>|https?:\/\/\S+|www\.\S+/g;

/**
 * Emoji that carry meaning for the lexicon become word tokens: laughter and skulls mark jokes ("i'm dead 💀"), the
 * pill emoji is a Crisis Text Line high-risk signal in context. All other emoji become spaces.
 */
const EMOJI_WORDS: Readonly<Record<string, string>> = {
  '😂': 'emojilaugh',
  '🤣': 'emojilaugh',
  '😆': 'emojilaugh',
  '😹': 'emojilaugh',
  '💀': 'emojiskull',
  '☠': 'emojiskull',
  '💊': 'emojipill',
  '😭': 'emojicry',
  '😢': 'emojicry',
  '🔪': 'emojiknife',
  '🪦': 'emojigrave',
  '⚰': 'emojigrave',
  '👋': 'emojiwave',
  '🩸': 'emojiblood',
  '🪢': 'emojirope',
  '🔫': 'emojigun',
  '🌉': 'bridge',
};
const EMOJI = /😂|🤣|😆|😹|💀|☠|💊|😭|😢|🔪|🪦|⚰|👋|🩸|🪢|🔫|🌉/gu;
/**
 * A run of these emoji (other emoji and spaces may stand between them) reads as each of its words once, in order
 * ("💀😂🌸💀😂…" → "emojiskull emojilaugh"): what a run says is which emoji it holds, and a flood of 2,000 emoji would
 * otherwise be 2,000 words to match.
 */
const EMOJI_RUN = new RegExp(
  `(?:${EMOJI.source})(?:[\\s\\p{Extended_Pictographic}]*(?:${EMOJI.source}))*`,
  'gu',
);

function readEmojiRun(run: string): string {
  const words = new Set<string>();
  for (const emoji of run.match(EMOJI) ?? []) words.add(EMOJI_WORDS[emoji] ?? '');
  return ` ${[...words].join(' ')} `;
}

/** Any character that can stand for a letter in leetspeak; tested first so that most messages skip the step. */
const LEET_CHAR = /[0-9@$!]/;
const LEET_TOKEN = /[a-z0-9@$!]+/g;
/** Leetspeak digits and symbols and the letters they stand for. */
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};
const LEET_DIGITS = /[0-9@$!]/g;
/** "800mg", "10pm", "20s": a number with a unit is not leetspeak. */
const NUMBER_WITH_UNIT = /^\d{2,}[a-z]{0,3}$/;
const HAS_LETTER = /[a-z]/;

/** "k.i.l.l" and "s-u-i-c-i-d-e": three or more single letters joined by one separator each. */
const DOTTED_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?:[.\-·*_/]\p{L}){2,}(?![\p{L}\p{N}])/gu;
const LETTER_SEPARATORS = /[.\-·*_/]/g;
/** "s u i c i d e": three or more single letters with one space each; two or more spaces still separate words. */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?: \p{L}){2,}(?![\p{L}\p{N}])/gu;
const SPACED_TEST = /(?:^|[^\p{L}\p{N}])\p{L} \p{L} \p{L}(?![\p{L}\p{N}])/u;
const SINGLE_SPACE = / /g;
/** "i w a n t  t o  d i e": when words are spelled out, two or more spaces separate them. */
const WIDE_GAP = / {2,}/;
const WIDE_GAPS = / {2,}/g;
const ALL_SINGLE_LETTERS = /^\p{L}(?: \p{L})+$/u;

/** Spelled-out words that really start with "i"; in other single-spaced runs the pronoun stands alone. */
const I_WORDS = new Set(['insulin', 'ibuprofen', 'itself', 'idiot', 'inside', 'into', 'ignore']);

/** "i w a n t to die": without wide gaps a lone "i" would merge into the spelled-out word after it. */
function joinRunAfterPronoun(run: string): string {
  const joined = run.replace(SINGLE_SPACE, '');
  return run.startsWith('i ') && joined.length >= 4 && !I_WORDS.has(joined) ? `i ${joined.slice(1)}` : joined;
}

function joinSpacedWords(text: string): string {
  return text
    .split(WIDE_GAPS)
    .map((segment) =>
      ALL_SINGLE_LETTERS.test(segment)
        ? joinRunAfterPronoun(segment)
        : segment.replace(SPACED_LETTERS, joinRunAfterPronoun),
    )
    .join(' ');
}

const APOSTROPHES = /['’‘ʼ´]/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const NON_WORD_ASCII = /[^a-z0-9]+/g;
/** Anything but single spaces between words: most chat lines skip the punctuation pass. */
const PUNCTUATION_ASCII = /[^a-z0-9 ]| {2}/;
const STRETCHED = /(\p{L})\1{2,}/gu;
const STRETCHED_ASCII = /([a-z])\1{2,}/g;
/** Any character outside printable ASCII plus tab/newline: the full Unicode path is needed. */
const NON_ASCII = /[^\t\n\r\x20-\x7e]/;
/** Cheap tests that let most messages skip a step. */
const MARKUP_HINT = /[<:]|www\./;
const DOTTED_HINT = /[a-z][.\-*_/][a-z][.\-*_/][a-z]/;
const SEPARATOR_HINT = /[.\-·*_/]/;
/** A one-letter word (one or two code units) between spaces, then more: without one, no letters are spaced out. */
const SPACED_HINT = / [^ ]{1,2} [^ ]/;

/** "unalive myself" → "kill myself"; "unalive" alone → "die". */
const UNALIVE = new Map<string, readonly [string, string]>([
  ['unalive', ['kill', 'die']],
  ['unalives', ['kills', 'dies']],
  ['unalived', ['killed', 'died']],
  ['unaliving', ['killing', 'dying']],
]);
const UNALIVE_OBJECTS = new Set([
  'myself',
  'yourself',
  'himself',
  'herself',
  'themselves',
  'themself',
  'ourselves',
  'me',
  'him',
  'her',
  'them',
]);

/**
 * Contractions and chat slang, expanded so that "im gonna kms" and "i am going to kill myself" are the same tokens.
 *
 * "kys" ("kill yourself") is deliberately absent: it is harassment aimed at another person, not a disclosure of
 * risk. Replying to it with hotlines would answer the wrong person; it belongs to moderation, not to this detector.
 */
const SLANG = new Map<string, string>(
  Object.entries({
    im: 'i am',
    iam: 'i am',
    ima: 'i am going to',
    imma: 'i am going to',
    ive: 'i have',
    ill: 'i will',
    youll: 'you will',
    theyll: 'they will',
    itll: 'it will',
    abt: 'about',
    id: 'i would',
    wanna: 'want to',
    wana: 'want to',
    gonna: 'going to',
    gunna: 'going to',
    gotta: 'got to',
    tryna: 'trying to',
    dont: 'do not',
    doesnt: 'does not',
    didnt: 'did not',
    cant: 'can not',
    cannot: 'can not',
    couldnt: 'could not',
    wont: 'will not',
    wouldnt: 'would not',
    shouldnt: 'should not',
    isnt: 'is not',
    arent: 'are not',
    wasnt: 'was not',
    werent: 'were not',
    havent: 'have not',
    hasnt: 'has not',
    aint: 'am not',
    idk: 'i do not know',
    idc: 'i do not care',
    ngl: 'not going to lie',
    rn: 'right now',
    tmrw: 'tomorrow',
    tmr: 'tomorrow',
    tonights: 'tonight is',
    u: 'you',
    ur: 'your',
    youre: 'you are',
    theyre: 'they are',
    hes: 'he is',
    hed: 'he would',
    theyd: 'they would',
    shes: 'she is',
    thats: 'that is',
    whats: 'what is',
    pls: 'please',
    plz: 'please',
    ppl: 'people',
    bc: 'because',
    cuz: 'because',
    coz: 'because',
    bcs: 'because',
    everyi: 'everyone',
    somei: 'someone',
    noi: 'no one',
    anyi: 'anyone',
    kms: 'kill myself',
    kmsl: 'kill myself',
    killmyself: 'kill myself',
    kilmyself: 'kill myself',
    killmyslef: 'kill myself',
    killmself: 'kill myself',
    endmyself: 'end myself',
    offmyself: 'off myself',
    hangmyself: 'hang myself',
    hurtmyself: 'hurt myself',
    cutmyself: 'cut myself',
    harmmyself: 'harm myself',
    endmylife: 'end my life',
    wanttodie: 'want to die',
    wannadie: 'want to die',
    iwanttodie: 'i want to die',
    selfharm: 'self harm',
    sewerslide: 'suicide',
    sewerslidal: 'suicidal',
    suicidle: 'suicidal',
    suicdal: 'suicidal',
    selfdelete: 'kill myself',
    suicidial: 'suicidal',
    sucidal: 'suicidal',
    sucide: 'suicide',
    suiside: 'suicide',
    myslef: 'myself',
    mysef: 'myself',
    mself: 'myself',
    // French clitics run together in chat ("jpense", "chuis", "jveux").
    jpense: 'je pense',
    jveux: 'je veux',
    jvais: 'je vais',
    jsuis: 'je suis',
    chuis: 'je suis',
    jpeux: 'je peux',
    jme: 'je me',
    jen: 'je nen',
  }),
);

/** Two-word slang, checked on each pair of neighbouring words. */
const SLANG_PAIRS = new Map<string, ReadonlyMap<string, string>>([
  ['sewer', new Map([['slide', 'suicide']])],
  // "the s-word" is how many people write around the word itself.
  ['s', new Map([['word', 'suicide']])],
  [
    'self',
    new Map([
      ['delete', 'kill myself'],
      ['unalive', 'kill myself'],
    ]),
  ],
]);

function mapLeetToken(token: string): string {
  if (!HAS_LETTER.test(token) || NUMBER_WITH_UNIT.test(token)) return token;
  let end = token.length;
  while (end > 0 && token[end - 1] === '!') end -= 1;
  let start = 0;
  while (start < end && (token[start] === '@' || token[start] === '!')) start += 1;
  const core = token.slice(start, end);
  if (!HAS_LETTER.test(core)) return token;
  return token.slice(0, start) + core.replace(LEET_DIGITS, (char) => LEET[char] ?? char) + token.slice(end);
}

/**
 * Normalises a message (or a lexicon phrase) to lower-case ASCII-ish tokens separated by single spaces.
 *
 * Steps: the shared safety folding (invisible characters removed; NFKC, lower case, accents stripped, look-alike
 * letters and digits of every script mapped; censoring stars read back; Markdown inside words removed); remove Discord
 * markup; keep meaningful emoji as words; undo leetspeak inside words; join spaced or dotted single letters; drop apostrophes and turn other punctuation into spaces; shorten letters stretched three or more times to
 * two ("diiiie" → "diie"; the detector also compares words with doubled letters squeezed, so this still matches
 * "die"); expand contractions and slang; collapse repeated words; spelled-out English numbers of ten or more as digits
 * ("thirty" → "30", "a hundred" → "100").
 */
export function normalizeText(text: string): string {
  return normalizeWords(text).join(' ');
}

/** {@link normalizeText} as a word list: what the detector matches on (saves a join and a split per message). */
export function normalizeWords(text: string): string[] {
  let result = foldForSafety(text);
  if (MARKUP_HINT.test(result)) result = result.replace(DISCORD_MARKUP, ' ');
  if (NON_ASCII.test(result)) result = result.replace(EMOJI_RUN, readEmojiRun);
  // After the emoji: a message of emoji only is ASCII words now, and takes the fast path.
  const ascii = !NON_ASCII.test(result);
  result = result.replace(APOSTROPHES, '');
  if (LEET_CHAR.test(result)) result = result.replace(LEET_TOKEN, mapLeetToken);
  if (ascii ? DOTTED_HINT.test(result) : SEPARATOR_HINT.test(result)) {
    result = result.replace(DOTTED_LETTERS, (run) => run.replace(LETTER_SEPARATORS, ''));
  }
  if (SPACED_HINT.test(result) && SPACED_TEST.test(result)) {
    result = WIDE_GAP.test(result)
      ? joinSpacedWords(result)
      : result.replace(SPACED_LETTERS, joinRunAfterPronoun);
  }
  if (ascii) {
    if (PUNCTUATION_ASCII.test(result)) result = result.replace(NON_WORD_ASCII, ' ');
    if (hasStretchedLetter(result)) result = result.replace(STRETCHED_ASCII, '$1$1');
  } else {
    result = result.replace(NON_WORD, ' ');
    // The loop test first: the backreference regex is slow on long non-ASCII text (letters outside the BMP, rare
    // after NFKC, are not shortened).
    if (hasStretchedLetter(result)) result = result.replace(STRETCHED, '$1$1');
  }
  // "took thirty pills" reads like "took 30 pills": the lexicon's `#` is a number of ten or more.
  return spelledNumbersToDigits(expandWords(result.trim()));
}

/** True when some character appears three times in a row (a loop: backreference regexes are slow). */
function hasStretchedLetter(text: string): boolean {
  for (let index = 2; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === text.charCodeAt(index - 1) && code === text.charCodeAt(index - 2) && code !== 32)
      return true;
  }
  return false;
}

/** Words that need more than a copy in {@link expandWords}: one set lookup lets every other word through. */
const SPECIAL_WORDS = new Set<string>([...SLANG.keys(), ...UNALIVE.keys(), ...SLANG_PAIRS.keys()]);
const SLANG_WORDS = new Map<string, readonly string[]>(
  [...SLANG].map(([word, value]) => [word, value.split(' ')]),
);

/** One pass over the words: slang and contractions, "unalive", and repeated words ("die die die" → "die"). */
function expandWords(text: string): string[] {
  if (text === '') return [];
  const words = text.split(' ');
  const out: string[] = [];
  let previous = '';
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] as string;
    if (!SPECIAL_WORDS.has(word)) {
      if (word !== previous) out.push(word);
      previous = word;
      continue;
    }
    const next = words[index + 1];
    let value: string;
    const pair = next === undefined ? undefined : SLANG_PAIRS.get(word)?.get(next);
    const unalive = UNALIVE.get(word);
    if (pair !== undefined) {
      value = pair;
      index += 1;
    } else if (unalive) {
      value = next !== undefined && UNALIVE_OBJECTS.has(next) ? unalive[0] : unalive[1];
    } else {
      value = SLANG.get(word) ?? word;
    }
    if (value === previous) continue;
    const parts = SLANG_WORDS.get(word);
    // Loops, not push(...spread): spreading a long array into arguments overflows the stack.
    if (parts !== undefined && pair === undefined) for (const part of parts) out.push(part);
    else if (value.includes(' ')) for (const part of value.split(' ')) out.push(part);
    else out.push(value);
    previous = value;
  }
  return out;
}
