/**
 * How the crisis responder reads a message, and what it may do about it. Two stages: the reviewed phrase lexicon,
 * then, only when it finds nothing, a small statistical model (src/core/crisis/risk-classifier.ts).
 *
 * Reply policy (README, "The crisis responder"):
 * - a rule hit replies publicly at once: the lexicon is reviewed phrase by phrase;
 * - a model-only score at or above the model's `threshold` (calibrated on real everyday text, so that it fires on a
 *   few in a thousand ordinary comments) replies publicly too, as a `concern`;
 * - a model-only score in the uncertain band [`noticeThreshold`, `threshold`) is `quiet`: no public reply and no
 *   message to the member, unless the message also names a means or an act of self-harm (the lexicon's reviewed
 *   `quiet_cues`: "rope", "razor", "noose", "sleeves") and the lexicon found no exclusion or negation in it (no
 *   idiom, accident, recovery story or "i'm not going to do anything"): an uncertain reading beside a means is a
 *   reply, as a careful reader would treat it. A server that turned on the second opinion (/config second-opinion) asks it about quiet
 *   messages only; a verdict of risk turns a quiet reading into a reply. Nothing can silence a rule hit.
 * Why not a private check-in or a moderator alert for quiet readings: on real everyday text the band holds a few
 * messages in a hundred, nearly all of them ordinary; an unprompted DM from a bot over a song lyric reads as
 * surveillance, and alerts that are almost always wrong teach moderators to ignore the ones that are right.
 */
import { createCrisisDetector } from '../crisis/detect-crisis.js';
import type { CrisisLexicon } from '../crisis/lexicon-schema.js';
import { normalizeWords } from '../crisis/normalize-text.js';
import { createRiskClassifier, type RiskModel } from '../crisis/risk-classifier.js';
import type { CrisisResult, DetectCrisis } from '../types.js';

/** The signal id a model-only detection carries (never text). */
export const RISK_MODEL_SIGNAL = 'model.risk';
/** The signal id of an uncertain model-only reading in a message that names a means or self-harm (a public reply). */
export const RISK_MODEL_CUE_SIGNAL = 'model.risk.cue';
/** The signal id of a model-only reading in the uncertain band. */
export const RISK_MODEL_QUIET_SIGNAL = 'model.risk.uncertain';

/** `public`: reply now. `quiet`: an uncertain model-only signal; only a second opinion can turn it into a reply. */
export type CrisisReply = 'public' | 'quiet' | 'none';

export interface CrisisReading {
  result: CrisisResult;
  reply: CrisisReply;
  /** Which stage decided: the lexicon, the model, or neither. */
  source: 'rules' | 'model' | 'none';
}

export type ReadCrisis = (text: string) => CrisisReading;

export interface CrisisReaderOptions {
  detect: DetectCrisis;
  score: (text: string, words?: readonly string[]) => number;
  /** Model score at or above which a model-only signal replies publicly. */
  threshold: number;
  /** Model score at or above which a model-only signal is a quiet reading (default: never). */
  noticeThreshold?: number;
  /** Words (as normalised) that turn a quiet reading into a public reply: means and self-harm words. */
  cues?: ReadonlySet<string>;
}

const NONE: CrisisReading = {
  result: { level: 'none', subject: 'unknown', signals: [] },
  reply: 'none',
  source: 'none',
};

export function createCrisisReader({
  detect,
  score,
  threshold,
  noticeThreshold = threshold,
  cues = new Set<string>(),
}: CrisisReaderOptions): ReadCrisis {
  // Both stages read the same normalised words: normalising once saves a third of the combined cost.
  return (text) => {
    const words = normalizeWords(text);
    const result = detect(text, words);
    if (result.level !== 'none') return { result, reply: 'public', source: 'rules' };
    const risk = score(text, words);
    if (risk >= threshold) {
      return {
        result: { level: 'concern', subject: 'unknown', signals: [RISK_MODEL_SIGNAL] },
        reply: 'public',
        source: 'model',
      };
    }
    if (risk >= noticeThreshold) {
      if (result.guarded !== true && words.some((word) => cues.has(word))) {
        return {
          result: { level: 'concern', subject: 'unknown', signals: [RISK_MODEL_CUE_SIGNAL] },
          reply: 'public',
          source: 'model',
        };
      }
      return {
        result: { level: 'concern', subject: 'unknown', signals: [RISK_MODEL_QUIET_SIGNAL] },
        reply: 'quiet',
        source: 'model',
      };
    }
    return NONE;
  };
}

/** The responder's reading as shipped: the lexicon (with typo tolerance when `knownWords` is given) and the model. */
export function createShippedCrisisReader(options: {
  lexicon: CrisisLexicon;
  model: RiskModel;
  knownWords?: ReadonlySet<string>;
}): { read: ReadCrisis; detect: DetectCrisis } {
  const detect = createCrisisDetector(
    options.lexicon,
    options.knownWords === undefined ? {} : { knownWords: options.knownWords },
  );
  const read = createCrisisReader({
    detect,
    score: createRiskClassifier(options.model),
    threshold: options.model.threshold,
    noticeThreshold: options.model.noticeThreshold,
    cues: new Set(options.lexicon.quiet_cues),
  });
  return { read, detect };
}
