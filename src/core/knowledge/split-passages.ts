import type { Card, Passage } from '../types.js';

const SECTION_HEADING = /^(#{2,3})\s+(.+?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;

/**
 * Splits a card into passages, the unit of retrieval and citation.
 *
 * Passage 0 is the card's summary with the opening paragraph(s) before the first heading, so that a question about
 * the card as a whole lands on its direct answer. Every `##` or `###` section then becomes one passage whose text
 * starts with its heading (a section makes sense on its own only with its heading). A heading with no text of its own
 * (a `##` followed at once by a `###`) is carried into the next passage instead of becoming an empty passage.
 * Ids are `${card.id}#${n}`, numbered from 0 in order.
 */
export function splitPassages(card: Card): Passage[] {
  const sections: { heading: string; lines: string[] }[] = [{ heading: '', lines: [] }];
  let inFence = false;
  for (const line of card.body.split(/\r?\n/)) {
    if (FENCE.test(line)) inFence = !inFence;
    const heading = inFence ? null : SECTION_HEADING.exec(line);
    if (heading?.[2] !== undefined) sections.push({ heading: heading[2], lines: [] });
    else sections.at(-1)?.lines.push(line);
  }

  const passages: Passage[] = [];
  const push = (heading: string, text: string) =>
    passages.push({ id: `${card.id}#${passages.length}`, cardId: card.id, heading, text });

  const [opening, ...rest] = sections;
  push('', joinParagraphs([card.summary, (opening?.lines ?? []).join('\n')]));

  let carried: string[] = [];
  for (const section of rest) {
    const content = joinParagraphs([section.lines.join('\n')]);
    if (content === '') {
      carried.push(section.heading);
      continue;
    }
    push(section.heading, joinParagraphs([...carried, section.heading, content]));
    carried = [];
  }
  return passages;
}

/** Joins blocks of text as paragraphs (one blank line between), dropping blank runs and edges. */
function joinParagraphs(blocks: string[]): string {
  return blocks
    .flatMap((block) => block.split(/\n\s*\n/))
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}
