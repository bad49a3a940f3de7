import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openStorage, redactUrl } from '../../src/adapters/storage.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lantern-storage-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('SQLite storage (the default)', () => {
  test('creates its folder and file on first run, and values survive a restart', async () => {
    const file = path.join(await tempDir(), 'nested', 'folder', 'lantern.sqlite');
    const first = await openStorage(`sqlite://${file}`);
    await first.namespaces.settings.set('guild-1', { region: 'GB' });
    await first.close();
    expect((await stat(file)).isFile()).toBe(true);

    const second = await openStorage(`sqlite://${file}`);
    expect(await second.namespaces.settings.get('guild-1')).toEqual({ region: 'GB' });
    await second.close();
  });

  test('namespaces do not see each other', async () => {
    const storage = await openStorage(`sqlite://${path.join(await tempDir(), 'db.sqlite')}`);
    await storage.namespaces.users.set('42', 'user value');
    expect(await storage.namespaces.settings.get('42')).toBeUndefined();
    expect(await storage.namespaces.users.get('42')).toBe('user value');
    await storage.close();
  });
});

describe('Redis storage (several processes or shards)', () => {
  test('two connections share state, as two processes would', async () => {
    const a = await openStorage(REDIS_URL);
    const b = await openStorage(REDIS_URL);
    const key = `shared-${process.pid}-${Date.now()}`;
    await a.namespaces.settings.set(key, { crisisEnabled: false });
    expect(await b.namespaces.settings.get(key)).toEqual({ crisisEnabled: false });
    expect(await b.namespaces.settings.delete(key)).toBe(true);
    expect(await a.namespaces.settings.get(key)).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });

  test('an unreachable server gives one clear error naming the URL without its password', async () => {
    const error = await openStorage('redis://lantern:hunter2@127.0.0.1:1').then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toMatch(/^Cannot use storage at redis:\/\/lantern:\*\*\*@127\.0\.0\.1:1/);
    expect(error?.message).not.toContain('hunter2');
    expect(error?.message).not.toContain('\n');
  });
});

describe('memory storage (tests)', () => {
  test('stores and deletes', async () => {
    const storage = await openStorage('memory://');
    await storage.namespaces.cache.set('q', 'a');
    expect(await storage.namespaces.cache.get('q')).toBe('a');
    await storage.namespaces.cache.delete('q');
    expect(await storage.namespaces.cache.get('q')).toBeUndefined();
    await storage.close();
  });
});

describe('bad URLs', () => {
  test('an unknown scheme names the URL and the accepted forms', async () => {
    await expect(openStorage('postgres://user:pw@db/lantern')).rejects.toThrow(
      /STORAGE_URL "postgres:\/\/user:\*\*\*@db\/lantern" is not supported: use sqlite:\/\//,
    );
  });

  test('redactUrl hides passwords', () => {
    expect(redactUrl('redis://:s3cret@host:6379/0')).toBe('redis://:***@host:6379/0');
    expect(redactUrl('sqlite://data/lantern.sqlite')).toBe('sqlite://data/lantern.sqlite');
  });
});
