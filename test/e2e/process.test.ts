/**
 * The bot and the deploy script as real processes, as `npm start` and `npm run deploy-commands` run them (from source
 * through tsx, so the tests need no build).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { COMMANDS } from '../../src/discord/commands/index.js';
import { startDiscordStandIn, type DiscordStandIn } from '../fakes/discord-stand-in.js';
import { DEFAULT_GUILD_ID } from '../fakes/discord-payloads.js';
import { runEntry as run, until } from './spawn-bot.js';

let standIn: DiscordStandIn | undefined;
let workDir: string | undefined;

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
  if (workDir) await rm(workDir, { recursive: true, force: true });
  workDir = undefined;
});

describe('npm start (src/main.ts)', () => {
  test('without DISCORD_TOKEN it exits non-zero with one line on how to get a token and how to try Lantern without one', async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'lantern-'));
    const { code, stderr } = await run('src/main.ts', {}, workDir).exit;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('DISCORD_TOKEN is not set');
    expect(stderr).toContain('lantern ask');
  });

  test.each([
    [{ STORAGE_URL: 'mysql://root@localhost/db' }, /STORAGE_URL must start with sqlite:\/\//],
    [{ LOG_LEVEL: 'verbose' }, /LOG_LEVEL must be one of/],
    [{ STORAGE_URL: 'redis://:pw@127.0.0.1:1' }, /^Cannot use storage at redis:\/\/:\*\*\*@127\.0\.0\.1:1/],
  ])('a bad setting %o gives one clear line, not a stack trace', async (env, expected) => {
    workDir = await mkdtemp(path.join(tmpdir(), 'lantern-'));
    const { code, stderr } = await run('src/main.ts', { DISCORD_TOKEN: 'x', ...env }, workDir).exit;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(expected);
    expect(stderr).not.toContain('    at ');
    expect(stderr).not.toContain(':pw@');
  });

  test('with a token and the stand-in it connects, logs ready, creates its SQLite file, and exits 0 on SIGTERM within 5 s', async () => {
    standIn = await startDiscordStandIn({ heartbeatIntervalMs: 250 });
    workDir = await mkdtemp(path.join(tmpdir(), 'lantern-'));
    const bot = run('src/main.ts', { DISCORD_TOKEN: 'x', DISCORD_API_URL: standIn.apiUrl }, workDir);
    await until(() => bot.stdout().includes('"msg":"ready"'), 20_000);
    const ready = bot
      .stdout()
      .split('\n')
      .find((line) => line.includes('"msg":"ready"'));
    expect(JSON.parse(ready ?? '{}')).toMatchObject({ guilds: 1, crisisMode: 'message' });
    expect(existsSync(path.join(workDir, 'data', 'lantern.sqlite'))).toBe(true);
    bot.kill('SIGTERM');
    const { code, stdout } = await bot.exit;
    expect(code).toBe(0);
    expect(stdout).toContain('"msg":"stopped"');
    expect(standIn.closes.some((close) => close.by === 'client' && close.code === 1000)).toBe(true);
  }, 30_000);
});

describe('npm run deploy-commands (src/deploy-commands.ts)', () => {
  test('registers every command from the registry in the dev guild when DISCORD_DEV_GUILD_ID is set', async () => {
    standIn = await startDiscordStandIn();
    workDir = await mkdtemp(path.join(tmpdir(), 'lantern-'));
    const { code, stdout } = await run(
      'src/deploy-commands.ts',
      { DISCORD_TOKEN: 'x', DISCORD_API_URL: standIn.apiUrl, DISCORD_DEV_GUILD_ID: DEFAULT_GUILD_ID },
      workDir,
    ).exit;
    expect(code).toBe(0);
    expect(stdout).toContain(`Registered ${COMMANDS.length} commands in server ${DEFAULT_GUILD_ID}`);
    const put = standIn.requests.find((request) => request.method === 'PUT');
    expect(put?.path).toBe(`/applications/${standIn.applicationId}/guilds/${DEFAULT_GUILD_ID}/commands`);
    expect((put?.body as { name: string }[]).map((command) => command.name)).toEqual(
      COMMANDS.map((command) => command.data.name),
    );
  }, 30_000);

  test('registers globally without DISCORD_DEV_GUILD_ID', async () => {
    standIn = await startDiscordStandIn();
    workDir = await mkdtemp(path.join(tmpdir(), 'lantern-'));
    const { code } = await run(
      'src/deploy-commands.ts',
      { DISCORD_TOKEN: 'x', DISCORD_API_URL: standIn.apiUrl },
      workDir,
    ).exit;
    expect(code).toBe(0);
    expect(
      standIn.requests.some(
        (request) =>
          request.method === 'PUT' && request.path === `/applications/${standIn!.applicationId}/commands`,
      ),
    ).toBe(true);
  }, 30_000);
});
