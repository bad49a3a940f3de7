import { z } from 'zod';
import {
  authorityCountries,
  deniedReason,
  hostOf,
  isAuthorityUrl,
  isSameSite,
} from '../knowledge/source-policy.js';
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

/** A `reviewed` date at least this old is a warning in the scheduled freshness check. */
export const STALE_WARNING_MONTHS = 12;
/** A `reviewed` date at least this old is an error in the scheduled freshness check (never in `npm test`). */
export const STALE_ERROR_MONTHS = 18;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const PARTIAL_DATE_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
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
const partialDate = z.preprocess(
  (value) =>
    value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value,
  z.string().regex(PARTIAL_DATE_PATTERN, 'must be a date written YYYY, YYYY-MM or YYYY-MM-DD'),
);

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
    source_date: partialDate.optional(),
    checked: dateString.optional(),
    reviewed: dateString,
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
 * Policy checks that keep the hotline data safe to show: every line reachable somehow, the source policy (the
 * service's own site, the service's or a health authority's page, a national authority for each emergency number),
 * real dates, countries unique and complete, and an international fallback that includes findahelpline.com. Age is
 * `checkHotlineFreshness`, run on a schedule.
 *
 * Why: other bots kept showing dead numbers from old lists; a check that fails when an entry is too old prevents that.
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
  const warn = (where: string | undefined, message: string): void => {
    warnings.push(where === undefined ? { file, message } : { file, where, message });
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
    checkLinePolicy(where, line);
    checkDate(where, 'reviewed', line.reviewed);
    if (line.checked !== undefined) checkDate(where, 'checked', line.checked);
  };

  /** @see issue 13: `website` is the service's own site, `source` the service's or a health authority's page. */
  const checkLinePolicy = (where: string, line: Hotline): void => {
    for (const [field, url] of [
      ['website', line.website],
      ['source', line.source],
      ['chat_url', line.chatUrl],
    ] as const) {
      const reason = url === undefined ? undefined : deniedReason(url);
      if (reason !== undefined)
        error(where, `${field} is a ${reason} (${hostOf(url ?? '') ?? url}); use the service's own site`);
    }
    // Deep links (news articles, blog posts) are never a service's own site. A warning, not an error: the line is
    // still right to show, and the knowledge check counts these entries as work left to do.
    if (isHttpsUrl(line.website) && !isHomePage(line.website)) {
      warn(
        where,
        `website should be the service's own site (its home page), not a page such as ${line.website}`,
      );
    }
    const onServiceSite =
      isSameSite(line.source, line.website) ||
      (line.chatUrl !== undefined && isSameSite(line.source, line.chatUrl));
    if (isHttpsUrl(line.source) && !onServiceSite && !isAuthorityUrl(line.source)) {
      warn(
        where,
        `source should be a page on the service's own site (${hostOf(line.website) ?? line.website}) or a health authority's page, not ${hostOf(line.source) ?? line.source}`,
      );
    }
    if (line.checked !== undefined && !onServiceSite) {
      error(
        where,
        "checked means someone read the service's own page on that date; this source is not on its site",
      );
    }
    if (line.is24x7 && !/24/.test(line.hours)) {
      error(where, `is_24_7 is true but hours ("${line.hours}") do not say 24/7`);
    }
    if (!line.is24x7 && /\b24\s*\/\s*7\b/.test(line.hours) && !/\bnot 24\s*\/\s*7\b/i.test(line.hours)) {
      warn(where, `hours ("${line.hours}") mention 24/7 but is_24_7 is false: say which part is 24/7`);
    }
  };

  const checkDate = (where: string, field: string, value: string): void => {
    if (!isDate(value)) error(where, `${field} "${value}" is not a real date`);
    else if (value > options.today)
      error(where, `${field} ${value} is in the future (today is ${options.today})`);
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
    } else {
      // Another country's authority (the US regulator for Canada, a Hungarian site for Germany) is an error; a page
      // that is not an authority at all is a warning until someone finds the national page.
      const speaksFor = authorityCountries(country.emergencySource);
      const host = hostOf(country.emergencySource) ?? country.emergencySource;
      if (speaksFor !== undefined && !speaksFor.has(country.code)) {
        error(
          where,
          `emergency_source ${host} speaks for another country: cite a government page for ${country.code}`,
        );
      } else if (speaksFor === undefined || denied(country.emergencySource)) {
        warn(
          where,
          `emergency_source should be a government or health-authority page for ${country.code}, not ${host}`,
        );
      }
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

export interface HotlineSourceCount {
  lines: number;
  /** Lines whose source is a page on the service's own site or a health authority's page. */
  sourcedToServiceOrAuthority: number;
  /** Lines marked `checked` (someone read the service's own page on that date). */
  checked: number;
  countries: number;
  /** Countries whose emergency number is sourced to a government or health-authority page for that country. */
  emergencySourcedToAuthority: number;
}

/** How much of the directory already meets the source policy's aim (printed by `lantern knowledge check`). */
export function countHotlineSources(directory: HotlineDirectory): HotlineSourceCount {
  const lines = [...directory.international, ...directory.countries.flatMap((country) => country.lines)];
  return {
    lines: lines.length,
    sourcedToServiceOrAuthority: lines.filter(
      (line) =>
        isSameSite(line.source, line.website) ||
        (line.chatUrl !== undefined && isSameSite(line.source, line.chatUrl)) ||
        isAuthorityUrl(line.source),
    ).length,
    checked: lines.filter((line) => line.checked !== undefined).length,
    countries: directory.countries.length,
    emergencySourcedToAuthority: directory.countries.filter(
      (country) => authorityCountries(country.emergencySource)?.has(country.code) === true,
    ).length,
  };
}

/**
 * The scheduled freshness check (`lantern knowledge freshness`, not `npm test`): entries whose `reviewed` date has
 * aged. A warning at 12 months, an error at 18. Kept out of the schema checks so that the calendar alone never turns
 * the test suite red.
 */
export function checkHotlineFreshness(
  directory: HotlineDirectory,
  options: CheckHotlinesOptions,
): HotlineCheckResult {
  const file = options.file ?? 'hotlines.yaml';
  const errors: HotlineProblem[] = [];
  const warnings: HotlineProblem[] = [];
  const lines = [
    ...directory.international.map((line) => ({ where: `international › ${line.name}`, line })),
    ...directory.countries.flatMap((country) =>
      country.lines.map((line) => ({ where: `${country.code} › ${line.name}`, line })),
    ),
  ];
  for (const { where, line } of lines) {
    if (!isDate(line.reviewed) || line.reviewed > options.today) continue;
    if (line.reviewed <= subtractMonths(options.today, STALE_ERROR_MONTHS)) {
      errors.push({
        file,
        where,
        message: `reviewed ${line.reviewed} is ${STALE_ERROR_MONTHS}+ months ago: re-check the number on the service's own page`,
      });
    } else if (line.reviewed <= subtractMonths(options.today, STALE_WARNING_MONTHS)) {
      warnings.push({
        file,
        where,
        message: `reviewed ${line.reviewed} is ${STALE_WARNING_MONTHS}+ months ago: re-check it soon`,
      });
    }
  }
  return { errors, warnings };
}

function denied(url: string): boolean {
  return deniedReason(url) !== undefined;
}

/** A site's home page (or one section of it, e.g. samaritans.org/ireland): not a deep link to an article. */
function isHomePage(url: string): boolean {
  try {
    const segments = new URL(url).pathname.split('/').filter((segment) => segment !== '');
    return segments.length <= 1 && !/\d{4}/.test(segments[0] ?? '');
  } catch {
    return false;
  }
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
    ...(raw.source_date === undefined ? {} : { sourceDate: raw.source_date }),
    ...(raw.checked === undefined ? {} : { checked: raw.checked }),
    reviewed: raw.reviewed,
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
