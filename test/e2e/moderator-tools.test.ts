import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { renderFactCard, renderMythCard } from '../../src/discord/views/render-cards.js';
import { startDiscordStandIn, type DiscordStandIn, type RecordedRequest } from '../fakes/discord-stand-in.js';
import {
  autocompleteInteraction,
  chatInputInteraction,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  DEFAULT_MODERATOR_ROLE_ID,
  MEMBER_PERMISSIONS,
  MODERATOR_PERMISSIONS,
  snowflake,
  user,
} from '../fakes/discord-payloads.js';
import { expectChoicesWithinLimits, expectEmbedWithinLimits } from './discord-limits-assert.js';
import { callbackFor, realKnowledge, startHarness, type Harness } from './harness.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const harnesses: Harness[] = [];
const standIns: DiscordStandIn[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.stop();
  for (const standIn of standIns.splice(0)) await standIn.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const harness = await startHarness(options);
  harnesses.push(harness);
  return harness;
}

interface CallbackData {
  content?: string;
  flags?: number;
  embeds?: {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  }[];
  choices?: { name: string; value: string }[];
  allowed_mentions?: { parse: unknown[] };
}

/** Runs a slash command and returns the first response's data (the deferred reply's edit when it deferred). */
async function command(
  harness: Harness,
  input: Omit<Parameters<typeof chatInputInteraction>[0], 'guildId'> & { guildId?: string },
): Promise<{ type: number; data: CallbackData; token: string }> {
  const { options, ...rest } = input;
  // Channel options travel as type 7 with the channel in `resolved`, as Discord sends them.
  const channelOptions = Object.entries(options ?? {}).filter(([name]) => name === 'channel');
  const others = Object.fromEntries(Object.entries(options ?? {}).filter(([name]) => name !== 'channel'));
  const interaction = chatInputInteraction({
    guildId: DEFAULT_GUILD_ID,
    ...rest,
    options: others as Record<string, string | number | boolean>,
  });
  if (channelOptions.length > 0) {
    const data = interaction.data as unknown as {
      options: { name: string; type: number; value: unknown; options?: unknown[] }[];
      resolved?: unknown;
    };
    const target = input.subcommand
      ? (data.options[0]!.options as { name: string; type: number; value: unknown }[])
      : data.options;
    const channels: Record<string, unknown> = {};
    for (const [name, id] of channelOptions) {
      target.push({ name, type: 7, value: id });
      channels[String(id)] = { id: String(id), type: 0, name: 'general', permissions: MODERATOR_PERMISSIONS };
    }
    data.resolved = { channels };
  }
  harness.standIn.dispatch('INTERACTION_CREATE', interaction);
  const callback = (await callbackFor(harness.standIn, interaction.id)).body as {
    type: number;
    data: CallbackData;
  };
  if (callback.type !== 5) return { ...callback, token: interaction.token };
  const edit = await harness.standIn.waitForRequest(
    (request) =>
      request.method === 'PATCH' && request.path.includes(`/${interaction.token}/messages/@original`),
    5_000,
  );
  return {
    type: 5,
    data: { ...(edit.body as CallbackData), flags: callback.data?.flags ?? 0 },
    token: interaction.token,
  };
}

/** The first follow-up message (POST /webhooks/<application>/<token>) of an interaction. */
function followUpFor(harness: Harness, token: string): Promise<RecordedRequest> {
  return harness.standIn.waitForRequest(
    (request) =>
      request.method === 'POST' &&
      request.path.startsWith('/webhooks/') &&
      request.path.includes(`/${token}`),
    5_000,
  );
}

async function autocomplete(
  harness: Harness,
  name: string,
  focused: { name: string; value: string },
  extra: Partial<Parameters<typeof autocompleteInteraction>[0]> = {},
) {
  const interaction = autocompleteInteraction({ name, focused, guildId: DEFAULT_GUILD_ID, ...extra });
  harness.standIn.dispatch('INTERACTION_CREATE', interaction);
  const callback = (await callbackFor(harness.standIn, interaction.id)).body as {
    type: number;
    data: CallbackData;
  };
  expect(callback.type).toBe(8);
  return callback.data.choices ?? [];
}

