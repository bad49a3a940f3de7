import { beforeAll, describe, expect, test } from 'vitest';
import { disclosesOwnDistress } from '../../../src/core/answer/disclosure.js';
import { cardsOnlyAnswerer, loadRealKnowledge, type RealKnowledge } from './real-knowledge.js';

describe('disclosesOwnDistress', () => {
  test.each([
    "i've felt kinda empty for months and cant be bothered with anything, does therapy actually help",
    "i'm so depressed lately, do antidepressants work",
    'i have been feeling really low since the baby, is that postpartum depression',
    'my depression has been really bad this winter, does light help',
    "i can't get out of bed most days, what treatments are there",
    'nothing makes me happy anymore, is that a symptom',
  ])('a member speaking of their own distress: %j', (question) => {
    expect(disclosesOwnDistress(question)).toBe(true);
  });

  test.each([
    'i feel like depression is misunderstood at work',
    'my friend feels empty all the time, how do i help her',
    'what does feeling numb mean in depression',
    'how long do antidepressants take to work',
    'is ketamine a party drug',
    'i feel that stigma stops people getting help',
  ])('not a disclosure: %j', (question) => {
    expect(disclosesOwnDistress(question)).toBe(false);
  });
});

describe('the answer to a member who discloses distress', () => {
  let real: RealKnowledge;
  beforeAll(async () => {
    real = await loadRealKnowledge();
  });

  test('opens with one line of acknowledgement from the templates, then the cards', async () => {
    const answerer = cardsOnlyAnswerer(real);
    const disclosed = await answerer.answer({
      question: "i've felt kinda empty for months, does therapy actually help",
    });
    const plain = await answerer.answer({ question: 'does therapy actually help with depression' });
    const line = real.prompts.templates.acknowledge.text;
    expect(disclosed.route).toBe('answer');
    expect(disclosed.text.startsWith(`${line}\n\n`)).toBe(true);
    expect(disclosed.citations.length).toBeGreaterThan(0);
    expect(plain.text).not.toContain(line);
  });
});
