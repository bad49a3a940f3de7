import { inspectKnowledge } from '../../adapters/load-knowledge.js';
import { UserError } from '../../core/errors.js';
import { countHotlineSources } from '../../core/hotlines/hotline-schema.js';
import { formatProblem } from '../../core/knowledge/card-schema.js';
import type { Problem } from '../../core/knowledge/card-schema.js';
import { splitPassages } from '../../core/knowledge/split-passages.js';
import type { CliCommand } from '../cli-command.js';

const USAGE = `Usage: lantern knowledge check
       lantern knowledge freshness

check      Loads every knowledge file (cards, hotlines, crisis lexicon) from KNOWLEDGE_DIR (default: knowledge),
           applies the schema and the source policy, and prints each error and warning as "file: where: message",
           then a summary with how many claims have a primary source. Exits 1 on any error. Part of npm test; the
           age of reviews is only a warning here, so the calendar alone never fails a build.
freshness  The scheduled check: the same, plus review age. Cards and hotline entries reviewed 18+ months ago are
           errors (12+ months: warnings). Exits 1 when something needs re-checking.`;

/**
 * `lantern knowledge check`: the content validator, run by `npm test` and by editors before a pull request.
 * `lantern knowledge freshness`: the scheduled age check (npm run knowledge:freshness, run by CI on a timer).
 */
export default {
  name: 'knowledge',
  summary: 'check the knowledge files (cards, hotlines, crisis lexicon)',
  usage: USAGE,
  async run(args, io) {
    const [subcommand, ...rest] = args;
    if ((subcommand !== 'check' && subcommand !== 'freshness') || rest.length > 0) {
      throw new UserError(`Unknown arguments: ${args.join(' ') || '(none)'}.\n\n${USAGE}`, 'usage');
    }
    const dir = io.env.KNOWLEDGE_DIR ?? 'knowledge';
    const { cards, hotlines, errors, warnings, claims } = await inspectKnowledge(dir, {
      today: new Date(),
      age: subcommand === 'freshness' ? 'strict' : 'warn',
    });

    const print = (heading: string, problems: Problem[]) => {
      if (problems.length === 0) return;
      io.stdout.write(`${heading}\n${problems.map((problem) => `  ${formatProblem(problem)}\n`).join('')}\n`);
    };
    print('Errors:', errors);
    print('Warnings:', warnings);

    const passages = cards.reduce((total, card) => total + splitPassages(card).length, 0);
    io.stdout.write(
      `${dir}: ${count(cards.length, 'card')}, ${count(passages, 'passage')}, ` +
        `${count(hotlines?.countries.length ?? 0, 'country', 'countries')}: ` +
        `${count(errors.length, 'error')}, ${count(warnings.length, 'warning')}\n` +
        `claims (numbers, dates, regulatory statements): ${claims.withPrimarySource} of ${claims.total} have a primary source on their passage` +
        (claims.onUnnarrowedPassages > 0
          ? `; ${claims.onUnnarrowedPassages} of them on passages that still list every source of their card\n`
          : '\n'),
    );
    if (hotlines !== undefined) {
      const sourced = countHotlineSources(hotlines);
      io.stdout.write(
        `hotlines: ${sourced.sourcedToServiceOrAuthority} of ${sourced.lines} lines sourced to the service's own site or a health authority, ` +
          `${sourced.checked} checked on the service's page; ${sourced.emergencySourcedToAuthority} of ${sourced.countries} emergency numbers sourced to that country's authority\n`,
      );
    }
    return errors.length > 0 ? 1 : 0;
  },
} satisfies CliCommand;

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
