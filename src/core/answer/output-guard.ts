/**
 * The model-output guard: an answer may state only what its cited passages say. It reads the model's text one
 * sentence at a time, as it streams, and each sentence is checked once, when it is complete:
 *
 * - a sentence without a valid citation is dropped;
 * - markup that could pass for Lantern's own (headings, `-#` subtext, block quotes, code fences, command mentions,
 *   a forged Sources block) is stripped, and mentions are neutralised;
 * - a sentence that states a number, amount, dose, duration, phone number, method or means, a link, a diagnosis of
 *   the reader, dosing advice, or text from the system prompt that its cited passages do not contain rejects the
 *   whole answer, and the caller answers from the cards instead.
 *
 * The checks read text through one safety normaliser (NFKC, look-alike letters, invisible characters, Markdown inside
 * words, leetspeak) and a number reader that understands digits of every script and spelled-out numbers, so they do
 * not depend on English trigger words: the vocabulary below is concepts with their words in several languages, and
 * the numbers are compared as values.
 *
 * Work is linear in the stream: only new text is scanned, and each sentence is checked once.
 * The safe-messaging checklist behind it: no methods, means, lethality, doses or locations, "died by suicide" wording.
 */
import { citePassage } from '../knowledge/passage-sources.js';
import { normalizeWords } from '../crisis/normalize-text.js';
import { neutralizeMentions } from '../text/neutralize-mentions.js';
import type { Citation, SearchHit } from '../types.js';

/** Safe-messaging wording fixes the model sometimes needs ("committed suicide" → "died by suicide"). */
export function applySafeWording(text: string): string {
  return text
    .replace(/\bcommitted suicide\b/gi, 'died by suicide')
    .replace(/\bcommits suicide\b/gi, 'dies by suicide')
    .replace(/\bcommit(?:ting)? suicide\b/gi, (match) =>
      /ting/i.test(match) ? 'dying by suicide' : 'die by suicide',
    )
    .replace(/\bsuccessful (?:suicide )?attempt\b/gi, 'suicide death')
    .replace(/\b(?:failed|unsuccessful) (?:suicide )?attempt\b/gi, 'suicide attempt');
}

/**
 * The one reading of text used by every check here. Swap in the shared safety normaliser by changing this function.
 */
export function readForSafety(text: string): string {
  return ` ${normalizeWords(text).join(' ')} `;
}

export type GuardProblem =
  'no_valid_citation' | 'unsafe_content' | 'empty' | 'too_long' | 'unverifiable_sentence';

export interface GuardContext {
  /** The passages the model was given, in prompt order: `[n]` cites `hits[n - 1]`. */
  hits: readonly SearchHit[];
  /** The system prompt the model was given: text that overlaps it is a leak. */
  systemPrompt?: string;
  /** Phone numbers that may be shown (the hotline directory), any formatting. */
  knownPhoneNumbers?: readonly string[];
  /** Links that may be mentioned (they are removed from the text: sources are rendered separately). */
  knownLinks?: readonly string[];
  /** Strings that must never appear in the output (the prompt's boundary tokens). */
  secrets?: readonly string[];
  /** The longest answer shown, in characters (default {@link MAX_ANSWER_CHARS}). */
  maxAnswerChars?: number;
  /**
   * The language asked for (a Discord locale). A sentence written mostly in a script that neither it nor the Latin
   * alphabet uses cannot be checked against the cards and rejects the answer.
   */
  locale?: string | undefined;
}

