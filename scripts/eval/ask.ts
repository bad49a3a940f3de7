/**
 * /ask evaluation: does the reply a member gets (cards only, the default without a model) contain what a correct
 * answer must? Question sets are YAML (test/fixtures/ask-dev-*.yaml, tuning; test/fixtures/ask-blind-*.yaml,
 * measured only): `q`, `expect` (groups of alternatives; the reply passes when every group has one alternative in it,
 * matched inside words after folding case and accents), `topic`. Questions Lantern should not answer (topics
 * off_topic, dosing, diagnosis) pass when the reply is not a card answer.
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
}

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
  const answerer = createAnswerer({
    retriever: createRetriever(knowledge.cards),
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
  for (const file of files) {
    const set = parse(readFileSync(path.join(root, FIXTURES, file), 'utf8')) as { questions: Question[] };
    let passed = 0;
    let lineQuestions = 0;
    let lineMissing = 0;
    let bareYesNo = 0;
    const lengths: number[] = [];
    for (const question of set.questions) {
      const answer = await answerer.answer({ question: question.q, useModel: false });
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
  }
  return lines;
}
