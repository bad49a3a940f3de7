/**
 * Per-user rate limit for /ask: at most `limit` questions in any sliding `windowMs`. The timestamps of recent
 * questions live in the store (so the limit holds across restarts and, with Redis, across shards); they are ids and
 * times only, never questions.
 */
import type { KeyValueStore, Now } from '../types.js';

export interface RateLimitResult {
  allowed: boolean;
  /** How long until the next question is allowed; 0 when allowed. */
  retryAfterMs: number;
}

export interface RateLimiter {
  /** Counts a question for `userId` if allowed. */
  take(userId: string): Promise<RateLimitResult>;
  /** Forgets a member's recent questions (for /privacy delete). */
  forget(userId: string): Promise<void>;
}

/** Storage key of a member's recent question times. */
export function rateKey(userId: string): string {
  return `ask-rate:${userId}`;
}

export interface RateLimiterOptions {
  store: KeyValueStore;
  now: Now;
  limit?: number;
  windowMs?: number;
}

export const DEFAULT_RATE_LIMIT = 5;
export const DEFAULT_RATE_WINDOW_MS = 600_000;

/**
 * A sliding-log limiter: fairer than a fixed window (no burst of 2 × limit across a window edge) and cheap at this
 * size (at most `limit` timestamps per user). Read-then-write is not atomic; the in-flight guard already keeps one
 * question per user at a time, so a user cannot race themselves.
 */
export function createRateLimiter({
  store,
  now,
  limit = DEFAULT_RATE_LIMIT,
  windowMs = DEFAULT_RATE_WINDOW_MS,
}: RateLimiterOptions): RateLimiter {
  return {
    async take(userId) {
      const key = rateKey(userId);
      const at = now();
      const stored = await store.get(key);
      const recent = (Array.isArray(stored) ? stored : []).filter(
        (time): time is number => typeof time === 'number' && time > at - windowMs && time <= at,
      );
      if (recent.length >= limit) {
        const oldest = Math.min(...recent);
        return { allowed: false, retryAfterMs: Math.max(1, oldest + windowMs - at) };
      }
      recent.push(at);
      await store.set(key, recent, windowMs);
      return { allowed: true, retryAfterMs: 0 };
    },
    async forget(userId) {
      await store.delete(rateKey(userId));
    },
  };
}
