/**
 * The answer Lantern gives without a model (none configured, the server turned it off, or it failed): the reviewed
 * words of the best cards, quoted with citations. It is always available and always grounded.
 */
import type { Citation, SearchHit } from '../types.js';
import { cutAtSentence } from './build-prompt.js';

/** Room for the best passage; with two summaries the answer stays well under Discord's 2,000 characters. */
const MAX_PASSAGE_CHARS = 700;

export interface ExtractiveAnswer {
  text: string;
  citations: Citation[];
  cardIds: string[];
}

/**
 * Builds an answer from the best hit's card (its myth verdict, summary and best passage) and the summary of the next
 * best card, citing each as [1], [2]. `hits` must not be empty.
 */
export function buildExtractiveAnswer(hits: readonly SearchHit[]): ExtractiveAnswer {
  const best = hits[0];
  if (!best) throw new Error('an extractive answer needs at least one hit');
  const second = hits.find((hit) => hit.card.id !== best.card.id);
  const parts: string[] = [];
  const { card } = best;
  if (card.kind === 'myth' && card.myth && card.verdict) {
    parts.push(`**Myth:** “${card.myth}” **${card.verdict}.** [1]`);
  }
  parts.push(`${unwrapLines(card.summary.trim())} [1]`);
  const passage = unwrapLines(passageBody(best));
  if (passage !== '' && !isOpening(best)) parts.push(`${cutAtSentence(passage, MAX_PASSAGE_CHARS)} [1]`);
  if (second) parts.push(`**${second.card.title}:** ${unwrapLines(second.card.summary.trim())} [2]`);

  const cards = second ? [card, second.card] : [card];
  return {
    text: parts.join('\n\n'),
    citations: cards.map((each) => ({ id: each.id, title: each.title, url: each.sources[0]?.url ?? '' })),
    cardIds: cards.map((each) => each.id),
  };
}

/** Passage 0 opens with the summary itself; quoting it again would repeat the summary. */
function isOpening(hit: SearchHit): boolean {
  return hit.passage.heading === '';
}

/** The passage without its heading line (sections start with their heading). */
function passageBody(hit: SearchHit): string {
  const text = hit.passage.text.trim();
  if (hit.passage.heading !== '' && text.startsWith(hit.passage.heading)) {
    return text.slice(hit.passage.heading.length).trim();
  }
  return text;
}

/**
 * Cards are hard-wrapped at 120 columns; Discord shows every newline, so single newlines inside a paragraph become
 * spaces. Paragraph breaks and list items stay.
 */
export function unwrapLines(text: string): string {
  return text.replace(/([^\n])\n(?!\n|\s*(?:[-*+] |\d+[.)] |#|>))/g, '$1 ');
}
