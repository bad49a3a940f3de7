/**
 * The crisis detector reads messages through the shared safety folding (src/core/text/normalize.ts), so the spellings
 * the /ask gate sees through are the ones the detector sees through too.
 */
import { describe, expect, test } from 'vitest';
import { createCrisisDetector } from '../../../src/core/crisis/detect-crisis.js';
import { normalizeText } from '../../../src/core/crisis/normalize-text.js';
import { loadRealLexicon } from './load-real-lexicon.js';

const detect = createCrisisDetector(loadRealLexicon());

describe('crisis normalisation through the shared folding', () => {
  test.each([
    ['small capitals', 'ɪ ᴡᴀɴᴛ ᴛᴏ ᴅɪᴇ', 'i want to die'],
    ['negative squared letters', '🅺🅸🅻🅻 myself', 'kill myself'],
    ['tag characters and variation selectors', 'd\u{E0041}i\uFE0Fe', 'die'],
    ['Hangul filler between words', 'want\u3164to\u3164die', 'want to die'],
    ['bold inside a word', 'kill my**sel**f', 'kill myself'],
    ['Arabic-Indic digits', 'took ٣٠ pills', 'took 30 pills'],
    ['spelled-out numbers of ten or more', 'took thirty pills', 'took 30 pills'],
    ['small spelled-out numbers stay words', 'no one', 'no one'],
    ['an emoji run reads each emoji once', 'im dead 💀😂💀😂🌸💀', 'i am dead emojiskull emojilaugh'],
    ['characters NFKC expands past fourfold read as spaces', 'ﷺ i want to die', 'i want to die'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  test.each([
    'i just took thirty pills',
    'i took forty of my pills',
    'ɪ ᴡᴀɴᴛ ᴛᴏ ᴅɪᴇ',
    'і wаnt tо kіll mуsеlf',
    'i want to k\u200Bill my**sel**f',
  ])('"%s" is a crisis', (message) => {
    expect(detect(message).level).toBe('crisis');
  });

  test('a flood of expanding characters before a message does not hide it', () => {
    expect(detect(`${'\uFDFA'.repeat(1_000)} i want to die`).level).toBe('crisis');
  });
});
