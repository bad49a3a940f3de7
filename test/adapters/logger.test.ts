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
    log.child({ module: 'test' }).info(
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

  test('errors lose their request body and any interaction token in URLs', () => {
    const { lines, destination } = sink();
    const log = createLogger({ level: 'info', destination });
    const error = Object.assign(new Error('Unknown Webhook'), {
      url: 'https://discord.com/api/v10/webhooks/123/aW50ZXJhY3Rpb246MTIz.abc/messages/@original',
      requestBody: { json: { content: 'a reply with user words' } },
      status: 404,
    });
    log.error({ err: error }, 'failed');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('user words');
    expect(text).not.toContain('aW50ZXJhY3Rpb246MTIz');
    expect(lines[0]?.err).toMatchObject({
      status: 404,
      url: 'https://discord.com/api/v10/webhooks/123/[redacted]/messages/@original',
    });
  });
});
