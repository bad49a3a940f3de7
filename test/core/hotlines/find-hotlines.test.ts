import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { createHotlineFinder } from '../../../src/core/hotlines/find-hotlines.js';
import { parseHotlines } from '../../../src/core/hotlines/hotline-schema.js';
import type { CountryHotlines } from '../../../src/core/types.js';

const HOTLINES_PATH = fileURLToPath(new URL('../../../knowledge/hotlines.yaml', import.meta.url));
const directory = parseHotlines(parse(readFileSync(HOTLINES_PATH, 'utf8')), 'knowledge/hotlines.yaml');
const finder = createHotlineFinder(directory);

function codeOf(result: CountryHotlines | 'international'): string {
  return result === 'international' ? 'international' : result.code;
}

function codes(countries: CountryHotlines[]): string[] {
  return countries.map((country) => country.code);
}

/**
 * Every phone number in the data, per country, with whether the source says it is 24/7. An accidental edit to any
 * number, an added number or a dropped one fails here: change this table only after checking the live source.
 */
const EXPECTED_PHONES: Record<string, [phone: string, is24x7: boolean][]> = {
  US: [['988', true]],
  CA: [['988', true]],
  GB: [['116 123', true]],
  IE: [
    ['116 123', true],
    ['1800 247 247', true],
  ],
  AU: [['13 11 14', true]],
  NZ: [['1737', true]],
  IN: [
    ['14416', true],
    ['1-800-891-4416', true],
  ],
  DE: [
    ['0800 111 0 111', true],
    ['0800 111 0 222', true],
  ],
  FR: [['3114', true]],
  ES: [
    ['024', true],
    ['717 003 717', false],
  ],
  IT: [['02 2327 2327', false]],
  NL: [
    ['113', true],
    ['0800-0113', true],
  ],
  BE: [
    ['1813', true],
    ['0800 32 123', true],
  ],
  SE: [['90101', true]],
  NO: [
    ['116 123', true],
    ['22 40 00 40', true],
  ],
  DK: [['70 201 201', false]],
  FI: [
    ['09 2525 0111', true],
    ['09 2525 0112', false],
  ],
  PL: [
    ['800 70 2222', true],
    ['116 111', true],
  ],
  BR: [['188', true]],
  MX: [['800 911 2000', true]],
  AR: [
    ['0800-999-0091', true],
    ['135', false],
    ['(011) 5275-1135', false],
  ],
  JP: [
    ['0120-279-338', true],
    // Yorisoi's separate line for Iwate, Miyagi and Fukushima (MHLW, 2013)
    ['0120-279-226', true],
    ['0570-783-556', false],
    ['0120-783-556', false],
    ['0120-061-338', false],
  ],
  KR: [['109', true]],
  PH: [
    ['1553', true],
    ['0919-057-1553', true],
    ['0917-899-8727', true],
  ],
  SG: [
    ['1767', true],
    // round-the-clock since launch (MOH release, 18 June 2025)
    ['1771', true],
  ],
  ZA: [
    ['0800 567 567', true],
    ['0800 456 789', true],
  ],
  HK: [
    ['18111', true],
    ['2389 2222', true],
    ['2896 0000', true],
  ],
  AT: [['142', true]],
  CH: [
    ['143', true],
    ['147', true],
  ],
  PT: [
    ['1411', true],
    ['808 24 24 24', false],
    ['213 544 545', false],
  ],
  IL: [['1201', true]],
};

/** Local emergency numbers, each checked on the page in the country's emergency_source. */
const EXPECTED_EMERGENCY: Record<string, string> = {
  US: '911',
  CA: '911',
  GB: '999',
  IE: '112',
  AU: '000',
  NZ: '111',
  IN: '112',
  DE: '112',
  FR: '112',
  ES: '112',
  IT: '112',
  NL: '112',
  BE: '112',
  SE: '112',
  NO: '113',
  DK: '112',
  FI: '112',
  PL: '112',
  BR: '192',
  MX: '911',
  AR: '107',
  JP: '119',
  KR: '119',
  PH: '911',
  SG: '995',
  ZA: '112',
  HK: '999',
  AT: '112',
  CH: '144',
  PT: '112',
  IL: '101',
};

