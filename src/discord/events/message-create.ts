/**
 * Crisis responder on `messageCreate` (needs the Message Content intent). Replies once per message, kindly, and
 * fails open: when anything but the send itself fails, the resources still go out.
 */
import type { Message } from 'discord.js';
import type { BotContext } from '../bot-context.js';
import { deliverCrisisReply } from './deliver-crisis-reply.js';

export async function handleMessageCreate(message: Message, context: BotContext): Promise<void> {
  if (!message.inGuild() || message.author.bot || message.webhookId || message.system) return;
  const checked = await context.useCases.checkMessage({
    text: message.content,
    place: {
      messageId: message.id,
      guildId: message.guildId,
      channelId: message.channelId,
      userId: message.author.id,
    },
  });
  if (checked.kind !== 'reply') return;
  const { plan } = checked;
  await deliverCrisisReply(
    {
      plan,
      guild: message.guild,
      channelId: message.channelId,
      messageId: message.id,
      userId: message.author.id,
      reply: (payload) => message.reply(payload),
    },
    context,
  );
}
