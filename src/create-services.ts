/**
 * Builds the core services from loaded knowledge, storage and config. Shared by the bot (main.ts) and the tests, so
 * that both run the same wiring.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createOpenAiModel } from './adapters/openai-model.js';
import type { KnowledgeBase } from './adapters/load-knowledge.js';
import type { Storage } from './adapters/storage.js';
import { createAnswerer, type Answerer } from './core/answer/create-answerer.js';
import type { PromptTemplates } from './core/answer/prompt-templates.js';
import { answerDeadlineMs } from './core/answer/model-timeout.js';
import { loadKnownWords } from './adapters/load-known-words.js';
import {
  createShippedCrisisReader,
  RISK_MODEL_QUIET_SIGNAL,
  RISK_MODEL_SIGNAL,
} from './core/responder/read-crisis.js';
import { SECOND_OPINION_SIGNAL, type SecondOpinion } from './core/responder/second-opinion.js';
import { createFeedback, type Feedback } from './core/feedback/feedback.js';
import { createHotlineFinder, type HotlineFinder } from './core/hotlines/find-hotlines.js';
import { createAnswerCache, DEFAULT_ANSWER_CACHE_TTL_MS } from './core/limits/answer-cache.js';
import { createInFlightGuard, type InFlightGuard } from './core/limits/in-flight-guard.js';
import { createRateLimiter, type RateLimiter } from './core/limits/rate-limiter.js';
import { createTokenBudget, type TokenBudget } from './core/limits/token-budget.js';
import { createCrisisResponder, type CrisisResponder } from './core/responder/create-crisis-responder.js';
import { createRetriever } from './core/retrieval/create-retriever.js';
import { createSettings, type Settings } from './core/settings/settings.js';
import type { ChatModel, DetectCrisis, Now, Retriever } from './core/types.js';
import type { ReadCrisis } from './core/responder/read-crisis.js';
import { ask, type AskRequest, type AskResult } from './core/use-cases/ask.js';
import {
  checkMessage,
  type CheckMessageRequest,
  type CheckMessageResult,
} from './core/use-cases/check-message.js';
import {
  hotline,
  saveRegion,
  type HotlineRequest,
  type HotlineResult,
  type SaveRegionResult,
} from './core/use-cases/hotline.js';
import {
  postFact,
  postWeeklyFact,
  recordWeeklyFact,
  type PostFactRequest,
  type PostFactResult,
  type WeeklyFactResult,
} from './core/use-cases/post-fact.js';
import type { WeeklyFactState } from './core/weekly/pick-weekly-fact.js';
import type { CountryHotlines } from './core/types.js';

/** Answers generated at once; more wait in line (see /ask). Bounds load on the model server. */
export const MAX_CONCURRENT_ANSWERS = 32;

/** The core use cases with this process's ports bound: what the Discord layer calls (src/core/use-cases). */
export interface UseCases {
  ask(request: AskRequest): Promise<AskResult>;
  checkMessage(request: CheckMessageRequest): Promise<CheckMessageResult>;
  hotline(request: HotlineRequest): Promise<HotlineResult>;
  saveRegion(request: { userId: string; country: CountryHotlines }): Promise<SaveRegionResult>;
  postFact(request: PostFactRequest): PostFactResult;
  postWeeklyFact(guildId: string): Promise<WeeklyFactResult>;
  recordWeeklyFact(guildId: string, state: WeeklyFactState): Promise<void>;
}

export interface Services {
  readonly useCases: UseCases;
  readonly knowledge: KnowledgeBase;
  readonly retriever: Retriever;
  /** How the crisis responder reads a message (the lexicon, then the risk model). */
  readonly read: ReadCrisis;
  readonly detect: DetectCrisis;
  readonly hotlines: HotlineFinder;
  readonly settings: Settings;
  readonly responder: CrisisResponder;
  readonly answerer: Answerer;
  readonly feedback: Feedback;
  readonly limits: {
    readonly rate: RateLimiter;
    readonly budget: TokenBudget;
    readonly inFlight: InFlightGuard;
  };
  readonly stores: Storage['namespaces'];
  /** Whether a language model is configured at all (servers can still turn it off). */
  readonly modelConfigured: boolean;
  readonly now: Now;
}

