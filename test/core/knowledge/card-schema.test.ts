import { describe, expect, test } from 'vitest';
import { KnowledgeError, parseCardFile } from '../../../src/core/knowledge/card-schema.js';
import type { Problem } from '../../../src/core/knowledge/card-schema.js';
import { isUserError } from '../../../src/core/errors.js';
import { cardFile, VALID_FIELDS } from './make-card.js';

const FILE = 'cards/ketamine-what-it-is.md';

function problemsOf(file: string, text: string): Problem[] {
  try {
    parseCardFile(file, text);
  } catch (error) {
    if (error instanceof KnowledgeError) return error.problems;
    throw error;
  }
  throw new Error('expected a KnowledgeError');
}

function withField(line: string, replacement: string | null): string {
  const lines = VALID_FIELDS.trim().split('\n');
  const index = lines.findIndex((candidate) => candidate.startsWith(line));
  if (index === -1) throw new Error(`no line ${line}`);
  // A folded scalar spans the next line too.
  const span = lines[index]?.endsWith('>-') ? 2 : 1;
  lines.splice(index, span, ...(replacement === null ? [] : [replacement]));
  return lines.join('\n');
}

describe('parseCardFile', () => {
  test('parses front matter and body into a Card, with comments and folded text', () => {
    const card = parseCardFile(FILE, cardFile(VALID_FIELDS));
    expect(card).toEqual({
      id: 'ketamine-what-it-is',
      title: 'What ketamine and esketamine are',
      kind: 'fact',
      tags: ['ketamine', 'esketamine', 'treatment'],
      aliases: ['special K', 'ket', 'ketamine infusion'],
      summary: 'Ketamine is an anaesthetic; esketamine is a nasal spray made from it.',
      related: ['esketamine-spravato'],
      sources: [
        { id: 'agency-2023', title: 'Exact page title', publisher: 'An agency', url: 'https://example.org/ketamine', date: '2023-05-01' },
      ],
      reviewed: '2026-11-26',
      body: 'Opening paragraph.\n\n## A section\nSection text.',
      file: FILE,
    });
  });

  test('keeps a myth card\'s myth and verdict as text (YAML "False" is not a boolean here)', () => {
    const text = cardFile(
      `${withField('kind:', 'kind: myth')}\nmyth: "People could snap out of depression."\nverdict: False`,
    );
    const card = parseCardFile(FILE, text);
    expect(card.myth).toBe('People could snap out of depression.');
    expect(card.verdict).toBe('False');
  });

  test('accepts Windows line endings and a byte-order mark', () => {
    const text = `\uFEFF${cardFile(VALID_FIELDS).replace(/\n/g, '\r\n')}`;
    expect(parseCardFile(FILE, text).id).toBe('ketamine-what-it-is');
  });

  test('tags, aliases and related default to empty lists', () => {
    const text = cardFile(
      VALID_FIELDS.split('\n')
        .filter((line) => !/^(tags|aliases|related):/.test(line))
        .join('\n'),
    );
    const card = parseCardFile(FILE, text);
    expect([card.tags, card.aliases, card.related]).toEqual([[], [], []]);
  });

  test('the error is a UserError whose message lists every problem as file: where: message', () => {
    const text = cardFile(withField('kind:', 'kind: opinion'));
    let caught: unknown;
    try {
      parseCardFile(FILE, text);
    } catch (error) {
      caught = error;
    }
    expect(isUserError(caught)).toBe(true);
    expect((caught as Error).message).toContain(`${FILE}: kind: kind must be one of fact, myth, guide`);
  });

  test.each([
    ['a missing title', withField('title:', null), 'title', 'title is missing'],
    ['a missing summary', withField('summary:', null), 'summary', 'summary is missing'],
    ['a missing reviewed date', withField('reviewed:', null), 'reviewed', 'reviewed is missing'],
    ['missing sources', VALID_FIELDS.split('sources:')[0] + 'reviewed: 2026-11-26', 'sources', 'sources is missing'],
    [
      'a summary over 300 characters',
      withField('summary:', `summary: ${'x'.repeat(301)}`),
      'summary',
      'summary must be at most 300 characters',
    ],
    ['a kind outside fact|myth|guide', withField('kind:', 'kind: opinion'), 'kind', 'kind must be one of fact, myth, guide'],
    [
      'an id that is not the file name',
      withField('id:', 'id: ketamine-basics'),
      'id',
      'id "ketamine-basics" must equal the file name "ketamine-what-it-is"',
    ],
    ['an id not in kebab-case', withField('id:', 'id: Ketamine_Basics'), 'id', 'id must be kebab-case (a-z, 0-9 and -)'],
    [
      'a myth card without myth and verdict',
      withField('kind:', 'kind: myth'),
      'myth',
      'a myth card needs the myth as people state it',
    ],
    [
      'a myth card without verdict',
      `${withField('kind:', 'kind: myth')}\nmyth: Ketamine is only a horse drug.`,
      'verdict',
      'a myth card needs a verdict (False, Misleading, Partly true, Outdated)',
    ],
    [
      'a verdict outside the list',
      `${withField('kind:', 'kind: myth')}\nmyth: Ketamine is only a horse drug.\nverdict: Nope`,
      'verdict',
      'verdict must be one of False, Misleading, Partly true, Outdated',
    ],
    [
      'a verdict on a fact card',
      `${VALID_FIELDS}\nverdict: False`,
      'verdict',
      "only myth cards have a verdict; this card's kind is fact",
    ],
    [
      'a source with an http URL',
      VALID_FIELDS.replace('https://example.org/ketamine', 'http://example.org/ketamine'),
      'sources[0].url',
      'url must be a full https:// address',
    ],
    [
      'a source without a URL',
      VALID_FIELDS.replace('    url: https://example.org/ketamine\n', ''),
      'sources[0].url',
      'url is missing',
    ],
    [
      'a source date in another format',
      VALID_FIELDS.replace('date: 2023-05-01', 'date: 05/01/2023'),
      'sources[0].date',
      'date must be YYYY, YYYY-MM or YYYY-MM-DD',
    ],
    [
      'a source date with month 13',
      VALID_FIELDS.replace('date: 2023-05-01', 'date: 2023-13'),
      'sources[0].date',
      'date must be YYYY, YYYY-MM or YYYY-MM-DD',
    ],
    [
      'a reviewed date without the day',
      withField('reviewed:', 'reviewed: 2026-11'),
      'reviewed',
      'reviewed must be a date, YYYY-MM-DD',
    ],
    ['a misspelt field', `${VALID_FIELDS}\nalias: [ket]`, 'alias', 'unknown field (check its spelling)'],
    ['tags that are not a list', withField('tags:', 'tags: ketamine'), 'tags', 'tags must be a list, e.g. [a, b]'],
  ])('reports %s', (_name, fields, where, message) => {
    expect(problemsOf(FILE, cardFile(fields))).toContainEqual({ file: FILE, where, message });
  });

  test('accepts source dates as YYYY and YYYY-MM', () => {
    for (const date of ['2023', '2023-05']) {
      const card = parseCardFile(FILE, cardFile(VALID_FIELDS.replace('date: 2023-05-01', `date: ${date}`)));
      expect(card.sources[0]?.date).toBe(date);
    }
  });

  test('lists every problem of a file at once', () => {
    const fields = withField('title:', null)
      .replace('kind: fact', 'kind: rumour')
      .replace('https://example.org/ketamine', 'ftp://example.org')
      .replace('reviewed: 2026-11-26', 'reviewed: yesterday');
    const problems = problemsOf(FILE, cardFile(fields));
    expect(problems.map((problem) => problem.where).sort()).toEqual(['kind', 'reviewed', 'sources[0].url', 'title']);
  });

  test('reports the id mismatch and myth fields together with nothing else wrong', () => {
    const problems = problemsOf('cards/other-name.md', cardFile(withField('kind:', 'kind: myth')));
    expect(problems.map((problem) => problem.where)).toEqual(['id', 'myth', 'verdict']);
  });

  test('reports a file without front matter', () => {
    expect(problemsOf(FILE, '# Just Markdown\n')).toEqual([
      { file: FILE, message: 'the file must start with YAML front matter between two "---" lines' },
    ]);
  });

  test('reports broken YAML with its line number', () => {
    const problems = problemsOf(FILE, cardFile(`id: ketamine-what-it-is\ntitle: a: b\nkind: fact`));
    expect(problems[0]).toMatchObject({ file: FILE, where: 'line 3' });
    expect(problems[0]?.message).toMatch(/^YAML: /);
  });

  test('reports an empty body', () => {
    expect(problemsOf(FILE, cardFile(VALID_FIELDS, ''))).toEqual([
      { file: FILE, where: 'body', message: 'the card has no body under the front matter' },
    ]);
  });
});
