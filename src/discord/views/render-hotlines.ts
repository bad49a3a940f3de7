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
      // Emergency services first: the directories are not crisis lines and keep no hours of their own.
      description: `${t(locale, 'crisis.emergency.unknown')}\n\n${t(locale, 'hotline.international.body')}`,
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
  parts.push(`-# ${freshness(line, locale)}`);
  return { name: line.name, value: parts.join('\n') };
}

/**
 * What members can rely on about a number: "number checked <date> against <site>" only when a person read the
 * service's own page that day (`checked`); otherwise the source and the date the source itself carries.
 * @see issue 13, item 4
 */
function freshness(line: Hotline, locale: string | null | undefined): string {
  const site = siteName(line.source);
  const link = `[${site}](${line.source})`;
  if (line.checked !== undefined) return t(locale, 'hotline.checked', { date: line.checked, source: link });
  if (line.sourceDate !== undefined)
    return t(locale, 'hotline.sourceDated', { source: link, date: line.sourceDate });
  return t(locale, 'hotline.sourceUndated', { source: link });
}

function siteName(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
