/**
 * Creates the discord.js client with only the intents the chosen crisis mode needs, wires events, and logs in. When
 * Discord refuses the privileged Message Content intent (gateway close 4014), it says so in one log line and falls back
 * to AutoMod mode instead of crashing.
 */
import { Client, Events, GatewayIntentBits, type Guild, type Message } from 'discord.js';
import type { Logger } from 'pino';
import type { CrisisMode } from '../config.js';
import type { BotContext } from './bot-context.js';
import type { Command, ComponentHandler } from './command.js';
import { createInteractionRouter } from './events/interaction-create.js';
import { handleMessageCreate } from './events/message-create.js';
import { handleAutoModAction, syncAutoModRule } from './events/automod.js';
import { startWeeklyFacts, type Scheduler } from './events/weekly-fact.js';
import { NO_MENTIONS } from './views/discord-limits.js';

/** Gateway close code for "privileged intent not enabled for this application". */
export const DISALLOWED_INTENTS_CLOSE_CODE = 4014;

export interface RunningBot {
  readonly client: Client;
  /** The crisis mode in effect after any fallback. */
  readonly crisisMode: CrisisMode;
  stop(): Promise<void>;
}

export interface StartBotOptions {
  context: BotContext;
  commands: readonly Command[];
  components: readonly ComponentHandler[];
  /** Runs the bot's periodic work (the weekly fact check); tests pass one they drive themselves. */
  scheduler?: Scheduler;
  /** Called when a message has been fully handled (replied to or not), so tests can wait on it instead of sleeping. */
  onMessageHandled?: (messageId: string) => void;
}

export function intentsFor(mode: CrisisMode): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds];
  if (mode === 'message') intents.push(GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent);
  if (mode === 'automod') intents.push(GatewayIntentBits.AutoModerationExecution);
  return intents;
}

export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { context } = options;
  const log = context.log.child({ module: 'bot' });
  const requested = context.config.crisisMode;
  const first = await connect(options, requested, log);
  if (first.outcome === 'ready') return first.bot;
  log.error(
    { closeCode: DISALLOWED_INTENTS_CLOSE_CODE },
    'Discord refused the Message Content intent (close code 4014): it is not enabled for this application. Falling back to CRISIS_MODE=automod. Enable it under Bot → Privileged Gateway Intents, or set CRISIS_MODE=automod.',
  );
  const second = await connect(options, 'automod', log);
  if (second.outcome === 'ready') return second.bot;
  throw new Error('Discord refused the gateway intents again after falling back to AutoMod mode.');
}

type ConnectOutcome = { outcome: 'ready'; bot: RunningBot } | { outcome: 'disallowed' };

async function connect(options: StartBotOptions, mode: CrisisMode, log: Logger): Promise<ConnectOutcome> {
  const { context, commands, components } = options;
  const client = new Client({
    intents: intentsFor(mode),
    allowedMentions: NO_MENTIONS,
    rest: { api: context.config.discord.apiUrl },
    ...(context.config.discord.sharding === 'auto' ? { shards: 'auto' as const } : {}),
  });
  const router = createInteractionRouter(commands, components, context);
  const stopWeekly: Array<() => void> = [];

  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
  if (mode === 'message') {
    client.on(
      Events.MessageCreate,
      (message: Message) =>
        void handleMessageCreate(message, context).finally(() => options.onMessageHandled?.(message.id)),
    );
  }
  if (mode === 'automod') {
    client.on(
      Events.AutoModerationActionExecution,
      (execution) => void handleAutoModAction(execution, context),
    );
    client.on(Events.GuildCreate, (guild: Guild) => void syncAutoModRule(guild, context));
  }
  client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'shard resumed'));
  client.on(Events.ShardReconnecting, (shardId) => log.warn({ shardId }, 'shard reconnecting'));
  client.on(Events.Error, (error) => log.error({ err: error }, 'client error'));

  const outcome = await new Promise<'ready' | 'disallowed'>((resolve, reject) => {
    client.on(Events.ShardDisconnect, (event, shardId) => {
      if (event.code === DISALLOWED_INTENTS_CLOSE_CODE) resolve('disallowed');
      else log.warn({ shardId, code: event.code }, 'shard disconnected and will not reconnect');
    });
    client.once(Events.ClientReady, () => resolve('ready'));
    client.login(context.config.discord.token).catch((error: unknown) => {
      const code = (error as { code?: unknown }).code;
      if (code === 'DisallowedIntents') resolve('disallowed');
      else reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
  if (outcome === 'disallowed') {
    await client.destroy();
    return { outcome };
  }

  log.info({ guilds: client.guilds.cache.size, crisisMode: mode, shards: client.ws.shards.size }, 'ready');
  if (mode === 'automod') {
    for (const guild of client.guilds.cache.values()) void syncAutoModRule(guild, context);
  }
  stopWeekly.push(startWeeklyFacts(client, context, options.scheduler));

  let stopped = false;
  return {
    outcome: 'ready',
    bot: {
      client,
      crisisMode: mode,
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const stop of stopWeekly) stop();
        await client.destroy();
      },
    },
  };
}
