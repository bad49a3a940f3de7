import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from './bot-context.js';

/** One slash command: its definition beside its handler. Collected in commands/index.ts. */
export interface Command {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
}

/** A button handler, chosen by the first segment of the custom id (`crisis:stop` → `crisis`). */
export interface ComponentHandler {
  readonly prefix: string;
  execute(interaction: ButtonInteraction, context: BotContext, args: string[]): Promise<void>;
}
