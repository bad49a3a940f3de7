/**
 * The /ask pipeline: classify → (crisis | decline | out of scope | retrieve → generate or extract) → clean. Every path
 * ends with a kind, valid answer: a model that errs, hangs, cuts off or writes something unsafe is replaced by an
 * extractive answer from the cards. Logs carry routes, rule ids, card ids, counts and timings, never the question.
 * Policy (after McBain et al. 2025): never answer method or lethality questions in any framing; meet a personal
 * disclosure with warmth and resources first; answer low-risk questions directly with resources attached; follow
 * safe-messaging wording.
 */
import type { AnswerCache } from '../limits/answer-cache.js';
import type {
  Answer,
  Card,
  ChatModel,
  CountryHotlines,
  DetectCrisis,
  Log,
  Now,
  Retriever,
  SearchHit,
} from '../types.js';
import { buildAnswerPrompt, MAX_PROMPT_TOKENS } from './build-prompt.js';
import { classifyQuestion, type Classification } from './classify-question.js';
import type { DeclineCategory } from './decline-rules.js';
import type { HotlineFinder, HotlineResolver } from '../hotlines/find-hotlines.js';
import { createHotlineQuestionReader } from '../hotlines/hotline-question.js';
import { disclosesOwnDistress } from './disclosure.js';
import { questionLanguage, type TranslatedLanguage } from './question-language.js';
import { buildExtractiveAnswer } from './extractive-answer.js';
import { answerDeadlineMs } from './model-timeout.js';
import { createOutputGuard, type GuardVerdict } from './output-guard.js';
import { renderTemplate, type PromptTemplates, type TemplateName } from './prompt-templates.js';
import { isConfident as defaultIsConfident } from '../retrieval/create-retriever.js';

/** What the answerer needs of the hotline finder: a region's lines, and the countries a question can name. */
export type AnswererHotlines = HotlineResolver & Pick<HotlineFinder, 'countries' | 'forCountry'>;

export interface CardSuggestion {
  id: string;
  title: string;
}

/** `Answer` plus what the views may show or log. */
export interface AnswerResult extends Answer {
  /** The question's language when it is not English and Lantern's fixed replies are translated into it. */
  language?: TranslatedLanguage;
  /** The rule id that chose the route (for logs and feedback; never text). */
  reason: string;
  /** When no card answers: up to three cards that may be close. */
  suggestions?: CardSuggestion[];
  /** The answer came from the cache (it cost no tokens). */
  cached?: boolean;
}

export interface AskInput {
  question: string;
  /** Discord locale ("es-ES", "pt-BR"): the language of the answer. Never used to pick a country. */
  locale?: string | undefined;
  /** The person's chosen or saved hotline region (ISO 3166-1 alpha-2). */
  region?: string | undefined;
  /** The server's default hotline region. */
  serverRegion?: string | undefined;
  /** False when the server turned the model off or its token budget is spent: answer from the cards. */
  useModel?: boolean;
  /**
   * Receives the model's answer so far, already cleaned (mentions neutralised, citations renumbered), each time it
   * grows. Not called for fixed replies or extractive answers. The final `Answer` may differ (it replaces the stream
   * when the model's output fails a check), so show the final text when `answer` resolves.
   */
  onDelta?: (textSoFar: string) => void;
}

export interface AnswererDeps {
  retriever: Retriever;
  detect: DetectCrisis;
  hotlines: AnswererHotlines;
  model?: ChatModel | undefined;
  prompts: PromptTemplates;
  log: Log;
  now?: Now;
  /** Passages given to the model (default 4). */
  maxPassages?: number;
  /** The whole model call, retries included, must finish within this (default `answerDeadlineMs()`: 25 s). */
  modelTimeoutMs?: number;
  /** Output tokens the model may write (default 450: about 180 words with room to spare), sent to the server. */
  maxOutputTokens?: number;
  /** Phone numbers an answer may show besides those in its passages (the hotline directory's). */
  knownPhoneNumbers?: readonly string[];
  maxPromptTokens?: number;
  isConfident?: (hits: readonly SearchHit[]) => boolean;
  cache?: AnswerCache | undefined;
}

export interface Answerer {
  answer(input: AskInput): Promise<AnswerResult>;
}

