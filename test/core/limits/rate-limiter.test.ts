import { Keyv } from 'keyv';
import { describe, expect, test } from 'vitest';
import { createRateLimiter } from '../../../src/core/limits/rate-limiter.js';
import type { KeyValueStore } from '../../../src/core/types.js';

const setup = (limit = 3, windowMs = 60_000) => {
  let time = 1_000_000;
  const limiter = createRateLimiter({
    store: new Keyv() as unknown as KeyValueStore,
    now: () => time,
    limit,
    windowMs,
  });
  return { limiter, advance: (ms: number) => (time += ms) };
};

describe('createRateLimiter', () => {
  test('allows `limit` questions in a window, then refuses with the time until the oldest expires', async () => {
    const { limiter, advance } = setup(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(await limiter.take('u1')).toEqual({ allowed: true, retryAfterMs: 0 });
      advance(10_000);
    }
    expect(await limiter.take('u1')).toEqual({ allowed: false, retryAfterMs: 30_000 });
  });

  test('the window slides: a question becomes possible again as the oldest one ages out', async () => {
    const { limiter, advance } = setup(2, 60_000);
    await limiter.take('u1');
    advance(30_000);
    await limiter.take('u1');
    advance(30_001);
    expect((await limiter.take('u1')).allowed).toBe(true);
    expect((await limiter.take('u1')).allowed).toBe(false);
  });

  test('refused questions do not count against the person', async () => {
    const { limiter, advance } = setup(1, 60_000);
    await limiter.take('u1');
    advance(59_000);
    await limiter.take('u1');
    advance(1_001);
    expect((await limiter.take('u1')).allowed).toBe(true);
  });

  test('each person has their own limit', async () => {
    const { limiter } = setup(1);
    expect((await limiter.take('u1')).allowed).toBe(true);
    expect((await limiter.take('u2')).allowed).toBe(true);
    expect((await limiter.take('u1')).allowed).toBe(false);
  });

  test('defaults to 5 per 10 minutes', async () => {
    let time = 0;
    const limiter = createRateLimiter({ store: new Keyv() as unknown as KeyValueStore, now: () => time });
    for (let i = 0; i < 5; i++) expect((await limiter.take('u')).allowed).toBe(true);
    expect(await limiter.take('u')).toEqual({ allowed: false, retryAfterMs: 600_000 });
    time = 600_000;
    expect((await limiter.take('u')).allowed).toBe(true);
  });
});
