import { describe, expect, test } from 'vitest';
import type { CountryHotlines, Hotline } from '../../../src/core/types.js';
import { renderHotlineEmbed } from '../../../src/discord/views/render-hotlines.js';

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
    reviewed: '2026-11-26',
    ...overrides,
  };
}

const country = (lines: Hotline[]): CountryHotlines => ({
  code: 'GB',
  name: 'United Kingdom',
  emergency: '999',
  emergencySource: 'https://www.nhs.uk/',
  lines,
});

const fieldOf = (hotline: Hotline, locale = 'en-GB') =>
  renderHotlineEmbed(country([hotline]), [], locale).fields?.[0]?.value ?? '';

describe('renderHotlineEmbed freshness (issue 13, item 4)', () => {
  test('"number checked <date> against <site>" appears only when someone read the service\'s own page that day', () => {
    expect(fieldOf(line({ checked: '2026-12-01' }))).toContain(
      'Number checked 2026-12-01 against [samaritans.org](https://www.samaritans.org/how-we-can-help/contact-samaritan/)',
    );
  });

  test('otherwise it shows the source and the date the source carries, never "verified"', () => {
    const dated = fieldOf(line({ source: 'https://www.moh.gov.sg/newsroom/x', sourceDate: '2025-06-18' }));
    expect(dated).toContain('Source: [moh.gov.sg](https://www.moh.gov.sg/newsroom/x), dated 2025-06-18');
    const undated = fieldOf(line());
    expect(undated).toContain('(the page shows no date)');
    for (const text of [dated, undated]) expect(text).not.toMatch(/verified|checked/i);
  });

  test('the review date of our data is not shown to members as a check of the number', () => {
    expect(fieldOf(line({ reviewed: '2026-12-03' }))).not.toContain('2026-12-03');
  });

  test('the wording is translated', () => {
    expect(fieldOf(line({ checked: '2026-12-01' }), 'de')).toContain('Nummer am 2026-12-01 auf');
  });
});

describe('renderHotlineEmbed hours (issue 13, item 5)', () => {
  test('a line that is not 24/7 says so and gives its hours', () => {
    const value = fieldOf(line({ hours: 'Daily 9:00–24:00', is24x7: false }));
    expect(value).toContain('Not 24/7: Daily 9:00–24:00');
    expect(value).not.toMatch(/🕑 24\/7/);
  });

  test('the emergency number comes first, before any line', () => {
    const embed = renderHotlineEmbed(country([line({ hours: 'Evenings', is24x7: false })]), [], 'en');
    expect(embed.description).toMatch(/999/);
  });

  test('the international directories put the emergency advice first', () => {
    const embed = renderHotlineEmbed(
      'international',
      [line({ name: 'Find A Helpline', hours: 'Directory', is24x7: false })],
      'en',
    );
    expect(embed.description?.startsWith('If you or someone else is in immediate danger')).toBe(true);
  });
});
