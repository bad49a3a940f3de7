import { checkHotlineFreshness, checkHotlines } from '../hotlines/hotline-schema.js';
import type { Card, HotlineDirectory, Passage } from '../types.js';
import type { Problem } from './card-schema.js';
import { deniedReason, hostOf, isPrimaryUrl } from './source-policy.js';
import { splitPassages, unknownDirectives } from './split-passages.js';

export interface KnowledgeInput {
  /** Cards that parsed. */
  cards: readonly Card[];
  /** Problems found while parsing card files (those cards are missing from `cards`). */
  parseProblems: readonly Problem[];
  hotlines?: HotlineDirectory;
  /** Problems found while loading the crisis lexicon; they are all errors. */
  lexiconProblems?: readonly Problem[];
}

export interface KnowledgeReport {
  errors: Problem[];
  warnings: Problem[];
  /** How well the cards' claims are sourced (sentences with a number, a date or a regulatory statement). */
  claims: ClaimCount;
}

export interface ClaimCount {
  /** Sentences in passages that state a number, a date or a regulatory fact. */
  total: number;
  /** Of those, the ones whose passage names a primary source. */
  withPrimarySource: number;
  /**
   * Of those, the ones on a passage whose sources line lists every source of a card with three or more: sourced, but
   * not yet narrowed to the sources the claim rests on (a review task, not an error).
   */
  onUnnarrowedPassages: number;
}

export interface ValidateOptions {
  /** The date freshness is measured against, `YYYY-MM-DD` or a `Date` (its UTC day). */
  today: string | Date;
  /**
   * Whether to age reviews: `'warn'` (the default, for `npm test` and startup) reports aged cards only as
   * warnings so that the calendar alone never fails a build; `'strict'` (the scheduled `lantern knowledge
   * freshness`) makes reviews over 18 months errors and adds the hotline ages.
   */
  age?: 'warn' | 'strict';
}

/** A card not reviewed for this long is a warning... */
export const REVIEW_WARNING_MONTHS = 12;
/** ...and for longer than this an error: health facts go stale (new approvals, new safety findings). */
export const REVIEW_ERROR_MONTHS = 18;
/** Passages outside this range retrieve badly: too short to match, too long to cite (the format asks 40–150). */
/** Where hotline problems point, relative to the knowledge directory like card files. */
const HOTLINES_FILE = 'hotlines.yaml';
export const PASSAGE_WORDS = { min: 20, max: 220 } as const;

/**
 * Checks the knowledge as a whole, beyond what one file can show: unique ids, the source policy, a source behind
 * every numeric, dated or regulatory claim, myth fields, alias collisions, review age, related links, passage sizes,
 * and the hotline directory. Every problem names its file and where in it.
 */
export function validateKnowledge(input: KnowledgeInput, { today, age = 'warn' }: ValidateOptions): KnowledgeReport {
  const errors: Problem[] = [...input.parseProblems, ...(input.lexiconProblems ?? [])];
  const warnings: Problem[] = [];
  const claims: ClaimCount = { total: 0, withPrimarySource: 0, onUnnarrowedPassages: 0 };
  const todayDate = toDay(today);

  const firstFileById = new Map<string, string>();
  for (const card of input.cards) {
    const seen = firstFileById.get(card.id);
    if (seen === undefined) firstFileById.set(card.id, card.file);
    else errors.push({ file: card.file, where: 'id', message: `id "${card.id}" is already used by ${seen}` });
  }

  for (const card of input.cards) {
    checkSources(card, todayDate, errors);
    checkMyth(card, errors);
    checkReviewed(card, todayDate, errors, warnings, age === 'strict');
    checkRelated(card, firstFileById, errors, warnings);
    const passages = splitPassages(card);
    checkPassages(card, passages, warnings);
    checkPassageSources(card, passages, errors, claims);
    checkQuestions(card, passages, errors);
  }
  checkAliases(input.cards, errors, warnings);

  if (input.hotlines !== undefined) {
    const hotlines = checkHotlines(input.hotlines, { today: formatDay(todayDate), file: HOTLINES_FILE });
    errors.push(...hotlines.errors);
    warnings.push(...hotlines.warnings);
    if (age === 'strict') {
      const aged = checkHotlineFreshness(input.hotlines, { today: formatDay(todayDate), file: HOTLINES_FILE });
      errors.push(...aged.errors);
      warnings.push(...aged.warnings);
    }
  }
  return { errors, warnings, claims };
}

