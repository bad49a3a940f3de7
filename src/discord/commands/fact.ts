import { ChannelType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { UserError } from '../../core/errors.js';
import type { Command } from '../command.js';
import { localizations, t } from '../i18n.js';
import { requireGuild, requireManageMessages } from '../permissions.js';
import { cardChoices } from '../views/render-choices.js';
import { NO_MENTIONS } from '../views/discord-limits.js';
import { renderFactCard, renderMythCard } from '../views/render-cards.js';

/** `/fact [topic] [channel]`: moderators post a fact card; with no topic, a random one. */
export default {
  data: new SlashCommandBuilder()
    .setName('fact')
    .setDescription('Post a sourced fact card in this channel or another one (moderators).')
    .setNameLocalizations(localizations({ es: 'dato', fr: 'fait', de: 'fakt', pt: 'fato' }))
    .setDescriptionLocalizations(
      localizations({
        es: 'Publica una tarjeta de datos con fuentes (moderación).',
        fr: 'Publier une fiche factuelle sourcée (modération).',
        de: 'Eine Faktenkarte mit Quellen posten (Moderation).',
        pt: 'Publicar um cartão de fatos com fontes (moderação).',
      }),
    )
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(0)
    .addStringOption((option) =>
      option
        .setName('topic')
        .setDescription('Search titles and everyday words; leave empty for a random card.')
        .setAutocomplete(true),
    )
    .addChannelOption((option) =>
      option
        .setName('channel')
        .setDescription('Where to post (default: this channel).')
        .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.PublicThread),
    )
    .toJSON(),
  async autocomplete(interaction, context) {
    await interaction.respond(
      cardChoices(context.retriever.suggestCards(interaction.options.getFocused(), 25)),
    );
  },
  async execute(interaction, context) {
    requireGuild(interaction);
    requireManageMessages(interaction);
    const chosen = context.useCases.postFact({ kind: 'fact', topic: interaction.options.getString('topic') });
    if (chosen.kind === 'not_found')
      throw new UserError(
        `I couldn't find a card for "${chosen.topic.slice(0, 80)}". Try the suggestions as you type.`,
        'not_found',
      );
    const { card } = chosen;
    const target = interaction.options.getChannel('channel') ?? interaction.channel;
    const channel = target ? await interaction.guild?.channels.fetch(target.id).catch(() => null) : null;
    if (!channel?.isSendable())
      throw new UserError(
        "I can't post in that channel. Check that I can view it and send messages there.",
        'channel',
      );
    // Posting elsewhere needs Manage Messages there too: the run-time check above only covers this channel.
    if (channel.id !== interaction.channelId) {
      const member = interaction.inCachedGuild() ? interaction.member : null;
      if (
        !member ||
        !('permissionsFor' in channel) ||
        !channel.permissionsFor(member).has(PermissionFlagsBits.ManageMessages)
      ) {
        throw new UserError(t(interaction.locale, 'permission.manageMessages'), 'forbidden');
      }
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await channel.send(card.kind === 'myth' ? renderMythCard(card) : renderFactCard(card));
    await interaction.editReply({
      content: `Posted **${card.title}** in <#${channel.id}>.`,
      allowedMentions: NO_MENTIONS,
    });
  },
} satisfies Command;
