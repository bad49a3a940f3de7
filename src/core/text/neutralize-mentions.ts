/**
 * The one way Lantern defuses mentions in text it did not write (model output, card text, anything echoed): used by
 * the output guard on each sentence and by every Discord view that shows such text. `allowedMentions` already stops
 * pings; this keeps the text itself from reading as a ping or a channel link if a payload ever lacked it.
 */

/**
 * `@everyone` and `@here` get a zero-width space after the `@` (also when letters follow, as Discord would still
 * highlight them); user, role and channel mentions become `@user`, `@role` and `#channel`. Idempotent.
 */
export function neutralizeMentions(text: string): string {
  return text
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<@!?\d+>/g, '@user')
    .replace(/<@&\d+>/g, '@role')
    .replace(/<#\d+>/g, '#channel');
}
