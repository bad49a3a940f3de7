/**
 * A daily model-token budget per server, reset at midnight UTC. When it runs out Lantern keeps answering, from the
 * cards (extractive mode), instead of refusing: cost should degrade the answer's style, not its availability.
 * (Other bots do the same with a rolling spend per user: fall back to something cheaper instead of refusing.)
 */
import type { KeyValueStore, Now } from '../types.js';

export interface BudgetStatus {
  /** The model may be used for this server today. */
  allowed: boolean;
  spent: number;
  remaining: number;
  /** When the budget resets (next midnight UTC), epoch ms. */
  resetsAt: number;
}

export interface TokenBudget {
  check(guildId: string, budget: number): Promise<BudgetStatus>;
  spend(guildId: string, tokens: number): Promise<void>;
}

export interface TokenBudgetOptions {
  store: KeyValueStore;
  now: Now;
}

const DAY_MS = 86_400_000;

/**
 * Keys are `ask-tokens:<guild>:<YYYY-MM-DD>` with a two-day expiry, so yesterday's count simply stops being read.
 * Increments are read-then-write: concurrent answers in one server may undercount a little, which can overspend the
 * budget by at most one answer per concurrent request (acceptable for a soft cost cap).
 */
export function createTokenBudget({ store, now }: TokenBudgetOptions): TokenBudget {
  const keyFor = (guildId: string, at: number) =>
    `ask-tokens:${guildId}:${new Date(at).toISOString().slice(0, 10)}`;
  const spentOn = async (key: string) => {
    const value = await store.get(key);
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  };
  return {
    async check(guildId, budget) {
      const at = now();
      const spent = await spentOn(keyFor(guildId, at));
      const remaining = Math.max(0, budget - spent);
      return { allowed: remaining > 0, spent, remaining, resetsAt: (Math.floor(at / DAY_MS) + 1) * DAY_MS };
    },
    async spend(guildId, tokens) {
      if (!(tokens > 0)) return;
      const key = keyFor(guildId, now());
      await store.set(key, (await spentOn(key)) + Math.round(tokens), 2 * DAY_MS);
    },
  };
}
