/**
 * `npm run bench`: runs every bench/*.bench.ts in turn. Each prints its own tables (medians, p99 and ratios against a
 * baseline measured in the same run). Benchmarks never assert; tests never time.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = (await readdir(here))
  .filter((file) => file.endsWith('.bench.ts') && (!only || file.includes(only)))
  .sort();
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}\n`);
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as { run: () => Promise<void> };
  await module.run();
}
