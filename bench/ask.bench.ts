/**
 * The /ask pipeline: prompt size per answer (target ≤ 1,500 estimated tokens), what a cache hit saves over a miss in
 * extractive mode, end-to-end answer latency with the model on a local fake server, and the safety gate's worst case
 * on hostile input of Discord's longest option text beside normal questions (retrieval's cost is measured in
 * retrieval.bench.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Keyv } from 'keyv';
import { parse } from 'yaml';
import { loadKnowledge } from '../src/adapters/load-knowledge.js';
import { loadPrompts } from '../src/adapters/load-prompts.js';
import { createOpenAiModel } from '../src/adapters/openai-model.js';
import { buildAnswerPrompt, MAX_PROMPT_TOKENS } from '../src/core/answer/build-prompt.js';
import { classifyQuestion } from '../src/core/answer/classify-question.js';
import { createAnswerer, DEFAULT_MAX_PASSAGES } from '../src/core/answer/create-answerer.js';
import { createCrisisDetector } from '../src/core/crisis/detect-crisis.js';
import { createHotlineFinder } from '../src/core/hotlines/find-hotlines.js';
import { createAnswerCache } from '../src/core/limits/answer-cache.js';
import { createRetriever, isConfident } from '../src/core/retrieval/create-retriever.js';
import type { KeyValueStore, Log } from '../src/core/types.js';
import { startFakeOpenAiServer } from '../test/fakes/openai-server.js';
import { buildAdversarialCorpus, DISCORD_OPTION_TEXT_LIMIT } from './adversarial.js';
import { median, percentile, printTable } from './stats.js';

const SILENT: Log = { debug() {}, info() {}, warn() {}, error() {}, child: () => SILENT };

export async function run(): Promise<void> {
  const knowledge = await loadKnowledge(path.resolve('knowledge'));
  const prompts = await loadPrompts(path.resolve('prompts'));
  const retriever = createRetriever(knowledge.cards);
  const detect = createCrisisDetector(knowledge.lexicon);
  const hotlines = createHotlineFinder(knowledge.hotlines);
  const fixture = parse(await readFile('test/fixtures/ask-routes.yaml', 'utf8')) as {
    questions: { q: string; route: string }[];
  };
  const questions = fixture.questions
    .map((item) => item.q)
    .filter((q) => classifyQuestion(q, { detect, retriever }).route === 'answer');

  printGateWorstCase(questions, (question) => classifyQuestion(question, { detect }));

  // Prompt size per answered question.
  const sizes: number[] = [];
  let withFourPassages = 0;
  for (const question of questions) {
    const hits = retriever.search(question, { limit: DEFAULT_MAX_PASSAGES });
    if (!isConfident(hits)) continue;
    const prompt = buildAnswerPrompt({ templates: prompts, question, hits });
    sizes.push(prompt.estimatedTokens);
    if (prompt.hits.length === DEFAULT_MAX_PASSAGES) withFourPassages++;
  }
  const sorted = [...sizes].sort((a, b) => a - b);
  printTable(
    ['prompts', 'median tokens', 'p99 tokens', 'max tokens', 'target', 'all 4 passages fit'],
    [
      [
        sizes.length,
        median(sizes),
        percentile(sorted, 99),
        Math.max(...sizes),
        MAX_PROMPT_TOKENS,
        `${withFourPassages}/${sizes.length}`,
      ],
    ],
  );

  // Cache hit vs miss, extractive mode.
  const store = new Keyv() as unknown as KeyValueStore;
  const cache = createAnswerCache({ store, knowledgeVersion: knowledge.version, ttlMs: 3_600_000 });
  const cached = createAnswerer({ retriever, detect, hotlines, prompts, log: SILENT, cache });
  const rounds = 5;
  const miss: number[] = [];
  const hit: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      const unique = `${question} ${round}`;
      let start = performance.now();
      await cached.answer({ question: unique, useModel: false });
      miss.push((performance.now() - start) * 1_000);
      start = performance.now();
      await cached.answer({ question: unique, useModel: false });
      hit.push((performance.now() - start) * 1_000);
    }
  }
  printTable(
    ['extractive answer', 'median µs', 'p99 µs', 'ratio (miss / hit)'],
    [
      [
        'cache miss',
        median(miss),
        percentile(
          [...miss].sort((a, b) => a - b),
          99,
        ),
        median(miss) / median(hit),
      ],
      [
        'cache hit',
        median(hit),
        percentile(
          [...hit].sort((a, b) => a - b),
          99,
        ),
        1,
      ],
    ],
  );

  // End to end with the model on a fake local server (real SDK, real HTTP, streaming and not).
  const server = await startFakeOpenAiServer({
    fallback: {
      kind: 'reply',
      text: 'Depression is common and treatable, and help works [1]. Support matters [2].',
    },
  });
  try {
    const answerer = createAnswerer({
      retriever,
      detect,
      hotlines,
      prompts,
      log: SILENT,
      model: createOpenAiModel({ baseURL: server.baseURL, model: 'bench', maxRetries: 0 }),
    });
    const plain: number[] = [];
    const streamed: number[] = [];
    for (const question of questions) {
      let start = performance.now();
      await answerer.answer({ question });
      plain.push(performance.now() - start);
      start = performance.now();
      await answerer.answer({ question, onDelta: () => undefined });
      streamed.push(performance.now() - start);
    }
    printTable(
      ['answer with model (fake server)', 'runs', 'median ms', 'p99 ms'],
      [
        [
          'non-streaming',
          plain.length,
          median(plain),
          percentile(
            [...plain].sort((a, b) => a - b),
            99,
          ),
        ],
        [
          'streaming',
          streamed.length,
          median(streamed),
          percentile(
            [...streamed].sort((a, b) => a - b),
            99,
          ),
        ],
      ],
    );
  } finally {
    await server.close();
  }
}

const GATE_REPEATS = 30;

/** The gate (normalisation, crisis rules, decline rules, topic words) per question: hostile input against normal. */
function printGateWorstCase(questions: readonly string[], gate: (question: string) => unknown): void {
  const time = (texts: readonly string[]): number => {
    for (const text of texts) gate(text);
    const samples: number[] = [];
    for (let round = 0; round < GATE_REPEATS; round += 1) {
      for (const text of texts) {
        const before = process.hrtime.bigint();
        gate(text);
        samples.push(Number(process.hrtime.bigint() - before) / 1_000);
      }
    }
    return median(samples);
  };
  const baseline = time(questions);
  const rows: (string | number)[][] = [['normal questions (fixture)', baseline, 1]];
  let worst = { name: '', micros: 0 };
  for (const [name, text] of buildAdversarialCorpus(DISCORD_OPTION_TEXT_LIMIT)) {
    const micros = time([text]);
    rows.push([name, micros, micros / baseline]);
    if (micros > worst.micros) worst = { name, micros };
  }
  console.log(
    `The /ask safety gate alone on ${DISCORD_OPTION_TEXT_LIMIT}-character hostile questions; median of ${GATE_REPEATS} runs.\n`,
  );
  printTable(['question', 'median µs', '× normal'], rows);
  console.log(
    `Worst hostile input: ${worst.name}, ${worst.micros.toFixed(0)} µs = ${(worst.micros / baseline).toFixed(1)}× ` +
      `a normal question.\n`,
  );
}
