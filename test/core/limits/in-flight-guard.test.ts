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

  test('enter: when full, questions wait in line and take freed slots in order', async () => {
    const guard = createInFlightGuard({ maxTotal: 1 });
    const first = await guard.enter('a', 1_000);
    expect(first).toBeTypeOf('function');
    const order: string[] = [];
    const b = guard.enter('b', 1_000).then((result) => (order.push('b'), result));
    const c = guard.enter('c', 1_000).then((result) => (order.push('c'), result));
    expect(guard.tryEnter('d')).toBeUndefined();
    (first as () => void)();
    const releaseB = await b;
    expect(order).toEqual(['b']);
    expect(guard.size).toBe(1);
    (releaseB as () => void)();
    expect(await c).toBeTypeOf('function');
    expect(order).toEqual(['b', 'c']);
  });

  test('enter: a person already asking is refused at once; a wait that runs out is refused as busy', async () => {
    const guard = createInFlightGuard({ maxTotal: 1 });
    await guard.enter('a', 1_000);
    expect(await guard.enter('a', 1_000)).toBe('user');
    expect(await guard.enter('b', 20)).toBe('busy');
    expect(guard.refusal('b')).toBe('busy');
    expect(guard.size).toBe(1);
  });
});
