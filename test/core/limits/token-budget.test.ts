import { Keyv } from 'keyv';
import { describe, expect, test } from 'vitest';
import { createTokenBudget } from '../../../src/core/limits/token-budget.js';
import type { KeyValueStore } from '../../../src/core/types.js';

describe('createTokenBudget', () => {
  test('counts tokens per server and refuses once the daily budget is spent', async () => {
    const time = Date.UTC(2026, 10, 26, 12, 0);
    const budget = createTokenBudget({ store: new Keyv() as unknown as KeyValueStore, now: () => time });
    expect(await budget.check('g1', 1_000)).toMatchObject({ allowed: true, spent: 0, remaining: 1_000 });
    await budget.spend('g1', 600);
    await budget.spend('g1', 400);
    expect(await budget.check('g1', 1_000)).toMatchObject({ allowed: false, spent: 1_000, remaining: 0 });
    expect(await budget.check('g2', 1_000)).toMatchObject({ allowed: true, spent: 0 });
  });

  test('resets at midnight UTC and says when', async () => {
    let time = Date.UTC(2026, 10, 26, 23, 59);
    const budget = createTokenBudget({ store: new Keyv() as unknown as KeyValueStore, now: () => time });
    await budget.spend('g1', 5_000);
    const status = await budget.check('g1', 5_000);
    expect(status.allowed).toBe(false);
    expect(status.resetsAt).toBe(Date.UTC(2026, 10, 27));
    time = Date.UTC(2026, 10, 27, 0, 1);
    expect(await budget.check('g1', 5_000)).toMatchObject({ allowed: true, spent: 0 });
  });

  test('ignores zero, negative and non-numbers; a budget of 0 allows nothing', async () => {
    const budget = createTokenBudget({ store: new Keyv() as unknown as KeyValueStore, now: () => 0 });
    await budget.spend('g', 0);
    await budget.spend('g', -5);
    await budget.spend('g', Number.NaN);
    expect((await budget.check('g', 10)).spent).toBe(0);
    expect((await budget.check('g', 0)).allowed).toBe(false);
  });
});
