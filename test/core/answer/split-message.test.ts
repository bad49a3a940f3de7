import { describe, expect, test } from 'vitest';
import { splitMessage } from '../../../src/core/answer/split-message.js';

const words = (text: string) =>
  text
    .replace(/```\w*/g, ' ')
    .split(/\s+/)
    .filter(Boolean);

describe('splitMessage', () => {
  test.each([
    {
      name: 'short text stays whole',
      text: 'Depression is treatable.',
      max: 100,
      expected: ['Depression is treatable.'],
    },
    { name: 'blank text gives no chunks', text: '  \n\n ', max: 100, expected: [] },
    {
      name: 'splits at a paragraph break before a line break',
      text: 'First paragraph line one.\nline two.\n\nSecond paragraph.',
      max: 40,
      expected: ['First paragraph line one.\nline two.', 'Second paragraph.'],
    },
    {
      name: 'splits at a line break when a paragraph is too long',
      text: 'line one is here\nline two is here\nline three',
      max: 35,
      expected: ['line one is here\nline two is here', 'line three'],
    },
    {
      name: 'splits at a sentence end when a line is too long',
      text: 'Help works. Recovery is possible for many people. Reach out.',
      max: 50,
      expected: ['Help works. Recovery is possible for many people.', 'Reach out.'],
    },
    {
      name: 'splits between words, never inside one',
      text: 'alpha beta gamma delta epsilon',
      max: 12,
      expected: ['alpha beta', 'gamma delta', 'epsilon'],
    },
    {
      name: 'keeps a Markdown link whole',
      text: 'See [the crisis line page](https://example.org/a-b) now',
      max: 50,
      expected: ['See', '[the crisis line page](https://example.org/a-b)', 'now'],
    },
    {
      name: 'cuts a single word longer than the limit (nothing else fits)',
      text: 'abcdefghijklmnopqrstuvwxyz',
      max: 10,
      expected: ['abcdefghij', 'klmnopqrst', 'uvwxyz'],
    },
  ])('$name', ({ text, max, expected }) => {
    expect(splitMessage(text, max)).toEqual(expected);
  });

  test('closes a code fence at a split and reopens it with the same language', () => {
    const code = Array.from({ length: 8 }, (_, i) => `const line${i} = ${i};`).join('\n');
    const text = `Intro.\n\n\`\`\`ts\n${code}\n\`\`\`\n\nAfter.`;
    const chunks = splitMessage(text, 80);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(80);
      expect((chunk.match(/```/g) ?? []).length % 2).toBe(0);
    }
    const inner = chunks.filter((chunk) => chunk.includes('const line'));
    for (const chunk of inner) expect(chunk.startsWith('```ts\n') || chunk.includes('\n```ts\n')).toBe(true);
    expect(chunks.join('\n').match(/const line\d/g)).toHaveLength(8);
  });

  test('never starts a chunk with a closing fence or ends one with an opening fence alone', () => {
    const text = `Before the code block here.\n\`\`\`js\nx = 1;\n\`\`\`\nAfter the code block here.`;
    for (const max of [20, 25, 30, 35, 40, 50]) {
      for (const chunk of splitMessage(text, max)) {
        expect(chunk).not.toMatch(/^```\s*(?:\n|$)/);
        expect(chunk.trimEnd().endsWith('```js')).toBe(false);
      }
    }
  });

  test('every chunk fits and no word is lost, split or duplicated on long prose', () => {
    const sentence =
      'Depression is common, treatable and nothing to be ashamed of; asking for help is a strength.';
    const text = Array.from({ length: 40 }, (_, i) =>
      i % 5 === 4 ? `${sentence}\n\n` : `${sentence} `,
    ).join('');
    for (const max of [120, 500, 2_000]) {
      const chunks = splitMessage(text, max);
      for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(max);
      expect(words(chunks.join(' '))).toEqual(words(text));
    }
  });

  test('refuses a limit too small to hold a reopened fence', () => {
    const text = '```typescript\n' + 'x'.repeat(50) + '\n```';
    expect(() => splitMessage(text, 16)).toThrow(RangeError);
  });
});
