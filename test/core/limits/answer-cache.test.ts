import { Keyv } from 'keyv';
import { describe, expect, test } from 'vitest';
import {
  createAnswerCache,
  fnv1a64,
  isCacheable,
  normalizeForCache,
} from '../../../src/core/limits/answer-cache.js';
import type { Answer, KeyValueStore } from '../../../src/core/types.js';

const answer = (overrides: Partial<Answer> = {}): Answer => ({
  route: 'answer',
  text: 'Depression is treatable [1].',
  citations: [{ id: 'depression-what-it-is', title: 'What depression is', url: 'https://www.who.int/' }],
  mode: 'llm',
  cardIds: ['depression-what-it-is'],
  tokensUsed: 300,
  ...overrides,
});

const setup = (knowledgeVersion = 'v1') => {
  const store = new Keyv();
  return {
    store,
    cache: createAnswerCache({ store: store as unknown as KeyValueStore, knowledgeVersion, ttlMs: 60_000 }),
  };
};

describe('createAnswerCache', () => {
  test('the same question in other case, spacing and punctuation hits the same entry', async () => {
    const { cache } = setup();
    await cache.set(
      { question: 'Is depression real?', variant: 'extractive' },
      answer({ mode: 'extractive' }),
    );
    expect(await cache.get({ question: '  is DEPRESSION   real ', variant: 'extractive' })).toMatchObject({
      route: 'answer',
    });
  });

  test('locale, region, variant and knowledge version are part of the key', async () => {
    const { cache, store } = setup('v1');
    const cards = answer({ mode: 'extractive' });
    const input = { question: 'q', locale: 'en-US', region: 'US', variant: 'extractive' } as const;
    expect(await cache.set(input, cards)).toBe(true);
    expect(await cache.get(input)).toBeDefined();
    expect(await cache.get({ ...input, locale: 'fr' })).toBeUndefined();
    expect(await cache.get({ ...input, region: 'GB' })).toBeUndefined();
    expect(await cache.get({ ...input, variant: 'llm' })).toBeUndefined();
    const newer = createAnswerCache({
      store: store as unknown as KeyValueStore,
      knowledgeVersion: 'v2',
      ttlMs: 60_000,
    });
    expect(await newer.get(input)).toBeUndefined();
  });

  test('the key is a hash: the question text is never stored in it', () => {
    const { cache } = setup();
    const key = cache.keyOf({ question: 'Is depression real?', variant: 'llm' });
    expect(key).toMatch(/^answer:[0-9a-f]{16}$/);
  });

  test.each([
    ['crisis', answer({ route: 'crisis' }), 'llm', false],
    ['decline', answer({ route: 'decline' }), 'llm', false],
    ['an answer with crisis resources', answer({ resources: 'international' }), 'llm', false],
    ['an extractive fallback when the model was wanted', answer({ mode: 'extractive' }), 'llm', false],
    [
      'an extractive answer when cards-only was asked for',
      answer({ mode: 'extractive' }),
      'extractive',
      true,
    ],
    ['out of scope', answer({ route: 'out_of_scope', mode: 'extractive' }), 'llm', true],
    // A model's answer can restate the question; the cache is shared and outlives /privacy delete.
    ['a model answer', answer(), 'llm', false],
  ] as const)('caches %s: %s', async (_name, value, variant, expected) => {
    expect(isCacheable(value, variant)).toBe(expected);
    const { cache } = setup();
    expect(await cache.set({ question: 'q', variant }, value)).toBe(expected);
    expect((await cache.get({ question: 'q', variant })) !== undefined).toBe(expected);
  });

  test('stores each entry with ttlMs (expiry itself is the store’s job)', async () => {
    const ttls: (number | undefined)[] = [];
    const store = new Keyv();
    const recording: KeyValueStore = {
      get: (key) => store.get(key),
      set: (key, value, ttl) => {
        ttls.push(ttl);
        return store.set(key, value, ttl);
      },
      delete: (key) => store.delete(key),
    };
    const cache = createAnswerCache({ store: recording, knowledgeVersion: 'v', ttlMs: 20 });
    await cache.set({ question: 'q', variant: 'extractive' }, answer({ mode: 'extractive' }));
    expect(ttls).toEqual([20]);
  });
});

describe('hashing and normalisation', () => {
  test('FNV-1a 64 matches the reference vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  test('normalises case, accents, punctuation and whitespace', () => {
    expect(normalizeForCache('  ¿Qué es la DEPRESIÓN?!  ')).toBe('que es la depresion');
  });

  test("reads text like the safety gate: look-alike and invisible spellings share the plain question's key", () => {
    const { cache } = setup();
    const plain = cache.keyOf({ question: 'Is ketamine approved?', variant: 'llm' });
    for (const question of [
      'Is kеtаminе approved?',
      'Is ᴋᴇᴛᴀᴍɪɴᴇ approved?',
      'Is ke\u200btamine **appr**oved?',
    ]) {
      expect(cache.keyOf({ question, variant: 'llm' })).toBe(plain);
    }
  });
});
