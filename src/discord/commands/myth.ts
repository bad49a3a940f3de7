import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { UserError } from '../../core/errors.js';
import type { Command } from '../command.js';
import { localizations } from '../i18n.js';
import { requireManageMessages } from '../permissions.js';
import { cardChoices } from '../views/render-choices.js';
import { renderMythCard } from '../views/render-cards.js';

/** `/myth topic [post]`: anyone looks up a myth card privately; moderators can post it to the channel. */
export default {
  data: new SlashCommandBuilder()
    .setName('myth')
    .setDescription('Look up a common myth about depression and what the evidence says.')
    .setNameLocalizations(localizations({ es: 'mito', fr: 'mythe', de: 'mythos', pt: 'mito' }))
    .setDescriptionLocalizations(
      localizations({
        es: 'Consulta un mito común sobre la depresión y lo que dice la evidencia.',
        fr: 'Un mythe courant sur la dépression et ce que disent les preuves.',
        de: 'Ein verbreiteter Mythos über Depression und was die Forschung sagt.',
        pt: 'Um mito comum sobre a depressão e o que dizem as evidências.',
      }),
    )
    .addStringOption((option) =>
      option
        .setName('topic')
        .setDescription('The myth, e.g. "snap out of it".')
        .setAutocomplete(true)
        .setRequired(true),
    )
    .addBooleanOption((option) =>
      option.setName('post').setDescription('Post it in this channel for everyone (moderators).'),
    )
    .toJSON(),
  async autocomplete(interaction, context) {
    await interaction.respond(
      cardChoices(context.retriever.suggestCards(interaction.options.getFocused(), 25, 'myth')),
    );
  },
  async execute(interaction, context) {
    const topic = interaction.options.getString('topic', true);
    const post = interaction.options.getBoolean('post') ?? false;
    const chosen = context.useCases.postFact({ kind: 'myth', topic });
    if (chosen.kind === 'not_found')
      throw new UserError(
        `I don't have a myth card for "${topic.slice(0, 80)}" yet. Try the suggestions as you type.`,
        'not_found',
      );
    if (post) requireManageMessages(interaction);
    await interaction.reply({
      ...renderMythCard(chosen.card, interaction.locale),
      ...(post ? {} : { flags: MessageFlags.Ephemeral }),
    });
  },
} satisfies Command;
