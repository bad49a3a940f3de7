/** Reads the prompt templates (prompts/answer.yaml, shipped with the package) and validates them once at startup. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parsePromptTemplates, type PromptTemplates } from '../core/answer/prompt-templates.js';

/** The prompts folder beside src/ and dist/, whichever this file runs from. */
export const PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'prompts');

export async function loadPrompts(dir: string = PROMPTS_DIR): Promise<PromptTemplates> {
  const file = path.join(dir, 'answer.yaml');
  return parsePromptTemplates(
    parse(await readFile(file, 'utf8')),
    path.relative(process.cwd(), file) || file,
  );
}
