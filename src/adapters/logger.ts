/**
 * The pino root logger. Modules take `log.child({ module })`. Secrets and anything a person wrote are redacted by
 * path as a second line of defence; the first is that code never passes user text to the logger at all.
 * (Levels, lexicon ids, timings and counts; never message content, questions, or user ids next to crisis signals.)
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config.js';

/** Keys whose values are never written, at the top level or one level down. */
export const REDACTED_KEYS = [
  'token',
  'apiKey',
  'api_key',
  'authorization',
  'password',
  'content',
  'question',
  'text',
  'message_content',
  'matchedContent',
  'matched_content',
] as const;

const REDACT_PATHS = [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`), 'headers.authorization'];

export interface CreateLoggerOptions {
  level: LogLevel;
  /** Where to write; stdout by default. Tests pass a sink to assert on records. */
  destination?: DestinationStream;
}

export function createLogger({ level, destination }: CreateLoggerOptions): Logger {
  const options = {
    level,
    base: { app: 'lantern' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * pino's error serializer, minus what Discord and HTTP errors carry that must not reach logs: the request body (it can
 * hold message text) and interaction or webhook tokens in URLs.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  const { requestBody: _requestBody, rawError: _rawError, ...rest } = serialized;
  for (const key of ['url', 'message', 'stack'] as const) {
    if (typeof rest[key] === 'string') rest[key] = redactTokens(rest[key]);
  }
  return rest;
}

/** Hides interaction and webhook tokens in Discord URLs (`/webhooks/<app>/<token>/…`, `/interactions/<id>/<token>/…`). */
export function redactTokens(text: string): string {
  return text.replace(/\/(webhooks|interactions)\/(\d+)\/[A-Za-z0-9_.-]+/g, '/$1/$2/[redacted]');
}
