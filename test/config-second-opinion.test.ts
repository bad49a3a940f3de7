import { describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config.js';
import { isUserError } from '../src/core/errors.js';

const load = (env: Record<string, string>) => loadConfig(env, { readDotEnv: false });

function problem(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    expect(isUserError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig: SECOND_OPINION', () => {
  test('off by default, and "off" is off', () => {
    expect(load({}).secondOpinion).toBeUndefined();
    expect(load({ SECOND_OPINION: 'off', LLM_MODEL: 'm' }).secondOpinion).toBeUndefined();
  });

  test('moderation defaults to omni-moderation-latest and reuses LLM_BASE_URL / LLM_API_KEY', () => {
    expect(load({ SECOND_OPINION: 'moderation', LLM_API_KEY: 'sk-x' }).secondOpinion).toEqual({
      kind: 'moderation',
      baseURL: undefined,
      apiKey: 'sk-x',
      model: 'omni-moderation-latest',
    });
    expect(
      load({
        SECOND_OPINION: 'moderation',
        SECOND_OPINION_MODEL: 'text-moderation-latest',
        LLM_BASE_URL: 'http://127.0.0.1:4000/v1',
        LLM_MODEL: 'llama3.1:8b',
      }).secondOpinion,
    ).toEqual({
      kind: 'moderation',
      baseURL: 'http://127.0.0.1:4000/v1',
      apiKey: undefined,
      model: 'text-moderation-latest',
    });
  });

  test('the key falls back to OPENAI_API_KEY', () => {
    expect(load({ SECOND_OPINION: 'moderation', OPENAI_API_KEY: 'sk-y' }).secondOpinion?.apiKey).toBe('sk-y');
  });

  test('chat uses SECOND_OPINION_MODEL, else LLM_MODEL', () => {
    const base = {
      SECOND_OPINION: 'chat',
      LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
      LLM_MODEL: 'llama3.1:8b',
    };
    expect(load(base).secondOpinion).toMatchObject({ kind: 'chat', model: 'llama3.1:8b' });
    expect(load({ ...base, SECOND_OPINION_MODEL: 'qwen2.5:7b' }).secondOpinion).toMatchObject({
      kind: 'chat',
      model: 'qwen2.5:7b',
    });
  });

  test('chat without any model is refused, naming the variable', () => {
    expect(problem({ SECOND_OPINION: 'chat', LLM_API_KEY: 'sk-x' })).toMatch(
      /SECOND_OPINION_MODEL must be set when SECOND_OPINION=chat/,
    );
  });

  test('api.openai.com without a key is refused, naming the variables', () => {
    expect(problem({ SECOND_OPINION: 'moderation' })).toMatch(
      /SECOND_OPINION=moderation calls api\.openai\.com unless LLM_BASE_URL is set, and that needs LLM_API_KEY/,
    );
  });

  test('an unknown mode is refused, listing the choices, together with other problems', () => {
    const message = problem({ SECOND_OPINION: 'yes', LOG_LEVEL: 'loud' });
    expect(message).toMatch(/SECOND_OPINION must be one of off, moderation, chat/);
    expect(message).toMatch(/LOG_LEVEL/);
  });

  test('the result is frozen', () => {
    const config = load({ SECOND_OPINION: 'moderation', LLM_API_KEY: 'sk-x' });
    expect(Object.isFrozen(config.secondOpinion)).toBe(true);
  });
});
