import { once } from 'node:events';
import { constants as zlibConstants, createInflate } from 'node:zlib';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, test } from 'vitest';
import {
  AttachmentBuilder,
  AutoModerationActionType,
  AutoModerationRuleEventType,
  AutoModerationRuleTriggerType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
} from 'discord.js';
import type {
  AutoModerationActionExecution,
  ChatInputCommandInteraction,
  ClientOptions,
  Interaction,
  Message,
} from 'discord.js';
import { startDiscordStandIn } from './discord-stand-in.js';
import type { DiscordStandIn, DiscordStandInOptions } from './discord-stand-in.js';
import {
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  MODERATOR_PERMISSIONS,
  autoModerationActionExecution,
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  messageCreate,
  shardForGuild,
  snowflake,
  user,
} from './discord-payloads.js';

const standIns: DiscordStandIn[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.destroy()));
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});

async function start(options: DiscordStandInOptions = {}): Promise<DiscordStandIn> {
  const standIn = await startDiscordStandIn({ heartbeatIntervalMs: 200, ...options });
  standIns.push(standIn);
  return standIn;
}

function createClient(standIn: DiscordStandIn, options: Partial<ClientOptions> = {}): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    rest: { api: standIn.apiUrl },
    allowedMentions: { parse: [] },
    ...options,
  });
  clients.push(client);
  return client;
}

