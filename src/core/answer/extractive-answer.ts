/**
 * The answer Lantern gives without a model (none configured, the server turned it off, or it failed): the reviewed
 * words of the best cards, quoted with citations. It is always available and always grounded.
 */
import { citePassage } from '../knowledge/passage-sources.js';
import { splitPassages } from '../knowledge/split-passages.js';
import type { Card, Citation, SearchHit } from '../types.js';
import { cutAtSentence } from './build-prompt.js';

/** Room for the best passage; with two summaries the answer stays well under Discord's 2,000 characters. */
const MAX_PASSAGE_CHARS = 700;

export interface ExtractiveAnswer {
  text: string;
  citations: Citation[];
  cardIds: string[];
}

/**
 * Builds an answer from the best hit's card (its myth verdict, summary and best passage under its own heading) and
 * the summary of the next best card. Each part cites the source of the passage it quotes: the summary and verdict cite the card's opening
 * passage, the quoted section cites its own sources (a new number when they differ). `hits` must not be empty.
 */
export function buildExtractiveAnswer(hits: readonly SearchHit[]): ExtractiveAnswer {
  const best = hits[0];
  if (!best) throw new Error('an extractive answer needs at least one hit');
  const second = hits.find((hit) => hit.card.id !== best.card.id);
  const citations: Citation[] = [];
  const cite = (citation: Citation): string => {
    let index = citations.findIndex((each) => each.id === citation.id && each.url === citation.url);
    if (index === -1) index = citations.push(citation) - 1;
    return `[${index + 1}]`;
  };
  const parts: string[] = [];
  const { card } = best;
  const lead = cite(citeOpening(card));
  if (card.kind === 'myth' && card.myth && card.verdict) {
    parts.push(`**Myth:** “${card.myth}” **${card.verdict}.** ${lead}`);
  }
  parts.push(`${unwrapLines(card.summary.trim())} ${lead}`);
  const passage = unwrapLines(passageBody(best));
  if (passage !== '' && !isOpening(best)) {
    // The heading stays with the passage: it is the question the passage answers, and a section that opens "Yes." or
    // "No." means nothing (or the opposite) without it.
    parts.push(
      `**${best.passage.heading.trim()}** ${cutAtSentence(passage, MAX_PASSAGE_CHARS)} ${cite(citePassage(card, best.passage))}`,
    );
  }
  if (second) {
    parts.push(
      `**${second.card.title}:** ${unwrapLines(second.card.summary.trim())} ${cite(citeOpening(second.card))}`,
    );
  }

  return {
    text: parts.join('\n\n'),
    citations,
    cardIds: [...new Set(citations.map((citation) => citation.id))],
  };
}

/** The summary is part of passage 0, so it cites the opening's sources. */
function citeOpening(card: Card): Citation {
  return citePassage(card, splitPassages(card)[0] ?? { sourceIds: [] });
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
