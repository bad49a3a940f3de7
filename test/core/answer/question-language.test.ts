import { beforeAll, describe, expect, test } from 'vitest';
import {
  parsePromptTranslations,
  TRANSLATED_NAMES,
  type PromptTemplates,
} from '../../../src/core/answer/prompt-templates.js';
import { questionLanguage, TRANSLATED_LANGUAGES } from '../../../src/core/answer/question-language.js';
import { cardsOnlyAnswerer, loadRealKnowledge, type RealKnowledge } from './real-knowledge.js';

describe('questionLanguage', () => {
  test.each([
    ['hola, mi amigo está muy deprimido y no quiere hablar con nadie, ¿cómo lo puedo ayudar?', 'es'],
    ["je me sens nul tout le temps, c'est quoi le numéro pour parler à quelqu'un", 'fr'],
    ['Ich nehme seit zwei Monaten Antidepressiva und es wird nicht besser. Ist das normal?', 'de'],
    ['oi alguém sabe o número do cvv no brasil? preciso pra uma amiga', 'pt'],
  ] as const)('%j is %s', (question, language) => {
    expect(questionLanguage(question)).toBe(language);
  });

  test.each([
    'is ketamine a party drug',
    'what does 988 do',
    'my friend from brazil says depression is just sadness, is that true',
    'can i take esketamine if i had psychosis before',
    'como',
    'de la soul is my favourite band, does music help depression',
  ])('English or unsure: %j', (question) => {
    expect(questionLanguage(question)).toBeUndefined();
  });
});

describe('translations of the fixed replies', () => {
  let real: RealKnowledge;
  beforeAll(async () => {
    real = await loadRealKnowledge();
  });
  const validFor = (base: PromptTemplates, skip?: string) =>
    Object.fromEntries(
      TRANSLATED_NAMES.filter((name) => name !== skip).map((name) => [
        name,
        { text: base.templates[name].variables.map((variable) => `x {{${variable}}}`).join(' ') || 'x' },
      ]),
    );

  test('the shipped file translates every fixed reply into every detected language', () => {
    const translations = real.prompts.translations ?? {};
    expect(Object.keys(translations).sort()).toEqual([...TRANSLATED_LANGUAGES].sort());
    for (const language of TRANSLATED_LANGUAGES) {
      expect(Object.keys(translations[language] ?? {}).sort()).toEqual([...TRANSLATED_NAMES].sort());
    }
  });

  test('a missing template, a wrong placeholder or an unknown language is rejected, naming each', () => {
    const base = real.prompts;
    expect(() =>
      parsePromptTranslations({ version: 1, languages: { es: validFor(base) } }, 'f', base),
    ).not.toThrow();
    expect(() =>
      parsePromptTranslations({ version: 1, languages: { es: validFor(base, 'crisis') } }, 'f', base),
    ).toThrow(/es: template "crisis" is missing/);
    const wrong = { ...validFor(base), crisis: { text: 'llama al {{emergencia}}' } };
    expect(() => parsePromptTranslations({ version: 1, languages: { fr: wrong } }, 'f', base)).toThrow(
      /fr: template "crisis" must use exactly \{\{emergency\}\}/,
    );
    expect(() =>
      parsePromptTranslations({ version: 1, languages: { it: validFor(base) } }, 'f', base),
    ).toThrow(/language "it"/);
  });

  test('a question in Spanish gets its fixed replies in Spanish and says the cards are English', async () => {
    const answerer = cardsOnlyAnswerer(real);
    const es = real.prompts.translations?.es;
    if (!es) throw new Error('no Spanish translations');
    const offTopic = await answerer.answer({ question: '¿me puedes dar una receta de pasta para la cena?' });
    expect(offTopic.language).toBe('es');
    expect(offTopic.text).toBe(es.out_of_scope.text);
    const crisis = await answerer.answer({ question: 'quiero morir, ya no puedo más', region: 'ES' });
    expect(crisis.route).toBe('crisis');
    expect(crisis.text.startsWith(es.crisis.text.slice(0, 20))).toBe(true);
    const carded = await answerer.answer({ question: '¿qué es la esketamina (spravato)?' });
    expect(carded.citations.length).toBeGreaterThan(0);
    expect(carded.text.startsWith(`${es.cards_in_english.text}\n\n**What is Spravato?**`)).toBe(true);
    const unmatched = await answerer.answer({ question: '¿Qué es la depresión?' });
    expect(unmatched.text.startsWith(es.not_found_other_language.text.split('\n')[0] ?? '')).toBe(true);
    const english = await answerer.answer({ question: 'is esketamine the same as ketamine' });
    expect(english.language).toBeUndefined();
    expect(english.text).not.toContain(es.cards_in_english.text);
  });
});
