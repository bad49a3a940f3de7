import { describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config.js';
import { isUserError } from '../src/core/errors.js';

const load = (env: Record<string, string>, requireToken = false) =>
  loadConfig(env, { requireToken, readDotEnv: false });

function problem(env: Record<string, string>, requireToken = false): string {
  try {
    load(env, requireToken);
  } catch (error) {
    expect(isUserError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig', () => {
  test('defaults: SQLite storage, info logs, knowledge/, message crisis mode, no model', () => {
    const config = load({});
    expect(config.storageUrl).toBe('sqlite://data/lantern.sqlite');
    expect(config.logLevel).toBe('info');
    expect(config.knowledgeDir).toBe('knowledge');
    expect(config.crisisMode).toBe('message');
    expect(config.llm).toBeUndefined();
    expect(config.discord.apiUrl).toBe('https://discord.com/api');
    expect(config.ask).toEqual({ rateLimit: 5, rateWindowMs: 600_000, defaultDailyTokenBudget: 200_000 });
  });

  test('the result is frozen', () => {
    const config = load({ LLM_MODEL: 'llama3.1' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.llm)).toBe(true);
  });

  test('LLM_API_KEY falls back to OPENAI_API_KEY', () => {
    expect(load({ LLM_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: 'sk-test' }).llm?.apiKey).toBe('sk-test');
    expect(load({ LLM_MODEL: 'm', OPENAI_API_KEY: 'a', LLM_API_KEY: 'b' }).llm?.apiKey).toBe('b');
  });

  test('a missing token is one line that says how to get one and how to try Lantern without it', () => {
    const message = problem({}, true);
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('DISCORD_TOKEN is not set');
    expect(message).toContain('discord.com/developers/applications');
    expect(message).toContain('lantern ask');
  });

  test.each([
    [{ LOG_LEVEL: 'loud' }, /^Lantern cannot start: LOG_LEVEL must be one of fatal, error, warn, info/],
    [
      { STORAGE_URL: 'mongodb://x' },
      /^Lantern cannot start: STORAGE_URL must start with sqlite:\/\/, redis:\/\//,
    ],
    [{ CRISIS_MODE: 'panic' }, /^Lantern cannot start: CRISIS_MODE must be one of message, automod, off/],
    [{ DISCORD_API_URL: 'not a url' }, /DISCORD_API_URL must be an http\(s\) URL/],
    [{ ASK_RATE_LIMIT: '0' }, /ASK_RATE_LIMIT must be a whole number from 1 to 1000, got "0"/],
    [{ LLM_BASE_URL: 'http://127.0.0.1:11434/v1' }, /LLM_MODEL must be set when LLM_BASE_URL is set/],
  ])('%o is reported as one clear line naming the variable', (env, expected) => {
    const message = problem(env);
    expect(message).toMatch(expected);
    expect(message.split('\n')).toHaveLength(1);
  });

  test.each([
    '0x10',
    '1e3',
    '0b11',
    '0o17',
    '12.0',
    '+5',
    '-5',
    '1_000',
    '10 ms',
    'Infinity',
    '99999999999999999999',
  ])('LLM_TIMEOUT_MS=%s is not a decimal whole number and is refused', (value) => {
    expect(problem({ LLM_TIMEOUT_MS: value })).toMatch(
      new RegExp(
        `LLM_TIMEOUT_MS must be a whole number from 1 to 300000, got "${value.replace(/[+.]/g, '\\$&')}"`,
      ),
    );
  });

  test('decimal whole numbers, with surrounding spaces, are read as written', () => {
    expect(load({ LLM_MODEL: 'm', LLM_TIMEOUT_MS: ' 1500 ' }).llm?.timeoutMs).toBe(1_500);
    expect(load({ ASK_RATE_LIMIT: '010' }).ask.rateLimit).toBe(10);
  });

  test.each(['sqlite://', 'sqlite:', 'sqlite://  '])(
    'STORAGE_URL=%o without a file path is an error',
    (value) => {
      expect(problem({ STORAGE_URL: value })).toMatch(/STORAGE_URL sqlite:\/\/ needs a file path/);
    },
  );

  test('STORAGE_URL with a SQLite path or memory:// is accepted', () => {
    expect(load({ STORAGE_URL: 'sqlite://data/x.sqlite' }).storageUrl).toBe('sqlite://data/x.sqlite');
    expect(load({ STORAGE_URL: 'memory://' }).storageUrl).toBe('memory://');
  });

  test('several problems are reported together', () => {
    const message = problem({ LOG_LEVEL: 'loud', STORAGE_URL: 'ftp://x', CRISIS_MODE: 'x' });
    expect(message).toContain('LOG_LEVEL');
    expect(message).toContain('STORAGE_URL');
    expect(message).toContain('CRISIS_MODE');
  });
});