describe('hotline numbers in knowledge/hotlines.yaml', () => {
  test('the tables below cover every country in the file, and at least 30', () => {
    expect(Object.keys(EXPECTED_PHONES).length).toBeGreaterThanOrEqual(30);
    expect(codes(finder.countries()).sort()).toEqual(Object.keys(EXPECTED_PHONES).sort());
    expect(Object.keys(EXPECTED_EMERGENCY).sort()).toEqual(Object.keys(EXPECTED_PHONES).sort());
  });

  test.each(Object.entries(EXPECTED_PHONES))(
    '%s has exactly the expected phone numbers',
    (code, expected) => {
      const country = finder.forCountry(code);
      const actual = (country?.lines ?? [])
        .filter((line) => line.phone !== undefined)
        .map((line): [string, boolean] => [line.phone ?? '', line.is24x7]);
      expect(actual).toEqual(expected);
    },
  );

  test.each(Object.entries(EXPECTED_EMERGENCY))('%s emergency number is %s', (code, emergency) => {
    expect(finder.forCountry(code)?.emergency).toBe(emergency);
  });

  test.each([
    ['US', 'Text 988'],
    ['CA', 'Text 988'],
    ['GB', 'Text SHOUT to 85258'],
    ['IE', 'Text HELP to 51444'],
    ['AU', 'Text 0477 13 11 14'],
    ['NZ', 'Text 1737'],
    ['IT', 'WhatsApp 324 011 7252'],
    ['SG', 'WhatsApp CareText 9151 1767'],
    ['SG', 'WhatsApp 6669 1771'],
    ['ZA', 'SMS 31393 and SADAG calls you back'],
    ['ZA', 'WhatsApp 087 163 2030'],
    ['CH', 'WhatsApp 147'],
  ])('%s offers "%s"', (code, text) => {
    expect(finder.forCountry(code)?.lines.map((line) => line.text)).toContain(text);
  });

  test.each([
    ['1-800-273-8255', 'old US Lifeline number'],
    ['741741', 'Crisis Text Line ([S] only)'],
    ['1393', 'South Korea line replaced by 109 in 2024'],
    ['08457 90 90 90', 'old UK Samaritans number'],
    ['09 2525 0113', 'Finland English line (conflicting sources)'],
    ['09 2525 0116', 'Finland English line (conflicting sources)'],
  ])('never lists %s (%s)', (number) => {
    const digitsOf = (value: string): string => value.replace(/\D/g, '');
    const listed = [
      ...directory.countries.flatMap((country) => country.lines),
      ...directory.international,
    ].flatMap((line) => [line.phone ?? '', ...(line.text?.match(/\d[\d\s-]*\d/g) ?? [])]);
    expect(listed.map(digitsOf)).not.toContain(digitsOf(number));
  });

  test('the main US, UK, Canadian and Australian lines point at their own websites or sources', () => {
    expect(finder.forCountry('US')?.lines[0]?.website).toBe('https://988lifeline.org');
    expect(finder.forCountry('GB')?.lines[0]?.website).toBe('https://www.samaritans.org');
    expect(finder.forCountry('CA')?.lines[0]?.languages).toEqual(['en', 'fr']);
    expect(finder.forCountry('AU')?.lines[0]?.is24x7).toBe(true);
  });

  test('Belgium is one country with its Dutch and French lines', () => {
    expect(finder.forCountry('BE')?.lines.map((line) => line.languages)).toEqual([['nl'], ['fr']]);
  });

  test('youth lines are marked as such', () => {
    expect(finder.forCountry('PL')?.lines.find((line) => line.phone === '116 111')?.populations).toEqual([
      'youth',
    ]);
    expect(finder.forCountry('CH')?.lines.find((line) => line.phone === '147')?.populations).toEqual([
      'youth',
    ]);
  });

  test('the international fallbacks include findahelpline.com and Befrienders Worldwide', () => {
    expect(finder.international().map((line) => line.website)).toEqual([
      'https://findahelpline.com',
      'https://www.befrienders.org',
    ]);
  });
});

