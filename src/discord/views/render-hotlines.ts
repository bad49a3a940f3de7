/** Renders crisis lines as an embed. Pure: data in, Discord payload out. */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { CountryHotlines, Hotline } from '../../core/types.js';
import { t } from '../i18n.js';
import { clampEmbed } from './discord-limits.js';

/** Lantern's calm accent colour (no alarm red on crisis replies). */
export const LANTERN_COLOUR = 0xf2b84b;

export function renderHotlineEmbed(
  resources: CountryHotlines | 'international',
  international: readonly Hotline[],
  locale: string | null | undefined,
): APIEmbed {
  if (resources === 'international') {
    return clampEmbed({
      color: LANTERN_COLOUR,
      title: t(locale, 'hotline.international.title'),
      description: `${t(locale, 'hotline.international.body')}\n\n${t(locale, 'crisis.emergency.unknown')}`,
      fields: international.map((line) => lineField(line, locale)),
    });
  }
  return clampEmbed({
    color: LANTERN_COLOUR,
    title: t(locale, 'hotline.title', { country: resources.name }),
    description: t(locale, 'crisis.emergency', { number: resources.emergency }),
    fields: resources.lines.map((line) => lineField(line, locale)),
  });
}

function lineField(line: Hotline, locale: string | null | undefined): APIEmbedField {
  const parts: string[] = [];
  if (line.phone) parts.push(`📞 **${line.phone}**`);
  if (line.text) parts.push(`💬 ${line.text}`);
  if (line.chatUrl) parts.push(`🌐 ${line.chatUrl}`);
  else if (!line.phone && !line.text) parts.push(`🌐 ${line.website}`);
  const hours = line.is24x7 ? line.hours : `${t(locale, 'hotline.notCrisis')}: ${line.hours}`;
  const who = line.populations.length > 0 ? ` · ${line.populations.join(', ')}` : '';
  parts.push(`🕑 ${hours}${who}`);
  parts.push(
    `-# [${t(locale, 'hotline.source')}](${line.source}) · ${t(locale, 'hotline.verified', { date: line.lastVerified })}`,
  );
  return { name: line.name, value: parts.join('\n') };
}
