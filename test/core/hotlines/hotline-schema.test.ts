import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import {
  checkHotlineFreshness,
  checkHotlines,
  parseHotlines,
} from '../../../src/core/hotlines/hotline-schema.js';
import type { CountryHotlines, Hotline, HotlineDirectory } from '../../../src/core/types.js';

const HOTLINES_PATH = fileURLToPath(new URL('../../../knowledge/hotlines.yaml', import.meta.url));
const TODAY = '2026-12-03';

function readRealFile(): unknown {
  return parse(readFileSync(HOTLINES_PATH, 'utf8'));
}

function line(overrides: Partial<Hotline> = {}): Hotline {
  return {
    name: 'Samaritans',
    phone: '116 123',
    website: 'https://www.samaritans.org',
    hours: '24/7',
    is24x7: true,
    languages: ['en'],
    populations: [],
    source: 'https://www.samaritans.org/how-we-can-help/contact-samaritan/',
    reviewed: TODAY,
    ...overrides,
  };
}

function country(overrides: Partial<CountryHotlines> = {}): CountryHotlines {
  return {
    code: 'GB',
    name: 'United Kingdom',
    emergency: '999',
    emergencySource: 'https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/',
    lines: [line()],
    ...overrides,
  };
}

function directory(overrides: Partial<HotlineDirectory> = {}): HotlineDirectory {
  return {
    international: [
      line({
        name: 'Find A Helpline (ThroughLine)',
        website: 'https://findahelpline.com',
        hours: 'Directory',
        is24x7: false,
        source: 'https://findahelpline.com/about',
      }),
    ],
    countries: [country()],
    ...overrides,
  };
}

function lineWithoutContact(): Hotline {
  const { phone: _phone, ...rest } = line();
  return rest;
}

function messages(problems: { where?: string; message: string }[]): string[] {
  return problems.map((problem) => `${problem.where ?? ''}: ${problem.message}`);
}

