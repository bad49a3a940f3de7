/**
 * Per-server settings and per-user preferences, stored through the KeyValueStore port. Server settings live in the
 * database, not the environment, so that moderators change them with /config and they hold across restarts and
 * shards.
 */
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { KeyValueStore } from '../types.js';

export const CRISIS_DELIVERIES = ['reply', 'dm'] as const;
export type CrisisDelivery = (typeof CRISIS_DELIVERIES)[number];

export const DEFAULT_CRISIS_COOLDOWN_MINUTES = 30;
export const MAX_CRISIS_COOLDOWN_MINUTES = 24 * 60;
export const MAX_ASK_CHANNELS = 25;

const snowflake = z.string().regex(/^\d{17,20}$/);

const serverSettingsSchema = z.object({
  /** ISO 3166-1 alpha-2 code of the server's default hotline country. */
  region: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable()
    .default(null),
  crisisEnabled: z.boolean().default(true),
  crisisDelivery: z.enum(CRISIS_DELIVERIES).default('reply'),
  /** Opt-in: a channel for moderator alerts (category, channel and jump link; never message text). */
  alertsChannelId: snowflake.nullable().default(null),
  crisisCooldownMinutes: z
    .number()
    .int()
    .min(1)
    .max(MAX_CRISIS_COOLDOWN_MINUTES)
    .default(DEFAULT_CRISIS_COOLDOWN_MINUTES),
  /** Empty means /ask may be used everywhere. */
  askChannelIds: z.array(snowflake).max(MAX_ASK_CHANNELS).default([]),
  modelEnabled: z.boolean().default(true),
  /**
   * Opt-in: messages in the crisis responder's uncertain band go to the configured provider for a second opinion
   * (their text leaves Lantern only then). Off by default.
   */
  secondOpinion: z.boolean().default(false),
  /** Tokens per day for this server; null means the operator's default (DAILY_TOKEN_BUDGET). */
  dailyTokenBudget: z.number().int().min(0).max(100_000_000).nullable().default(null),
  weeklyFactChannelId: snowflake.nullable().default(null),
});
export type ServerSettings = z.infer<typeof serverSettingsSchema>;

const userPreferencesSchema = z.object({
  region: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable()
    .default(null),
  /** The person pressed "Stop these replies": the crisis responder stays quiet for them until they undo it. */
  crisisOptOut: z.boolean().default(false),
});
export type UserPreferences = z.infer<typeof userPreferencesSchema>;

export const DEFAULT_SERVER_SETTINGS: Readonly<ServerSettings> = Object.freeze(
  serverSettingsSchema.parse({}),
);
export const DEFAULT_USER_PREFERENCES: Readonly<UserPreferences> = Object.freeze(
  userPreferencesSchema.parse({}),
);

export interface SettingsStores {
  servers: KeyValueStore;
  users: KeyValueStore;
}

export interface Settings {
  getServer(guildId: string): Promise<ServerSettings>;
  /** Validates and stores a change; throws `UserError` with a specific message when the value is not allowed. */
  updateServer(guildId: string, patch: Partial<ServerSettings>): Promise<ServerSettings>;
  getUser(userId: string): Promise<UserPreferences>;
  updateUser(userId: string, patch: Partial<UserPreferences>): Promise<UserPreferences>;
  /** Removes everything stored about this user's preferences. */
  deleteUser(userId: string): Promise<void>;
}

export function createSettings({ servers, users }: SettingsStores): Settings {
  return {
    async getServer(guildId) {
      return readOrDefault(serverSettingsSchema, await servers.get(guildId));
    },
    async updateServer(guildId, patch) {
      const current = readOrDefault(serverSettingsSchema, await servers.get(guildId));
      const next = validate(serverSettingsSchema, { ...current, ...patch });
      await servers.set(guildId, next);
      return next;
    },
    async getUser(userId) {
      return readOrDefault(userPreferencesSchema, await users.get(userId));
    },
    async updateUser(userId, patch) {
      const current = readOrDefault(userPreferencesSchema, await users.get(userId));
      const next = validate(userPreferencesSchema, { ...current, ...patch });
      await users.set(userId, next);
      return next;
    },
    async deleteUser(userId) {
      await users.delete(userId);
    },
  };
}

/** Stored data from an older version, or damaged, falls back field by field to the defaults instead of failing. */
function readOrDefault<T extends z.ZodType>(schema: T, stored: unknown): z.infer<T> {
  const parsed = schema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  const repaired: Record<string, unknown> = { ...(stored as Record<string, unknown>) };
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    if (typeof key === 'string') delete repaired[key];
  }
  const second = schema.safeParse(repaired);
  return second.success ? second.data : schema.parse({});
}

function validate<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'setting');
    throw new UserError(`That value isn't allowed for ${field}. Nothing was changed.`, 'invalid_setting');
  }
  return parsed.data;
}
