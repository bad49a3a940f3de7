/**
 * Sends a planned crisis reply: as a reply in the channel, or as a DM when the server chose that (falling back to the
 * channel when DMs are closed), then the opt-in moderator alert. Logs levels and outcomes only, never text or ids next
 * to signals.
 */
import { messageLink, type Guild, type MessageCreateOptions, type MessageReplyOptions } from 'discord.js';
import type { CrisisReplyPlan } from '../../core/responder/create-crisis-responder.js';
import type { BotContext } from '../bot-context.js';
import { renderCrisisReply, renderModeratorAlert } from '../views/render-crisis-reply.js';

export interface CrisisDelivery {
  plan: CrisisReplyPlan;
  guild: Guild;
  channelId: string;
  messageId: string;
  userId: string;
  /** Replies to the member's message in its channel. */
  reply: (payload: MessageReplyOptions) => Promise<unknown>;
}

export async function deliverCrisisReply(delivery: CrisisDelivery, context: BotContext): Promise<void> {
  const log = context.log.child({ module: 'crisis-delivery' });
  const { plan, guild } = delivery;
  const payload = renderCrisisReply(plan, context.hotlines.international(), guild.preferredLocale);
  const started = performance.now();
  let sentAs: 'dm' | 'reply' | 'none' = 'none';
  if (plan.delivery === 'dm') {
    try {
      const user = await guild.client.users.fetch(delivery.userId);
      await user.send(payload as MessageCreateOptions);
      sentAs = 'dm';
    } catch (error) {
      log.info({ err: error }, 'crisis DM not delivered; replying in the channel instead');
    }
  }
  if (sentAs === 'none') {
    try {
      await delivery.reply({ ...payload, failIfNotExists: false });
      sentAs = 'reply';
    } catch (error) {
      log.error({ err: error }, 'crisis reply could not be sent');
    }
  }
  log.info(
    { level: plan.result.level, sentAs, ms: Math.round(performance.now() - started) },
    'crisis reply sent',
  );

  if (plan.alertsChannelId) {
    try {
      const channel = await guild.channels.fetch(plan.alertsChannelId);
      if (channel?.isSendable()) {
        await channel.send(
          renderModeratorAlert(plan, {
            channelId: delivery.channelId,
            jumpUrl: messageLink(delivery.channelId, delivery.messageId, guild.id),
          }),
        );
      }
    } catch (error) {
      log.warn({ err: error }, 'moderator alert could not be sent');
    }
  }
}
