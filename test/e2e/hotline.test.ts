/**
 * `/hotline` fails open: the crisis lines go out first, and saving `set-region` comes second, so storage that is down
 * never stands between a member and a crisis line (it once answered with the generic error, which tells the member
 * to use /hotline).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { openStorage, type Storage } from '../../src/adapters/storage.js';
import { chatInputInteraction, DEFAULT_GUILD_ID, DEFAULT_USER_ID } from '../fakes/discord-payloads.js';
import type { RecordedRequest } from '../fakes/discord-stand-in.js';
import { until } from './spawn-bot.js';
import { callbackFor, startHarness, type Harness } from './harness.js';

let harness: Harness | undefined;
let storage: Storage | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  await storage?.close();
  storage = undefined;
});

interface Reply {
  content?: string;
  flags?: number;
  embeds?: { title?: string; fields?: { value: string }[] }[];
}

/** Sends `/hotline country:Ireland set-region:true`; returns the interaction and its first response. */
async function setRegion(running: Harness) {
  const interaction = chatInputInteraction({
    guildId: DEFAULT_GUILD_ID,
    name: 'hotline',
    options: { country: 'Ireland', 'set-region': true },
  });
  running.standIn.dispatch('INTERACTION_CREATE', interaction);
  const callback = await callbackFor(running.standIn, interaction.id);
  const followUp = await running.standIn.waitForRequest(
    (request: RecordedRequest) =>
      request.method === 'POST' &&
      request.path.includes(`/webhooks/`) &&
      request.path.includes(interaction.token),
    5_000,
  );
  return {
    callback,
    reply: (callback.body as { type: number; data: Reply }).data,
    followUp: followUp.body as Reply,
  };
}

async function startRedis(): Promise<number> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  execFileSync('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  await until(
    () =>
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout.toString()
        .includes('PONG'),
    5_000,
  );
  return port;
}

describe('/hotline fails open', () => {
  test('with storage down, set-region still shows the lines first, then says the region was not saved', async () => {
    const port = await startRedis();
    storage = await openStorage(`redis://127.0.0.1:${port}`);
    harness = await startHarness({ storage });
    spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);

    const { callback, reply, followUp } = await setRegion(harness);
    expect(reply.embeds?.[0]?.title).toBe('Crisis lines: Ireland');
    expect(reply.flags! & 64).toBe(64);
    expect(reply.content ?? '').not.toMatch(/something went wrong|\/hotline/i);
    expect(followUp.content).toMatch(/could not be saved/);
    expect(followUp.flags! & 64).toBe(64);
    expect(harness.logs.some((line) => line.msg === 'region not saved; lines already sent')).toBe(true);
    // Nothing but the lines and the note: no generic error reply.
    const errorReplies = harness.standIn.requests.filter(
      (request) => request !== callback && JSON.stringify(request.body ?? '').includes('went wrong'),
    );
    expect(errorReplies).toEqual([]);
  });

  test('with storage up, the lines come first and the saved region is confirmed after', async () => {
    harness = await startHarness();
    const { callback, reply, followUp } = await setRegion(harness);
    expect(reply.embeds?.[0]?.title).toBe('Crisis lines: Ireland');
    expect(followUp.content).toMatch(/^Saved\./);
    const order = harness.standIn.requests;
    expect(order.indexOf(callback)).toBeLessThan(
      order.findIndex((request) => request.method === 'POST' && request.path.includes('/webhooks/')),
    );
    expect((await harness.services.settings.getUser(DEFAULT_USER_ID)).region).toBe('IE');
  });
});