/**
 * The source policy: every source https and off the deny-list; a primary source (not `secondary: true`) must be a
 * regulator, guideline body, journal article, public-health agency or a service's own site; every card needs one.
 * @see ./source-policy.ts
 */
function checkSources(card: Card, today: Day, errors: Problem[]): void {
  if (!card.sources.some((source) => source.url.trim() !== '')) {
    errors.push({ file: card.file, where: 'sources', message: 'every card needs at least one source with a URL' });
  }
  if (!card.sources.some((source) => source.secondary !== true)) {
    errors.push({ file: card.file, where: 'sources', message: 'every card needs a primary source (not secondary)' });
  }
  const learnMore = card.sources[0];
  if (learnMore !== undefined && (learnMore.secondary === true || !isPrimaryUrl(learnMore.url))) {
    errors.push({
      file: card.file,
      where: 'sources[0]',
      message: 'the first source is the card\'s "Learn more" link: make it a primary source',
    });
  }
  card.sources.forEach((source, index) => {
    const where = `sources[${index}]`;
    if (source.url.trim() === '') errors.push({ file: card.file, where, message: 'source has no URL' });
    const denied = deniedReason(source.url);
    if (denied !== undefined) {
      errors.push({
        file: card.file,
        where: `${where}.url`,
        message: `${hostOf(source.url)} is a ${denied}: cite the original page instead`,
      });
    } else if (source.secondary !== true && !isPrimaryUrl(source.url)) {
      errors.push({
        file: card.file,
        where: `${where}.url`,
        message: `${hostOf(source.url) ?? source.url} is not a primary source (regulator, guideline body, journal article, public-health agency, a service's own site): cite the primary page, or mark this one secondary: true beside it`,
      });
    }
    if (isAfter(source.date, today)) {
      errors.push({ file: card.file, where: `${where}.date`, message: `date ${source.date} is in the future` });
    }
  });
}

/** A number (not inside a word), a month-and-year or a year, or a regulatory statement. */
const NUMBER_OR_DATE = /(?<![\p{L}-])\d/u;
const REGULATORY =
  /\b(FDA|EMA|MHRA|NICE|DEA|REMS|approv(?:ed|al|es)|licen[cs]ed|boxed warning|label|Schedule (?:I|II|III|IV|V)\b|controlled substance|contraindicat\w*|recommend(?:s|ed|ation)?|prescribing information)\b/;

/** Sentences of a passage (headings and list items count as their own sentences). */
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z"“(])|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

export function isClaim(sentence: string): boolean {
  return NUMBER_OR_DATE.test(sentence) || REGULATORY.test(sentence);
}

/**
 * Every number, date and regulatory claim must have a source on its own passage, and at least one of a passage's
 * sources must be primary; source ids must name sources of the card.
 */
function checkPassageSources(card: Card, passages: readonly Passage[], errors: Problem[], claims: ClaimCount): void {
  const byId = new Map(card.sources.map((source) => [source.id, source]));
  for (const passage of passages) {
    const where = passage.heading === '' ? 'opening' : `## ${passage.heading}`;
    for (const id of passage.sourceIds) {
      if (!byId.has(id)) errors.push({ file: card.file, where, message: `sources line names "${id}", which is not a source id of this card` });
    }
    const sources = passage.sourceIds.flatMap((id) => byId.get(id) ?? []);
    const hasPrimary = sources.some((source) => source.secondary !== true && isPrimaryUrl(source.url));
    // The heading is a question, not a claim; the summary is part of the opening passage and counts.
    const claimSentences = sentencesOf(passage.text).filter(
      (sentence) => sentence !== passage.heading && isClaim(sentence),
    );
    claims.total += claimSentences.length;
    if (hasPrimary) claims.withPrimarySource += claimSentences.length;
    if (card.sources.length >= 3 && card.sources.every((source) => passage.sourceIds.includes(source.id))) {
      claims.onUnnarrowedPassages += claimSentences.length;
    }
    if (claimSentences.length === 0) continue;
    if (sources.length === 0) {
      errors.push({
        file: card.file,
        where,
        message: `states a number, date or regulatory fact ("${truncate(claimSentences[0] ?? '', 60)}") without a sources line: add <!-- sources: id --> under the heading`,
      });
    } else if (!hasPrimary) {
      errors.push({ file: card.file, where, message: 'its sources are all secondary: add the primary source' });
    }
  }
}

