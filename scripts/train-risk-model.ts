/**
 * Trains the crisis risk classifier (src/core/crisis/risk-classifier.ts) and writes knowledge/crisis-risk-model.json.
 *
 *   npx tsx scripts/train-risk-model.ts                     train and write the model
 *   npx tsx scripts/train-risk-model.ts --cross-validate    also score each group of authors with a model trained
 *                                                           without them (slow: one training per group)
 *
 * Data:
 * - labelled messages by fourteen-plus written authors (test/fixtures/crisis-author-*.jsonl, crisis-messages.jsonl);
 * - **real everyday text** as negatives: the GoEmotions train split (real Reddit comments, Apache-2.0, read in place
 *   from ../shared/data/goemotions and never copied), its total weight equal to the labelled messages' so that the
 *   positives are not swamped. Comments a reviewer read as real risk are listed by hash (no text) in
 *   scripts/goemotions-reviewed.json and train as positives instead.
 *
 * Thresholds are chosen on real text, not on the authors' sets (selecting by held-out written authors pointed the
 * wrong way on real posts): `threshold` (public reply) is the lowest score that at most PUBLIC_FALSE_ALARM_RATE of
 * the GoEmotions dev comments the rules leave alone reach; `noticeThreshold` (quiet band) the same at
 * NOTICE_FALSE_ALARM_RATE. GoEmotions test is never read here: it measures (npm run eval).
 *
 * L2-regularised logistic regression by full-batch gradient descent with Nesterov momentum: no random numbers, so
 * the same files always give the same model. The blind sets (test/fixtures/crisis-blind-*.jsonl) are refused.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadKnownWords } from '../src/adapters/load-known-words.js';
import { loadLexicon } from '../src/adapters/load-lexicon.js';
import { createCrisisDetector } from '../src/core/crisis/detect-crisis.js';
import { normalizeWords } from '../src/core/crisis/normalize-text.js';
import {
  createRiskClassifier,
  extractRiskFeatures,
  parseRiskModel,
  RISK_MODEL_VERSION,
  type RiskModel,
} from '../src/core/crisis/risk-classifier.js';
import type { CrisisLevel, DetectCrisis } from '../src/core/types.js';
import { hasGoEmotions, readGoEmotions, type Comment } from './eval/goemotions.js';

/** Training files grouped by the person who wrote them: cross-validation holds out one author at a time. */
const AUTHOR_FILES = [
  { name: 'A', files: ['test/fixtures/crisis-messages.jsonl'] },
  { name: 'B', files: ['test/fixtures/crisis-author-b1.jsonl', 'test/fixtures/crisis-author-b2.jsonl'] },
  { name: 'C', files: ['test/fixtures/crisis-author-c.jsonl'] },
  { name: 'D', files: ['test/fixtures/crisis-author-d.jsonl'] },
  { name: 'E', files: ['test/fixtures/crisis-author-e.jsonl'] },
  { name: 'F', files: ['test/fixtures/crisis-author-f.jsonl'] },
  { name: 'G', files: ['test/fixtures/crisis-author-g.jsonl'] },
  { name: 'H', files: ['test/fixtures/crisis-author-h.jsonl'] },
  { name: 'K', files: ['test/fixtures/crisis-author-k.jsonl'] },
  { name: 'L', files: ['test/fixtures/crisis-author-l.jsonl'] },
  { name: 'M', files: ['test/fixtures/crisis-author-m.jsonl'] },
  { name: 'N', files: ['test/fixtures/crisis-author-n.jsonl'] },
  { name: 'O', files: ['test/fixtures/crisis-author-o.jsonl'] },
  { name: 'P', files: ['test/fixtures/crisis-author-p.jsonl'] },
  { name: 'Q', files: ['test/fixtures/crisis-author-q.jsonl'] },
  { name: 'R', files: ['test/fixtures/crisis-author-r.jsonl'] },
  { name: 'U', files: ['test/fixtures/crisis-author-u.jsonl'] },
  { name: 'V', files: ['test/fixtures/crisis-author-v.jsonl'] },
] as const;
/** Reviewed GoEmotions comments (by text hash) that express real risk: positives, not negatives. */
const REVIEWED_FILE = 'scripts/goemotions-reviewed.json';
/** Total training weight of the real negatives, relative to the labelled messages' (each weighs 1). */
export const REAL_NEGATIVE_WEIGHT = 1;
/** Share of real everyday comments (GoEmotions dev, rules quiet) a model-only public reply may fire on. */
export const PUBLIC_FALSE_ALARM_RATE = 0.004;
/** Share of real everyday comments that may fall in the quiet band or above. */
export const NOTICE_FALSE_ALARM_RATE = 0.03;
/** Words per scoring window (risk-classifier.ts `window`). */
export const WINDOW = 24;
const OUTPUT = 'knowledge/crisis-risk-model.json';

