import { MessageFlags } from 'discord.js';
import type { Route } from '../../core/types.js';
import type { ComponentHandler } from '../command.js';
import { t } from '../i18n.js';
import { NO_MENTIONS } from '../views/discord-limits.js';

const ROUTES: readonly Route[] = ['answer', 'crisis', 'decline', 'out_of_scope'];

/** 👍/👎 on an answer: stores the vote with the route and card ids carried in the button, never the question. */
export default {
  prefix: 'ask',
  async execute(interaction, context, [vote, route, cards]) {
    if ((vote === 'up' || vote === 'down') && ROUTES.includes(route as Route)) {
      await context.feedback.recordAnswerVote(interaction.user.id, {
        vote,
        route: route as Route,
        cardIds: (cards ?? '')
          .split(',')
          .filter((id) => context.knowledge.cards.some((card) => card.id === id)),
      });
    }
    await interaction.reply({
      content: t(interaction.locale, 'ask.feedback.thanks'),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  },
} satisfies ComponentHandler;
