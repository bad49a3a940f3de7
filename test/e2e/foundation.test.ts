import { afterEach, describe, expect, test } from 'vitest';
import { COMMANDS } from '../../src/discord/commands/index.js';
import { startDiscordStandIn, type DiscordStandIn } from '../fakes/discord-stand-in.js';
import { chatInputInteraction, DEFAULT_GUILD_ID, shardForGuild } from '../fakes/discord-payloads.js';
import { callbackFor, startHarness, type Harness } from './harness.js';

let harness: Harness | undefined;
let extraStandIn: DiscordStandIn | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  await extraStandIn?.close();
  extraStandIn = undefined;
});

describe('the bot against the Discord stand-in', () => {
  test('connects with only the intents its crisis mode needs and logs one "ready" line with the server count', async () => {
    harness = await startHarness();
    const identify = await harness.standIn.waitForIdentify();
    // Guilds (1) + GuildMessages (512) + MessageContent (32768) in the default message mode.
    expect(identify.intents).toBe(1 | 512 | 32_768);
    const ready = harness.logs.filter((line) => line.msg === 'ready');
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({ guilds: 1, crisisMode: 'message' });
  });

  test.each([
    ['automod', 1 | 2_097_152],
    ['off', 1],
  ])('in %s mode it asks for intents %i only', async (mode, intents) => {
    harness = await startHarness({ env: { CRISIS_MODE: mode } });
    expect((await harness.standIn.waitForIdentify()).intents).toBe(intents);
  });

  test('answers a command through the real interaction callback, ephemerally and without mentions', async () => {
    harness = await startHarness();
    const interaction = chatInputInteraction({ name: 'about', guildId: DEFAULT_GUILD_ID });
    harness.standIn.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackFor(harness.standIn, interaction.id);
    const body = callback.body as {
      type: number;
      data: { flags: number; embeds: { title: string }[]; allowed_mentions: { parse: unknown[] } };
    };
    expect(body.type).toBe(4);
    expect(body.data.flags & 64).toBe(64);
    expect(body.data.embeds[0]?.title).toBe('About Lantern');
    expect(body.data.allowed_mentions.parse).toEqual([]);
  });

  test('an unexpected failure gets a fixed, kind message and is logged without the stack reaching the user', async () => {
    harness = await startHarness();
    const interaction = chatInputInteraction({ name: 'no-such-command', guildId: DEFAULT_GUILD_ID });
    harness.standIn.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackFor(harness.standIn, interaction.id);
    const data = (callback.body as { data: { content: string; flags: number } }).data;
    expect(data.content).toMatch(/^Sorry, something went wrong on my side/);
    expect(data.flags & 64).toBe(64);
    expect(harness.logs.some((line) => line.msg === 'interaction failed' && line.level === 50)).toBe(true);
  });

  test('resumes after a forced disconnect and keeps answering', async () => {
    harness = await startHarness();
    await harness.standIn.disconnect(0, 4000);
    await harness.standIn.waitForResume();
    const interaction = chatInputInteraction({ name: 'about', guildId: DEFAULT_GUILD_ID });
    harness.standIn.dispatch('INTERACTION_CREATE', interaction);
    await callbackFor(harness.standIn, interaction.id);
    expect(harness.standIn.identifies).toHaveLength(1);
  });

  test('runs several shards: each identifies and each answers its own guilds', async () => {
    const guilds = ['1180000000000000100', '1180000000004194404'].map((id, index) => ({
      id,
      name: `Server ${index}`,
      ownerId: '1180000000000000300',
      channels: [{ id: `11800000000000002${index}0`, name: 'general' }],
    }));
    expect(new Set(guilds.map((guild) => shardForGuild(guild.id, 2))).size).toBe(2);
    harness = await startHarness({ standInOptions: { shards: 2, guilds } });
    await harness.standIn.waitForReady({ shards: 2 });
    expect(harness.standIn.identifies.map((identify) => identify.shard[0]).sort()).toEqual([0, 1]);
    for (const guild of guilds) {
      const interaction = chatInputInteraction({
        name: 'about',
        guildId: guild.id,
        channelId: guild.channels[0]!.id,
      });
      harness.standIn.dispatch('INTERACTION_CREATE', interaction);
      await callbackFor(harness.standIn, interaction.id);
    }
    expect(harness.bot.client.guilds.cache.size).toBe(2);
  });

  test('when Discord refuses the Message Content intent (4014) it says so in one log line and falls back to AutoMod mode', async () => {
    extraStandIn = await startDiscordStandIn({ heartbeatIntervalMs: 250 });
    extraStandIn.rejectIdentifyWith(4014, (identify) => identify.messageContent);
    harness = await startHarness({ standIn: extraStandIn });
    expect(harness.bot.crisisMode).toBe('automod');
    const refusal = harness.logs.filter((line) => String(line.msg).includes('close code 4014'));
    expect(refusal).toHaveLength(1);
    expect(extraStandIn.identifies.at(-1)?.messageContent).toBe(false);
    expect(harness.bot.client.isReady()).toBe(true);
  });

  test('stops cleanly: the client is destroyed and the gateway closed normally', async () => {
    harness = await startHarness();
    const client = harness.bot.client;
    await harness.bot.stop();
    expect(client.isReady()).toBe(false);
    expect(harness.standIn.closes.some((close) => close.by === 'client' && close.code === 1000)).toBe(true);
  });
});

describe('the command registry', () => {
  test('has the six product commands plus /privacy, each with a unique name and a description', () => {
    expect(COMMANDS.map((command) => command.data.name).sort()).toEqual([
      'about',
      'ask',
      'config',
      'fact',
      'hotline',
      'myth',
      'privacy',
    ]);
    for (const command of COMMANDS) expect(command.data.description.length).toBeGreaterThan(10);
  });

  test('names and descriptions are localised in Spanish, French, German and Portuguese', () => {
    for (const command of COMMANDS) {
      for (const locale of ['es-ES', 'fr', 'de', 'pt-BR']) {
        expect(
          command.data.description_localizations?.[locale as 'fr'],
          `${command.data.name} ${locale}`,
        ).toBeTruthy();
      }
    }
  });
});
