/** Fact and myth cards as embeds, within Discord's limits. */
import type { APIEmbed } from 'discord.js';
import type { Card } from '../../core/types.js';
import { clampEmbed, NO_MENTIONS, truncate } from './discord-limits.js';
import { LANTERN_COLOUR } from './render-hotlines.js';

export interface CardPayload {
  embeds: APIEmbed[];
  allowedMentions: typeof NO_MENTIONS;
}

const MAX_LISTED_SOURCES = 5;

function sourcesField(card: Card): { name: string; value: string } {
  const lines = card.sources
    .slice(0, MAX_LISTED_SOURCES)
    .map(
      (source) =>
        `• [${truncate(source.title, 90)}](${source.url}) (${truncate(source.publisher, 60)}, ${source.date})`,
    );
  return { name: 'Sources', value: lines.join('\n') };
}

export function renderFactCard(
  card: Card,
  _locale?: string | null,
  options: { weekly?: boolean } = {},
): CardPayload {
  const learnMore = card.sources[0]?.url;
  const embed: APIEmbed = {
    color: LANTERN_COLOUR,
    title: card.title,
    description: [card.summary, learnMore ? `\n[Learn more](${learnMore})` : ''].join(''),
    fields: [sourcesField(card)],
    footer: {
      text: `${options.weekly ? 'Fact of the week · ' : ''}Reviewed ${card.reviewed} · Not medical advice`,
    },
  };
  if (learnMore) embed.url = learnMore;
  return { embeds: [clampEmbed(embed)], allowedMentions: NO_MENTIONS };
}

export function renderMythCard(card: Card, _locale?: string | null): CardPayload {
  const embed: APIEmbed = {
    color: LANTERN_COLOUR,
    title: card.title,
    fields: [
      { name: 'Myth', value: `“${card.myth ?? card.title}”` },
      { name: `What the evidence says${card.verdict ? ` (${card.verdict})` : ''}`, value: card.summary },
      sourcesField(card),
    ],
    footer: { text: `Reviewed ${card.reviewed} · Not medical advice` },
  };
  const learnMore = card.sources[0]?.url;
  if (learnMore) embed.url = learnMore;
  return { embeds: [clampEmbed(embed)], allowedMentions: NO_MENTIONS };
}
