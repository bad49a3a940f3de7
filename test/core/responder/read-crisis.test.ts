import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadKnownWords } from '../../../src/adapters/load-known-words.js';
import { loadLexicon } from '../../../src/adapters/load-lexicon.js';
import { loadRiskModel } from '../../../src/adapters/load-risk-model.js';
import { createCrisisDetector } from '../../../src/core/crisis/detect-crisis.js';
import { normalizeWords } from '../../../src/core/crisis/normalize-text.js';
import { createRiskClassifier } from '../../../src/core/crisis/risk-classifier.js';
import {
  createCrisisReader,
  createShippedCrisisReader,
  RISK_MODEL_CUE_SIGNAL,
  RISK_MODEL_QUIET_SIGNAL,
  RISK_MODEL_SIGNAL,
} from '../../../src/core/responder/read-crisis.js';
import type { CrisisResult } from '../../../src/core/types.js';

const dir = path.resolve('knowledge');
const [lexicon, model] = await Promise.all([loadLexicon(dir), loadRiskModel(dir)]);
const rules = createCrisisDetector(lexicon, { knownWords: loadKnownWords() });
const read = createCrisisReader({
  detect: rules,
  score: createRiskClassifier(model),
  threshold: model.threshold,
  noticeThreshold: model.noticeThreshold,
});
const nothing = (): CrisisResult => ({ level: 'none', subject: 'unknown', signals: [] });

describe('the reply policy', () => {
  test('a rule hit replies publicly, with the rules’ result unchanged, whatever the model says', () => {
    const reader = createCrisisReader({
      detect: rules,
      score: () => 0,
      threshold: 0.9,
      noticeThreshold: 0.5,
    });
    const reading = reader('i want to die');
    expect(reading.reply).toBe('public');
    expect(reading.source).toBe('rules');
    expect(reading.result).toEqual(rules('i want to die'));
  });

  test.each([
    [0.95, 'public', RISK_MODEL_SIGNAL],
    [0.9, 'public', RISK_MODEL_SIGNAL],
    [0.7, 'quiet', RISK_MODEL_QUIET_SIGNAL],
    [0.5, 'quiet', RISK_MODEL_QUIET_SIGNAL],
  ] as const)(
    'a model-only score of %f is a %s concern carrying only the model signal',
    (risk, reply, signal) => {
      const reader = createCrisisReader({
        detect: nothing,
        score: () => risk,
        threshold: 0.9,
        noticeThreshold: 0.5,
      });
      expect(reader('anything')).toEqual({
        result: { level: 'concern', subject: 'unknown', signals: [signal] },
        reply,
        source: 'model',
      });
    },
  );

  describe('quiet cues: an uncertain reading in a message that names a means or self-harm replies', () => {
    const cues = new Set(['rope', 'razor']);
    const uncertain = (detect: typeof nothing = nothing) =>
      createCrisisReader({ detect, score: () => 0.7, threshold: 0.9, noticeThreshold: 0.5, cues });

    test('a quiet reading with a cue word is a public concern carrying the cue signal', () => {
      expect(uncertain()('bought a rope today')).toEqual({
        result: { level: 'concern', subject: 'unknown', signals: [RISK_MODEL_CUE_SIGNAL] },
        reply: 'public',
        source: 'model',
      });
      expect(uncertain()('bought a ladder today').reply).toBe('quiet');
    });

    test('a cue never turns a message the lexicon guarded (idiom, accident, recovery) into a reply', () => {
      const guarded = (): CrisisResult => ({ level: 'none', subject: 'unknown', signals: [], guarded: true });
      expect(uncertain(guarded)('bought a rope today').reply).toBe('quiet');
    });

    test('below the quiet band a cue does nothing', () => {
      const low = createCrisisReader({
        detect: nothing,
        score: () => 0.3,
        threshold: 0.9,
        noticeThreshold: 0.5,
        cues,
      });
      expect(low('the rope swing at the lake').reply).toBe('none');
    });

    test('the shipped lexicon lists cue words, and the detector guards an accident', () => {
      expect(lexicon.quiet_cues).toEqual(expect.arrayContaining(['rope', 'razor', 'noose']));
      expect(rules('i accidentally cut myself cooking').guarded).toBe(true);
      expect(rules('i cut myself again tonight').guarded).toBeUndefined();
      const { read: shipped } = createShippedCrisisReader({ lexicon, model, knownWords: loadKnownWords() });
      expect(shipped('i accidentally cut myself cooking').reply).not.toBe('public');
    });
  });

  test('below the notice threshold nothing happens; without one, the band is empty', () => {
    expect(
      createCrisisReader({ detect: nothing, score: () => 0.49, threshold: 0.9, noticeThreshold: 0.5 })('x')
        .reply,
    ).toBe('none');
    expect(createCrisisReader({ detect: nothing, score: () => 0.89, threshold: 0.9 })('x').reply).toBe(
      'none',
    );
  });

  test('both stages read one normalisation of the message, the same words the detector would compute', () => {
    const seen: (readonly string[] | undefined)[] = [];
    const reader = createCrisisReader({
      detect: (_text, words) => {
        seen.push(words);
        return nothing();
      },
      score: (_text, words) => {
        seen.push(words);
        return 0;
      },
      threshold: 0.9,
    });
    reader("I'M   s o  t i r e d 💀");
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toEqual(normalizeWords("I'M   s o  t i r e d 💀"));
  });
});

describe('the shipped lexicon and model', () => {
  test('the model’s public bar is above its quiet band', () => {
    expect(model.noticeThreshold).toBeLessThan(model.threshold);
  });

  // Written for this test, not taken from any labelled set.
  test.each([
    'this homework is killing me lol',
    "i'm not suicidal, just tired of this game",
    'what is the suicide rate in japan?',
    'suicide squad was mid honestly',
    'kms this lag is unreal',
    'my phone is dying brb',
    'does anyone know how to reset the app, it keeps crashing when i open it',
    'my dog ate the entire birthday cake and now hes just lying there looking guilty',
    'so bored rn someone play minecraft with me',
    'i broke a glass in the kitchen and cut my finger a bit, all good now',
  ])('no public reply to %j', (text) => {
    expect(read(text).reply).not.toBe('public');
  });
});
