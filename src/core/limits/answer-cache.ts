/**
 * Caches answers to repeated questions (the same question, language and region against the same knowledge), so that
 * "is depression real?" asked for the tenth time costs nothing. Keys are hashes of the normalised question: the cache
 * never stores a question's text, nor a model's answer (which can restate the question). Crisis replies are never cached, nor answers that carry crisis resources, nor
 * extractive fallbacks caused by a model fault (the next ask should get the model's answer).
 */
import { normalizeForSafety } from '../text/normalize.js';
import type { Answer, KeyValueStore } from '../types.js';

export interface AnswerCacheKeyInput {
  question: string;
  locale?: string | undefined;
  region?: string | undefined;
  /** Which kind of answer the caller wants: with the model or cards only. Each is cached separately. */
  variant: 'llm' | 'extractive';
}

export interface AnswerCache {
  get(input: AnswerCacheKeyInput): Promise<Answer | undefined>;
  /** Stores `answer` when it may be cached (see `isCacheable`); returns whether it did. */
  set(input: AnswerCacheKeyInput, answer: Answer): Promise<boolean>;
  keyOf(input: AnswerCacheKeyInput): string;
}

export interface AnswerCacheOptions {
  store: KeyValueStore;
  /** `KnowledgeBase.version`: new cards make old answers stale. */
  knowledgeVersion: string;
  ttlMs: number;
  /** Bumped when prompts or rules change, so that old answers are not served with new rules. */
  rulesVersion?: string;
}

export const DEFAULT_ANSWER_CACHE_TTL_MS = 86_400_000;

/**
 * The shared safety reading ({@link normalizeForSafety}: lower case, accents, look-alike letters, invisible characters
 * and digits folded), punctuation and whitespace runs as one space: a question spelled with look-alikes shares the
 * key of the plain question, so the cache can never hold a different answer for it.
 */
export function normalizeForCache(question: string): string {
  return normalizeForSafety(question);
}

const FNV_OFFSET_64 = 0xcbf29ce484222325n;
const FNV_PRIME_64 = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/**
 * FNV-1a, 64-bit, over UTF-16 code units: a pure function (core cannot use node:crypto), and 64 bits keep the chance
 * of two different questions sharing a key negligible at any realistic cache size.
 */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET_64;
  for (let index = 0; index < text.length; index++) {
    hash ^= BigInt(text.charCodeAt(index));
    hash = (hash * FNV_PRIME_64) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}

/** Only answers and out-of-scope notes, never crisis or decline, never with resources, never a fault fallback. */
export function isCacheable(answer: Answer, variant: AnswerCacheKeyInput['variant']): boolean {
  if (answer.route !== 'answer' && answer.route !== 'out_of_scope') return false;
  if (answer.resources !== undefined) return false;
  // A model's answer can restate the question, and the cache is shared and outlives /privacy delete: only answers
  // made of card text (and the fixed out-of-scope note) are cached.
  return answer.route === 'out_of_scope' || (variant === 'extractive' && answer.mode !== 'llm');
}

export function createAnswerCache({
  store,
  knowledgeVersion,
  ttlMs,
  rulesVersion = '1',
}: AnswerCacheOptions): AnswerCache {
  const keyOf = ({ question, locale, region, variant }: AnswerCacheKeyInput) =>
    `answer:${fnv1a64(
      [
        normalizeForCache(question),
        (locale ?? '').toLowerCase(),
        (region ?? '').toUpperCase(),
        variant,
        knowledgeVersion,
        rulesVersion,
      ].join('\u0000'),
    )}`;
  return {
    keyOf,
    async get(input) {
      const value = await store.get(keyOf(input));
      return isAnswer(value) ? value : undefined;
    },
    async set(input, answer) {
      if (!isCacheable(answer, input.variant)) return false;
      await store.set(keyOf(input), answer, ttlMs);
      return true;
    },
  };
}

function isAnswer(value: unknown): value is Answer {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Answer).route === 'string' &&
    typeof (value as Answer).text === 'string' &&
    Array.isArray((value as Answer).citations)
  );
}
