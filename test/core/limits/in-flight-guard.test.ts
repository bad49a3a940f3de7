import { describe, expect, test } from 'vitest';
import { createInFlightGuard } from '../../../src/core/limits/in-flight-guard.js';

describe('createInFlightGuard', () => {
  test('one question per person at a time; released, they may ask again', () => {
    const guard = createInFlightGuard();
    const release = guard.tryEnter('u1');
    expect(release).toBeTypeOf('function');
    expect(guard.tryEnter('u1')).toBeUndefined();
    expect(guard.refusal('u1')).toBe('user');
    release?.();
    expect(guard.tryEnter('u1')).toBeTypeOf('function');
  });

  test('bounds questions in progress overall', () => {
    const guard = createInFlightGuard({ maxTotal: 2 });
    guard.tryEnter('a');
    guard.tryEnter('b');
    expect(guard.tryEnter('c')).toBeUndefined();
    expect(guard.refusal('c')).toBe('busy');
    expect(guard.size).toBe(2);
  });

  test('releasing twice does not free someone else’s slot', () => {
    const guard = createInFlightGuard();
    const release = guard.tryEnter('u1');
    release?.();
    guard.tryEnter('u1');
    release?.();
    expect(guard.refusal('u1')).toBe('user');
  });
});
