/**
 * Builders for raw Discord payloads, shaped the way Discord sends them (API v10), so tests can push realistic gateway
 * dispatches through the real discord.js client via the stand-in in `discord-stand-in.ts`.
 *
 * Every builder fills in the fields discord.js reads when it constructs its structures (for example `entitlements`
 * on interactions, `embeds` and `components` on messages), and takes ids from {@link snowflake} unless given.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
 * @see https://discord.com/developers/docs/events/gateway-events
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  MessageType,
  PermissionFlagsBits,
} from 'discord.js';
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataBasicOption,
  APIApplicationCommandInteractionDataOption,
  APIChatInputApplicationCommandInteraction,
  APIGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIUser,
  GatewayAutoModerationActionExecutionDispatchData,
  GatewayGuildCreateDispatchData,
  GatewayMessageCreateDispatchData,
  GuildMemberFlags,
  UserFlags,
} from 'discord.js';

/** Discord's epoch (2015-01-01T00:00:00Z), the zero point of every snowflake. */
export const DISCORD_EPOCH_MS = 1_420_070_400_000;

let snowflakeIncrement = 0;

/**
 * A fresh, valid snowflake whose timestamp is `at` (default now). Unique within the process: the 12-bit increment
 * field counts up, so discord.js derives a plausible `createdTimestamp` from every id.
 * @see https://discord.com/developers/docs/reference#snowflakes
 */
export function snowflake(at: Date = new Date()): string {
  snowflakeIncrement = (snowflakeIncrement + 1) % 4_096;
  const timestamp = BigInt(at.getTime() - DISCORD_EPOCH_MS);
  return ((timestamp << 22n) | (1n << 17n) | BigInt(snowflakeIncrement)).toString();
}

/** The shard a guild's events arrive on: `(guild_id >> 22) % shard_count`. */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Ids shared by the stand-in's defaults and the builders' defaults, so a test needs no set-up to line them up. */
export const DEFAULT_APPLICATION_ID = '1180000000000000001';
export const DEFAULT_GUILD_ID = '1180000000000000100';
export const DEFAULT_CHANNEL_ID = '1180000000000000200';
export const DEFAULT_OWNER_ID = '1180000000000000300';
export const DEFAULT_USER_ID = '1180000000000000400';
export const DEFAULT_MODERATOR_ROLE_ID = '1180000000000000500';

const bits = (...flags: bigint[]): string => flags.reduce((all, flag) => all | flag, 0n).toString();

/** What an ordinary member of a server usually holds (as a decimal string, the way Discord sends permissions). */
export const MEMBER_PERMISSIONS = bits(
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.AddReactions,
  PermissionFlagsBits.UseApplicationCommands,
);

/** A moderator: member permissions plus message, member and server management. */
export const MODERATOR_PERMISSIONS = bits(
  BigInt(MEMBER_PERMISSIONS),
  PermissionFlagsBits.ManageMessages,
  PermissionFlagsBits.ManageGuild,
  PermissionFlagsBits.ModerateMembers,
  PermissionFlagsBits.KickMembers,
);

/** What a bot invited with the usual scopes holds in a channel (`app_permissions` on interactions). */
export const BOT_PERMISSIONS = bits(
  BigInt(MEMBER_PERMISSIONS),
  PermissionFlagsBits.ManageGuild,
  PermissionFlagsBits.ManageMessages,
);

/** Discord's default attachment limit for unboosted servers, sent on every interaction. */
const ATTACHMENT_SIZE_LIMIT = 10_485_760;

/** A user object. */
export function user(
  options: { id?: string; username?: string; globalName?: string; bot?: boolean } = {},
): APIUser {
  const username = options.username ?? 'river';
  return {
    id: options.id ?? DEFAULT_USER_ID,
    username,
    global_name: options.globalName ?? (options.bot ? null : username[0]?.toUpperCase() + username.slice(1)),
    discriminator: '0',
    avatar: null,
    ...(options.bot ? { bot: true } : {}),
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
  };
}

