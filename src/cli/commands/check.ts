import type { CliCommand } from '../cli-command.js';

/** Placeholder until its issue lands. */
export default {
  name: 'check',
  summary: 'not built yet',
  usage: 'lantern check',
  async run(_args, io) {
    io.stderr.write('lantern check is not built yet.\n');
    return 1;
  },
} satisfies CliCommand;
