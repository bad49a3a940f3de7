/**
 * A small statistical second stage for crisis detection: hashed n-gram features and a logistic regression that
 * estimates P(risk), where risk means a message labelled `crisis` or `concern`. The phrase lexicon is precise but
 * only knows the phrasings its authors thought of; this model scores the words and word pieces around them, so it can
 * notice a new phrasing of a familiar idea. It is meant to be combined with the rules ("fire if the rules fire OR the
 * score reaches the threshold"), never to replace them, and it says nothing about subject or severity.
 *
 * The weights are trained by `scripts/train-risk-model.ts` and shipped in `knowledge/crisis-risk-model.json`.
 */
import { z } from 'zod';
import { UserError } from '../errors.js';
import { normalizeWords } from './normalize-text.js';

/** Model format version; bump when the features change, because old weights then mean something else. */
export const RISK_MODEL_VERSION = 2;

/** Character n-grams are taken from at most this many characters of each word (keysmash and links stay cheap). */
const MAX_WORD_LENGTH_FOR_GRAMS = 24;
/** Character n-grams per message; word features are always kept, character n-grams stop here on long messages. */
const MAX_CHAR_GRAMS = 1_024;
/** Capacity of the per-classifier feature buffer: a 2,000-character Discord message stays well inside it. */
const MAX_FEATURES = 4_096;
const MIN_CHAR_GRAM = 3;
const MAX_CHAR_GRAM = 5;

const FNV_OFFSET = 0x81_1c_9d_c5;
const FNV_PRIME = 0x01_00_01_93;
/** Each feature family starts from its own seed so that the word "die" and the character gram "die" differ. */
const SEED_UNIGRAM = Math.imul(FNV_OFFSET ^ 0x77, FNV_PRIME);
const SEED_BIGRAM = Math.imul(FNV_OFFSET ^ 0x62, FNV_PRIME);
const SEED_CHAR_GRAM = Math.imul(FNV_OFFSET ^ 0x63, FNV_PRIME);
const WORD_START = 0x3c;
const WORD_END = 0x3e;
const SPACE = 0x20;

const RISK_MODEL_SCHEMA = z.object({
  version: z.literal(RISK_MODEL_VERSION),
  buckets: z
    .number()
    .int()
    .min(1_024)
    .max(1 << 24),
  bias: z.number().finite(),
  /** Sparse: bucket index (as a string, since JSON keys are strings) → weight. */
  weights: z.record(z.string().regex(/^\d+$/), z.number().finite()),
  /** P(risk) at or above which a model-only signal gets a public reply (calibrated on real everyday text). */
  threshold: z.number().gt(0).lt(1),
  /** P(risk) at or above which a model-only signal is a quiet reading (below `threshold`; see read-crisis.ts). */
  noticeThreshold: z.number().gt(0).lt(1),
  /**
   * Messages longer than this many words are scored window by window (half-overlapping windows of this size) and
   * take the highest score: one sentence of risk in a long post still counts, and a long harmless post does not
   * add up to a high score.
   */
  window: z.number().int().min(4).max(200),
  /**
   * Subtracted from the best window's log-odds, times ln(number of windows): a long post has many windows, so many
   * chances for one to score high by chance. Fitted on real everyday text so that a long harmless post is no more
   * likely to reach the thresholds than a short one.
   */
  lengthPenalty: z.number().min(0).max(5),
  /** Where the weights came from, in words (data sets, licences). */
  provenance: z.string().min(1),
  /** Training files, for provenance. */
  trainedOn: z.array(z.string().min(1)).min(1),
});

/** A trained risk model, as stored in `knowledge/crisis-risk-model.json`. */
export type RiskModel = z.infer<typeof RISK_MODEL_SCHEMA>;

/** Scores a message: P(risk) between 0 and 1. `words`, when given, is `normalizeWords(text)`, already computed. */
export type ScoreRisk = (text: string, words?: readonly string[]) => number;

/**
 * Validates a risk model read from disk.
 *
 * @throws UserError (code `invalid_risk_model`) listing every problem, or naming the first bucket out of range.
 */
