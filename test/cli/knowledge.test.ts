import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, test } from 'vitest';
import { cardText, runLantern, todayString, writeKnowledgeDir } from '../core/knowledge/knowledge-dir.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});
async function knowledgeDir(files: Record<string, string>): Promise<string> {
  const dir = await writeKnowledgeDir(files);
  dirs.push(dir);
  return dir;
}

describe('lantern knowledge check', () => {
  test('passes sound knowledge with a summary line and exit code 0', async () => {
    const dir = await knowledgeDir({
      'cards/a-card.md': cardText('a-card'),
      'cards/b-card.md': cardText('b-card'),
    });
    const { code, stdout } = await runLantern(['knowledge', 'check'], { KNOWLEDGE_DIR: dir });
    expect(stdout).not.toContain('Errors:');
    expect(stdout).toMatch(
      new RegExp(`^${escape(dir)}: 2 cards, 4 passages, \\d+ countries: 0 errors, \\d+ warnings?\\n`, 'm'),
    );
    expect(stdout).toMatch(
      /^claims \(numbers, dates, regulatory statements\): 0 of 0 have a primary source on their passage$/m,
    );
    expect(stdout).toMatch(
      /^hotlines: \d+ of \d+ lines sourced to the service's own site or a health authority, 0 checked/m,
    );
    expect(code).toBe(0);
  });

  test('freshness is a separate command: the calendar fails it, never `knowledge check`', async () => {
    const dir = await knowledgeDir({
      'cards/a-card.md': cardText('a-card', { reviewed: '2020-01-01' }),
      'cards/b-card.md': cardText('b-card'),
    });
    const check = await runLantern(['knowledge', 'check'], { KNOWLEDGE_DIR: dir });
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/cards\/a-card\.md: reviewed: last reviewed 2020-01-01, over 18 months ago/);
    const freshness = await runLantern(['knowledge', 'freshness'], { KNOWLEDGE_DIR: dir });
    expect(freshness.code).toBe(1);
    expect(freshness.stdout).toMatch(
      /Errors:\n(?:.*\n)*\s+cards\/a-card\.md: reviewed: last reviewed 2020-01-01/,
    );
  });

  test('prints every error as file: where: message and exits 1', async () => {
    const dir = await knowledgeDir({
      'cards/a-card.md': cardText('a-card', { kind: 'opinion' }),
      'cards/b-card.md': cardText('b-card', { related: '[nowhere]', aliases: '[same]' }),
      'cards/c-card.md': cardText('c-card', { aliases: '[Same]' }),
    });
    const { code, stdout } = await runLantern(['knowledge', 'check'], { KNOWLEDGE_DIR: dir });
    expect(stdout).toContain('Errors:\n');
    expect(stdout).toContain('  cards/a-card.md: kind: kind must be one of fact, myth, guide\n');
    expect(stdout).toContain('  cards/b-card.md: related[0]: no card has the id "nowhere"\n');
    expect(stdout).toContain(
      '  cards/c-card.md: aliases[0]: alias "Same" is also an alias of b-card ("same")',
    );
    expect(stdout).toMatch(/2 cards, 4 passages, \d+ countries: 3 errors/);
    expect(code).toBe(1);
  });

  test('prints warnings without failing', async () => {
    const dir = await knowledgeDir({
      'cards/a-card.md': cardText('a-card', { related: '[a-card]', reviewed: todayString() }),
    });
    const { code, stdout } = await runLantern(['knowledge', 'check'], { KNOWLEDGE_DIR: dir });
    expect(stdout).toContain(
      'Warnings:\n  cards/a-card.md: related[0]: a card need not list itself as related\n',
    );
    expect(code).toBe(0);
  });

  test('explains its usage when the subcommand is missing or unknown', async () => {
    for (const argv of [['knowledge'], ['knowledge', 'lint']]) {
      const { code, stderr } = await runLantern(argv, {});
      expect(stderr).toContain('Usage: lantern knowledge check');
      expect(code).toBe(1);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
