/**
 * Every `lantern` command reads its arguments with Node's `util.parseArgs`: an unknown flag or a flag without its
 * value is a clear message with the command's usage and exit code 2, never a stack trace and never message text.
 * `lantern check` reads stdin one line at a time, however long the line.
 */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

const KNOWLEDGE_DIR = new URL('../../knowledge', import.meta.url).pathname;

async function run(
  argv: string[],
  stdin: NodeJS.ReadableStream = new PassThrough().end(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await runCli(argv, {
    stdout,
    stderr,
    stdin,
    env: { KNOWLEDGE_DIR, STORAGE_URL: 'memory://' },
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const STACK_FRAME = /\n\s+at /;

describe('lantern argument errors', () => {
  test.each([
    [['ask', 'is depression real?', '--verbose'], "Unknown option '--verbose'", 'Usage: lantern ask'],
    [
      ['ask', 'is depression real?', '--region'],
      "Option '--region <value>' argument missing",
      'Usage: lantern ask',
    ],
    [['ask', 'x', '--locale'], "Option '--locale <value>' argument missing", 'Usage: lantern ask'],
    [['check', '--fast', 'i am fine'], "Unknown option '--fast'", 'Usage: lantern check'],
    [['check', '-x'], "Unknown option '-x'", 'Usage: lantern check'],
  ])('%j: says what is wrong, shows the usage, exits 2, no stack trace', async (argv, message, usage) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain(usage);
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  test('lantern check no longer reads an unknown flag as message text', async () => {
    const { code, stdout } = await run(['check', '--kill-myself']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });

  test('after "--", a message that starts with "-" is a message', async () => {
    const { code, stdout } = await run(['check', '--', '-- i want to die']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^crisis \(self\)/);
  });

  test('an unexpected error is one line, without a stack trace', async () => {
    const stdin = new Readable({
      read() {
        this.destroy(new Error('stdin went away'));
      },
    });
    const { code, stderr } = await run(['check'], stdin);
    expect(code).toBe(1);
    expect(stderr).toBe('lantern check stopped because of an unexpected error: stdin went away\n');
  });
});

describe('lantern check on stdin', () => {
  test('a 10 MB line is read and checked without a crash, and the next line still is', async () => {
    const huge = `${'i want to die '.repeat((10 * 1024 * 1024) / 14)}`;
    const stdin = Readable.from([huge, '\n', 'this homework is killing me\n']);
    const { code, stdout, stderr } = await run(['check', '--json'], stdin);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string });
    expect(lines).toHaveLength(2);
    expect(lines[0]?.level).toBe('crisis');
    expect(lines[1]?.level).toBe('none');
  });

  test('a 10 MB line of one-letter words and expanding characters does not crash either', async () => {
    const stdin = Readable.from([`${'a '.repeat(2_500_000)}${'\uFDFA'.repeat(1_000_000)}\n`]);
    const { code, stdout } = await run(['check'], stdin);
    expect(code).toBe(0);
    expect(stdout).toBe('none\n');
  });
});
