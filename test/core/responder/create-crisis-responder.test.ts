import pino from 'pino';
import { describe, expect, test } from 'vitest';
import {
  createCrisisResponder,
  type IncomingMessage,
} from '../../../src/core/responder/create-crisis-responder.js';
import { createSettings } from '../../../src/core/settings/settings.js';
import type { CrisisReading } from '../../../src/core/responder/read-crisis.js';
import type { KeyValueStore } from '../../../src/core/types.js';

/** A store without expiry: the responder must enforce the cooldown's end itself, against its clock. */
function mapStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    get: async (key) => map.get(key),
    set: async (key, value) => map.set(key, value),
    delete: async (key) => map.delete(key),
  };
}

const CRISIS: CrisisReading = {
  result: { level: 'crisis', subject: 'self', signals: ['ideation.end_it'] },
  reply: 'public',
  source: 'rules',
};

function setup() {
  let clock = Date.UTC(2026, 11, 1);
  const settings = createSettings({ servers: mapStore(), users: mapStore() });
  const responder = createCrisisResponder({
    read: () => CRISIS,
    detect: () => CRISIS.result,
    settings,
    cooldowns: mapStore(),
    hotlines: { resolve: () => 'international' },
    categoryOf: () => 'suicide',
    now: () => clock,
    log: pino({ level: 'silent' }),
  });
  let next = 0;
  const message = (overrides: Partial<IncomingMessage> = {}): IncomingMessage => ({
    messageId: String((next += 1)),
    guildId: 'g1',
    channelId: 'c1',
    userId: 'u1',
    authorIsBot: false,
    text: 'text',
    ...overrides,
  });
  return { responder, settings, message, advance: (ms: number) => (clock += ms) };
}

describe('createCrisisResponder', () => {
  test('plans one reply per message id, even when the same message arrives twice', async () => {
    const { responder, message } = setup();
    const once = message();
    expect(await responder.evaluate(once)).not.toBeNull();
    expect(await responder.evaluate(once)).toBeNull();
  });

  test('the per-member cooldown holds until the configured minutes have passed on the clock, then lifts', async () => {
    const { responder, settings, message, advance } = setup();
    await settings.updateServer('g1', { crisisCooldownMinutes: 30 });
    expect(await responder.evaluate(message())).not.toBeNull();
    advance(30 * 60_000 - 1);
    expect(await responder.evaluate(message())).toBeNull();
    expect(await responder.evaluate(message({ userId: 'u2' }))).not.toBeNull();
    advance(1);
    expect(await responder.evaluate(message())).not.toBeNull();
  });

  test('a cooldown in one server does not silence the member in another; forgetMember lifts it', async () => {
    const { responder, message } = setup();
    expect(await responder.evaluate(message())).not.toBeNull();
    expect(await responder.evaluate(message({ guildId: 'g2' }))).not.toBeNull();
    expect(await responder.evaluate(message())).toBeNull();
    await responder.forgetMember('u1');
    expect(await responder.evaluate(message())).not.toBeNull();
  });

  test('never plans a reply to a bot', async () => {
    const { responder, message } = setup();
    expect(await responder.evaluate(message({ authorIsBot: true }))).toBeNull();
  });
});