/** Scripts each language is written in besides Latin (which drug names and citations use everywhere). */
const LOCALE_SCRIPTS: Readonly<Record<string, readonly string[]>> = {
  ja: ['Han', 'Hiragana', 'Katakana'],
  zh: ['Han'],
  ko: ['Hangul', 'Han'],
  ru: ['Cyrillic'],
  uk: ['Cyrillic'],
  bg: ['Cyrillic'],
  sr: ['Cyrillic'],
  el: ['Greek'],
  hi: ['Devanagari'],
  ar: ['Arabic'],
  fa: ['Arabic'],
  he: ['Hebrew'],
  th: ['Thai'],
};
const SCRIPT_TESTS: Readonly<Record<string, RegExp>> = {
  Latin: /\p{Script=Latin}/u,
  Han: /\p{Script=Han}/u,
  Hiragana: /\p{Script=Hiragana}/u,
  Katakana: /\p{Script=Katakana}/u,
  Hangul: /\p{Script=Hangul}/u,
  Cyrillic: /\p{Script=Cyrillic}/u,
  Greek: /\p{Script=Greek}/u,
  Devanagari: /\p{Script=Devanagari}/u,
  Arabic: /\p{Script=Arabic}/u,
  Hebrew: /\p{Script=Hebrew}/u,
  Thai: /\p{Script=Thai}/u,
};
/** Look-alike letters in an otherwise Latin sentence are the normaliser's job; a sentence mostly elsewhere is not. */
const FOREIGN_SCRIPT_SHARE = 0.3;

/** True when more than {@link FOREIGN_SCRIPT_SHARE} of the letters are in scripts the locale does not use. */
function isInForeignScript(text: string, locale: string | undefined): boolean {
  const allowed = new Set(['Latin', ...(LOCALE_SCRIPTS[(locale ?? 'en').slice(0, 2).toLowerCase()] ?? [])]);
  let letters = 0;
  let foreign = 0;
  for (const char of text.normalize('NFKC')) {
    if (!/\p{L}/u.test(char)) continue;
    letters += 1;
    let known = false;
    for (const script of allowed) if (SCRIPT_TESTS[script]?.test(char)) known = true;
    if (!known) foreign += 1;
  }
  return letters > 0 && foreign / letters > FOREIGN_SCRIPT_SHARE;
}

export type GuardVerdict =
  | { ok: true; text: string; citations: Citation[]; cardIds: string[] }
  | { ok: false; problem: GuardProblem; ruleId?: string };

export interface OutputGuard {
  /** Feeds streamed text. Returns false once the answer is rejected or full (stop the model then). */
  push(delta: string): boolean;
  /** The checked text so far: only complete, cited, checked sentences. */
  shown(): string;
  /** Ends the stream: checks the last sentence and gives the verdict. */
  finish(): GuardVerdict;
}

/** Shown answers stay within one Discord message with room for the in-progress marker. */
export const MAX_ANSWER_CHARS = 1_800;
/** The most model text read for one answer; past it the stream is stopped and the checked text so far is the answer. */
export const MAX_RAW_CHARS = 12_000;
/** A "sentence" longer than this has no end we can check: the answer is rejected. */
export const MAX_SENTENCE_CHARS = 800;

/* ------------------------------------------------------------------------------------------------------------------
 * Vocabulary: concepts, each with words in several languages. A word is matched at the start of a normalised word
 * (a stem), or anywhere for scripts written without spaces (CJK).
 * ---------------------------------------------------------------------------------------------------------------- */

/** Words of one concept, written `a|b|c` so that each concept stays on one reviewable line. */
const terms = (words: string): readonly string[] => words.split('|');