const BUCKETS = 1 << 18;
/**
 * L2 strength on the mean log-loss, picked from {0.000002, 0.00001, 0.00005, 0.0002, 0.001, 0.004} by pooled
 * leave-one-author-out recall at equal false-positive rates over eight authors (so the cross-author figures are
 * slightly optimistic). Weaker regularisation kept winning down to 0.00001; below it the gain stops.
 */
const L2 = 0.000_01;
const LEARNING_RATE = 2;
const MOMENTUM = 0.9;
const ITERATIONS = 400;
/** Weights smaller than this change a score by far less than the rounding of the threshold; they are dropped. */
const MIN_WEIGHT = 0.01;
const DECIMALS = 3;

export interface Labelled {
  text: string;
  label: CrisisLevel;
  category: string;
  /** Training weight (default 1). */
  weight?: number;
}

export interface Author {
  name: string;
  files: string[];
  messages: Labelled[];
}

interface Example {
  message: Labelled;
  /** Compact feature indices and their values (count / √features). */
  indices: Int32Array;
  values: Float64Array;
  positive: boolean;
  weight: number;
}

export interface Trained {
  bias: number;
  /** bucket → weight */
  weights: Map<number, number>;
}

function readLabelled(file: string, purpose: 'train' | 'evaluate' = 'train'): Labelled[] {
  if (purpose === 'train' && file.includes('blind')) {
    throw new Error(`${file}: blind sets measure the detector; never train on them`);
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Labelled);
}

function isRisk(label: CrisisLevel): boolean {
  return label !== 'none';
}

/** Turns messages into sparse vectors over the buckets seen in training (other buckets keep weight 0 under L2). */
function vectorise(messages: readonly Labelled[], columns: Map<number, number>): Example[] {
  return messages.map((message) => {
    const buckets = extractRiskFeatures(message.text, BUCKETS);
    const counts = new Map<number, number>();
    for (const bucket of buckets) counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    const scale = buckets.length === 0 ? 0 : 1 / Math.sqrt(buckets.length);
    const sorted = [...counts.keys()].sort((a, b) => a - b);
    const indices = new Int32Array(sorted.length);
    const values = new Float64Array(sorted.length);
    sorted.forEach((bucket, index) => {
      let column = columns.get(bucket);
      if (column === undefined) {
        column = columns.size;
        columns.set(bucket, column);
      }
      indices[index] = column;
      values[index] = (counts.get(bucket) ?? 0) * scale;
    });
    return { message, indices, values, positive: isRisk(message.label), weight: message.weight ?? 1 };
  });
}

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

/** Minimises weighted mean log-loss + (L2 / 2)·‖w‖² (bias unregularised) by Nesterov-accelerated gradient descent. */
export function trainRiskWeights(messages: readonly Labelled[], l2 = L2): Trained {
  const columns = new Map<number, number>();
  const examples = vectorise(messages, columns);
  const size = columns.size;
  const weights = new Float64Array(size);
  const velocity = new Float64Array(size);
  const lookahead = new Float64Array(size);
  const gradient = new Float64Array(size);
  let bias = 0;
  let biasVelocity = 0;
  const count = examples.length;
  let totalWeight = 0;
  for (const example of examples) totalWeight += example.weight;
  // One flat sparse matrix (compressed rows): the same sums in the same order as per-example arrays, so the same
  // weights, but far fewer pointer chases in the inner loops.
  const offsets = new Int32Array(count + 1);
  examples.forEach((example, row) => {
    offsets[row + 1] = (offsets[row] as number) + example.indices.length;
  });
  const indices = new Int32Array(offsets[count] as number);
  const values = new Float64Array(offsets[count] as number);
  const targets = new Float64Array(count);
  const rowWeights = new Float64Array(count);
  examples.forEach((example, row) => {
    indices.set(example.indices, offsets[row]);
    values.set(example.values, offsets[row]);
    targets[row] = example.positive ? 1 : 0;
    rowWeights[row] = example.weight / totalWeight;
  });
  for (let iteration = 0; iteration < ITERATIONS; iteration += 1) {
    for (let column = 0; column < size; column += 1) {
      lookahead[column] = (weights[column] as number) + MOMENTUM * (velocity[column] as number);
      gradient[column] = l2 * (lookahead[column] as number);
    }
    const lookaheadBias = bias + MOMENTUM * biasVelocity;
    let biasGradient = 0;
    for (let row = 0; row < count; row += 1) {
      const start = offsets[row] as number;
      const end = offsets[row + 1] as number;
      let z = lookaheadBias;
      for (let k = start; k < end; k += 1) {
        z += (lookahead[indices[k] as number] as number) * (values[k] as number);
      }
      const error = (sigmoid(z) - (targets[row] as number)) * (rowWeights[row] as number);
      biasGradient += error;
      for (let k = start; k < end; k += 1) {
        const column = indices[k] as number;
        gradient[column] = (gradient[column] as number) + error * (values[k] as number);
      }
    }
    for (let column = 0; column < size; column += 1) {
      velocity[column] =
        MOMENTUM * (velocity[column] as number) - LEARNING_RATE * (gradient[column] as number);
      weights[column] = (weights[column] as number) + (velocity[column] as number);
    }
    biasVelocity = MOMENTUM * biasVelocity - LEARNING_RATE * biasGradient;
    bias += biasVelocity;
  }
  const byBucket = new Map<number, number>();
  for (const [bucket, column] of columns) byBucket.set(bucket, weights[column] as number);
  return { bias, weights: byBucket };
}

