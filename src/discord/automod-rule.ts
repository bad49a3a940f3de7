/**
 * Builds the Discord AutoMod keyword rule (keywords, regexes, allow list) from the crisis lexicon, within AutoMod's
 * limits. Discord's format and limits, so it lives in the Discord layer; the lexicon and its phrase compiler are core.
 */
import {
  expandPhrase,
  parsePhrase,
  phraseToRegexSource,
  type SurfacePart,
} from '../core/crisis/compile-phrase.js';
import type { CrisisLexicon } from '../core/crisis/lexicon-schema.js';

/**
 * Discord AutoMod limits for one keyword rule.
 *
 * @see https://discord.com/developers/docs/resources/auto-moderation#auto-moderation-rule-object-trigger-metadata-field-limits
 */
export const AUTOMOD_LIMITS = {
  keywords: 1_000,
  keywordLength: 60,
  regexes: 10,
  regexLength: 260,
  allow: 100,
  allowLength: 60,
} as const;

/** Readings taken from one phrase: enough for the common spellings without one phrase eating the whole budget. */
const READINGS_PER_PHRASE = 48;
const STRIP_ACCENTS = /[\u0300-\u036f]/g;

export interface AutoModPatterns {
  /** Keyword filter entries (whole-word phrases, crisis entries first). */
  keywords: string[];
  /** Rust-syntax regexes: the lexicon's hand-written ones, then crisis phrases with gaps packed into alternations. */
  regexes: string[];
  /** Idioms and titles that must not trigger the rule ("suicide squad", "to die for"). */
  allow: string[];
}

function toKeyword(parts: readonly SurfacePart[]): string | undefined {
  const words: string[] = [];
  for (const [index, part] of parts.entries()) {
    if (part.kind !== 'text') return undefined;
    if (part.text.endsWith('*') && index !== parts.length - 1) return undefined;
    words.push(part.text);
  }
  return words.join(' ');
}

function addLimited(
  target: string[],
  seen: Set<string>,
  value: string,
  max: number,
  maxLength: number,
): void {
  if (target.length >= max || value.length === 0 || value.length > maxLength || seen.has(value)) return;
  seen.add(value);
  target.push(value);
}

/**
 * Builds the trigger metadata of an alert-only AutoMod keyword rule from the lexicon, so that servers can run the
 * crisis responder without the privileged MessageContent intent (Discord sends `AUTO_MODERATION_ACTION_EXECUTION`
 * with the matched keyword). Phrases with gaps or message anchors cannot be keywords; crisis ones become regexes.
 * Everything is cut to Discord's limits, most severe entries first. Concept-layer entries stay out: only the bot's
 * own detector, which applies exclusions and negations, judges concept windows.
 */
export function buildAutoModPatterns(lexicon: CrisisLexicon): AutoModPatterns {
  // Concept windows are combinations of word lists: as keywords they would crowd out the written phrases.
  const phrases = lexicon.entries.filter((entry) => entry.layer === 'phrase' && entry.automod);
  const ordered = [
    ...phrases.filter((entry) => entry.severity === 'crisis'),
    ...phrases.filter((entry) => entry.severity === 'concern'),
  ];

  const keywordLists: string[][][] = [];
  const gapped: string[] = [];
  for (const entry of ordered) {
    for (const phrase of entry.phrases) {
      const nodes = parsePhrase(phrase, lexicon.macros);
      const readings = expandPhrase(nodes, READINGS_PER_PHRASE);
      const list: string[][] = [];
      for (const reading of readings) {
        const keyword = toKeyword(reading);
        if (keyword !== undefined) list.push(spellingsOf(keyword));
      }
      keywordLists.push(list);
      if (entry.severity === 'crisis' && list.length < readings.length)
        gapped.push(phraseToRegexSource(nodes, true));
    }
  }
  const keywords = takeRoundRobin(keywordLists, AUTOMOD_LIMITS.keywords, AUTOMOD_LIMITS.keywordLength);

  const regexes: string[] = [];
  for (const regex of lexicon.automod.regexes) {
    if (regexes.length < AUTOMOD_LIMITS.regexes && regex.length <= AUTOMOD_LIMITS.regexLength)
      regexes.push(regex);
  }
  let pack: string[] = [];
  const flush = (): void => {
    if (pack.length > 0 && regexes.length < AUTOMOD_LIMITS.regexes) regexes.push(`(?i)(?:${pack.join('|')})`);
    pack = [];
  };
  for (const source of gapped) {
    if (`(?i)(?:${source})`.length > AUTOMOD_LIMITS.regexLength) continue;
    if (`(?i)(?:${[...pack, source].join('|')})`.length > AUTOMOD_LIMITS.regexLength) flush();
    pack.push(source);
  }
  flush();

  const allowLists: string[][][] = [];
  const exclusions = [
    ...lexicon.exclusions.filter((exclusion) => exclusion.kind === 'name'),
    ...lexicon.exclusions.filter((exclusion) => exclusion.kind === 'idiom'),
  ];
  for (const exclusion of exclusions) {
    for (const phrase of exclusion.phrases) {
      const readings = expandPhrase(parsePhrase(phrase, lexicon.macros), READINGS_PER_PHRASE);
      allowLists.push(
        readings
          .map(toKeyword)
          .filter((entry): entry is string => entry !== undefined)
          .map((entry) => [entry]),
      );
    }
  }
  const allow = takeRoundRobin(allowLists, AUTOMOD_LIMITS.allow, AUTOMOD_LIMITS.allowLength);
  return { keywords, regexes, allow };
}

/** Contracted spellings people type; AutoMod matches raw text, so "can not go on" alone would miss "can't go on". */
const CONTRACTIONS: readonly (readonly [RegExp, string])[] = [
  [/\bcan not\b/, "can't"],
  [/\bdo not\b/, "don't"],
  [/\bi am\b/, "i'm"],
  [/\bwill not\b/, "won't"],
  [/\bwant to\b/, 'wanna'],
  [/\bgoing to\b/, 'gonna'],
];

function spellingsOf(keyword: string): string[] {
  const spellings = [keyword];
  const plain = keyword.normalize('NFD').replace(STRIP_ACCENTS, '');
  if (plain !== keyword) spellings.push(plain);
  let contracted = keyword;
  for (const [pattern, replacement] of CONTRACTIONS) contracted = contracted.replace(pattern, replacement);
  if (contracted !== keyword) spellings.push(contracted);
  return spellings;
}

/**
 * Takes the first reading of every phrase, then the second, and so on, so that every phrase (and every language)
 * gets its main reading in before any phrase gets its variants. A reading comes with all its spellings at once
 * (accented and plain, contracted and not): people type either, and AutoMod matches the raw text. Lists are in
 * priority order (crisis first).
 */
function takeRoundRobin(
  lists: readonly (readonly (readonly string[])[])[],
  max: number,
  maxLength: number,
): string[] {
  const taken: string[] = [];
  const seen = new Set<string>();
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let round = 0; round < longest && taken.length < max; round += 1) {
    for (const list of lists) {
      for (const value of list[round] ?? []) addLimited(taken, seen, value, max, maxLength);
    }
  }
  return taken;
}
