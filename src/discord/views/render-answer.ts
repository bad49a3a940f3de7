/**
 * /ask replies: the answer split on Markdown structure into messages within Discord's limit, then an embed with the
 * sources, the crisis lines when the route calls for them, the "Not medical advice" footer and 👍/👎 buttons.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import type { AnswerResult } from '../../core/answer/create-answerer.js';
import type { AskResult } from '../../core/use-cases/ask.js';
import { splitMessage } from '../../core/answer/split-message.js';
import { neutralizeMentions } from '../../core/text/neutralize-mentions.js';
import type { Hotline } from '../../core/types.js';
import { t } from '../i18n.js';
import { clampEmbed, MAX_MESSAGE_LENGTH, NO_MENTIONS, packCustomId, truncate } from './discord-limits.js';
import { LANTERN_COLOUR, renderHotlineEmbed } from './render-hotlines.js';

export interface AnswerMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: typeof NO_MENTIONS;
}

/** Room kept free in each chunk for the in-progress marker while streaming. */
const STREAM_MARKER_ROOM = 40;

/** What the reply shows while the model is still writing: the text so far, cut to fit, with a marker. */
export function renderAnswerInProgress(
  textSoFar: string,
  locale: string | null | undefined,
): { content: string; allowedMentions: typeof NO_MENTIONS } {
  const marker = t(locale, 'ask.inProgress');
  const room = MAX_MESSAGE_LENGTH - STREAM_MARKER_ROOM - marker.length;
  const body = textSoFar.length > room ? `${textSoFar.slice(0, room).replace(/\s+\S*$/, '')} …` : textSoFar;
  return { content: `${neutralizeMentions(body)}\n\n${marker}`, allowedMentions: NO_MENTIONS };
}

export function renderAnswer(
  answer: AnswerResult,
  international: readonly Hotline[],
  locale: string | null | undefined,
  /** A short note shown above the sources, e.g. that today's model budget is used up. */
  notice?: string,
): AnswerMessage[] {
  const chunks = splitMessage(neutralizeMentions(answer.text), MAX_MESSAGE_LENGTH);
  const embeds: APIEmbed[] = [];
  if (answer.resources) embeds.push(renderHotlineEmbed(answer.resources, international, locale));
  const sources = answer.citations.map(
    (citation, index) => `[${index + 1}] [${truncate(citation.title, 120)}](${citation.url})`,
  );
  embeds.push(
    clampEmbed({
      color: LANTERN_COLOUR,
      ...(notice ? { description: notice } : {}),
      ...(sources.length > 0
        ? { fields: [{ name: t(locale, 'ask.sources'), value: sources.join('\n') }] }
        : {}),
      footer: {
        text: `${t(locale, 'ask.footer')}${answer.mode === 'extractive' && answer.route === 'answer' ? ' · Answered from Lantern’s cards' : ''}`,
      },
    }),
  );
  const buttons: APIActionRowComponent<APIButtonComponent> = {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        emoji: { name: '👍' },
        label: t(locale, 'ask.feedback.up'),
        custom_id: packCustomId(`ask:up:${answer.route}`, answer.cardIds),
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        emoji: { name: '👎' },
        label: t(locale, 'ask.feedback.down'),
        custom_id: packCustomId(`ask:down:${answer.route}`, answer.cardIds),
      },
    ],
  };
  const messages: AnswerMessage[] = (chunks.length > 0 ? chunks : ['…']).map((content) => ({
    content,
    embeds: [],
    components: [],
    allowedMentions: NO_MENTIONS,
  }));
  const last = messages[messages.length - 1];
  if (last) {
    last.embeds = embeds;
    last.components = answer.route === 'crisis' ? [] : [buttons];
  }
  return messages;
}

/** The private message for a question the `ask` use case did not answer. */
export function renderAskRefusal(
  result: Exclude<AskResult, { kind: 'answered' }>,
  locale: string | null | undefined,
): string {
  switch (result.kind) {
    case 'channel_not_allowed':
      return t(locale, 'ask.channelNotAllowed', {
        channels: result.allowedChannelIds.map((id) => `<#${id}>`).join(', '),
      });
    case 'busy':
      return t(locale, result.reason === 'user' ? 'ask.busy' : 'ask.overloaded');
    case 'rate_limited':
      return t(locale, 'ask.rateLimited', { minutes: Math.max(1, Math.ceil(result.retryAfterMs / 60_000)) });
  }
}
