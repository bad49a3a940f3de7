import type { Card, Citation, Passage, Source } from '../types.js';

/**
 * The sources behind one passage, primary sources first. A passage without a `<!-- sources -->` line falls back to
 * the card's lead sources (passage 0's), then to every primary source of the card, so that old cards still cite
 * something; the validator makes sure no passage with a number, date or regulatory claim relies on that fallback.
 */
export function sourcesOfPassage(card: Card, passage: Pick<Passage, 'sourceIds'>): Source[] {
  const byId = new Map(card.sources.map((source) => [source.id, source]));
  const named = passage.sourceIds.flatMap((id) => byId.get(id) ?? []);
  const chosen = named.length > 0 ? named : card.sources.filter((source) => source.secondary !== true);
  return [...chosen.filter((source) => source.secondary !== true), ...chosen.filter((source) => source.secondary === true)];
}

/** The link a citation of `passage` shows: its first primary source (never the card's first source by default). */
export function citePassage(card: Card, passage: Pick<Passage, 'sourceIds'>): Citation {
  const source = sourcesOfPassage(card, passage)[0] ?? card.sources[0];
  return { id: card.id, title: card.title, url: source?.url ?? '' };
}
