import type { CliCommand } from '../cli-command.js';

/** Placeholder until its issue lands. */
export default {
  name: 'knowledge',
  summary: 'not built yet',
  usage: 'lantern knowledge',
  async run(_args, io) {
    io.stderr.write('lantern knowledge is not built yet.\n');
    return 1;
  },
} satisfies CliCommand;