describe('forCountry', () => {
  test.each([
    ['GB', 'GB'],
    ['gb', 'GB'],
    [' de ', 'DE'],
    ['UK', 'GB'],
    ['uk', 'GB'],
  ])('%j → %s', (input, expected) => {
    expect(finder.forCountry(input)?.code).toBe(expected);
  });

  test.each(['XX', '', 'en-US', 'EN', 'United Kingdom', 'GBR'])('%j → undefined', (input) => {
    expect(finder.forCountry(input)).toBeUndefined();
  });
});

describe('resolve: chosen → saved user region → server default → international', () => {
  test.each([
    [{ chosen: 'GB', userRegion: 'US', serverRegion: 'DE' }, 'GB'],
    [{ userRegion: 'US', serverRegion: 'DE' }, 'US'],
    [{ serverRegion: 'DE' }, 'DE'],
    [{}, 'international'],
    [{ chosen: 'XX', userRegion: 'FR', serverRegion: 'DE' }, 'FR'],
    [{ chosen: 'XX', userRegion: 'YY', serverRegion: 'BR' }, 'BR'],
    [{ chosen: 'XX', userRegion: 'YY', serverRegion: 'ZZ' }, 'international'],
    [{ chosen: undefined, userRegion: undefined, serverRegion: 'jp' }, 'JP'],
    [{ chosen: 'uk', serverRegion: 'US' }, 'GB'],
    [{ chosen: '', userRegion: 'KR' }, 'KR'],
  ])('%j → %s', (input, expected) => {
    expect(codeOf(finder.resolve(input))).toBe(expected);
  });

  test('never infers a country from a language or locale', () => {
    const withLocale = { locale: 'en-US', language: 'es' } as unknown as Parameters<typeof finder.resolve>[0];
    expect(finder.resolve(withLocale)).toBe('international');
    expect(codeOf(finder.resolve({ ...withLocale, serverRegion: 'MX' }))).toBe('MX');
  });
});

describe('searchCountries (autocomplete)', () => {
  test('an empty query returns the first countries alphabetically, up to the limit', () => {
    const names = finder.searchCountries('', 25).map((country) => country.name);
    expect(names).toHaveLength(25);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    expect(names[0]).toBe('Argentina');
    expect(finder.searchCountries('   ', 3).map((country) => country.name)).toEqual([
      'Argentina',
      'Australia',
      'Austria',
    ]);
  });

  test('never returns more than the limit (Discord shows at most 25 choices)', () => {
    expect(finder.searchCountries('a', 25).length).toBeLessThanOrEqual(25);
    expect(finder.searchCountries('s', 2)).toHaveLength(2);
    expect(finder.searchCountries('s', 0)).toEqual([]);
  });

  test.each([
    ['united', ['GB', 'US']],
    ['UNITED K', ['GB']],
    ['uk', ['GB']],
    ['kor', ['KR']],
    ['méxico', ['MX']],
    ['MEXICO', ['MX']],
    ['zealand', ['NZ']],
    ['xyz', []],
  ])('%j → %j', (query, expected) => {
    expect(codes(finder.searchCountries(query, 25))).toEqual(expected);
  });

  test('an exact code comes first, then name prefixes, then other matches', () => {
    expect(codes(finder.searchCountries('in', 25))[0]).toBe('IN');
    expect(codes(finder.searchCountries('po', 25))).toEqual(['PL', 'PT', 'SG']);
  });

  test('name prefixes rank above words inside names and above substrings', () => {
    const result = codes(finder.searchCountries('s', 25));
    expect(result.slice(0, 6)).toEqual(['SG', 'ZA', 'KR', 'ES', 'SE', 'CH']);
    expect(result.indexOf('US')).toBeLessThan(result.indexOf('AU'));
  });
});

describe('createHotlineFinder on a small directory', () => {
  test('countries() lists every country alphabetically without changing the input', () => {
    const input = {
      international: [],
      countries: [
        { code: 'SE', name: 'Sweden', emergency: '112', emergencySource: 'https://x.example', lines: [] },
        { code: 'AT', name: 'Austria', emergency: '112', emergencySource: 'https://x.example', lines: [] },
      ],
    };
    const small = createHotlineFinder(input);
    expect(codes(small.countries())).toEqual(['AT', 'SE']);
    expect(codes(input.countries)).toEqual(['SE', 'AT']);
    expect(small.resolve({ chosen: 'GB' })).toBe('international');
  });
});
