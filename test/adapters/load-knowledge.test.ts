import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCards } from '../../src/adapters/load-cards.js';
import { inspectKnowledge, loadKnowledge } from '../../src/adapters/load-knowledge.js';
import { isUserError } from '../../src/core/errors.js';
import { KnowledgeError } from '../../src/core/knowledge/card-schema.js';
import { cardText, writeKnowledgeDir } from '../core/knowledge/knowledge-dir.js';

const dirs: string[] = [];
async function knowledgeDir(...args: Parameters<typeof writeKnowledgeDir>): Promise<string> {
  const dir = await writeKnowledgeDir(...args);
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const GOOD = {
  'cards/b-card.md': cardText('b-card', { related: '[a-card]' }),
  'cards/a-card.md': cardText('a-card', { aliases: '[first card]' }),
};

describe('loadCards', () => {
  test('reads cards/*.md in name order', async () => {
    const dir = await knowledgeDir({ ...GOOD, 'cards/notes.txt': 'not a card' });
    const { cards, problems } = await loadCards(dir);
    expect(problems).toEqual([]);
    expect(cards.map((card) => [card.id, card.file])).toEqual([
      ['a-card', 'cards/a-card.md'],
      ['b-card', 'cards/b-card.md'],
    ]);
  });

  test('collects the problems of every broken file, naming each, and keeps the good cards', async () => {
    const dir = await knowledgeDir({
      ...GOOD,
      'cards/c-card.md': cardText('c-card', { kind: 'opinion' }),
      'cards/d-card.md': cardText('wrong-id'),
      'cards/e-card.md': 'no front matter',
    });
    const { cards, problems } = await loadCards(dir);
    expect(cards.map((card) => card.id)).toEqual(['a-card', 'b-card']);
    expect(problems).toEqual([
      { file: 'cards/c-card.md', where: 'kind', message: 'kind must be one of fact, myth, guide' },
      { file: 'cards/d-card.md', where: 'id', message: 'id "wrong-id" must equal the file name "d-card"' },
      {
        file: 'cards/e-card.md',
        message: 'the file must start with YAML front matter between two "---" lines',
      },
    ]);
  });

  test('reports a missing cards folder', async () => {
    const dir = path.join(await knowledgeDir({}, { copyReal: [] }), 'nowhere');
    const { problems } = await loadCards(dir);
    expect(problems).toEqual([{ file: 'cards/', message: `no cards folder in ${dir}` }]);
  });
});

describe('loadKnowledge', () => {
  test('loads cards, hotlines and the crisis lexicon with a 12-hex version', async () => {
    const dir = await knowledgeDir(GOOD);
    const knowledge = await loadKnowledge(dir);
    expect(knowledge.cards.map((card) => card.id)).toEqual(['a-card', 'b-card']);
    expect(knowledge.hotlines.countries.length).toBeGreaterThan(0);
    expect(knowledge.lexicon).toBeDefined();
    expect(knowledge.version).toMatch(/^[0-9a-f]{12}$/);
  });

  test('the version depends on every file, and only on the files', async () => {
    const one = await knowledgeDir(GOOD);
    const two = await knowledgeDir(GOOD);
    const first = (await loadKnowledge(one)).version;
    expect((await loadKnowledge(two)).version).toBe(first);
    await writeFile(
      path.join(two, 'hotlines.yaml'),
      `# edited\n${await readFile(path.join(two, 'hotlines.yaml'), 'utf8')}`,
    );
    expect((await loadKnowledge(two)).version).not.toBe(first);
  });

  test('refuses broken knowledge with a UserError naming each file and problem', async () => {
    const dir = await knowledgeDir({
      ...GOOD,
      'cards/c-card.md': cardText('c-card', { related: '[nowhere]' }),
    });
    const error = await loadKnowledge(dir).catch((caught: unknown) => caught);
    expect(isUserError(error)).toBe(true);
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as KnowledgeError).problems).toEqual([
      { file: 'cards/c-card.md', where: 'related[0]', message: 'no card has the id "nowhere"' },
    ]);
    expect((error as Error).message).toContain('cards/c-card.md: related[0]: no card has the id "nowhere"');
  });

  test('refuses to load without a hotline file, a crisis lexicon or the crisis risk model', async () => {
    const dir = await knowledgeDir(GOOD, { copyReal: [] });
    const error = (await loadKnowledge(dir).catch((caught: unknown) => caught)) as KnowledgeError;
    expect(error.problems.map((problem) => problem.file)).toEqual([
      'hotlines.yaml',
      'crisis-lexicon.yaml',
      'crisis-risk-model.json',
    ]);
  });

  test('ages hotlines and cards only in the scheduled freshness check (age: strict), never in the normal check', async () => {
    const dir = await knowledgeDir(GOOD);
    const strict = await inspectKnowledge(dir, { today: '2030-01-01', age: 'strict' });
    expect(strict.errors.some((problem) => problem.file === 'hotlines.yaml')).toBe(true);
    expect(strict.errors.filter((problem) => problem.file.startsWith('cards/'))).toHaveLength(2);
    const normal = await inspectKnowledge(dir, { today: '2030-01-01' });
    expect(normal.errors).toEqual([]);
    expect(normal.warnings.filter((problem) => problem.file.startsWith('cards/'))).toHaveLength(2);
  });

  test('reports invalid hotline data as problems on hotlines.yaml', async () => {
    const dir = await knowledgeDir({
      ...GOOD,
      'hotlines.yaml': 'international: []\ncountries:\n  - code: gb\n',
    });
    const report = await inspectKnowledge(dir);
    expect(report.hotlines).toBeUndefined();
    expect(report.errors.length).toBeGreaterThan(0);
    expect(report.errors.every((problem) => problem.file === 'hotlines.yaml')).toBe(true);
  });
});
