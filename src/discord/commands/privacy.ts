import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.js';
import { localizations } from '../i18n.js';
import { NO_MENTIONS } from '../views/discord-limits.js';

export default {
  data: new SlashCommandBuilder()
    .setName('privacy')
    .setNameLocalizations(
      localizations({ es: 'privacidad', fr: 'confidentialite', de: 'datenschutz', pt: 'privacidade' }),
    )
    .setDescription('See or delete what Lantern stores about you.')
    .setDescriptionLocalizations(
      localizations({
        es: 'Ver o borrar lo que Lantern guarda sobre ti.',
        fr: 'Voir ou supprimer ce que Lantern garde sur toi.',
        de: 'Ansehen oder löschen, was Lantern über dich speichert.',
        pt: 'Ver ou apagar o que o Lantern guarda sobre você.',
      }),
    )
    .addSubcommand((sub) => sub.setName('show').setDescription('Show what Lantern stores about you.'))
    .addSubcommand((sub) =>
      sub
        .setName('delete')
        .setDescription('Delete your region, crisis-reply choice, feedback, cooldowns and question counter.'),
    )
    .toJSON(),
  async execute(interaction, context) {
    const userId = interaction.user.id;
    if (interaction.options.getSubcommand() === 'delete') {
      await Promise.all([
        context.settings.deleteUser(userId),
        context.feedback.deleteUser(userId),
        context.responder.forgetMember(userId),
        context.limits.rate.forget(userId),
      ]);
      await interaction.reply({
        content:
          'Deleted: your saved region, your crisis-reply choice, your answer feedback, your crisis-reply cooldowns and ' +
          'your /ask question counter, in every server. Lantern keeps nothing else that names you.',
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    const [preferences, feedback] = await Promise.all([
      context.settings.getUser(userId),
      context.feedback.forUser(userId),
    ]);
    await interaction.reply({
      content: [
        '**What Lantern stores about you**',
        `• Region: ${preferences.region ?? 'not set'}`,
        `• Crisis replies: ${preferences.crisisOptOut ? 'off (you turned them off)' : 'on'}`,
        `• Answer feedback records: ${feedback.length} (card ids and 👍/👎 only)`,
        '• For a few minutes after you use them: a crisis-reply cooldown and your recent /ask times (no text)',
        'Use `/privacy delete` to remove all of it.',
      ].join('\n'),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  },
} satisfies Command;
