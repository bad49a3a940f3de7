/** Reads the prompt templates (prompts/answer.yaml, shipped with the package) and validates them once at startup. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  parsePromptTemplates,
  parsePromptTranslations,
  type PromptTemplates,
} from '../core/answer/prompt-templates.js';

/** The prompts folder beside src/ and dist/, whichever this file runs from. */
export const PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'prompts');

/**
 * Reads prompts/answer.yaml and, when present, prompts/answer-translations.yaml (the fixed replies in the other
 * languages Lantern detects in questions).
 */
export async function loadPrompts(dir: string = PROMPTS_DIR): Promise<PromptTemplates> {
  const file = path.join(dir, 'answer.yaml');
  const base = parsePromptTemplates(
    parse(await readFile(file, 'utf8')),
    path.relative(process.cwd(), file) || file,
  );
  const translationsFile = path.join(dir, 'answer-translations.yaml');
  if (!existsSync(translationsFile)) return base;
  const translations = parsePromptTranslations(
    parse(await readFile(translationsFile, 'utf8')),
    path.relative(process.cwd(), translationsFile) || translationsFile,
    base,
  );
  return { ...base, translations };
}