/** Method and means of suicide or self-harm, and lethality. A sentence may name one only if its passages do. */
const METHOD_CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  method: terms(
    '방법|तरीका|तरीके|μέθοδ|method|méthode|metodo|método|methode|способ|метод|方法|手段|办法|方式',
  ),
  hanging: terms(
    '목을 매|목매|फांसी|फाँसी|απαγχον|κρεμασ|κρέμασ|hang|noose|rope|ligature|ahorc|soga|pendaison|pendre|pendu|corde|erhäng|erhang|strick|strang|seil|enforc|corda|повес|повеш|петл|верёв|верев|首吊|首を吊|吊る|上吊|缢',
  ),
  heights: terms(
    '투신|뛰어내|πηδ|πήδ|γέφυρ|jump|leap|bridge|cliff|storey|rooftop|puente|acantilado|saltar|sauter|pont|falaise|springen|brücke|brucke|ponte|pular|прыг|мост|крыш|飛び降|飛び込|跳楼|跳桥|跳下|屋上',
  ),
  poison: terms(
    '과다복용|음독|ज़हर|जहर|ओवरडोज|υπερδοσ|υπερβολική δόση|δηλητήρ|overdos|poison|cyanide|bleach|antifreeze|pesticide|sobredosis|veneno|envenen|surdose|empoisonn|überdosis|uberdosis|vergift|передоз|отрав|яд |過剰摂取|過量服薬|服毒|毒|过量',
  ),
  lethal: terms(
    '치사|치명|घातक|θανατηφόρ|θανάσιμ|lethal|fatal|deadly|letal|mortal|mortel|tödlich|todlich|смертел|летал|致死|致命',
  ),
  firearm: terms(
    'gun|firearm|pistol|rifle|shotgun|guns|arma de fuego|pistola|waffe|pistolet|fusil|ружь|пистолет|оружи|銃|枪',
  ),
  blade: terms(
    'knife|knives|blade|razor|wrist|cuchill|navaja|couteau|messer|klinge|faca|нож|лезви|запяст|刃物|ナイフ|手首|割腕',
  ),
  suffocation: terms(
    'suffocat|asphyx|helium|carbon monoxide|charcoal|exhaust fumes|car exhaust|plastic bag|asfixi|erstick|удуш|угарн|練炭|窒息|烧炭',
  ),
  drowning: terms('drown|ahog|noyer|noyade|ertrink|ertränk|afoga|утоп|溺'),
  train: terms('railway|train track|in front of a train|вокзал|под поезд|電車に|卧轨'),
};

/** Dose units: a number with a unit must appear, with that unit, in the passages. */
const UNIT_CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  mg: terms('mg|milligram|milligramm|miligram|milligramme|мг|миллиграм|ミリグラム|毫克|मिलीग्राम'),
  g: terms('g|gram|gramo|gramm|gramme|грам|グラム|克|ग्राम'),
  ml: terms('ml|millilit|mililit|мл|миллилит|ミリリットル|毫升'),
  mcg: terms('mcg|µg|μg|microgram|микрограм|マイクログラム'),
  pill: terms('pill|tablet|capsule|pastilla|comprimid|cachet|tablette|таблет|капсул|錠|粒|药片|गोली'),
  kg: terms('kg|kilogram|кг'),
};

/**
 * Advice addressed to the reader that no passage can support: a diagnosis, or a change of dose or medicine. Matched
 * as phrases in the normalised reading.
 */
const ALWAYS_UNSAFE: Readonly<Record<string, readonly string[]>> = {
  diagnosis: terms(
    'you have depression|you have major depression|you have clinical depression|you have bipolar|you have a mental|you have an anxiety|you are clinically|clinically depressed|you suffer from|you are suffering from|you probably have|you definitely have|you clearly have|tienes depresion|tienes depresión|tienes un trastorno|usted tiene depresion|estas deprimid|vous avez une depression|vous souffrez|tu as une depression|sie haben eine depression|sie haben depression|du hast eine depression|voce tem depressao|você tem depressão|у вас депресс|у вас клиническ|у тебя депресс|あなたはうつ病|あなたはうつ|你有抑郁症|你患有',
  ),
  dosing_advice: terms(
    'double your dose|increase your dose|raise your dose|lower your dose|reduce your dose|decrease your dose|halve your dose|skip your dose|skip a dose|change your dose|adjust your dose|stop taking your|quit taking your|stop your medication|stop your antidepressant|duplica tu dosis|aumenta tu dosis|reduce tu dosis|deja de tomar|doublez votre dose|augmentez votre dose|arretez de prendre|arrêtez de prendre|erhöhen sie ihre dosis|erhohen sie ihre dosis|verdoppeln sie|setzen sie das medikament ab|dobre sua dose|aumente sua dose|pare de tomar|удвойте доз|увеличьте доз|увеличить доз|прекратите прием|прекратите приём|増量|倍に|服用をやめ|加倍剂量|停药',
  ),
  /** The model speaking as Lantern's staff or moderators, or vouching for its own answer. */
  impersonation: terms('verified by|lantern staff|lantern team|staff verified|official announcement'),
  leak: terms(
    'system prompt|my instructions|my rules|numbered passages|user data between|ignore any instructions',
  ),
};

// eslint-disable-next-line no-misleading-character-class -- code-point ranges; combining marks inside them are meant
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0900-\u097f]/u;

interface Term {
  concept: string;
  reading: string;
  anywhere: boolean;
}