/** At most this many `questions:` per passage: they are a retrieval signal, and a long list drowns the text's own words. */
export const MAX_QUESTIONS_PER_PASSAGE = 8;

/**
 * `<!-- questions: … -->` lines: known directive names only, each question 8 to 140 characters, a few words, no
 * markup, not repeated on another passage of the same card, and at most {@link MAX_QUESTIONS_PER_PASSAGE} a passage.
 */
function checkQuestions(card: Card, passages: readonly Passage[], errors: Problem[]): void {
  for (const name of unknownDirectives(card)) {
    errors.push({ file: card.file, where: 'body', message: `unknown line <!-- ${name}: … -->: Lantern reads only "sources" and "questions"` });
  }
  const firstPassage = new Map<string, string>();
  for (const passage of passages) {
    const where = passage.heading === '' ? 'opening' : `## ${passage.heading}`;
    if (passage.questions.length > MAX_QUESTIONS_PER_PASSAGE) {
      errors.push({ file: card.file, where, message: `has ${passage.questions.length} questions; at most ${MAX_QUESTIONS_PER_PASSAGE}` });
    }
    for (const question of passage.questions) {
      const words = question.split(/\s+/).length;
      if (question.length < 8 || question.length > 140 || words < 2) {
        errors.push({ file: card.file, where, message: `question "${truncate(question, 40)}" must be 8 to 140 characters and at least 2 words` });
      } else if (/[<>*_`#[\]]/.test(question)) {
        errors.push({ file: card.file, where, message: `question "${truncate(question, 40)}" must be plain words, without markup` });
      }
      const key = question.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      const seen = firstPassage.get(key);
      if (seen !== undefined) {
        errors.push({ file: card.file, where, message: `question "${truncate(question, 40)}" is already listed under ${seen}` });
      } else firstPassage.set(key, where);
    }
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A summary that opens "No." or "Misleading." is shown right after the verdict, so it must not contradict or repeat it. */
const SUMMARY_VERDICT_OPENING = /^(yes|no|false|true|misleading|partly true|outdated)\b/i;

function checkMyth(card: Card, errors: Problem[]): void {
  if (card.kind !== 'myth') return;
  if (!card.myth?.trim()) errors.push({ file: card.file, where: 'myth', message: 'a myth card needs its myth' });
  if (!card.verdict?.trim()) errors.push({ file: card.file, where: 'verdict', message: 'a myth card needs a verdict' });
  const opening = SUMMARY_VERDICT_OPENING.exec(card.summary.trim());
  if (opening !== null) {
    errors.push({
      file: card.file,
      where: 'summary',
      message: `the summary opens with "${opening[0]}"; the verdict (${card.verdict ?? 'none'}) is shown beside it, so start with the evidence instead`,
    });
  }
}

function checkReviewed(card: Card, today: Day, errors: Problem[], warnings: Problem[], strict: boolean): void {
  const reviewed = parseDay(card.reviewed);
  if (reviewed === undefined) {
    errors.push({ file: card.file, where: 'reviewed', message: `"${card.reviewed}" is not a date (YYYY-MM-DD)` });
    return;
  }
  if (compareDays(reviewed, today) > 0) {
    errors.push({ file: card.file, where: 'reviewed', message: `${card.reviewed} is in the future` });
    return;
  }
  if (compareDays(reviewed, monthsBefore(today, REVIEW_ERROR_MONTHS)) < 0) {
    // Only the scheduled freshness check fails on age; everywhere else the calendar alone must not break a build.
    (strict ? errors : warnings).push({
      file: card.file,
      where: 'reviewed',
      message: `last reviewed ${card.reviewed}, over ${REVIEW_ERROR_MONTHS} months ago: check it against its sources`,
    });
  } else if (compareDays(reviewed, monthsBefore(today, REVIEW_WARNING_MONTHS)) <= 0) {
    warnings.push({
      file: card.file,
      where: 'reviewed',
      message: `last reviewed ${card.reviewed}, ${monthsBetween(reviewed, today)} months ago: due for review`,
    });
  }
}

function checkRelated(card: Card, files: Map<string, string>, errors: Problem[], warnings: Problem[]): void {
  card.related.forEach((id, index) => {
    const where = `related[${index}]`;
    if (id === card.id) warnings.push({ file: card.file, where, message: 'a card need not list itself as related' });
    else if (!files.has(id)) errors.push({ file: card.file, where, message: `no card has the id "${id}"` });
  });
}

function checkPassages(card: Card, passages: readonly Passage[], warnings: Problem[]): void {
  for (const passage of passages) {
    const words = countWords(passage.text);
    if (words >= PASSAGE_WORDS.min && words <= PASSAGE_WORDS.max) continue;
    const where = passage.heading === '' ? 'opening' : `## ${passage.heading}`;
    warnings.push({
      file: card.file,
      where,
      message:
        words < PASSAGE_WORDS.min
          ? `section has ${words} words; under ${PASSAGE_WORDS.min} it rarely matches a question`
          : `section has ${words} words; over ${PASSAGE_WORDS.max} split it under a new heading`,
    });
  }
}

/**
 * Aliases are search synonyms and autocomplete entries, so one alias must lead to one card. An alias equal to
 * another card's title is allowed but suspicious (the title already leads there).
 */
function checkAliases(cards: readonly Card[], errors: Problem[], warnings: Problem[]): void {
  const owners = new Map<string, { card: Card; alias: string }>();
  const titles = new Map<string, Card>();
  for (const card of cards) titles.set(normalizeAlias(card.title), card);

  for (const card of cards) {
    const own = new Set<string>();
    card.aliases.forEach((alias, index) => {
      const where = `aliases[${index}]`;
      const key = normalizeAlias(alias);
      if (own.has(key)) {
        warnings.push({ file: card.file, where, message: `alias "${alias}" is listed twice` });
        return;
      }
      own.add(key);
      const owner = owners.get(key);
      if (owner !== undefined && owner.card.id !== card.id) {
        errors.push({
          file: card.file,
          where,
          message: `alias "${alias}" is also an alias of ${owner.card.id} ("${owner.alias}"); keep it on one card`,
        });
      } else {
        owners.set(key, { card, alias });
      }
      const titled = titles.get(key);
      if (titled !== undefined && titled.id !== card.id) {
        warnings.push({ file: card.file, where, message: `alias "${alias}" is the title of ${titled.id}` });
      }
    });
  }
}

/** Lower-case, accents off, any run of spaces, hyphens or punctuation as one space. */
export function normalizeAlias(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

type Day = { year: number; month: number; day: number };

function toDay(today: string | Date): Day {
  if (typeof today !== 'string') {
    return { year: today.getUTCFullYear(), month: today.getUTCMonth() + 1, day: today.getUTCDate() };
  }
  const day = parseDay(today);
  if (day === undefined) throw new TypeError(`today must be YYYY-MM-DD, got "${today}"`);
  return day;
}

/** Parses YYYY, YYYY-MM or YYYY-MM-DD; missing parts are undefined (0). */
function parseDay(text: string): Day | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!match) return undefined;
  return { year: Number(match[1]), month: Number(match[2] ?? 0), day: Number(match[3] ?? 0) };
}

function formatDay({ year, month, day }: Day): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function compareDays(a: Day, b: Day): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** True when a possibly partial date (2027, 2026-12) starts after `today`. */
function isAfter(date: string, today: Day): boolean {
  const parsed = parseDay(date);
  if (parsed === undefined) return false;
  if (parsed.year !== today.year) return parsed.year > today.year;
  if (parsed.month === 0 || parsed.month !== today.month) return parsed.month > today.month;
  return parsed.day > today.day;
}

/** The same day of the month, `months` earlier (days past a month's end compare correctly all the same). */
function monthsBefore(day: Day, months: number): Day {
  const index = day.year * 12 + (day.month - 1) - months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1, day: day.day };
}

/** Whole months from `from` to `to` (a month counts once its day of the month is reached). */
function monthsBetween(from: Day, to: Day): number {
  return (to.year - from.year) * 12 + (to.month - from.month) - (to.day < from.day ? 1 : 0);
}
