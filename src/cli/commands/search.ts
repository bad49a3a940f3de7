import type { CliCommand } from '../cli-command.js';

/** Placeholder until its issue lands. */
export default {
  name: 'search',
  summary: 'not built yet',
  usage: 'lantern search',
  async run(_args, io) {
    io.stderr.write('lantern search is not built yet.\n');
    return 1;
  },
} satisfies CliCommand;
