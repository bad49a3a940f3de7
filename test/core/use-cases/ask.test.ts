/**
 * The `ask` use case on the real answerer, knowledge, settings and limits, with in-memory storage and a model port
 * the test answers (or holds open) itself.
 */
import { Keyv } from 'keyv';
import pino from 'pino';
import { beforeAll, describe, expect, test } from 'vitest';
import { createAnswerer } from '../../../src/core/answer/create-answerer.js';
import { createInFlightGuard } from '../../../src/core/limits/in-flight-guard.js';
import { createRateLimiter } from '../../../src/core/limits/rate-limiter.js';
import { createTokenBudget } from '../../../src/core/limits/token-budget.js';
import { createSettings, type Settings } from '../../../src/core/settings/settings.js';
import type { ChatModel, ChatResult, KeyValueStore } from '../../../src/core/types.js';
import { ask, type AskPorts, type AskRequest } from '../../../src/core/use-cases/ask.js';
import { loadRealKnowledge, type RealKnowledge } from '../answer/real-knowledge.js';

const QUESTION = 'What is Spravato and how is it given?';
const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const OTHER_CHANNEL = '200000000000000002';

let real: RealKnowledge;
beforeAll(async () => {
  real = await loadRealKnowledge();
});

const memory = () => new Keyv() as unknown as KeyValueStore;

