/**
 * Retrieval: index build time and query latency at the real knowledge size and at 10,000 synthetic cards made from
 * the real cards' words, over the evaluation questions. Target: p99 under 5 ms at 10,000 cards.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadCards } from '../src/adapters/load-cards.js';
import { createRetriever } from '../src/core/retrieval/create-retriever.js';
import type { Card } from '../src/core/types.js';
import { percentile, printTable } from './stats.js';

const KNOWLEDGE_DIR = fileURLToPath(new URL('../knowledge', import.meta.url));
const QUESTIONS_FILE = fileURLToPath(new URL('../test/fixtures/retrieval-questions.yaml', import.meta.url));
const SYNTHETIC_CARDS = 10_000;
const QUERY_ROUNDS = 5;
const BUILD_ROUNDS = 3;

export async function run(): Promise<void> {
  const { cards } = await loadCards(KNOWLEDGE_DIR);
  const questions = await loadQuestions();
  // The real size first, before 10,000 cards' worth of garbage makes collections slower.
  const real = measure(cards, questions, BUILD_ROUNDS);
  const large = measure(makeSyntheticCards(cards, SYNTHETIC_CARDS), questions, BUILD_ROUNDS);

  console.log(
    `${questions.length} questions × ${QUERY_ROUNDS} rounds, limit 5; suggestCards with limit 25. ` +
      '"best-of p99" takes each question\'s fastest round first, which filters out pauses from other processes ' +
      'and garbage collection on a shared machine.\n',
  );
  printTable(
    [
      'corpus',
      'cards',
      'passages',
      'build ms',
      'search p50 µs',
      'search p99 µs',
      'search best-of p99 µs',
      'suggest p50 µs',
      'suggest p99 µs',
    ],
    [real, large].map((row) => [
      row.name,
      row.cards,
      row.passages,
      row.buildMs,
      row.search.p50,
      row.search.p99,
      row.search.bestP99,
      row.suggest.p50,
      row.suggest.p99,
    ]),
  );
  printTable(
    [
      'ratio 10,000 vs real',
      'cards',
      'build',
      'search p50',
      'search p99',
      'search best-of p99',
      'suggest p99',
    ],
    [
      [
        '×',
        large.cards / real.cards,
        large.buildMs / real.buildMs,
        large.search.p50 / real.search.p50,
        large.search.p99 / real.search.p99,
        large.search.bestP99 / real.search.bestP99,
        large.suggest.p99 / real.suggest.p99,
      ],
    ],
  );
}

interface Measurement {
  name: string;
  cards: number;
  passages: number;
  buildMs: number;
  search: { p50: number; p99: number; bestP99: number };
  suggest: { p50: number; p99: number; bestP99: number };
}

function measure(cards: Card[], questions: string[], buildRounds: number): Measurement {
  const builds: number[] = [];
  let retriever = createRetriever(cards);
  for (let round = 0; round < buildRounds; round += 1) {
    const start = performance.now();
    retriever = createRetriever(cards);
    builds.push(performance.now() - start);
  }

  for (const question of questions) retriever.search(question);
  const searchTimes = questions.map((): number[] => []);
  const suggestTimes = questions.map((): number[] => []);
  for (let round = 0; round < QUERY_ROUNDS; round += 1) {
    questions.forEach((question, index) => {
      let start = performance.now();
      retriever.search(question, { limit: 5 });
      searchTimes[index]?.push((performance.now() - start) * 1_000);
      const partial = question.slice(0, 1 + (question.length >> 1));
      start = performance.now();
      retriever.suggestCards(partial, 25);
      suggestTimes[index]?.push((performance.now() - start) * 1_000);
    });
  }
  const summarise = (perQuestion: number[][]) => {
    const all = perQuestion.flat().sort((a, b) => a - b);
    const best = perQuestion.map((times) => Math.min(...times)).sort((a, b) => a - b);
    return { p50: percentile(all, 50), p99: percentile(all, 99), bestP99: percentile(best, 99) };
  };
  return {
    name: cards.length === SYNTHETIC_CARDS ? 'synthetic' : 'real knowledge',
    cards: cards.length,
    passages: retriever.passages.length,
    buildMs: percentile(
      builds.sort((a, b) => a - b),
      50,
    ),
    search: summarise(searchTimes),
    suggest: summarise(suggestTimes),
  };
}

async function loadQuestions(): Promise<string[]> {
  const raw = parse(await readFile(QUESTIONS_FILE, 'utf8')) as {
    questions: { q: string }[];
    offTopic?: string[];
  };
  return [...raw.questions.map((entry) => entry.q), ...(raw.offTopic ?? [])];
}

/**
 * Cards shaped like the real ones (same number of sections, similar lengths) whose words are drawn from the real
 * cards at random, so that term frequencies and the vocabulary look like a much larger knowledge base.
 */
export function makeSyntheticCards(cards: Card[], count: number): Card[] {
  const random = createRandom(0x1a_7e_4e);
  const words = cards.flatMap((card) =>
    `${card.title} ${card.body}`.split(/\s+/).filter((word) => word !== ''),
  );
  const draw = (n: number) =>
    Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
  const synthetic: Card[] = [];
  for (let index = 0; index < count; index += 1) {
    const template = cards[index % cards.length] as Card;
    const id = `synthetic-${index}`;
    const body = template.body
      .split(/\n(?=##)/)
      .map((section) => {
        const heading = /^(#{2,3}) /.exec(section)?.[1];
        const length = section.split(/\s+/).length;
        return heading === undefined ? draw(length) : `${heading} ${draw(4)}\n${draw(length)}`;
      })
      .join('\n\n');
    synthetic.push({
      ...template,
      id,
      file: `cards/${id}.md`,
      title: draw(5),
      aliases: template.aliases.map(() => `${draw(2)} ${index}`),
      summary: draw(30),
      body,
    });
  }
  return synthetic;
}

/** mulberry32: a small seeded generator, so every run builds the same synthetic cards. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d_2b_79_f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