describe('parseHotlines on knowledge/hotlines.yaml', () => {
  test('the real file parses into at least 30 countries with camelCase fields', () => {
    const parsed = parseHotlines(readRealFile(), 'knowledge/hotlines.yaml');
    expect(parsed.countries.length).toBeGreaterThanOrEqual(30);
    const us = parsed.countries.find((entry) => entry.code === 'US');
    expect(us?.emergencySource).toMatch(/^https:\/\//);
    expect(us?.lines[0]).toMatchObject({ phone: '988', chatUrl: 'https://988lifeline.org', is24x7: true });
    expect(us?.lines[0]?.reviewed).toBe('2026-11-26');
  });

  test('the real file has no errors; its only warnings are sources still to replace with primary pages', () => {
    const result = checkHotlines(parseHotlines(readRealFile(), 'knowledge/hotlines.yaml'), { today: TODAY });
    expect(messages(result.errors)).toEqual([]);
    for (const warning of messages(result.warnings)) {
      expect(warning).toMatch(/(source|website|emergency_source) should be/);
    }
  });

  test('every line that is not 24/7 says its hours instead of "24/7"', () => {
    const parsed = parseHotlines(readRealFile(), 'knowledge/hotlines.yaml');
    const notAllDay = parsed.countries.flatMap((entry) => entry.lines).filter((item) => !item.is24x7);
    expect(notAllDay.length).toBeGreaterThan(0);
    for (const item of notAllDay) expect(item.hours).not.toMatch(/^24\/7/);
  });
});

describe('parseHotlines on bad input', () => {
  test('lists every problem with the file, country and line name', () => {
    const raw = {
      international: [{ name: 'Find A Helpline', website: 'https://findahelpline.com', hours: 'Directory' }],
      countries: [
        {
          code: 'GB',
          name: 'United Kingdom',
          emergency: '999',
          emergency_source: 'https://example.org',
          lines: [
            {
              name: 'Samaritans',
              phone: 116123,
              website: 'https://www.samaritans.org',
              hours: '24/7',
              source: 'https://www.samaritans.org',
              reviewed: TODAY,
            },
          ],
        },
        {
          code: 'us',
          name: 'United States',
          emergency: '911',
          emergency_source: 'https://example.org',
          lines: [],
        },
      ],
    };
    let message = '';
    try {
      parseHotlines(raw, 'knowledge/hotlines.yaml');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('knowledge/hotlines.yaml');
    expect(message).toMatch(/GB › Samaritans › phone: .*string/);
    expect(message).toMatch(/international › Find A Helpline › source/);
    expect(message).toMatch(/international › Find A Helpline › reviewed/);
    expect(message).toMatch(/us › code: must be a two-letter upper-case/);
  });

  test('rejects unknown keys so that a misspelt field is not silently dropped', () => {
    const raw = {
      international: [],
      countries: [
        {
          code: 'FR',
          name: 'France',
          emergency: '112',
          emergency_source: 'https://www.112.hu/en/112_in_the_EU',
          lines: [
            {
              name: '3114',
              phone: '3114',
              website: 'https://example.org',
              hours: '24/7',
              is_24x7: true,
              source: 'https://example.org',
              reviewed: TODAY,
            },
          ],
        },
      ],
    };
    expect(() => parseHotlines(raw, 'hotlines.yaml')).toThrow(/FR › 3114.*is_24x7/);
  });

  test('rejects a document that is not a mapping', () => {
    expect(() => parseHotlines(null, 'hotlines.yaml')).toThrow(/hotlines\.yaml/);
  });

  test('accepts a reviewed date the YAML parser turned into a Date', () => {
    const raw = {
      international: [],
      countries: [
        {
          code: 'FR',
          name: 'France',
          emergency: '112',
          emergency_source: 'https://example.org',
          lines: [
            {
              name: '3114',
              phone: '3114',
              website: 'https://example.org',
              hours: '24/7',
              source: 'https://example.org',
              reviewed: new Date('2026-11-26T00:00:00Z'),
            },
          ],
        },
      ],
    };
    expect(parseHotlines(raw, 'hotlines.yaml').countries[0]?.lines[0]?.reviewed).toBe('2026-11-26');
  });
});

describe('checkHotlines', () => {
  test('a complete directory has no problems', () => {
    expect(checkHotlines(directory(), { today: TODAY })).toEqual({ errors: [], warnings: [] });
  });

  test('problems carry the file name given in the options', () => {
    const result = checkHotlines(directory({ countries: [country({ lines: [] })] }), {
      today: TODAY,
      file: 'knowledge/hotlines.yaml',
    });
    expect(result.errors).toEqual([
      { file: 'knowledge/hotlines.yaml', where: 'GB', message: 'needs at least one line' },
    ]);
  });

  test.each([
    [
      'a line with no phone, text or chat',
      directory({ countries: [country({ lines: [lineWithoutContact()] })] }),
      'GB › Samaritans: needs a phone number, a text option or a chat_url',
    ],
    [
      'an http source',
      directory({ countries: [country({ lines: [line({ source: 'http://example.org/page' })] })] }),
      'GB › Samaritans: source must be an https URL, got "http://example.org/page"',
    ],
    [
      'a source that is not a URL',
      directory({ countries: [country({ lines: [line({ source: 'Samaritans website' })] })] }),
      'GB › Samaritans: source must be an https URL, got "Samaritans website"',
    ],
    [
      'a phone that cannot be dialled',
      directory({ countries: [country({ lines: [line({ phone: 'call us' })] })] }),
      'GB › Samaritans: phone "call us" is not a diallable number',
    ],
    [
      'an impossible date',
      directory({ countries: [country({ lines: [line({ reviewed: '2026-02-30' })] })] }),
      'GB › Samaritans: reviewed "2026-02-30" is not a real date',
    ],
    [
      'a date in the future',
      directory({ countries: [country({ lines: [line({ reviewed: '2026-12-04' })] })] }),
      'GB › Samaritans: reviewed 2026-12-04 is in the future (today is 2026-12-03)',
    ],
    [
      'a country listed twice',
      directory({ countries: [country(), country()] }),
      'GB: country GB is listed more than once',
    ],
    [
      'a lower-case country code',
      directory({ countries: [country({ code: 'gb' })] }),
      'gb: country code "gb" must be two upper-case letters (ISO 3166-1 alpha-2)',
    ],
    [
      'a three-letter country code',
      directory({ countries: [country({ code: 'GBR' })] }),
      'GBR: country code "GBR" must be two upper-case letters (ISO 3166-1 alpha-2)',
    ],
    [
      'a missing emergency number',
      directory({ countries: [country({ emergency: ' ' })] }),
      'GB: needs a local emergency number',
    ],
    [
      'a country without lines',
      directory({ countries: [country({ lines: [] })] }),
      'GB: needs at least one line',
    ],
    [
      'the same line name twice in a country',
      directory({ countries: [country({ lines: [line(), line({ phone: '0800 000 000' })] })] }),
      'GB › Samaritans: line name is used twice in this country',
    ],
    [
      'an empty international list',
      directory({ international: [] }),
      'international: the international list must not be empty',
    ],
    [
      'an international list without findahelpline.com',
      directory({
        international: [
          line({ name: 'Befrienders Worldwide', website: 'https://www.befrienders.org', hours: 'Directory' }),
        ],
      }),
      'international: the international list must include findahelpline.com',
    ],
  ])('reports %s as an error', (_name, input, expected) => {
    const result = checkHotlines(input, { today: TODAY });
    expect(messages(result.errors)).toContain(expected);
  });

  test('an international directory entry needs no phone', () => {
    const withoutPhone = directory({
      international: [
        {
          name: 'Find A Helpline (ThroughLine)',
          website: 'https://findahelpline.com',
          hours: 'Directory',
          is24x7: false,
          languages: ['en'],
          populations: [],
          source: 'https://findahelpline.com/about',
          reviewed: TODAY,
        },
      ],
    });
    expect(checkHotlines(withoutPhone, { today: TODAY }).errors).toEqual([]);
  });

  test('an invalid today is reported instead of silently passing every date', () => {
    const result = checkHotlines(directory(), { today: '26/11/2026' });
    expect(messages(result.errors)).toEqual([': today must be a valid YYYY-MM-DD date, got "26/11/2026"']);
  });
});

describe('checkHotlineFreshness (the scheduled check, not npm test)', () => {
  function problemsFor(reviewed: string): { errors: string[]; warnings: string[] } {
    const result = checkHotlineFreshness(
      directory({ countries: [country({ lines: [line({ reviewed })] })] }),
      {
        today: '2026-11-26',
      },
    );
    return {
      errors: messages(result.errors).filter((m) => m.startsWith('GB')),
      warnings: messages(result.warnings).filter((m) => m.startsWith('GB')),
    };
  }

  test.each([
    ['2026-11-26', 'reviewed today', 'none'],
    ['2025-11-27', 'one day short of 12 months', 'none'],
    ['2025-11-26', 'exactly 12 months', 'warning'],
    ['2025-05-27', 'one day short of 18 months', 'warning'],
    ['2025-05-26', 'exactly 18 months', 'error'],
    ['2022-07-16', 'four years', 'error'],
  ] as const)('reviewed %s (%s) → %s', (reviewed, _label, expected) => {
    const { errors, warnings } = problemsFor(reviewed);
    if (expected === 'none') {
      expect({ errors, warnings }).toEqual({ errors: [], warnings: [] });
    } else if (expected === 'warning') {
      expect(errors).toEqual([]);
      expect(warnings).toEqual([`GB › Samaritans: reviewed ${reviewed} is 12+ months ago: re-check it soon`]);
    } else {
      expect(warnings).toEqual([]);
      expect(errors).toEqual([
        `GB › Samaritans: reviewed ${reviewed} is 18+ months ago: re-check the number on the service's own page`,
      ]);
    }
  });

  test('month arithmetic clamps to the end of shorter months (31 August − 18 months = 28 February)', () => {
    const check = (reviewed: string): string[] =>
      messages(
        checkHotlineFreshness(directory({ countries: [country({ lines: [line({ reviewed })] })] }), {
          today: '2026-08-31',
        }).errors,
      ).filter((message) => message.startsWith('GB'));
    expect(check('2025-02-28')).toEqual([
      "GB › Samaritans: reviewed 2025-02-28 is 18+ months ago: re-check the number on the service's own page",
    ]);
    expect(check('2025-03-01')).toEqual([]);
  });

  test('the real file ages in the scheduled check: warnings after a year, errors at 18 months', () => {
    const parsed = parseHotlines(readRealFile(), 'knowledge/hotlines.yaml');
    const inAYear = checkHotlineFreshness(parsed, { today: '2027-12-03' });
    expect(inAYear.errors).toEqual([]);
    expect(inAYear.warnings.length).toBeGreaterThan(30);
    expect(checkHotlineFreshness(parsed, { today: '2028-06-03' }).errors.length).toBeGreaterThan(30);
  });

  test('the schema and policy check never fails because of the calendar alone', () => {
    const parsed = parseHotlines(readRealFile(), 'knowledge/hotlines.yaml');
    expect(checkHotlines(parsed, { today: '2031-01-01' }).errors).toEqual([]);
  });
});

describe('checkHotlines source policy', () => {
  const gb = (overrides: Partial<Hotline>, countryOverrides: Partial<CountryHotlines> = {}) =>
    checkHotlines(directory({ countries: [country({ lines: [line(overrides)], ...countryOverrides })] }), {
      today: TODAY,
    });

  test.each([
    [
      'a blog as website',
      { website: 'https://someone.blogspot.com/2023/07/post.html' },
      'website is a news or blog page',
    ],
    [
      'a content farm as source',
      { source: 'https://crackittoday.com/current-affairs/tele-manas/' },
      'source is a content farm',
    ],
    ['a link shortener as source', { source: 'https://bit.ly/abc' }, 'source is a link shortener'],
    [
      "checked against a page that is not the service's",
      { source: 'https://www.nhs.uk/page', checked: TODAY },
      "checked means someone read the service's own page",
    ],
    [
      '24/7 claimed with other hours',
      { hours: 'Daily 10:00–22:00', is24x7: true },
      'is_24_7 is true but hours',
    ],
  ])('%s is an error', (_name, overrides, expected) => {
    expect(messages(gb(overrides).errors).join('\n')).toContain(expected);
  });

  test("an emergency number sourced to another country's authority is an error", () => {
    const result = gb(
      {},
      {
        code: 'CA',
        name: 'Canada',
        emergency: '911',
        emergencySource: 'https://www.fcc.gov/consumer-information',
      },
    );
    expect(messages(result.errors)).toContain(
      'CA: emergency_source fcc.gov speaks for another country: cite a government page for CA',
    );
  });

  test('the European Commission speaks for EU members, not for the UK', () => {
    const ec = 'https://ec.europa.eu/information_society/activities/112/actions/index_en.htm';
    expect(gb({}, { code: 'DE', name: 'Germany', emergency: '112', emergencySource: ec }).errors).toEqual([]);
    expect(messages(gb({}, { emergencySource: ec }).errors)).toContain(
      'GB: emergency_source ec.europa.eu speaks for another country: cite a government page for GB',
    );
  });

  test('a press page as source and a deep link as website are warnings (work left), not errors', () => {
    const result = gb({
      website: 'https://www.irishexaminer.com/ireland/charity-launches-email-service-467986.html',
      source: 'https://www.irishexaminer.com/ireland/charity-launches-email-service-467986.html',
    });
    expect(result.errors).toEqual([]);
    expect(messages(result.warnings).join('\n')).toMatch(/website should be the service's own site/);
  });

  test("a health authority page or a page on the service's own site is an acceptable source", () => {
    expect(
      messages(gb({ source: 'https://www.samaritans.org/how-we-can-help/' }).warnings),
    ).not.toContainEqual(expect.stringContaining('source should be'));
    expect(
      messages(gb({ source: 'https://www.hse.ie/eng/services/list/4/mental-health-services/' }).warnings),
    ).not.toContainEqual(expect.stringContaining('source should be'));
  });

  test("every line of the real file passes the policy's errors, and no line claims a check nobody made", () => {
    const parsed = parseHotlines(readRealFile(), 'knowledge/hotlines.yaml');
    expect(checkHotlines(parsed, { today: TODAY }).errors).toEqual([]);
    for (const each of parsed.countries.flatMap((c) => c.lines)) expect(each.checked).toBeUndefined();
  });
});
