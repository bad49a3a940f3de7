/**
 * The language a question is written in, when it is one Lantern's fixed replies are translated into (Spanish,
 * French, German, Portuguese); `undefined` for English or when unsure. Read from common function words and
 * letters, which is enough for the sentence-long questions members ask: a question needs at least two clear signs of
 * a language, more than it has English ones, before the reply switches. Language only, never a country.
 */
export const TRANSLATED_LANGUAGES = ['es', 'fr', 'de', 'pt'] as const;
export type TranslatedLanguage = (typeof TRANSLATED_LANGUAGES)[number];
type Scored = TranslatedLanguage | 'en';

/** Common function words of each language (lower case), space-separated. */
const WORDS: Readonly<Record<Scored, string>> = {
  en:
    'the is are a an and i my to of it what how do does can for with you that this im me should there number ' +
    'help if or just',
  es:
    'el los las del y una por para con estoy está cómo hay puedo muy pero también qué tengo mi quiere nadie ' +
    'ayudar línea número llamar es lo sí si algún alguien hablar ayuda cuando mal yo su le me que en quiero más ' +
    'ya nada soy puede porque siento vida todo mucho así',
  fr:
    "le les des du et est une pour avec je j'ai mon ma mes pas ne qui quoi c'est ça suis vous tu quand parler " +
    "numéro quelqu'un la en me sens tout temps va même nuit que dans sur veux plus rien mais mourir vie fait " +
    "trop aussi peux n'en",
  de:
    'der die das und ist ich nicht mit ein eine zu seit mein meine es wird oder sollte über was wie gibt noch ' +
    'zb habe nehme besser meinem andere welche kann bin auch für sich den dem will mehr nichts leben sterben ' +
    'mich mir nur schon immer weiß',
  pt:
    'o os um uma não nao é tá com meu minha para pra por que alguém número tô eu você vc ele ela isso mais do ' +
    'da no na sabe preciso amiga amigo mal qual oi gente estou tenho em quero nada vida morrer consigo tudo ' +
    'muito também porque',
};

/** Letters that belong to one language (or two) more than to English. */
const LETTERS: readonly { pattern: RegExp; languages: readonly TranslatedLanguage[] }[] = [
  { pattern: /[¿¡ñ]/, languages: ['es'] },
  { pattern: /[ãõ]/, languages: ['pt'] },
  { pattern: /ç/, languages: ['fr', 'pt'] },
  { pattern: /[ßäöü]/, languages: ['de'] },
  { pattern: /[èêàùœë]/, languages: ['fr'] },
  { pattern: /[áíóú]/, languages: ['es', 'pt'] },
];

const SETS = Object.fromEntries(
  Object.entries(WORDS).map(([language, words]) => [language, new Set(words.split(' '))]),
) as Record<Scored, Set<string>>;

/** Questions are short; nothing past this many characters changes the verdict. */
const MAX_READ = 600;

export function questionLanguage(question: string): TranslatedLanguage | undefined {
  const text = question.slice(0, MAX_READ).toLowerCase();
  const words = text.match(/[\p{L}']+/gu) ?? [];
  const score: Record<Scored, number> = { en: 0, es: 0, fr: 0, de: 0, pt: 0 };
  for (const word of words) {
    for (const language of Object.keys(SETS) as Scored[]) if (SETS[language].has(word)) score[language] += 1;
  }
  for (const { pattern, languages } of LETTERS) {
    if (pattern.test(text)) for (const language of languages) score[language] += 2;
  }
  let best: TranslatedLanguage | undefined;
  let second = 0;
  for (const language of TRANSLATED_LANGUAGES) {
    if (best === undefined || score[language] > score[best]) {
      if (best !== undefined) second = Math.max(second, score[best]);
      best = language;
    } else {
      second = Math.max(second, score[language]);
    }
  }
  if (best === undefined) return undefined;
  const top = score[best];
  return top >= 3 && top > score.en && top > second ? best : undefined;
}
