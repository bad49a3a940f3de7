/**
 * One question per user at a time, and a bound on questions in progress overall, so that a double-click or a crowd
 * gets a kind "busy" reply instead of piling work on the bot.
 *
 * In-process on purpose: it guards work this process is doing right now, and a lock held in shared storage would
 * outlive a crash and lock the person out until it expired. With shards, a person asking in two servers on two
 * shards could run two questions at once; the per-user rate limit (in shared storage) still bounds them.
 * Why: bots without these limits crashed or answered one person at a time when several asked at once.
 */

export interface InFlightGuard {
  /** Returns a release function, or `undefined` when the user already has a question running or the bot is full. */
  tryEnter(userId: string): (() => void) | undefined;
  /**
   * Like `tryEnter`, but when the bot is full the question waits in line (first come, first served) for up to
   * `maxWaitMs` instead of being refused at once. Resolves to a release function, or to the reason it was refused.
   */
  enter(userId: string, maxWaitMs: number): Promise<(() => void) | 'user' | 'busy'>;
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
  /** Users with a question running or waiting: one per user. */
  const users = new Set<string>();
  let running = 0;
  const waiting: Array<() => void> = [];

  const refusal = (userId: string) =>
    users.has(userId) ? ('user' as const) : running >= maxTotal ? ('busy' as const) : undefined;

  const releaser = (userId: string) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      users.delete(userId);
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    };
  };

  return {
    tryEnter(userId) {
      if (refusal(userId)) return undefined;
      users.add(userId);
      running += 1;
      return releaser(userId);
    },
    enter(userId, maxWaitMs) {
      if (users.has(userId)) return Promise.resolve('user' as const);
      users.add(userId);
      if (running < maxTotal) {
        running += 1;
        return Promise.resolve(releaser(userId));
      }
      return new Promise((resolve) => {
        // A released slot is handed straight to the next waiter, so `running` stays the same.
        const take = () => {
          clearTimeout(timer);
          resolve(releaser(userId));
        };
        const timer = setTimeout(() => {
          const index = waiting.indexOf(take);
          if (index >= 0) waiting.splice(index, 1);
          users.delete(userId);
          resolve('busy');
        }, maxWaitMs);
        waiting.push(take);
      });
    },
    refusal,
    get size() {
      return running;
    },
  };
}
