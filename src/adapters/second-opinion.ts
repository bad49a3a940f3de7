/**
 * The crisis responder's `SecondOpinion` port over the official `openai` SDK, in two kinds (SECOND_OPINION):
 * - `moderation`: `moderations.create` (default model `omni-moderation-latest`); risk when the provider flags any of
 *   `self-harm`, `self-harm/intent`, `self-harm/instructions`, or, only when a `scoreCutoff` is given, when one of
 *   their `category_scores` reaches it. By default the provider's own flags decide: they are its calibrated
 *   thresholds, and Lantern has no labelled real text to choose a better cut-off from.
 * - `chat`: any OpenAI-compatible chat model, given the written crisis policy in prompts/second-opinion.yaml with the
 *   message as data between delimiters, and bound to answer with exactly `{"risk": true|false, "category": "…"}`.
 *   Anything else (prose around the JSON, unknown keys or categories, a verdict that contradicts itself) is
 *   `unavailable: invalid`, never a guess.
 *
 * It never throws: connection errors, 4xx/5xx, timeouts, aborts and malformed bodies are `unavailable`, and the
 * responder keeps its own (quiet) decision. No retries: a retry cannot fit in SECOND_OPINION_BUDGET_MS. Logs carry the
 * kind, model, latency, HTTP status and verdict kind; never the message text or anything the provider wrote.
 * @see ../core/responder/second-opinion.ts
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { parse } from 'yaml';
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import {
  SECOND_OPINION_BUDGET_MS,
  type SecondOpinion,
  type SecondOpinionVerdict,
} from '../core/responder/second-opinion.js';
import type { Log } from '../core/types.js';
import { PROMPTS_DIR } from './load-prompts.js';

export const SECOND_OPINION_KINDS = ['moderation', 'chat'] as const;
export type SecondOpinionKind = (typeof SECOND_OPINION_KINDS)[number];

/** The moderation categories that count as risk (OpenAI's names). */
export const SELF_HARM_CATEGORIES = ['self-harm', 'self-harm/intent', 'self-harm/instructions'] as const;

/** The categories a chat verdict may name; `none` exactly when `risk` is false. */
export const CHAT_VERDICT_CATEGORIES = [...SELF_HARM_CATEGORIES, 'none'] as const;

/** The longest message sent to the provider (Discord's own limit for a message with Nitro). */
export const MAX_SECOND_OPINION_CHARS = 4_000;

/**
 * Requests in flight at once. Beyond this a message is not sent (`unavailable`) rather than queued: a burst of
 * uncertain messages (a raid, a spam wave) must not pile up sockets or provider cost, and a queued request would
 * miss the budget anyway.
 */
export const MAX_SECOND_OPINIONS_IN_FLIGHT = 16;

/** Room for one short JSON object; a longer answer is not a verdict. */
const CHAT_VERDICT_MAX_TOKENS = 40;

/** The written crisis policy for `chat` (prompts/second-opinion.yaml). */
export interface SecondOpinionPolicy {
  version: number;
  system: string;
  /** Contains `{{message}}` exactly once. */
  user: string;
}

export interface SecondOpinionOptions {
  kind: SecondOpinionKind;
  /** The SDK's default (api.openai.com) when undefined. */
  baseURL?: string | undefined;
  /** Local servers need none; the SDK insists on a value, so 'not-needed' stands in. */
  apiKey?: string | undefined;
  model: string;
  /** Required for `chat`. */
  policy?: SecondOpinionPolicy | undefined;
  /** `moderation` only: a category score at or above this counts as risk even when the provider did not flag it. */
  scoreCutoff?: number | undefined;
  /** Per request (default SECOND_OPINION_BUDGET_MS); the responder's AbortSignal bounds it too. */
  timeoutMs?: number;
  /** Default MAX_SECOND_OPINIONS_IN_FLIGHT. */
  maxInFlight?: number;
  log: Log;
  /** For tests and proxies. */
  fetch?: typeof fetch;
}

const moderationResponseSchema = z.object({
  results: z
    .array(
      z.object({
        categories: z.record(z.string(), z.boolean().nullable()),
        category_scores: z.record(z.string(), z.number()).optional(),
      }),
    )
    .min(1),
});

