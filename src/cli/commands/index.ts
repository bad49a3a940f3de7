import type { CliCommand } from '../cli-command.js';
import ask from './ask.js';
import check from './check.js';
import knowledge from './knowledge.js';
import search from './search.js';

/** Every `lantern` subcommand, in the order `lantern --help` lists them. */
export const CLI_COMMANDS: readonly CliCommand[] = [ask, check, search, knowledge];
