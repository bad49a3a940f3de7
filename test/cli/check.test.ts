import { PassThrough, Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { CliIo } from '../../src/cli/cli-command.js';
import check from '../../src/cli/commands/check.js';

function createIo(stdinLines: string[] = []): { io: CliIo; output: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const io: CliIo = {
    stdout,
    stderr: new PassThrough(),
    stdin: Readable.from(stdinLines.length === 0 ? [] : [stdinLines.join('\n') + '\n']),
    env: { KNOWLEDGE_DIR: new URL('../../knowledge', import.meta.url).pathname },
  };
  return { io, output: () => Buffer.concat(chunks).toString('utf8') };
}

describe('lantern check', () => {
  test('prints one human line for a message given as arguments and exits 0', async () => {
    const { io, output } = createIo();
    expect(await check.run(['i', 'want', 'to', 'die'], io)).toBe(0);
    expect(output()).toMatch(/^crisis \(self\): .*direct\.en\.want_to_die.*\n$/);
    expect(output().split('\n')).toHaveLength(2);
  });

  test('prints "none" for a harmless message', async () => {
    const { io, output } = createIo();
    expect(await check.run(['this homework is killing me'], io)).toBe(0);
    expect(output()).toBe('none\n');
  });

  test('--json prints level, subject, signals and the reply the responder would make', async () => {
    const { io, output } = createIo();
    expect(await check.run(['--json', 'my son is talking about suicide'], io)).toBe(0);
    const result = JSON.parse(output()) as { level: string; subject: string; signals: string[] };
    expect(Object.keys(result)).toEqual(['level', 'subject', 'signals', 'reply']);
    expect(result).toMatchObject({ level: 'concern', subject: 'other', reply: 'public' });
    expect(result.signals).toContain('third_party.en.ideation');
  });

  test('reads one message per stdin line when no message is given', async () => {
    const { io, output } = createIo(['i wish i was dead', 'suicide squad was mid', 'quiero morir']);
    expect(await check.run(['--json'], io)).toBe(0);
    const lines = output()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string });
    expect(lines.map((line) => line.level)).toEqual(['crisis', 'none', 'crisis']);
  });

  test('never echoes the message text', async () => {
    const { io, output } = createIo(['i want to die, Alex here']);
    await check.run([], io);
    expect(output()).not.toContain('Alex');
  });
});
