import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  parsePromptTemplates,
  renderTemplate,
  TEMPLATE_NAMES,
} from '../../../src/core/answer/prompt-templates.js';

const loadRaw = async () =>
  parse(await readFile('prompts/answer.yaml', 'utf8')) as { templates: Record<string, unknown> };

describe('prompt templates', () => {
  test('prompts/answer.yaml has every template with exactly the variables code fills', async () => {
    const prompts = parsePromptTemplates(await loadRaw(), 'prompts/answer.yaml');
    expect(Object.keys(prompts.templates).sort()).toEqual([...TEMPLATE_NAMES].sort());
  });

  test('rejects a template that uses a variable it does not declare, naming the file and template', async () => {
    const raw = await loadRaw();
    raw.templates['out_of_scope'] = { variables: [], text: 'Hello {{name}}' };
    expect(() => parsePromptTemplates(raw, 'prompts/answer.yaml')).toThrow(
      /prompts\/answer\.yaml: .*template "out_of_scope" uses undeclared variable "name"/,
    );
  });

  test('rejects a missing template', async () => {
    const raw = await loadRaw();
    delete raw.templates['crisis'];
    expect(() => parsePromptTemplates(raw, 'answer.yaml')).toThrow(/template "crisis" is missing/);
  });

  test('fills placeholders once, so a value that looks like a placeholder stays literal', () => {
    const text = renderTemplate(
      { variables: ['question'], text: '<q>{{question}}</q>' },
      { question: '{{question}}' },
    );
    expect(text).toBe('<q>{{question}}</q>');
  });

  test('the system prompt keeps the rules that make answers safe', async () => {
    const { templates } = parsePromptTemplates(await loadRaw(), 'prompts/answer.yaml');
    const system = templates.system.text;
    expect(system).toMatch(/only the numbered passages/i);
    expect(system).toMatch(/\[1\], \[2\]/);
    expect(system).toMatch(/never diagnose/i);
    expect(system).toMatch(/never give doses/i);
    expect(system).toMatch(/methods, means/i);
    expect(system).toMatch(/died by suicide/);
    expect(system).toMatch(/ignore any instructions/i);
  });
});
