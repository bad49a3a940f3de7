/**
 * The only reader of `process.env`. Every variable is validated at once, problems are reported together, each naming
 * the variable and how to fix it, and the result is frozen. `.env.example` documents every variable.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_MODEL_TIMEOUT_MS } from './core/answer/model-timeout.js';
import { UserError } from './core/errors.js';

export const CRISIS_MODES = ['message', 'automod', 'off'] as const;
export type CrisisMode = (typeof CRISIS_MODES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const SECOND_OPINION_MODES = ['off', 'moderation', 'chat'] as const;
export type SecondOpinionMode = (typeof SECOND_OPINION_MODES)[number];
export const DEFAULT_SECOND_OPINION_MODERATION_MODEL = 'omni-moderation-latest';

export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';
export const DEFAULT_STORAGE_URL = 'sqlite://data/lantern.sqlite';

const TOKEN_HELP =
  'Create an application at https://discord.com/developers/applications, open Bot → Reset Token, and put the token in .env as DISCORD_TOKEN=… (see the README, "Add Lantern to a Discord server"). To try Lantern without Discord, run: npx lantern ask "what is depression?"';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const DECIMAL_DIGITS = /^\d{1,15}$/;

const positiveInt = (name: string, fallback: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      // Decimal digits only: Number() would also read "0x10" as 16, "1e3" as 1000 and "0b11" as 3.
      const parsed = DECIMAL_DIGITS.test(value) ? Number(value) : Number.NaN;
      if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be a whole number from 1 to ${max}, got "${value}".`,
        });
        return z.NEVER;
      }
      return parsed;
    });

const httpUrl = (name: string) =>
  optionalText.refine((value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value), {
    message: `${name} must be an http(s) URL such as http://127.0.0.1:11434/v1.`,
  });

const envSchema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_API_URL: httpUrl('DISCORD_API_URL'),
  DISCORD_DEV_GUILD_ID: optionalText.refine((value) => value === undefined || /^\d{17,20}$/.test(value), {
    message:
      'DISCORD_DEV_GUILD_ID must be a server id (17–20 digits): right-click the server → Copy Server ID.',
  }),
  STORAGE_URL: optionalText
    .refine(
      (value) => value === undefined || /^(sqlite|redis|rediss|memory):/.test(value),
      'STORAGE_URL must start with sqlite://, redis://, rediss:// or memory:// (e.g. sqlite://data/lantern.sqlite).',
    )
    .refine(
      // "sqlite://" alone once meant an in-memory database: every setting lost on restart, silently.
      (value) => value === undefined || !/^sqlite:(?:\/\/)?\s*$/.test(value),
      'STORAGE_URL sqlite:// needs a file path, e.g. sqlite://data/lantern.sqlite (use memory:// for settings that may be lost on restart).',
    ),
  LLM_BASE_URL: httpUrl('LLM_BASE_URL'),
  LLM_API_KEY: optionalText,
  OPENAI_API_KEY: optionalText,
  LLM_MODEL: optionalText,
  LLM_TIMEOUT_MS: positiveInt('LLM_TIMEOUT_MS', DEFAULT_MODEL_TIMEOUT_MS, 300_000),
  LOG_LEVEL: optionalText.refine(
    (value) => value === undefined || (LOG_LEVELS as readonly string[]).includes(value),
    {
      message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`,
    },
  ),
  KNOWLEDGE_DIR: optionalText,
  CRISIS_MODE: optionalText.refine(
    (value) => value === undefined || (CRISIS_MODES as readonly string[]).includes(value),
    `CRISIS_MODE must be one of ${CRISIS_MODES.join(', ')} ("message" needs the Message Content intent; "automod" does not).`,
  ),
  ASK_RATE_LIMIT: positiveInt('ASK_RATE_LIMIT', 5, 1_000),
  ASK_RATE_WINDOW_MINUTES: positiveInt('ASK_RATE_WINDOW_MINUTES', 10, 1_440),
  DAILY_TOKEN_BUDGET: positiveInt('DAILY_TOKEN_BUDGET', 200_000, 100_000_000),
  SECOND_OPINION: optionalText.refine(
    (value) => value === undefined || (SECOND_OPINION_MODES as readonly string[]).includes(value),
    `SECOND_OPINION must be one of ${SECOND_OPINION_MODES.join(', ')} (default off).`,
  ),
  SECOND_OPINION_MODEL: optionalText,
});

export interface Config {
  readonly discord: {
    readonly token: string | undefined;
    readonly apiUrl: string;
    readonly devGuildId: string | undefined;
    /**
     * 'auto': this process runs every shard Discord recommends. 'managed': a discord.js ShardingManager started this
     * process and told discord.js its shards (SHARDS, SHARD_COUNT), so Lantern leaves them alone.
     */
    readonly sharding: 'auto' | 'managed';
  };
  readonly storageUrl: string;
  /** The model is configured when a model name is set (a base URL alone is not enough to know what to call). */
  readonly llm:
    | {
        readonly baseURL: string | undefined;
        readonly apiKey: string | undefined;
        readonly model: string;
        readonly timeoutMs: number;
      }
    | undefined;
  readonly logLevel: LogLevel;
  readonly knowledgeDir: string;
  readonly crisisMode: CrisisMode;
  readonly ask: {
    readonly rateLimit: number;
    readonly rateWindowMs: number;
    readonly defaultDailyTokenBudget: number;
  };
  /**
   * The crisis responder's second opinion (SECOND_OPINION), through LLM_BASE_URL / LLM_API_KEY; undefined when off.
   * Servers still have to turn it on (/config second-opinion).
   */
  readonly secondOpinion:
    | {
        readonly kind: Exclude<SecondOpinionMode, 'off'>;
        readonly baseURL: string | undefined;
        readonly apiKey: string | undefined;
        readonly model: string;
      }
    | undefined;
}

