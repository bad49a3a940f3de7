import { parseArgs } from 'node:util';
import { loadCards } from '../../adapters/load-cards.js';
import { UserError } from '../../core/errors.js';
import {
  createRetriever,
  isConfident,
  MIN_CONFIDENT_RELEVANCE,
} from '../../core/retrieval/create-retriever.js';
import type { CliCommand } from '../cli-command.js';

const USAGE = `Usage: lantern search "<query>" [--json] [--limit N]

Searches the knowledge cards in KNOWLEDGE_DIR (default: knowledge) the way /ask does, and prints the best passages
with their card ids, headings and relevance scores.

  --limit N   how many passages to show (default 5, at most 50)
  --json      print JSON instead of text`;

const MAX_LIMIT = 50;
const PREVIEW_LENGTH = 160;

/** `lantern search`: see what retrieval finds for a question, to write cards and aliases that people will reach. */
export default {
  name: 'search',
  summary: 'search the knowledge cards the way /ask does',
  usage: USAGE,
  async run(args, io) {
    const { query, json, limit } = readArgs(args);
    const dir = io.env.KNOWLEDGE_DIR ?? 'knowledge';
    const { cards, problems } = await loadCards(dir);
    if (problems.length > 0) {
      io.stderr.write(`Note: ${problems.length} problem(s) in the cards; run \`lantern knowledge check\`.\n`);
    }
    const hits = createRetriever(cards).search(query, { limit });
    const confident = isConfident(hits);

    if (json) {
      const rows = hits.map((hit) => ({
        passageId: hit.passage.id,
        cardId: hit.card.id,
        title: hit.card.title,
        heading: hit.passage.heading,
        score: round(hit.score),
        text: hit.passage.text,
      }));
      io.stdout.write(`${JSON.stringify({ confident, hits: rows }, null, 2)}\n`);
      return 0;
    }

    if (hits.length === 0) {
      io.stdout.write('No passages match.\n');
      return 0;
    }
    hits.forEach((hit, index) => {
      const heading = hit.passage.heading === '' ? '(summary)' : hit.passage.heading;
      io.stdout.write(
        `${index + 1}. ${hit.passage.id}  ${heading}  score ${round(hit.score)}\n` +
          `   ${hit.card.title}\n   ${preview(hit.passage.text)}\n`,
      );
    });
    if (!confident) {
      io.stdout.write(
        `\nThe best score is below the confidence floor (${MIN_CONFIDENT_RELEVANCE}): /ask would say it has no card on that.\n`,
      );
    }
    return 0;
  },
} satisfies CliCommand;

function readArgs(args: string[]): { query: string; json: boolean; limit: number } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { json: { type: 'boolean', default: false }, limit: { type: 'string' } },
  });
  let limit = 5;
  if (values.limit !== undefined) {
    limit = /^\d{1,3}$/.test(values.limit) ? Number(values.limit) : Number.NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new UserError(
        `--limit must be a whole number from 1 to ${MAX_LIMIT}, got "${values.limit}".`,
        'usage',
      );
    }
  }
  const query = positionals.join(' ').trim();
  if (query === '') throw new UserError(`Give a query to search for.\n\n${USAGE}`, 'usage');
  return { query, json: values.json, limit };
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= PREVIEW_LENGTH ? flat : `${flat.slice(0, PREVIEW_LENGTH - 1).trimEnd()}…`;
}

function round(score: number): number {
  return Math.round(score * 100) / 100;
}
