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
});
