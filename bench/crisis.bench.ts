/**
 * Crisis detector speed: the compiled detector (normalisation + one automaton pass) against two naive baselines on the
 * lower-cased text, both with every regex compiled once up front:
 * - "literal phrase loop": one `\b…\b` regex per literal phrase, as keyword bots keep them (each lexicon pattern
 *   expanded into its literal readings, at most 64 per pattern, gaps closed);
 * - "pattern regex loop": one regex per lexicon pattern, alternations kept inside the regex (a stronger baseline).
 * Both baselines hold the phrase layer only: the concept layer's windows would add thousands of literal readings and
 * make the baselines (and the speed-up) look worse than a keyword bot really is. "detector, phrase layer only" shows
 * what the concept layer costs.
 * Targets: ≥ 10× the baseline, p99 < 50 µs for a 200-character message.
 *
 * Worst case: the responder's whole detector (rules, then the risk model) on hostile messages of Discord's longest
 * length (bench/adversarial.ts) beside ordinary messages of the same length, in the same run. Target ≤ 1 ms each.
 */
import { readFile } from 'node:fs/promises';
import { loadLexicon } from '../src/adapters/load-lexicon.js';
import { expandPhrase, parsePhrase, phraseToRegexSource } from '../src/core/crisis/compile-phrase.js';
import { loadRiskModel } from '../src/adapters/load-risk-model.js';
import { createCrisisDetector } from '../src/core/crisis/detect-crisis.js';
import { createRiskClassifier } from '../src/core/crisis/risk-classifier.js';
import { loadKnownWords } from '../src/adapters/load-known-words.js';
import { createCrisisReader } from '../src/core/responder/read-crisis.js';
import { buildAdversarialCorpus, DISCORD_MESSAGE_LIMIT } from './adversarial.js';
import {
  buildMessageCorpus,
  measurePerMessage,
  percentile,
  printTable,
  type PerMessageMeasurement,
} from './stats.js';

const ROUNDS = 7;
const READINGS_PER_PATTERN = 64;
const SYNTHETIC_MESSAGES = 2_000;
const SYNTHETIC_LENGTH = 200;

const FILLER = (
  'so today was weird lol i went to class and then we played ranked for like three hours my team was bad ' +
  'honestly the new patch is fine but the healer nerf hurts anyway who is up for movies tonight i am tired ' +
  'this homework is killing me what is the suicide rate my phone died gg wp brb'
).split(' ');
const SIGNALS = [
  'i want to die',
  'i wish i was dead',
  'kms',
  'i have the pills ready',
  'everyone is better off without me',
];

function buildSyntheticCorpus(): string[] {
  return buildMessageCorpus({
    signals: SIGNALS,
    filler: FILLER,
    count: SYNTHETIC_MESSAGES,
    length: SYNTHETIC_LENGTH,
    seed: 42,
  });
}

type Measurement = PerMessageMeasurement;

function measure(corpus: readonly string[], run: (text: string) => unknown): Measurement {
  return measurePerMessage(corpus, run, ROUNDS);
}

