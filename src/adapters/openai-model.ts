/**
 * The `ChatModel` port over the official `openai` SDK, for OpenAI or any OpenAI-compatible server (Ollama, LM Studio,
 * vLLM, llama.cpp) through `baseURL`.
 *
 * Retries and timeouts: the SDK retries connection errors, 408, 409, 429 and 5xx itself (`maxRetries`, exponential
 * backoff from 0.5 s up to 8 s with jitter, or the server's `retry-after` / `retry-after-ms`), and aborts each attempt
 * whose response headers take longer than `timeout`. It never retries once a stream has started, and its timeout
 * stops at the headers, so for streams this adapter adds an idle timeout between chunks and treats a stream that ends
 * without a `finish_reason` as cut. The caller's `signal` bounds the whole call, retries included.
 * @see node_modules/openai/src/client.ts (makeRequest, shouldRetry, retryRequest)
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { DEFAULT_MODEL_TIMEOUT_MS } from '../core/answer/model-timeout.js';
import type { ChatModel, ChatRequest, ChatResult } from '../core/types.js';

export interface OpenAiModelOptions {
  /** e.g. http://127.0.0.1:11434/v1 for Ollama; the SDK's default (api.openai.com) when undefined. */
  baseURL?: string | undefined;
  /** Local servers need none; the SDK insists on a value, so 'not-needed' stands in. */
  apiKey?: string | undefined;
  model: string;
  /** Per attempt, until response headers; and the longest silence allowed inside a stream. */
  timeoutMs?: number;
  maxRetries?: number;
  /** For tests and proxies. */
  fetch?: typeof fetch;
}

/**
 * `connection`: the server could not be reached. `unknown`: anything the SDK did not classify (a bug, an SDK change):
 * logged as such, so that an outage and a fault in Lantern are not read as the same thing.
 */
export type ModelErrorKind =
  'timeout' | 'aborted' | 'http' | 'connection' | 'cut_stream' | 'bad_response' | 'unknown';

/** Every failure of the model, with a kind the answerer can log (never the model's text). */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const DEFAULT_MODEL_MAX_RETRIES = 2;

export function createOpenAiModel({
  baseURL,
  apiKey,
  model,
  timeoutMs = DEFAULT_MODEL_TIMEOUT_MS,
  maxRetries = DEFAULT_MODEL_MAX_RETRIES,
  fetch: customFetch,
}: OpenAiModelOptions): ChatModel {
  const client = new OpenAI({
    ...(baseURL === undefined ? {} : { baseURL }),
    apiKey: apiKey ?? 'not-needed',
    timeout: timeoutMs,
    maxRetries,
    // The SDK's own logger prints unparsable stream data, which is model output that may echo a question.
    logLevel: 'off',
    ...(customFetch === undefined ? {} : { fetch: customFetch }),
  });

  async function completeOnce(request: ChatRequest): Promise<ChatResult> {
    const completion = await client.chat.completions.create(
      { model, messages: request.messages, max_completion_tokens: request.maxTokens },
      request.signal === undefined ? {} : { signal: request.signal },
    );
    const text = completion?.choices?.[0]?.message?.content;
    if (typeof text !== 'string') throw new ModelError('bad_response', 'the response has no message content');
    return withUsage(request, text, completion.usage);
  }

  async function completeStreaming(
    request: ChatRequest,
    onDelta: (delta: string) => void,
  ): Promise<ChatResult> {
    const controller = new AbortController();
    const forwardAbort = () => controller.abort();
    request.signal?.addEventListener('abort', forwardAbort, { once: true });
    if (request.signal?.aborted) controller.abort();
    let idle: ReturnType<typeof setTimeout> | undefined;
    let idleTimedOut = false;
    const resetIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        idleTimedOut = true;
        controller.abort();
      }, timeoutMs);
    };
    let text = '';
    let finishReason: string | null | undefined;
    let usage: OpenAI.CompletionUsage | undefined;
    try {
      const stream = await client.chat.completions.create(
        {
          model,
          messages: request.messages,
          max_completion_tokens: request.maxTokens,
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: controller.signal },
      );
      resetIdle();
      try {
        for await (const chunk of stream) {
          resetIdle();
          const choice = chunk.choices?.[0];
          const delta = choice?.delta?.content;
          if (typeof delta === 'string' && delta !== '') {
            text += delta;
            onDelta(delta);
          }
          if (choice?.finish_reason) finishReason = choice.finish_reason;
          if (chunk.usage) usage = chunk.usage;
        }
      } catch (error) {
        // A socket closed mid-answer surfaces as a fetch error ("terminated"); an error event from the server as APIError.
        if (idleTimedOut) throw new ModelError('timeout', `the stream was silent for ${timeoutMs} ms`);
        if (error instanceof APIError || controller.signal.aborted) throw error;
        throw new ModelError('cut_stream', 'the stream broke off', undefined, { cause: error });
      }
    } finally {
      clearTimeout(idle);
      request.signal?.removeEventListener('abort', forwardAbort);
    }
    // The SDK ends an aborted stream quietly, so abort and silence are told apart here.
    if (idleTimedOut) throw new ModelError('timeout', `the stream was silent for ${timeoutMs} ms`);
    if (request.signal?.aborted) throw new ModelError('aborted', 'the request was aborted');
    if (!finishReason) throw new ModelError('cut_stream', 'the stream ended without a finish reason');
    if (finishReason === 'content_filter') throw new ModelError('bad_response', 'the answer was filtered');
    return withUsage(request, text, usage);
  }

  return {
    name: model,
    async complete(request, onDelta) {
      try {
        return onDelta ? await completeStreaming(request, onDelta) : await completeOnce(request);
      } catch (error) {
        throw toModelError(error, request.signal);
      }
    },
  };
}

/** Token counts from the server, or estimated (characters / 4) when it sends none, as some local servers do. */
function withUsage(
  request: ChatRequest,
  text: string,
  usage: OpenAI.CompletionUsage | null | undefined,
): ChatResult {
  if (usage && Number.isFinite(usage.prompt_tokens) && Number.isFinite(usage.completion_tokens)) {
    return { text, promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens };
  }
  const promptChars = request.messages.reduce((sum, message) => sum + message.content.length, 0);
  return { text, promptTokens: Math.ceil(promptChars / 4), completionTokens: Math.ceil(text.length / 4) };
}

/** Maps any failure of a model call to a `ModelError` with a kind (exported for its tests). */
export function toModelError(error: unknown, signal: AbortSignal | undefined): ModelError {
  if (error instanceof ModelError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelError('timeout', 'the model did not respond in time', undefined, { cause: error });
  }
  if (error instanceof APIUserAbortError || signal?.aborted) {
    return new ModelError('aborted', 'the request was aborted', undefined, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new ModelError('connection', 'could not reach the model server', undefined, { cause: error });
  }
  if (error instanceof APIError) {
    return new ModelError(
      'http',
      `the model server answered ${error.status ?? 'with an error'}`,
      error.status,
      {
        cause: error,
      },
    );
  }
  if (error instanceof SyntaxError) {
    return new ModelError('bad_response', 'the model server sent malformed JSON', undefined, {
      cause: error,
    });
  }
  return new ModelError('unknown', 'the model call failed', undefined, { cause: error });
}
