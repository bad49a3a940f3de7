/**
 * Posts the weekly fact in servers that configured a channel. Each guild lives on exactly one shard, and each shard's
 * client only sees its own guilds, so with several shards a server still gets one post; the stored week id makes it
 * survive restarts.
 */
import type { Client } from 'discord.js';
import type { BotContext } from '../bot-context.js';
import { renderFactCard } from '../views/render-cards.js';

export const WEEKLY_CHECK_INTERVAL_MS = 15 * 60_000;

/** Runs a periodic task. Injected so that tests decide when the bot's own ticks run (see test/fakes/manual-scheduler.ts). */
export interface Scheduler {
  /** Runs `task` now and then every `intervalMs` until the returned function is called. */
  every(intervalMs: number, task: () => Promise<void>): () => void;
}

/** The real scheduler: an unref'd interval, so a pending tick never keeps the process alive. */
export const intervalScheduler: Scheduler = {
  every(intervalMs, task) {
    const run = () => void task();
    const timer = setInterval(run, intervalMs);
    timer.unref();
    run();
    return () => clearInterval(timer);
  },
};

/** Starts the weekly check (now, then every 15 minutes). Returns a function that stops it. */
export function startWeeklyFacts(
  client: Client,
  context: BotContext,
  scheduler: Scheduler = intervalScheduler,
): () => void {
  const log = context.log.child({ module: 'weekly-fact' });
  return scheduler.every(WEEKLY_CHECK_INTERVAL_MS, async () => {
    await postDueWeeklyFacts(client, context).catch((error: unknown) =>
      log.error({ err: error }, 'weekly fact check failed'),
    );
  });
}

export async function postDueWeeklyFacts(client: Client, context: BotContext): Promise<number> {
  const log = context.log.child({ module: 'weekly-fact' });
  let posted = 0;
  for (const guild of client.guilds.cache.values()) {
    const due = await context.useCases.postWeeklyFact(guild.id);
    if (due.kind !== 'due') continue;
    try {
      const channel = await guild.channels.fetch(due.channelId);
      if (!channel?.isSendable())
        throw new Error('weekly fact channel is not a text channel Lantern can post in');
      await context.useCases.recordWeeklyFact(guild.id, due.state);
      await channel.send(renderFactCard(due.card, guild.preferredLocale, { weekly: true }));
      posted += 1;
      log.info({ guildId: guild.id, cardId: due.card.id }, 'weekly fact posted');
    } catch (error) {
      log.warn({ guildId: guild.id, err: error }, 'weekly fact not posted');
    }
  }
  return posted;
}
