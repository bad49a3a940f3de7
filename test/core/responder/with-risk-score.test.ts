import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadLexicon } from '../../../src/adapters/load-lexicon.js';
import { loadRiskModel } from '../../../src/adapters/load-risk-model.js';
import { createCrisisDetector } from '../../../src/core/crisis/detect-crisis.js';
import { normalizeWords } from '../../../src/core/crisis/normalize-text.js';
import { createRiskClassifier } from '../../../src/core/crisis/risk-classifier.js';
import { RISK_MODEL_SIGNAL, withRiskScore } from '../../../src/core/responder/with-risk-score.js';

const dir = path.resolve('knowledge');
const [lexicon, model] = await Promise.all([loadLexicon(dir), loadRiskModel(dir)]);
const rules = createCrisisDetector(lexicon);
const score = createRiskClassifier(model);
const detect = withRiskScore(rules, score, model.threshold);

describe('the responder’s two-stage detection', () => {
  test('when the phrase rules fire, their result stands unchanged', () => {
    const text = 'i want to die';
    expect(detect(text)).toEqual(rules(text));
    expect(detect(text).signals).not.toContain(RISK_MODEL_SIGNAL);
  });

  test('when only the model fires, the result is a concern carrying the model signal and no text', () => {
    const always = withRiskScore(
      () => ({ level: 'none', subject: 'unknown', signals: [] }),
      () => 1,
      model.threshold,
    );
    expect(always('anything')).toEqual({
      level: 'concern',
      subject: 'unknown',
      signals: [RISK_MODEL_SIGNAL],
    });
  });

  test('both stages read one normalisation of the message, the same words the detector would compute', () => {
    const seen: (readonly string[] | undefined)[] = [];
    const both = withRiskScore(
      (_text, words) => {
        seen.push(words);
        return { level: 'none', subject: 'unknown', signals: [] };
      },
      (_text, words) => {
        seen.push(words);
        return 0;
      },
      model.threshold,
    );
    both("I'M   s o  t i r e d 💀");
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toEqual(normalizeWords("I'M   s o  t i r e d 💀"));
    expect(detect('so tired of this', normalizeWords('so tired of this'))).toEqual(
      detect('so tired of this'),
    );
  });

  test('with the shipped model, some risk the rules miss is still caught as a concern', () => {
    const missedByRules = [
      'everything is pointless and i am so tired of being here',
      'i feel like i cant keep going like this',
      'honestly i hate myself and i dont see a way out',
    ].filter((text) => rules(text).level === 'none');
    const caught = missedByRules.filter((text) => detect(text).level === 'concern');
    expect(caught.length).toBeGreaterThan(0);
  });

  test.each([
    'this homework is killing me lol',
    "i'm not suicidal, just tired of this game",
    'what is the suicide rate in japan?',
    'suicide squad was mid honestly',
    'kms this lag is unreal',
    'my phone is dying brb',
  ])('stays quiet on %j', (text) => {
    expect(detect(text).level).toBe('none');
  });
});
