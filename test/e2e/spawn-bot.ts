/** Runs Lantern's entry points as real child processes, from source through tsx, as `npm start` would. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** tsx's loader by absolute URL, since a child may run in a temp folder without node_modules. */
const TSX_LOADER = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href;

export interface RunningProcess {
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stdout: () => string;
  kill: (signal: NodeJS.Signals) => void;
}

/** Runs a TypeScript entry point with a clean environment (no .env is read when cwd is a temp folder). */
export function runEntry(entry: string, env: Record<string, string>, cwd: string): RunningProcess {
  const loader = entry.endsWith('.ts') ? ['--import', TSX_LOADER] : [];
  const child = spawn(process.execPath, [...loader, path.resolve(entry)], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_NO_WARNINGS: '1',
      KNOWLEDGE_DIR: path.resolve('knowledge'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    exit: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr }))),
    stdout: () => stdout,
    kill: (signal) => child.kill(signal),
  };
}

export async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
