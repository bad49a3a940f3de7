/**
 * The one error boundary for interactions. A `UserError` is shown to the person, ephemerally; anything else is logged
 * with context (never the person's text) and answered with a fixed, kind message. Aware of `replied || deferred`.
 */
import { MessageFlags, type BaseInteraction, type RepliableInteraction } from 'discord.js';
import { isUserError } from '../../core/errors.js';
import type { BotContext } from '../bot-context.js';
import type { Command, ComponentHandler } from '../command.js';
import { NO_MENTIONS } from '../views/discord-limits.js';
import { t } from '../i18n.js';

export interface InteractionRouter {
  handle(interaction: BaseInteraction): Promise<void>;
}

export function createInteractionRouter(
  commands: readonly Command[],
  components: readonly ComponentHandler[],
  context: BotContext,
): InteractionRouter {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  const byPrefix = new Map(components.map((handler) => [handler.prefix, handler]));
  const log = context.log.child({ module: 'interactions' });

  return {
    async handle(interaction) {
      const started = performance.now();
      let kind = 'other';
      let name = '';
      try {
        if (interaction.isChatInputCommand()) {
          kind = 'command';
          name = interaction.commandName;
          const command = byName.get(name);
          if (!command) throw new Error(`unknown command ${name}`);
          await command.execute(interaction, context);
        } else if (interaction.isAutocomplete()) {
          kind = 'autocomplete';
          name = interaction.commandName;
          const command = byName.get(name);
          await command?.autocomplete?.(interaction, context);
        } else if (interaction.isButton()) {
          kind = 'button';
          const [prefix = '', ...args] = interaction.customId.split(':');
          name = prefix;
          const handler = byPrefix.get(prefix);
          if (!handler) throw new Error(`unknown button ${prefix}`);
          await handler.execute(interaction, context, args);
        }
        log.debug({ kind, name, ms: Math.round(performance.now() - started) }, 'interaction handled');
      } catch (error) {
        if (interaction.isAutocomplete()) {
          log.warn({ kind, name, err: error }, 'autocomplete failed');
          if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
          return;
        }
        if (!interaction.isRepliable()) return;
        if (isUserError(error)) {
          log.info({ kind, name, code: error.code }, 'user error');
          await sendError(interaction, error.message);
        } else {
          log.error({ kind, name, err: error }, 'interaction failed');
          await sendError(interaction, t(interaction.locale, 'error.generic'));
        }
      }
    },
  };
}

async function sendError(interaction: RepliableInteraction, content: string): Promise<void> {
  const payload = { content, allowedMentions: NO_MENTIONS };
  try {
    if (interaction.deferred || interaction.replied) {
      await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
    } else {
      await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
    }
  } catch {
    // The interaction may have expired; nothing more can be sent.
  }
}
