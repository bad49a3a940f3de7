/**
 * Run-time permission checks. Default member permissions on a command can be changed by a server, so commands that
 * post publicly or change settings check again here.
 */
import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../core/errors.js';
import { t } from './i18n.js';

export function requireManageMessages(interaction: ChatInputCommandInteraction): void {
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages)) {
    throw new UserError(t(interaction.locale, 'permission.manageMessages'), 'forbidden');
  }
}

export function requireManageGuild(interaction: ChatInputCommandInteraction): void {
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError(t(interaction.locale, 'permission.manageGuild'), 'forbidden');
  }
}

export function requireGuild(interaction: ChatInputCommandInteraction): string {
  if (!interaction.guildId) throw new UserError(t(interaction.locale, 'common.guildOnly'), 'guild_only');
  return interaction.guildId;
}
