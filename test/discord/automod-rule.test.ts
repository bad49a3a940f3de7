import { describe, expect, test } from 'vitest';
import { AUTOMOD_LIMITS, buildAutoModPatterns } from '../../src/discord/automod-rule.js';
import { parseLexicon } from '../../src/core/crisis/lexicon-schema.js';
import { loadRealLexicon } from '../core/crisis/load-real-lexicon.js';

const lexicon = loadRealLexicon();
const patterns = buildAutoModPatterns(lexicon);

/** JavaScript accepts the subset of Rust regex syntax we emit once the inline (?i) flag becomes the i flag. */
function compileLikeRust(source: string): RegExp {
  return new RegExp(source.replace(/^\(\?i\)/, ''), 'iu');
}

describe('buildAutoModPatterns', () => {
  test('stays within Discord keyword-rule limits', () => {
    expect(patterns.keywords.length).toBeGreaterThan(100);
    expect(patterns.keywords.length).toBeLessThanOrEqual(AUTOMOD_LIMITS.keywords);
    for (const keyword of patterns.keywords)
      expect(keyword.length).toBeLessThanOrEqual(AUTOMOD_LIMITS.keywordLength);
    expect(patterns.regexes.length).toBeGreaterThan(0);
    expect(patterns.regexes.length).toBeLessThanOrEqual(AUTOMOD_LIMITS.regexes);
    for (const regex of patterns.regexes)
      expect(regex.length).toBeLessThanOrEqual(AUTOMOD_LIMITS.regexLength);
    expect(patterns.allow.length).toBeGreaterThan(0);
    expect(patterns.allow.length).toBeLessThanOrEqual(AUTOMOD_LIMITS.allow);
    for (const entry of patterns.allow) expect(entry.length).toBeLessThanOrEqual(AUTOMOD_LIMITS.allowLength);
  });

  test('keywords are unique phrases, never bare trigger words', () => {
    expect(new Set(patterns.keywords).size).toBe(patterns.keywords.length);
    for (const bare of ['die', 'kill', 'dead', 'suicide']) expect(patterns.keywords).not.toContain(bare);
  });

  test('concept-layer windows stay out of AutoMod: their combinations would crowd out the written phrases', () => {
    const phrasesOnly = buildAutoModPatterns({
      ...lexicon,
      entries: lexicon.entries.filter((entry) => entry.layer === 'phrase'),
    });
    expect(lexicon.entries.some((entry) => entry.layer === 'concept')).toBe(true);
    expect(patterns).toEqual(phrasesOnly);
  });

  test('keywords include the core crisis phrases, crisis entries before concern ones', () => {
    expect(patterns.keywords).toContain('kill myself');
    expect(patterns.keywords).toContain('end my life');
    expect(patterns.keywords).toContain('quiero morir');
    expect(patterns.keywords.indexOf('kill myself')).toBeLessThan(patterns.keywords.indexOf("can't go on"));
  });

  test('accented keywords also come without accents', () => {
    expect(patterns.keywords).toContain('möchte nicht mehr leben');
    expect(patterns.keywords).toContain('mochte nicht mehr leben');
  });

  test('regexes compile and catch obfuscated and gapped phrases', () => {
    const regexes = patterns.regexes.map(compileLikeRust);
    const matches = (text: string) => regexes.some((regex) => regex.test(text));
    expect(matches('i wanna k1ll my self')).toBe(true);
    expect(matches('su!c!dal')).toBe(true);
    expect(matches('i really really want to die')).toBe(true);
    expect(matches('the suicide squad movie')).toBe(false);
  });

  test('the allow list carries titles and idioms', () => {
    expect(patterns.allow).toContain('suicide squad');
    expect(patterns.allow).toContain('dead tired');
  });

  test('cuts a huge lexicon down to the limits, crisis entries first', () => {
    const words = Array.from({ length: 1_500 }, (_, index) => `word${index.toString(36)}`);
    const huge = parseLexicon(
      {
        version: 1,
        entries: [
          {
            id: 'concern.en.many',
            lang: 'en',
            category: 'help_seeking',
            severity: 'concern',
            subject: 'self',
            phrases: words.map((word) => `concern ${word}`),
          },
          {
            id: 'crisis.en.many',
            lang: 'en',
            category: 'direct',
            severity: 'crisis',
            subject: 'self',
            phrases: [
              ...words.map((word) => `crisis ${word}`),
              ...words.slice(0, 40).map((word) => `gap ${word} {0,2} ${'x'.repeat(60)}`),
            ],
          },
        ],
        exclusions: [
          {
            id: 'idiom.en.many',
            lang: 'en',
            kind: 'idiom',
            phrases: words.slice(0, 200).map((w) => `idiom ${w}`),
          },
        ],
        negations: { scope: 1, phrases: ['not'] },
      },
      'huge.yaml',
    );
    const built = buildAutoModPatterns(huge);
    expect(built.keywords).toHaveLength(AUTOMOD_LIMITS.keywords);
    expect(built.keywords.every((keyword) => keyword.startsWith('crisis '))).toBe(true);
    expect(built.regexes.length).toBeLessThanOrEqual(AUTOMOD_LIMITS.regexes);
    for (const regex of built.regexes) expect(regex.length).toBeLessThanOrEqual(AUTOMOD_LIMITS.regexLength);
    expect(built.allow).toHaveLength(AUTOMOD_LIMITS.allow);
  });
});
