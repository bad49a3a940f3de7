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
      sourceIds: [],
      questions: [],
    });
  });

  test('each ## and ### section is one passage whose text starts with its heading', () => {
    expect(splitPassages(card).slice(1)).toEqual([
      {
        id: 'esketamine-spravato#1',
        cardId: 'esketamine-spravato',
        heading: 'Who can get esketamine',
        text: 'Who can get esketamine\n\nAdults whose depression has not eased after two antidepressants.',
        sourceIds: [],
        questions: [],
      },
      {
        id: 'esketamine-spravato#2',
        cardId: 'esketamine-spravato',
        heading: 'In the United States',
        text: 'In the United States\n\nOnly certified clinics can give it.\n\nPeople stay for two hours afterwards.',
        sourceIds: [],
        questions: [],
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
      { id: 'short#0', cardId: 'short', heading: '', text: 'Summary of short.\n\nJust this.', sourceIds: [], questions: [] },
    ]);
  });

  describe('per-section sources', () => {
    const sourced = makeCard({
      id: 'sourced',
      body: [
        '<!-- sources: fda-2019 -->',
        'Opening paragraph.',
        '',
        '## Is it approved?',
        '<!-- sources: fda-2019, label-2026 -->',
        '<!-- questions: is it approved | is spravato legal -->',
        'The FDA approved it in 2019.',
        '',
        '## Risks',
        '### Short term',
        '<!-- sources: label-2026 -->',
        'Nausea and dizziness.',
      ].join('\n'),
    });

    test('the sources line under a heading becomes the passage\'s source ids, and no comment line stays in its text', () => {
      const passages = splitPassages(sourced);
      expect(passages.map(({ heading, sourceIds }) => ({ heading, sourceIds }))).toEqual([
        { heading: '', sourceIds: ['fda-2019'] },
        { heading: 'Is it approved?', sourceIds: ['fda-2019', 'label-2026'] },
        { heading: 'Short term', sourceIds: ['label-2026'] },
      ]);
      for (const passage of passages) expect(passage.text).not.toContain('<!--');
      expect(passages[1]?.text).toBe('Is it approved?\n\nThe FDA approved it in 2019.');
    });

    test('a comment line inside a code fence is text, not a sources line', () => {
      const fenced = makeCard({ id: 'fenced', body: 'Opening.\n\n## Example\n```\n<!-- sources: x -->\n```' });
      expect(splitPassages(fenced)[1]?.sourceIds).toEqual([]);
    });
  });
});
