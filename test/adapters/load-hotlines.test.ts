import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { HOTLINES_FILE, loadHotlines } from '../../src/adapters/load-hotlines.js';

const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge', import.meta.url));

describe('loadHotlines', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lantern-hotlines-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('loads the real knowledge/hotlines.yaml', async () => {
    const directory = await loadHotlines(KNOWLEDGE_DIR);
    expect(directory.countries.length).toBeGreaterThanOrEqual(30);
    expect(directory.countries.find((country) => country.code === 'GB')?.lines[0]?.phone).toBe('116 123');
    expect(directory.international[0]?.website).toBe('https://findahelpline.com');
  });

  test('reads hotlines.yaml from the given directory', async () => {
    await writeFile(
      join(dir, HOTLINES_FILE),
      [
        'international: []',
        'countries:',
        '  - code: FR',
        '    name: France',
        '    emergency: "112"',
        '    emergency_source: https://www.112.hu/en/112_in_the_EU',
        '    lines:',
        '      - name: "3114"',
        '        phone: "3114"',
        '        website: https://www.service-public.fr/particuliers/actualites/A15206',
        '        hours: 24/7',
        '        is_24_7: true',
        '        languages: [fr]',
        '        source: https://www.service-public.fr/particuliers/actualites/A15206',
        '        source_date: "2021-10"',
        '        reviewed: 2026-11-26',
      ].join('\n'),
    );
    const directory = await loadHotlines(dir);
    expect(directory.countries).toEqual([
      {
        code: 'FR',
        name: 'France',
        emergency: '112',
        emergencySource: 'https://www.112.hu/en/112_in_the_EU',
        lines: [
          {
            name: '3114',
            phone: '3114',
            website: 'https://www.service-public.fr/particuliers/actualites/A15206',
            hours: '24/7',
            is24x7: true,
            languages: ['fr'],
            populations: [],
            source: 'https://www.service-public.fr/particuliers/actualites/A15206',
            sourceDate: '2021-10',
            reviewed: '2026-11-26',
          },
        ],
      },
    ]);
  });

  test('a missing file is an error that names the file', async () => {
    await expect(loadHotlines(dir)).rejects.toThrow(
      `${join(dir, HOTLINES_FILE)}: cannot read the hotline file`,
    );
  });

  test('invalid YAML is an error that names the file', async () => {
    await writeFile(join(dir, HOTLINES_FILE), 'countries: [unclosed\n');
    await expect(loadHotlines(dir)).rejects.toThrow(`${join(dir, HOTLINES_FILE)}: not valid YAML`);
  });

  test('data that breaks the schema is an error that names the file and the entry', async () => {
    await writeFile(
      join(dir, HOTLINES_FILE),
      'international: []\ncountries:\n  - code: GB\n    name: United Kingdom\n    emergency: "999"\n    emergency_source: https://example.org\n    lines:\n      - name: Samaritans\n        phone: 116123\n',
    );
    const failure = loadHotlines(dir);
    await expect(failure).rejects.toThrow(join(dir, HOTLINES_FILE));
    await expect(failure).rejects.toThrow(/GB › Samaritans › phone/);
  });
});
