/** The `hotline` use case on the real hotline directory and settings, with in-memory storage. */
import { Writable } from 'node:stream';
import { Keyv } from 'keyv';
import pino from 'pino';
import { beforeAll, describe, expect, test } from 'vitest';
import { createSettings, type Settings } from '../../../src/core/settings/settings.js';
import type { KeyValueStore } from '../../../src/core/types.js';
import { hotline, saveRegion, type HotlineResult } from '../../../src/core/use-cases/hotline.js';
import { loadRealKnowledge, type RealKnowledge } from '../answer/real-knowledge.js';

let real: RealKnowledge;
beforeAll(async () => {
  real = await loadRealKnowledge();
});

const memory = () => new Keyv() as unknown as KeyValueStore;
const failing = (): Promise<never> => Promise.reject(new Error('storage down'));
const BROKEN: Settings = {
  getServer: failing,
  getUser: failing,
  updateServer: failing,
  updateUser: failing,
  deleteUser: failing,
};

const countryOf = (result: HotlineResult) =>
  typeof result.resources === 'object' ? result.resources.code : result.resources;

function setup(settings: Settings = createSettings({ servers: memory(), users: memory() })) {
  const ports = { hotlines: real.hotlines, settings };
  return {
    ports,
    settings,
    look: (query?: string) => hotline(ports, { query, userId: 'u1', guildId: 'g1' }),
  };
}

describe('hotline', () => {
  test('order: the country asked for → the member’s saved region → the server’s default → international', async () => {
    const { settings, look } = setup();
    expect(countryOf(await look())).toBe('international');
    await settings.updateServer('g1', { region: 'US' });
    expect(countryOf(await look())).toBe('US');
    await settings.updateUser('u1', { region: 'IE' });
    expect(countryOf(await look())).toBe('IE');
    expect(await look('Canada')).toMatchObject({
      kind: 'lines',
      chosen: { code: 'CA' },
      resources: { code: 'CA' },
    });
  });

  test.each([
    ['GB', 'GB'],
    ['uk', 'GB'],
    ['germ', 'DE'],
    ['  ireland  ', 'IE'],
  ])('the query %j names %s', async (query, code) => {
    expect(await setup().look(query)).toMatchObject({ kind: 'lines', chosen: { code } });
  });

  test('an unknown country says so, with the next preference’s lines', async () => {
    const { settings, look } = setup();
    await settings.updateServer('g1', { region: 'US' });
    expect(await look('Atlantis')).toMatchObject({
      kind: 'unknown_country',
      query: 'Atlantis',
      resources: { code: 'US' },
    });
  });

  test('a blank query is no query', async () => {
    expect(await setup().look('   ')).toEqual({ kind: 'lines', resources: 'international' });
  });

  test('storage that fails still gives lines (fail open)', async () => {
    const { look } = setup(BROKEN);
    expect(await look('Ireland')).toMatchObject({ kind: 'lines', resources: { code: 'IE' } });
    expect(countryOf(await look())).toBe('international');
  });
});

describe('saveRegion', () => {
  test('saves the member’s region, which the next lookup uses', async () => {
    const { ports, look } = setup();
    const country = real.hotlines.forCountry('IE')!;
    const log = pino({ level: 'silent' });
    expect(await saveRegion({ settings: ports.settings, log }, { userId: 'u1', country })).toEqual({
      kind: 'saved',
      country,
    });
    expect(countryOf(await look())).toBe('IE');
  });

  test('storage that fails: "not saved", logged without the country or the member', async () => {
    const lines: string[] = [];
    const log = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const country = real.hotlines.forCountry('IE')!;
    expect(await saveRegion({ settings: BROKEN, log }, { userId: '123456789012345678', country })).toEqual({
      kind: 'not_saved',
      country,
    });
    expect(lines.join('')).toMatch(/region not saved/);
    expect(lines.join('')).not.toMatch(/123456789012345678|Ireland/);
  });
});
