import { describe, expect, test } from 'vitest';
import { splitPassages } from '../../../src/core/knowledge/split-passages.js';
import { makeCard } from './make-card.js';

describe('splitPassages', () => {
  const card = makeCard({
    id: 'esketamine-spravato',
    summary: 'Esketamine is a nasal spray for depression that has not improved with other treatments.',
    body: [
      'Esketamine is given in a clinic.',
      '',
      'A second opening paragraph.',
      '',
      '## Who can get esketamine',
      'Adults whose depression has not eased after two antidepressants.',
      '',
      '### In the United States',
      'Only certified clinics can give it.',
      '',
      'People stay for two hours afterwards.',
    ].join('\n'),
  });

  test('passage 0 is the summary with the opening paragraphs, under no heading', () => {
    expect(splitPassages(card)[0]).toEqual({
      id: 'esketamine-spravato#0',
      cardId: 'esketamine-spravato',
      heading: '',
      text: [
        'Esketamine is a nasal spray for depression that has not improved with other treatments.',
        'Esketamine is given in a clinic.',
        'A second opening paragraph.',
      ].join('\n\n'),
    });
  });

  test('each ## and ### section is one passage whose text starts with its heading', () => {
    expect(splitPassages(card).slice(1)).toEqual([
      {
        id: 'esketamine-spravato#1',
        cardId: 'esketamine-spravato',
        heading: 'Who can get esketamine',
        text: 'Who can get esketamine\n\nAdults whose depression has not eased after two antidepressants.',
      },
      {
        id: 'esketamine-spravato#2',
        cardId: 'esketamine-spravato',
        heading: 'In the United States',
        text: 'In the United States\n\nOnly certified clinics can give it.\n\nPeople stay for two hours afterwards.',
      },
    ]);
  });

  test('a heading with no text of its own is carried into the next passage', () => {
    const nested = makeCard({ id: 'nested', body: 'Opening.\n\n## Risks\n### Short term\nNausea and dizziness.' });
    expect(splitPassages(nested).map(({ id, heading, text }) => ({ id, heading, text }))).toEqual([
      { id: 'nested#0', heading: '', text: 'Summary of nested.\n\nOpening.' },
      { id: 'nested#1', heading: 'Short term', text: 'Risks\n\nShort term\n\nNausea and dizziness.' },
    ]);
  });

  test('# and #### lines and headings inside code fences do not split', () => {
    const plain = makeCard({ id: 'plain', body: 'Opening.\n\n#### Minor\nText.\n\n```\n## not a heading\n```' });
    expect(splitPassages(plain)).toHaveLength(1);
  });

  test('a card with only a summary and an opening paragraph is one passage', () => {
    expect(splitPassages(makeCard({ id: 'short', body: 'Just this.' }))).toEqual([
      { id: 'short#0', cardId: 'short', heading: '', text: 'Summary of short.\n\nJust this.' },
    ]);
  });
});
