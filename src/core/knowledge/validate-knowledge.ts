import { checkHotlines } from '../hotlines/hotline-schema.js';
import type { Card, HotlineDirectory } from '../types.js';
import type { Problem } from './card-schema.js';
import { splitPassages } from './split-passages.js';

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
 * Checks the knowledge as a whole, beyond what one file can show: unique ids, sources, myth fields, alias
 * collisions, review freshness, related links, passage sizes, and the hotline directory. Every problem names its
 * file and where in it.
 *
 * @param today - the date freshness is measured against, `YYYY-MM-DD` or a `Date` (its UTC day).
 */
export function validateKnowledge(input: KnowledgeInput, { today }: { today: string | Date }): KnowledgeReport {
  const errors: Problem[] = [...input.parseProblems, ...(input.lexiconProblems ?? [])];
  const warnings: Problem[] = [];
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
    checkReviewed(card, todayDate, errors, warnings);
    checkRelated(card, firstFileById, errors, warnings);
    checkPassages(card, warnings);
  }
  checkAliases(input.cards, errors, warnings);

  if (input.hotlines !== undefined) {
    const hotlines = checkHotlines(input.hotlines, { today: formatDay(todayDate), file: HOTLINES_FILE });
    errors.push(...hotlines.errors);
    warnings.push(...hotlines.warnings);
  }
  return { errors, warnings };
}

function checkSources(card: Card, today: Day, errors: Problem[]): void {
  if (!card.sources.some((source) => source.url.trim() !== '')) {
    errors.push({ file: card.file, where: 'sources', message: 'every card needs at least one source with a URL' });
  }
  card.sources.forEach((source, index) => {
    const where = `sources[${index}]`;
    if (source.url.trim() === '') errors.push({ file: card.file, where, message: 'source has no URL' });
    if (isAfter(source.date, today)) {
      errors.push({ file: card.file, where: `${where}.date`, message: `date ${source.date} is in the future` });
    }
  });
}

function checkMyth(card: Card, errors: Problem[]): void {
  if (card.kind !== 'myth') return;
  if (!card.myth?.trim()) errors.push({ file: card.file, where: 'myth', message: 'a myth card needs its myth' });
  if (!card.verdict?.trim()) errors.push({ file: card.file, where: 'verdict', message: 'a myth card needs a verdict' });
}

function checkReviewed(card: Card, today: Day, errors: Problem[], warnings: Problem[]): void {
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
    errors.push({
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

function checkPassages(card: Card, warnings: Problem[]): void {
  for (const passage of splitPassages(card)) {
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