export interface LoadConfigOptions {
  /** The bot needs a token; the CLI and the tests do not. */
  requireToken?: boolean;
  /** Read `.env` from the working directory when it exists (default true). */
  readDotEnv?: boolean;
}

/**
 * Validates the environment into a frozen `Config`. Throws one `UserError` that lists every problem, one per line, each
 * naming the variable and how to fix it.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  { requireToken = false, readDotEnv = env === process.env }: LoadConfigOptions = {},
): Config {
  if (readDotEnv && existsSync('.env')) process.loadEnvFile('.env');
  const parsed = envSchema.safeParse(env);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        return issue.message.startsWith(variable) ? issue.message : `${variable}: ${issue.message}`;
      });
  if (parsed.success && requireToken && !parsed.data.DISCORD_TOKEN) {
    problems.unshift(`DISCORD_TOKEN is not set. ${TOKEN_HELP}`);
  }
  if (parsed.success && parsed.data.LLM_BASE_URL && !parsed.data.LLM_MODEL) {
    problems.push('LLM_MODEL must be set when LLM_BASE_URL is set (for Ollama, e.g. LLM_MODEL=llama3.1:8b).');
  }
  if (parsed.success) problems.push(...secondOpinionProblems(parsed.data));
  if (!parsed.success || problems.length > 0) {
    const message =
      problems.length === 1
        ? `Lantern cannot start: ${problems[0]}`
        : [
            'Lantern cannot start: fix these settings (see .env.example):',
            ...problems.map((p) => `  - ${p}`),
          ].join('\n');
    throw new UserError(message, 'config');
  }
  const data = parsed.data;
  const config: Config = {
    discord: {
      token: data.DISCORD_TOKEN,
      apiUrl: (data.DISCORD_API_URL ?? DEFAULT_DISCORD_API_URL).replace(/\/+$/, ''),
      devGuildId: data.DISCORD_DEV_GUILD_ID,
      sharding: env.SHARDS !== undefined ? 'managed' : 'auto',
    },
    storageUrl: data.STORAGE_URL ?? DEFAULT_STORAGE_URL,
    llm: data.LLM_MODEL
      ? {
          baseURL: data.LLM_BASE_URL,
          apiKey: data.LLM_API_KEY ?? data.OPENAI_API_KEY,
          model: data.LLM_MODEL,
          timeoutMs: data.LLM_TIMEOUT_MS,
        }
      : undefined,
    logLevel: (data.LOG_LEVEL as LogLevel | undefined) ?? 'info',
    knowledgeDir: data.KNOWLEDGE_DIR ?? 'knowledge',
    crisisMode: (data.CRISIS_MODE as CrisisMode | undefined) ?? 'message',
    ask: {
      rateLimit: data.ASK_RATE_LIMIT,
      rateWindowMs: data.ASK_RATE_WINDOW_MINUTES * 60_000,
      defaultDailyTokenBudget: data.DAILY_TOKEN_BUDGET,
    },
    secondOpinion: secondOpinionConfig(data),
  };
  return deepFreeze(config);
}

type EnvData = z.infer<typeof envSchema>;

function secondOpinionModel(data: EnvData): string | undefined {
  if (data.SECOND_OPINION === 'moderation') {
    return data.SECOND_OPINION_MODEL ?? DEFAULT_SECOND_OPINION_MODERATION_MODEL;
  }
  return data.SECOND_OPINION_MODEL ?? data.LLM_MODEL;
}

function secondOpinionProblems(data: EnvData): string[] {
  const mode = data.SECOND_OPINION ?? 'off';
  if (mode === 'off') return [];
  const problems: string[] = [];
  if (mode === 'chat' && secondOpinionModel(data) === undefined) {
    problems.push(
      'SECOND_OPINION_MODEL must be set when SECOND_OPINION=chat (or set LLM_MODEL to use the same chat model).',
    );
  }
  if (!data.LLM_BASE_URL && !(data.LLM_API_KEY ?? data.OPENAI_API_KEY)) {
    problems.push(
      `SECOND_OPINION=${mode} calls api.openai.com unless LLM_BASE_URL is set, and that needs LLM_API_KEY (or OPENAI_API_KEY).`,
    );
  }
  return problems;
}

function secondOpinionConfig(data: EnvData): Config['secondOpinion'] {
  const mode = (data.SECOND_OPINION as SecondOpinionMode | undefined) ?? 'off';
  const model = secondOpinionModel(data);
  if (mode === 'off' || model === undefined) return undefined;
  return {
    kind: mode,
    baseURL: data.LLM_BASE_URL,
    apiKey: data.LLM_API_KEY ?? data.OPENAI_API_KEY,
    model,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
