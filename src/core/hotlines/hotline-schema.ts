import { z } from 'zod';
import type { CountryHotlines, Hotline, HotlineDirectory } from '../types.js';

/**
 * One problem found in the hotline data. Structurally identical to the knowledge validator's `Problem`
 * (`{ file, where?, message }`) so that both lists can be reported together.
 */
export interface HotlineProblem {
  file: string;
  /** e.g. `GB › Samaritans`, or `international › Find A Helpline (ThroughLine)`. */
  where?: string;
  message: string;
}

export interface HotlineCheckResult {
  errors: HotlineProblem[];
  warnings: HotlineProblem[];
}

export interface CheckHotlinesOptions {
  /** Today's date, YYYY-MM-DD (passed in so that checks are reproducible). */
  today: string;
  /** Name used in problems; defaults to `hotlines.yaml`. */
  file?: string;
}

/** A `last_verified` date at least this old is a warning. */
export const STALE_WARNING_MONTHS = 12;
/** A `last_verified` date at least this old is an error: the number must be re-checked before release. */
export const STALE_ERROR_MONTHS = 18;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** Digits with the separators people write nationally: spaces, hyphens, dots, parentheses, a leading +. */
const DIALLABLE_PATTERN = /^\+?[\d(][\d\s().-]*\d$/;
const COUNTRY_CODE_PATTERN = /^[A-Z]{2}$/;
const LANGUAGE_CODE_PATTERN = /^[a-z]{2}$/;
const FIND_A_HELPLINE_HOST = 'findahelpline.com';

/** YAML 1.1 parsers may turn `2026-11-26` into a Date; accept both and keep the plain string. */
const dateString = z.preprocess(
  (value) =>
    value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value,
  z.string().regex(DATE_PATTERN, 'must be a date written YYYY-MM-DD'),
);

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const hotlineSchema = z
  .object({
    name: nonEmpty,
    phone: nonEmpty.optional(),
    text: nonEmpty.optional(),
    chat_url: nonEmpty.optional(),
    website: nonEmpty,
    hours: nonEmpty,
    is_24_7: z.boolean().default(false),
    languages: z
      .array(z.string().regex(LANGUAGE_CODE_PATTERN, 'must be a two-letter ISO 639-1 code'))
      .default([]),
    populations: z.array(nonEmpty).default([]),
    source: nonEmpty,
    last_verified: dateString,
  })
  .strict();

const countrySchema = z
  .object({
    code: z
      .string()
      .regex(COUNTRY_CODE_PATTERN, 'must be a two-letter upper-case ISO 3166-1 code (GB for the UK)'),
    name: nonEmpty,
    emergency: nonEmpty,
    emergency_source: nonEmpty,
    lines: z.array(hotlineSchema),
  })
  .strict();

const directorySchema = z
  .object({
    international: z.array(hotlineSchema),
    countries: z.array(countrySchema),
  })
  .strict();

type RawHotline = z.infer<typeof hotlineSchema>;
type RawCountry = z.infer<typeof countrySchema>;

/**
 * Validates the parsed YAML of `knowledge/hotlines.yaml` and maps its snake_case keys to the camelCase domain types.
 * Shape problems only; policy (sources, freshness, completeness) is `checkHotlines`.
 *
 * @throws Error whose message names the file and lists every problem with its country and line name.
 */
export function parseHotlines(raw: unknown, file: string): HotlineDirectory {
  const result = directorySchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  - ${describeIssue(raw, issue.path)}: ${issue.message}`,
    );
    throw new Error(`${file}: invalid hotline data (${lines.length} problem(s)):\n${lines.join('\n')}`);
  }
  return {
    international: result.data.international.map(toHotline),
    countries: result.data.countries.map(toCountry),
  };
}

/**
 * Policy checks that keep the hotline data safe to show: every line reachable somehow, https sources, dates present
 * and fresh, countries unique and complete, and an international fallback that includes findahelpline.com.
 *
 * @see shared/reference/field-lessons.md §12 (stale numbers in other bots; a check that fails when too old)
 */
export function checkHotlines(
  directory: HotlineDirectory,
  options: CheckHotlinesOptions,
): HotlineCheckResult {
  const file = options.file ?? 'hotlines.yaml';
  const errors: HotlineProblem[] = [];
  const warnings: HotlineProblem[] = [];
  const error = (where: string | undefined, message: string): void => {
    errors.push(where === undefined ? { file, message } : { file, where, message });
  };
  const warn = (where: string, message: string): void => {
    warnings.push({ file, where, message });
  };

  if (!isDate(options.today)) {
    error(undefined, `today must be a valid YYYY-MM-DD date, got "${options.today}"`);
    return { errors, warnings };
  }

  const checkLine = (where: string, line: Hotline, requireContact: boolean): void => {
    if (requireContact && line.phone === undefined && line.text === undefined && line.chatUrl === undefined) {
      error(where, 'needs a phone number, a text option or a chat_url');
    }
    if (line.phone !== undefined && !DIALLABLE_PATTERN.test(line.phone)) {
      error(where, `phone "${line.phone}" is not a diallable number`);
    }
    if (!isHttpsUrl(line.source)) error(where, `source must be an https URL, got "${line.source}"`);
    if (!isHttpsUrl(line.website)) error(where, `website must be an https URL, got "${line.website}"`);
    if (line.chatUrl !== undefined && !isHttpsUrl(line.chatUrl)) {
      error(where, `chat_url must be an https URL, got "${line.chatUrl}"`);
    }
    checkFreshness(where, line.lastVerified);
  };

  const checkFreshness = (where: string, lastVerified: string): void => {
    if (!isDate(lastVerified)) {
      error(where, `last_verified "${lastVerified}" is not a real date`);
      return;
    }
    if (lastVerified > options.today) {
      error(where, `last_verified ${lastVerified} is in the future (today is ${options.today})`);
    } else if (lastVerified <= subtractMonths(options.today, STALE_ERROR_MONTHS)) {
      error(
        where,
        `last_verified ${lastVerified} is ${STALE_ERROR_MONTHS}+ months old: re-check the number against the live page or findahelpline.com`,
      );
    } else if (lastVerified <= subtractMonths(options.today, STALE_WARNING_MONTHS)) {
      warn(where, `last_verified ${lastVerified} is ${STALE_WARNING_MONTHS}+ months old: re-check it soon`);
    }
  };

  if (directory.international.length === 0) {
    error('international', 'the international list must not be empty');
  } else if (!directory.international.some((line) => hostOf(line.website)?.endsWith(FIND_A_HELPLINE_HOST))) {
    error('international', 'the international list must include findahelpline.com');
  }
  for (const line of directory.international) {
    checkLine(`international › ${line.name}`, line, false);
  }

  const seenCodes = new Set<string>();
  for (const country of directory.countries) {
    const where = country.code;
    if (!COUNTRY_CODE_PATTERN.test(country.code)) {
      error(where, `country code "${country.code}" must be two upper-case letters (ISO 3166-1 alpha-2)`);
    }
    if (seenCodes.has(country.code)) error(where, `country ${country.code} is listed more than once`);
    seenCodes.add(country.code);

    if (country.emergency.trim() === '') {
      error(where, 'needs a local emergency number');
    } else if (!DIALLABLE_PATTERN.test(country.emergency)) {
      error(where, `emergency "${country.emergency}" is not a diallable number`);
    }
    if (!isHttpsUrl(country.emergencySource)) {
      error(where, `emergency_source must be an https URL, got "${country.emergencySource}"`);
    }
    if (country.lines.length === 0) error(where, 'needs at least one line');

    const seenNames = new Set<string>();
    for (const line of country.lines) {
      const lineWhere = `${country.code} › ${line.name}`;
      if (seenNames.has(line.name)) error(lineWhere, 'line name is used twice in this country');
      seenNames.add(line.name);
      checkLine(lineWhere, line, true);
    }
  }

  return { errors, warnings };
}

function toHotline(raw: RawHotline): Hotline {
  return {
    name: raw.name,
    ...(raw.phone === undefined ? {} : { phone: raw.phone }),
    ...(raw.text === undefined ? {} : { text: raw.text }),
    ...(raw.chat_url === undefined ? {} : { chatUrl: raw.chat_url }),
    website: raw.website,
    hours: raw.hours,
    is24x7: raw.is_24_7,
    languages: raw.languages,
    populations: raw.populations,
    source: raw.source,
    lastVerified: raw.last_verified,
  };
}

function toCountry(raw: RawCountry): CountryHotlines {
  return {
    code: raw.code,
    name: raw.name,
    emergency: raw.emergency,
    emergencySource: raw.emergency_source,
    lines: raw.lines.map(toHotline),
  };
}

/** Turns a zod path into "GB › Samaritans › phone" using the raw data, so the message names the entry. */
function describeIssue(raw: unknown, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  let node: unknown = raw;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next =
      isRecord(node) || Array.isArray(node)
        ? (node as Record<PropertyKey, unknown>)[key as PropertyKey]
        : undefined;
    const parentKey = path[i - 1];
    if (typeof key === 'number' && parentKey === 'countries') {
      parts.push(labelOf(next, ['code', 'name']) ?? `countries[${key}]`);
    } else if (typeof key === 'number' && (parentKey === 'lines' || parentKey === 'international')) {
      const label = labelOf(next, ['name']) ?? `line ${key + 1}`;
      parts.push(parentKey === 'international' ? `international › ${label}` : label);
    } else if (key !== 'countries' && key !== 'lines' && key !== 'international') {
      parts.push(String(key));
    } else if (i === path.length - 1) {
      parts.push(String(key));
    }
    node = next;
  }
  return parts.length === 0 ? '(top level)' : parts.join(' › ');
}

function labelOf(node: unknown, keys: readonly string[]): string | undefined {
  if (!isRecord(node)) return undefined;
  for (const key of keys) {
    const value = node[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function hostOf(value: string): string | undefined {
  try {
    return new URL(value).hostname;
  } catch {
    return undefined;
  }
}

/** A real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
function isDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** `today` minus whole calendar months, clamped to the month's last day (2026-08-31 − 6 → 2026-02-28). */
function subtractMonths(today: string, months: number): string {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
