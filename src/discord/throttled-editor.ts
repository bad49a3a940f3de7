/**
 * Streams text into one Discord message without hitting rate limits: at most one edit per interval (default 1 s,
 * as llmcord does), always showing the latest text, edits never overlapping.
 * Why: bots that edited once per streamed chunk hit Discord's rate limits (discord.js issue 11485).
 */
export const STREAM_EDIT_INTERVAL_MS = 1_000;

export interface ThrottledEditor {
  /** Offers the text so far; it is shown at the next allowed moment. */
  push: (text: string) => void;
  /** Stops editing and waits for an edit in progress, so the final reply is not overwritten by a late partial one. */
  stop: () => Promise<void>;
}

export function createThrottledEditor(
  edit: (text: string) => Promise<unknown>,
  intervalMs: number = STREAM_EDIT_INTERVAL_MS,
  now: () => number = Date.now,
): ThrottledEditor {
  let latest: string | undefined;
  let shown: string | undefined;
  let lastEditAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const flush = () => {
    timer = undefined;
    if (stopped || latest === undefined || latest === shown) return;
    const text = latest;
    shown = text;
    lastEditAt = now();
    inFlight = inFlight.then(() => (stopped ? undefined : edit(text))).catch(() => undefined);
  };

  return {
    push(text) {
      if (stopped) return;
      latest = text;
      if (timer) return;
      const wait = lastEditAt + intervalMs - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