const channelPosts = (harness: Harness, channelId = DEFAULT_CHANNEL_ID): RecordedRequest[] =>
  harness.standIn.requests.filter(
    (request) => request.method === 'POST' && request.path === `/channels/${channelId}/messages`,
  );

describe('/fact', () => {
  test('a moderator posts a fact card (title, summary, Learn more, sources, reviewed date) and gets an ephemeral confirmation', async () => {
    const harness = await start();
    const reply = await command(harness, {
      name: 'fact',
      options: { topic: 'ketamine-iv-off-label' },
      memberPermissions: MODERATOR_PERMISSIONS,
    });
    expect(reply.data.flags! & 64).toBe(64);
    expect(reply.data.content).toMatch(/^Posted \*\*/);
    const post = channelPosts(harness)[0]?.body as {
      embeds: {
        title: string;
        description: string;
        url: string;
        fields: { name: string; value: string }[];
        footer: { text: string };
      }[];
      allowed_mentions: { parse: unknown[] };
    };
    const embed = post.embeds[0]!;
    expect(embed.description).toContain('[Learn more](https://');
    expect(embed.fields.find((field) => field.name === 'Sources')?.value).toMatch(/\[.+\]\(https:\/\/.+\)/);
    expect(embed.footer.text).toMatch(/^Reviewed \d{4}-\d{2}-\d{2}/);
    expect(post.allowed_mentions.parse).toEqual([]);
    expectEmbedWithinLimits(embed);
  });

  test('with no topic it posts a random card', async () => {
    const harness = await start();
    await command(harness, { name: 'fact', memberPermissions: MODERATOR_PERMISSIONS });
    expect(channelPosts(harness)).toHaveLength(1);
  });

  test('a member without Manage Messages cannot post a card, even if the server changed the command permissions', async () => {
    const harness = await start();
    const reply = await command(harness, {
      name: 'fact',
      options: { topic: 'depression-what-it-is' },
      memberPermissions: MEMBER_PERMISSIONS,
    });
    expect(reply.data.content).toBe('You need the Manage Messages permission to post cards in a channel.');
    expect(reply.data.flags! & 64).toBe(64);
    expect(channelPosts(harness)).toHaveLength(0);
  });

  test('posting to another channel needs Manage Messages in that channel, not only where the command was run', async () => {
    const announcements = '1180000000000000210';
    const guild = {
      id: DEFAULT_GUILD_ID,
      name: 'Server',
      ownerId: '1180000000000000300',
      roles: [
        {
          id: DEFAULT_MODERATOR_ROLE_ID,
          name: 'Moderators',
          permissions: MODERATOR_PERMISSIONS,
          position: 1,
        },
      ],
      channels: [
        { id: DEFAULT_CHANNEL_ID, name: 'general' },
        { id: announcements, name: 'announcements' },
      ],
    };
    const harness = await start({ standInOptions: { guilds: [guild] } });
    const channelMod = await command(harness, {
      name: 'fact',
      options: { topic: 'depression-what-it-is', channel: announcements },
      memberPermissions: MODERATOR_PERMISSIONS,
    });
    expect(channelMod.data.content).toBe(
      'You need the Manage Messages permission to post cards in a channel.',
    );
    expect(channelPosts(harness, announcements)).toHaveLength(0);

    const serverMod = await command(harness, {
      name: 'fact',
      options: { topic: 'depression-what-it-is', channel: announcements },
      memberPermissions: MODERATOR_PERMISSIONS,
      roles: [DEFAULT_MODERATOR_ROLE_ID],
    });
    expect(serverMod.data.content).toMatch(/^Posted \*\*/);
    expect(channelPosts(harness, announcements)).toHaveLength(1);
  });

  test('autocomplete searches titles and aliases, within 25 choices of at most 100 characters', async () => {
    const harness = await start();
    const byAlias = await autocomplete(harness, 'fact', { name: 'topic', value: 'spravato' });
    expect(byAlias.map((choice) => choice.value)).toContain('esketamine-spravato');
    expectChoicesWithinLimits(byAlias);
    const all = await autocomplete(harness, 'fact', { name: 'topic', value: '' });
    expect(all).toHaveLength(25);
    expectChoicesWithinLimits(all);
  });
});