/** A guild member as it appears in GUILD_CREATE and in REST member lookups. */
export function guildMember(
  options: { user?: APIUser; roles?: string[]; nick?: string | null; joinedAt?: Date } = {},
): APIGuildMember {
  return {
    user: options.user ?? user(),
    nick: options.nick ?? null,
    avatar: null,
    banner: null,
    roles: options.roles ?? [],
    joined_at: (options.joinedAt ?? new Date('2025-03-01T12:00:00Z')).toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

/**
 * The member object Discord attaches to guild interactions: a guild member plus `permissions`, the member's
 * resolved permissions in the channel as a decimal string.
 */
export function interactionMember(
  options: { user?: APIUser; roles?: string[]; permissions?: string; nick?: string | null } = {},
): APIInteractionGuildMember {
  const { permissions, ...rest } = options;
  return {
    ...guildMember(rest),
    user: options.user ?? user(),
    permissions: permissions ?? MEMBER_PERMISSIONS,
  };
}

/** A role in a guild; `permissions` is the decimal string Discord sends. */
export interface RoleInput {
  id: string;
  name: string;
  permissions: string;
  position?: number;
  color?: number;
}

/** A channel in a guild; text (0) unless `type` says otherwise. */
export interface ChannelInput {
  id: string;
  name: string;
  type?: ChannelType;
  parentId?: string;
  position?: number;
}

/** What a test says about a guild; everything else in GUILD_CREATE is filled in plausibly. */
export interface GuildInput {
  id: string;
  name: string;
  ownerId?: string;
  /** Roles besides @everyone (whose id is the guild id and which {@link guildCreate} always adds). */
  roles?: RoleInput[];
  channels?: ChannelInput[];
  /** e.g. `en-US`, `de`, `pt-BR`. */
  preferredLocale?: string;
  /** Members sent in GUILD_CREATE and answered by `GET /guilds/:id/members/:userId`. */
  members?: APIGuildMember[];
  /** Permissions of @everyone; default {@link MEMBER_PERMISSIONS}. */
  everyonePermissions?: string;
}

/** A guild text channel as it appears in GUILD_CREATE and `GET /channels/:id`. */
export function guildChannel(channel: ChannelInput, guildId: string): Record<string, unknown> {
  const type = channel.type ?? ChannelType.GuildText;
  return {
    id: channel.id,
    type,
    guild_id: guildId,
    name: channel.name,
    position: channel.position ?? 0,
    parent_id: channel.parentId ?? null,
    permission_overwrites: [],
    flags: 0,
    ...(type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement
      ? { topic: null, nsfw: false, last_message_id: null, rate_limit_per_user: 0 }
      : {}),
  };
}

/** A role object. */
export function role(input: RoleInput): Record<string, unknown> {
  return {
    id: input.id,
    name: input.name,
    color: input.color ?? 0,
    colors: { primary_color: input.color ?? 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: input.position ?? 1,
    permissions: input.permissions,
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

/** A full GUILD_CREATE payload for a guild the bot is in; `botUser` is added as a member. */
export function guildCreate(input: GuildInput, botUser: APIUser): GatewayGuildCreateDispatchData {
  const roles = [
    role({
      id: input.id,
      name: '@everyone',
      permissions: input.everyonePermissions ?? MEMBER_PERMISSIONS,
      position: 0,
    }),
    ...(input.roles ?? []).map(role),
  ];
  const members = [...(input.members ?? []), guildMember({ user: botUser })];
  return {
    id: input.id,
    name: input.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: input.ownerId ?? DEFAULT_OWNER_ID,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 2,
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: input.channels?.[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: input.preferredLocale ?? 'en-US',
    max_members: 500_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    hub_type: null,
    incidents_data: null,
    widget_enabled: false,
    roles,
    emojis: [],
    stickers: [],
    joined_at: '2025-01-15T10:00:00.000000+00:00',
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members,
    channels: (input.channels ?? []).map((channel) => guildChannel(channel, input.id)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as unknown as GatewayGuildCreateDispatchData;
}

/** A message object as REST returns it and MESSAGE_CREATE carries it (without the gateway extras). */
export function message(
  options: {
    id?: string;
    channelId?: string;
    author?: APIUser;
    content?: string;
    type?: MessageType;
    flags?: number;
    embeds?: unknown[];
    components?: unknown[];
    applicationId?: string;
    webhookId?: string;
  } = {},
): APIMessage {
  return {
    id: options.id ?? snowflake(),
    type: options.type ?? MessageType.Default,
    channel_id: options.channelId ?? DEFAULT_CHANNEL_ID,
    author: options.author ?? user(),
    content: options.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: options.embeds ?? [],
    components: options.components ?? [],
    pinned: false,
    flags: options.flags ?? 0,
    ...(options.applicationId ? { application_id: options.applicationId } : {}),
    ...(options.webhookId ? { webhook_id: options.webhookId } : {}),
  } as APIMessage;
}

/** Fields every interaction builder accepts. A missing or null `guildId` makes a DM interaction (no member). */
export interface InteractionContextInput {
  id?: string;
  token?: string;
  applicationId?: string;
  user?: APIUser;
  guildId?: string | null;
  channelId?: string;
  /** Role ids of the invoking member. */
  roles?: string[];
  /** The invoking member's permissions in the channel, decimal string; default {@link MEMBER_PERMISSIONS}. */
  memberPermissions?: string;
  /** The bot's permissions in the channel, decimal string; default {@link BOT_PERMISSIONS}. */
  appPermissions?: string;
  /** The invoking user's client language, e.g. `en-US`, `de`. */
  locale?: string;
  /** The guild's preferred locale (guild interactions only). */
  guildLocale?: string;
}

function interactionBase(input: InteractionContextInput): Record<string, unknown> {
  const invoker = input.user ?? user();
  const guildId = input.guildId ?? null;
  const channelId = input.channelId ?? DEFAULT_CHANNEL_ID;
  const common = {
    id: input.id ?? snowflake(),
    application_id: input.applicationId ?? DEFAULT_APPLICATION_ID,
    token: input.token ?? `interaction-token-${snowflake()}`,
    version: 1,
    app_permissions: input.appPermissions ?? BOT_PERMISSIONS,
    locale: input.locale ?? 'en-US',
    entitlements: [],
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
    channel_id: channelId,
  };
  if (guildId === null) {
    return {
      ...common,
      user: invoker,
      channel: {
        id: channelId,
        type: ChannelType.DM,
        flags: 0,
        last_message_id: null,
        recipients: [invoker],
      },
      authorizing_integration_owners: { '0': DEFAULT_OWNER_ID },
      context: InteractionContextType.BotDM,
    };
  }
  return {
    ...common,
    guild_id: guildId,
    guild: { id: guildId, locale: input.guildLocale ?? 'en-US', features: [] },
    guild_locale: input.guildLocale ?? 'en-US',
    member: interactionMember({
      user: invoker,
      roles: input.roles ?? [],
      permissions: input.memberPermissions ?? MEMBER_PERMISSIONS,
    }),
    channel: {
      id: channelId,
      type: ChannelType.GuildText,
      guild_id: guildId,
      name: 'general',
      position: 0,
      parent_id: null,
      permission_overwrites: [],
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
    },
    authorizing_integration_owners: { '0': guildId },
    context: InteractionContextType.Guild,
  };
}

/**
 * Slash-command options, either raw (`{ name, type, value }`) or as a record whose value types pick the option type:
 * string → String, integer → Integer, other number → Number, boolean → Boolean.
 */
export type OptionsInput =
  Record<string, string | number | boolean> | APIApplicationCommandInteractionDataBasicOption[];

function toOptions(options: OptionsInput | undefined): APIApplicationCommandInteractionDataBasicOption[] {
  if (options === undefined) return [];
  if (Array.isArray(options)) return options;
  return Object.entries(options).map(([name, value]) => {
    if (typeof value === 'string') return { name, type: ApplicationCommandOptionType.String, value };
    if (typeof value === 'boolean') return { name, type: ApplicationCommandOptionType.Boolean, value };
    return Number.isInteger(value)
      ? { name, type: ApplicationCommandOptionType.Integer, value }
      : { name, type: ApplicationCommandOptionType.Number, value };
  });
}

function nestOptions(
  basic: APIApplicationCommandInteractionDataBasicOption[],
  subcommand: string | undefined,
  subcommandGroup: string | undefined,
): APIApplicationCommandInteractionDataOption[] {
  if (subcommand === undefined) return basic;
  const sub = { name: subcommand, type: ApplicationCommandOptionType.Subcommand, options: basic } as const;
  if (subcommandGroup === undefined) return [sub];
  return [{ name: subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options: [sub] }];
}

/** Input for {@link chatInputInteraction}. */
export interface ChatInputInput extends InteractionContextInput {
  name: string;
  commandId?: string;
  options?: OptionsInput;
  subcommand?: string;
  subcommandGroup?: string;
}

/** INTERACTION_CREATE data for a slash command (`/name subcommand option:value`). */
export function chatInputInteraction(input: ChatInputInput): APIChatInputApplicationCommandInteraction {
  const guildId = input.guildId ?? null;
  return {
    ...interactionBase(input),
    type: InteractionType.ApplicationCommand,
    data: {
      id: input.commandId ?? snowflake(),
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      options: nestOptions(toOptions(input.options), input.subcommand, input.subcommandGroup),
      ...(guildId === null ? {} : { guild_id: guildId }),
    },
  } as unknown as APIChatInputApplicationCommandInteraction;
}

/** Input for {@link autocompleteInteraction}: `focused` is the option the user is typing in. */
export interface AutocompleteInput extends InteractionContextInput {
  name: string;
  commandId?: string;
  focused: { name: string; value: string; type?: ApplicationCommandOptionType };
  /** Other options already filled in. */
  options?: OptionsInput;
  subcommand?: string;
  subcommandGroup?: string;
}

/** INTERACTION_CREATE data for an autocomplete request; the focused option carries `focused: true`. */
export function autocompleteInteraction(
  input: AutocompleteInput,
): APIApplicationCommandAutocompleteInteraction {
  const focused = {
    name: input.focused.name,
    type: input.focused.type ?? ApplicationCommandOptionType.String,
    value: input.focused.value,
    focused: true,
  } as unknown as APIApplicationCommandInteractionDataBasicOption;
  const guildId = input.guildId ?? null;
  return {
    ...interactionBase(input),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: input.commandId ?? snowflake(),
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      options: nestOptions([...toOptions(input.options), focused], input.subcommand, input.subcommandGroup),
      ...(guildId === null ? {} : { guild_id: guildId }),
    },
  } as unknown as APIApplicationCommandAutocompleteInteraction;
}

/** Input for {@link buttonInteraction}. `message` is the bot message that carries the button. */
export interface ButtonInput extends InteractionContextInput {
  customId: string;
  message?: APIMessage;
  /** Used when `message` is absent: id and content of the bot message that carries the button. */
  messageId?: string;
  messageContent?: string;
  /** Flags of that message, e.g. 64 when it was ephemeral. */
  messageFlags?: number;
}

/** INTERACTION_CREATE data for a button press on a message the bot sent. */
export function buttonInteraction(input: ButtonInput): APIMessageComponentButtonInteraction {
  const applicationId = input.applicationId ?? DEFAULT_APPLICATION_ID;
  const carrier =
    input.message ??
    message({
      id: input.messageId ?? snowflake(),
      channelId: input.channelId ?? DEFAULT_CHANNEL_ID,
      author: user({ id: applicationId, username: 'Lantern', bot: true }),
      content: input.messageContent ?? '',
      flags: input.messageFlags ?? 0,
      applicationId,
      components: [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.Button, style: 1, label: 'Button', custom_id: input.customId }],
        },
      ],
    });
  return {
    ...interactionBase(input),
    type: InteractionType.MessageComponent,
    message: carrier,
    data: { custom_id: input.customId, component_type: ComponentType.Button },
  } as unknown as APIMessageComponentButtonInteraction;
}

/** Input for {@link messageCreate}. A missing or null `guildId` makes a DM. */
export interface MessageCreateInput {
  content: string;
  id?: string;
  author?: APIUser;
  guildId?: string | null;
  channelId?: string;
  /** Sent by a bot account (author.bot = true). */
  bot?: boolean;
  /** Member roles of the author (guild messages). */
  roles?: string[];
}

/**
 * MESSAGE_CREATE data. Note: Discord blanks `content` unless the bot has the MessageContent intent (or is
 * mentioned / in a DM); the builder sends what it is given, as if the intent were granted.
 */
export function messageCreate(input: MessageCreateInput): GatewayMessageCreateDispatchData {
  const author = input.author ?? user(input.bot ? { id: snowflake(), username: 'otherbot', bot: true } : {});
  const guildId = input.guildId ?? null;
  const base = message({
    content: input.content,
    author,
    channelId: input.channelId ?? DEFAULT_CHANNEL_ID,
    ...(input.id === undefined ? {} : { id: input.id }),
  });
  if (guildId === null) return { ...base, mentions: [] } as GatewayMessageCreateDispatchData;
  const { user: _user, ...member } = guildMember({ user: author, roles: input.roles ?? [] });
  return { ...base, guild_id: guildId, member, mentions: [] } as GatewayMessageCreateDispatchData;
}

/** Input for {@link autoModerationActionExecution}. */
export interface AutoModerationExecutionInput {
  guildId?: string;
  ruleId: string;
  userId?: string;
  channelId?: string;
  messageId?: string;
  matchedKeyword: string | null;
  /** The text that matched; Discord sends '' without the MessageContent intent. */
  matchedContent?: string;
  /** The whole message; Discord sends '' without the MessageContent intent. */
  content?: string;
  /** 1 block message, 2 send alert message, 3 timeout; default 1. */
  actionType?: 1 | 2 | 3 | 4;
  alertSystemMessageId?: string;
}

/** AUTO_MODERATION_ACTION_EXECUTION data (keyword trigger). */
export function autoModerationActionExecution(
  input: AutoModerationExecutionInput,
): GatewayAutoModerationActionExecutionDispatchData {
  return {
    guild_id: input.guildId ?? DEFAULT_GUILD_ID,
    action: { type: input.actionType ?? 1, metadata: {} },
    rule_id: input.ruleId,
    rule_trigger_type: 1,
    user_id: input.userId ?? DEFAULT_USER_ID,
    channel_id: input.channelId ?? DEFAULT_CHANNEL_ID,
    ...(input.messageId === undefined ? {} : { message_id: input.messageId }),
    ...(input.alertSystemMessageId === undefined
      ? {}
      : { alert_system_message_id: input.alertSystemMessageId }),
    content: input.content ?? '',
    matched_keyword: input.matchedKeyword,
    matched_content: input.matchedContent ?? '',
  } as GatewayAutoModerationActionExecutionDispatchData;
}