export function parseRiskModel(raw: unknown, file: string): RiskModel {
  const parsed = RISK_MODEL_SCHEMA.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new UserError(`${file}: invalid crisis risk model:\n${problems.join('\n')}`, 'invalid_risk_model');
  }
  if (parsed.data.noticeThreshold > parsed.data.threshold) {
    throw new UserError(
      `${file}: invalid crisis risk model: noticeThreshold is above threshold`,
      'invalid_risk_model',
    );
  }
  const outside = Object.keys(parsed.data.weights).find((key) => Number(key) >= parsed.data.buckets);
  if (outside !== undefined) {
    throw new UserError(
      `${file}: invalid crisis risk model: weight bucket ${outside} is not below buckets (${parsed.data.buckets})`,
      'invalid_risk_model',
    );
  }
  return parsed.data;
}

/**
 * Builds the scorer. The sparse weights are unpacked once into a dense table, and each call reuses one feature
 * buffer, so scoring allocates nothing beyond what normalisation does.
 */
export function createRiskClassifier(model: RiskModel): ScoreRisk {
  const table = new Float32Array(model.buckets);
  for (const [bucket, weight] of Object.entries(model.weights)) table[Number(bucket)] = weight;
  const features = new Int32Array(MAX_FEATURES);
  const { bias, buckets, window, lengthPenalty } = model;
  const scoreSpan = (words: readonly string[], from: number, to: number): number => {
    const count = collectRiskFeatures(words, buckets, features, from, to);
    if (count === 0) return bias;
    let sum = 0;
    for (let index = 0; index < count; index += 1) sum += table[features[index] as number] as number;
    return bias + sum / Math.sqrt(count);
  };
  return (text, words = normalizeWords(text)) => {
    if (words.length <= window) return sigmoid(scoreSpan(words, 0, words.length));
    const stride = Math.max(1, Math.floor(window / 2));
    let best = -Infinity;
    let windows = 0;
    for (let from = 0; from < words.length; from += stride) {
      const to = Math.min(words.length, from + window);
      best = Math.max(best, scoreSpan(words, from, to));
      windows += 1;
      if (to === words.length) break;
    }
    return sigmoid(best - lengthPenalty * Math.log(windows));
  };
}

/**
 * The bucket of every feature of a message, one entry per occurrence (for training; allocates). Each message's
 * feature vector is the count of each bucket divided by the square root of the number of features, so that long
 * messages do not outvote short ones.
 */
export function extractRiskFeatures(text: string, buckets: number): number[] {
  const features = new Int32Array(MAX_FEATURES);
  const count = collectRiskFeatures(normalizeWords(text), buckets, features);
  return Array.from(features.subarray(0, count));
}

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

/**
 * Writes feature buckets into `out` and returns how many: word unigrams, word bigrams, then character 3- to 5-grams
 * of each word padded as "<word>", all hashed with 32-bit FNV-1a over UTF-16 code units. Hashing is incremental, so
 * no substring is ever built.
 */
function collectRiskFeatures(
  words: readonly string[],
  buckets: number,
  out: Int32Array,
  from = 0,
  to = words.length,
): number {
  const capacity = out.length;
  let count = 0;
  let previous = '';
  for (let index = from; index < to && count + 2 <= capacity; index += 1) {
    const word = words[index] as string;
    out[count++] = toBucket(hashString(SEED_UNIGRAM, word), buckets);
    if (index > from) {
      const bigram = hashString(Math.imul(hashString(SEED_BIGRAM, previous) ^ SPACE, FNV_PRIME), word);
      out[count++] = toBucket(bigram, buckets);
    }
    previous = word;
  }
  let charGrams = 0;
  for (let index = from; index < to; index += 1) {
    const word = words[index] as string;
    const length = Math.min(word.length, MAX_WORD_LENGTH_FOR_GRAMS) + 2;
    for (let start = 0; start + MIN_CHAR_GRAM <= length; start += 1) {
      let hash = SEED_CHAR_GRAM;
      for (let end = start; end < start + MAX_CHAR_GRAM && end < length; end += 1) {
        const code = end === 0 ? WORD_START : end === length - 1 ? WORD_END : word.charCodeAt(end - 1);
        hash = Math.imul(hash ^ code, FNV_PRIME);
        if (end - start + 1 < MIN_CHAR_GRAM) continue;
        if (charGrams === MAX_CHAR_GRAMS || count === capacity) return count;
        out[count++] = toBucket(hash, buckets);
        charGrams += 1;
      }
    }
  }
  return count;
}

function hashString(seed: number, text: string): number {
  let hash = seed;
  for (let index = 0; index < text.length; index += 1)
    hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  return hash;
}

function toBucket(hash: number, buckets: number): number {
  return (hash & (buckets - 1)) >>> 0;
}
