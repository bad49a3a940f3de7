/**
 * What /privacy says is true: after `/privacy delete`, no key in storage names the member, and a question's text is
 * found nowhere in storage after it was answered (even when the model's answer repeats it). Real discord.js against
 * the Discord stand-in, the real openai SDK against the fake server, and a real SQLite file read back row by row.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.js';
import {
  chatInputInteraction,
  DEFAULT_GUILD_ID,
  messageCreate,
  snowflake,
  user,
} from '../fakes/discord-payloads.js';
import { callbackFor, originalEditFor, startHarness, type Harness } from './harness.js';

let harness: Harness | undefined;
let model: FakeOpenAiServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  await model?.close();
  model = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function rows(file: string): Promise<{ key: string; value: string }[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => {
      if (error) reject(error);
    });
    db.all('SELECT key, value FROM keyv', (error, result: { key: string; value: string }[]) => {
      db.close();
      if (error) reject(error);
      else resolve(result);
    });
  });
}

async function startOnSqlite(): Promise<{ h: Harness; file: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lantern-privacy-'));
  dirs.push(dir);
  const file = path.join(dir, 'lantern.sqlite');
  const canaryAnswer =
    'You asked whether zebra4711 is depression [1]. Depression is a common illness that can be treated [1].';
  model = await startFakeOpenAiServer({ fallback: { kind: 'stream', chunks: [canaryAnswer] } });
  const h = await startHarness({
    env: {
      STORAGE_URL: `sqlite://${file}`,
      LLM_BASE_URL: model.baseURL,
      LLM_MODEL: 'fake-model',
      LLM_API_KEY: 'test-key',
    },
  });
  return { h, file };
}

describe('/privacy delete, read back from the SQLite file', () => {
  test('after a question, a crisis reply, a region and feedback, no key names the member', async () => {
    const { h, file } = await startOnSqlite();
    harness = h;
    const id = '1180000000000000777';
    // A crisis reply (stores a cooldown) and a question (stores the rate counter).
    h.standIn.dispatch(
      'MESSAGE_CREATE',
      messageCreate({
        id: snowflake(),
        content: 'i want to end it all tonight',
        guildId: DEFAULT_GUILD_ID,
        author: user({ id }),
      }),
    );
    const asked = chatInputInteraction({
      name: 'ask',
      guildId: DEFAULT_GUILD_ID,
      user: user({ id }),
      options: { question: 'is depression a real illness?' },
    });
    h.standIn.dispatch('INTERACTION_CREATE', asked);
    await originalEditFor(h.standIn, asked.token, () => true);
    await h.services.settings.updateUser(id, { region: 'FR' });
    await h.services.feedback.recordAnswerVote(id, {
      vote: 'up',
      route: 'answer',
      cardIds: ['depression-what-it-is'],
    });
    await vi.waitFor(async () => {
      const keys = (await rows(file)).map((row) => row.key);
      expect(keys.filter((key) => key.includes(id)).length).toBeGreaterThanOrEqual(4);
    });

    const deletion = chatInputInteraction({
      name: 'privacy',
      subcommand: 'delete',
      guildId: DEFAULT_GUILD_ID,
      user: user({ id }),
    });
    h.standIn.dispatch('INTERACTION_CREATE', deletion);
    const reply = await callbackFor(h.standIn, deletion.id);
    expect(String((reply.body as { data: { content: string } }).data.content)).toContain('Deleted');

    const left = (await rows(file)).filter((row) => row.key.includes(id) || row.value.includes(id));
    expect(left).toEqual([]);
  });

  test('a canary question is found nowhere in storage after it was answered, even when the model repeats it', async () => {
    const { h, file } = await startOnSqlite();
    harness = h;
    const asked = chatInputInteraction({
      name: 'ask',
      guildId: DEFAULT_GUILD_ID,
      user: user({ id: snowflake() }),
      options: { question: 'is depression a real illness or not, zebra4711?' },
    });
    h.standIn.dispatch('INTERACTION_CREATE', asked);
    await originalEditFor(h.standIn, asked.token, (body) => !String(body.content ?? '').includes('Writing'));
    const all = await rows(file);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((row) => `${row.key} ${row.value}`.includes('zebra4711'))).toEqual([]);
  });
});
