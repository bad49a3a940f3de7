import { parseArgs } from 'node:util';
import { loadKnowledge } from '../../adapters/load-knowledge.js';
import { loadPrompts } from '../../adapters/load-prompts.js';
import { createOpenAiModel } from '../../adapters/openai-model.js';
import { loadConfig } from '../../config.js';
import { createAnswerer, type AnswerResult } from '../../core/answer/create-answerer.js';
import { answerDeadlineMs } from '../../core/answer/model-timeout.js';
import { createCrisisDetector } from '../../core/crisis/detect-crisis.js';
import { UserError } from '../../core/errors.js';
import { createHotlineFinder } from '../../core/hotlines/find-hotlines.js';
import { createInFlightGuard } from '../../core/limits/in-flight-guard.js';
import { createRetriever } from '../../core/retrieval/create-retriever.js';
import { DEFAULT_SERVER_SETTINGS, DEFAULT_USER_PREFERENCES } from '../../core/settings/settings.js';
import { ask, type AskPorts } from '../../core/use-cases/ask.js';
import type { ChatModel, CountryHotlines, Hotline, Log } from '../../core/types.js';
import type { CliCommand } from '../cli-command.js';

const USAGE = `Usage: lantern ask "<question>" [--json] [--region CC] [--locale xx] [--cards-only]

Answers a question the way /ask does on Discord, from the knowledge cards (KNOWLEDGE_DIR, default ./knowledge).
With LLM_MODEL set (and LLM_BASE_URL for a local server such as Ollama, LLM_API_KEY or OPENAI_API_KEY for a hosted
one) the answer is written by the model from the cards; otherwise it is quoted from the cards.

Options:
  --json         print {"route","text","citations":[{"id","title","url"}],"mode"}
  --region CC    your country (ISO code such as US, GB, IN) for crisis lines
  --locale xx    the language to answer in (e.g. es, pt-BR)
  --cards-only   do not use the model even when one is configured`;

const FOOTER =
  'Not medical advice. Lantern shares reviewed information and is not a crisis service; if you are in danger, call your local emergency number.';

/** What `ask` takes from the environment. One place, so that it follows `src/config.ts` exactly. */
export function readAskSettings(env: NodeJS.ProcessEnv): {
  knowledgeDir: string;
  llm:
    { baseURL: string | undefined; apiKey: string | undefined; model: string; timeoutMs: number } | undefined;
} {
  const config = loadConfig(env);
  return { knowledgeDir: config.knowledgeDir, llm: config.llm };
}

/** A terminal has no server or saved preferences: the defaults. */
const NO_SETTINGS: AskPorts['settings'] = {
  getServer: () => Promise.resolve({ ...DEFAULT_SERVER_SETTINGS }),
  getUser: () => Promise.resolve({ ...DEFAULT_USER_PREFERENCES }),
};
const NO_RATE_LIMIT: AskPorts['limits']['rate'] = {
  take: () => Promise.resolve({ allowed: true, retryAfterMs: 0 }),
};
const NO_BUDGET: AskPorts['limits']['budget'] = {
  check: () =>
    Promise.resolve({
      allowed: true,
      spent: 0,
      remaining: Number.POSITIVE_INFINITY,
      resetsAt: Number.POSITIVE_INFINITY,
    }),
  spend: () => Promise.resolve(),
};

/** The CLI prints no logs: its output is the answer. */
const SILENT_LOG: Log = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => SILENT_LOG,
};

