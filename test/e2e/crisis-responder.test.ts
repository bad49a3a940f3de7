import { execFileSync, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { openStorage } from '../../src/adapters/storage.js';
import { AUTOMOD_RULE_NAME } from '../../src/discord/events/automod.js';
import { startDiscordStandIn } from '../fakes/discord-stand-in.js';
import {
  autoModerationActionExecution,
  buttonInteraction,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  DEFAULT_USER_ID,
  messageCreate,
  snowflake,
  user,
} from '../fakes/discord-payloads.js';
import type { RecordedRequest } from '../fakes/discord-stand-in.js';
import { callbackFor, startHarness, type Harness } from './harness.js';

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const CRISIS_MESSAGE = 'honestly i want to end it all tonight';
const channelPost = (request: RecordedRequest) =>
  request.method === 'POST' && request.path === `/channels/${DEFAULT_CHANNEL_ID}/messages`;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function sendMessage(
  h: Harness,
  content: string,
  options: { id?: string; authorId?: string; bot?: boolean } = {},
): string {
  const id = options.id ?? snowflake();
  h.standIn.dispatch(
    'MESSAGE_CREATE',
    messageCreate({
      id,
      content,
      guildId: DEFAULT_GUILD_ID,
      ...(options.bot ? { bot: true } : { author: user({ id: options.authorId ?? DEFAULT_USER_ID }) }),
    }),
  );
  return id;
}

/** Waits until the bot has finished handling these messages, then returns what it posted in the channel. */
async function postsAfter(h: Harness, messageIds: string[]): Promise<RecordedRequest[]> {
  await h.handled(messageIds);
  return h.standIn.requests.filter(channelPost);
}

describe('crisis responder (message mode)', () => {
  test('replies to a crisis message once, with a caring note, resources, the why-footer and both buttons', async () => {
    harness = await startHarness();
    const messageId = sendMessage(harness, CRISIS_MESSAGE);
    const reply = await harness.standIn.waitForRequest(channelPost, 2_000);

    const body = reply.body as {
      content: string;
      embeds: { title: string; footer: { text: string }; fields: { name: string; value: string }[] }[];
      components: { components: { custom_id: string; label: string }[] }[];
      message_reference: { message_id: string };
      allowed_mentions: { parse: unknown[]; replied_user: boolean };
    };
    expect(body.message_reference.message_id).toBe(messageId);
    expect(body.content).toMatch(/you don't have to carry it alone/i);
    expect(body.embeds[0]?.title).toBe('Find a crisis line near you');
    expect(body.embeds[0]?.fields.map((field) => field.value).join('\n')).toContain('findahelpline.com');
    expect(body.embeds[0]?.footer.text).toMatch(/may mention suicide or self-harm/);
    expect(body.components[0]?.components.map((button) => button.label)).toEqual([
      'Not helpful',
      'Stop these replies',
    ]);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });

    expect(await postsAfter(harness, [messageId])).toHaveLength(1);
    expect(harness.rawLogs()).not.toContain('end it all');
  });

  test('uses the server default region for the lines', async () => {
    harness = await startHarness();
    await harness.services.settings.updateServer(DEFAULT_GUILD_ID, { region: 'GB' });
    sendMessage(harness, CRISIS_MESSAGE);
    const reply = await harness.standIn.waitForRequest(channelPost, 2_000);
    const embed = (
      reply.body as { embeds: { title: string; description: string; fields: { value: string }[] }[] }
    ).embeds[0];
    expect(embed?.title).toBe('Crisis lines: United Kingdom');
    expect(embed?.description).toContain('999');
    expect(embed?.fields.map((field) => field.value).join('\n')).toContain('116 123');
  });

  test('says nothing to everyday hyperbole, negation or informational questions', async () => {
    harness = await startHarness();
    const ids = [
      sendMessage(harness, 'this homework is killing me lol'),
      sendMessage(harness, "i'm not suicidal, just tired of this game"),
      sendMessage(harness, 'what is the suicide rate in japan?'),
    ];
    expect(await postsAfter(harness, ids)).toHaveLength(0);
  });

  test('the per-member cooldown suppresses a second reply', async () => {
    harness = await startHarness();
    const first = sendMessage(harness, CRISIS_MESSAGE);
    await harness.standIn.waitForRequest(channelPost, 2_000);
    const second = sendMessage(harness, 'i really want to die');
    expect(await postsAfter(harness, [first, second])).toHaveLength(1);
  });

  test('never replies twice to the same message, and never to bots', async () => {
    harness = await startHarness();
    const id = snowflake();
    sendMessage(harness, CRISIS_MESSAGE, { id, authorId: '1180000000000000999' });
    sendMessage(harness, CRISIS_MESSAGE, { id, authorId: '1180000000000000999' });
    const fromBot = sendMessage(harness, CRISIS_MESSAGE, { bot: true });
    // discord.js drops a MESSAGE_CREATE for a message it already cached, so the repeat never reaches the handler; the
    // responder's own guard (for a replay after a reconnect) is covered in test/core/responder.
    expect(await postsAfter(harness, [id, fromBot])).toHaveLength(1);
  });

  test('"Stop these replies" opts the member out (no more replies) and the undo button turns it back on', async () => {
    harness = await startHarness();
    const stop = buttonInteraction({ customId: 'crisis:stop', guildId: DEFAULT_GUILD_ID });
    harness.standIn.dispatch('INTERACTION_CREATE', stop);
    const confirmation = await callbackFor(harness.standIn, stop.id);
    const data = (
      confirmation.body as {
        data: { flags: number; content: string; components: { components: { custom_id: string }[] }[] };
      }
    ).data;
    expect(data.flags & 64).toBe(64);
    expect(data.components[0]?.components[0]?.custom_id).toBe('crisis:resume');

    const optedOut = sendMessage(harness, CRISIS_MESSAGE);
    expect(await postsAfter(harness, [optedOut])).toHaveLength(0);

    const resume = buttonInteraction({ customId: 'crisis:resume', guildId: DEFAULT_GUILD_ID });
    harness.standIn.dispatch('INTERACTION_CREATE', resume);
    await callbackFor(harness.standIn, resume.id);
    sendMessage(harness, CRISIS_MESSAGE);
    await harness.standIn.waitForRequest(channelPost, 2_000);
  });

  test('"Not helpful" stores a count per lexicon id and no text', async () => {
    harness = await startHarness();
    sendMessage(harness, CRISIS_MESSAGE);
    const reply = await harness.standIn.waitForRequest(channelPost, 2_000);
    const customId = (reply.body as { components: { components: { custom_id: string }[] }[] }).components[0]!
      .components[0]!.custom_id;
    expect(customId).toMatch(/^crisis:not-helpful:[a-z0-9_.]+/);
    const press = buttonInteraction({ customId, guildId: DEFAULT_GUILD_ID });
    harness.standIn.dispatch('INTERACTION_CREATE', press);
    await callbackFor(harness.standIn, press.id);
    const signal = customId.split(':')[2]!.split(',')[0]!;
    expect(await harness.services.feedback.crisisNotHelpfulCount(signal)).toBe(1);
  });

  test('a server can turn the responder off', async () => {
    harness = await startHarness();
    await harness.services.settings.updateServer(DEFAULT_GUILD_ID, { crisisEnabled: false });
    const ignored = sendMessage(harness, CRISIS_MESSAGE);
    expect(await postsAfter(harness, [ignored])).toHaveLength(0);
  });

  test('with storage down (its Redis server stopped mid-run), the reply still goes out (fail open; its latency is in npm run bench)', async () => {
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
    await until(() =>
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout.toString()
        .includes('PONG'),
    );
    const storage = await openStorage(`redis://127.0.0.1:${port}`);
    try {
      harness = await startHarness({ storage });
      spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);
      sendMessage(harness, CRISIS_MESSAGE);
      const reply = await harness.standIn.waitForRequest(channelPost, 2_000);
      expect((reply.body as { embeds: unknown[] }).embeds).toHaveLength(1);
      expect(harness.logs.some((line) => String(line.msg).includes('fail open'))).toBe(true);
      // The cooldown still holds in memory while storage is down.
      const again = sendMessage(harness, 'i want to die');
      expect(await postsAfter(harness, [again])).toHaveLength(1);
    } finally {
      await harness?.stop();
      harness = undefined;
      await storage.close();
    }
  });

  test('DM mode sends the reply privately, and falls back to the channel when DMs are closed', async () => {
    harness = await startHarness();
    await harness.services.settings.updateServer(DEFAULT_GUILD_ID, { crisisDelivery: 'dm' });
    sendMessage(harness, CRISIS_MESSAGE);
    const dm = await harness.standIn.waitForRequest(
      (request) =>
        request.method === 'POST' &&
        /^\/channels\/\d+\/messages$/.test(request.path) &&
        request.status === 200,
      2_000,
    );
    expect(dm.path).not.toBe(`/channels/${DEFAULT_CHANNEL_ID}/messages`);

    harness.standIn.failDirectMessages(true);
    sendMessage(harness, CRISIS_MESSAGE, { authorId: '1180000000000000777' });
    await harness.standIn.waitForRequest(channelPost, 2_000);
  });

  test('the opt-in moderator alert carries the category, channel and a jump link, never the message text', async () => {
    const alerts = '1180000000000000201';
    const standIn = await startDiscordStandIn({
      heartbeatIntervalMs: 250,
      guilds: [
        {
          id: DEFAULT_GUILD_ID,
          name: 'Server',
          ownerId: '1180000000000000300',
          channels: [
            { id: DEFAULT_CHANNEL_ID, name: 'general' },
            { id: alerts, name: 'mods' },
          ],
        },
      ],
    });
    harness = await startHarness({ standIn });
    try {
      await harness.services.settings.updateServer(DEFAULT_GUILD_ID, { alertsChannelId: alerts });
      const messageId = sendMessage(harness, CRISIS_MESSAGE);
      const alert = await standIn.waitForRequest(
        (request) => request.method === 'POST' && request.path === `/channels/${alerts}/messages`,
        2_000,
      );
      const content = (alert.body as { content: string }).content;
      expect(content).toContain(
        `https://discord.com/channels/${DEFAULT_GUILD_ID}/${DEFAULT_CHANNEL_ID}/${messageId}`,
      );
      expect(content).toMatch(/crisis|concern/);
      expect(content).not.toContain('end it all');
      expect((alert.body as { allowed_mentions: { parse: unknown[] } }).allowed_mentions.parse).toEqual([]);
    } finally {
      await harness.stop();
      harness = undefined;
      await standIn.close();
    }
  });
});

