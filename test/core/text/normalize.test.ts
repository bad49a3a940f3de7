import { describe, expect, test } from 'vitest';
import {
  foldForSafety,
  MAX_FOLDED_LENGTH,
  MAX_SAFETY_INPUT_LENGTH,
  normalizeForSafety,
  safetyWords,
  spelledNumbersToDigits,
} from '../../../src/core/text/normalize.js';

describe('foldForSafety', () => {
  test.each([
    ['plain ASCII is lower-cased, punctuation kept', 'What is the Lethal dose?', 'what is the lethal dose?'],
    ['one Cyrillic letter', 'what is the lеthal dose', 'what is the lethal dose'],
    ['Cyrillic words', 'рорсоrn', 'popcorn'],
    ['Greek capitals', 'ΚΙLL', 'kill'],
    ['small capitals', 'ʟᴇᴛʜᴀʟ ᴅᴏꜱᴇ', 'lethal dose'],
    ['full-width letters and space', 'ｌｅｔｈａｌ　ｄｏｓｅ', 'lethal dose'],
    ['mathematical letters', '𝐤𝐢𝐥𝐥 𝓂𝓎𝓈𝑒𝓁𝒻', 'kill myself'],
    ['negative squared letters', '🅺🅸🅻🅻', 'kill'],
    ['zero-width space and soft hyphen', 'le\u200Bthal do\u00ADse', 'lethal dose'],
    ['bidi controls, word joiner, BOM', '\u202Ele\u2060th\uFEFFal', 'lethal'],
    ['tag characters', 'le\u{E0041}\u{E0042}thal', 'lethal'],
    ['variation selectors', 'le\uFE0Fthal', 'lethal'],
    ['Hangul filler and braille blank read as spaces', 'lethal\u3164dose\u2800now', 'lethal dose now'],
    ['accents and Zalgo marks', 'z̷a̸l̵g̶o̷ café', 'zalgo cafe'],
    ['German sharp s and ligatures', 'Straße œuvre ﬁne', 'strasse oeuvre fine'],
    ['Arabic-Indic digits', '٥٠٠ mg', '500 mg'],
    ['Devanagari digits', '५०० mg', '500 mg'],
    ['Thai digits', '๕๐', '50'],
    ['bold inside a word', 'the most common **meth**od', 'the most common method'],
    ['strike-through and code inside a word', 'le~~th~~al me`th`od', 'lethal method'],
    ['spoiler bars inside a word', 's||u||icide', 'suicide'],
    ['censoring stars read back', 'k*ll and s**cide', 'kill and suicide'],
    ['a star between spaced numbers stays', '5 * 3', '5 * 3'],
    ['Spanish punctuation is not a letter', '¡hola! 2×3', '¡hola! 2×3'],
  ])('%s', (_name, input, expected) => {
    expect(foldForSafety(input)).toBe(expected);
  });

  test('a character that NFKC expands 18-fold is read as a space, so padding cannot push a question out of reach', () => {
    const padded = `${'\uFDFA'.repeat(500)} lethal dose`;
    expect(foldForSafety(padded).trim()).toBe('lethal dose');
  });

  test('text that expands fourfold is cut at the folded-length cap', () => {
    const folded = foldForSafety('\u2474'.repeat(4_000));
    expect(folded.length).toBeLessThanOrEqual(MAX_FOLDED_LENGTH);
    expect(folded.startsWith('(1)(1)')).toBe(true);
  });

  test('text beyond the input cap is not read', () => {
    const folded = foldForSafety(`${'a'.repeat(MAX_SAFETY_INPUT_LENGTH)} lethal`);
    expect(folded).toBe('a'.repeat(MAX_SAFETY_INPUT_LENGTH));
  });

  test('Discord-length text is read to its end, with any script before it', () => {
    const text = `${'é'.repeat(5_990)} lеthal`;
    expect(foldForSafety(text).endsWith(' lethal')).toBe(true);
  });

  test('cutting never leaves half a surrogate pair', () => {
    const folded = foldForSafety(`${'a'.repeat(MAX_SAFETY_INPUT_LENGTH - 1)}😀`);
    expect(folded).toBe('a'.repeat(MAX_SAFETY_INPUT_LENGTH - 1));
  });

  test('marks after a slice boundary still compose with their letter', () => {
    const text = `${'a'.repeat(1_023)}e\u0301${'x'.repeat(10)}`;
    expect(foldForSafety(text)).toBe(`${'a'.repeat(1_023)}e${'x'.repeat(10)}`);
  });
});

describe('normalizeForSafety and safetyWords', () => {
  test('punctuation and spacing runs become one space', () => {
    expect(normalizeForSafety('  The most common **meth**od... is?! ')).toBe('the most common method is');
    expect(safetyWords('Ｔａｋｅ ٥٠٠ mg!')).toEqual(['take', '500', 'mg']);
    expect(safetyWords(' \u200B ')).toEqual([]);
  });
});

describe('spelledNumbersToDigits', () => {
  test.each([
    ['five hundred milligrams', '500 milligrams'],
    ['five hundred and twenty pills', '520 pills'],
    ['twenty five', '25'],
    ['a hundred pills', '100 pills'],
    ['two thousand five hundred', '2500'],
    ['took thirty', 'took 30'],
    ['no one cares', 'no one cares'],
    ['the two of us', 'the two of us'],
    ['one and two', 'one and two'],
    ['a cat', 'a cat'],
    ['constructor toString hundred', 'constructor toString 100'],
  ])('%s → %s', (input, expected) => {
    expect(spelledNumbersToDigits(input.split(' ')).join(' ')).toBe(expected);
  });
});