function round(value: number): number {
  const factor = 10 ** DECIMALS;
  return Math.round(value * factor) / factor;
}

export const PROVENANCE =
  'Hashed word and character n-gram logistic regression trained by scripts/train-risk-model.ts on messages ' +
  'written for Lantern by briefed authors (test/fixtures) and, as negatives, the GoEmotions train split (real ' +
  'Reddit comments; Demszky et al., ACL 2020; Google Research, Apache-2.0). Thresholds calibrated on GoEmotions dev.';

export function toRiskModel(
  trained: Trained,
  thresholds: { threshold: number; noticeThreshold: number },
  trainedOn: readonly string[],
  lengthPenalty = 0,
): RiskModel {
  const weights: Record<string, number> = {};
  const kept = [...trained.weights]
    .filter(([, weight]) => Math.abs(weight) >= MIN_WEIGHT)
    .sort(([a], [b]) => a - b);
  for (const [bucket, weight] of kept) weights[String(bucket)] = round(weight);
  return {
    version: RISK_MODEL_VERSION,
    buckets: BUCKETS,
    bias: round(trained.bias),
    weights,
    threshold: thresholds.threshold,
    noticeThreshold: Math.min(thresholds.noticeThreshold, thresholds.threshold),
    window: WINDOW,
    lengthPenalty,
    provenance: PROVENANCE,
    trainedOn: [...trainedOn],
  };
}

/**
 * The lowest threshold at which at most `rate` of the negatives score at or above it: any lower threshold lets one
 * more negative through, and recall can only fall as the threshold rises.
 */
export function chooseThreshold(negativeScores: readonly number[], rate: number): number {
  const allowed = Math.floor(rate * negativeScores.length);
  const descending = [...negativeScores].sort((a, b) => b - a);
  const blocker = descending[allowed];
  if (blocker === undefined) return 0.5;
  return Math.ceil((blocker + 1e-9) * 10 ** DECIMALS) / 10 ** DECIMALS;
}

export interface Metrics {
  precision: number;
  crisisRecall: number;
  concernRecall: number;
  falsePositiveRate: number;
  counts: string;
}

export function measure(messages: readonly Labelled[], fires: readonly boolean[]): Metrics {
  let truePositives = 0;
  let falsePositives = 0;
  let crisis = 0;
  let crisisFound = 0;
  let concern = 0;
  let concernFound = 0;
  let negatives = 0;
  messages.forEach((message, index) => {
    const fired = fires[index] === true;
    if (message.label === 'crisis') {
      crisis += 1;
      if (fired) crisisFound += 1;
    } else if (message.label === 'concern') {
      concern += 1;
      if (fired) concernFound += 1;
    } else {
      negatives += 1;
      if (fired) falsePositives += 1;
    }
    if (fired && isRisk(message.label)) truePositives += 1;
  });
  return {
    precision: truePositives + falsePositives === 0 ? 0 : truePositives / (truePositives + falsePositives),
    crisisRecall: crisisFound / crisis,
    concernRecall: concernFound / concern,
    falsePositiveRate: falsePositives / negatives,
    counts: `${crisisFound}/${crisis}, ${concernFound}/${concern}, ${falsePositives}/${negatives}`,
  };
}