describe('crisis responder (AutoMod mode, no Message Content intent)', () => {
  test('creates one alert-only keyword rule within AutoMod limits, and answers its matches', async () => {
    harness = await startHarness({ env: { CRISIS_MODE: 'automod' } });
    const create = await harness.standIn.waitForRequest(
      (request) =>
        request.method === 'POST' && request.path === `/guilds/${DEFAULT_GUILD_ID}/auto-moderation/rules`,
      5_000,
    );
    expect(create.status).toBe(200);
    const rule = harness.standIn.autoModerationRules(DEFAULT_GUILD_ID)[0] as {
      id: string;
      name: string;
      trigger_metadata: { keyword_filter: string[]; regex_patterns: string[]; allow_list: string[] };
      actions: { type: number }[];
    };
    expect(rule.name).toBe(AUTOMOD_RULE_NAME);
    expect(rule.actions.map((action) => action.type)).toEqual([2]);
    expect(rule.trigger_metadata.keyword_filter.length).toBeLessThanOrEqual(1_000);
    expect(rule.trigger_metadata.regex_patterns.length).toBeLessThanOrEqual(10);
    expect(rule.trigger_metadata.regex_patterns.every((regex) => regex.length <= 260)).toBe(true);

    const messageId = snowflake();
    harness.standIn.dispatch(
      'AUTO_MODERATION_ACTION_EXECUTION',
      autoModerationActionExecution({
        ruleId: rule.id,
        matchedKeyword: rule.trigger_metadata.keyword_filter[0]!,
        messageId,
        actionType: 2,
      }),
    );
    const reply = await harness.standIn.waitForRequest(channelPost, 2_000);
    expect((reply.body as { message_reference: { message_id: string } }).message_reference.message_id).toBe(
      messageId,
    );
  });
});
