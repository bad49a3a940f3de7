/**
 * A citation links the source of the passage it follows, not the card's first source (issue 13). The expected link
 * is read straight from the card's Markdown (the `<!-- sources: … -->` line under the passage's heading), so these
 * tests do not trust the splitter they check.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pino from 'pino';
import { createOpenAiModel } from '../../../src/adapters/openai-model.js';
import { createAnswerer } from '../../../src/core/answer/create-answerer.js';
import { buildExtractiveAnswer } from '../../../src/core/answer/extractive-answer.js';
import type { Card, SearchHit } from '../../../src/core/types.js';
import { makeCard } from '../knowledge/make-card.js';
import { promptOf, startFakeOpenAiServer, type FakeOpenAiServer } from '../../fakes/openai-server.js';
import { loadRealKnowledge, type RealKnowledge } from './real-knowledge.js';

const QUESTION = 'How does esketamine compare with quetiapine in the ESCAPE-TRD trial?';

/** The first primary source named on the sources line under `heading` (or at the top of the body for ''). */
function expectedUrl(card: Card, heading: string): string {
  const lines = card.body.split('\n');
  const start = heading === '' ? -1 : lines.findIndex((line) => line.replace(/^#+\s*/, '') === heading);
  const sourcesLine = lines.slice(start + 1).find((line) => line.startsWith('<!-- sources:')) ?? '';
  const ids = sourcesLine.replace(/^<!-- sources:\s*|\s*-->$/g, '').split(/[\s,]+/);
  const primary = ids
    .map((id) => card.sources.find((source) => source.id === id))
    .find((s) => s && !s.secondary);
  if (!primary) throw new Error(`no primary source under "${heading}" in ${card.id}`);
  return primary.url;
}

describe('extractive answers', () => {
  const card = makeCard({
    id: 'two-sources',
    sources: [
      { id: 'lead', title: 'Lead', publisher: 'WHO', url: 'https://www.who.int/lead', date: '2024' },
      {
        id: 'trial',
        title: 'Trial',
        publisher: 'NEJM',
        url: 'https://pubmed.ncbi.nlm.nih.gov/1/',
        date: '2023',
      },
    ],
    body: '<!-- sources: lead -->\nOpening.\n\n## The trial\n<!-- sources: trial -->\nIn the trial, 27.1% reached remission.',
  });

  test("the summary cites the opening passage's source and the quoted section cites its own", () => {
    const hit: SearchHit = {
      card,
      score: 1,
      passage: {
        id: 'two-sources#1',
        cardId: card.id,
        heading: 'The trial',
        text: 'The trial\n\nIn the trial, 27.1% reached remission.',
        sourceIds: ['trial'],
        questions: [],
      },
    };
    const answer = buildExtractiveAnswer([hit]);
    // Numbered in the order a reader meets them: the section that answers leads, the summary follows.
    expect(answer.citations.map((citation) => citation.url)).toEqual([
      'https://pubmed.ncbi.nlm.nih.gov/1/',
      'https://www.who.int/lead',
    ]);
    expect(answer.text).toMatch(/^\*\*The trial\*\* In the trial, 27\.1% reached remission\. \[1\]\n\n/);
    expect(answer.text).toMatch(/ \[2\]$/);
    expect(answer.cardIds).toEqual(['two-sources']);
  });

  test('a quoted section keeps its heading, so a section that opens "Yes." answers its own question', () => {
    const yesCard = makeCard({
      id: 'yes-card',
      body: 'Opening.\n\n## Is it approved in the UK?\nYes, since 2025.',
    });
    const hit: SearchHit = {
      card: yesCard,
      score: 1,
      passage: {
        id: 'yes-card#1',
        cardId: 'yes-card',
        heading: 'Is it approved in the UK?',
        text: 'Is it approved in the UK?\n\nYes, since 2025.',
        sourceIds: [],
        questions: [],
      },
    };
    const paragraphs = buildExtractiveAnswer([hit]).text.split('\n\n');
    expect(paragraphs[0]).toMatch(/^\*\*Is it approved in the UK\?\*\* Yes, since 2025\./);
  });

  describe('a second card is quoted only when it answers part of the question the first leaves out', () => {
    const opening = (card: Card): SearchHit => ({
      card,
      score: 1,
      passage: {
        id: `${card.id}#0`,
        cardId: card.id,
        heading: '',
        text: card.summary,
        sourceIds: [],
        questions: [],
      },
    });
    const sleep = makeCard({
      id: 'sleep-card',
      title: 'Sleep and depression',
      summary: 'Poor sleep and depression often go together.',
    });
    const sameTopic = makeCard({
      id: 'sleep-tips',
      title: 'Sleep habits',
      summary: 'Regular sleep times help mood.',
    });
    const exercise = makeCard({
      id: 'exercise-card',
      title: 'Exercise and depression',
      summary: 'Exercise can ease mild depression.',
    });

    test('a second card on the same words as the first is left out', () => {
      const answer = buildExtractiveAnswer(
        [opening(sleep), opening(sameTopic)],
        'does bad sleep cause depression',
      );
      expect(answer.cardIds).toEqual(['sleep-card']);
      expect(answer.text).not.toContain('Regular sleep times');
    });

    test('a second card that answers the other half of a two-part question is kept', () => {
      const answer = buildExtractiveAnswer(
        [opening(sleep), opening(exercise)],
        'does bad sleep cause depression and does exercise help',
      );
      expect(answer.cardIds).toEqual(['sleep-card', 'exercise-card']);
      expect(answer.text).toContain('**Exercise and depression:** Exercise can ease mild depression.');
    });
  });

  test('on the real cards, the quoted section links its own primary source', async () => {
    const real = await loadRealKnowledge();
    const hits = real.retriever.search(QUESTION, { limit: 5 });
    const best = hits[0];
    if (!best) throw new Error('no hit');
    expect(best.passage.heading).not.toBe('');
    const answer = buildExtractiveAnswer(hits);
    const sectionNumber = Number(
      /\[(\d+)\]$/.exec(answer.text.split('\n\n')[best.card.kind === 'myth' ? 1 : 0] ?? '')?.[1],
    );
    expect(answer.citations[sectionNumber - 1]?.url).toBe(expectedUrl(best.card, best.passage.heading));
  });
});

describe('model answers', () => {
  let real: RealKnowledge;
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    real = await loadRealKnowledge();
    server = await startFakeOpenAiServer();
  });
  afterAll(async () => {
    await server.close();
  });

  test("each [n] links the source of passage n, and at least one differs from its card's first source", async () => {
    server.reset();
    server.enqueue({
      kind: 'reply',
      text: 'Esketamine led to more remissions than quetiapine [1]. Both were added to an antidepressant [2].',
    });
    const answerer = createAnswerer({
      retriever: real.retriever,
      detect: real.detect,
      hotlines: real.hotlines,
      model: createOpenAiModel({ baseURL: server.baseURL, model: 'fake', timeoutMs: 1_000, maxRetries: 1 }),
      prompts: real.prompts,
      log: pino({ level: 'silent' }),
      modelTimeoutMs: 3_000,
    });
    const answer = await answerer.answer({ question: QUESTION });
    expect(answer.mode).toBe('llm');

    // Which passage each number stood for, as the model saw it: "[n] <card title>\n<heading>\n\n…".
    const { user } = promptOf(server.requests[0]);
    const given = [...user.matchAll(/^\[(\d+)\] (.+)\n(.+)$/gm)].map((match) => {
      const card = real.knowledge.cards.find((each) => each.title === match[2]);
      if (!card) throw new Error(`unknown card ${match[2]}`);
      const heading = card.body.split('\n').some((line) => line.replace(/^#+\s*/, '') === match[3])
        ? (match[3] ?? '')
        : '';
      return { card, heading };
    });
    const cited = [1, 2].map((n) => given[n - 1]).filter((each) => each !== undefined);
    const expected = [
      ...new Set(cited.map(({ card, heading }) => `${card.id} ${expectedUrl(card, heading)}`)),
    ];
    expect(answer.citations.map((citation) => `${citation.id} ${citation.url}`)).toEqual(expected);
    expect(cited.some(({ card, heading }) => expectedUrl(card, heading) !== card.sources[0]?.url)).toBe(true);
  });
});
