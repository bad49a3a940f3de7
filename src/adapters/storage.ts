/**
 * Turns `STORAGE_URL` into keyv-backed namespaces. SQLite is the default (one process, no setup; the file and its folder
 * are created on first run), Redis shares state between processes and shards, memory serves tests.
 *
 * One connection serves every namespace: namespaces are key prefixes (`settings:123`), so a single SQLite file or Redis
 * database holds everything and closing is one call.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Keyv } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import KeyvRedis from '@keyv/redis';
import { UserError } from '../core/errors.js';
import { withTimeout } from '../core/with-timeout.js';
import type { KeyValueStore } from '../core/types.js';

export const STORAGE_NAMESPACES = [
  'settings',
  'users',
  'cooldowns',
  'limits',
  'cache',
  'feedback',
  'schedule',
] as const;
export type StorageNamespace = (typeof STORAGE_NAMESPACES)[number];

export type StorageKind = 'sqlite' | 'redis' | 'memory';

export interface Storage {
  readonly kind: StorageKind;
  /** The URL with any password hidden, safe for logs and errors. */
  readonly safeUrl: string;
  readonly namespaces: Readonly<Record<StorageNamespace, KeyValueStore>>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 3_000;
/**
 * No storage call may hang: when Redis goes away mid-run, callers (the crisis responder above all) get an error within
 * this time and carry on without storage instead of waiting for reconnects.
 */
export const STORAGE_OPERATION_TIMEOUT_MS = 1_000;

/** Hides the password (and user name) of a URL so that it can appear in logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/**
 * Opens storage and checks that it answers. Throws a `UserError` with one clear line naming the URL (without its
 * password) when the scheme is unknown or the server cannot be reached.
 */
export async function openStorage(url: string): Promise<Storage> {
  const safeUrl = redactUrl(url);
  const scheme = url.slice(0, url.indexOf(':'));
  let keyv: Keyv;
  let kind: StorageKind;
  if (scheme === 'memory') {
    kind = 'memory';
    keyv = new Keyv({ namespace: 'lantern', throwOnErrors: true });
  } else if (scheme === 'sqlite') {
    kind = 'sqlite';
    const file = sqliteFile(url);
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    keyv = new Keyv({
      store: new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5_000 }),
      namespace: 'lantern',
      throwOnErrors: true,
    });
  } else if (scheme === 'redis' || scheme === 'rediss') {
    kind = 'redis';
    const store = new KeyvRedis(
      {
        url,
        socket: {
          connectTimeout: CONNECT_TIMEOUT_MS,
          reconnectStrategy: (retries: number) => (retries > 20 ? false : Math.min(retries * 100, 2_000)),
        },
      },
      { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: CONNECT_TIMEOUT_MS },
    );
    keyv = new Keyv({ store, namespace: 'lantern', throwOnErrors: true });
  } else {
    throw new UserError(
      `STORAGE_URL "${safeUrl}" is not supported: use sqlite://path/to/file.sqlite, redis://host:6379 or memory://.`,
      'storage',
    );
  }
  keyv.on('error', () => {
    // Errors surface as rejected operations (throwOnErrors); callers decide (the crisis responder fails open).
  });
  try {
    await withTimeout(keyv.set('health:check', Date.now(), 60_000), CONNECT_TIMEOUT_MS + 500, 'storage');
  } catch (error) {
    await keyv.disconnect().catch(() => undefined);
    const reason = (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)).replace(
      /\.+$/,
      '',
    );
    throw new UserError(`Cannot use storage at ${safeUrl}: ${reason}. ${hint(kind)}`, 'storage');
  }
  const namespaces = Object.fromEntries(
    STORAGE_NAMESPACES.map((name) => [name, prefixed(keyv, name)]),
  ) as Record<StorageNamespace, KeyValueStore>;
  let closed = false;
  return {
    kind,
    safeUrl,
    namespaces: Object.freeze(namespaces),
    async close() {
      if (closed) return;
      closed = true;
      // A dead Redis would make a polite QUIT wait for reconnects; shutdown must not.
      await withTimeout(keyv.disconnect(), STORAGE_OPERATION_TIMEOUT_MS, 'storage').catch(() => undefined);
    },
  };
}

function sqliteFile(url: string): string {
  const rest = url.replace(/^sqlite:(\/\/)?/, '');
  if (rest === '' || rest === ':memory:') return ':memory:';
  return rest;
}

function hint(kind: StorageKind): string {
  if (kind === 'redis') return 'Is Redis running and reachable? (e.g. redis-server --port 6379)';
  if (kind === 'sqlite') return 'Check that the folder is writable.';
  return '';
}

function prefixed(keyv: Keyv, namespace: StorageNamespace): KeyValueStore {
  const key = (k: string) => `${namespace}:${k}`;
  return {
    get: (k) => withTimeout(keyv.get(key(k)), STORAGE_OPERATION_TIMEOUT_MS, 'storage'),
    set: (k, value, ttl) =>
      withTimeout(keyv.set(key(k), value, ttl), STORAGE_OPERATION_TIMEOUT_MS, 'storage'),
    delete: (k) => withTimeout(keyv.delete(key(k)), STORAGE_OPERATION_TIMEOUT_MS, 'storage'),
  };
}