async function loginClient(standIn: DiscordStandIn, options: Partial<ClientOptions> = {}): Promise<Client> {
  const client = createClient(standIn, options);
  const ready = once(client, Events.ClientReady);
  await client.login('test-token');
  await ready;
  return client;
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function nextInteraction(client: Client): Promise<Interaction> {
  return once(client, Events.InteractionCreate).then(([interaction]) => interaction as Interaction);
}

describe('Discord stand-in with the real discord.js client', () => {
  test('login fetches the gateway from REST, identifies, and emits ready with the guild cached', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);

    expect(client.user?.id).toBe(standIn.botUser.id);
    expect(client.application?.id).toBe(standIn.applicationId);
    const guild = client.guilds.cache.get(DEFAULT_GUILD_ID);
    expect(guild?.name).toBe('Lantern Test Server');
    expect(guild?.channels.cache.get(DEFAULT_CHANNEL_ID)?.name).toBe('general');
    expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toContain(
      'GET /gateway/bot',
    );
    expect(standIn.requests[0]?.headers['authorization']).toBe('Bot [redacted]');
    expect(standIn.identifies).toHaveLength(1);
    expect(standIn.identifies[0]).toMatchObject({ shard: [0, 1], messageContent: false });
    expect(standIn.identifies[0]?.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    expect(standIn.connections[0]?.query).toEqual({ v: '10', encoding: 'json' });
    expect(standIn.connectedShards()).toEqual([0]);
  });

  test('a dispatched slash command reaches interactionCreate and reply() is recorded as a type 4 callback', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);
    const received = nextInteraction(client);
    const payload = chatInputInteraction({
      name: 'ask',
      options: { question: 'What is depression?' },
      guildId: DEFAULT_GUILD_ID,
      channelId: DEFAULT_CHANNEL_ID,
      memberPermissions: MODERATOR_PERMISSIONS,
      locale: 'de',
      guildLocale: 'en-GB',
    });

    standIn.dispatch('INTERACTION_CREATE', payload);
    const interaction = (await received) as ChatInputCommandInteraction;
    expect(interaction.isChatInputCommand()).toBe(true);
    expect(interaction.commandName).toBe('ask');
    expect(interaction.options.getString('question')).toBe('What is depression?');
    expect(interaction.locale).toBe('de');
    expect(interaction.guildLocale).toBe('en-GB');
    expect(interaction.memberPermissions?.has('ManageGuild')).toBe(true);
    expect(interaction.channel?.id).toBe(DEFAULT_CHANNEL_ID);
    await interaction.reply({ content: 'Here is what the cards say.', flags: MessageFlags.Ephemeral });

    const callback = await standIn.waitForRequest((request) => request.path.endsWith('/callback'));
    expect(callback.path).toBe(`/interactions/${payload.id}/${payload.token}/callback`);
    expect(callback.body).toMatchObject({
      type: 4,
      data: { content: 'Here is what the cards say.', flags: 64 },
    });
    expect(callback.status).toBe(204);
    expect(standIn.interactionMessages(payload.token).original?.content).toBe('Here is what the cards say.');
  });

  test('deferReply then editReply records the deferred callback and a PATCH of @original', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);
    const received = nextInteraction(client);
    const payload = chatInputInteraction({ name: 'ask', guildId: DEFAULT_GUILD_ID });
    standIn.dispatch('INTERACTION_CREATE', payload);
    const interaction = (await received) as ChatInputCommandInteraction;

    await interaction.deferReply();
    const edited = await interaction.editReply({ content: 'Answer ready.' });
    const followUp = await interaction.followUp({ content: 'One more thing.' });

    expect(edited.content).toBe('Answer ready.');
    expect(followUp.id).toMatch(/^\d+$/);
    const calls = standIn.requests.map((request) => `${request.method} ${request.path}`);
    expect(calls).toEqual(
      expect.arrayContaining([
        `POST /interactions/${payload.id}/${payload.token}/callback`,
        `PATCH /webhooks/${standIn.applicationId}/${payload.token}/messages/@original`,
        `POST /webhooks/${standIn.applicationId}/${payload.token}`,
      ]),
    );
    const patch = standIn.requests.find((request) => request.method === 'PATCH');
    expect(patch?.body).toMatchObject({ content: 'Answer ready.' });
    expect(standIn.requests.find((request) => request.path.endsWith('/callback'))?.body).toMatchObject({
      type: 5,
    });
  });

  test('reply with withResponse returns the callback response discord.js expects', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);
    const received = nextInteraction(client);
    standIn.dispatch('INTERACTION_CREATE', chatInputInteraction({ name: 'ask', guildId: DEFAULT_GUILD_ID }));
    const interaction = (await received) as ChatInputCommandInteraction;

    const response = await interaction.reply({ content: 'With response.', withResponse: true });

    expect(response.resource?.message?.content).toBe('With response.');
    expect(response.interaction.responseMessageId).toBe(response.resource?.message?.id);
    const callback = await standIn.waitForRequest((request) => request.path.endsWith('/callback'));
    expect(callback.query).toEqual({ with_response: 'true' });
  });

  test('acknowledging an interaction twice fails the way Discord does (40060)', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);
    const received = nextInteraction(client);
    standIn.dispatch('INTERACTION_CREATE', chatInputInteraction({ name: 'ask', guildId: DEFAULT_GUILD_ID }));
    const interaction = (await received) as ChatInputCommandInteraction;
    await interaction.reply({ content: 'first' });
    interaction.replied = false;

    await expect(interaction.reply({ content: 'second' })).rejects.toMatchObject({ code: 40_060 });
  });

  test('autocomplete and button payloads become the matching discord.js interactions', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);
    const seen: Interaction[] = [];
    client.on(Events.InteractionCreate, (interaction) => seen.push(interaction));

    standIn.dispatch(
      'INTERACTION_CREATE',
      autocompleteInteraction({
        name: 'hotline',
        focused: { name: 'country', value: 'ger' },
        guildId: DEFAULT_GUILD_ID,
      }),
    );
    standIn.dispatch(
      'INTERACTION_CREATE',
      buttonInteraction({ customId: 'card:more:ketamine-what-it-is', guildId: DEFAULT_GUILD_ID }),
    );
    await until(() => seen.length === 2);

    const [autocomplete, button] = seen;
    expect(autocomplete?.isAutocomplete() && autocomplete.options.getFocused(true)).toMatchObject({
      name: 'country',
      value: 'ger',
    });
    expect(button?.isButton() && button.customId).toBe('card:more:ketamine-what-it-is');
    if (autocomplete?.isAutocomplete()) await autocomplete.respond([{ name: 'Germany', value: 'DE' }]);
    const callback = await standIn.waitForRequest((request) => request.path.endsWith('/callback'));
    expect(callback.body).toEqual({ type: 8, data: { choices: [{ name: 'Germany', value: 'DE' }] } });
  });

  test('a MESSAGE_CREATE dispatch reaches messageCreate with author, guild and channel', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);
    const received = once(client, Events.MessageCreate).then(([message]) => message as Message);

    standIn.dispatch('MESSAGE_CREATE', messageCreate({ content: 'hello there', guildId: DEFAULT_GUILD_ID }));
    const message = await received;

    expect(message.content).toBe('hello there');
    expect(message.guildId).toBe(DEFAULT_GUILD_ID);
    expect(message.channelId).toBe(DEFAULT_CHANNEL_ID);
    expect(message.author.bot).toBe(false);
    expect(message.member?.id).toBe(message.author.id);
  });

  test('after a forced disconnect the client resumes, gets the missed event replayed, and keeps receiving', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);
    const contents: string[] = [];
    client.on(Events.MessageCreate, (message) => contents.push(message.content));
    const reconnecting = once(client, Events.ShardReconnecting);
    const resumed = once(client, Events.ShardResume);

    await standIn.disconnect(0);
    standIn.dispatch(
      'MESSAGE_CREATE',
      messageCreate({ content: 'sent while away', guildId: DEFAULT_GUILD_ID }),
    );
    expect(await reconnecting).toEqual([0]);
    const resume = await standIn.waitForResume();
    const [shardId, replayed] = await resumed;
    standIn.dispatch('MESSAGE_CREATE', messageCreate({ content: 'after resume', guildId: DEFAULT_GUILD_ID }));
    await until(() => contents.length === 2);

    expect(resume).toMatchObject({ shardId: 0, replayed: 1 });
    expect(shardId).toBe(0);
    expect(replayed).toBe(1);
    expect(contents).toEqual(['sent while away', 'after resume']);
    expect(standIn.identifies).toHaveLength(1);
    expect(standIn.connections.at(-1)?.path).toBe('/gateway-resume');
  });

  test('op 7 RECONNECT makes the client resume, and a non-resumable INVALID_SESSION makes it identify again', async () => {
    const standIn = await start();
    // @discordjs/ws waits 5 s between identifies of one bucket; a no-op throttler keeps the re-identify instant.
    const client = await loginClient(standIn, {
      ws: { buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: () => Promise.resolve() }) },
    });

    standIn.requestReconnect(0);
    await standIn.waitForResume((resume) => resume.replayed >= 0);
    standIn.invalidateSession(0, false);
    await standIn.waitForIdentify((identify) => identify !== standIn.identifies[0]);
    await standIn.waitForReady();

    expect(standIn.closes).toContainEqual(expect.objectContaining({ code: 4_200, by: 'client' }));
    expect(standIn.identifies).toHaveLength(2);
    const received = once(client, Events.MessageCreate);
    standIn.dispatch('MESSAGE_CREATE', messageCreate({ content: 'still here', guildId: DEFAULT_GUILD_ID }));
    await received;
  });

  test('heartbeats are acknowledged, so discord.js measures a ping', async () => {
    const standIn = await start({ heartbeatIntervalMs: 50 });
    const client = await loginClient(standIn);

    await until(() => client.ws.ping >= 0);

    expect(client.ws.ping).toBeGreaterThanOrEqual(0);
  });

  test('a REST 401 on GET /gateway/bot makes login reject with TokenInvalid', async () => {
    const standIn = await start({ token: 'test-token' });
    const client = createClient(standIn);

    await expect(client.login('wrong-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(standIn.requests[0]).toMatchObject({ path: '/gateway/bot', status: 401 });
  });

  test('with two shards both identify and each gets the guilds that hash to it', async () => {
    const guildOnShard = (shard: number): string => {
      for (;;) {
        const id = snowflake();
        if (shardForGuild(id, 2) === shard) return id;
      }
    };
    const guilds = [
      { id: guildOnShard(0), name: 'Shard zero', channels: [{ id: snowflake(), name: 'zero' }] },
      { id: guildOnShard(1), name: 'Shard one', channels: [{ id: snowflake(), name: 'one' }] },
    ];
    const standIn = await start({ shards: 2, guilds });
    const client = await loginClient(standIn, { shards: 'auto' });

    expect(standIn.identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(client.guilds.cache.get(guilds[0]!.id)?.shardId).toBe(0);
    expect(client.guilds.cache.get(guilds[1]!.id)?.shardId).toBe(1);
    expect(standIn.connectedShards()).toEqual([0, 1]);

    const received = once(client, Events.MessageCreate).then(([message]) => message as Message);
    const channelId = guilds[1]!.channels[0]!.id;
    standIn.dispatch(
      'MESSAGE_CREATE',
      messageCreate({ content: 'on shard one', guildId: guilds[1]!.id, channelId }),
    );
    expect((await received).guild?.shardId).toBe(1);
  });

  test('a 4014 close for the MessageContent intent rejects login and fires shardError and shardDisconnect', async () => {
    const standIn = await start();
    standIn.rejectIdentifyWith(4_014, (identify) => identify.messageContent);
    const client = createClient(standIn, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    });
    const shardErrors: Error[] = [];
    const disconnects: number[] = [];
    client.on(Events.ShardError, (error) => shardErrors.push(error));
    client.on(Events.ShardDisconnect, (event) => disconnects.push(event.code));

    await expect(client.login('test-token')).rejects.toThrow('Used disallowed intents');

    expect(shardErrors.map((error) => error.message)).toEqual(['Used disallowed intents']);
    expect(disconnects).toEqual([4_014]);
    expect(standIn.identifies).toHaveLength(1);
    expect(standIn.closes).toContainEqual(expect.objectContaining({ code: 4_014, by: 'stand-in' }));
  });

  test('the same rejection lets a client without MessageContent in', async () => {
    const standIn = await start();
    standIn.rejectIdentifyWith(4_014, (identify) => identify.messageContent);
    const client = await loginClient(standIn);

    expect(client.isReady()).toBe(true);
  });

  test('client.destroy() closes the gateway normally and the stand-in forgets the session', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);

    await client.destroy();

    expect(standIn.closes).toContainEqual(expect.objectContaining({ shardId: 0, code: 1_000, by: 'client' }));
    expect(standIn.connectedShards()).toEqual([]);
    expect(() => standIn.dispatch('MESSAGE_CREATE', messageCreate({ content: 'x' }))).toThrow(/no session/);
  });
});

