/**
 * Builds the model prompt from the templates, the numbered passages and the delimited question, within a token
 * budget (estimated as characters / 4, which over-counts for English and keeps us safely under model limits).
 */
import type { ChatMessage, SearchHit } from '../types.js';
import { readForSafety } from './output-guard.js';
import { renderTemplate, type PromptTemplates } from './prompt-templates.js';

/** The whole prompt (system + user message) stays under this many estimated tokens. */
export const MAX_PROMPT_TOKENS = 1_500;
/** Longer questions are cut: a question needs no more, and a long one only crowds out the passages. */
export const MAX_QUESTION_CHARS = 1_000;
/** A passage cut shorter than this says too little to be worth citing. */
const MIN_PASSAGE_CHARS = 200;

export interface BuiltPrompt {
  messages: ChatMessage[];
  /** The passages in the prompt, in citation order: `[n]` refers to `hits[n - 1]`. */
  hits: SearchHit[];
  estimatedTokens: number;
  /** The per-request tag name around the question ("question-3f9c…"): secret, so it must never appear in output. */
  boundary: string;
}

export interface BuildPromptInput {
  templates: PromptTemplates;
  question: string;
  hits: readonly SearchHit[];
  locale?: string | undefined;
  maxPromptTokens?: number;
  /** Random hex for the boundary tag (default: 8 random bytes from Web Crypto). */
  randomHex?: () => string;
}

/** 64 random bits as hex: a question cannot close a block whose tag it cannot guess. */
export function randomBoundaryHex(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Characters / 4, rounded up: the estimate used for every prompt budget. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The language to answer in, named in English for the model ("Spanish", "Brazilian Portuguese"). Discord locales are
 * language tags; this never guesses a country from them.
 */
/** Creating Intl.DisplayNames costs far more than using it; one instance serves every answer. */
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

export function languageOf(locale: string | undefined): string {
  if (!locale) return 'English';
  try {
    return LANGUAGE_NAMES.of(locale) ?? 'English';
  } catch {
    return 'English';
  }
}

/** Characters that can pass for `<` and `>` (NFKC folds some of them, a model may read all of them as brackets). */
const TAG_LOOK_ALIKE =
  /[<＜﹤‹〈⟨《≺ᐸ˂❮❬⧼⟪][^<>＜＞﹤﹥‹›〈〉⟨⟩《》≺≻ᐸᐳ˂˃❮❯❬❭⧼⧽⟪⟫\n]{0,60}[>＞﹥›〉⟩》≻ᐳ˃❯❭⧽⟫]/g;
/** Words a forged delimiter would carry, read through the safety normaliser (look-alike letters, invisibles). */
const DELIMITER_WORDS = /question|passage|system|assistant|instruction|user/;

/**
 * The question as data: anything that reads like a tag naming the question block (after normalisation: full-width
 * brackets, look-alike letters, invisible characters) is removed so that it cannot close the block early, control
 * characters are dropped, and it is cut to `MAX_QUESTION_CHARS`. The block's tag is also random per request.
 */
export function delimitQuestion(question: string): string {
  const cleaned = question
    .replace(TAG_LOOK_ALIKE, (tag) =>
      DELIMITER_WORDS.test(readForSafety(tag).replace(/ /g, '')) ? ' ' : tag,
    )
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();
  return cleaned.length <= MAX_QUESTION_CHARS ? cleaned : `${cutAtWord(cleaned, MAX_QUESTION_CHARS - 1)}…`;
}

/**
 * Renders system and user messages. Passages are added best first while they fit; the first one that does not fit
 * is cut at a sentence or word boundary if enough room is left, and the rest are left out.
 */
export function buildAnswerPrompt({
  templates,
  question,
  hits,
  locale,
  maxPromptTokens = MAX_PROMPT_TOKENS,
  randomHex = randomBoundaryHex,
}: BuildPromptInput): BuiltPrompt {
  const boundary = `question-${randomHex()}`;
  const system = renderTemplate(templates.templates.system, { language: languageOf(locale), boundary });
  const delimited = delimitQuestion(question);
  const render = (passages: string) =>
    renderTemplate(templates.templates.user, { passages, question: delimited, boundary });
  const fixedChars = system.length + render('').length;
  let roomChars = maxPromptTokens * 4 - fixedChars;

  const used: SearchHit[] = [];
  const blocks: string[] = [];
  for (const hit of hits) {
    const header = `[${used.length + 1}] ${hit.card.title}\n`;
    const separator = blocks.length === 0 ? 0 : 2;
    const full = header + hit.passage.text.trim();
    const room = roomChars - separator;
    if (full.length <= room) {
      blocks.push(full);
      used.push(hit);
      roomChars -= full.length + separator;
      continue;
    }
    if (room - header.length >= MIN_PASSAGE_CHARS || used.length === 0) {
      const cut = cutAtSentence(hit.passage.text.trim(), Math.max(0, room - header.length - 1));
      if (cut !== '') {
        blocks.push(`${header}${cut}${/[.!?]$/.test(cut) ? '' : '…'}`);
        used.push(hit);
      }
    }
    break;
  }
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: render(blocks.join('\n\n')) },
  ];
  return {
    messages,
    hits: used,
    estimatedTokens: messages.reduce((sum, message) => sum + estimateTokens(message.content), 0),
    boundary,
  };
}

/** At most `max` characters, ending at a sentence end if one is in the last half, else at a word boundary. */
export function cutAtSentence(text: string, max: number): string {
  if (text.length <= max) return text;
  const window = text.slice(0, max);
  const sentenceEnd = Math.max(window.lastIndexOf('. '), window.lastIndexOf('.\n'), window.lastIndexOf('? '));
  if (sentenceEnd >= max / 2) return window.slice(0, sentenceEnd + 1);
  return cutAtWord(text, max);
}

function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const window = text.slice(0, max);
  const space = window.lastIndexOf(' ');
  return (space > max / 2 ? window.slice(0, space) : window).trimEnd();
}
