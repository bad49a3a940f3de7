/**
 * Discord's limits, enforced in one place: every outgoing payload is built by a view that uses these helpers.
 * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';

export const MAX_MESSAGE_LENGTH = 2_000;
export const MAX_EMBED_TITLE = 256;
export const MAX_EMBED_DESCRIPTION = 4_096;
export const MAX_EMBED_FIELDS = 25;
export const MAX_FIELD_NAME = 256;
export const MAX_FIELD_VALUE = 1_024;
export const MAX_FOOTER_TEXT = 2_048;
export const MAX_AUTHOR_NAME = 256;
export const MAX_EMBED_TOTAL = 6_000;
export const MAX_EMBEDS_PER_MESSAGE = 10;
export const MAX_AUTOCOMPLETE_CHOICES = 25;
export const MAX_CHOICE_NAME = 100;
export const MAX_CHOICE_VALUE = 100;
export const MAX_CUSTOM_ID = 100;
export const MAX_BUTTON_LABEL = 80;

/** Shortens text to `max` characters at a word boundary where one is near, ending with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Mentions can never ping: views send every payload with this. */
export const NO_MENTIONS = Object.freeze({ parse: [] as never[], repliedUser: false });

/** Applies every embed limit: each part, 25 fields, and 6,000 characters across the embed. */
export function clampEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncate(out.title, MAX_EMBED_TITLE);
  if (out.description !== undefined) out.description = truncate(out.description, MAX_EMBED_DESCRIPTION);
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, MAX_FOOTER_TEXT) };
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, MAX_AUTHOR_NAME) };
  if (out.fields) {
    out.fields = out.fields.slice(0, MAX_EMBED_FIELDS).map((field): APIEmbedField => ({
      ...field,
      name: truncate(field.name, MAX_FIELD_NAME),
      value: truncate(field.value, MAX_FIELD_VALUE),
    }));
  }
  // Over the total: shorten the description first, then drop trailing fields.
  let overflow = embedLength(out) - MAX_EMBED_TOTAL;
  if (overflow > 0 && out.description) {
    out.description = truncate(out.description, Math.max(100, out.description.length - overflow));
    overflow = embedLength(out) - MAX_EMBED_TOTAL;
  }
  while (overflow > 0 && out.fields && out.fields.length > 0) {
    out.fields = out.fields.slice(0, -1);
    overflow = embedLength(out) - MAX_EMBED_TOTAL;
  }
  return out;
}

/** Characters Discord counts toward the 6,000 limit. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** `prefix:item,item,…` with as many items as fit in Discord's 100-character custom id. */
export function packCustomId(prefix: string, items: readonly string[]): string {
  let id = prefix;
  let first = true;
  for (const item of items) {
    const next = `${id}${first ? ':' : ','}${item}`;
    if (next.length > MAX_CUSTOM_ID) break;
    id = next;
    first = false;
  }
  return id;
}
