/** The `postFact` use case on the real cards and retriever, and the weekly fact on in-memory storage and a fake clock. */
import { Keyv } from 'keyv';
import { beforeAll, describe, expect, test } from 'vitest';
import { createSettings } from '../../../src/core/settings/settings.js';
import type { KeyValueStore } from '../../../src/core/types.js';
import {
  postFact,
  postWeeklyFact,
  recordWeeklyFact,
  weeklyFactKey,
  type PostFactPorts,
  type WeeklyFactPorts,
} from '../../../src/core/use-cases/post-fact.js';
import { isoWeek } from '../../../src/core/weekly/pick-weekly-fact.js';
import { loadRealKnowledge, type RealKnowledge } from '../answer/real-knowledge.js';

let real: RealKnowledge;
let ports: PostFactPorts;
beforeAll(async () => {
  real = await loadRealKnowledge();
  ports = { cards: real.knowledge.cards, retriever: real.retriever };
});

const memory = () => new Keyv() as unknown as KeyValueStore;
const WEEK_MS = 7 * 86_400_000;

describe('postFact', () => {
  test('a card id from autocomplete picks that card, of any kind', () => {
    const guide = real.knowledge.cards.find((card) => card.kind === 'guide')!;
    expect(postFact(ports, { kind: 'fact', topic: guide.id })).toEqual({ kind: 'card', card: guide });
  });

  test('typed words pick the best matching card', () => {
    const result = postFact(ports, { kind: 'fact', topic: 'spravato' });
    expect(result.kind).toBe('card');
    expect(result.kind === 'card' && result.card.id).toBe(real.retriever.suggestCards('spravato', 1)[0]?.id);
  });

  test('with no topic, a random fact or myth card (never a guide), chosen by the random port', () => {
    const postable = real.knowledge.cards.filter((card) => card.kind !== 'guide');
    for (const [random, index] of [
      [0, 0],
      [0.999_999, postable.length - 1],
    ] as const) {
      expect(postFact({ ...ports, random: () => random }, { kind: 'fact', topic: null })).toEqual({
        kind: 'card',
        card: postable[index],
      });
    }
  });

  test('a myth lookup only ever gives a myth card', () => {
    const fact = real.knowledge.cards.find((card) => card.kind === 'fact')!;
    const result = postFact(ports, { kind: 'myth', topic: fact.id });
    expect(result.kind === 'not_found' || result.card.kind === 'myth').toBe(true);
    const myth = real.knowledge.cards.find((card) => card.kind === 'myth')!;
    expect(postFact(ports, { kind: 'myth', topic: myth.id })).toEqual({ kind: 'card', card: myth });
  });

  test('nothing found: the topic comes back for the message', () => {
    expect(postFact(ports, { kind: 'myth', topic: 'zzqxv' })).toEqual({ kind: 'not_found', topic: 'zzqxv' });
  });
});

describe('postWeeklyFact', () => {
  function setup() {
    let clock = Date.UTC(2026, 11, 3, 12);
    const settings = createSettings({ servers: memory(), users: memory() });
    const schedule = memory();
    const weekly: WeeklyFactPorts = {
      cards: real.knowledge.cards,
      settings,
      schedule,
      now: () => clock,
      random: () => 0,
    };
    return { weekly, settings, schedule, advance: (ms: number) => (clock += ms), now: () => clock };
  }

  test('off until the server chooses a channel', async () => {
    const { weekly } = setup();
    expect(await postWeeklyFact(weekly, 'g1')).toEqual({ kind: 'off' });
  });

  test('one card a week: due, recorded, then not due until next week, with no repeat in the round', async () => {
    const { weekly, settings, advance, now } = setup();
    await settings.updateServer('g1', { weeklyFactChannelId: '300000000000000001' });
    const first = await postWeeklyFact(weekly, 'g1');
    expect(first).toMatchObject({ kind: 'due', channelId: '300000000000000001' });
    if (first.kind !== 'due') return;
    expect(first.card.kind).not.toBe('guide');
    expect(first.state).toEqual({ lastWeek: isoWeek(now()), shown: [first.card.id] });
    await recordWeeklyFact(weekly, 'g1', first.state);
    expect(await postWeeklyFact(weekly, 'g1')).toEqual({ kind: 'not_due' });
    advance(WEEK_MS);
    const second = await postWeeklyFact(weekly, 'g1');
    expect(second.kind === 'due' && second.card.id).not.toBe(first.card.id);
  });

  test('stored state that is damaged starts a new round instead of failing', async () => {
    const { weekly, settings, schedule } = setup();
    await settings.updateServer('g1', { weeklyFactChannelId: '300000000000000001' });
    await schedule.set(weeklyFactKey('g1'), { lastWeek: 42, shown: 'nope' });
    expect(await postWeeklyFact(weekly, 'g1')).toMatchObject({
      kind: 'due',
      state: { shown: [expect.any(String)] },
    });
  });
});
