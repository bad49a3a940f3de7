import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.js';
import { localizations } from '../i18n.js';
import { renderAbout } from '../views/render-about.js';

export default {
  data: new SlashCommandBuilder()
    .setName('about')
    .setNameLocalizations(localizations({ es: 'acerca-de', fr: 'a-propos', de: 'info', pt: 'sobre' }))
    .setDescription(
      'What Lantern is and is not, where its knowledge comes from, and what it stores about you.',
    )
    .setDescriptionLocalizations(
      localizations({
        es: 'Qué es Lantern y qué no, de dónde viene su información y qué guarda sobre ti.',
        fr: "Ce qu'est Lantern, d'où viennent ses informations et ce qu'il garde sur toi.",
        de: 'Was Lantern ist und nicht ist, woher sein Wissen stammt und was es über dich speichert.',
        pt: 'O que é o Lantern, de onde vem o seu conhecimento e o que ele guarda sobre você.',
      }),
    )
    .toJSON(),
  async execute(interaction, context) {
    await interaction.reply({
      ...renderAbout({
        cards: context.knowledge.cards.length,
        countries: context.hotlines.countries().length,
        version: context.knowledge.version,
      }),
      flags: MessageFlags.Ephemeral,
    });
  },
} satisfies Command;
