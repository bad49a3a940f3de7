import { Keyv } from 'keyv';
import { describe, expect, test } from 'vitest';
import { isUserError } from '../../../src/core/errors.js';
import { DEFAULT_SERVER_SETTINGS, createSettings } from '../../../src/core/settings/settings.js';

const make = () => createSettings({ servers: new Keyv(), users: new Keyv() });

describe('server settings', () => {
  test('an unknown server gets the defaults: crisis responder on, replies in channel, 30 min cooldown', async () => {
    const settings = make();
    expect(await settings.getServer('123456789012345678')).toEqual(DEFAULT_SERVER_SETTINGS);
    expect(DEFAULT_SERVER_SETTINGS).toMatchObject({
      crisisEnabled: true,
      crisisDelivery: 'reply',
      crisisCooldownMinutes: 30,
      alertsChannelId: null,
    });
  });

  test('changes are stored and merged', async () => {
    const settings = make();
    await settings.updateServer('1', { region: 'GB' });
    await settings.updateServer('1', { crisisDelivery: 'dm' });
    expect(await settings.getServer('1')).toMatchObject({
      region: 'GB',
      crisisDelivery: 'dm',
      crisisEnabled: true,
    });
  });

  test.each([
    [{ crisisCooldownMinutes: 0 }],
    [{ crisisCooldownMinutes: 100_000 }],
    [{ region: 'gb' }],
    [{ alertsChannelId: 'general' }],
  ])('rejects %o with a user error and changes nothing', async (patch) => {
    const settings = make();
    await settings.updateServer('1', { region: 'FR' });
    const error = await settings.updateServer('1', patch as never).catch((caught: unknown) => caught);
    expect(isUserError(error)).toBe(true);
    expect(await settings.getServer('1')).toMatchObject({
      region: 'FR',
      crisisCooldownMinutes: 30,
      alertsChannelId: null,
    });
  });

  test('damaged stored values fall back field by field', async () => {
    const servers = new Keyv();
    await servers.set('1', { region: 42, crisisEnabled: false });
    const settings = createSettings({ servers, users: new Keyv() });
    expect(await settings.getServer('1')).toMatchObject({ region: null, crisisEnabled: false });
  });
});

describe('user preferences', () => {
  test('opt-out is stored and deleteUser removes everything', async () => {
    const settings = make();
    await settings.updateUser('7', { crisisOptOut: true, region: 'CA' });
    expect(await settings.getUser('7')).toEqual({ crisisOptOut: true, region: 'CA' });
    await settings.deleteUser('7');
    expect(await settings.getUser('7')).toEqual({ crisisOptOut: false, region: null });
  });
});