const chatVerdictSchema = z
  .object({ risk: z.boolean(), category: z.enum(CHAT_VERDICT_CATEGORIES) })
  .strict()
  .refine((verdict) => verdict.risk === (verdict.category !== 'none'));

/** Where a verdict went wrong, for the log (never the provider's words). */
type Outcome = { verdict: SecondOpinionVerdict; status?: number; detail?: string };

export function createSecondOpinion({
  kind,
  baseURL,
  apiKey,
  model,
  policy,
  scoreCutoff,
  timeoutMs = SECOND_OPINION_BUDGET_MS,
  maxInFlight = MAX_SECOND_OPINIONS_IN_FLIGHT,
  log: parentLog,
  fetch: customFetch,
}: SecondOpinionOptions): SecondOpinion {
  if (kind === 'chat' && policy === undefined) {
    throw new Error('a chat second opinion needs its written policy (prompts/second-opinion.yaml)');
  }
  const log = parentLog.child({ module: 'second-opinion' });
  let inFlight = 0;
  const client = new OpenAI({
    ...(baseURL === undefined ? {} : { baseURL }),
    apiKey: apiKey ?? 'not-needed',
    timeout: timeoutMs,
    maxRetries: 0,
    // The SDK's own logger may print response bodies, which can echo the message.
    logLevel: 'off',
    ...(customFetch === undefined ? {} : { fetch: customFetch }),
  });

  async function moderate(text: string, signal: AbortSignal): Promise<Outcome> {
    const response: unknown = await client.moderations.create({ model, input: text }, { signal });
    const parsed = moderationResponseSchema.safeParse(response);
    if (!parsed.success) return { verdict: { kind: 'unavailable', reason: 'invalid' }, detail: 'shape' };
    const flagged = new Set<string>();
    for (const result of parsed.data.results) {
      for (const category of SELF_HARM_CATEGORIES) {
        const score = result.category_scores?.[category];
        if (
          result.categories[category] === true ||
          (scoreCutoff !== undefined && score !== undefined && score >= scoreCutoff)
        ) {
          flagged.add(category);
        }
      }
    }
    return {
      verdict: flagged.size > 0 ? { kind: 'risk', categories: [...flagged] } : { kind: 'no_risk' },
    };
  }

  async function askChat(text: string, signal: AbortSignal, rules: SecondOpinionPolicy): Promise<Outcome> {
    const completion: unknown = await client.chat.completions.create(
      {
        model,
        messages: [
          { role: 'system', content: rules.system },
          { role: 'user', content: rules.user.replace('{{message}}', () => delimitMessage(text)) },
        ],
        max_tokens: CHAT_VERDICT_MAX_TOKENS,
        temperature: 0,
      },
      { signal },
    );
    const content = contentOf(completion);
    if (content === undefined)
      return { verdict: { kind: 'unavailable', reason: 'invalid' }, detail: 'shape' };
    let json: unknown;
    try {
      json = JSON.parse(content.trim());
    } catch {
      return { verdict: { kind: 'unavailable', reason: 'invalid' }, detail: 'not_json' };
    }
    const verdict = chatVerdictSchema.safeParse(json);
    if (!verdict.success) return { verdict: { kind: 'unavailable', reason: 'invalid' }, detail: 'schema' };
    return {
      verdict: verdict.data.risk
        ? { kind: 'risk', categories: [verdict.data.category] }
        : { kind: 'no_risk' },
    };
  }

  return {
    async judge(text, signal) {
      const startedAt = performance.now();
      let outcome: Outcome;
      if (signal.aborted) {
        outcome = { verdict: { kind: 'unavailable', reason: 'timeout' }, detail: 'aborted' };
      } else if (inFlight >= maxInFlight) {
        outcome = { verdict: { kind: 'unavailable', reason: 'error' }, detail: 'busy' };
      } else {
        inFlight += 1;
        try {
          const input = text.slice(0, MAX_SECOND_OPINION_CHARS);
          outcome =
            kind === 'moderation'
              ? await moderate(input, signal)
              : await askChat(input, signal, policy as SecondOpinionPolicy);
        } catch (error) {
          outcome = failureOf(error, signal);
        } finally {
          inFlight -= 1;
        }
      }
      const entry = {
        kind,
        model,
        latencyMs: Math.round(performance.now() - startedAt),
        verdict: outcome.verdict.kind,
        ...(outcome.verdict.kind === 'unavailable' ? { reason: outcome.verdict.reason } : {}),
        ...(outcome.verdict.kind === 'risk' ? { categories: outcome.verdict.categories } : {}),
        ...(outcome.status === undefined ? {} : { status: outcome.status }),
        ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
      };
      if (outcome.verdict.kind === 'unavailable') log.warn(entry, 'second opinion unavailable');
      else log.info(entry, 'second opinion');
      return outcome.verdict;
    },
  };
}

