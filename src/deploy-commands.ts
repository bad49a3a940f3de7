/**
 * `npm run deploy-commands`: registers the slash commands from the same registry the bot uses. Guild-scoped (instant)
 * when DISCORD_DEV_GUILD_ID is set, global otherwise. Run it when commands change, not on every boot.
 */
import { REST, Routes, type APIApplication } from 'discord.js';
import { loadConfig } from './config.js';
import { isUserError } from './core/errors.js';
import { COMMANDS } from './discord/commands/index.js';

async function deploy(): Promise<void> {
  const config = loadConfig(process.env, { requireToken: true });
  const rest = new REST({ api: config.discord.apiUrl }).setToken(config.discord.token ?? '');
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const body = COMMANDS.map((command) => command.data);
  const guildId = config.discord.devGuildId;
  const route = guildId
    ? Routes.applicationGuildCommands(application.id, guildId)
    : Routes.applicationCommands(application.id);
  const registered = (await rest.put(route, { body })) as unknown[];
  process.stdout.write(
    `Registered ${registered.length} commands ${guildId ? `in server ${guildId} (available now)` : 'globally (may take up to an hour to appear)'}: ${COMMANDS.map((c) => `/${c.data.name}`).join(', ')}\n`,
  );
}

deploy().catch((error: unknown) => {
  const message = isUserError(error)
    ? error.message
    : `Could not register commands: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
