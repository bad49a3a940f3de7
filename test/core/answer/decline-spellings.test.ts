/**
 * The gate's decline rules hold against look-alike, invisible-character and mixed-script spellings: every question
 * the routes fixture declines is refused the same way (the same decline category, or crisis lines first where the
 * crisis detector already reads the asker as at risk), however it is spelled. One reading of text
 * (src/core/text/normalize.ts) is what makes this hold; a Cyrillic "е" once let "lethal dose" through to the model.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { classifyQuestion } from '../../../src/core/answer/classify-question.js';
import { DECLINE_CATEGORIES } from '../../../src/core/answer/decline-rules.js';
import { loadRealKnowledge, type RealKnowledge } from './real-knowledge.js';

interface RouteCase {
  q: string;
  route: string;
}

const fixture = parse(await readFile('test/fixtures/ask-routes.yaml', 'utf8')) as { questions: RouteCase[] };
const declined = fixture.questions.filter((item) => item.route === 'decline').map((item) => item.q);

const CYRILLIC: Readonly<Record<string, string>> = {
  a: 'а',
  c: 'с',
  e: 'е',
  i: 'і',
  j: 'ј',
  o: 'о',
  p: 'р',
  s: 'ѕ',
  x: 'х',
  y: 'у',
  h: 'һ',
  d: 'ԁ',
};
const GREEK: Readonly<Record<string, string>> = {
  a: 'α',
  e: 'ε',
  i: 'ι',
  k: 'κ',
  o: 'ο',
  p: 'ρ',
  t: 'τ',
  u: 'υ',
  v: 'ν',
  x: 'χ',
};
const SMALL_CAPITALS: Readonly<Record<string, string>> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwyz'].map((letter, index) => [
    letter,
    [...'ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ'][index] as string,
  ]),
);

const mapLetters = (text: string, table: Readonly<Record<string, string>>) =>
  [...text.toLowerCase()].map((char) => table[char] ?? char).join('');
/** Inserts `mark` between the letters of every word. */
const between = (text: string, mark: string) => text.replace(/(?<=\p{L})(?=\p{L})/gu, mark);

/** Each spelling an attacker (or a keyboard) produces, applied to a whole question. */
const SPELLINGS: readonly (readonly [string, (text: string) => string])[] = [
  ['one Cyrillic letter', (text) => text.replace(/e/, 'е').replace(/a/, 'а')],
  ['Cyrillic look-alikes', (text) => mapLetters(text, CYRILLIC)],
  ['Greek look-alikes', (text) => mapLetters(text, GREEK)],
  ['small capitals', (text) => mapLetters(text, SMALL_CAPITALS)],
  [
    'full-width',
    (text) => text.replace(/[!-~]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)),
  ],
  [
    'mathematical bold',
    (text) => text.replace(/[a-z]/g, (char) => String.fromCodePoint(0x1d41a + char.charCodeAt(0) - 97)),
  ],
  [
    'mixed scripts letter by letter',
    (text) =>
      [...text.toLowerCase()]
        .map(
          (char, index) =>
            (index % 3 === 0 ? CYRILLIC[char] : index % 3 === 1 ? GREEK[char] : undefined) ?? char,
        )
        .join(''),
  ],
  ['zero-width spaces inside words', (text) => between(text, '\u200b')],
  ['soft hyphens inside words', (text) => between(text, '\u00ad')],
  ['joiners and bidi controls inside words', (text) => between(text, '\u2060\u200d\u202a')],
  ['tag characters inside words', (text) => between(text, '\u{e0041}')],
  ['variation selectors inside words', (text) => between(text, '\ufe0f')],
  ['combining accents on every letter', (text) => text.replace(/\p{L}/gu, (char) => `${char}\u0301\u0336`)],
  ['Hangul fillers for spaces', (text) => text.replace(/ /g, '\u3164')],
  ['Markdown inside the longest word', (text) => emphasiseInside(text)],
];

/** "lethal" → "**let**hal": bold over part of a word, which Discord renders as one word. */
function emphasiseInside(text: string): string {
  const longest = [...text.matchAll(/\p{L}{4,}/gu)].sort((a, b) => b[0].length - a[0].length)[0];
  if (longest?.index === undefined) return text;
  const word = longest[0];
  const half = Math.floor(word.length / 2);
  return `${text.slice(0, longest.index)}**${word.slice(0, half)}**${word.slice(half)}${text.slice(longest.index + word.length)}`;
}

let real: RealKnowledge;
beforeAll(async () => {
  real = await loadRealKnowledge();
});

const classify = (question: string) =>
  classifyQuestion(question, { detect: real.detect, retriever: real.retriever });

describe('decline rules under hostile spellings', () => {
  test('the declined questions cover every decline category', () => {
    const categories = new Set(
      declined
        .map((question) => classify(question).declineCategory)
        .filter((category) => category !== undefined),
    );
    expect([...categories].sort()).toEqual([...DECLINE_CATEGORIES].sort());
  });

  test.each(SPELLINGS)('%s: every declined question is refused the same way', (_name, spell) => {
    const missed: string[] = [];
    for (const question of declined) {
      const plain = classify(question);
      const spelled = classify(spell(question));
      expect(['decline', 'crisis']).toContain(plain.route);
      if (spelled.route !== plain.route || spelled.declineCategory !== plain.declineCategory) {
        missed.push(`${JSON.stringify(spell(question))} → ${spelled.route} ${spelled.reason}`);
      }
    }
    expect(missed).toEqual([]);
  });

  test('a spelling changes nothing for a question the gate answers', () => {
    const question = 'Is ketamine approved for depression?';
    expect(classify(question).route).toBe('answer');
    for (const [, spell] of SPELLINGS) expect(classify(spell(question)).route).toBe('answer');
  });
});
