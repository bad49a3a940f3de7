/** Small helpers shared by the benchmarks. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Prints a Markdown table. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  console.log(`| ${headers.join(' | ')} |`);
  console.log(`| ${headers.map(() => '---').join(' | ')} |`);
  for (const row of cells) console.log(`| ${row.join(' | ')} |`);
  console.log('');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same corpus. */
export function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d_2b_79_f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Messages of `length` characters made of filler words, every tenth starting with one of `signals`; seeded, so every
 * run measures the same corpus.
 */
export function buildMessageCorpus(options: {
  signals: readonly string[];
  filler: readonly string[];
  count: number;
  length: number;
  seed: number;
}): string[] {
  const random = createRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: options.count }, (_, index) => {
    let text = index % 10 === 0 ? pick(options.signals) : '';
    while (text.length < options.length) text += `${text ? ' ' : ''}${pick(options.filler)}`;
    return text.slice(0, options.length);
  });
}

/** Per-message timing of a text function over a corpus: medians over rounds of p50 and p99 latency and throughput. */
export interface PerMessageMeasurement {
  p50: number;
  p99: number;
  messagesPerSecond: number;
  megabytesPerSecond: number;
}

/** Runs `run` once over the corpus to warm up, then `rounds` timed passes; latencies in microseconds. */
export function measurePerMessage(
  corpus: readonly string[],
  run: (text: string) => unknown,
  rounds: number,
): PerMessageMeasurement {
  const bytes = corpus.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  for (const text of corpus) run(text);
  const p50s: number[] = [];
  const p99s: number[] = [];
  const durations: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const latencies: number[] = [];
    const started = process.hrtime.bigint();
    for (const text of corpus) {
      const before = process.hrtime.bigint();
      run(text);
      latencies.push(Number(process.hrtime.bigint() - before) / 1_000);
    }
    durations.push(Number(process.hrtime.bigint() - started) / 1e9);
    latencies.sort((a, b) => a - b);
    p50s.push(percentile(latencies, 50));
    p99s.push(percentile(latencies, 99));
  }
  const seconds = median(durations);
  return {
    p50: median(p50s),
    p99: median(p99s),
    messagesPerSecond: corpus.length / seconds,
    megabytesPerSecond: bytes / 1e6 / seconds,
  };
}