/** A model port that answers with a cited sentence, or waits until the test lets it answer. */
function modelPort() {
  const calls: string[] = [];
  const held: Array<() => void> = [];
  let holding = false;
  const model: ChatModel = {
    name: 'test-model',
    async complete(request, onDelta) {
      calls.push(request.messages.at(-1)?.content ?? '');
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      const text = 'Spravato is esketamine, a nasal spray given in a clinic [1].';
      onDelta?.(text);
      return { text, promptTokens: 100, completionTokens: 20 } satisfies ChatResult;
    },
  };
  return {
    model,
    calls,
    hold: () => (holding = true),
    release: () => {
      holding = false;
      for (const resolve of held.splice(0)) resolve();
    },
    /** Resolves once the model has been called `count` times. */
    called: async (count: number) => {
      while (calls.length < count) await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}

function setup(
  options: {
    model?: boolean;
    rateLimit?: number;
    maxInFlight?: number;
    budget?: number;
    settings?: Settings;
  } = {},
) {
  let clock = Date.UTC(2026, 11, 3, 12);
  const limitsStore = memory();
  const model = modelPort();
  const settings = options.settings ?? createSettings({ servers: memory(), users: memory() });
  const budget = createTokenBudget({ store: limitsStore, now: () => clock });
  const ports: AskPorts = {
    answerer: createAnswerer({
      retriever: real.retriever,
      detect: real.detect,
      hotlines: real.hotlines,
      model: options.model === false ? undefined : model.model,
      prompts: real.prompts,
      log: pino({ level: 'silent' }),
    }),
    settings,
    limits: {
      inFlight: createInFlightGuard({ maxTotal: options.maxInFlight ?? 4 }),
      rate: createRateLimiter({
        store: limitsStore,
        now: () => clock,
        limit: options.rateLimit ?? 5,
        windowMs: 600_000,
      }),
      budget,
    },
    modelConfigured: options.model !== false,
    defaultDailyTokenBudget: options.budget ?? 10_000,
    maxQueueWaitMs: 0,
  };
  const request = (overrides: Partial<AskRequest> = {}): AskRequest => ({
    question: QUESTION,
    userId: 'u1',
    guildId: GUILD,
    channelId: CHANNEL,
    ...overrides,
  });
  return { ports, settings, budget, model, request, advance: (ms: number) => (clock += ms) };
}

describe('ask', () => {
  test('answers with the model and spends the tokens it used against the server’s budget', async () => {
    const { ports, budget, model, request } = setup();
    const result = await ask(ports, request());
    expect(result).toMatchObject({
      kind: 'answered',
      answer: { route: 'answer', mode: 'llm', tokensUsed: 120 },
    });
    expect(result).not.toHaveProperty('notice');
    expect(model.calls).toHaveLength(1);
    expect((await budget.check(GUILD, 10_000)).spent).toBe(120);
  });

  test('without a model it answers from the cards, and spends nothing', async () => {
    const { ports, budget, request } = setup({ model: false });
    const result = await ask(ports, request());
    expect(result).toMatchObject({
      kind: 'answered',
      answer: { route: 'answer', mode: 'extractive', tokensUsed: 0 },
    });
    expect((await budget.check(GUILD, 10_000)).spent).toBe(0);
  });

  test('outside the channels the server chose, it refuses and names them; inside, it answers', async () => {
    const { ports, settings, model, request } = setup();
    await settings.updateServer(GUILD, { askChannelIds: [CHANNEL] });
    expect(await ask(ports, request({ channelId: OTHER_CHANNEL }))).toEqual({
      kind: 'channel_not_allowed',
      allowedChannelIds: [CHANNEL],
    });
    expect(model.calls).toHaveLength(0);
    expect((await ask(ports, request())).kind).toBe('answered');
  });

  test('one question per member at a time: a second one while the first is answered is "busy: user"', async () => {
    const { ports, model, request } = setup();
    model.hold();
    const first = ask(ports, request());
    await model.called(1);
    expect(await ask(ports, request())).toEqual({ kind: 'busy', reason: 'user' });
    model.release();
    expect((await first).kind).toBe('answered');
    expect((await ask(ports, request())).kind).toBe('answered');
  });

  test('when every slot is taken and the line does not move in time, another member is "busy: overloaded"', async () => {
    const { ports, model, request } = setup({ maxInFlight: 1 });
    model.hold();
    const first = ask(ports, request());
    await model.called(1);
    expect(await ask(ports, request({ userId: 'u2' }))).toEqual({ kind: 'busy', reason: 'overloaded' });
    model.release();
    await first;
  });

  test('past the rate limit it says when the next question is allowed, and the slot is free again', async () => {
    const { ports, request, advance } = setup({ rateLimit: 1 });
    expect((await ask(ports, request())).kind).toBe('answered');
    advance(60_000);
    expect(await ask(ports, request())).toEqual({ kind: 'rate_limited', retryAfterMs: 540_000 });
    expect((await ask(ports, request({ userId: 'u2' }))).kind).toBe('answered');
  });

  test('with the day’s budget used up it answers from the cards, says why, and does not call the model', async () => {
    const { ports, budget, model, request } = setup({ budget: 1_000 });
    await budget.spend(GUILD, 1_000);
    const result = await ask(ports, request());
    expect(result).toMatchObject({ kind: 'answered', notice: 'budget', answer: { mode: 'extractive' } });
    expect(model.calls).toHaveLength(0);
  });

  test('a crisis reply never carries the budget note', async () => {
    const { ports, budget, request } = setup({ budget: 1_000 });
    await budget.spend(GUILD, 1_000);
    const result = await ask(ports, request({ question: 'I want to kill myself' }));
    expect(result).toMatchObject({ kind: 'answered', answer: { route: 'crisis' } });
    expect(result).not.toHaveProperty('notice');
  });

  test('a server that turned the model off, or a cards-only request, answers from the cards', async () => {
    const { ports, settings, model, request } = setup();
    expect(await ask(ports, request({ cardsOnly: true }))).toMatchObject({ answer: { mode: 'extractive' } });
    await settings.updateServer(GUILD, { modelEnabled: false });
    expect(await ask(ports, request({ userId: 'u2' }))).toMatchObject({ answer: { mode: 'extractive' } });
    expect(model.calls).toHaveLength(0);
  });

  test('crisis lines follow the region given, else the member’s saved region, else the server’s', async () => {
    const { ports, settings, request } = setup();
    const crisis = { question: 'I want to kill myself' };
    const countryOf = async (overrides: Partial<AskRequest>) => {
      const result = await ask(ports, request({ ...crisis, ...overrides }));
      if (result.kind !== 'answered' || typeof result.answer.resources !== 'object') return result.kind;
      return result.answer.resources.code;
    };
    await settings.updateServer(GUILD, { region: 'DE' });
    expect(await countryOf({})).toBe('DE');
    await settings.updateUser('u1', { region: 'IE' });
    expect(await countryOf({})).toBe('IE');
    expect(await countryOf({ region: 'CA' })).toBe('CA');
  });

  test('storage that fails never refuses a question: defaults, no gate, no limit', async () => {
    const failing = (): Promise<never> => Promise.reject(new Error('storage down'));
    const broken: Settings = {
      getServer: failing,
      getUser: failing,
      updateServer: failing,
      updateUser: failing,
      deleteUser: failing,
    };
    const { ports, request } = setup({ settings: broken, model: false });
    const unlimited: AskPorts = {
      ...ports,
      limits: {
        ...ports.limits,
        rate: { take: failing },
        budget: { check: failing, spend: failing },
      },
    };
    expect(await ask(unlimited, request())).toMatchObject({ kind: 'answered', answer: { route: 'answer' } });
  });
});
