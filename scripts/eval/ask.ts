/**
 * /ask evaluation: does the reply a member gets (cards only, the default without a model) contain what a correct
 * answer must? Question sets are YAML (test/fixtures/ask-dev-*.yaml, tuning; test/fixtures/ask-blind-*.yaml,
 * measured only): `q`, `expect` (groups of alternatives; the reply passes when every group has one alternative in it,
 * matched inside words after folding case and accents), `topic`. Questions Lantern should not answer (topics
 * off_topic, dosing, diagnosis) pass when the reply is not a card answer.
 *
 * Card labels: `cards` lists the ids of the cards whose text answers the question, best first (the field and meaning of
 * test/fixtures/retrieval-questions.yaml), labelled from the cards without looking at Lantern's replies; `cards: []`
 * when no card answers it (`hotline: true` marks crisis-line look-ups, answered from knowledge/hotlines.yaml). For the
 * questions with labels: recall@1, the first card the reply quotes is labelled; recall@3, a labelled card is among the
 * retriever's top 3 hits (as in test/core/retrieval/evaluation.test.ts); unrelated second card, the reply quotes a
 * second card that is not labelled. For the `cards: []` questions: the share answered with a card all the same.
 *
 *   npm run eval -- ask
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadKnowledge } from '../../src/adapters/load-knowledge.js';
import { loadPrompts } from '../../src/adapters/load-prompts.js';
import { createAnswerer } from '../../src/core/answer/create-answerer.js';
import { createCrisisDetector } from '../../src/core/crisis/detect-crisis.js';
import { createHotlineFinder } from '../../src/core/hotlines/find-hotlines.js';
import { createRetriever } from '../../src/core/retrieval/create-retriever.js';
import type { Log } from '../../src/core/types.js';

interface Question {
  q: string;
  expect: string[][];
  topic: string;
  /** Ids of the cards that answer the question, best first; empty when none does. */
  cards?: string[];
  /** A crisis-line look-up (numbers come from knowledge/hotlines.yaml, not from a card). */
  hotline?: boolean;
}

const RECALL_DEPTH = 3;

const share = (count: number, total: number) => (total === 0 ? '–' : (count / total).toFixed(3));

const DECLINED_TOPICS = new Set(['off_topic', 'dosing', 'diagnosis']);
const FIXTURES = 'test/fixtures';

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');

