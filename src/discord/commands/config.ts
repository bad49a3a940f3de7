import {
  ChannelType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type SlashCommandStringOption,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { UserError } from '../../core/errors.js';
import {
  MAX_ASK_CHANNELS,
  MAX_CRISIS_COOLDOWN_MINUTES,
  type ServerSettings,
} from '../../core/settings/settings.js';
import type { BotContext } from '../bot-context.js';
import type { Command } from '../command.js';
import { localizations } from '../i18n.js';
import { requireGuild, requireManageGuild } from '../permissions.js';
import { countryChoices } from '../views/render-choices.js';
import { NO_MENTIONS } from '../views/discord-limits.js';
import { renderSettings } from '../views/render-settings.js';

const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

const onOffOption = (option: SlashCommandStringOption) =>
  option
    .setName('state')
    .setDescription('On or off')
    .setRequired(true)
    .addChoices({ name: 'on', value: 'on' }, { name: 'off', value: 'off' });

/** `/config …` (Manage Server): every change is validated, stored, and confirmed ephemerally. */
export default {
  data: new SlashCommandBuilder()
    .setName('config')
    .setNameLocalizations(
      localizations({ es: 'configuracion', fr: 'configuration', de: 'einstellungen', pt: 'configuracao' }),
    )
    .setDescription('Set Lantern up for this server (Manage Server).')
    .setDescriptionLocalizations(
      localizations({
        es: 'Configura Lantern para este servidor.',
        fr: 'Configurer Lantern pour ce serveur.',
        de: 'Lantern für diesen Server einrichten.',
        pt: 'Configurar o Lantern para este servidor.',
      }),
    )
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(0)
    .addSubcommand((sub) => sub.setName('show').setDescription('Show the current settings.'))
    .addSubcommand((sub) =>
      sub
        .setName('region')
        .setDescription("The server's default country for crisis lines (members can set their own).")
        .addStringOption((option) =>
          option
            .setName('country')
            .setDescription('Country name or code; "none" to clear.')
            .setAutocomplete(true)
            .setRequired(true),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('crisis')
        .setDescription('Turn the crisis responder on or off, and choose how it replies.')
        .addStringOption(onOffOption)
        .addStringOption((option) =>
          option
            .setName('mode')
            .setDescription(
              'Reply in the channel, or by direct message (falls back to the channel when DMs are closed).',
            )
            .addChoices(
              { name: 'reply in channel', value: 'reply' },
              { name: 'direct message', value: 'dm' },
            ),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('alerts')
        .setDescription(
          'Opt in to moderator alerts (category, channel and link; never message text). Empty = off.',
        )
        .addChannelOption((option) =>
          option
            .setName('channel')
            .setDescription('Alert channel; leave empty to turn alerts off.')
            .addChannelTypes(...TEXT_CHANNELS),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('cooldown')
        .setDescription('Minutes before the crisis responder replies to the same member again.')
        .addIntegerOption((option) =>
          option
            .setName('minutes')
            .setDescription(`1 to ${MAX_CRISIS_COOLDOWN_MINUTES}`)
            .setMinValue(1)
            .setMaxValue(MAX_CRISIS_COOLDOWN_MINUTES)
            .setRequired(true),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('ask-channels')
        .setDescription('Where /ask may be used.')
        .addStringOption((option) =>
          option
            .setName('action')
            .setDescription('Add or remove a channel, or allow everywhere.')
            .setRequired(true)
            .addChoices(
              { name: 'add', value: 'add' },
              { name: 'remove', value: 'remove' },
              { name: 'everywhere', value: 'everywhere' },
            ),
        )
        .addChannelOption((option) =>
          option
            .setName('channel')
            .setDescription('The channel to add or remove.')
            .addChannelTypes(...TEXT_CHANNELS),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('model')
        .setDescription('Use the language model for /ask, or answer from the cards only.')
        .addStringOption(onOffOption),
    )
    .addSubcommand((sub) =>
      sub
        .setName('second-opinion')
        .setDescription(
          'Send messages the crisis responder is unsure about to the operator’s provider for a second reading.',
        )
        .addStringOption(onOffOption),
    )
    .addSubcommand((sub) =>
      sub
        .setName('budget')
        .setDescription('Language-model tokens per day for this server (0 = cards only).')
        .addIntegerOption((option) =>
          option
            .setName('tokens')
            .setDescription('Tokens per day')
            .setMinValue(0)
            .setMaxValue(100_000_000)
            .setRequired(true),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('weekly-fact')
        .setDescription('Post one fact card a week in a channel. Empty = off.')
        .addChannelOption((option) =>
          option
            .setName('channel')
            .setDescription('Channel; leave empty to turn it off.')
            .addChannelTypes(...TEXT_CHANNELS),
        ),
    )
    .toJSON(),
  async autocomplete(interaction, context) {
    await interaction.respond(
      countryChoices(context.hotlines.searchCountries(interaction.options.getFocused(), 25)),
    );
  },
  async execute(interaction, context) {
    const guildId = requireGuild(interaction);
    requireManageGuild(interaction);
    const subcommand = interaction.options.getSubcommand();
    if (subcommand === 'show') {
      await reply(interaction, context, await context.settings.getServer(guildId), 'Current settings');
      return;
    }
    const patch = await settingsPatch(interaction, context, subcommand, guildId);
    const updated = await context.settings.updateServer(guildId, patch);
    context.log.child({ module: 'config' }).info({ guildId, setting: subcommand }, 'server setting changed');
    const notice =
      subcommand === 'second-opinion' ? secondOpinionNotice(context, updated.secondOpinion) : undefined;
    await reply(interaction, context, updated, 'Saved', notice);
  },
} satisfies Command;

async function settingsPatch(
  interaction: ChatInputCommandInteraction,
  context: BotContext,
  subcommand: string,
  guildId: string,
): Promise<Partial<ServerSettings>> {
  const options = interaction.options;
  switch (subcommand) {
    case 'region': {
      const query = options.getString('country', true).trim();
      if (['none', 'clear', 'off'].includes(query.toLowerCase())) return { region: null };
      const country = context.hotlines.forCountry(query) ?? context.hotlines.searchCountries(query, 1)[0];
      if (!country)
        throw new UserError(
          `I don't have crisis lines for "${query.slice(0, 60)}". Pick a country from the suggestions.`,
          'invalid_setting',
        );
      return { region: country.code };
    }
    case 'crisis': {
      const patch: Partial<ServerSettings> = { crisisEnabled: options.getString('state', true) === 'on' };
      const mode = options.getString('mode');
      if (mode === 'reply' || mode === 'dm') patch.crisisDelivery = mode;
      return patch;
    }
    case 'alerts':
      return { alertsChannelId: options.getChannel('channel')?.id ?? null };
    case 'cooldown':
      return { crisisCooldownMinutes: options.getInteger('minutes', true) };
    case 'ask-channels': {
      const action = options.getString('action', true);
      if (action === 'everywhere') return { askChannelIds: [] };
      const channel = options.getChannel('channel');
      if (!channel) throw new UserError(`Choose a channel to ${action}.`, 'invalid_setting');
      const current = (await context.settings.getServer(guildId)).askChannelIds;
      if (action === 'add') {
        if (current.length >= MAX_ASK_CHANNELS && !current.includes(channel.id)) {
          throw new UserError(`You can list up to ${MAX_ASK_CHANNELS} channels for /ask.`, 'invalid_setting');
        }
        return { askChannelIds: [...new Set([...current, channel.id])] };
      }
      return { askChannelIds: current.filter((id) => id !== channel.id) };
    }
    case 'model':
      return { modelEnabled: options.getString('state', true) === 'on' };
    case 'second-opinion': {
      const on = options.getString('state', true) === 'on';
      if (on && context.config.secondOpinion === undefined) {
        throw new UserError(
          'The second opinion is not available: whoever runs this Lantern has not configured a provider for it (SECOND_OPINION). Nothing was changed.',
          'second_opinion_not_configured',
        );
      }
      return { secondOpinion: on };
    }
    case 'budget':
      return { dailyTokenBudget: options.getInteger('tokens', true) };
    case 'weekly-fact':
      return { weeklyFactChannelId: options.getChannel('channel')?.id ?? null };
    default:
      throw new UserError('That setting is not known.', 'invalid_setting');
  }
}

/** Says plainly what turning the second opinion on sends where (README, "Second opinion"). */
function secondOpinionNotice(context: BotContext, on: boolean): string {
  if (!on) return 'Second opinion is off: no message text is sent to any provider by the crisis responder.';
  const provider = secondOpinionProvider(context.config) ?? 'the configured provider';
  return [
    `Second opinion is on. From now on, when the crisis responder is unsure about a message (its model sees a weak sign, no clear crisis words), the text of that message is sent to ${provider} for a second reading. If that says risk, the member gets the usual crisis reply.`,
    'Nothing is stored, and clear crisis messages get their reply as before without being sent anywhere. Turn it off with `/config second-opinion off`.',
  ].join('\n');
}

/** e.g. "the moderation model omni-moderation-latest at api.openai.com"; never a key. */
function secondOpinionProvider(config: BotContext['config']): string | undefined {
  const chosen = config.secondOpinion;
  if (!chosen) return undefined;
  let host = 'api.openai.com';
  if (chosen.baseURL) {
    try {
      host = new URL(chosen.baseURL).host;
    } catch {
      host = 'the operator’s server';
    }
  }
  return `the ${chosen.kind === 'moderation' ? 'moderation' : 'chat'} model ${chosen.model} at ${host}`;
}

async function reply(
  interaction: ChatInputCommandInteraction,
  context: BotContext,
  settings: ServerSettings,
  heading: string,
  notice?: string,
) {
  const country = settings.region
    ? (context.hotlines.forCountry(settings.region)?.name ?? settings.region)
    : null;
  await interaction.reply({
    ...renderSettings(settings, {
      heading,
      countryName: country,
      defaultBudget: context.config.ask.defaultDailyTokenBudget,
      modelConfigured: context.config.llm !== undefined,
      secondOpinionProvider: secondOpinionProvider(context.config),
    }),
    ...(notice === undefined ? {} : { content: notice }),
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}
