import { describe, expect, test } from 'vitest';
import { normalizeText } from '../../../src/core/crisis/normalize-text.js';

describe('normalizeText', () => {
  test.each([
    ['lower case and NFKC full-width letters', 'Ｉ ＷＡＮＴ', 'i want'],
    ['accents stripped (es)', 'Todos estarían mejor sin mí', 'todos estarian mejor sin mi'],
    ['accents stripped (pt)', 'não quero', 'nao quero'],
    ['accents stripped (fr)', 'je préfère', 'je prefere'],
    ['German sharp s', 'Straße', 'strasse'],
    ['zero-width space removed', 'su\u200Bicide', 'suicide'],
    ['zero-width joiner and word joiner removed', 'k\u200Dil\u2060l', 'kill'],
    ['byte order mark removed', '\uFEFFdie', 'die'],
    ['soft hyphen removed', 'sui\u00ADcidal', 'suicidal'],
    ['Cyrillic look-alikes', 'і wаnt tо dіе', 'i want to die'],
    ['Greek look-alikes', 'κιll', 'kill'],
    ['dotless i', 'dıe', 'die'],
    ['leetspeak digits inside words', 'su1c1d3', 'suicide'],
    ['leetspeak 4 0 5 7', 'h4t3 my53lf 70d4y', 'hate myself today'],
    ['leetspeak @ and $ inside words', 'h@te $uicide', 'hate suicide'],
    ['exclamation mark inside a word', 'k!ll', 'kill'],
    ['exclamation mark at the end is punctuation', 'die!!!', 'die'],
    ['numbers with units are not leetspeak', 'took 800mg at 10pm', 'took 800mg at 10pm'],
    ['plain numbers stay numbers', 'took 30 pills', 'took 30 pills'],
    ['stretched letters cut to two', 'diiiiie sooooo', 'diie soo'],
    ['real double letters kept', 'killll', 'kill'],
    ['repeated words collapsed', 'die die die', 'die'],
    ['spaced-out letters joined', 's u i c i d e', 'suicide'],
    ['two spaces still separate spaced words', 'k i l l  m y s e l f', 'kill myself'],
    ['spelled-out words separated by wide gaps', 'k m s  t o n i g h t', 'kill myself tonight'],
    ['dotted letters joined word by word', 'k.i.l.l m.y.s.e.l.f', 'kill myself'],
    ['hyphenated letters joined', 's-u-i-c-i-d-e', 'suicide'],
    ['Discord spoilers unwrapped', '||i want to die||', 'i want to die'],
    ['spoiler inside a word', 'sui||cide||', 'suicide'],
    ['inline code unwrapped', '`kill myself`', 'kill myself'],
    ['code block unwrapped', '```\nkill myself\n```', 'kill myself'],
    ['block quote marker removed', '> i want to die', 'i want to die'],
    ['markdown emphasis removed', '**i** _want_ ~~to~~ *die*', 'i want to die'],
    ['emphasis inside a word', '**su**icide', 'suicide'],
    ['apostrophes dropped then contractions expanded', "I'm don't can’t", 'i am do not can not'],
    ['wanna gonna', 'wanna gonna', 'want to going to'],
    ['kms expands to kill myself', 'kms', 'kill myself'],
    ['kys is not expanded (harassment, not disclosure)', 'kys', 'kys'],
    ['unalive myself means kill myself', 'unalive myself', 'kill myself'],
    ['unalive alone means die', 'i want to unalive', 'i want to die'],
    ['unalived herself', 'she unalived herself', 'she killed herself'],
    ['sewer slide means suicide', 'sewer slide', 'suicide'],
    ['punctuation becomes a single space', 'i...want,to;die?!', 'i want to die'],
    ['laughing emoji become a word', 'im dead 😂', 'i am dead emojilaugh'],
    ['skull emoji become a word', '💀', 'emojiskull'],
    ['pill emoji become a word', '💊💊 bye', 'emojipill bye'],
    ['other emoji become spaces', 'hi 🌸 there', 'hi there'],
    ['Discord mentions and custom emoji removed', '<@123456> <:pepe_dead:98765> ok', 'ok'],
    ['links removed', 'see https://example.com/suicide-squad now', 'see now'],
    ['small capitals folded', 'ɪ ᴡᴀɴᴛ ᴛᴏ ᴅɪᴇ', 'i want to die'],
    ['superscript letters folded by NFKC', 'ᴵ ʷᵃⁿᵗ ᵗᵒ ᵈⁱᵉ', 'i want to die'],
    [
      'zero-width space between words leaves them run together, then split',
      'kill\u200Bmyself',
      'kill myself',
    ],
    ['a lone spelled-out i stays a word', 'i w a n t to die', 'i want to die'],
    ['a lone i before wide-gapped spelled-out words', 'i w a n t  t o  d i e', 'i want to die'],
    ['spelled-out words that start with i stay whole', 'i n s u l i n', 'insulin'],
    ['French clitics run together', "jpense chuis j'en", 'je pense je suis je nen'],
    ['blood and knife emoji become words', 'me rn: 🔪🩸', 'me right now emojiknife emojiblood'],
    ['sewerslidal means suicidal', 'sewerslidal', 'suicidal'],
    ['empty text', '   ', ''],
  ])('%s', (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  test('is idempotent on its own output', () => {
    const once = normalizeText("I'm sooo d0ne, ||k i l l  m y s e l f||");
    expect(normalizeText(once)).toBe(once);
  });
});