export interface CreateServicesOptions {
  config: Config;
  log: Logger;
  knowledge: KnowledgeBase;
  storage: Pick<Storage, 'namespaces'>;
  prompts: PromptTemplates;
  /** Overrides the model built from config (tests pass one pointed at a local server). */
  model?: ChatModel;
  /** The crisis responder's optional second opinion (built from config by the caller). */
  secondOpinion?: SecondOpinion;
  now?: Now;
}

export function createServices({
  config,
  log,
  knowledge,
  storage,
  prompts,
  model,
  secondOpinion,
  now = Date.now,
}: CreateServicesOptions): Services {
  const stores = storage.namespaces;
  const retriever = createRetriever(knowledge.cards);
  const { read, detect } = createShippedCrisisReader({
    lexicon: knowledge.lexicon,
    model: knowledge.riskModel,
    knownWords: loadKnownWords(),
  });
  const hotlines = createHotlineFinder(knowledge.hotlines);
  const settings = createSettings({ servers: stores.settings, users: stores.users });
  const categories = new Map(knowledge.lexicon.entries.map((entry) => [entry.id, entry.category]));
  const chatModel =
    model ??
    (config.llm
      ? createOpenAiModel({
          baseURL: config.llm.baseURL,
          apiKey: config.llm.apiKey,
          model: config.llm.model,
          timeoutMs: config.llm.timeoutMs,
        })
      : undefined);
  const responder = createCrisisResponder({
    read,
    detect,
    ...(secondOpinion ? { secondOpinion } : {}),
    settings,
    cooldowns: stores.cooldowns,
    hotlines,
    categoryOf: (signal) =>
      signal === RISK_MODEL_SIGNAL || signal === RISK_MODEL_QUIET_SIGNAL
        ? 'model'
        : signal === SECOND_OPINION_SIGNAL
          ? 'second opinion'
          : categories.get(signal),
    now,
    log,
  });
  const answerer = createAnswerer({
    retriever,
    detect,
    hotlines,
    model: chatModel,
    prompts,
    log,
    now,
    ...(config.llm ? { modelTimeoutMs: answerDeadlineMs(config.llm.timeoutMs) } : {}),
    // Numbers a model answer may show: only the reviewed crisis lines and emergency numbers.
    knownPhoneNumbers: knowledge.hotlines.countries.flatMap((country) => [
      country.emergency,
      ...country.lines.flatMap((line) => (line.phone === undefined ? [] : [line.phone])),
    ]),
    cache: createAnswerCache({
      store: stores.cache,
      knowledgeVersion: knowledge.version,
      ttlMs: DEFAULT_ANSWER_CACHE_TTL_MS,
    }),
  });
  const limits = {
    rate: createRateLimiter({
      store: stores.limits,
      now,
      limit: config.ask.rateLimit,
      windowMs: config.ask.rateWindowMs,
    }),
    budget: createTokenBudget({ store: stores.limits, now }),
    inFlight: createInFlightGuard({ maxTotal: MAX_CONCURRENT_ANSWERS }),
  };
  const modelConfigured = chatModel !== undefined;
  const weeklyPorts = { cards: knowledge.cards, settings, schedule: stores.schedule, now };
  const useCases: UseCases = {
    ask: (request) =>
      ask(
        {
          answerer,
          settings,
          limits,
          modelConfigured,
          defaultDailyTokenBudget: config.ask.defaultDailyTokenBudget,
        },
        request,
      ),
    checkMessage: (request) => checkMessage({ read, planReply: responder.planReply }, request),
    hotline: (request) => hotline({ hotlines, settings }, request),
    saveRegion: (request) => saveRegion({ settings, log }, request),
    postFact: (request) => postFact({ cards: knowledge.cards, retriever }, request),
    postWeeklyFact: (guildId) => postWeeklyFact(weeklyPorts, guildId),
    recordWeeklyFact: (guildId, state) => recordWeeklyFact(weeklyPorts, guildId, state),
  };
  return {
    useCases,
    knowledge,
    retriever,
    read,
    detect,
    hotlines,
    settings,
    responder,
    answerer,
    feedback: createFeedback({ store: stores.feedback, now }),
    limits,
    stores,
    modelConfigured,
    now,
  };
}
