/**
 * One question per user at a time, and a bound on questions in progress overall, so that a double-click or a crowd
 * gets a kind "busy" reply instead of piling work on the bot.
 *
 * In-process on purpose: it guards work this process is doing right now, and a lock held in shared storage would
 * outlive a crash and lock the person out until it expired. With shards, a person asking in two servers on two
 * shards could run two questions at once; the per-user rate limit (in shared storage) still bounds them.
 * @see ../../../../shared/reference/field-lessons.md item 5
 */

export interface InFlightGuard {
  /** Returns a release function, or `undefined` when the user already has a question running or the bot is full. */
  tryEnter(userId: string): (() => void) | undefined;
  /** Why `tryEnter` would refuse, for choosing the message: 'user' (their own question is running) or 'busy'. */
  refusal(userId: string): 'user' | 'busy' | undefined;
  readonly size: number;
}

export interface InFlightGuardOptions {
  /** Questions in progress across all users (default 16). */
  maxTotal?: number;
}

export const DEFAULT_MAX_IN_FLIGHT = 16;

export function createInFlightGuard({
  maxTotal = DEFAULT_MAX_IN_FLIGHT,
}: InFlightGuardOptions = {}): InFlightGuard {
  const running = new Set<string>();
  const refusal = (userId: string) =>
    running.has(userId) ? ('user' as const) : running.size >= maxTotal ? ('busy' as const) : undefined;
  return {
    tryEnter(userId) {
      if (refusal(userId)) return undefined;
      running.add(userId);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        running.delete(userId);
      };
    },
    refusal,
    get size() {
      return running.size;
    },
  };
}
