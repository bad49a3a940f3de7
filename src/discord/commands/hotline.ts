import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { MAX_COUNTRY_QUERY_LENGTH } from '../../core/use-cases/hotline.js';
import type { Command } from '../command.js';
import { localizations, t } from '../i18n.js';
import { countryChoices } from '../views/render-choices.js';
import { NO_MENTIONS } from '../views/discord-limits.js';
import { renderHotlineEmbed } from '../views/render-hotlines.js';

/**
 * `/hotline [country] [set-region]`: crisis lines, always ephemeral. Order: the country given → the user's saved region
 * → the server's default → an international list. Never inferred from the language. One command with options (not
 * subcommands) so that the fastest path, plain `/hotline`, works in one step.
 *
 * Fails open: the lines go out first, and only then is `set-region` saved (its outcome follows as a second private
 * message). Storage that is down never stands between a member and a crisis line.
 */
export default {
  data: new SlashCommandBuilder()
    .setName('hotline')
    .setDescription('Crisis lines for your country. Only you can see the reply.')
    .setNameLocalizations(
      localizations({ es: 'lineas-de-crisis', fr: 'ecoute', de: 'krisentelefon', pt: 'linhas-de-crise' }),
    )
    .setDescriptionLocalizations(
      localizations({
        es: 'Líneas de crisis de tu país. Solo tú ves la respuesta.',
        fr: "Lignes d'écoute de ton pays. Toi seul·e vois la réponse.",
        de: 'Krisentelefone für dein Land. Nur du siehst die Antwort.',
        pt: 'Linhas de crise do seu país. Só você vê a resposta.',
      }),
    )
    .addStringOption((option) =>
      option
        .setName('country')
        .setDescription('Country name or code, e.g. "Canada" or "GB".')
        .setDescriptionLocalizations(localizations({ es: 'País', fr: 'Pays', de: 'Land', pt: 'País' }))
        .setAutocomplete(true)
        .setMaxLength(MAX_COUNTRY_QUERY_LENGTH),
    )
    .addBooleanOption((option) =>
      option
        .setName('set-region')
        .setDescription('Remember this country as your region for /hotline and crisis replies.'),
    )
    .toJSON(),
  async autocomplete(interaction, context) {
    await interaction.respond(
      countryChoices(context.hotlines.searchCountries(interaction.options.getFocused(), 25)),
    );
  },
  async execute(interaction, context) {
    const result = await context.useCases.hotline({
      query: interaction.options.getString('country') ?? undefined,
      userId: interaction.user.id,
      guildId: interaction.guildId ?? undefined,
    });
    await interaction.reply({
      ...(result.kind === 'unknown_country'
        ? { content: t(interaction.locale, 'hotline.unknownCountry', { query: result.query }) }
        : {}),
      embeds: [renderHotlineEmbed(result.resources, context.hotlines.international(), interaction.locale)],
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    if (result.kind !== 'lines' || result.chosen === undefined) return;
    if (!(interaction.options.getBoolean('set-region') ?? false)) return;
    const saved = await context.useCases.saveRegion({ userId: interaction.user.id, country: result.chosen });
    await interaction.followUp({
      content: t(
        interaction.locale,
        saved.kind === 'saved' ? 'hotline.regionSaved' : 'hotline.regionNotSaved',
        {
          country: saved.country.name,
        },
      ),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  },
} satisfies Command;
