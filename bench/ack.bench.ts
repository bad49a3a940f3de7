/**
 * /ask acknowledgement latency under load: 100 questions dispatched at once, the model taking 2 s to answer, the bot
 * running as its own process (as `npm start` runs it) against the Discord stand-in. Latency is from the gateway
 * dispatch to the interaction callback reaching the stand-in. Baseline, measured in the same run: 100 `/about` at once,
 * which reply immediately and do no answer work, so the ratio shows what /ask itself adds. Target: p99 < 100 ms.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDiscordStandIn, type DiscordStandIn } from '../test/fakes/discord-stand-in.js';
import { chatInputInteraction, DEFAULT_GUILD_ID, snowflake, user } from '../test/fakes/discord-payloads.js';
import { startFakeOpenAiServer } from '../test/fakes/openai-server.js';
import { runEntry } from '../test/e2e/spawn-bot.js';
import { median, percentile, printTable } from './stats.js';

const ROUNDS = 5;
const CONCURRENT = 100;
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

async function burst(
  standIn: DiscordStandIn,
  build: (index: number) => ReturnType<typeof chatInputInteraction>,
  { deferred }: { deferred: boolean },
): Promise<number[]> {
  standIn.clearRequests();
  const sent = Array.from({ length: CONCURRENT }, (_, index) => {
    const interaction = build(index);
    const at = nowMs();
    standIn.dispatch('INTERACTION_CREATE', interaction);
    return { interaction, at };
  });
  const acks = await Promise.all(
    sent.map(({ interaction }) =>
      standIn.waitForRequest(
        (request) => request.method === 'POST' && request.path.startsWith(`/interactions/${interaction.id}/`),
        30_000,
      ),
    ),
  );
  // Let every answer finish before the next round.
  if (deferred)
    await Promise.all(
      sent.map(({ interaction }) =>
        standIn.waitForRequest(
          (request) =>
            request.path.includes(`/${interaction.token}/messages/@original`) &&
            request.method === 'PATCH' &&
            !String((request.body as { content?: string }).content ?? '').includes('Writing an answer'),
          60_000,
        ),
      ),
    );
  return acks.map((ack, index) => ack.at - sent[index]!.at).sort((a, b) => a - b);
}

export async function run(): Promise<void> {
  const model = await startFakeOpenAiServer({
    fallback: {
      kind: 'delay',
      ms: 2_000,
      then: { kind: 'reply', text: 'Depression is common and treatable [1].' },
    },
  });
  const standIn = await startDiscordStandIn({ heartbeatIntervalMs: 5_000 });
  const workDir = await mkdtemp(path.join(tmpdir(), 'lantern-bench-'));
  const bot = runEntry(
    'src/main.ts',
    {
      DISCORD_TOKEN: 'x',
      DISCORD_API_URL: standIn.apiUrl,
      STORAGE_URL: 'memory://',
      LLM_BASE_URL: model.baseURL,
      LLM_MODEL: 'fake',
      LOG_LEVEL: 'warn',
    },
    workDir,
  );
  try {
    await standIn.waitForReady({ timeoutMs: 30_000 });
    await burst(standIn, () => chatInputInteraction({ name: 'about', guildId: DEFAULT_GUILD_ID }), {
      deferred: false,
    }); // warm-up
    const rows: Record<'ask' | 'about', { p50: number[]; p99: number[] }> = {
      ask: { p50: [], p99: [] },
      about: { p50: [], p99: [] },
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      const about = await burst(
        standIn,
        () => chatInputInteraction({ name: 'about', guildId: DEFAULT_GUILD_ID }),
        { deferred: false },
      );
      const ask = await burst(
        standIn,
        (index) =>
          chatInputInteraction({
            name: 'ask',
            guildId: DEFAULT_GUILD_ID,
            user: user({ id: snowflake() }),
            options: { question: `what helps with depression? (${round}.${index})` },
          }),
        { deferred: true },
      );
      for (const [name, latencies] of [
        ['about', about],
        ['ask', ask],
      ] as const) {
        rows[name].p50.push(percentile(latencies, 50));
        rows[name].p99.push(percentile(latencies, 99));
      }
    }
    console.log(
      `Acknowledgement latency, ${CONCURRENT} interactions at once, median of ${ROUNDS} rounds (ms)`,
    );
    printTable(
      ['command', 'p50', 'p99', 'p99 vs /about baseline', 'target p99'],
      [
        ['/about (baseline: immediate reply)', median(rows.about.p50), median(rows.about.p99), 1, ''],
        [
          '/ask (deferred, model 2 s)',
          median(rows.ask.p50),
          median(rows.ask.p99),
          median(rows.ask.p99) / median(rows.about.p99),
          '< 100',
        ],
      ],
    );
  } finally {
    bot.kill('SIGTERM');
    await bot.exit;
    await standIn.close();
    await model.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
