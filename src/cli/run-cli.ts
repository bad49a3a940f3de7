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

/** `util.parseArgs` errors: an unknown flag, a flag without its value, a stray argument. */
const PARSE_ERROR_CODES = new Set([
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
  'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
]);

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && PARSE_ERROR_CODES.has((error as { code?: unknown }).code as string);
}

/**
 * Dispatches argv to a subcommand. Returns the process exit code and never throws: a usage mistake prints what was
 * wrong and the command's usage (exit 2), a user error its message (exit 1), anything else one line (exit 1), never
 * a stack trace.
 */
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
    if (isParseArgsError(error)) {
      io.stderr.write(`lantern ${command.name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (isUserError(error)) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    io.stderr.write(
      `lantern ${command.name} stopped because of an unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}
