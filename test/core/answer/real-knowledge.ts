/** The real knowledge, detector, retriever and hotline finder, loaded once per test file. */
import path from 'node:path';
import { loadKnowledge, type KnowledgeBase } from '../../../src/adapters/load-knowledge.js';
import { loadPrompts } from '../../../src/adapters/load-prompts.js';
import { createAnswerer, type Answerer } from '../../../src/core/answer/create-answerer.js';
import type { PromptTemplates } from '../../../src/core/answer/prompt-templates.js';
import { createCrisisDetector } from '../../../src/core/crisis/detect-crisis.js';
import { createHotlineFinder, type HotlineFinder } from '../../../src/core/hotlines/find-hotlines.js';
import { createRetriever, type CardRetriever } from '../../../src/core/retrieval/create-retriever.js';
import type { DetectCrisis, Log } from '../../../src/core/types.js';

export interface RealKnowledge {
  knowledge: KnowledgeBase;
  detect: DetectCrisis;
  retriever: CardRetriever;
  hotlines: HotlineFinder;
  prompts: PromptTemplates;
}

let loading: Promise<RealKnowledge> | undefined;

export function loadRealKnowledge(): Promise<RealKnowledge> {
  loading ??= (async () => {
    const knowledge = await loadKnowledge(path.resolve('knowledge'));
    return {
      knowledge,
      detect: createCrisisDetector(knowledge.lexicon),
      retriever: createRetriever(knowledge.cards),
      hotlines: createHotlineFinder(knowledge.hotlines),
      prompts: await loadPrompts(path.resolve('prompts')),
    };
  })();
  return loading;
}

const silent: Log = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** The answerer as shipped without a model (cards only), on the real knowledge and prompts, logging nothing. */
export function cardsOnlyAnswerer(real: RealKnowledge): Answerer {
  return createAnswerer({
    retriever: real.retriever,
    detect: real.detect,
    hotlines: real.hotlines,
    prompts: real.prompts,
    log: silent,
  });
}