function compileTerms(concepts: Readonly<Record<string, readonly string[]>>, whole: boolean): Term[] {
  const terms: Term[] = [];
  for (const [concept, words] of Object.entries(concepts)) {
    for (const word of words) {
      const reading = readForSafety(word).trim();
      if (reading === '') continue;
      const anywhere = CJK.test(reading);
      // Short words ("g", "mg", "gun") are whole words; longer ones are stems ("milligram" matches "milligrams").
      const wholeWord = whole || reading.length <= 3;
      terms.push({ concept, reading: anywhere ? reading : ` ${reading}${wholeWord ? ' ' : ''}`, anywhere });
    }
  }
  return terms;
}

const METHOD_TERMS = compileTerms(METHOD_CONCEPTS, false);
const UNIT_TERMS = compileTerms(UNIT_CONCEPTS, false);
const UNSAFE_TERMS = compileTerms(ALWAYS_UNSAFE, false);
/** "If you have depression, …" is not a diagnosis: a conditional just before the phrase stands it down. */
const CONDITIONAL = compileTerms(
  { conditional: ['if', 'when', 'whether', 'si', 'wenn', 'falls', 'если', 'もし', '如果'] },
  true,
);

/** The first diagnosis, dosing advice or leak marker in `reading` that the cited passages do not say themselves. */
function unsafeAdviceIn(reading: string, passages: readonly string[]): string | undefined {
  for (const term of UNSAFE_TERMS) {
    const at = reading.indexOf(term.reading);
    if (at === -1) continue;
    if (passages.some((passage) => passage.includes(term.reading))) continue;
    const before = reading.slice(Math.max(0, at - 24), at + 1);
    if (term.concept !== 'leak' && CONDITIONAL.some((conditional) => before.includes(conditional.reading)))
      continue;
    return term.concept;
  }
  return undefined;
}

function conceptsIn(reading: string, terms: readonly Term[]): Set<string> {
  const found = new Set<string>();
  for (const term of terms)
    if (!found.has(term.concept) && reading.includes(term.reading)) found.add(term.concept);
  return found;
}

/* ------------------------------------------------------------------------------------------------------------------
 * Numbers: digits of every script and spelled-out numbers, read as values.
 * ---------------------------------------------------------------------------------------------------------------- */

const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class -- each listed code point is removed on its own
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/g;
const DECIMAL_DIGIT = /\p{Nd}/gu;

/** Digits of any script as ASCII (each Unicode decimal-digit run is ten consecutive code points from zero). */
export function toAsciiDigits(text: string): string {
  return text.normalize('NFKC').replace(DECIMAL_DIGIT, (digit) => {
    const code = digit.codePointAt(0) ?? 48;
    if (code < 128) return digit;
    let zero = code;
    for (let step = 0; step < 9 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1)); step += 1) zero -= 1;
    return String((code - zero) % 10);
  });
}

// prettier-ignore
const UNITS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  cero: 0, uno: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10,
  veinte: 20, treinta: 30, cuarenta: 40, cincuenta: 50, quinientos: 500, doscientos: 200, trescientos: 300,
  deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10, vingt: 20, trente: 30,
  quarante: 40, cinquante: 50, eins: 1, zwei: 2, drei: 3, vier: 4, funf: 5, sechs: 6, sieben: 7, acht: 8,
  neun: 9, zehn: 10, zwanzig: 20, dreissig: 30, funfzig: 50, dois: 2, quatro: 4, sete: 7, oito: 8, nove: 9,
  dez: 10, vinte: 20, trinta: 30, quinhentos: 500, один: 1, два: 2, три: 3, четыре: 4, пять: 5, шесть: 6,
  семь: 7, восемь: 8, девять: 9, десять: 10, двадцать: 20, тридцать: 30, пятьдесят: 50, двести: 200,
  триста: 300, пятьсот: 500,
};
// prettier-ignore
const MULTIPLIERS: Readonly<Record<string, number>> = {
  hundred: 100, cien: 100, ciento: 100, cent: 100, cents: 100, hundert: 100, cem: 100, cento: 100, сто: 100,
  thousand: 1_000, mil: 1_000, mille: 1_000, tausend: 1_000, тысяч: 1_000, тысяча: 1_000, тысячи: 1_000,
  million: 1_000_000, millones: 1_000_000, millions: 1_000_000, миллион: 1_000_000,
};
// prettier-ignore
const KANJI_DIGITS: Readonly<Record<string, number>> = {
  〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const KANJI_MULTIPLIERS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1_000, 万: 10_000 };
