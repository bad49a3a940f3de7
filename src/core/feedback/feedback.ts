/**
 * Feedback without content: which cards and route an answer used and the vote, or that a crisis reply was not
 * helpful (with its lexicon ids). Never the question or the message. Per-user records expire and `/privacy delete`
 * removes them; per-card and per-signal counters hold no user id.
 */
import type { KeyValueStore, Now, Route } from '../types.js';

export const FEEDBACK_RETENTION_MS = 90 * 24 * 60 * 60 * 1_000;
const MAX_RECORDS_PER_USER = 50;

export type Vote = 'up' | 'down';

export interface AnswerFeedback {
  vote: Vote;
  route: Route;
  cardIds: string[];
  at: number;
}

export interface Counter {
  up: number;
  down: number;
}

export interface Feedback {
  recordAnswerVote(userId: string, feedback: Omit<AnswerFeedback, 'at'>): Promise<void>;
  recordCrisisNotHelpful(signals: string[]): Promise<void>;
  forUser(userId: string): Promise<AnswerFeedback[]>;
  cardCounter(cardId: string): Promise<Counter>;
  crisisNotHelpfulCount(signal: string): Promise<number>;
  deleteUser(userId: string): Promise<void>;
}

export function createFeedback({ store, now }: { store: KeyValueStore; now: Now }): Feedback {
  const userKey = (userId: string) => `answers:${userId}`;
  const cardKey = (cardId: string) => `card:${cardId}`;
  const signalKey = (signal: string) => `crisis-not-helpful:${signal}`;
  return {
    async recordAnswerVote(userId, feedback) {
      const records = ((await store.get(userKey(userId))) as AnswerFeedback[] | undefined) ?? [];
      const next = [...records, { ...feedback, at: now() }].slice(-MAX_RECORDS_PER_USER);
      await store.set(userKey(userId), next, FEEDBACK_RETENTION_MS);
      for (const cardId of feedback.cardIds) {
        const counter = ((await store.get(cardKey(cardId))) as Counter | undefined) ?? { up: 0, down: 0 };
        counter[feedback.vote] += 1;
        await store.set(cardKey(cardId), counter);
      }
    },
    async recordCrisisNotHelpful(signals) {
      for (const signal of signals.length > 0 ? signals : ['unknown']) {
        const count = ((await store.get(signalKey(signal))) as number | undefined) ?? 0;
        await store.set(signalKey(signal), count + 1);
      }
    },
    async forUser(userId) {
      return ((await store.get(userKey(userId))) as AnswerFeedback[] | undefined) ?? [];
    },
    async cardCounter(cardId) {
      return ((await store.get(cardKey(cardId))) as Counter | undefined) ?? { up: 0, down: 0 };
    },
    async crisisNotHelpfulCount(signal) {
      return ((await store.get(signalKey(signal))) as number | undefined) ?? 0;
    },
    async deleteUser(userId) {
      await store.delete(userKey(userId));
    },
  };
}
