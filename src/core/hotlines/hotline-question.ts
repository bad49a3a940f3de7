/**
 * Reads a question that asks for crisis lines ("samaritans number", "hotline in germany", "is there a text line in
 * canada", "what does 988 do"): whether it asks for a line at all, which country it names (by country name, a common
 * alias, the name of a service, or a line's own number), and whether it asks *about* a line (what it does, whether it
 * is confidential) rather than for its number. Countries come only from what the question names: a language never
 * selects a country.
 */
import type { CountryHotlines } from '../types.js';
import type { HotlineFinder } from './find-hotlines.js';

export interface HotlineQuestion {
  /** The country the question names, if any. */
  country?: CountryHotlines;
  /** Countries whose service or number the question names when several share it (988: the US and Canada). */
  candidates: CountryHotlines[];
  /** Asks what a line does, how it works or whether it is confidential (a card answers; the lines come with it). */
  aboutTheLine: boolean;
}

const ASKS_FOR_A_LINE =
  /\b(hotlines?|help ?lines?|crisis (lines?|numbers?|text|chat)|text lines?|life ?lines?|suicide (lines?|numbers?|prevention (lines?|numbers?))|prevention lines?|samaritans|number (to|i can|can i|i could) (call|text|ring)|(the|a|any) number (over there|there|here|in|for) |(a|any|the) number (i|she|he|they|we|you) (can|could) (call|text|ring)|is there (a|any) (number|text line|line)|hay (algun|un) (numero|telefono)|who (can|do|should|could) i (call|text|ring)|(phone|telephone) numbers? (for|to)|a number for|lineas? de (ayuda|crisis|la vida|prevencion)|telefono de la esperanza|numero (de|para) (ayuda|crisis|prevencion)|ligne d ecoute|numero (d|de) (urgence|ecoute)|sorgentelefon|telefonseelsorge|krisentelefon|linha (de|da) (vida|ajuda|crise)|cvv|numero (pour|para|de|to) (parler|hablar|falar|ligar|llamar|appeler|ayuda|aide|apoio)|a quien (llamo|puedo llamar)|qui appeler|wen (kann ich )?anrufen)\b|\b(988|116 ?123|3114|024|1737)\b/;
const ABOUT_THE_LINE =
  /\b(what (does|do|is|happens)|how (does|do)|is it|are they|do they|will they|would they|can they|confidential|anonymous|track|trace|call the police|call my parents|tell my parents|free|cost)\b/;

/** Names people use for a country that are not its name in our data. */
const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  uk: 'GB',
  'u k': 'GB',
  britain: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  usa: 'US',
  'u s': 'US',
  'u s a': 'US',
  america: 'US',
  // "us" alone is mostly the pronoun ("help us"); only these phrasings name the country.
  'in the us': 'US',
  'from the us': 'US',
  'im in us': 'US',
  'i m in us': 'US',
  'the us number': 'US',
  american: 'US',
  british: 'GB',
  aussie: 'AU',
  australian: 'AU',
  canadian: 'CA',
  irish: 'IE',
  kiwi: 'NZ',
  'the states': 'US',
  alemania: 'DE',
  allemagne: 'DE',
  deutschland: 'DE',
  espana: 'ES',
  espagne: 'ES',
  spanien: 'ES',
  mexique: 'MX',
  brasil: 'BR',
  bresil: 'BR',
  brasilien: 'BR',
  frankreich: 'FR',
  francia: 'FR',
  italia: 'IT',
  italien: 'IT',
  kanada: 'CA',
  canada: 'CA',
  irlanda: 'IE',
  holland: 'NL',
  'the netherlands': 'NL',
  nz: 'NZ',
  aus: 'AU',
  oz: 'AU',
};

/** Folds a text for matching: lower case, no accents, punctuation to spaces. */
export function foldForLookup(text: string): string {
  return ` ${text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/** Service names shorter than this are too short to name a country on their own. */
const MIN_SERVICE_NAME_LENGTH = 5;
/** Service names that are ordinary words or shared by services in many countries. */
const GENERIC_SERVICE_NAMES = new Set(['lifeline', 'shout', 'crisis line', 'helpline', 'mind']);

export function createHotlineQuestionReader(
  finder: Pick<HotlineFinder, 'countries' | 'forCountry'>,
): (question: string) => HotlineQuestion | undefined {
  const countries = finder.countries();
  const byName: { pattern: string; country: CountryHotlines }[] = [];
  for (const country of countries) byName.push({ pattern: foldForLookup(country.name), country });
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) {
    const country = finder.forCountry(code);
    if (country !== undefined) byName.push({ pattern: ` ${alias} `, country });
  }
  // Service names ("Samaritans", "TelefonSeelsorge") and phone numbers ("988", "116 123") name their country when only
  // one country has them.
  const services = new Map<string, Set<CountryHotlines>>();
  const addService = (pattern: string, country: CountryHotlines) => {
    const set = services.get(pattern) ?? new Set<CountryHotlines>();
    set.add(country);
    services.set(pattern, set);
  };
  for (const country of countries) {
    for (const line of country.lines) {
      const name = foldForLookup(line.name.replace(/\(.*?\)/g, ''));
      if (name.trim().length >= MIN_SERVICE_NAME_LENGTH && !GENERIC_SERVICE_NAMES.has(name.trim()))
        addService(name, country);
      if (line.phone !== undefined) {
        const digits = line.phone.replace(/[^\d]+/g, ' ').trim();
        if (digits.replace(/ /g, '').length >= 3) addService(` ${digits} `, country);
      }
    }
  }
  // Longest names first, so "northern ireland" wins over "ireland".
  byName.sort((a, b) => b.pattern.length - a.pattern.length);

  return (question) => {
    const folded = foldForLookup(question);
    if (!ASKS_FOR_A_LINE.test(folded)) return undefined;
    let country = byName.find((entry) => folded.includes(entry.pattern))?.country;
    let candidates: CountryHotlines[] = [];
    if (country === undefined) {
      const named = [...services].filter(([pattern]) => folded.includes(pattern));
      named.sort((a, b) => b[0].length - a[0].length);
      const owners = named[0] === undefined ? [] : [...named[0][1]];
      if (owners.length === 1) country = owners[0];
      else candidates = owners;
    }
    return {
      ...(country === undefined ? {} : { country }),
      candidates,
      aboutTheLine: ABOUT_THE_LINE.test(folded),
    };
  };
}
