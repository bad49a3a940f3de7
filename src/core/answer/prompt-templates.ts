/**
 * Prompt templates are data (prompts/answer.yaml), versioned and reviewed like code. This module checks them and
 * fills them in; reading the file is an adapter's job.
 */
import { z } from 'zod';
import { UserError } from '../errors.js';
import { TRANSLATED_LANGUAGES, type TranslatedLanguage } from './question-language.js';

export const TEMPLATE_NAMES = [
  'system',
  'user',
  'crisis',
  'decline_method',
  'decline_dosing',
  'decline_diagnosis',
  'decline_buying',
  'decline_interactions',
  'decline_homework',
  'decline_mass_mention',
  'out_of_scope',
  'not_found',
  'risk_note',
  'hotline_lookup',
  'acknowledge',
  'cards_in_english',
  'not_found_other_language',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface PromptTemplate {
  variables: readonly string[];
  text: string;
}

export interface PromptTemplates {
  version: number;
  templates: Readonly<Record<TemplateName, PromptTemplate>>;
  /**
   * The fixed replies in other languages (prompts/answer-translations.yaml), used when a member asks in that
   * language. Every translated language has every fixed reply, with the English template's variables.
   */
  translations?: Readonly<
    Partial<Record<TranslatedLanguage, Readonly<Record<TranslatedName, PromptTemplate>>>>
  >;
}

/** The model's own prompts stay English (the model is told which language to answer in); fixed replies translate. */
export type TranslatedName = Exclude<TemplateName, 'system' | 'user'>;
export const TRANSLATED_NAMES = TEMPLATE_NAMES.filter(
  (name): name is TranslatedName => name !== 'system' && name !== 'user',
);

/** The variables each template must declare: code fills exactly these. */
const REQUIRED_VARIABLES: Readonly<Record<TemplateName, readonly string[]>> = {
  system: ['language', 'boundary'],
  user: ['passages', 'question', 'boundary'],
  crisis: ['emergency'],
  decline_method: ['emergency'],
  decline_dosing: [],
  decline_diagnosis: [],
  decline_buying: [],
  decline_interactions: [],
  decline_homework: [],
  decline_mass_mention: [],
  out_of_scope: [],
  not_found: ['suggestions'],
  risk_note: ['emergency'],
  hotline_lookup: ['place', 'emergency'],
  acknowledge: [],
  cards_in_english: [],
  not_found_other_language: ['suggestions'],
};

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

const templateSchema = z.object({ variables: z.array(z.string()), text: z.string().min(1) });
const fileSchema = z.object({
  version: z.number().int().positive(),
  templates: z.record(z.string(), templateSchema),
});

/**
 * Validates parsed YAML into templates: every template present, declaring exactly the variables code fills, and
 * using only declared variables. Throws a `UserError` listing every problem, naming `file`.
 */
export function parsePromptTemplates(raw: unknown, file: string): PromptTemplates {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new UserError(`${file}: ${problems.join('; ')}`, 'prompts');
  }
  const problems: string[] = [];
  const templates = {} as Record<TemplateName, PromptTemplate>;
  for (const name of TEMPLATE_NAMES) {
    const template = parsed.data.templates[name];
    if (!template) {
      problems.push(`template "${name}" is missing`);
      continue;
    }
    const declared = new Set(template.variables);
    const required = REQUIRED_VARIABLES[name];
    for (const variable of required) {
      if (!declared.has(variable)) problems.push(`template "${name}" must declare variable "${variable}"`);
    }
    for (const variable of declared) {
      if (!required.includes(variable))
        problems.push(`template "${name}" declares unknown variable "${variable}"`);
    }
    const used = new Set([...template.text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''));
    for (const variable of used) {
      if (!declared.has(variable)) problems.push(`template "${name}" uses undeclared variable "${variable}"`);
    }
    for (const variable of declared) {
      if (!used.has(variable)) problems.push(`template "${name}" never uses variable "${variable}"`);
    }
    templates[name] = { variables: [...template.variables], text: template.text };
  }
  for (const name of Object.keys(parsed.data.templates)) {
    if (!(TEMPLATE_NAMES as readonly string[]).includes(name)) problems.push(`unknown template "${name}"`);
  }
  if (problems.length > 0) throw new UserError(`${file}: ${problems.join('; ')}`, 'prompts');
  return { version: parsed.data.version, templates };
}

const translationsSchema = z.object({
  version: z.number().int().positive(),
  languages: z.record(z.string(), z.record(z.string(), z.object({ text: z.string().min(1) }))),
});

/**
 * Validates translations of the fixed replies against the English templates: only the languages Lantern detects,
 * every fixed reply present in each, and each using exactly its English template's placeholders. Throws a
 * `UserError` listing every problem, naming `file`.
 */
export function parsePromptTranslations(
  raw: unknown,
  file: string,
  base: PromptTemplates,
): NonNullable<PromptTemplates['translations']> {
  const parsed = translationsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new UserError(`${file}: ${problems.join('; ')}`, 'prompts');
  }
  const problems: string[] = [];
  const result: Partial<Record<TranslatedLanguage, Record<TranslatedName, PromptTemplate>>> = {};
  for (const [language, templates] of Object.entries(parsed.data.languages)) {
    if (!(TRANSLATED_LANGUAGES as readonly string[]).includes(language)) {
      problems.push(`language "${language}" is not one Lantern detects (${TRANSLATED_LANGUAGES.join(', ')})`);
      continue;
    }
    const translated = {} as Record<TranslatedName, PromptTemplate>;
    for (const name of TRANSLATED_NAMES) {
      const template = templates[name];
      if (!template) {
        problems.push(`${language}: template "${name}" is missing`);
        continue;
      }
      const expected = [...base.templates[name].variables].sort().join(',');
      const used = [...new Set([...template.text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))];
      if (used.sort().join(',') !== expected) {
        problems.push(`${language}: template "${name}" must use exactly {{${expected || 'nothing'}}}`);
      }
      translated[name] = { variables: base.templates[name].variables, text: template.text };
    }
    for (const name of Object.keys(templates)) {
      if (!(TRANSLATED_NAMES as readonly string[]).includes(name))
        problems.push(`${language}: unknown template "${name}"`);
    }
    result[language as TranslatedLanguage] = translated;
  }
  if (problems.length > 0) throw new UserError(`${file}: ${problems.join('; ')}`, 'prompts');
  return result;
}

/** Fills `{{name}}` placeholders in one pass, so that a value containing `{{…}}` is never expanded again. */
export function renderTemplate(template: PromptTemplate, values: Readonly<Record<string, string>>): string {
  return template.text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt variable "${name}" has no value`);
    return value;
  });
}
