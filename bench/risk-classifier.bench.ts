/**
 * Risk classifier speed: microseconds per 200-character message (p50, p99) for the hashed n-gram logistic regression
 * against the rules detector on the same messages, and for both as the responder runs them (`createCrisisReader`: one
 * normalisation shared by the rules and the classifier, which runs only when the rules find nothing). Normalisation runs inside each, as it would in production, so "normalisation only" is shown as the floor
 * both share. Two corpora: plain ASCII chat (the normaliser's fast path) and chat with emoji and accents (its full
 * Unicode path). Target: classifier p50 < 20 µs.
 */
import { readFile } from 'node:fs/promises';
import { loadLexicon } from '../src/adapters/load-lexicon.js';
import { createCrisisDetector } from '../src/core/crisis/detect-crisis.js';
import { normalizeWords } from '../src/core/crisis/normalize-text.js';
import { createRiskClassifier, parseRiskModel } from '../src/core/crisis/risk-classifier.js';
import { loadKnownWords } from '../src/adapters/load-known-words.js';
import { createCrisisReader } from '../src/core/responder/read-crisis.js';
import { buildMessageCorpus, printTable, measurePerMessage, type PerMessageMeasurement } from './stats.js';

const ROUNDS = 7;
const MESSAGES = 2_000;
const LENGTH = 200;

const ASCII_FILLER = (
  'so today was weird lol i went to class and then we played ranked for like three hours my team was bad ' +
  'honestly the new patch is fine but the healer nerf hurts anyway who is up for movies tonight i am tired ' +
  'this homework is killing me what is the suicide rate my phone died gg wp brb'
).split(' ');
const UNICODE_FILLER = [...ASCII_FILLER, 'je', 'suis', 'fatiguée', 'déjà', '💀', '😂', '😭'];
const SIGNALS = [
  'i want to die',
  'i wish i was dead',
  'kms',
  'i have the pills ready',
  'nobody would miss me',
];

function buildCorpus(filler: readonly string[]): string[] {
  return buildMessageCorpus({ signals: SIGNALS, filler, count: MESSAGES, length: LENGTH, seed: 7 });
}

type Measurement = PerMessageMeasurement;

function measure(corpus: readonly string[], run: (text: string) => unknown): Measurement {
  return measurePerMessage(corpus, run, ROUNDS);
}

export async function run(): Promise<void> {
  const detect = createCrisisDetector(await loadLexicon('knowledge'), { knownWords: loadKnownWords() });
  const file = 'knowledge/crisis-risk-model.json';
  const model = parseRiskModel(JSON.parse(await readFile(file, 'utf8')), file);
  const buildStarted = process.hrtime.bigint();
  const score = createRiskClassifier(model);
  const buildMs = Number(process.hrtime.bigint() - buildStarted) / 1e6;

  console.log(
    `Model: ${Object.keys(model.weights).length} weights over ${model.buckets} buckets, built in ` +
      `${buildMs.toFixed(1)} ms; ${MESSAGES} synthetic messages of ${LENGTH} chars; median of ${ROUNDS} rounds.\n`,
  );
  const rows: (string | number)[][] = [];
  for (const [name, filler] of [
    ['ASCII chat', ASCII_FILLER],
    ['emoji + accents', UNICODE_FILLER],
  ] as const) {
    const corpus = buildCorpus(filler);
    const floor = measure(corpus, normalizeWords);
    const rules = measure(corpus, detect);
    const classifier = measure(corpus, score);
    const both = measure(
      corpus,
      createCrisisReader({
        detect,
        score,
        threshold: model.threshold,
        noticeThreshold: model.noticeThreshold,
      }),
    );
    rows.push(
      [name, 'normalisation only', floor.p50, floor.p99, floor.messagesPerSecond, ratio(floor, rules)],
      [name, 'rules detector', rules.p50, rules.p99, rules.messagesPerSecond, '1.0×'],
      [
        name,
        'risk classifier',
        classifier.p50,
        classifier.p99,
        classifier.messagesPerSecond,
        ratio(classifier, rules),
      ],
      [name, 'rules OR classifier', both.p50, both.p99, both.messagesPerSecond, ratio(both, rules)],
    );
  }
  printTable(['corpus', 'scorer', 'p50 µs', 'p99 µs', 'messages/s', 'p50 vs rules'], rows);
}

function ratio(ours: Measurement, baseline: Measurement): string {
  return `${(ours.p50 / baseline.p50).toFixed(1)}×`;
}
