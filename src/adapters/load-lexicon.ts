import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { UserError } from '../core/errors.js';
import { parseLexicon, type CrisisLexicon } from '../core/crisis/lexicon-schema.js';

/** File name of the crisis lexicon inside the knowledge directory. */
export const LEXICON_FILE = 'crisis-lexicon.yaml';

/**
 * Reads and validates `${dir}/crisis-lexicon.yaml`.
 *
 * @throws UserError when the file is missing, is not YAML, or fails the lexicon schema (the message names the entry).
 */
export async function loadLexicon(dir: string): Promise<CrisisLexicon> {
  const file = path.join(dir, LEXICON_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `Cannot read the crisis lexicon at ${file} (${code ?? 'unknown error'}).`,
      'lexicon_missing',
    );
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid YAML: ${(error as Error).message}`, 'invalid_lexicon');
  }
  return parseLexicon(raw, file);
}
