import { inspectKnowledge } from '../../adapters/load-knowledge.js';
import { UserError } from '../../core/errors.js';
import { formatProblem } from '../../core/knowledge/card-schema.js';
import type { Problem } from '../../core/knowledge/card-schema.js';
import { splitPassages } from '../../core/knowledge/split-passages.js';
import type { CliCommand } from '../cli-command.js';

const USAGE = `Usage: lantern knowledge check

Loads every knowledge file (cards, hotlines, crisis lexicon) from KNOWLEDGE_DIR (default: knowledge) and prints
each error and warning as "file: where: message", then a summary. Exits 1 when there is any error, so CI and the
bot refuse broken knowledge.`;

/** `lantern knowledge check`: the content validator, run by `npm test` and by editors before a pull request. */
export default {
  name: 'knowledge',
  summary: 'check the knowledge files (cards, hotlines, crisis lexicon)',
  usage: USAGE,
  async run(args, io) {
    const [subcommand, ...rest] = args;
    if (subcommand !== 'check' || rest.length > 0) {
      throw new UserError(`Unknown arguments: ${args.join(' ') || '(none)'}.\n\n${USAGE}`, 'usage');
    }
    const dir = io.env.KNOWLEDGE_DIR ?? 'knowledge';
    const { cards, hotlines, errors, warnings } = await inspectKnowledge(dir, { today: new Date() });

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
        `${count(errors.length, 'error')}, ${count(warnings.length, 'warning')}\n`,
    );
    return errors.length > 0 ? 1 : 0;
  },
} satisfies CliCommand;

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