describe('/myth', () => {
  test('anyone looks it up privately: the myth, what the evidence says, and sources', async () => {
    const harness = await start();
    const reply = await command(harness, {
      name: 'myth',
      options: { topic: 'myth-snap-out-of-it' },
      memberPermissions: MEMBER_PERMISSIONS,
    });
    expect(reply.data.flags! & 64).toBe(64);
    const fields = reply.data.embeds?.[0]?.fields ?? [];
    expect(fields[0]?.name).toBe('Myth');
    expect(fields[1]?.name).toMatch(/^What the evidence says/);
    expect(fields[2]?.name).toBe('Sources');
  });

  test('posting to the channel needs Manage Messages', async () => {
    const harness = await start();
    const member = await command(harness, {
      name: 'myth',
      options: { topic: 'myth-dangerous', post: true },
      memberPermissions: MEMBER_PERMISSIONS,
    });
    expect(member.data.content).toMatch(/Manage Messages/);
    const moderator = await command(harness, {
      name: 'myth',
      options: { topic: 'myth-dangerous', post: true },
      memberPermissions: MODERATOR_PERMISSIONS,
    });
    expect((moderator.data.flags ?? 0) & 64).toBe(0);
    expect(moderator.data.embeds?.[0]?.fields?.[0]?.name).toBe('Myth');
  });

  test('autocomplete offers only myth cards', async () => {
    const harness = await start();
    const knowledge = await realKnowledge();
    const choices = await autocomplete(harness, 'myth', { name: 'topic', value: 'weak' });
    expect(choices.length).toBeGreaterThan(0);
    expectChoicesWithinLimits(choices);
    for (const choice of choices)
      expect(knowledge.cards.find((card) => card.id === choice.value)?.kind).toBe('myth');
  });
});

describe('every card renders within Discord embed limits', () => {
  test('fact and myth views for all cards', async () => {
    const knowledge = await realKnowledge();
    for (const card of knowledge.cards) {
      for (const embed of [...renderFactCard(card).embeds, ...renderMythCard(card).embeds])
        expectEmbedWithinLimits(embed);
    }
  });
});

describe('/hotline', () => {
  test('is ephemeral, shows the country given, with numbers and sources', async () => {
    const harness = await start();
    const reply = await command(harness, { name: 'hotline', options: { country: 'CA' } });
    expect(reply.data.flags! & 64).toBe(64);
    const embed = reply.data.embeds![0]!;
    expect(embed.title).toBe('Crisis lines: Canada');
    expect(embed.fields?.map((field) => field.value).join('\n')).toContain('988');
    expectEmbedWithinLimits(embed);
  });

  test('never infers the country from the language: a French-speaking member with no region gets the international list', async () => {
    const harness = await start();
    const reply = await command(harness, { name: 'hotline', locale: 'fr' });
    expect(reply.data.embeds![0]!.title).toBe("Trouver une ligne d'écoute près de chez toi");
    expect(reply.data.embeds![0]!.fields?.map((field) => field.value).join('\n')).toContain(
      'findahelpline.com',
    );
  });

  test('set-region saves the member’s region; then plain /hotline uses it before the server default', async () => {
    const harness = await start();
    await harness.services.settings.updateServer(DEFAULT_GUILD_ID, { region: 'US' });
    expect((await command(harness, { name: 'hotline' })).data.embeds![0]!.title).toBe(
      'Crisis lines: United States',
    );
    const saving = await command(harness, {
      name: 'hotline',
      options: { country: 'Ireland', 'set-region': true },
    });
    // The lines go out first and the region is saved after them (fail open): wait for the follow-up that says so.
    const saved = await followUpFor(harness, saving.token);
    expect((saved.body as CallbackData).content).toContain('Saved.');
    expect((await command(harness, { name: 'hotline' })).data.embeds![0]!.title).toBe(
      'Crisis lines: Ireland',
    );
  });

  test('an unknown country says so kindly and shows the international list', async () => {
    const harness = await start();
    const reply = await command(harness, { name: 'hotline', options: { country: 'Atlantis' } });
    expect(reply.data.content).toContain('I don\'t have crisis lines for "Atlantis" yet');
    expect(reply.data.embeds![0]!.title).toBe('Find a crisis line near you');
  });

  test('autocomplete over countries stays within limits', async () => {
    const harness = await start();
    const choices = await autocomplete(harness, 'hotline', { name: 'country', value: '' });
    expect(choices).toHaveLength(25);
    expectChoicesWithinLimits(choices);
    expect((await autocomplete(harness, 'hotline', { name: 'country', value: 'germ' }))[0]?.value).toBe('DE');
  });
});

