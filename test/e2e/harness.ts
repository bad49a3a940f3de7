/**
 * Runs the real bot wiring (config → knowledge → storage → services → discord.js client) against the local Discord
 * stand-in, exactly as main.ts does, with a JSON log sink the tests can read.
 */
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/adapters/logger.js';
import { loadKnowledge, type KnowledgeBase } from '../../src/adapters/load-knowledge.js';
import { loadPrompts } from '../../src/adapters/load-prompts.js';
import { openStorage, type Storage } from '../../src/adapters/storage.js';
import { secondOpinionFromConfig } from '../../src/adapters/second-opinion.js';
import { createServices, type Services } from '../../src/create-services.js';
import type { ChatModel, Now } from '../../src/core/types.js';
import { COMMANDS } from '../../src/discord/commands/index.js';
import { COMPONENTS } from '../../src/discord/components/index.js';
import { startBot, type RunningBot } from '../../src/discord/start-bot.js';
import { createManualScheduler, type ManualScheduler } from '../fakes/manual-scheduler.js';
import type { BotContext } from '../../src/discord/bot-context.js';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type DiscordStandInOptions,
  type RecordedRequest,
} from '../fakes/discord-stand-in.js';

let knowledgePromise: Promise<KnowledgeBase> | undefined;
/** The real knowledge, loaded once per test file. */
export function realKnowledge(): Promise<KnowledgeBase> {
  knowledgePromise ??= loadKnowledge('knowledge');
  return knowledgePromise;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  standIn?: DiscordStandIn;
  standInOptions?: DiscordStandInOptions;
  /** An already open storage (to share one between two bots, or to break it). */
  storage?: Storage;
  model?: ChatModel;
  now?: Now;
  /**
   * Test-only: the risk model's quiet-band floor. A tiny value makes every message without a rule hit and below the
   * public threshold a quiet reading, so that second-opinion tests do not depend on the shipped model's scores.
   */
  riskNoticeThreshold?: number;
  /** Drives the bot's periodic work; by default a manual one, so the weekly tick runs only when a test calls it. */
  scheduler?: ManualScheduler;
}

export interface Harness {
  standIn: DiscordStandIn;
  bot: RunningBot;
  context: BotContext;
  services: Services;
  storage: Storage;
  /** The bot's periodic work runs when the test calls `scheduler.tick()`. */
  scheduler: ManualScheduler;
  /** Resolves once the bot has finished handling each listed message id (an id listed twice must be handled twice). */
  handled(messageIds: string[], timeoutMs?: number): Promise<void>;
  /** Every log record the bot wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Everything the bot logged, as raw text (to assert nothing sensitive appears). */
  rawLogs(): string;
  stop(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const standIn =
    options.standIn ?? (await startDiscordStandIn({ heartbeatIntervalMs: 250, ...options.standInOptions }));
  const config = loadConfig(
    {
      DISCORD_TOKEN: 'test-token',
      DISCORD_API_URL: standIn.apiUrl,
      STORAGE_URL: 'memory://',
      LOG_LEVEL: 'debug',
      ...options.env,
    },
    { requireToken: true, readDotEnv: false },
  );
  const raw: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        raw.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  const log = createLogger({ level: config.logLevel, destination });
  const storage = options.storage ?? (await openStorage(config.storageUrl));
  const knowledge = await realKnowledge();
  const secondOpinion = await secondOpinionFromConfig(config.secondOpinion, log);
  const services = createServices({
    config,
    log,
    knowledge:
      options.riskNoticeThreshold === undefined
        ? knowledge
        : {
            ...knowledge,
            riskModel: { ...knowledge.riskModel, noticeThreshold: options.riskNoticeThreshold },
          },
    storage,
    prompts: await loadPrompts(),
    ...(options.model ? { model: options.model } : {}),
    ...(secondOpinion ? { secondOpinion } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const context: BotContext = { ...services, config, log };
  const scheduler = options.scheduler ?? createManualScheduler();
  const handledIds: string[] = [];
  const waiters = new Set<() => void>();
  const onMessageHandled = (messageId: string) => {
    handledIds.push(messageId);
    for (const wake of [...waiters]) wake();
  };
  const handled = (messageIds: string[], timeoutMs = 5_000) =>
    new Promise<void>((resolve, reject) => {
      const done = () =>
        messageIds.every(
          (id) =>
            handledIds.filter((seen) => seen === id).length >=
            messageIds.filter((wanted) => wanted === id).length,
        );
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`messages not handled in time: ${messageIds.join(', ')}`));
      }, timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  const bot = await startBot({
    context,
    commands: COMMANDS,
    components: COMPONENTS,
    scheduler,
    onMessageHandled,
  });
  return {
    standIn,
    bot,
    context,
    services,
    storage,
    scheduler,
    handled,
    logs,
    rawLogs: () => raw.join('\n'),
    async stop() {
      await bot.stop();
      if (!options.storage) await storage.close();
      if (!options.standIn) await standIn.close();
    },
  };
}

/** The interaction callback (first response) for an interaction id. */
export function callbackFor(
  standIn: DiscordStandIn,
  interactionId: string,
  timeoutMs = 5_000,
): Promise<RecordedRequest> {
  return standIn.waitForRequest(
    (request) => request.method === 'POST' && request.path.startsWith(`/interactions/${interactionId}/`),
    timeoutMs,
  );
}

/** The final edit of a deferred reply (PATCH …/messages/@original) for an interaction token. */
export function originalEditFor(
  standIn: DiscordStandIn,
  token: string,
  predicate: (body: Record<string, unknown>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<RecordedRequest> {
  return standIn.waitForRequest(
    (request) =>
      request.method === 'PATCH' &&
      request.path.includes(`/${token}/messages/@original`) &&
      predicate(request.body as Record<string, unknown>),
    timeoutMs,
  );
}

/** Every payload the bot sent to Discord that can carry text: each must forbid mentions. */
export function outgoingMessages(standIn: DiscordStandIn): RecordedRequest[] {
  return standIn.requests.filter(
    (request) =>
      (request.method === 'POST' || request.method === 'PATCH') &&
      (/^\/channels\/\d+\/messages$/.test(request.path) ||
        /^\/webhooks\//.test(request.path) ||
        /^\/interactions\//.test(request.path)),
  );
}
