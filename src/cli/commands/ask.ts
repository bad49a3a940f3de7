import type { CliCommand } from '../cli-command.js';

/** Placeholder until its issue lands. */
export default {
  name: 'ask',
  summary: 'not built yet',
  usage: 'lantern ask',
  async run(_args, io) {
    io.stderr.write('lantern ask is not built yet.\n');
    return 1;
  },
} satisfies CliCommand;
