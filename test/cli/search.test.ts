import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cardText, runLantern, writeKnowledgeDir } from '../core/knowledge/knowledge-dir.js';

let env: Record<string, string>;
beforeAll(async () => {
  const dir = await writeKnowledgeDir({
    'cards/esketamine-spravato.md': cardText(
      'esketamine-spravato',
      { title: 'Esketamine nasal spray', aliases: '[Spravato]' },
      [
        'Esketamine is a nasal spray given in certified clinics for depression that other treatments did not ease.',
        '',
        '## Side effects of esketamine',
        'Common side effects include dissociation, dizziness and nausea, which usually pass within two hours.',
      ].join('\n'),
    ),
    'cards/support-a-friend.md': cardText('support-a-friend', {
      title: 'Supporting a friend',
      kind: 'guide',
    }),
  });
  env = { KNOWLEDGE_DIR: dir };
});
afterAll(async () => {
  await rm(env.KNOWLEDGE_DIR ?? '', { recursive: true, force: true });
});

describe('lantern search', () => {
  test('prints the best passages with card ids, headings and scores', async () => {
    const { code, stdout } = await runLantern(['search', 'spravto side efects'], env);
    const [first] = stdout.split('\n');
    expect(first).toMatch(/^1\. esketamine-spravato#1 {2}Side effects of esketamine {2}score \d+(\.\d+)?$/);
    expect(stdout).toContain('   Esketamine nasal spray\n');
    expect(code).toBe(0);
  });

  test('prints JSON with --json, limited by --limit', async () => {
    const { code, stdout } = await runLantern(['search', 'esketamine', '--json', '--limit', '1'], env);
    const result = JSON.parse(stdout) as {
      confident: boolean;
      hits: { passageId: string; cardId: string }[];
    };
    expect(result.hits).toHaveLength(1);
    expect(result.hits[0]).toMatchObject({ cardId: 'esketamine-spravato' });
    expect(typeof result.confident).toBe('boolean');
    expect(code).toBe(0);
  });

  test('says so when nothing matches', async () => {
    const { code, stdout } = await runLantern(['search', 'quarterback'], env);
    expect(stdout).toBe('No passages match.\n');
    expect(code).toBe(0);
  });

  test.each([
    [['search'], 'Give a query to search for.', 1],
    [['search', 'x', '--limit', '0'], '--limit must be a whole number from 1 to 50, got "0".', 1],
    [['search', 'x', '--limit', '0x10'], '--limit must be a whole number from 1 to 50, got "0x10".', 1],
    [['search', 'x', '--fast'], "Unknown option '--fast'", 2],
    [['search', 'x', '--limit'], "Option '--limit <value>' argument missing", 2],
  ])('rejects %j with a clear message', async (argv, message, exitCode) => {
    const { code, stderr } = await runLantern(argv, env);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(exitCode);
  });
});