const silent: Log = {
  child: () => silent,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as Log;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export async function evaluateAsk(root = process.cwd()): Promise<string[]> {
  const knowledge = await loadKnowledge(path.join(root, 'knowledge'));
  const hotlines = createHotlineFinder(knowledge.hotlines);
  const retriever = createRetriever(knowledge.cards);
  const cardIds = new Set(knowledge.cards.map((card) => card.id));
  const unknownIds: string[] = [];
  const answerer = createAnswerer({
    retriever,
    detect: createCrisisDetector(knowledge.lexicon),
    hotlines,
    prompts: await loadPrompts(path.join(root, 'prompts')),
    log: silent,
  });
  const files = readdirSync(path.join(root, FIXTURES))
    .filter((file) => /^ask-(dev|blind)-.*\.yaml$/.test(file))
    .sort((a, b) => Number(b.includes('blind')) - Number(a.includes('blind')) || a.localeCompare(b));
  const lines = [
    'Replies as a member sees them without a model (text, crisis lines, suggested cards).',
    '',
    '| set | kind | questions | answers the question | crisis-line questions without lines | opens with a bare yes/no | reply length median / p90 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const cardLines = [
    '',
    'Cards against the labels (`cards`): for the questions a card answers, recall@1 (the first card the reply quotes ' +
      `is labelled), recall@${RECALL_DEPTH} (a labelled card among the retriever's top ${RECALL_DEPTH} hits) and replies ` +
      'quoting an unlabelled second card; for the questions no card answers, replies that quote a card all the same.',
    '',
    `| set | kind | with cards | recall@1 | recall@${RECALL_DEPTH} | unrelated second card | no card (crisis-line look-ups) | answered with a card anyway |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const file of files) {
    const set = parse(readFileSync(path.join(root, FIXTURES, file), 'utf8')) as { questions: Question[] };
    let passed = 0;
    let lineQuestions = 0;
    let lineMissing = 0;
    let bareYesNo = 0;
    const lengths: number[] = [];
    let labelled = 0;
    let firstLabelled = 0;
    let foundAtDepth = 0;
    let unrelatedSecond = 0;
    let noCard = 0;
    let noCardHotline = 0;
    let noCardAnswered = 0;
    for (const question of set.questions) {
      const answer = await answerer.answer({ question: question.q, useModel: false });
      // Cards the reply quotes, in order (a not-found reply suggests cards but quotes none, so it has no citations).
      const quoted = answer.route === 'answer' && answer.citations.length > 0 ? answer.cardIds : [];
      if (question.cards !== undefined) {
        unknownIds.push(...question.cards.filter((id) => !cardIds.has(id)).map((id) => `${file}: ${id}`));
        if (question.cards.length > 0) {
          labelled += 1;
          const first = quoted[0];
          if (first !== undefined && question.cards.includes(first)) firstLabelled += 1;
          const second = quoted[1];
          if (second !== undefined && !question.cards.includes(second)) unrelatedSecond += 1;
          const hits = retriever.search(question.q, { limit: RECALL_DEPTH });
          if (hits.some((hit) => question.cards?.includes(hit.card.id))) foundAtDepth += 1;
        } else {
          noCard += 1;
          if (question.hotline === true) noCardHotline += 1;
          if (quoted.length > 0) noCardAnswered += 1;
        }
      }
      const resources =
        answer.resources === undefined
          ? ''
          : answer.resources === 'international'
            ? hotlines
                .international()
                .map((line) => `${line.name} ${line.website}`)
                .join(' ')
            : `${answer.resources.emergency} ${answer.resources.lines
                .map((line) => `${line.name} ${line.phone ?? ''} ${line.text ?? ''} ${line.hours}`)
                .join(' ')}`;
      const suggestions = (answer.suggestions ?? []).map((card) => card.title).join(' ');
      const reply = fold(`${answer.text} ${resources} ${suggestions}`);
      lengths.push(answer.text.length);
      if (/^(yes|no)[.!,]/i.test(answer.text.trim())) bareYesNo += 1;
      if (question.topic === 'crisis_line') {
        lineQuestions += 1;
        if (answer.resources === undefined) lineMissing += 1;
      }
      const ok = DECLINED_TOPICS.has(question.topic)
        ? answer.route !== 'answer' || (answer.citations.length === 0 && question.topic === 'off_topic')
        : (question.expect ?? []).every((group) =>
            group.some((alternative) => reply.includes(fold(String(alternative)))),
          );
      if (ok) passed += 1;
    }
    const total = set.questions.length;
    lines.push(
      `| ${file} | ${file.includes('blind') ? 'blind' : 'dev'} | ${total} | ${(passed / total).toFixed(3)} (${passed}) | ` +
        `${lineMissing} of ${lineQuestions} | ${bareYesNo} | ${quantile(lengths, 0.5)} / ${quantile(lengths, 0.9)} |`,
    );
    cardLines.push(
      `| ${file} | ${file.includes('blind') ? 'blind' : 'dev'} | ${labelled} | ${share(firstLabelled, labelled)} (${firstLabelled}) | ` +
        `${share(foundAtDepth, labelled)} (${foundAtDepth}) | ${share(unrelatedSecond, labelled)} (${unrelatedSecond}) | ` +
        `${noCard} (${noCardHotline}) | ${share(noCardAnswered, noCard)} (${noCardAnswered}) |`,
    );
  }
  if (unknownIds.length > 0) cardLines.push('', `Labels naming no card: ${unknownIds.join(', ')}.`);
  return [...lines, ...cardLines];
}
