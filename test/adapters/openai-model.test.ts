import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError } from 'openai';
import { createOpenAiModel, ModelError, toModelError } from '../../src/adapters/openai-model.js';
import type { ChatRequest } from '../../src/core/types.js';
import { promptOf, startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.js';

let server: FakeOpenAiServer;
beforeEach(async () => {
  server = await startFakeOpenAiServer();
});
afterEach(async () => {
  await server.close();
});

const request: ChatRequest = {
  messages: [
    { role: 'system', content: 'You are Lantern.' },
    {
      role: 'user',
      content: 'Passages:\n[1] Depression\nDepression is treatable.\n\n<question>\nIs it?\n</question>',
    },
  ],
  maxTokens: 200,
};

const modelFor = (options: { timeoutMs?: number; maxRetries?: number; apiKey?: string } = {}) =>
  createOpenAiModel({ baseURL: server.baseURL, model: 'test-model', ...options });

async function failureOf(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe('createOpenAiModel (real openai SDK against a fake server)', () => {
  test('non-streaming: returns the text and the server’s token usage, and sends the messages', async () => {
    server.enqueue({ kind: 'reply', text: 'Yes, it is treatable [1].' });
    const result = await modelFor().complete(request);
    expect(result).toEqual({ text: 'Yes, it is treatable [1].', promptTokens: 120, completionTokens: 7 });
    const sent = server.requests[0];
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.body).toMatchObject({ model: 'test-model', max_completion_tokens: 200 });
    expect(promptOf(sent).user).toContain('Depression is treatable.');
    expect(sent?.headers['authorization']).toBe('present');
  });

  test('streaming: passes each delta on, asks for usage, and returns the whole text', async () => {
    server.enqueue({ kind: 'stream', chunks: ['Help ', 'works ', '[1].'] });
    const deltas: string[] = [];
    const result = await modelFor().complete(request, (delta) => deltas.push(delta));
    expect(deltas).toEqual(['Help ', 'works ', '[1].']);
    expect(result.text).toBe('Help works [1].');
    expect(result.promptTokens).toBe(120);
    expect(server.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  test('streaming from a server that sends no usage: tokens are estimated from characters', async () => {
    server.enqueue({ kind: 'stream', chunks: ['abcd', 'efgh'], usage: false });
    const result = await modelFor().complete(request, () => undefined);
    const promptChars = request.messages.reduce((sum, message) => sum + message.content.length, 0);
    expect(result).toEqual({
      text: 'abcdefgh',
      promptTokens: Math.ceil(promptChars / 4),
      completionTokens: 2,
    });
  });

  test('a 429 with retry-after is retried by the SDK and then succeeds', async () => {
    server.enqueue(
      { kind: 'status', status: 429, retryAfterSeconds: 0 },
      { kind: 'reply', text: 'Fine [1].' },
    );
    const result = await modelFor().complete(request);
    expect(result.text).toBe('Fine [1].');
    expect(server.requests).toHaveLength(2);
  });

  test('500 on every attempt: an http error after maxRetries retries', async () => {
    server.enqueue(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
    );
    const error = await failureOf(modelFor({ maxRetries: 2 }).complete(request));
    expect(error).toMatchObject({ kind: 'http', status: 500 });
    expect(server.requests).toHaveLength(3);
  });

  test('a server that never answers: a timeout error', async () => {
    server.enqueue({ kind: 'hang' });
    const error = await failureOf(modelFor({ timeoutMs: 200, maxRetries: 0 }).complete(request));
    expect(error.kind).toBe('timeout');
  });

  test('a stream that goes silent mid-answer: a timeout error', async () => {
    server.enqueue({ kind: 'stream', chunks: ['one ', 'two'], chunkDelayMs: 600 });
    const error = await failureOf(
      modelFor({ timeoutMs: 200, maxRetries: 0 }).complete(request, () => undefined),
    );
    expect(error.kind).toBe('timeout');
  });

  test('a stream whose socket is cut mid-way is an error, not a short answer', async () => {
    server.enqueue({ kind: 'cut', chunks: ['Depression is '] });
    const deltas: string[] = [];
    const error = await failureOf(
      modelFor({ maxRetries: 0 }).complete(request, (delta) => deltas.push(delta)),
    );
    expect(error.kind).toBe('cut_stream');
    expect(deltas).toEqual(['Depression is ']);
  });

  test('a stream that ends cleanly but without a finish_reason is a cut stream', async () => {
    server.enqueue({ kind: 'end-early', chunks: ['Depression is '] });
    const error = await failureOf(modelFor({ maxRetries: 0 }).complete(request, () => undefined));
    expect(error.kind).toBe('cut_stream');
  });

  test('malformed JSON is a bad response', async () => {
    server.enqueue({ kind: 'malformed' });
    const error = await failureOf(modelFor({ maxRetries: 0 }).complete(request));
    expect(error.kind).toBe('bad_response');
  });

  test('the caller’s signal aborts the call', async () => {
    server.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failureOf(
      modelFor({ timeoutMs: 10_000, maxRetries: 0 }).complete({ ...request, signal: controller.signal }),
    );
    expect(error.kind).toBe('aborted');
  });

  test('works without an API key (local servers): the SDK gets a stand-in', async () => {
    server.enqueue({ kind: 'reply', text: 'Hi [1].' });
    await expect(
      createOpenAiModel({ baseURL: server.baseURL, apiKey: undefined, model: 'm' }).complete(request),
    ).resolves.toMatchObject({
      text: 'Hi [1].',
    });
  });
});

describe('toModelError', () => {
  test.each([
    ['an unreachable server', new APIConnectionError({ message: 'refused' }), 'connection'],
    ['a timeout before the headers', new APIConnectionTimeoutError(), 'timeout'],
    ['malformed JSON', new SyntaxError('Unexpected token'), 'bad_response'],
    ['an error the SDK did not classify', new TypeError('x is not a function'), 'unknown'],
    ['a thrown non-error', 'boom', 'unknown'],
  ])('%s → %s', (_what, error, kind) => {
    expect(toModelError(error, undefined).kind).toBe(kind);
  });

  test('an aborted call is "aborted" whatever the error', () => {
    const controller = new AbortController();
    controller.abort();
    expect(toModelError(new TypeError('terminated'), controller.signal).kind).toBe('aborted');
  });
});