export const DEFAULT_MAX_PASSAGES = 4;
export const DEFAULT_MAX_OUTPUT_TOKENS = 450;
const SUGGESTION_COUNT = 3;

const DECLINE_TEMPLATES: Readonly<Record<DeclineCategory, TemplateName>> = {
  suicide_method: 'decline_method',
  lethal_means: 'decline_method',
  personal_dosing: 'decline_dosing',
  diagnosis: 'decline_diagnosis',
  buying_drugs: 'decline_buying',
  interactions: 'decline_interactions',
  homework: 'decline_homework',
  mass_mention: 'decline_mass_mention',
};

class ModelTimeoutError extends Error {
  override readonly name = 'ModelTimeoutError';
}

export function createAnswerer({
  retriever,
  detect,
  hotlines,
  model,
  prompts,
  log: rootLog,
  now = Date.now,
  maxPassages = DEFAULT_MAX_PASSAGES,
  modelTimeoutMs = answerDeadlineMs(),
  maxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS,
  knownPhoneNumbers = [],
  maxPromptTokens = MAX_PROMPT_TOKENS,
  isConfident = defaultIsConfident,
  cache,
}: AnswererDeps): Answerer {
  const log = rootLog.child({ module: 'answer' });
  const readHotlineQuestion = createHotlineQuestionReader(hotlines);
  /** A fixed reply in the question's language when it is translated, else in English. */
  const template = (
    name: TemplateName,
    values: Record<string, string> = {},
    language?: TranslatedLanguage,
  ): string => {
    const translated =
      language !== undefined && name !== 'system' && name !== 'user'
        ? prompts.translations?.[language]?.[name]
        : undefined;
    return renderTemplate(translated ?? prompts.templates[name], values);
  };

  const fixedReply = (
    classification: Classification,
    text: string,
    resources?: CountryHotlines | 'international',
  ): AnswerResult => ({
    route: classification.route,
    reason: classification.reason,
    text,
    citations: [],
    mode: 'extractive',
    ...(resources === undefined ? {} : { resources }),
    cardIds: [],
    tokensUsed: 0,
  });

  async function generate(
    input: AskInput,
    hits: SearchHit[],
  ): Promise<{ answer?: Pick<Answer, 'text' | 'citations' | 'cardIds'>; tokensUsed: number }> {
    if (!model) return { tokensUsed: 0 };
    // The member's language is the question's when it is clear, else their Discord locale.
    const locale = questionLanguage(input.question) ?? input.locale;
    const prompt = buildAnswerPrompt({
      templates: prompts,
      question: input.question,
      hits,
      locale,
      maxPromptTokens,
    });
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ModelTimeoutError(`model did not answer within ${modelTimeoutMs} ms`));
      }, modelTimeoutMs);
    });
    // The guard reads the stream one sentence at a time; only complete, cited, checked sentences are ever shown, and
    // it stops the model once the answer is rejected or long enough.
    const guard = createOutputGuard({
      hits: prompt.hits,
      systemPrompt: prompt.messages[0]?.content ?? '',
      // The boundary tag, and its random part alone: neither may be echoed.
      secrets: [prompt.boundary, prompt.boundary.slice(prompt.boundary.lastIndexOf('-') + 1)],
      knownPhoneNumbers,
      locale,
    });
    let lastShown = '';
    let rawChars = 0;
    let stoppedByGuard = false;
    const onDelta = (delta: string) => {
      if (stoppedByGuard) return;
      rawChars += delta.length;
      if (!guard.push(delta)) {
        stoppedByGuard = true;
        controller.abort();
      }
      const shown = guard.shown();
      if (shown !== lastShown && shown !== '') {
        lastShown = shown;
        input.onDelta?.(shown);
      }
    };
    const verdictWith = (verdict: GuardVerdict, tokensUsed: number) => {
      if (!verdict.ok) {
        log.warn(
          { problem: verdict.problem, rule: verdict.ruleId, tokensUsed },
          'model output rejected; answering from the cards',
        );
        return { tokensUsed };
      }
      const { ok: _ok, ...answer } = verdict;
      return { answer, tokensUsed };
    };
    try {
      const result = await Promise.race([
        model.complete(
          { messages: prompt.messages, maxTokens: maxOutputTokens, signal: controller.signal },
          onDelta,
        ),
        deadline,
      ]);
      return verdictWith(guard.finish(), result.promptTokens + result.completionTokens);
    } catch (error) {
      // The guard stopped the model: a rejected answer falls back to the cards; a long one keeps its checked text.
      if (stoppedByGuard)
        return verdictWith(guard.finish(), prompt.estimatedTokens + Math.ceil(rawChars / 4));
      log.warn({ err: describeError(error) }, 'model failed; answering from the cards');
      return { tokensUsed: 0 };
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }

  /** A question asking for crisis lines: the lines of the country it names (else the member's or server's region). */
  function hotlineAnswer(
    input: AskInput,
    classification: Extract<Classification, { route: 'answer' | 'out_of_scope' }>,
  ): Promise<AnswerResult> | undefined {
    const lookup = readHotlineQuestion(input.question);
    if (lookup === undefined) return undefined;
    const region = resolveResources(input);
    // A number several countries share (988): the member's region when it is one of them, else the first listed.
    const shared =
      lookup.candidates.find((country) => region !== 'international' && country.code === region.code) ??
      lookup.candidates[0];
    const resources = lookup.country ?? shared ?? region;
    if (lookup.aboutTheLine) return answerQuestion(input, { ...classification, route: 'answer' }, resources);
    const place = resources === 'international' ? 'any country (international directories)' : resources.name;
    return Promise.resolve({
      ...fixedReply(
        { ...classification, route: 'answer' },
        template(
          'hotline_lookup',
          { place, emergency: emergencyOf(resources, questionLanguage(input.question)) },
          questionLanguage(input.question),
        ),
        resources,
      ),
      reason: 'hotline_lookup',
    });
  }

  async function answerQuestion(
    input: AskInput,
    classification: Classification,
    forced?: CountryHotlines | 'international',
  ): Promise<AnswerResult> {
    const resources = forced ?? (classification.riskImplied ? resolveResources(input) : undefined);
    const language = questionLanguage(input.question);
    const riskNote =
      resources === undefined
        ? ''
        : `\n\n${template('risk_note', { emergency: emergencyOf(resources, language) }, language)}`;
    const hits = retriever.search(input.question, { limit: maxPassages });
    if (!isConfident(hits)) {
      const suggestions = suggestCards(input.question, hits);
      const list = suggestions.map((card) => `- ${card.title}`).join('\n');
      // Cards are English: a question in another language is told so, and that asking in English may find one.
      const notFound = language === undefined ? 'not_found' : 'not_found_other_language';
      return {
        ...fixedReply(
          classification,
          template(notFound, { suggestions: list }, language) + riskNote,
          resources,
        ),
        cardIds: suggestions.map((card) => card.id),
        suggestions: suggestions.map((card) => ({ id: card.id, title: card.title })),
      };
    }
    const wantsModel = (input.useModel ?? true) && model !== undefined;
    const generated = wantsModel ? await generate(input, hits) : { tokensUsed: 0 };
    const body = generated.answer ?? buildExtractiveAnswer(hits, input.question);
    // A member who tells us how they feel hears that first, in one line, before the facts.
    const acknowledgement = disclosesOwnDistress(input.question)
      ? `${template('acknowledge', {}, language)}\n\n`
      : '';
    // Quoted cards are English; a member who asked in another language is told so first.
    const englishOnly =
      language !== undefined && generated.answer === undefined
        ? `${template('cards_in_english', {}, language)}\n\n`
        : '';
    return {
      route: 'answer',
      reason: classification.reason,
      text: acknowledgement + englishOnly + body.text + riskNote,
      citations: body.citations,
      mode: generated.answer ? 'llm' : 'extractive',
      ...(resources === undefined ? {} : { resources }),
      cardIds: body.cardIds,
      tokensUsed: generated.tokensUsed,
    };
  }

  function suggestCards(question: string, hits: readonly SearchHit[]): Card[] {
    const found: Card[] = [];
    const add = (card: Card) => {
      if (found.length < SUGGESTION_COUNT && !found.some((each) => each.id === card.id)) found.push(card);
    };
    for (const hit of hits) add(hit.card);
    for (const card of retriever.suggestCards(question, SUGGESTION_COUNT)) add(card);
    return found;
  }

  function resolveResources(input: AskInput): CountryHotlines | 'international' {
    return hotlines.resolve({ userRegion: input.region, serverRegion: input.serverRegion });
  }

  async function respond(input: AskInput, classification: Classification): Promise<AnswerResult> {
    const language = questionLanguage(input.question);
    switch (classification.route) {
      case 'crisis': {
        const resources = resolveResources(input);
        return fixedReply(
          classification,
          template('crisis', { emergency: emergencyOf(resources, language) }, language),
          resources,
        );
      }
      case 'decline': {
        const name = DECLINE_TEMPLATES[classification.declineCategory];
        const withResources = classification.riskImplied || name === 'decline_method';
        const resources = withResources ? resolveResources(input) : undefined;
        const values =
          name === 'decline_method' && resources ? { emergency: emergencyOf(resources, language) } : {};
        return fixedReply(classification, template(name, values, language), resources);
      }
      case 'out_of_scope':
        return (
          hotlineAnswer(input, classification) ??
          fixedReply(classification, template('out_of_scope', {}, language))
        );
      case 'answer':
        return hotlineAnswer(input, classification) ?? answerQuestion(input, classification);
    }
  }

  return {
    async answer(input) {
      const started = now();
      const classification = classifyQuestion(input.question, { detect, retriever, isConfident });
      const variant = (input.useModel ?? true) && model !== undefined ? 'llm' : 'extractive';
      const cacheInput = {
        question: input.question,
        locale: input.locale,
        region: input.region,
        variant,
      } as const;
      const cacheable =
        cache !== undefined &&
        !classification.riskImplied &&
        (classification.route === 'answer' || classification.route === 'out_of_scope');

      if (cacheable) {
        const hit = await cache.get(cacheInput).catch((error: unknown) => {
          log.warn({ err: describeError(error) }, 'answer cache read failed');
          return undefined;
        });
        if (hit) {
          log.info(
            { route: hit.route, reason: classification.reason, cached: true, ms: now() - started },
            'answered',
          );
          return { ...hit, reason: classification.reason, tokensUsed: 0, cached: true };
        }
      }

      const language = questionLanguage(input.question);
      const result: AnswerResult = {
        ...(await respond(input, classification)),
        ...(language === undefined ? {} : { language }),
      };
      if (cacheable) {
        const { reason: _reason, suggestions: _suggestions, cached: _cached, ...answer } = result;
        await cache.set(cacheInput, answer).catch((error: unknown) => {
          log.warn({ err: describeError(error) }, 'answer cache write failed');
        });
      }
      log.info(
        {
          route: result.route,
          reason: result.reason,
          mode: result.mode,
          cardIds: result.cardIds,
          tokensUsed: result.tokensUsed,
          resources:
            result.resources === undefined
              ? undefined
              : typeof result.resources === 'string'
                ? 'international'
                : result.resources.code,
          ms: now() - started,
        },
        'answered',
      );
      return result;
    },
  };
}

/** How the templates name "your local emergency number" in each language a question can be answered in. */
const LOCAL_EMERGENCY: Readonly<Record<TranslatedLanguage | 'en', string>> = {
  en: 'your local emergency number',
  // The translations put the article before {{emergency}} ("llama al 112"), so these carry none (German aside).
  es: 'número de emergencias de tu zona',
  fr: "numéro d'urgence local",
  de: 'die örtliche Notrufnummer',
  pt: 'número de emergência local',
};

/**
 * "911 (emergency services in United States)" for the templates, the number alone in other languages (country
 * names are English in the data); the international list has no single number.
 */
export function emergencyOf(
  resources: CountryHotlines | 'international',
  language?: TranslatedLanguage,
): string {
  if (resources === 'international') return LOCAL_EMERGENCY[language ?? 'en'];
  return language === undefined
    ? `${resources.emergency} (emergency services in ${resources.name})`
    : resources.emergency;
}

/**
 * What may be logged about a failure: its name, status and code. Not its message: a parse error can quote the
 * model's output, which may echo the question.
 */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const details: Record<string, unknown> = { name: error.name };
  for (const key of ['status', 'code', 'kind'] as const) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') details[key] = value;
  }
  return details;
}