export default {
  name: 'ask',
  summary: 'ask a question as /ask would, from the cards (and a model if configured)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        region: { type: 'string' },
        locale: { type: 'string' },
        'cards-only': { type: 'boolean', default: false },
      },
      strict: true,
    });
    const question = positionals.join(' ').trim();
    if (question === '') throw new UserError(`Give a question in quotes.\n\n${USAGE}`, 'usage');
    const region = values.region?.trim().toUpperCase();
    if (region !== undefined && !/^[A-Z]{2}$/.test(region)) {
      throw new UserError(
        `--region must be a two-letter country code such as US, GB or IN, got "${values.region}".`,
        'usage',
      );
    }

    const settings = readAskSettings(io.env);
    const [knowledge, prompts] = await Promise.all([loadKnowledge(settings.knowledgeDir), loadPrompts()]);
    const model: ChatModel | undefined = settings.llm
      ? createOpenAiModel({
          baseURL: settings.llm.baseURL,
          apiKey: settings.llm.apiKey,
          model: settings.llm.model,
          timeoutMs: settings.llm.timeoutMs,
        })
      : undefined;
    const hotlines = createHotlineFinder(knowledge.hotlines);
    const answerer = createAnswerer({
      retriever: createRetriever(knowledge.cards),
      detect: createCrisisDetector(knowledge.lexicon),
      hotlines,
      model,
      prompts,
      log: SILENT_LOG,
      ...(settings.llm ? { modelTimeoutMs: answerDeadlineMs(settings.llm.timeoutMs) } : {}),
    });
    // The same use case as /ask. A terminal has no server and one person: no channel gate, rate limit or budget.
    const result = await ask(
      {
        answerer,
        settings: NO_SETTINGS,
        limits: { inFlight: createInFlightGuard(), rate: NO_RATE_LIMIT, budget: NO_BUDGET },
        modelConfigured: model !== undefined,
        defaultDailyTokenBudget: 0,
      },
      { question, userId: 'terminal', locale: values.locale, region, cardsOnly: values['cards-only'] },
    );
    if (result.kind !== 'answered') throw new Error(`ask refused a terminal question (${result.kind})`);
    const { answer } = result;

    if (values.json) {
      // The same content a member sees: the crisis lines and the suggested cards too.
      const { route, text, citations, mode, resources, suggestions } = answer;
      const lines =
        resources === undefined
          ? undefined
          : resources === 'international'
            ? { country: null, emergency: null, lines: hotlines.international() }
            : { country: resources.code, emergency: resources.emergency, lines: resources.lines };
      io.stdout.write(
        `${JSON.stringify({ route, text, citations, mode, ...(lines ? { resources: lines } : {}), ...(suggestions ? { suggestions } : {}) })}\n`,
      );
    } else {
      io.stdout.write(renderForTerminal(answer, hotlines.international()));
    }
    return 0;
  },
} satisfies CliCommand;

function renderForTerminal(answer: AnswerResult, international: readonly Hotline[]): string {
  const parts = [answer.text.trim()];
  if (answer.resources !== undefined) parts.push(renderResources(answer.resources, international));
  if (answer.citations.length > 0) {
    parts.push(
      ['Sources:', ...answer.citations.map((c, i) => `  [${i + 1}] ${c.title}: ${c.url}`)].join('\n'),
    );
  }
  parts.push(FOOTER);
  return `${parts.join('\n\n')}\n`;
}

function renderResources(
  resources: CountryHotlines | 'international',
  international: readonly Hotline[],
): string {
  if (resources === 'international') {
    return [
      'Crisis lines (call your local emergency number if you are in danger):',
      ...international.map((line) => `  - ${describeLine(line)}`),
    ].join('\n');
  }
  return [
    `Crisis lines in ${resources.name} (emergency: ${resources.emergency}):`,
    ...resources.lines.map((line) => `  - ${describeLine(line)}`),
  ].join('\n');
}

function describeLine(line: Hotline): string {
  const ways = [
    line.phone ? `call ${line.phone}` : undefined,
    line.text,
    line.chatUrl ? `chat ${line.chatUrl}` : undefined,
    line.phone || line.text || line.chatUrl ? undefined : line.website,
  ].filter((way): way is string => way !== undefined && way !== '');
  return `${line.name}: ${ways.join(', ')} (${line.hours})`;
}
