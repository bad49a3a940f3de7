import { isUserError } from '../core/errors.js';
import type { CliIo } from './cli-command.js';
import { CLI_COMMANDS } from './commands/index.js';

const HELP = () =>
  [
    'lantern: try Lantern from a terminal, without a Discord app.',
    '',
    'Usage: lantern <command> [options]',
    '',
    'Commands:',
    ...CLI_COMMANDS.map((command) => `  ${command.name.padEnd(11)} ${command.summary}`),
    '',
    'Run `lantern <command> --help` for its options.',
    '',
  ].join('\n');

/** Dispatches argv to a subcommand. Returns the process exit code; never throws for user mistakes. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(HELP());
    return 0;
  }
  const command = CLI_COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${HELP()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isUserError(error)) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
