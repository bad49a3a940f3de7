/** A scheduler the test drives: nothing runs until `tick()`, which runs every registered task once and waits for it. */
import type { Scheduler } from '../../src/discord/events/weekly-fact.js';

export interface ManualScheduler extends Scheduler {
  /** Runs every active task once, in registration order, and resolves when all have finished. */
  tick(): Promise<void>;
  /** How many tasks are registered and not stopped. */
  readonly active: number;
}

export function createManualScheduler(): ManualScheduler {
  const tasks = new Set<() => Promise<void>>();
  return {
    every(_intervalMs, task) {
      tasks.add(task);
      return () => tasks.delete(task);
    },
    async tick() {
      for (const task of [...tasks]) await task();
    },
    get active() {
      return tasks.size;
    },
  };
}
