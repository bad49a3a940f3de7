/**
 * AutoMod mode: the crisis responder without the privileged Message Content intent. Lantern keeps one alert-only
 * keyword rule per server, built from the lexicon, and answers Discord's AUTO_MODERATION_ACTION_EXECUTION events.
 * Discord requires an alert channel for the alert action; Lantern creates `#lantern-automod` with @everyone denied
 * View Channel. Discord fills each alert with the flagged message's full text, and the server owner and anyone with
 * Administrator (or a role the server later allows) can read that channel: the README says so.
 * An alert-only AutoMod rule makes Discord send AUTO_MODERATION_ACTION_EXECUTION with the matched keyword and the
 * message, channel and user ids, without the Message Content intent.
 */
import {
  AutoModerationActionType,
  AutoModerationRuleEventType,
  AutoModerationRuleTriggerType,
  ChannelType,
  PermissionFlagsBits,
  type AutoModerationActionExecution,
  type Guild,
} from 'discord.js';
import { buildAutoModPatterns } from '../automod-rule.js';
import type { BotContext } from '../bot-context.js';
import { deliverCrisisReply } from './deliver-crisis-reply.js';

export const AUTOMOD_RULE_NAME = 'Lantern crisis responder';
export const AUTOMOD_CHANNEL_NAME = 'lantern-automod';

/** Creates or updates the server's Lantern rule so that it matches the current lexicon. */
export async function syncAutoModRule(guild: Guild, context: BotContext): Promise<void> {
  const log = context.log.child({ module: 'automod' });
  try {
    const patterns = buildAutoModPatterns(context.knowledge.lexicon);
    const rules = await guild.autoModerationRules.fetch();
    const existing = rules.find(
      (rule) => rule.name === AUTOMOD_RULE_NAME && rule.creatorId === guild.client.user.id,
    );
    const channelId = await privateAlertChannel(guild);
    const definition = {
      name: AUTOMOD_RULE_NAME,
      eventType: AutoModerationRuleEventType.MessageSend,
      triggerType: AutoModerationRuleTriggerType.Keyword,
      triggerMetadata: {
        keywordFilter: patterns.keywords,
        regexPatterns: patterns.regexes,
        allowList: patterns.allow,
      },
      actions: [{ type: AutoModerationActionType.SendAlertMessage, metadata: { channel: channelId } }],
      enabled: true,
    };
    if (!existing) {
      await guild.autoModerationRules.create({
        ...definition,
        reason: 'Lantern crisis responder (AutoMod mode)',
      });
      log.info(
        { guildId: guild.id, keywords: patterns.keywords.length, regexes: patterns.regexes.length },
        'automod rule created',
      );
    } else {
      const same =
        JSON.stringify(existing.triggerMetadata.keywordFilter) === JSON.stringify(patterns.keywords) &&
        JSON.stringify(existing.triggerMetadata.regexPatterns) === JSON.stringify(patterns.regexes) &&
        JSON.stringify(existing.triggerMetadata.allowList) === JSON.stringify(patterns.allow);
      if (!same) {
        await existing.edit({
          triggerMetadata: definition.triggerMetadata,
          actions: definition.actions,
          enabled: true,
        });
        log.info({ guildId: guild.id }, 'automod rule updated');
      }
    }
  } catch (error) {
    log.warn(
      { guildId: guild.id, err: error },
      'automod rule could not be set up (Lantern needs Manage Server and Manage Channels)',
    );
  }
}

async function privateAlertChannel(guild: Guild): Promise<string> {
  const channels = await guild.channels.fetch();
  const found = channels.find(
    (channel) => channel?.name === AUTOMOD_CHANNEL_NAME && channel.type === ChannelType.GuildText,
  );
  if (found) return found.id;
  const created = await guild.channels.create({
    name: AUTOMOD_CHANNEL_NAME,
    type: ChannelType.GuildText,
    topic: 'Where Discord sends AutoMod notices for Lantern’s crisis rule. Hidden from members on purpose.',
    permissionOverwrites: [
      { id: guild.roles.everyone.id, deny: [PermissionFlagsBits.ViewChannel] },
      {
        id: guild.client.user.id,
        allow: [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages],
      },
    ],
    reason: 'Lantern crisis responder (AutoMod mode) needs an alert channel',
  });
  return created.id;
}

export async function handleAutoModAction(
  execution: AutoModerationActionExecution,
  context: BotContext,
): Promise<void> {
  if (execution.action.type !== AutoModerationActionType.SendAlertMessage) return;
  const rule =
    execution.autoModerationRule ??
    (await execution.guild.autoModerationRules.fetch(execution.ruleId).catch(() => null));
  if (rule && rule.name !== AUTOMOD_RULE_NAME) return;
  const { messageId, channelId } = execution;
  if (!messageId || !channelId) return;
  const plan = await context.responder.evaluateMatch({
    messageId,
    guildId: execution.guild.id,
    channelId,
    userId: execution.userId,
    matchedKeyword: execution.matchedKeyword ?? '',
  });
  if (!plan) return;
  await deliverCrisisReply(
    {
      plan,
      guild: execution.guild,
      channelId,
      messageId,
      userId: execution.userId,
      reply: async (payload) => {
        const channel = await execution.guild.channels.fetch(channelId);
        if (!channel?.isSendable()) throw new Error('channel is not sendable');
        return channel.send({ ...payload, reply: { messageReference: messageId, failIfNotExists: false } });
      },
    },
    context,
  );
}