function row(label: string, metrics: Metrics): string {
  const cells = [
    metrics.precision,
    metrics.crisisRecall,
    metrics.concernRecall,
    metrics.falsePositiveRate,
  ].map((value) => value.toFixed(3));
  return `| ${label} | ${cells.join(' | ')} | ${metrics.counts} |`;
}

/** The text hash the review file is keyed by (no text is ever written). */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

interface Reviewed {
  label: CrisisLevel;
  /** Why, in the reviewer's words, without quoting the comment. */
  note: string;
}

function readReviewed(): Map<string, Reviewed> {
  if (!existsSync(REVIEWED_FILE)) return new Map();
  const raw = JSON.parse(readFileSync(REVIEWED_FILE, 'utf8')) as { comments: Record<string, Reviewed> };
  return new Map(Object.entries(raw.comments));
}

/** GoEmotions comments as training messages: negatives weighted to `total`, reviewed risk as positives. */
export function realMessages(
  comments: readonly Comment[],
  total: number,
  reviewed = readReviewed(),
): Labelled[] {
  const weight = total / comments.length;
  return comments.map((comment) => {
    const review = reviewed.get(textHash(comment.text));
    return review === undefined
      ? { text: comment.text, label: 'none', category: 'real_everyday', weight }
      : { text: comment.text, label: review.label, category: 'real_reviewed' };
  });
}

/** The authors and their messages, read from AUTHOR_FILES (files not written yet are skipped). */
export function readAuthors(root = '.'): Author[] {
  return AUTHOR_FILES.filter((author) => author.files.every((file) => existsSync(`${root}/${file}`))).map(
    (author) => ({
      name: author.name,
      files: [...author.files],
      messages: author.files.flatMap((file) => readLabelled(`${root}/${file}`)),
    }),
  );
}

/** Chooses both thresholds on real everyday comments the rules leave alone. */
export function calibrate(
  score: (text: string) => number,
  comments: readonly Comment[],
  detect: DetectCrisis,
  reviewed = readReviewed(),
): { threshold: number; noticeThreshold: number } {
  const scores = comments
    .filter((comment) => !reviewed.has(textHash(comment.text)) && detect(comment.text).level === 'none')
    .map((comment) => score(comment.text));
  return {
    threshold: chooseThreshold(scores, PUBLIC_FALSE_ALARM_RATE),
    noticeThreshold: chooseThreshold(scores, NOTICE_FALSE_ALARM_RATE),
  };
}

/** Real posts are longer than one comment: pseudo-posts of k consecutive comments stand in for them. */
const POST_SIZES = [1, 2, 3, 4, 6, 8, 12] as const;
/** The false-alarm rate at which the length penalty is fitted (steady enough on a few hundred pseudo-posts). */
const PENALTY_FIT_RATE = 0.03;

/**
 * Fits the length penalty: for pseudo-posts of k real comments, the log-odds a harmless post needs to reach the
 * PENALTY_FIT_RATE quantile grows with ln(number of windows); the slope of that line (least squares) is the penalty
 * that makes long and short harmless posts equally likely to fire.
 */
export function fitLengthPenalty(score: (text: string) => number, comments: readonly Comment[]): number {
  const points: { x: number; y: number }[] = [];
  for (const size of POST_SIZES) {
    const posts: string[] = [];
    for (let index = 0; index + size <= comments.length; index += size) {
      posts.push(
        comments
          .slice(index, index + size)
          .map((comment) => comment.text)
          .join(' '),
      );
    }
    const logits = posts.map((post) => {
      const p = Math.min(Math.max(score(post), 1e-9), 1 - 1e-9);
      return Math.log(p / (1 - p));
    });
    logits.sort((a, b) => b - a);
    const windows =
      posts.reduce((sum, post) => sum + windowCount(normalizeWords(post).length), 0) / posts.length;
    points.push({ x: Math.log(windows), y: logits[Math.floor(PENALTY_FIT_RATE * logits.length)] ?? 0 });
  }
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / points.length;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  for (const point of points) {
    covariance += (point.x - meanX) * (point.y - meanY);
    variance += (point.x - meanX) ** 2;
  }
  return variance === 0 ? 0 : Math.max(0, round(covariance / variance));
}

