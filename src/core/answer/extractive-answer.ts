/**
 * The answer Lantern gives without a model (none configured, the server turned it off, or it failed): the reviewed
 * words of the best cards, quoted with citations. It is always available and always grounded.
 */
import { citePassage } from '../knowledge/passage-sources.js';
import { splitPassages } from '../knowledge/split-passages.js';
import type { Card, Citation, SearchHit } from '../types.js';
import { toTerms } from '../retrieval/process-term.js';
import { cutAtSentence } from './build-prompt.js';

/** Room for the best passage; with two summaries the answer stays well under Discord's 2,000 characters. */
const MAX_PASSAGE_CHARS = 700;
/** Question words a second card must add to what the first says before it is quoted (see addsToAnswer). */
const MIN_NEW_TERMS = 1;

export interface ExtractiveAnswer {
  text: string;
  citations: Citation[];
  cardIds: string[];
}

/**
 * Builds an answer from the best hit's card: its myth verdict, the section that answers under its own heading, then
 * the card's summary; and the next best card's summary only when it answers part of the question the first card
 * leaves out (`question`; without it, one card). Each part cites the source of the passage it quotes: the summary and verdict cite the card's opening
 * passage, the quoted section cites its own sources (a new number when they differ). `hits` must not be empty.
 */
export function buildExtractiveAnswer(hits: readonly SearchHit[], question = ''): ExtractiveAnswer {
  const best = hits[0];
  if (!best) throw new Error('an extractive answer needs at least one hit');
  const next = hits.find((hit) => hit.card.id !== best.card.id);
  const second = next !== undefined && addsToAnswer(question, best, next) ? next : undefined;
  const citations: Citation[] = [];
  const cite = (citation: Citation): string => {
    let index = citations.findIndex((each) => each.id === citation.id && each.url === citation.url);
    if (index === -1) index = citations.push(citation) - 1;
    return `[${index + 1}]`;
  };
  const parts: string[] = [];
  const { card } = best;
  const opening = citeOpening(card);
  if (card.kind === 'myth' && card.myth && card.verdict) {
    parts.push(`**Myth:** “${card.myth}” **${card.verdict}.** ${cite(opening)}`);
  }
  const passage = unwrapLines(passageBody(best));
  if (passage !== '' && !isOpening(best)) {
    // The section that answers leads, and its heading stays with it: the heading is the question the section
    // answers, and a section that opens "Yes." or "No." means nothing (or the opposite) without it. The card's
    // summary follows as context.
    parts.push(
      `**${best.passage.heading.trim()}** ${cutAtSentence(passage, MAX_PASSAGE_CHARS)} ${cite(citePassage(card, best.passage))}`,
    );
  }
  parts.push(`${unwrapLines(card.summary.trim())} ${cite(opening)}`);
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

/**
 * Whether the next card's summary answers part of the question that the best card's quoted words leave out: it
 * shares with the question at least `MIN_NEW_TERMS` content words (stemmed) that the best card's title, summary and
 * quoted section do not contain. A second card that only repeats the question's topic is left out.
 */
function addsToAnswer(question: string, best: SearchHit, next: SearchHit): boolean {
  const asked = new Set(toTerms(question));
  if (asked.size === 0) return false;
  const said = new Set(
    toTerms(`${best.card.title} ${best.card.summary} ${best.passage.heading} ${best.passage.text}`),
  );
  const added = new Set(toTerms(`${next.card.title} ${next.card.summary}`));
  let fresh = 0;
  for (const term of asked) if (added.has(term) && !said.has(term)) fresh += 1;
  return fresh >= MIN_NEW_TERMS;
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
