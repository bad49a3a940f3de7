import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadLexicon } from '../../adapters/load-lexicon.js';
import { loadRiskModel } from '../../adapters/load-risk-model.js';
import { loadKnownWords } from '../../adapters/load-known-words.js';
import { createShippedCrisisReader, type CrisisReading } from '../../core/responder/read-crisis.js';
import { checkMessage, NO_REPLY_POLICY } from '../../core/use-cases/check-message.js';
import type { CliCommand } from '../cli-command.js';

/** Where a terminal's messages come from, for the use case's request (no server, no member). */
const TERMINAL = { guildId: 'terminal', channelId: 'terminal', userId: 'terminal' } as const;

function formatHuman({ result, reply }: CrisisReading): string {
  if (result.level === 'none') return 'none';
  const quiet = reply === 'quiet' ? ' [quiet: no public reply]' : '';
  return `${result.level} (${result.subject}): ${result.signals.join(', ')}${quiet}`;
}

function formatJson({ result, reply }: CrisisReading): string {
  return JSON.stringify({ level: result.level, subject: result.subject, signals: result.signals, reply });
}

/**
 * `lantern check [--json] [message]`: runs the crisis responder's detection (the phrase lexicon, then the risk model)
 * on one message, or on each line of stdin. Prints only the level, subject and signal ids, never the message itself.
 */
export default {
  name: 'check',
  summary: 'run the crisis detector on a message (or one per stdin line)',
  usage: [
    'Usage: lantern check [--json] [--] [message]',
    '',
    'Runs the crisis detector on the message, or on each line of stdin when no message is given.',
    'Prints one line per message, e.g. "crisis (self): direct.en.want_to_die", or "none".',
    '',
    'Options:',
    '  --json   print one JSON object per message: {"level","subject","signals","reply"}',
    '  --       the rest is the message, even if it starts with "-"',
    '',
    'reply is "public" (Lantern replies), "quiet" (an uncertain model-only signal: no public reply) or "none".',
    '',
    'Environment: KNOWLEDGE_DIR (default "knowledge") holds crisis-lexicon.yaml and crisis-risk-model.json.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean', default: false } },
    });
    const json = values.json;
    const message = positionals.join(' ');
    const dir = io.env.KNOWLEDGE_DIR ?? 'knowledge';
    const [lexicon, model] = await Promise.all([loadLexicon(dir), loadRiskModel(dir)]);
    const { read } = createShippedCrisisReader({ lexicon, model, knownWords: loadKnownWords() });
    let count = 0;
    // The same use case as the bot's message handler; a terminal has no server, so no reply policy applies.
    const print = async (text: string): Promise<void> => {
      count += 1;
      const { reading } = await checkMessage(
        { read, planReply: NO_REPLY_POLICY },
        { text, place: { messageId: String(count), ...TERMINAL } },
      );
      io.stdout.write(`${json ? formatJson(reading) : formatHuman(reading)}\n`);
    };
    if (message !== '') {
      await print(message);
      return 0;
    }
    // One line at a time, however long: the detector reads at most MAX_SAFETY_INPUT_LENGTH characters of it.
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const line of lines) await print(line);
    return 0;
  },
} satisfies CliCommand;
