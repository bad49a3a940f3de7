import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../src/cli/run-cli.js';

/** The repository's real knowledge directory. */
export const REAL_KNOWLEDGE_DIR = fileURLToPath(new URL('../../../knowledge', import.meta.url));

/** Today as YYYY-MM-DD (UTC), for cards that must pass the freshness check whenever the tests run. */
export function todayString(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A valid card file for `id`, with front matter lines replaced or added by `fields` (YAML lines). */
export function cardText(id: string, fields: Record<string, string> = {}, body?: string): string {
  const front: Record<string, string> = {
    id,
    title: `About ${id.replace(/-/g, ' ')}`,
    kind: 'fact',
    tags: '[test]',
    aliases: '[]',
    summary: `A short summary of ${id.replace(/-/g, ' ')} that stands on its own.`,
    related: '[]',
    sources: '\n  - id: agency-2024\n    title: A source page\n    publisher: An agency\n    url: https://www.who.int/page\n    date: 2024-01',
    reviewed: todayString(),
    ...fields,
  };
  const yaml = Object.entries(front)
    .map(([key, value]) => `${key}:${value.startsWith('\n') ? '' : ' '}${value}`)
    .join('\n');
  const text =
    body ??
    `An opening paragraph about ${id.replace(/-/g, ' ')} that answers the question directly and plainly for anyone.\n\n` +
      `## More about ${id.replace(/-/g, ' ')}\nA section with enough words to be a passage of its own, written in plain and kind language for readers.`;
  return `---\n${yaml}\n---\n${text}\n`;
}

/**
 * Writes a knowledge directory in a fresh temporary folder: `files` (paths relative to it) plus, unless left out,
 * copies of the real hotlines.yaml, crisis-lexicon.yaml and crisis-risk-model.json so that tests exercise the real loaders.
 */
export async function writeKnowledgeDir(
  files: Record<string, string>,
  { copyReal = ['hotlines.yaml', 'crisis-lexicon.yaml', 'crisis-risk-model.json'] }: { copyReal?: string[] } = {},
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lantern-knowledge-'));
  await mkdir(path.join(dir, 'cards'));
  for (const name of copyReal) await copyFile(path.join(REAL_KNOWLEDGE_DIR, name), path.join(dir, name));
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
  return dir;
}

/** Runs a `lantern` command line in-process with `env`, capturing what it prints. */
export async function runLantern(
  argv: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await runCli(argv, { stdout, stderr, stdin: new PassThrough(), env });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
