import type { Card, Passage } from '../types.js';

const SECTION_HEADING = /^(#{2,3})\s+(.+?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;
/**
 * A one-line HTML comment that annotates a section, e.g. `<!-- sources: fda-2019, label-2026 -->` or
 * `<!-- questions: a | b -->`. Readers never see it: it is stripped from the passage text.
 */
const DIRECTIVE_LINE = /^\s*<!--\s*([a-z][a-z-]*)\s*:\s*(.*?)\s*-->\s*$/;

/**
 * Splits a card into passages, the unit of retrieval and citation.
 *
 * Passage 0 is the card's summary with the opening paragraph(s) before the first heading, so that a question about
 * the card as a whole lands on its direct answer. Every `##` or `###` section then becomes one passage whose text
 * starts with its heading (a section makes sense on its own only with its heading). A heading with no text of its own
 * (a `##` followed at once by a `###`) is carried into the next passage instead of becoming an empty passage.
 * Ids are `${card.id}#${n}`, numbered from 0 in order.
 *
 * A `<!-- sources: a, b -->` line (directly under a heading, or at the top of the body for the opening) names the
 * card sources behind that passage; it is removed from the text and kept as `sourceIds`. A
 * `<!-- questions: a | b -->` line (any number, anywhere in the section) lists questions the passage answers, in
 * members' words; kept as `questions`, a retrieval signal only.
 */
export function splitPassages(card: Card): Passage[] {
  const sections: Section[] = [newSection('')];
  let inFence = false;
  for (const line of card.body.split(/\r?\n/)) {
    if (FENCE.test(line)) inFence = !inFence;
    const heading = inFence ? null : SECTION_HEADING.exec(line);
    const directive = inFence ? null : DIRECTIVE_LINE.exec(line);
    const section = sections.at(-1);
    if (heading?.[2] !== undefined) sections.push(newSection(heading[2]));
    else if (directive !== null) {
      if (directive[1] === 'sources' && section !== undefined) section.sourceIds.push(...parseSourceIds(directive[2] ?? ''));
      else if (directive[1] === 'questions' && section !== undefined)
        section.questions.push(...parseQuestions(directive[2] ?? ''));
    } else section?.lines.push(line);
  }

  const passages: Passage[] = [];
  const push = (heading: string, text: string, sourceIds: string[], questions: string[]) =>
    passages.push({ id: `${card.id}#${passages.length}`, cardId: card.id, heading, text, sourceIds, questions });

  const [opening, ...rest] = sections;
  push(
    '',
    joinParagraphs([card.summary, (opening?.lines ?? []).join('\n')]),
    unique(opening?.sourceIds ?? []),
    unique(opening?.questions ?? []),
  );

  let carried: Section[] = [];
  for (const section of rest) {
    const content = joinParagraphs([section.lines.join('\n')]);
    if (content === '') {
      carried.push(section);
      continue;
    }
    push(
      section.heading,
      joinParagraphs([...carried.map((each) => each.heading), section.heading, content]),
      unique([...carried.flatMap((each) => each.sourceIds), ...section.sourceIds]),
      unique([...carried.flatMap((each) => each.questions), ...section.questions]),
    );
    carried = [];
  }
  return passages;
}

interface Section {
  heading: string;
  lines: string[];
  sourceIds: string[];
  questions: string[];
}

function newSection(heading: string): Section {
  return { heading, lines: [], sourceIds: [], questions: [] };
}

/** `how long until it works | when does it kick in` → the two questions, trimmed (a `|` between questions). */
export function parseQuestions(list: string): string[] {
  return list
    .split('|')
    .map((question) => question.trim().replace(/\s+/g, ' '))
    .filter((question) => question !== '');
}

/** Directive names in a card body that Lantern does not know (a typo such as `<!-- question: … -->` is lost silently otherwise). */
export function unknownDirectives(card: Card): string[] {
  const names: string[] = [];
  let inFence = false;
  for (const line of card.body.split(/\r?\n/)) {
    if (FENCE.test(line)) inFence = !inFence;
    const directive = inFence ? null : DIRECTIVE_LINE.exec(line);
    if (directive?.[1] !== undefined && directive[1] !== 'sources' && directive[1] !== 'questions') names.push(directive[1]);
  }
  return names;
}

/** `fda-2019, label-2026` → `['fda-2019', 'label-2026']` (commas or spaces between ids). */
export function parseSourceIds(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Joins blocks of text as paragraphs (one blank line between), dropping blank runs and edges. */
function joinParagraphs(blocks: string[]): string {
  return blocks
    .flatMap((block) => block.split(/\n\s*\n/))
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}
