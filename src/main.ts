/**
 * Composition root: config → logger → knowledge → storage → services → Discord client. `npm start` runs this.
 */
import { loadConfig } from './config.js';
import { isUserError } from './core/errors.js';
import { createLogger } from './adapters/logger.js';
import { loadKnowledge } from './adapters/load-knowledge.js';
import { loadPrompts } from './adapters/load-prompts.js';
import { installProcessGuard } from './adapters/process-guard.js';
import { openStorage } from './adapters/storage.js';
import { secondOpinionFromConfig } from './adapters/second-opinion.js';
import { createServices } from './create-services.js';
import { COMMANDS } from './discord/commands/index.js';
import { COMPONENTS } from './discord/components/index.js';
import { startBot } from './discord/start-bot.js';

/** Discord and storage get this long to close before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 4_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env, { requireToken: true });
  const log = createLogger({ level: config.logLevel });
  // Before anything runs fire-and-forget: a stray rejection is logged, and crisis replies keep going out.
  installProcessGuard({ process, log, exit: (code) => process.exit(code) });
  const knowledge = await loadKnowledge(config.knowledgeDir);
  const prompts = await loadPrompts();
  const secondOpinion = await secondOpinionFromConfig(config.secondOpinion, log);
  const storage = await openStorage(config.storageUrl);
  log.info(
    {
      cards: knowledge.cards.length,
      knowledgeVersion: knowledge.version,
      storage: storage.kind,
      model: config.llm?.model ?? null,
      secondOpinion: config.secondOpinion
        ? `${config.secondOpinion.kind}:${config.secondOpinion.model}`
        : 'off',
    },
    'starting',
  );
  const services = createServices({
    config,
    log,
    knowledge,
    storage,
    prompts,
    ...(secondOpinion ? { secondOpinion } : {}),
  });
  // Signal handlers at once: "ready" is logged while startBot is still finishing, and a SIGTERM in that gap must
  // still stop the bot cleanly (shutdown waits for the start to finish).
  const starting = startBot({
    context: { ...services, config, log },
    commands: COMMANDS,
    components: COMPONENTS,
  }).catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.warn({}, 'shutdown timed out; exiting');
      process.exit(0);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    void Promise.allSettled([starting.then((bot) => bot.stop())])
      .then(() => storage.close())
      .finally(() => {
        log.info({}, 'stopped');
        log.flush();
        process.exit(0);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await starting;
}

main().catch((error: unknown) => {
  if (isUserError(error)) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Lantern stopped because of an unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