describe('/config', () => {
  test('needs Manage Server at run time', async () => {
    const harness = await start();
    const reply = await command(harness, {
      name: 'config',
      subcommand: 'show',
      memberPermissions: MEMBER_PERMISSIONS,
    });
    expect(reply.data.content).toBe('You need the Manage Server permission to change Lantern settings.');
  });

  test.each([
    ['region', { country: 'germany' }, 'Default region', 'Germany'],
    ['crisis', { state: 'on', mode: 'dm' }, 'Crisis responder', 'on, by direct message'],
    ['crisis', { state: 'off' }, 'Crisis responder', 'off'],
    ['alerts', { channel: DEFAULT_CHANNEL_ID }, 'Moderator alerts', `<#${DEFAULT_CHANNEL_ID}>`],
    ['alerts', {}, 'Moderator alerts', 'off'],
    ['cooldown', { minutes: 45 }, 'Cooldown per member', '45 min'],
    [
      'ask-channels',
      { action: 'add', channel: DEFAULT_CHANNEL_ID },
      '/ask channels',
      `<#${DEFAULT_CHANNEL_ID}>`,
    ],
    ['ask-channels', { action: 'everywhere' }, '/ask channels', 'everywhere'],
    ['model', { state: 'off' }, 'Language model', 'not configured by the operator (cards only)'],
    ['budget', { tokens: 5_000 }, 'Daily token budget', '5,000 tokens'],
    ['weekly-fact', { channel: DEFAULT_CHANNEL_ID }, 'Weekly fact', `<#${DEFAULT_CHANNEL_ID}>`],
  ])('%s %o is validated, stored and confirmed ephemerally', async (subcommand, options, field, value) => {
    const harness = await start();
    const reply = await command(harness, {
      name: 'config',
      subcommand,
      options: Object.fromEntries(Object.entries(options).map(([key, v]) => [key, v])) as Record<
        string,
        string | number
      >,
      memberPermissions: MODERATOR_PERMISSIONS,
    });
    expect(reply.data.flags! & 64).toBe(64);
    const embed = reply.data.embeds![0]!;
    expect(embed.title).toBe('Lantern settings: Saved');
    expect(embed.fields?.find((candidate) => candidate.name === field)?.value).toBe(value);
    expectEmbedWithinLimits(embed);
  });

  test('a region Lantern has no lines for is refused kindly and nothing changes', async () => {
    const harness = await start();
    const reply = await command(harness, {
      name: 'config',
      subcommand: 'region',
      options: { country: 'Narnia' },
      memberPermissions: MODERATOR_PERMISSIONS,
    });
    expect(reply.data.content).toMatch(/I don't have crisis lines for "Narnia"/);
    expect((await harness.services.settings.getServer(DEFAULT_GUILD_ID)).region).toBeNull();
  });

  test('settings survive a restart with SQLite', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lantern-config-'));
    dirs.push(dir);
    const env = { STORAGE_URL: `sqlite://${path.join(dir, 'lantern.sqlite')}` };
    const first = await start({ env });
    await command(first, {
      name: 'config',
      subcommand: 'cooldown',
      options: { minutes: 90 },
      memberPermissions: MODERATOR_PERMISSIONS,
    });
    await first.stop();
    harnesses.splice(harnesses.indexOf(first), 1);

    const second = await start({ env });
    const reply = await command(second, {
      name: 'config',
      subcommand: 'show',
      memberPermissions: MODERATOR_PERMISSIONS,
    });
    expect(reply.data.embeds![0]!.fields?.find((field) => field.name === 'Cooldown per member')?.value).toBe(
      '90 min',
    );
  });

  test('settings are shared between two bot processes through Redis', async () => {
    const guildId = snowflake();
    const channelId = snowflake();
    const guild = {
      id: guildId,
      name: 'Shared',
      ownerId: '1180000000000000300',
      channels: [{ id: channelId, name: 'general' }],
    };
    const env = { STORAGE_URL: REDIS_URL };
    const a = await start({ env, standInOptions: { guilds: [guild] } });
    const b = await start({ env, standInOptions: { guilds: [guild] } });
    await command(a, {
      name: 'config',
      subcommand: 'region',
      options: { country: 'NZ' },
      guildId,
      channelId,
      memberPermissions: MODERATOR_PERMISSIONS,
    });
    const reply = await command(b, {
      name: 'config',
      subcommand: 'show',
      guildId,
      channelId,
      memberPermissions: MODERATOR_PERMISSIONS,
    });
    expect(reply.data.embeds![0]!.fields?.find((field) => field.name === 'Default region')?.value).toBe(
      'New Zealand',
    );
    await a.services.stores.settings.delete(guildId);
  });
});

