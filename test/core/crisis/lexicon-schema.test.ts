import { describe, expect, test } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { parseLexicon } from '../../../src/core/crisis/lexicon-schema.js';
import { loadRealLexicon } from './load-real-lexicon.js';

const entry = (id: string, phrases: string[]) => ({
  id,
  lang: 'en',
  category: 'direct',
  severity: 'crisis',
  subject: 'self',
  phrases,
});
const lexiconWith = (entries: unknown[]) => ({
  version: 1,
  entries,
  negations: { scope: 2, phrases: ['not'] },
});

function problemsOf(raw: unknown): string {
  try {
    parseLexicon(raw, 'lexicon.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected parseLexicon to throw');
}

describe('parseLexicon', () => {
  test('accepts the shipped lexicon', () => {
    expect(loadRealLexicon().entries.length).toBeGreaterThan(30);
  });

  test.each([
    ['an unbalanced group', ['(want to die'], 'missing ")"'],
    ['a leading gap', ['{0,2} die'], 'gap cannot start'],
    ['a trailing gap', ['want to {0,2}'], 'gap cannot end'],
    ['a gap over the maximum', ['want {0,9} die'], 'gap {0,9}'],
    ['an unknown macro', ['kill <nobody>'], 'unknown macro <nobody>'],
    ['a phrase that can be empty', ['(want)?'], 'empty text'],
    ['a short prefix', ['sui*'], 'needs at least 4 letters'],
  ])('rejects %s and names the entry id', (_name, phrases, message) => {
    const problems = problemsOf(lexiconWith([entry('direct.en.broken', phrases)]));
    expect(problems).toContain('lexicon.yaml');
    expect(problems).toContain('direct.en.broken');
    expect(problems).toContain(message);
  });

  test('names the entry id of a schema problem', () => {
    const problems = problemsOf(
      lexiconWith([{ ...entry('direct.en.bad_level', ['x y']), severity: 'high' }]),
    );
    expect(problems).toContain('entries[0] (direct.en.bad_level).severity');
  });

  test('rejects duplicate ids', () => {
    expect(
      problemsOf(lexiconWith([entry('direct.en.same', ['a b']), entry('direct.en.same', ['c d'])])),
    ).toContain('direct.en.same: duplicate id');
  });

  test('compiles window rules into concept-layer entries, concepts into macros', () => {
    const lexicon = parseLexicon(
      {
        ...lexiconWith([entry('direct.en.plain', ['want to die'])]),
        concepts: { ending: ['die', 'be gone'] },
        windows: [
          {
            id: 'concept.en.wish',
            lang: 'en',
            category: 'passive',
            severity: 'concern',
            subject: 'self',
            within: 2,
            sequences: [['i', 'wish', '<ending>'], ['^ gone forever']],
          },
        ],
      },
      'lexicon.yaml',
    );
    expect(lexicon.macros['ending']).toBe('die|be gone');
    expect(lexicon.entries.map((item) => [item.id, item.layer])).toEqual([
      ['direct.en.plain', 'phrase'],
      ['concept.en.wish', 'concept'],
    ]);
    expect(lexicon.entries[1]?.phrases).toEqual(['(i) {0,2} (wish) {0,2} (<ending>)', '(^ gone forever)']);
  });

  test('a window with within 0 joins its steps without a gap', () => {
    const lexicon = parseLexicon(
      {
        ...lexiconWith([entry('direct.en.plain', ['want to die'])]),
        windows: [
          {
            id: 'concept.en.tight',
            lang: 'en',
            category: 'direct',
            severity: 'crisis',
            subject: 'self',
            within: 0,
            sequences: [['i', 'want']],
          },
        ],
      },
      'lexicon.yaml',
    );
    expect(lexicon.entries[1]?.phrases).toEqual(['(i) (want)']);
  });

  test('names the window id of a step that does not compile', () => {
    const problems = problemsOf({
      ...lexiconWith([entry('direct.en.plain', ['want to die'])]),
      windows: [
        {
          id: 'concept.en.broken',
          lang: 'en',
          category: 'direct',
          severity: 'crisis',
          subject: 'self',
          within: 2,
          sequences: [['i', '<missing>']],
        },
      ],
    });
    expect(problems).toContain('concept.en.broken');
    expect(problems).toContain('unknown macro <missing>');
  });

  test('rejects a window wider than the longest gap and a concept named like a macro', () => {
    const wide = problemsOf({
      ...lexiconWith([entry('direct.en.plain', ['want to die'])]),
      windows: [
        {
          id: 'concept.en.wide',
          lang: 'en',
          category: 'direct',
          severity: 'crisis',
          subject: 'self',
          within: 9,
          sequences: [['i', 'die']],
        },
      ],
    });
    expect(wide).toContain('windows[0] (concept.en.wide).within');
    const clash = problemsOf({
      ...lexiconWith([entry('direct.en.plain', ['want to die'])]),
      macros: { self: 'myself' },
      concepts: { self: ['me'] },
    });
    expect(clash).toContain('concepts.self: a macro has the same name');
  });
});