describe('Discord stand-in REST routes', () => {
  test('a DM to a user who blocks DMs fails with 50007', async () => {
    const standIn = await start({ failDirectMessages: true });
    const client = await loginClient(standIn);

    const error = await client.users.send(user().id, 'Checking in.').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50_007, status: 403 });
    expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toContain(
      'POST /users/@me/channels',
    );
  });

  test('channel messages, multipart uploads and guild members go through discord.js', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);
    const channel = await client.channels.fetch(DEFAULT_CHANNEL_ID);
    if (!channel?.isSendable()) throw new Error('expected a sendable channel');

    const sent = await channel.send({
      content: 'Card of the day',
      files: [new AttachmentBuilder(Buffer.from('hello'), { name: 'card.txt' })],
    });
    const me = await client.guilds.cache.get(DEFAULT_GUILD_ID)?.members.fetch(standIn.botUser.id);

    expect(sent.id).toMatch(/^\d+$/);
    const post = await standIn.waitForRequest(
      (request) => request.path === `/channels/${DEFAULT_CHANNEL_ID}/messages`,
    );
    expect(post.body).toMatchObject({ content: 'Card of the day', allowed_mentions: { parse: [] } });
    expect(post.files).toEqual([expect.objectContaining({ field: 'files[0]', name: 'card.txt', size: 5 })]);
    expect(me?.id).toBe(standIn.botUser.id);
  });

  test('command registration echoes the commands with ids', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);

    const global = await client.application!.commands.set([{ name: 'ask', description: 'Ask a question' }]);
    const guild = await client.application!.commands.set(
      [{ name: 'myth', description: 'Post a myth card' }],
      DEFAULT_GUILD_ID,
    );

    expect(global.first()?.name).toBe('ask');
    expect(global.first()?.id).toMatch(/^\d+$/);
    expect(guild.first()?.guildId).toBe(DEFAULT_GUILD_ID);
    expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toEqual(
      expect.arrayContaining([
        `PUT /applications/${standIn.applicationId}/commands`,
        `PUT /applications/${standIn.applicationId}/guilds/${DEFAULT_GUILD_ID}/commands`,
      ]),
    );
  });

  test('AutoMod rules are stateful and Discord limits are enforced', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);
    const guild = client.guilds.cache.get(DEFAULT_GUILD_ID)!;
    const base = {
      name: 'Lantern crisis watch',
      eventType: AutoModerationRuleEventType.MessageSend,
      triggerType: AutoModerationRuleTriggerType.Keyword,
      actions: [
        { type: AutoModerationActionType.SendAlertMessage, metadata: { channel: DEFAULT_CHANNEL_ID } },
      ],
      enabled: true,
    };

    const rule = await guild.autoModerationRules.create({
      ...base,
      triggerMetadata: { keywordFilter: ['*hopeless*'] },
    });
    await rule.edit({ triggerMetadata: { keywordFilter: ['*hopeless*', '*no way out*'] } });
    const fetched = await guild.autoModerationRules.fetch();
    const tooLong = guild.autoModerationRules.create({
      ...base,
      triggerMetadata: { keywordFilter: ['x'.repeat(61)] },
    });

    expect(fetched.get(rule.id)?.triggerMetadata.keywordFilter).toEqual(['*hopeless*', '*no way out*']);
    await expect(tooLong).rejects.toMatchObject({ code: 50_035 });
    await rule.delete();
    expect(standIn.autoModerationRules(DEFAULT_GUILD_ID)).toEqual([]);
  });

  test('an AUTO_MODERATION_ACTION_EXECUTION dispatch reaches the client', async () => {
    const standIn = await start();
    const client = await loginClient(standIn, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.AutoModerationExecution],
    });
    const received = once(client, Events.AutoModerationActionExecution).then(
      ([execution]) => execution as AutoModerationActionExecution,
    );

    standIn.dispatch(
      'AUTO_MODERATION_ACTION_EXECUTION',
      autoModerationActionExecution({ ruleId: '42', matchedKeyword: '*hopeless*', messageId: '43' }),
    );
    const execution = await received;

    expect(execution.ruleId).toBe('42');
    expect(execution.matchedKeyword).toBe('*hopeless*');
    expect(execution.guild.id).toBe(DEFAULT_GUILD_ID);
  });

  test('unknown routes are recorded and answered with a 404 that discord.js surfaces', async () => {
    const standIn = await start();
    const client = await loginClient(standIn);

    await expect(client.rest.get('/stickers/123')).rejects.toMatchObject({
      status: 404,
      rawError: { code: 0 },
    });
    expect(standIn.requests.at(-1)).toMatchObject({ method: 'GET', path: '/stickers/123', status: 404 });
  });
});

describe('Discord stand-in gateway encoding', () => {
  test('a client asking for compress=zlib-stream gets one zlib stream of sync-flushed JSON payloads', async () => {
    const standIn = await start();
    const socket = new WebSocket(`${standIn.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const inflate = createInflate();
    const payloads: { op: number; t?: string | null }[] = [];
    let pending = '';
    inflate.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      try {
        payloads.push(JSON.parse(pending) as { op: number });
        pending = '';
      } catch {
        // Partial JSON: wait for the rest of the flushed block.
      }
    });
    socket.on('message', (data: Buffer) => {
      inflate.write(data);
      inflate.flush(zlibConstants.Z_SYNC_FLUSH);
    });
    await until(() => payloads.length === 1);
    socket.send(
      JSON.stringify({ op: 2, d: { token: 'test-token', intents: 1, properties: {}, shard: [0, 1] } }),
    );
    await until(() => payloads.length === 3);
    socket.close(1_000);

    expect(payloads.map((payload) => payload.op)).toEqual([10, 0, 0]);
    expect(payloads.slice(1).map((payload) => payload.t)).toEqual(['READY', 'GUILD_CREATE']);
  });
});
