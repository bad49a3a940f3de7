import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseHotlines } from '../core/hotlines/hotline-schema.js';
import type { HotlineDirectory } from '../core/types.js';

/** The hotline file's name inside the knowledge directory. */
export const HOTLINES_FILE = 'hotlines.yaml';

/**
 * Reads and validates `${dir}/hotlines.yaml`. Shape only: `checkHotlines` applies the source policy, and
 * `checkHotlineFreshness` (the scheduled check) the review age.
 *
 * @throws Error naming the file when it cannot be read, is not valid YAML, or does not match the schema.
 */
export async function loadHotlines(dir: string): Promise<HotlineDirectory> {
  const file = join(dir, HOTLINES_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read the hotline file (${describe(error)})`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid YAML (${describe(error)})`, { cause: error });
  }
  return parseHotlines(raw, file);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
