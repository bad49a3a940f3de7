/**
 * The `ask` use case: the whole /ask policy in one place, shared by Discord and the CLI. In order: the server's channel
 * gate, one question per member (and a bounded queue overall), the member's rate limit, the server's model toggle and
 * daily token budget, then the answer, and the tokens it used are spent. Storage that fails never refuses a question:
 * each read falls back to "allowed" and the defaults.
 *
 * Returns a plain result; front ends only translate it into their own output.
 */
import type { AnswerResult, Answerer } from '../answer/create-answerer.js';
import type { InFlightGuard } from '../limits/in-flight-guard.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { TokenBudget } from '../limits/token-budget.js';
import type { ServerSettings, Settings, UserPreferences } from '../settings/settings.js';

/** How long a question may wait for a free slot when many are asked at once (Discord's interaction token lasts 15 min). */
export const MAX_QUEUE_WAIT_MS = 60_000;

export interface AskPorts {
  answerer: Answerer;
  settings: Pick<Settings, 'getServer' | 'getUser'>;
  limits: {
    inFlight: Pick<InFlightGuard, 'enter'>;
    rate: Pick<RateLimiter, 'take'>;
    budget: TokenBudget;
  };
  /** Whether a language model is configured at all (servers can still turn it off). */
  modelConfigured: boolean;
  /** Tokens per server per day when the server set no budget of its own. */
  defaultDailyTokenBudget: number;
  /** How long a question may wait in line (default {@link MAX_QUEUE_WAIT_MS}). */
  maxQueueWaitMs?: number;
}

export interface AskRequest {
  question: string;
  /** Who asks: the rate limit, the one-question-at-a-time rule and the saved region are theirs. */
  userId: string;
  /** The server asked in, for its settings and budget; none on the CLI. */
  guildId?: string | undefined;
  channelId?: string | undefined;
  /** The language of the answer (a Discord locale such as "pt-BR"). Never used to pick a country. */
  locale?: string | undefined;
  /** A region given with this question (the CLI's `--region`); else the member's saved region. */
  region?: string | undefined;
  /** Answer from the cards even when a model is configured. */
  cardsOnly?: boolean;
  /** Receives the model's cleaned answer so far while it streams (see `AskInput.onDelta`). */
  onDelta?: (textSoFar: string) => void;
}

export type AskResult =
  | {
      kind: 'answered';
      answer: AnswerResult;
      /** Set when the answer came from the cards because today's model budget for the server is used up. */
      notice?: 'budget';
    }
  /** The server allows /ask only in these channels. */
  | { kind: 'channel_not_allowed'; allowedChannelIds: readonly string[] }
  /** `user`: the member's previous question is still being answered; `overloaded`: the queue did not move in time. */
  | { kind: 'busy'; reason: 'user' | 'overloaded' }
  | { kind: 'rate_limited'; retryAfterMs: number };

export async function ask(ports: AskPorts, request: AskRequest): Promise<AskResult> {
  const { settings, limits } = ports;
  const server: ServerSettings | undefined =
    request.guildId === undefined
      ? undefined
      : await settings.getServer(request.guildId).catch(() => undefined);
  if (
    server &&
    server.askChannelIds.length > 0 &&
    (request.channelId === undefined || !server.askChannelIds.includes(request.channelId))
  ) {
    return { kind: 'channel_not_allowed', allowedChannelIds: server.askChannelIds };
  }

  const entered = await limits.inFlight.enter(request.userId, ports.maxQueueWaitMs ?? MAX_QUEUE_WAIT_MS);
  if (typeof entered !== 'function')
    return { kind: 'busy', reason: entered === 'user' ? 'user' : 'overloaded' };
  const release = entered;
  try {
    const rate = await limits.rate.take(request.userId).catch(() => ({ allowed: true, retryAfterMs: 0 }));
    if (!rate.allowed) return { kind: 'rate_limited', retryAfterMs: rate.retryAfterMs };

    let useModel = ports.modelConfigured && !request.cardsOnly && (server?.modelEnabled ?? true);
    let budgetSpent = false;
    if (useModel && request.guildId !== undefined) {
      const limit = server?.dailyTokenBudget ?? ports.defaultDailyTokenBudget;
      const budget = await limits.budget.check(request.guildId, limit).catch(() => undefined);
      if (budget && !budget.allowed) {
        useModel = false;
        budgetSpent = true;
      }
    }
    const user: UserPreferences | undefined =
      request.region === undefined
        ? await settings.getUser(request.userId).catch(() => undefined)
        : undefined;
    const answer = await ports.answerer.answer({
      question: request.question,
      locale: request.locale,
      region: request.region ?? user?.region ?? undefined,
      serverRegion: server?.region ?? undefined,
      useModel,
      ...(request.onDelta ? { onDelta: request.onDelta } : {}),
    });
    if (answer.tokensUsed > 0 && request.guildId !== undefined)
      await limits.budget.spend(request.guildId, answer.tokensUsed).catch(() => undefined);
    // The budget note explains why an answer came from the cards; a crisis or decline reply never carries it.
    return budgetSpent && answer.route === 'answer'
      ? { kind: 'answered', answer, notice: 'budget' }
      : { kind: 'answered', answer };
  } finally {
    release();
  }
}
