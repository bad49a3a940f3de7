/**
 * The crisis responder's message: a short caring note, the resources, a footer that says why it appeared, and the
 * "Not helpful" and "Stop these replies" buttons. Follows the safe-messaging rules: hope, help works, emergency
 * services first for immediate danger, nothing about methods.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import type { CrisisReplyPlan } from '../../core/responder/create-crisis-responder.js';
import type { Hotline } from '../../core/types.js';
import { t } from '../i18n.js';
import { NO_MENTIONS, packCustomId } from './discord-limits.js';
import { renderHotlineEmbed } from './render-hotlines.js';

export const CRISIS_BUTTON = {
  notHelpful: 'crisis:not-helpful',
  stop: 'crisis:stop',
  resume: 'crisis:resume',
} as const;

export interface CrisisReplyPayload {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: typeof NO_MENTIONS;
}

export function renderCrisisReply(
  plan: Pick<CrisisReplyPlan, 'result' | 'resources'>,
  international: readonly Hotline[],
  locale: string | null | undefined,
): CrisisReplyPayload {
  const note =
    plan.result.subject === 'other' ? t(locale, 'crisis.note.other') : t(locale, 'crisis.note.self');
  const embed = renderHotlineEmbed(plan.resources, international, locale);
  embed.footer = { text: t(locale, 'crisis.footer') };
  return {
    content: note,
    embeds: [embed],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            custom_id: notHelpfulId(plan.result.signals),
            label: t(locale, 'crisis.button.notHelpful'),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            custom_id: CRISIS_BUTTON.stop,
            label: t(locale, 'crisis.button.stop'),
          },
        ],
      },
    ],
    allowedMentions: NO_MENTIONS,
  };
}

/** The opt-in moderator alert: category, channel and jump link. Never the message text, never a ping. */
export function renderModeratorAlert(
  plan: Pick<CrisisReplyPlan, 'result' | 'categories'>,
  where: { channelId: string; jumpUrl: string },
): { content: string; allowedMentions: typeof NO_MENTIONS } {
  const categories = plan.categories.map((category) => category.replace(/_/g, ' ')).join(', ');
  return {
    content: [
      `🕯️ Lantern replied with crisis resources (${plan.result.level}; ${categories}) in <#${where.channelId}>.`,
      `Message: ${where.jumpUrl}`,
      '-# Lantern does not copy message text into alerts. A kind, private check-in from someone the member trusts can help.',
    ].join('\n'),
    allowedMentions: NO_MENTIONS,
  };
}

/** `crisis:not-helpful:<ids>` carrying as many lexicon ids as fit in Discord's 100-character custom id. */
export function notHelpfulId(signals: readonly string[]): string {
  return packCustomId(CRISIS_BUTTON.notHelpful, signals);
}
