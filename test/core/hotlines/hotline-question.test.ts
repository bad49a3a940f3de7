import { describe, expect, test } from 'vitest';
import { loadHotlines } from '../../../src/adapters/load-hotlines.js';
import { createHotlineFinder } from '../../../src/core/hotlines/find-hotlines.js';
import { createHotlineQuestionReader } from '../../../src/core/hotlines/hotline-question.js';

const finder = createHotlineFinder(await loadHotlines('knowledge'));
const read = createHotlineQuestionReader(finder);

describe('questions that ask for crisis lines', () => {
  test.each([
    ["what's the samaritans number in the uk", 'GB', false],
    ['samaritans number', 'GB', false],
    ['hotline in germany', 'DE', false],
    ['is there a text line in canada', 'CA', false],
    ['is the crisis line in australia confidential?', 'AU', true],
    ['número de teléfono de la esperanza en españa', 'ES', false],
    ['suicide hotline england', 'GB', false],
    ["c'est quoi le numéro pour parler à quelqu'un en france", 'FR', false],
    ['whats the suicide hotline number in the us again', 'US', false],
    ["is there a number i can text instead of calling? i'm in the us", 'US', false],
    ['aussie here whats the kids helpline number', 'AU', false],
    ["my sister lives in the uk, what's the number over there she can call any time", 'GB', false],
    ['hola, hay algún número en españa para hablar si estás mal?', 'ES', false],
  ])('%j asks for lines in %s (about the line: %s)', (question, code, about) => {
    const lookup = read(question);
    expect(lookup?.country?.code).toBe(code);
    expect(lookup?.aboutTheLine).toBe(about);
  });

  test('"us" as a pronoun names no country', () => {
    expect(read('can you give us a crisis line number')?.country).toBeUndefined();
  });

  test('a number several countries share names them all, so the member’s region can choose', () => {
    const lookup = read('what does 988 do');
    expect(lookup?.country).toBeUndefined();
    expect(lookup?.candidates.map((country) => country.code).sort()).toEqual(['CA', 'US']);
    expect(lookup?.aboutTheLine).toBe(true);
  });

  test.each(['do you know a helpline', 'is there a lifeline i can call'])(
    '%j asks for a line without naming a country (the region decides)',
    (question) => {
      expect(read(question)).toBeDefined();
      expect(read(question)?.country).toBeUndefined();
    },
  );

  test.each([
    'what is esketamine',
    'how do i support a friend with depression',
    'is depression genetic',
    'my mom speaks spanish, what is depression called in spanish',
  ])('%j is not a hotline question', (question) => {
    expect(read(question)).toBeUndefined();
  });
});

describe('/ask answers hotline questions from the hotline data', async () => {
  const { createAnswerer } = await import('../../../src/core/answer/create-answerer.js');
  const { loadRealKnowledge } = await import('../answer/real-knowledge.js');
  const real = await loadRealKnowledge();
  const silent = { child: () => silent, debug() {}, info() {}, warn() {}, error() {} };
  const answerer = createAnswerer({ ...real, log: silent as never });

  test('a number request gets the named country’s lines, emergency number first, and no card', async () => {
    const answer = await answerer.answer({
      question: "what's the samaritans number in the uk",
      region: 'US',
    });
    expect(answer.route).toBe('answer');
    expect(answer.resources !== 'international' && answer.resources?.code).toBe('GB');
    expect(answer.text.startsWith('If you or someone else is in immediate danger, call 999')).toBe(true);
    expect(answer.citations).toEqual([]);
  });

  test('a question about a line gets a card answer with the lines of the member’s country among those named', async () => {
    const answer = await answerer.answer({ question: 'what does 988 do', region: 'CA' });
    expect(answer.resources !== 'international' && answer.resources?.code).toBe('CA');
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  test('no country named: the member’s region, else the international directories', async () => {
    const mine = await answerer.answer({ question: 'do you know a helpline', region: 'FR' });
    expect(mine.resources !== 'international' && mine.resources?.code).toBe('FR');
    expect((await answerer.answer({ question: 'do you know a helpline' })).resources).toBe('international');
  });
});
