import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseLexicon, type CrisisLexicon } from '../../../src/core/crisis/lexicon-schema.js';

/** The reviewed lexicon shipped in knowledge/, parsed the same way the adapter does. */
export function loadRealLexicon(): CrisisLexicon {
  const file = new URL('../../../knowledge/crisis-lexicon.yaml', import.meta.url);
  return parseLexicon(parse(readFileSync(file, 'utf8')), 'knowledge/crisis-lexicon.yaml');
}
