/**
 * Shared domain types. The core is pure: these are plain data, and the ports at the bottom are what the core needs
 * from the world (implemented in src/adapters).
 */

/* ----------------------------------------------------------------------------------------------------------------
 * Knowledge cards (knowledge/cards/*.md, Markdown with YAML front matter)
 * -------------------------------------------------------------------------------------------------------------- */

export type CardKind = 'fact' | 'myth' | 'guide';

export interface Source {
  /** Short kebab-case slug, unique within the card; sections name their sources by it (`<!-- sources: id -->`). */
  id: string;
  title: string;
  /** Publisher, agency or journal. */
  publisher: string;
  url: string;
  /** Publication or last-update date, YYYY or YYYY-MM or YYYY-MM-DD. */
  date: string;
  /** A secondary copy (a reprint, a summary) listed beside a primary source; never cited on its own. */
  secondary?: boolean;
}

export interface Card {
  id: string;
  title: string;
  kind: CardKind;
  tags: string[];
  /** Words people actually use for this topic ("special K", "Spravato"). Used as search synonyms and autocomplete. */
  aliases: string[];
  /** At most 300 characters; shown on fact cards and in extractive answers. */
  summary: string;
  sources: Source[];
  /** YYYY-MM-DD: when a person last reviewed the card against its sources. */
  reviewed: string;
  /** For reviewers only: what was left out as unverifiable, what still needs checking. Never shown to members. */
  reviewNote?: string;
  /** Myth cards only: the myth as people state it. */
  myth?: string;
  /** Myth cards only: the one-line verdict ("False", "Misleading", ...). */
  verdict?: string;
  /** Ids of related cards. */
  related: string[];
  /** Markdown body without the front matter. */
  body: string;
  /** Path of the source file relative to the knowledge directory, for error messages. */
  file: string;
}

/** A card split at its headings: the unit of retrieval and of citation. */
export interface Passage {
  /** `${cardId}#${index}` */
  id: string;
  cardId: string;
  /** The heading the passage sits under ('' for the text before the first heading). */
  heading: string;
  text: string;
  /** Ids of the card sources behind this passage (its `<!-- sources: … -->` line), in the order given. */
  sourceIds: string[];
  /**
   * Questions this passage answers, in members' words (its `<!-- questions: a | b -->` lines). A retrieval signal
   * only: never shown, never quoted.
   */
  questions: string[];
}

/* ----------------------------------------------------------------------------------------------------------------
 * Hotlines (knowledge/hotlines.yaml)
 * -------------------------------------------------------------------------------------------------------------- */

export interface Hotline {
  name: string;
  phone?: string;
  /** e.g. "Text 988" or "Text SHOUT to 85258". */
  text?: string;
  chatUrl?: string;
  website: string;
  /** As the source states it, e.g. "24/7" or "Daily 10:00–22:00". */
  hours: string;
  is24x7: boolean;
  languages: string[];
  /** e.g. ["youth"], empty when for everyone. */
  populations: string[];
  /** The service's own page or a health authority's page that states this line's number and hours. */
  source: string;
  /** The date the source page itself carries (published or updated), YYYY, YYYY-MM or YYYY-MM-DD, when it shows one. */
  sourceDate?: string;
  /**
   * YYYY-MM-DD: the day a person read the service's own page (`source`, on the service's site) and found this number.
   * Only then do views say "number checked <date>"; otherwise they show the source and its date.
   */
  checked?: string;
  /** YYYY-MM-DD: when the entry was last reviewed against its source (what the scheduled freshness check ages). */
  reviewed: string;
}

export interface CountryHotlines {
  /** ISO 3166-1 alpha-2, upper case. */
  code: string;
  name: string;
  /** Local emergency number, e.g. "911", "112". */
  emergency: string;
  /** A government or health-authority page for this country that gives the emergency number. */
  emergencySource: string;
  lines: Hotline[];
}

export interface HotlineDirectory {
  countries: CountryHotlines[];
  /** International fallbacks: findahelpline.com and similar directories. */
  international: Hotline[];
}

/* ----------------------------------------------------------------------------------------------------------------
 * Crisis detection
 * -------------------------------------------------------------------------------------------------------------- */

export type CrisisLevel = 'none' | 'concern' | 'crisis';
export type CrisisSubject = 'self' | 'other' | 'unknown';

export interface CrisisResult {
  level: CrisisLevel;
  subject: CrisisSubject;
  /** Lexicon entry ids that matched. Never message text. */
  signals: string[];
  /**
   * Set when nothing fired but the message holds an exclusion (idiom, media, recovery, accident, information) or a
   * negation: the writer said what it is not. A quiet cue never turns such a message into a reply.
   */
  guarded?: true;
}

/**
 * `words` is `normalizeWords(text)` when the caller already has it (the responder normalises once for both of its
 * stages); without it the detector normalises the text itself.
 */
export type DetectCrisis = (text: string, words?: readonly string[]) => CrisisResult;

/* ----------------------------------------------------------------------------------------------------------------
 * Retrieval
 * -------------------------------------------------------------------------------------------------------------- */

export interface SearchHit {
  passage: Passage;
  card: Card;
  score: number;
}

export interface SearchOptions {
  /** Maximum hits (default 5). */
  limit?: number;
}

export interface Retriever {
  /** Ranked passages, best first; at most one-per-card is NOT guaranteed. */
  search(query: string, options?: SearchOptions): SearchHit[];
  /** Cards whose title or aliases match a partial query (autocomplete), best first. */
  suggestCards(query: string, limit: number, kind?: CardKind): Card[];
}

/* ----------------------------------------------------------------------------------------------------------------
 * Answers (/ask and `lantern ask`)
 * -------------------------------------------------------------------------------------------------------------- */

export type Route = 'answer' | 'crisis' | 'decline' | 'out_of_scope';
export type AnswerMode = 'llm' | 'extractive';

export interface Citation {
  id: string;
  title: string;
  url: string;
}

export interface Answer {
  route: Route;
  /** Markdown, mentions stripped, without the footer (views add it). */
  text: string;
  citations: Citation[];
  mode: AnswerMode;
  /** Crisis lines to show with the answer (crisis, and decline when risk is implied). */
  resources?: CountryHotlines | 'international';
  /** Card ids used, for feedback records (never the question). */
  cardIds: string[];
  /** Tokens the model used, counted even when its output was rejected and the cards answered instead (0 without a model call). */
  tokensUsed: number;
}

/* ----------------------------------------------------------------------------------------------------------------
 * Ports: what the core needs from the world
 * -------------------------------------------------------------------------------------------------------------- */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  maxTokens: number;
  signal?: AbortSignal;
}

export interface ChatResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
}

/** An OpenAI-compatible chat model. `onDelta` receives streamed text as it arrives. */
export interface ChatModel {
  readonly name: string;
  complete(request: ChatRequest, onDelta?: (delta: string) => void): Promise<ChatResult>;
}

/** Minimal structured logger (pino-compatible). Never pass user text. */
export interface Log {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Log;
}

/** A key-value namespace (keyv-compatible subset). `ttl` in milliseconds. */
export interface KeyValueStore<T = unknown> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttl?: number): Promise<unknown>;
  delete(key: string): Promise<boolean>;
}

/** Clock port so that cooldowns, budgets and weekly posts are testable. */
export type Now = () => number;
