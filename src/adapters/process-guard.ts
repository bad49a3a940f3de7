/**
 * What the process does with an error nobody caught. The message handler and the crisis responder run fire-and-forget,
 * so one stray rejection must not take the bot down with it: a crisis reply to another member may be on its way.
 *
 * - `unhandledRejection`: logged, and the bot carries on (a rejected promise leaves no state half-changed).
 * - `uncaughtException`: logged, and the bot carries on while such faults stay rare; more than
 *   {@link ProcessGuardOptions.maxExceptions} within {@link ProcessGuardOptions.windowMs} means something is broken
 *   for good, so the process exits with code 1 for its supervisor (systemd, Docker, a ShardingManager) to restart it.
 *
 * Logs carry the error's type, code and stack frames, never its message: an error built from a payload could quote a
 * member's words.
 * @see https://nodejs.org/api/process.html#warning-using-uncaughtexception-correctly
 */
import type { Logger } from 'pino';

export interface ProcessGuardOptions {
  process: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
  log: Logger;
  now?: () => number;
  /** Uncaught exceptions tolerated within `windowMs` before the process exits. */
  maxExceptions?: number;
  windowMs?: number;
  exit: (code: number) => void;
}

export const DEFAULT_MAX_EXCEPTIONS = 5;
export const DEFAULT_EXCEPTION_WINDOW_MS = 60_000;

/** Installs the handlers; returns a function that removes them. */
export function installProcessGuard({
  process,
  log,
  now = Date.now,
  maxExceptions = DEFAULT_MAX_EXCEPTIONS,
  windowMs = DEFAULT_EXCEPTION_WINDOW_MS,
  exit,
}: ProcessGuardOptions): () => void {
  const guardLog = log.child({ module: 'process' });
  const recent: number[] = [];
  const onRejection = (reason: unknown): void => {
    guardLog.error({ fault: describeFault(reason) }, 'unhandled promise rejection; carrying on');
  };
  const onException = (error: unknown): void => {
    const at = now();
    recent.push(at);
    while (recent.length > 0 && (recent[0] as number) <= at - windowMs) recent.shift();
    if (recent.length > maxExceptions) {
      guardLog.fatal(
        { fault: describeFault(error), exceptions: recent.length, windowMs },
        'uncaught exceptions keep coming; exiting for a restart',
      );
      log.flush();
      exit(1);
      return;
    }
    guardLog.error(
      { fault: describeFault(error), exceptions: recent.length },
      'uncaught exception; carrying on',
    );
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

/** The error's type, code and stack frames (the stack without its first line, which repeats the message). */
export function describeFault(error: unknown): { type: string; code?: string; frames?: string[] } {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 10)
    .map((line) => line.trim());
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    ...(frames.length > 0 ? { frames } : {}),
  };
}
