import type { CountryHotlines, Hotline, HotlineDirectory } from '../types.js';

/** Where to look for a person's region, most specific first. There is deliberately no locale or language here. */
export interface ResolveHotlinesInput {
  /** A country the person picked for this request (e.g. a command option). */
  chosen?: string | undefined;
  /** The person's saved region. */
  userRegion?: string | undefined;
  /** The server's default region, set by its moderators. */
  serverRegion?: string | undefined;
}

export interface HotlineFinder {
  /** The country's lines by ISO 3166-1 alpha-2 code (case-insensitive; "UK" is accepted for GB). */
  forCountry(code: string): CountryHotlines | undefined;
  /**
   * The first known country among chosen → user's saved region → server's default region, else `'international'`
   * (findahelpline.com and the other fallbacks). Unknown codes fall through to the next preference.
   */
  resolve(input: ResolveHotlinesInput): CountryHotlines | 'international';
  /** Countries for autocomplete: name or code, case- and accent-insensitive, prefix matches first. */
  searchCountries(query: string, limit: number): CountryHotlines[];
  /** International fallbacks (directories such as findahelpline.com). */
  international(): Hotline[];
  /** Every country, alphabetically by name. */
  countries(): CountryHotlines[];
}

/** The port for code that needs a person's crisis lines and nothing else (the crisis responder). */
export type HotlineResolver = Pick<HotlineFinder, 'resolve'>;

/**
 * Codes people type that are not the ISO code. Only country codes: a language or locale ("en", "es", "en-US") never
 * selects a country, because Discord tells us a person's language and never where they are.
 *
 * ('en' is not the US; 'es' is not Spain.)
 */
const COUNTRY_CODE_ALIASES: Readonly<Record<string, string>> = { UK: 'GB' };

/**
 * Looks up crisis lines for a person. Pure and synchronous: build it once per loaded directory.
 */
export function createHotlineFinder(directory: HotlineDirectory): HotlineFinder {
  const byCode = new Map<string, CountryHotlines>(
    directory.countries.map((country) => [country.code, country]),
  );
  const sorted = [...directory.countries].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const searchable = sorted.map((country) => ({
    country,
    name: fold(country.name),
    words: fold(country.name)
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
    codes: [fold(country.code), ...aliasesOf(country.code).map(fold)],
  }));

  const forCountry = (code: string): CountryHotlines | undefined => {
    const upper = code.trim().toUpperCase();
    return byCode.get(COUNTRY_CODE_ALIASES[upper] ?? upper);
  };

  return {
    forCountry,

    resolve({ chosen, userRegion, serverRegion }) {
      for (const code of [chosen, userRegion, serverRegion]) {
        if (code === undefined) continue;
        const country = forCountry(code);
        if (country !== undefined) return country;
      }
      return 'international';
    },

    searchCountries(query, limit) {
      const max = Math.max(0, Math.floor(limit));
      const q = fold(query).trim();
      if (q === '') return sorted.slice(0, max);
      const ranked: { country: CountryHotlines; rank: number }[] = [];
      for (const entry of searchable) {
        const rank = rankMatch(entry, q);
        if (rank !== undefined) ranked.push({ country: entry.country, rank });
      }
      // Array.prototype.sort is stable, so equal ranks keep alphabetical order.
      return ranked
        .sort((a, b) => a.rank - b.rank)
        .slice(0, max)
        .map((entry) => entry.country);
    },

    international() {
      return directory.international;
    },

    countries() {
      return sorted;
    },
  };
}

interface SearchEntry {
  name: string;
  words: string[];
  codes: string[];
}

/** 0 exact code, 1 name prefix, 2 code prefix, 3 word prefix ("kor" → South Korea), 4 substring; else no match. */
function rankMatch(entry: SearchEntry, q: string): number | undefined {
  if (entry.codes.includes(q)) return 0;
  if (entry.name.startsWith(q)) return 1;
  if (entry.codes.some((code) => code.startsWith(q))) return 2;
  if (entry.words.some((word) => word.startsWith(q))) return 3;
  if (entry.name.includes(q)) return 4;
  return undefined;
}

function aliasesOf(code: string): string[] {
  return Object.entries(COUNTRY_CODE_ALIASES)
    .filter(([, target]) => target === code)
    .map(([alias]) => alias);
}

/** Lower case without accents, so "mexico" finds "México" and "ISR" finds "Israel". */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
