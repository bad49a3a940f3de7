import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../../src/adapters/logger.js';
import { describeFault, installProcessGuard } from '../../src/adapters/process-guard.js';

function sink() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, log: createLogger({ level: 'info', destination }) };
}

function setup(maxExceptions = 2) {
  const { lines, log } = sink();
  const emitter = new EventEmitter();
  let clock = 0;
  const exits: number[] = [];
  const remove = installProcessGuard({
    process: emitter,
    log,
    now: () => clock,
    maxExceptions,
    windowMs: 1_000,
    exit: (code) => exits.push(code),
  });
  return { lines, emitter, exits, remove, advance: (ms: number) => (clock += ms) };
}

describe('installProcessGuard', () => {
  test('an unhandled rejection is logged without its message, and the process carries on', () => {
    const { lines, emitter, exits } = setup();
    const error = Object.assign(new Error('member wrote: I want to die'), { code: 'E_TEST' });
    emitter.emit('unhandledRejection', error, Promise.resolve());
    emitter.emit('unhandledRejection', 'a string reason', Promise.resolve());
    expect(exits).toEqual([]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      module: 'process',
      msg: 'unhandled promise rejection; carrying on',
      fault: { type: 'Error', code: 'E_TEST' },
    });
    expect(JSON.stringify(lines)).not.toContain('want to die');
    expect(JSON.stringify(lines)).not.toContain('a string reason');
  });

  test('rare uncaught exceptions are logged and survived; a burst past the limit exits with 1', () => {
    const { lines, emitter, exits, advance } = setup(2);
    emitter.emit('uncaughtException', new TypeError('x'));
    advance(2_000);
    emitter.emit('uncaughtException', new TypeError('x'));
    emitter.emit('uncaughtException', new TypeError('x'));
    expect(exits).toEqual([]);
    emitter.emit('uncaughtException', new TypeError('x'));
    expect(exits).toEqual([1]);
    expect(lines.at(-1)).toMatchObject({ level: 60, exceptions: 3 });
    expect(lines.slice(0, 3).every((line) => line.msg === 'uncaught exception; carrying on')).toBe(true);
  });

  test('the returned function removes both handlers', () => {
    const { emitter, remove } = setup();
    expect(emitter.listenerCount('uncaughtException')).toBe(1);
    remove();
    expect(emitter.listenerCount('uncaughtException')).toBe(0);
    expect(emitter.listenerCount('unhandledRejection')).toBe(0);
  });

  test('describeFault keeps type, code and frames, never the message', () => {
    const fault = describeFault(Object.assign(new RangeError('secret text'), { code: 42 }));
    expect(fault.type).toBe('RangeError');
    expect(fault.code).toBe('42');
    expect(fault.frames?.[0]).toMatch(/^at /);
    expect(JSON.stringify(fault)).not.toContain('secret');
  });
});
