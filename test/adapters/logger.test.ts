import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../../src/adapters/logger.js';

function sink() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  test('redacts tokens, keys and any user text, at the top level and one level down', () => {
    const { lines, destination } = sink();
    const log = createLogger({ level: 'info', destination });
    log
      .child({ module: 'test' })
      .info(
        {
          token: 'abc.def',
          apiKey: 'sk-1',
          content: 'I want to die',
          question: 'q',
          request: { authorization: 'Bot x', text: 't' },
        },
        'event',
      );
    const text = JSON.stringify(lines);
    for (const secret of ['abc.def', 'sk-1', 'I want to die', 'Bot x']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      module: 'test',
      msg: 'event',
      token: '[redacted]',
      content: '[redacted]',
    });
  });

  test('honours the level', () => {
    const { lines, destination } = sink();
    const log = createLogger({ level: 'warn', destination });
    log.info({}, 'hidden');
    log.warn({}, 'shown');
    expect(lines.map((line) => line.msg)).toEqual(['shown']);
  });
});
