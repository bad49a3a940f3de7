import { describe, expect, test } from 'vitest';
import type { Problem } from '../../../src/core/knowledge/card-schema.js';
import { validateKnowledge } from '../../../src/core/knowledge/validate-knowledge.js';
import type { Card } from '../../../src/core/types.js';
import { makeCard } from './make-card.js';

const TODAY = '2026-11-26';
const LONG_ENOUGH = 'This section has enough words in it to be a useful passage for someone who asks about it plainly.';

function check(cards: Card[], extra: { parseProblems?: Problem[]; lexiconProblems?: Problem[] } = {}) {
  return validateKnowledge({ cards, parseProblems: extra.parseProblems ?? [], ...extra }, { today: TODAY });
}

describe('validateKnowledge', () => {
  test('a sound set of cards has no errors and no warnings', () => {
    const cards = [
      makeCard({ id: 'a', aliases: ['special k'], related: ['b'] }),
      makeCard({ id: 'b', kind: 'myth', myth: 'A myth.', verdict: 'False', aliases: ['ket'] }),
    ];
    expect(check(cards)).toEqual({ errors: [], warnings: [] });
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
            { title: 't', publisher: 'p', url: 'https://example.org', date: '2024' },
            { title: 't', publisher: 'p', url: '', date: '2024' },
          ],
        }),
      ],
      { file: 'cards/a.md', where: 'sources[1]', message: 'source has no URL' },
    ],
    [
      'a source dated in the future',
      [makeCard({ id: 'a', sources: [{ title: 't', publisher: 'p', url: 'https://example.org', date: '2026-12' }] })],
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
      'a review older than 18 months',
      [makeCard({ id: 'a', reviewed: '2025-05-25' })],
      {
        file: 'cards/a.md',
        where: 'reviewed',
        message: 'last reviewed 2025-05-25, over 18 months ago: check it against its sources',
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

  test('a review 11 months old is fine, 12 warns, 19 fails', () => {
    const ages = ['2025-12-26', '2025-11-26', '2025-04-26'].map((reviewed) => {
      const report = check([makeCard({ id: 'a', reviewed })]);
      return [report.errors.length, report.warnings.length];
    });
    expect(ages).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
  });

  test('accepts today as a Date', () => {
    const report = validateKnowledge(
      { cards: [makeCard({ id: 'a', reviewed: '2026-11-27' })], parseProblems: [] },
      { today: new Date('2026-11-27T23:00:00Z') },
    );
    expect(report.errors).toEqual([]);
  });
});