describe('/about and /privacy', () => {
  test('/about says what Lantern is not, where knowledge comes from, and what is stored', async () => {
    const harness = await start();
    const embed = (await command(harness, { name: 'about' })).data.embeds![0]!;
    const text = JSON.stringify(embed);
    expect(text).toContain('not a therapist');
    expect(text).toContain('medical advice');
    expect(text).toMatch(/\d+ cards/);
    expect(text).toContain('/privacy delete');
    expectEmbedWithinLimits(embed);
  });

  test('/privacy delete removes the member’s preferences and feedback', async () => {
    const harness = await start();
    const id = '1180000000000000400';
    await harness.services.settings.updateUser(id, { region: 'FR', crisisOptOut: true });
    await harness.services.feedback.recordAnswerVote(id, {
      vote: 'up',
      route: 'answer',
      cardIds: ['depression-what-it-is'],
    });
    const reply = await command(harness, { name: 'privacy', subcommand: 'delete', user: user({ id }) });
    expect(reply.data.flags! & 64).toBe(64);
    expect(await harness.services.settings.getUser(id)).toEqual({ region: null, crisisOptOut: false });
    expect(await harness.services.feedback.forUser(id)).toEqual([]);
  });
});

describe('weekly fact', () => {
  test('the bot’s own tick posts once a week, survives a restart without repeating, and with two shards each server gets one post', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lantern-weekly-'));
    dirs.push(dir);
    const guilds = ['1180000000000000100', '1180000000004194404'].map((id, index) => ({
      id,
      name: `Server ${index}`,
      ownerId: '1180000000000000300',
      channels: [{ id: `11800000000000002${index}0`, name: 'general' }],
    }));
    const postsIn = (guild: (typeof guilds)[number]) =>
      standIn.requests.filter(
        (request) =>
          request.method === 'POST' && request.path === `/channels/${guild.channels[0]!.id}/messages`,
      );
    let clock = Date.UTC(2026, 10, 30, 12); // a Monday
    const now = () => clock;
    const env = { STORAGE_URL: `sqlite://${path.join(dir, 'lantern.sqlite')}` };
    const standIn = await startDiscordStandIn({ heartbeatIntervalMs: 250, shards: 2, guilds });
    standIns.push(standIn);
    const first = await start({ env, standIn, now });
    // discord.js becomes ready only once every shard's guilds are cached (unavailable guilds are waited for).
    expect(first.bot.client.guilds.cache.size).toBe(2);
    expect(first.scheduler.active).toBe(1);
    for (const guild of guilds)
      await first.services.settings.updateServer(guild.id, { weeklyFactChannelId: guild.channels[0]!.id });

    await first.scheduler.tick();
    await first.scheduler.tick();
    for (const guild of guilds) expect(postsIn(guild)).toHaveLength(1);
    await first.stop();
    harnesses.splice(harnesses.indexOf(first), 1);
    expect(first.scheduler.active).toBe(0);

    const second = await start({ env, standIn, now });
    expect(second.bot.client.guilds.cache.size).toBe(2);
    await second.scheduler.tick();
    for (const guild of guilds) expect(postsIn(guild)).toHaveLength(1);

    clock += 7 * 24 * 60 * 60_000;
    await second.scheduler.tick();
    for (const guild of guilds) {
      const posts = postsIn(guild);
      expect(posts).toHaveLength(2);
      const cards = posts.map(
        (post) => (post.body as { embeds: { title: string; footer: { text: string } }[] }).embeds[0]!,
      );
      for (const card of cards) expect(card.footer.text).toMatch(/^Fact of the week/);
      expect(cards[1]!.title).not.toBe(cards[0]!.title);
    }
  });
});