/** Maps any failure to `unavailable` with a reason and, for HTTP errors, the status (never the error's message). */
function failureOf(error: unknown, signal: AbortSignal): Outcome {
  if (error instanceof APIConnectionTimeoutError) {
    return { verdict: { kind: 'unavailable', reason: 'timeout' }, detail: 'timeout' };
  }
  if (error instanceof APIUserAbortError || signal.aborted) {
    return { verdict: { kind: 'unavailable', reason: 'timeout' }, detail: 'aborted' };
  }
  if (error instanceof APIError && error.status !== undefined) {
    return { verdict: { kind: 'unavailable', reason: 'error' }, status: error.status, detail: 'http' };
  }
  if (error instanceof SyntaxError) {
    return { verdict: { kind: 'unavailable', reason: 'invalid' }, detail: 'malformed_json' };
  }
  return { verdict: { kind: 'unavailable', reason: 'error' }, detail: 'connection' };
}

function contentOf(completion: unknown): string | undefined {
  if (typeof completion !== 'object' || completion === null) return undefined;
  const choices = (completion as { choices?: unknown }).choices;
  if (!Array.isArray(choices)) return undefined;
  const content = (choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content;
  return typeof content === 'string' ? content : undefined;
}

/**
 * The message as data: delimiter look-alikes removed so that it cannot close the `<message>` block early, and control
 * characters dropped.
 */
export function delimitMessage(text: string): string {
  return (
    text
      .replace(/<\s*\/?\s*message\s*>/gi, ' ')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .trim()
  );
}

const policySchema = z
  .object({ version: z.number().int().positive(), system: z.string().min(1), user: z.string().min(1) })
  .strict();

/** Validates a parsed policy file: `user` must place the message exactly once. Throws a `UserError` naming `file`. */
export function parseSecondOpinionPolicy(raw: unknown, file: string): SecondOpinionPolicy {
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new UserError(`${file}: ${problems.join('; ')}`, 'prompts');
  }
  const uses = parsed.data.user.split('{{message}}').length - 1;
  if (uses !== 1) {
    throw new UserError(`${file}: "user" must contain {{message}} exactly once (found ${uses})`, 'prompts');
  }
  return parsed.data;
}

/** Reads and validates prompts/second-opinion.yaml (once, at startup, only when SECOND_OPINION=chat). */
export async function loadSecondOpinionPolicy(dir: string = PROMPTS_DIR): Promise<SecondOpinionPolicy> {
  const file = path.join(dir, 'second-opinion.yaml');
  return parseSecondOpinionPolicy(
    parse(await readFile(file, 'utf8')),
    path.relative(process.cwd(), file) || file,
  );
}

/** What main.ts (and the e2e harness) build from `config.secondOpinion`, or undefined when it is off. */
export async function secondOpinionFromConfig(
  config:
    | { kind: SecondOpinionKind; baseURL: string | undefined; apiKey: string | undefined; model: string }
    | undefined,
  log: Log,
): Promise<SecondOpinion | undefined> {
  if (config === undefined) return undefined;
  return createSecondOpinion({
    ...config,
    ...(config.kind === 'chat' ? { policy: await loadSecondOpinionPolicy() } : {}),
    log,
  });
}
