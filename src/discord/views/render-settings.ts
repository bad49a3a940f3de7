/** `/config show` and the confirmation after each change. */
import type { APIEmbed } from 'discord.js';
import type { ServerSettings } from '../../core/settings/settings.js';
import { clampEmbed } from './discord-limits.js';
import { LANTERN_COLOUR } from './render-hotlines.js';

const channel = (id: string | null) => (id ? `<#${id}>` : 'off');

export function renderSettings(
  settings: ServerSettings,
  info: {
    heading: string;
    countryName: string | null;
    defaultBudget: number;
    modelConfigured: boolean;
    /** What the operator configured for the crisis second opinion (e.g. "the moderation model … at …"), if anything. */
    secondOpinionProvider?: string | undefined;
  },
): { embeds: APIEmbed[] } {
  const budget = settings.dailyTokenBudget ?? info.defaultBudget;
  return {
    embeds: [
      clampEmbed({
        color: LANTERN_COLOUR,
        title: `Lantern settings: ${info.heading}`,
        fields: [
          { name: 'Default region', value: info.countryName ?? 'not set (international list)', inline: true },
          {
            name: 'Crisis responder',
            value: settings.crisisEnabled
              ? `on, ${settings.crisisDelivery === 'dm' ? 'by direct message' : 'replies in channel'}`
              : 'off',
            inline: true,
          },
          { name: 'Cooldown per member', value: `${settings.crisisCooldownMinutes} min`, inline: true },
          { name: 'Moderator alerts', value: channel(settings.alertsChannelId), inline: true },
          {
            name: '/ask channels',
            value:
              settings.askChannelIds.length > 0
                ? settings.askChannelIds.map((id) => `<#${id}>`).join(', ')
                : 'everywhere',
            inline: true,
          },
          {
            name: 'Language model',
            value: !info.modelConfigured
              ? 'not configured by the operator (cards only)'
              : settings.modelEnabled
                ? 'on'
                : 'off (cards only)',
            inline: true,
          },
          {
            name: 'Daily token budget',
            value: `${budget.toLocaleString('en-US')} tokens${settings.dailyTokenBudget === null ? ' (default)' : ''}`,
            inline: true,
          },
          { name: 'Weekly fact', value: channel(settings.weeklyFactChannelId), inline: true },
          {
            name: 'Crisis second opinion',
            value:
              info.secondOpinionProvider === undefined
                ? 'not configured by the operator'
                : settings.secondOpinion
                  ? `on: uncertain messages go to ${info.secondOpinionProvider}`
                  : 'off',
            inline: false,
          },
        ],
      }),
    ],
  };
}
