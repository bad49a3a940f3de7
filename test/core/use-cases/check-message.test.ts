/**
 * The `checkMessage` use case on the shipped crisis reader (real lexicon and risk model) and the real responder, with
 * in-memory storage and a fake clock.
 */
import { Keyv } from 'keyv';
import pino from 'pino';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadKnownWords } from '../../../src/adapters/load-known-words.js';
import { createCrisisResponder } from '../../../src/core/responder/create-crisis-responder.js';
import { createShippedCrisisReader } from '../../../src/core/responder/read-crisis.js';
import { createSettings } from '../../../src/core/settings/settings.js';
import type { KeyValueStore } from '../../../src/core/types.js';
import {
  checkMessage,
  NO_REPLY_POLICY,
  type CheckMessagePorts,
  type CheckMessageRequest,
} from '../../../src/core/use-cases/check-message.js';
import { loadRealKnowledge, type RealKnowledge } from '../answer/real-knowledge.js';

let real: RealKnowledge;
beforeAll(async () => {
  real = await loadRealKnowledge();
});

const memory = () => new Keyv() as unknown as KeyValueStore;

function setup(options: { everythingQuiet?: boolean } = {}) {
  let clock = Date.UTC(2026, 11, 3, 12);
  const { lexicon, riskModel } = real.knowledge;
  const { read, detect } = createShippedCrisisReader({
    lexicon,
    // A tiny quiet-band floor makes every message below the public threshold (and without a rule hit) quiet.
    model: options.everythingQuiet ? { ...riskModel, noticeThreshold: 1e-9 } : riskModel,
    knownWords: loadKnownWords(),
  });
  const settings = createSettings({ servers: memory(), users: memory() });
  const responder = createCrisisResponder({
    read,
    detect,
    settings,
    cooldowns: memory(),
    hotlines: real.hotlines,
    categoryOf: () => 'suicide',
    now: () => clock,
    log: pino({ level: 'silent' }),
  });
  const ports: CheckMessagePorts = { read, planReply: responder.planReply };
  let next = 0;
  const message = (text: string, userId = 'u1'): CheckMessageRequest => ({
    text,
    place: { messageId: String((next += 1)), guildId: 'g1', channelId: 'c1', userId },
  });
  return { ports, read, settings, message, advance: (ms: number) => (clock += ms) };
}

describe('checkMessage', () => {
  test('an everyday message has no signal, and the result carries the reading', async () => {
    const { ports, message } = setup();
    const result = await checkMessage(ports, message('this homework is killing me'));
    expect(result).toMatchObject({
      kind: 'no_signal',
      reading: { reply: 'none', result: { level: 'none' } },
    });
  });

  test('a disclosure gets a reply plan with the member’s crisis lines', async () => {
    const { ports, settings, message } = setup();
    await settings.updateUser('u1', { region: 'IE' });
    const result = await checkMessage(ports, message('i want to die'));
    expect(result.kind).toBe('reply');
    if (result.kind !== 'reply') return;
    expect(result.reading.result).toMatchObject({ level: 'crisis', subject: 'self' });
    expect(result.plan).toMatchObject({ delivery: 'reply', alertsChannelId: null });
    expect(typeof result.plan.resources === 'object' && result.plan.resources.code).toBe('IE');
  });

  test('within the member’s cooldown the next disclosure is held; after it, it is a reply again', async () => {
    const { ports, message, advance } = setup();
    expect((await checkMessage(ports, message('i want to die'))).kind).toBe('reply');
    expect((await checkMessage(ports, message('i want to die'))).kind).toBe('held');
    expect((await checkMessage(ports, message('i want to die', 'u2'))).kind).toBe('reply');
    advance(31 * 60_000);
    expect((await checkMessage(ports, message('i want to die'))).kind).toBe('reply');
  });

  test('one message is answered once, however often it arrives', async () => {
    const { ports, message } = setup();
    const once = message('i want to die');
    expect((await checkMessage(ports, once)).kind).toBe('reply');
    expect((await checkMessage(ports, once)).kind).toBe('held');
  });

  test('a server that turned the responder off, or a member who opted out, is held', async () => {
    const { ports, settings, message } = setup();
    await settings.updateUser('u1', { crisisOptOut: true });
    expect((await checkMessage(ports, message('i want to die'))).kind).toBe('held');
    await settings.updateServer('g1', { crisisEnabled: false });
    expect((await checkMessage(ports, message('i want to die', 'u2'))).kind).toBe('held');
  });

  test('an uncertain model-only reading is quiet: no reply', async () => {
    const { ports, read, message } = setup({ everythingQuiet: true });
    const text = 'what a long week it has been';
    expect(read(text).reply).toBe('quiet');
    expect(await checkMessage(ports, message(text))).toMatchObject({
      kind: 'quiet',
      reading: { reply: 'quiet' },
    });
  });

  test('with no reply policy (lantern check) the reading is reported and nothing is planned', async () => {
    const { read, message } = setup();
    const result = await checkMessage({ read, planReply: NO_REPLY_POLICY }, message('i want to die'));
    expect(result).toMatchObject({ kind: 'held', reading: { reply: 'public', result: { level: 'crisis' } } });
  });
});
