import { describe, expect, test } from 'vitest';
import type { Problem } from '../../../src/core/knowledge/card-schema.js';
import { validateKnowledge } from '../../../src/core/knowledge/validate-knowledge.js';
import type { Card } from '../../../src/core/types.js';
import { makeCard } from './make-card.js';

const TODAY = '2026-11-26';
const LONG_ENOUGH = 'This section has enough words in it to be a useful passage for someone who asks about it plainly.';

function check(
  cards: Card[],
  extra: { parseProblems?: Problem[]; lexiconProblems?: Problem[] } = {},
  age: 'warn' | 'strict' = 'warn',
) {
  return validateKnowledge({ cards, parseProblems: extra.parseProblems ?? [], ...extra }, { today: TODAY, age });
}

const WHO = { id: 'who-2023', title: 'Depression fact sheet', publisher: 'WHO', url: 'https://www.who.int/news-room/fact-sheets/detail/depression', date: '2023' };
const NIMH = { id: 'nimh-2024', title: 'Depression', publisher: 'NIMH', url: 'https://www.nimh.nih.gov/health/topics/depression', date: '2024' };

describe('validateKnowledge', () => {
  test('a sound set of cards has no errors and no warnings', () => {
    const cards = [
      makeCard({ id: 'a', aliases: ['special k'], related: ['b'] }),
      makeCard({ id: 'b', kind: 'myth', myth: 'A myth.', verdict: 'False', aliases: ['ket'] }),
    ];
    expect(check(cards)).toEqual({ errors: [], warnings: [], claims: { total: 0, withPrimarySource: 0, onUnnarrowedPassages: 0 } });
  });

  test('passes parse and lexicon problems through as errors', () => {
    const parse = { file: 'cards/x.md', where: 'kind', message: 'bad kind' };
    const lexicon = { file: 'crisis-lexicon.yaml', message: 'bad lexicon' };
    expect(check([], { parseProblems: [parse], lexiconProblems: [lexicon] }).errors).toEqual([parse, lexicon]);
  });

  test.each<[string, Card[], Problem]>([
    [
      'a duplicate id',
      [makeCard({ id: 'a' }), makeCard({ id: 'a', file: 'cards/a-copy.md' })],
      { file: 'cards/a-copy.md', where: 'id', message: 'id "a" is already used by cards/a.md' },
    ],
    [
      'a card without sources',
      [makeCard({ id: 'a', sources: [] })],
      { file: 'cards/a.md', where: 'sources', message: 'every card needs at least one source with a URL' },
    ],
    [
      'a source without a URL',
      [
        makeCard({
          id: 'a',
          sources: [
            { id: 'a1', title: 't', publisher: 'p', url: 'https://www.who.int/a', date: '2024' },
            { id: 'a2', title: 't', publisher: 'p', url: '', date: '2024' },
          ],
        }),
      ],
      { file: 'cards/a.md', where: 'sources[1]', message: 'source has no URL' },
    ],
    [
      'a source dated in the future',
      [makeCard({ id: 'a', sources: [{ id: 'a1', title: 't', publisher: 'p', url: 'https://www.who.int/a', date: '2026-12' }] })],
      { file: 'cards/a.md', where: 'sources[0].date', message: 'date 2026-12 is in the future' },
    ],
    [
      'a myth card without its myth',
      [makeCard({ id: 'a', kind: 'myth', verdict: 'False' })],
      { file: 'cards/a.md', where: 'myth', message: 'a myth card needs its myth' },
    ],
    [
      'a myth card without a verdict',
      [makeCard({ id: 'a', kind: 'myth', myth: 'A myth.' })],
      { file: 'cards/a.md', where: 'verdict', message: 'a myth card needs a verdict' },
    ],
    [
      'an alias used by two cards, compared without case or spacing',
      [makeCard({ id: 'a', aliases: ['Special K'] }), makeCard({ id: 'b', aliases: ['ket', 'special   k'] })],
      {
        file: 'cards/b.md',
        where: 'aliases[1]',
        message: 'alias "special   k" is also an alias of a ("Special K"); keep it on one card',
      },
    ],
    [
      'a review date in the future',
      [makeCard({ id: 'a', reviewed: '2026-11-27' })],
      { file: 'cards/a.md', where: 'reviewed', message: '2026-11-27 is in the future' },
    ],
    [
      'a related id that no card has',
      [makeCard({ id: 'a', related: ['nowhere'] })],
      { file: 'cards/a.md', where: 'related[0]', message: 'no card has the id "nowhere"' },
    ],
  ])('reports %s as an error', (_name, cards, problem) => {
    expect(check(cards).errors).toContainEqual(problem);
  });

  test.each<[string, Card[], Problem]>([
    [
      'a review 12 months old',
      [makeCard({ id: 'a', reviewed: '2025-11-26' })],
      { file: 'cards/a.md', where: 'reviewed', message: 'last reviewed 2025-11-26, 12 months ago: due for review' },
    ],
    [
      'an alias equal to another card\'s title',
      [makeCard({ id: 'a', title: 'What Spravato is' }), makeCard({ id: 'b', aliases: ['what spravato is'] })],
      { file: 'cards/b.md', where: 'aliases[0]', message: 'alias "what spravato is" is the title of a' },
    ],
    [
      'an alias listed twice on one card',
      [makeCard({ id: 'a', aliases: ['ket', 'KET'] })],
      { file: 'cards/a.md', where: 'aliases[1]', message: 'alias "KET" is listed twice' },
    ],
    [
      'a card listing itself as related',
      [makeCard({ id: 'a', related: ['a'] })],
      { file: 'cards/a.md', where: 'related[0]', message: 'a card need not list itself as related' },
    ],
    [
      'a section too short to retrieve',
      [makeCard({ id: 'a', body: `${LONG_ENOUGH}\n\n## Tiny\nToo short.` })],
      {
        file: 'cards/a.md',
        where: '## Tiny',
        message: 'section has 3 words; under 20 it rarely matches a question',
      },
    ],
    [
      'a section too long to cite',
      [makeCard({ id: 'a', body: `${LONG_ENOUGH}\n\n## Huge\n${'word '.repeat(230)}` })],
      {
        file: 'cards/a.md',
        where: '## Huge',
        message: 'section has 231 words; over 220 split it under a new heading',
      },
    ],
  ])('warns about %s', (_name, cards, problem) => {
    const report = check(cards);
    expect(report.warnings).toContainEqual(problem);
    expect(report.errors).toEqual([]);
  });

  test('in the scheduled freshness check a review 11 months old is fine, 12 warns, 19 fails', () => {
    const ages = ['2025-12-26', '2025-11-26', '2025-04-26'].map((reviewed) => {
      const report = check([makeCard({ id: 'a', reviewed })], {}, 'strict');
      return [report.errors.length, report.warnings.length];
    });
    expect(ages).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
    expect(check([makeCard({ id: 'a', reviewed: '2025-05-25' })], {}, 'strict').errors).toContainEqual({
      file: 'cards/a.md',
      where: 'reviewed',
      message: 'last reviewed 2025-05-25, over 18 months ago: check it against its sources',
    });
  });

  test('outside the scheduled check, age alone never fails: a 19-month-old review is only a warning', () => {
    const report = check([makeCard({ id: 'a', reviewed: '2025-04-26' })]);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toContainEqual({
      file: 'cards/a.md',
      where: 'reviewed',
      message: 'last reviewed 2025-04-26, over 18 months ago: check it against its sources',
    });
  });

  test('accepts today as a Date', () => {
    const report = validateKnowledge(
      { cards: [makeCard({ id: 'a', reviewed: '2026-11-27' })], parseProblems: [] },
      { today: new Date('2026-11-27T23:00:00Z') },
    );
    expect(report.errors).toEqual([]);
  });

  describe('sources behind each claim', () => {
    const body = (opening: string, section: string) =>
      `<!-- sources: ${opening} -->\n${LONG_ENOUGH}\n\n## How common is it?\n<!-- sources: ${section} -->\nAbout 5% of adults live with depression, ${LONG_ENOUGH}`;

    test('a number, date or regulatory claim on a passage with its own primary source passes and is counted', () => {
      const report = check([makeCard({ id: 'a', sources: [WHO, NIMH], body: body('who-2023', 'nimh-2024') })]);
      expect(report.errors).toEqual([]);
      expect(report.claims).toEqual({ total: 1, withPrimarySource: 1, onUnnarrowedPassages: 0 });
    });

    test.each<[string, Card, string, string]>([
      [
        'a numeric claim without a sources line',
        makeCard({ id: 'a', sources: [WHO], body: `${LONG_ENOUGH}\n\n## How common is it?\nAbout 5% of adults, ${LONG_ENOUGH}` }),
        '## How common is it?',
        'states a number, date or regulatory fact',
      ],
      [
        'a regulatory claim whose only source is secondary',
        makeCard({
          id: 'a',
          sources: [WHO, { ...NIMH, id: 'copy', url: 'https://www.usmedicine.com/copy', secondary: true }],
          body: `<!-- sources: who-2023 -->\n${LONG_ENOUGH}\n\n## Is it approved?\n<!-- sources: copy -->\nThe FDA approved it, ${LONG_ENOUGH}`,
        }),
        '## Is it approved?',
        'its sources are all secondary',
      ],
      [
        'a sources line naming an id the card does not have',
        makeCard({ id: 'a', sources: [WHO], body: body('who-2023', 'nowhere') }),
        '## How common is it?',
        'names "nowhere", which is not a source id of this card',
      ],
    ])('%s is an error on that passage', (_name, card, where, message) => {
      const report = check([card]);
      expect(report.errors.find((problem) => problem.where === where)?.message).toContain(message);
      expect(report.claims.withPrimarySource).toBeLessThan(report.claims.total);
    });
  });

  describe('source policy', () => {
    test.each([
      ['an e-mail click-tracking redirect', 'https://t.e2ma.net/click/9mrase/14r4iob/dympao', 'click-tracking redirect'],
      ['a link shortener', 'https://bit.ly/3abc', 'link shortener'],
      ['a commercial clinic', 'https://dreamscapeketamine.com/some-abstract/', 'commercial clinic'],
      ['a social repost', 'https://www.marketers1.com/US/Provo/1/x', 'social repost'],
      ['a content farm', 'https://docslib.org/doc/1/x', 'content farm'],
    ])('%s is refused even as a secondary copy', (_name, url, reason) => {
      const card = makeCard({ id: 'a', sources: [WHO, { ...NIMH, id: 'bad', url, secondary: true }] });
      expect(check([card]).errors).toContainEqual(
        expect.objectContaining({ where: 'sources[1].url', message: expect.stringContaining(reason) }),
      );
    });

    test('a page that is not a primary kind must be marked secondary, beside a primary source', () => {
      const school = { ...NIMH, id: 'school', url: 'https://www.eduhsd.k12.ca.us/page' };
      expect(check([makeCard({ id: 'a', sources: [WHO, school] })]).errors).toContainEqual(
        expect.objectContaining({ where: 'sources[1].url', message: expect.stringContaining('not a primary source') }),
      );
      expect(check([makeCard({ id: 'a', sources: [WHO, { ...school, secondary: true }] })]).errors).toEqual([]);
      expect(check([makeCard({ id: 'a', sources: [{ ...school, secondary: true }] })]).errors).toContainEqual(
        expect.objectContaining({ message: 'every card needs a primary source (not secondary)' }),
      );
    });

    test('the first source is the "Learn more" link, so it must be primary', () => {
      const copy = { ...NIMH, id: 'copy', url: 'https://www.usmedicine.com/copy', secondary: true };
      expect(check([makeCard({ id: 'a', sources: [copy, WHO] })]).errors).toContainEqual(
        expect.objectContaining({ where: 'sources[0]' }),
      );
    });

    test('regulators, guideline bodies, journal DOIs, PubMed pages and government sites are primary', () => {
      const urls = [
        'https://www.fda.gov/x',
        'https://www.accessdata.fda.gov/x',
        'https://www.nice.org.uk/guidance/ta854',
        'https://doi.org/10.1186/1471-244X-8-25',
        'https://pubmed.ncbi.nlm.nih.gov/37224232/',
        'https://www.mhlw.go.jp/x',
        'https://www.moh.gov.sg/x',
      ];
      const sources = urls.map((url, index) => ({ ...WHO, id: `s${index}`, url }));
      expect(check([makeCard({ id: 'a', sources })]).errors).toEqual([]);
    });
  });

  test('a myth summary that opens with a contradicting or repeated verdict is an error', () => {
    const card = makeCard({ id: 'a', kind: 'myth', myth: 'A myth.', verdict: 'Misleading', summary: 'No. It is more complicated.' });
    expect(check([card]).errors).toContainEqual(expect.objectContaining({ where: 'summary' }));
  });

  describe('questions lines', () => {
    const withBody = (body: string) => makeCard({ id: 'q', body });

    test('plain questions, one passage each, are sound', () => {
      const card = withBody(`Opening.\n<!-- questions: what is it | who is it for -->\n\n## Is it safe?\n<!-- questions: can it hurt me -->\n${LONG_ENOUGH}`);
      expect(check([card]).errors).toEqual([]);
    });

    test('a misspelt directive name is an error, not silently ignored', () => {
      const card = withBody(`Opening.\n<!-- question: what is it -->`);
      expect(check([card]).errors).toContainEqual(expect.objectContaining({ message: expect.stringContaining('unknown line <!-- question:') }));
    });

    test('more than eight questions on a passage is an error', () => {
      const nine = Array.from({ length: 9 }, (_, n) => `what about case ${n}`).join(' | ');
      expect(check([withBody(`Opening.\n<!-- questions: ${nine} -->`)]).errors).toContainEqual(
        expect.objectContaining({ where: 'opening', message: expect.stringContaining('at most 8') }),
      );
    });

    test('a too short, one-word or marked-up question is an error', () => {
      for (const question of ['why', 'ketamine?', 'is **this** safe']) {
        expect(check([withBody(`Opening.\n<!-- questions: ${question} -->`)]).errors, question).toHaveLength(1);
      }
    });

    test('the same question on two passages of one card is an error', () => {
      const card = withBody(`Opening.\n<!-- questions: is it safe for me -->\n\n## Safety\n<!-- questions: Is it safe, for me? -->\n${LONG_ENOUGH}`);
      expect(check([card]).errors).toContainEqual(
        expect.objectContaining({ where: '## Safety', message: expect.stringContaining('already listed under opening') }),
      );
    });
  });
});