const KANJI_RUN = /[〇一二三四五六七八九十百千万]+/g;

function parseKanji(run: string): number {
  let total = 0;
  let current = 0;
  for (const char of run) {
    const digit = KANJI_DIGITS[char];
    if (digit !== undefined) {
      current = current * 10 + digit;
      continue;
    }
    const multiplier = KANJI_MULTIPLIERS[char] ?? 1;
    total += (current === 0 ? 1 : current) * multiplier;
    current = 0;
  }
  return total + current;
}

/** Spelled-out numbers as values ("five hundred" → 500; "five five five" → 5, 5, 5). */
function spelledNumbers(text: string): number[] {
  const words = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .split(/[^\p{L}]+/u);
  const values: number[] = [];
  let current: number | undefined;
  let total = 0;
  let lastWasUnit = false;
  const flush = () => {
    if (current !== undefined || total > 0) values.push(total + (current ?? 0));
    current = undefined;
    total = 0;
    lastWasUnit = false;
  };
  for (const word of words) {
    const unit = UNITS[word];
    const multiplier = MULTIPLIERS[word];
    if (unit !== undefined) {
      // "five five": a unit after a unit below twenty starts a new number; "twenty five" continues one.
      if (lastWasUnit && (current === undefined || current % 10 !== 0 || unit >= 10 || current === 0))
        flush();
      current = (current ?? 0) + unit;
      lastWasUnit = true;
    } else if (multiplier !== undefined) {
      const base = current ?? 1;
      if (multiplier >= 1_000) {
        total += base * multiplier;
        current = undefined;
      } else current = base * multiplier;
      lastWasUnit = false;
    } else if (word === 'and' || word === 'y' || word === 'et' || word === 'und' || word === 'e') {
      continue;
    } else flush();
  }
  flush();
  for (const run of text.match(KANJI_RUN) ?? []) values.push(parseKanji(run));
  return values;
}

const PHONE_RUN = /\+?\d(?:[ \t().-]{0,2}\d){5,}/g;
const NUMBER = /\d+(?:[.,]\d+)*/g;

function valueOf(token: string): string {
  const plain = /^\d{1,3}(?:,\d{3})+$/.test(token) ? token.replace(/,/g, '') : token.replace(/,/g, '.');
  const value = Number.parseFloat(plain);
  return Number.isFinite(value) ? String(value) : plain;
}

interface NumberReading {
  phones: string[];
  values: string[];
  /** "500|mg": a value followed by a unit concept. */
  amounts: string[];
}

function numbersIn(text: string): NumberReading {
  const ascii = toAsciiDigits(text.replace(INVISIBLE, '')).replace(/\[\d+(?:\s*,\s*\d+)*\]/g, ' ');
  const phones: string[] = [];
  const withoutPhones = ascii.replace(PHONE_RUN, (run) => {
    phones.push(run.replace(/\D/g, ''));
    return ' ';
  });
  const values = [...withoutPhones.matchAll(NUMBER)].map((match) => valueOf(match[0]));
  const spelled = spelledNumbers(withoutPhones).map(String);
  const amounts: string[] = [];
  const spaced = withoutPhones.replace(/(\d)(?=\p{L})/gu, '$1 ');
  for (const match of spaced.matchAll(/(\d+(?:[.,]\d+)*)\s*([^\s\d]{1,24})/gu)) {
    const unitReading = readForSafety(match[2] ?? '');
    for (const concept of conceptsIn(unitReading, UNIT_TERMS))
      amounts.push(`${valueOf(match[1] ?? '')}|${concept}`);
  }
  return { phones, values: [...values, ...spelled], amounts };
}

/* ------------------------------------------------------------------------------------------------------------------
 * Links and markup
 * ---------------------------------------------------------------------------------------------------------------- */

