/**
 * Hostile inputs up to Discord's limits (4,000 characters for a Nitro message, 6,000 for interaction option text),
 * for the worst-case rows of the crisis and /ask benchmarks: characters that expand under NFKC, long words, floods of
 * words, letters and markup, emoji only, mixed scripts, invisible characters. Each is built to the given length.
 * @see https://discord.com/developers/docs/resources/message#create-message (content ≤ 2,000; 4,000 with Nitro)
 */
export const DISCORD_MESSAGE_LIMIT = 4_000;
export const DISCORD_OPTION_TEXT_LIMIT = 6_000;

const fill = (unit: string, length: number): string =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

export function buildAdversarialCorpus(length: number): (readonly [string, string])[] {
  return [
    ['"ﷺ" flood (NFKC × 18)', fill('\uFDFA', length)],
    ['"ﷺ ﷻ" alternating', fill('\uFDFA\uFDFB ', length)],
    ['"⑴" flood (NFKC × 3)', fill('\u2474', length)],
    ['"ﬃ" ligature flood', fill('\uFB03', length)],
    ['one long word', fill('a', length)],
    ['one long mixed word', fill('ab1', length)],
    ['"i want to die" flood', fill('i want to die ', length)],
    ['one-letter word flood', fill('a b ', length)],
    ['spaced letters flood', fill('s u i c i d e  ', length)],
    ['dotted letters flood', fill('k.i.l.l ', length)],
    ['leetspeak flood', fill('k1ll m3 ', length)],
    ['censor stars flood', fill('k*ll s**cide ', length)],
    ['Markdown flood', fill('**a**b||c|| ', length)],
    ['emoji only', fill('😂💀', length)],
    ['emoji and flowers', fill('😂🌸💀🌼', length)],
    ['Cyrillic and Greek mixed', fill('кіll мyѕеlf κιλλ ', length)],
    ['small capitals', fill('ɪ ᴡᴀɴᴛ ᴛᴏ ᴅɪᴇ ', length)],
    ['zero-width inside words', fill('d\u200Bi\u200Be ', length)],
    ['combining marks (Zalgo)', fill('a\u0301\u0336\u0489', length)],
    ['Arabic-Indic digits', fill('٣٠ ', length)],
    ['mentions and links', fill('<@123456789012345678> https://x.y/z ', length)],
    ['punctuation only', fill('?!.', length)],
  ];
}
