import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CliIo } from '../../src/cli/cli-command.js';
import ask from '../../src/cli/commands/ask.js';
import { runCli } from '../../src/cli/run-cli.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.js';

const KNOWLEDGE_DIR = new URL('../../knowledge', import.meta.url).pathname;

function createIo(env: NodeJS.ProcessEnv = {}): { io: CliIo; output: () => string; errors: () => string } {
  const capture = () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const stdout = capture();
  const stderr = capture();
  const io: CliIo = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Readable.from([]),
    env: { KNOWLEDGE_DIR, ...env },
  };
  return { io, output: stdout.text, errors: stderr.text };
}

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
});

describe('lantern ask', () => {
  test('--json without a model: an extractive answer with citations to real cards', async () => {
    const { io, output } = createIo();
    expect(await ask.run(['--json', 'What is Spravato?'], io)).toBe(0);
    const printed = JSON.parse(output()) as {
      route: string;
      text: string;
      citations: { id: string; url: string }[];
      mode: string;
    };
    expect(Object.keys(printed)).toEqual(['route', 'text', 'citations', 'mode']);
    expect(printed).toMatchObject({ route: 'answer', mode: 'extractive' });
    expect(printed.citations[0]?.url).toMatch(/^https:\/\//);
    expect(printed.text).toMatch(/\[1\]/);
  });

  test('a crisis question prints the warm reply, the lines with their numbers and the footer', async () => {
    const { io, output } = createIo();
    expect(await ask.run(['I want to kill myself', '--region', 'us'], io)).toBe(0);
    const text = output();
    expect(text).toMatch(/glad you told me/);
    expect(text).toMatch(/Crisis lines in United States \(emergency: 911\)/);
    expect(text).toMatch(/call 988/);
    expect(text).toMatch(/Not medical advice/);
  });

  test('without a region, crisis lines fall back to the international list', async () => {
    const { io, output } = createIo();
    await ask.run(['I want to end my life'], io);
    expect(output()).toMatch(/Crisis lines \(call your local emergency number/);
  });

  test('human output lists the sources after the answer', async () => {
    const { io, output } = createIo();
    await ask.run(['Is ketamine a horse tranquilizer?'], io);
    expect(output()).toMatch(/\n\nSources:\n {2}\[1\] .+: https:\/\//);
  });

  test('with LLM_BASE_URL and LLM_MODEL set, the model writes the answer', async () => {
    server.enqueue({ kind: 'reply', text: 'Spravato is an esketamine nasal spray [1].' });
    const { io, output } = createIo({ LLM_BASE_URL: server.baseURL, LLM_MODEL: 'fake-model' });
    expect(await ask.run(['--json', 'What is Spravato?'], io)).toBe(0);
    expect(JSON.parse(output())).toMatchObject({
      mode: 'llm',
      text: 'Spravato is an esketamine nasal spray [1].',
    });
    expect(server.requests.at(-1)?.body).toMatchObject({ model: 'fake-model' });
  });

  test('--cards-only ignores a configured model', async () => {
    const before = server.requests.length;
    const { io, output } = createIo({ LLM_BASE_URL: server.baseURL, LLM_MODEL: 'fake-model' });
    await ask.run(['--json', '--cards-only', 'What is Spravato?'], io);
    expect(JSON.parse(output())).toMatchObject({ mode: 'extractive' });
    expect(server.requests.length).toBe(before);
  });

  test('a missing question or a bad region is a clear error with exit code 1', async () => {
    const missing = createIo();
    expect(await runCli(['ask'], missing.io)).toBe(1);
    expect(missing.errors()).toMatch(/Give a question in quotes/);
    const badRegion = createIo();
    expect(await runCli(['ask', 'what is depression', '--region', 'english'], badRegion.io)).toBe(1);
    expect(badRegion.errors()).toMatch(/--region must be a two-letter country code/);
  });
});