const MASKED_LINK = /\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)/g;
const LINK =
  /<?(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>()]+>?|<?\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:[a-z]{2,24})(?:\/[^\s<>()]*)?>?/gi;
const COMMAND_MENTION = /<\/[^<>\n]{1,100}:\d+>/g;
const LINE_MARKERS = /(^|\n)[ \t]*(?:(?:>>>|>|#{1,6}|-#)[ \t]*)+/g;
const FENCES = /```|~~~/g;
const SOURCES_HEADING =
  /^[\s*_]*(?:sources?|references?|fuentes|quellen|fontes|источники|出典|来源)[\s*_]*(?::|$)/i;
const CITATION_GROUP = /\[(\d+(?:\s*,\s*\d+)*)\](?!\()/g;

function canonicalLink(link: string): string {
  return link
    .replace(/^<|>$/g, '')
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/.,;:!?]+$/, '');
}

/** Bare words that look like domains but are not links ("e.g.", "U.S."), and citation-like tokens. */
function looksLikeLink(token: string): boolean {
  const canonical = canonicalLink(token);
  if (
    /^[a-z]{1,3}(?:\.[a-z]{1,3})+$/i.test(canonical) &&
    !/\.(?:gg|com|org|net|io|me|ly|co)$/.test(canonical)
  )
    return false;
  return /[a-z]/i.test(canonical);
}

/* ------------------------------------------------------------------------------------------------------------------
 * The guard
 * ---------------------------------------------------------------------------------------------------------------- */

/** Terminators: a sentence ends at one of these followed by white space, or at a CJK terminator, or a newline. */
const SENTENCE_END = /[.!?…]+(?=\s)|[。！？।؟]+|\n/g;
const TRAILING_CITATIONS = /^(?:\s*\[\d+(?:\s*,\s*\d+)*\])+/;

function shinglesOf(reading: string, size: number): Set<string> {
  const words = reading.trim().split(' ').filter(Boolean);
  const out = new Set<string>();
  for (let index = 0; index + size <= words.length; index += 1)
    out.add(words.slice(index, index + size).join(' '));
  return out;
}

const LEAK_SHINGLE = 5;

/** Creates a guard for one answer. */
export function createOutputGuard(context: GuardContext): OutputGuard {
  const { hits } = context;
  const maxChars = context.maxAnswerChars ?? MAX_ANSWER_CHARS;
  const passageReadings = hits.map((hit) => readForSafety(`${hit.card.title}\n${hit.passage.text}`));
  const passageNumbers = hits.map((hit) => numbersIn(`${hit.card.title}\n${hit.passage.text}`));
  const passageMethods = passageReadings.map((reading) => conceptsIn(reading, METHOD_TERMS));
  const knownPhones = new Set(
    (context.knownPhoneNumbers ?? []).map((phone) => toAsciiDigits(phone).replace(/\D/g, '')),
  );
  const knownLinks = new Set(
    [
      ...(context.knownLinks ?? []),
      ...hits.flatMap((hit) => hit.card.sources.map((source) => source.url)),
    ].map(canonicalLink),
  );
  const passageShingles = new Set(
    passageReadings.flatMap((reading) => [...shinglesOf(reading, LEAK_SHINGLE)]),
  );
  const systemShingles = context.systemPrompt
    ? [...shinglesOf(readForSafety(context.systemPrompt), LEAK_SHINGLE)].filter(
        (shingle) => !passageShingles.has(shingle),
      )
    : [];
  const leakShingles = new Set(systemShingles);
  const secrets = (context.secrets ?? [])
    .filter((secret) => secret.length >= 6)
    .map((secret) => secret.toLowerCase());

  const citations: Citation[] = [];
  const indexOfCard = new Map<string, number>();
  const accepted: string[] = [];
  const seen = new Set<string>();
  let shownText = '';
  let buffer = '';
  let scanFrom = 0;
  let rejected: { problem: GuardProblem; ruleId?: string } | undefined;
  let full = false;
  let received = 0;
  let paragraphEnded = false;

  const reject = (problem: GuardProblem, ruleId?: string) => {
    rejected ??= ruleId === undefined ? { problem } : { problem, ruleId };
  };

  /** The positions in `hits` that a sentence cites (valid numbers only). */
  function citedBy(sentence: string): number[] {
    const cited: number[] = [];
    for (const match of sentence.matchAll(CITATION_GROUP)) {
      for (const part of (match[1] ?? '').split(',')) {
        const position = Number(part.trim()) - 1;
        if (hits[position] && !cited.includes(position)) cited.push(position);
      }
    }
    return cited;
  }

  /** The sentence with citations renumbered to match the Sources list (one entry per card and source, in order). */
  function renumber(sentence: string): string {
    const renumbered = sentence.replace(CITATION_GROUP, (_whole, group: string) => {
      const numbers: number[] = [];
      for (const part of group.split(',')) {
        const position = Number(part.trim()) - 1;
        const hit = hits[position];
        if (!hit) continue;
        // One entry per card and source: a citation links the source of the passage it follows.
        const citation = citePassage(hit.card, hit.passage);
        const key = `${citation.id} ${citation.url}`;
        let index = indexOfCard.get(key);
        if (index === undefined) {
          citations.push(citation);
          index = citations.length;
          indexOfCard.set(key, index);
        }
        if (!numbers.includes(index)) numbers.push(index);
      }
      return numbers.map((number) => `[${number}]`).join('');
    });
    return renumbered
      .replace(/(\[\d+\])(?:\s*\1)+/g, '$1')
      .replace(/[ \t]+([.,;:!?])/g, '$1')
      .replace(/[ \t]{2,}/g, ' ')
      .trim();
  }

  /** Checks one complete sentence; adds it to the shown text when it passes. */
  function take(raw: string): void {
    if (rejected || full) return;
    const lower = raw.replace(INVISIBLE, '').normalize('NFKC').toLowerCase();
    for (const secret of secrets)
      if (lower.includes(secret)) return reject('unsafe_content', 'output.boundary');
    let sentence = raw.replace(INVISIBLE, '').normalize('NFC');
    const breakBefore = paragraphEnded || /^\s*\n/.test(raw);
    paragraphEnded = /\n\s*$/.test(raw);
    sentence = sentence.replace(FENCES, ' ').replace(COMMAND_MENTION, ' ').replace(LINE_MARKERS, '$1');
    // Links: known ones are removed (sources are rendered separately); any other rejects the answer.
    let unknownLink = false;
    const checkLink = (link: string) => {
      if (!looksLikeLink(link)) return false;
      if (!knownLinks.has(canonicalLink(link))) unknownLink = true;
      return true;
    };
    sentence = sentence.replace(MASKED_LINK, (_whole, label: string, url: string) => {
      checkLink(url === '' ? 'invalid.link' : url);
      return label;
    });
    const linkReading = toAsciiDigits(sentence);
    for (const match of linkReading.matchAll(LINK)) checkLink(match[0]);
    if (unknownLink) return reject('unsafe_content', 'output.link');
    sentence = sentence.replace(LINK, (link) => (looksLikeLink(link) ? ' ' : link));
    sentence = applySafeWording(neutralizeMentions(sentence))
      .replace(/[ \t]{2,}/g, ' ')
      .trim();
    if (sentence === '' || SOURCES_HEADING.test(sentence) || /^\[\d+\]/.test(sentence)) return;

    if (isInForeignScript(sentence, context.locale)) return reject('unsafe_content', 'output.script');
    const cited = citedBy(sentence);
    // What may support the sentence: its cited passages, or, for an uncited part (dropped below), any given passage.
    const support = cited.length > 0 ? cited : hits.map((_hit, position) => position);
    const reading = readForSafety(sentence);
    const unsafe = unsafeAdviceIn(
      reading,
      support.map((position) => passageReadings[position] ?? ''),
    );
    if (unsafe) return reject('unsafe_content', `output.${unsafe}`);
    for (const shingle of shinglesOf(reading, LEAK_SHINGLE)) {
      if (leakShingles.has(shingle)) return reject('unsafe_content', 'output.system-prompt');
    }
    // Uncited sentences are checked too (a fake number must reject the answer, not just vanish), then dropped.
    const methods = conceptsIn(reading, METHOD_TERMS);
    for (const concept of methods) {
      if (!support.some((position) => passageMethods[position]?.has(concept)))
        return reject('unsafe_content', `output.method.${concept}`);
    }
    const numbers = numbersIn(sentence);
    const sources = support.map((position) => passageNumbers[position]).filter((each) => each !== undefined);
    for (const phone of numbers.phones) {
      if (!knownPhones.has(phone) && !sources.some((source) => source.phones.includes(phone)))
        return reject('unsafe_content', 'output.phone');
    }
    for (const value of numbers.values) {
      if (value === '1' || value === '0') continue;
      if (!sources.some((source) => source.values.includes(value)))
        return reject('unsafe_content', 'output.number');
    }
    for (const amount of numbers.amounts) {
      if (!sources.some((source) => source.amounts.includes(amount)))
        return reject('unsafe_content', 'output.dose-amount');
    }
    const units = conceptsIn(readForSafety(sentence.replace(/(\d)(?=\p{L})/gu, '$1 ')), UNIT_TERMS);
    for (const unit of units) {
      if (
        !support.some((position) =>
          passageNumbers[position]?.amounts.some((amount) => amount.endsWith(`|${unit}`)),
        )
      )
        if (!support.some((position) => conceptsIn(passageReadings[position] ?? '', UNIT_TERMS).has(unit)))
          return reject('unsafe_content', 'output.dose-unit');
    }

    if (cited.length === 0) return;
    const key = reading.trim();
    if (seen.has(key)) return;
    seen.add(key);
    const text = renumber(sentence);
    const separator = accepted.length === 0 ? '' : breakBefore ? '\n\n' : ' ';
    if (shownText.length + separator.length + text.length > maxChars) {
      full = true;
      return;
    }
    accepted.push(text);
    shownText += separator + text;
  }

  /** Takes every complete sentence in the buffer, scanning only text not scanned before. */
  function drain(final: boolean): void {
    SENTENCE_END.lastIndex = scanFrom;
    let match: RegExpExecArray | null;
    while (!rejected && !full && (match = SENTENCE_END.exec(buffer)) !== null) {
      let end = match.index + match[0].length;
      const rest = buffer.slice(end);
      const trailing = match[0] === '\n' ? null : TRAILING_CITATIONS.exec(rest);
      if (trailing) end += trailing[0].length;
      // A citation still being written ("… spray [1") belongs to this sentence: wait for it.
      if (!final && /^\s*\[[\d,\s]*$/.test(buffer.slice(end))) {
        scanFrom = match.index;
        return;
      }
      // The sentence is complete only when something other than white space or a citation follows it.
      if (!final && buffer.slice(end).trim() === '') {
        scanFrom = match.index;
        return;
      }
      take(buffer.slice(0, end));
      buffer = buffer.slice(end);
      SENTENCE_END.lastIndex = 0;
    }
    scanFrom = Math.max(0, buffer.length - 8);
    if (final && buffer.trim() !== '' && !rejected && !full) {
      take(buffer);
      buffer = '';
    }
    if (!final && buffer.length > MAX_SENTENCE_CHARS) reject('unverifiable_sentence');
  }

  return {
    push(delta) {
      if (rejected || full) return false;
      received += delta.length;
      buffer += delta;
      if (received > MAX_RAW_CHARS) {
        buffer = buffer.slice(0, Math.max(0, buffer.length - (received - MAX_RAW_CHARS)));
        drain(false);
        full = true;
        return false;
      }
      drain(false);
      return !rejected && !full;
    },
    shown: () => shownText,
    finish() {
      if (!rejected && !full) drain(true);
      if (rejected) return { ok: false, ...rejected };
      if (received === 0 && accepted.length === 0) return { ok: false, problem: 'empty' };
      if (accepted.length === 0) return { ok: false, problem: 'no_valid_citation' };
      return {
        ok: true,
        text: shownText,
        citations,
        cardIds: [...new Set(citations.map((citation) => citation.id))],
      };
    },
  };
}

/** Checks a complete answer at once (the non-streaming path): the same guard, fed in one piece. */
export function guardAnswer(raw: string, context: GuardContext): GuardVerdict {
  const guard = createOutputGuard(context);
  guard.push(raw);
  return guard.finish();
}
