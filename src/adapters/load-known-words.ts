import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

let cached: ReadonlySet<string> | undefined;

/**
 * The English word list the crisis detector uses to tell a misspelling from a real word (the `word-list` package:
 * 274,000 words, MIT). Read once per process (about 20 MB in memory), on first use.
 */
export function loadKnownWords(): ReadonlySet<string> {
  cached ??= new Set(
    readFileSync(wordListPath, 'utf8')
      .split('\n')
      .map((word) => word.trim().toLowerCase())
      .filter((word) => word !== ''),
  );
  return cached;
}
