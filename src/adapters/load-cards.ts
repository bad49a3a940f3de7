import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { KnowledgeError, parseCardFile } from '../core/knowledge/card-schema.js';
import type { Problem } from '../core/knowledge/card-schema.js';
import type { Card } from '../core/types.js';

/** Card files live here, relative to the knowledge directory. */
export const CARDS_FOLDER = 'cards';

/**
 * Reads every `<dir>/cards/*.md` in name order and parses it. A broken file does not stop the others: its problems
 * are collected and the card left out, so that one run shows everything to fix.
 */
export async function loadCards(dir: string): Promise<{ cards: Card[]; problems: Problem[] }> {
  const folder = path.join(dir, CARDS_FOLDER);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.md')).sort();
  } catch (error) {
    if (isMissing(error)) {
      return { cards: [], problems: [{ file: `${CARDS_FOLDER}/`, message: `no cards folder in ${dir}` }] };
    }
    throw error;
  }

  const cards: Card[] = [];
  const problems: Problem[] = [];
  const texts = await Promise.all(names.map((name) => readFile(path.join(folder, name), 'utf8')));
  names.forEach((name, index) => {
    const file = `${CARDS_FOLDER}/${name}`;
    try {
      cards.push(parseCardFile(file, texts[index] ?? ''));
    } catch (error) {
      if (!(error instanceof KnowledgeError)) throw error;
      problems.push(...error.problems);
    }
  });
  if (names.length === 0)
    problems.push({ file: `${CARDS_FOLDER}/`, message: 'there are no card files (*.md)' });
  return { cards, problems };
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