function windowCount(words: number): number {
  return words <= WINDOW ? 1 : Math.ceil((words - WINDOW) / (WINDOW / 2)) + 1;
}

/** Trains on every author group but one, scores the one left out: how the model does on writers it never saw. */
function crossValidate(
  authors: readonly Author[],
  comments: readonly Comment[],
  dev: readonly Comment[],
  detect: DetectCrisis,
): string[] {
  const groups = [
    ['A', 'B', 'C', 'D'],
    ['E', 'F', 'G', 'H'],
    ['K', 'L', 'M'],
    ['N', 'O', 'P'],
    ['Q', 'R'],
    ['U', 'V'],
  ];
  const lines = [
    '',
    'Held out by author group (model trained without them, thresholds from GoEmotions dev):',
    '',
    '| held out | scorer | precision | crisis recall | concern recall | FPR | crisis, concern, false alarms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const group of groups) {
    const held = authors.filter((author) => group.includes(author.name));
    if (held.length === 0) continue;
    const train = authors
      .filter((author) => !group.includes(author.name))
      .flatMap((author) => author.messages);
    const trained = trainRiskWeights([
      ...train,
      ...realMessages(comments, REAL_NEGATIVE_WEIGHT * train.length),
    ]);
    const penalty = fitLengthPenalty(
      createRiskClassifier(toRiskModel(trained, { threshold: 0.5, noticeThreshold: 0.5 }, ['cv'])),
      dev,
    );
    const provisional = createRiskClassifier(
      toRiskModel(trained, { threshold: 0.5, noticeThreshold: 0.5 }, ['cv'], penalty),
    );
    const thresholds = calibrate(provisional, dev, detect);
    const messages = held.flatMap((author) => author.messages);
    const scores = messages.map((message) => provisional(message.text));
    const rules = messages.map((message) => detect(message.text).level !== 'none');
    const name = group.join('');
    lines.push(
      row(
        `${name} | model @ public`,
        measure(
          messages,
          scores.map((value) => value >= thresholds.threshold),
        ),
      ),
      row(
        `${name} | model @ notice`,
        measure(
          messages,
          scores.map((value) => value >= thresholds.noticeThreshold),
        ),
      ),
      row(
        `${name} | rules OR model @ public`,
        measure(
          messages,
          scores.map((value, index) => value >= thresholds.threshold || rules[index] === true),
        ),
      ),
    );
  }
  return lines;
}

async function main(crossValidation: boolean): Promise<void> {
  if (!hasGoEmotions()) throw new Error('GoEmotions is not at ../shared/data/goemotions (or GOEMOTIONS_DIR)');
  const detect = createCrisisDetector(await loadLexicon('knowledge'), { knownWords: loadKnownWords() });
  const authors = readAuthors();
  const labelled = authors.flatMap((author) => author.messages);
  const comments = readGoEmotions('train');
  const real = realMessages(comments, REAL_NEGATIVE_WEIGHT * labelled.length);
  const dev = readGoEmotions('dev');
  const trained = trainRiskWeights([...labelled, ...real]);
  const files = [
    ...authors.flatMap((author) => author.files),
    'GoEmotions train (../shared/data/goemotions)',
  ];
  const unpenalised = createRiskClassifier(
    toRiskModel(trained, { threshold: 0.5, noticeThreshold: 0.5 }, files),
  );
  const lengthPenalty = fitLengthPenalty(unpenalised, dev);
  const provisional = createRiskClassifier(
    toRiskModel(trained, { threshold: 0.5, noticeThreshold: 0.5 }, files, lengthPenalty),
  );
  const thresholds = calibrate(provisional, dev, detect);
  const model = toRiskModel(trained, thresholds, files, lengthPenalty);
  parseRiskModel(model, OUTPUT);
  const json = `${JSON.stringify(model)}\n`;
  writeFileSync(OUTPUT, json);
  const lines = [
    `Trained on ${labelled.length} labelled messages by ${authors.length} authors and ${real.length} GoEmotions train comments.`,
    `Wrote ${OUTPUT}: threshold ${model.threshold}, notice ${model.noticeThreshold}, ` +
      `length penalty ${model.lengthPenalty}, ` +
      `${Object.keys(model.weights).length} weights, ${(Buffer.byteLength(json) / 1_024).toFixed(0)} KB.`,
  ];
  if (crossValidation) lines.push(...crossValidate(authors, comments, dev, detect));
  console.log(lines.join('\n'));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.includes('--cross-validate'));
}
