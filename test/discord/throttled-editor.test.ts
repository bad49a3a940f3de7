import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createThrottledEditor } from '../../src/discord/throttled-editor.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function recorder() {
  const edits: { text: string; at: number }[] = [];
  const editor = createThrottledEditor(async (text) => {
    edits.push({ text, at: Date.now() });
  }, 1_000);
  return { edits, editor };
}

describe('createThrottledEditor (fake clock)', () => {
  test('edits at once, then at most once per interval, always with the latest text', async () => {
    const { edits, editor } = recorder();
    editor.push('a');
    await vi.advanceTimersByTimeAsync(0);
    editor.push('ab');
    editor.push('abc');
    await vi.advanceTimersByTimeAsync(999);
    expect(edits.map((edit) => edit.text)).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(edits).toEqual([
      { text: 'a', at: 0 },
      { text: 'abc', at: 1_000 },
    ]);
    editor.push('abcd');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(edits.map((edit) => edit.at)).toEqual([0, 1_000, 2_000]);
  });

  test('after stop() no edit goes out: neither a pending one nor a later push', async () => {
    const { edits, editor } = recorder();
    editor.push('a');
    await vi.advanceTimersByTimeAsync(0);
    editor.push('ab');
    await editor.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(edits.map((edit) => edit.text)).toEqual(['a']);
    editor.push('abc');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(edits).toHaveLength(1);
  });
});