export async function run(): Promise<void> {
  const lexicon = await loadLexicon('knowledge');
  const detect = createCrisisDetector(lexicon, { knownWords: loadKnownWords() });
  const phraseEntries = lexicon.entries.filter((entry) => entry.layer === 'phrase');
  const detectPhrasesOnly = createCrisisDetector({ ...lexicon, entries: phraseEntries });
  const baselinePatterns = phraseEntries.flatMap((entry) =>
    entry.phrases.map(
      (phrase) => new RegExp(phraseToRegexSource(parsePhrase(phrase, lexicon.macros), true), 'i'),
    ),
  );
  const literalPhrases = new Set<string>();
  for (const entry of phraseEntries) {
    for (const phrase of entry.phrases) {
      for (const reading of expandPhrase(parsePhrase(phrase, lexicon.macros), READINGS_PER_PATTERN)) {
        if (reading.some((part) => part.kind === 'count' || part.kind === 'edge')) continue;
        const words = reading.flatMap((part) => (part.kind === 'text' ? [part.text.replace(/\*$/, '')] : []));
        literalPhrases.add(words.join(' '));
      }
    }
  }
  const literalPatterns = [...literalPhrases].map(
    (phrase) => new RegExp(`\\b${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i'),
  );
  const loopOver =
    (patterns: readonly RegExp[]) =>
    (text: string): boolean => {
      const lower = text.toLowerCase();
      let found = false;
      for (const pattern of patterns) if (pattern.test(lower)) found = true;
      return found;
    };
  const baselines = [
    ['detector, phrase layer only', detectPhrasesOnly],
    ['literal phrase loop', loopOver(literalPatterns)],
    ['pattern regex loop', loopOver(baselinePatterns)],
  ] as const;

  const fixture = (await readFile('test/fixtures/crisis-messages.jsonl', 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text);
  const corpora = [
    ['fixture', fixture],
    [`synthetic ${SYNTHETIC_LENGTH} chars`, buildSyntheticCorpus()],
  ] as const;

  console.log(
    `Lexicon: ${phraseEntries.length} phrase entries + ${lexicon.entries.length - phraseEntries.length} concept ` +
      `windows; baselines: ${baselinePatterns.length} patterns, ` +
      `${literalPatterns.length} literal phrases; median of ${ROUNDS} rounds.\n`,
  );
  const rows: (string | number)[][] = [];
  for (const [name, corpus] of corpora) {
    const ours = measure(corpus, detect);
    rows.push([name, 'detector', ours.messagesPerSecond, ours.megabytesPerSecond, ours.p50, ours.p99, '']);
    for (const [baselineName, baseline] of baselines) {
      const naive = measure(corpus, baseline);
      rows.push([
        name,
        baselineName,
        naive.messagesPerSecond,
        naive.megabytesPerSecond,
        naive.p50,
        naive.p99,
        `${(ours.messagesPerSecond / naive.messagesPerSecond).toFixed(1)}×`,
      ]);
    }
  }
  printTable(['corpus', 'matcher', 'messages/s', 'MB/s', 'p50 µs', 'p99 µs', 'detector speed-up'], rows);

  const riskModel = await loadRiskModel('knowledge');
  const responderDetect = createCrisisReader({
    detect,
    score: createRiskClassifier(riskModel),
    threshold: riskModel.threshold,
    noticeThreshold: riskModel.noticeThreshold,
  });
  printWorstCase(responderDetect);
}

const WORST_CASE_REPEATS = 50;

/** Median and maximum per-message time of the responder's detector on each hostile input, against normal messages. */
function printWorstCase(detect: (text: string) => unknown): void {
  const normal = buildMessageCorpus({
    signals: SIGNALS,
    filler: FILLER,
    count: 50,
    length: DISCORD_MESSAGE_LIMIT,
    seed: 7,
  });
  const time = (texts: readonly string[]): { median: number; max: number } => {
    for (const text of texts) detect(text);
    const samples: number[] = [];
    for (let round = 0; round < WORST_CASE_REPEATS; round += 1) {
      for (const text of texts) {
        const before = process.hrtime.bigint();
        detect(text);
        samples.push(Number(process.hrtime.bigint() - before) / 1_000);
      }
    }
    samples.sort((a, b) => a - b);
    return { median: percentile(samples, 50), max: samples.at(-1) ?? Number.NaN };
  };
  const baseline = time(normal).median;
  const rows: (string | number)[][] = [
    [`normal messages (${DISCORD_MESSAGE_LIMIT} chars)`, baseline, time(normal).max, 1],
  ];
  let worst = { name: '', median: 0 };
  for (const [name, text] of buildAdversarialCorpus(DISCORD_MESSAGE_LIMIT)) {
    const measured = time([text]);
    rows.push([name, measured.median, measured.max, measured.median / baseline]);
    if (measured.median > worst.median) worst = { name, median: measured.median };
  }
  console.log(
    `Worst case: the responder's detector (rules + risk model) on ${DISCORD_MESSAGE_LIMIT}-character messages; ` +
      `median and max of ${WORST_CASE_REPEATS} runs. Target ≤ 1,000 µs.\n`,
  );
  printTable(['message', 'median µs', 'max µs', '× normal'], rows);
  console.log(
    `Worst hostile input: ${worst.name}, ${worst.median.toFixed(0)} µs median = ` +
      `${(worst.median / baseline).toFixed(2)}× a normal ${DISCORD_MESSAGE_LIMIT}-character message.\n`,
  );
}
