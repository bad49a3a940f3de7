import type { Card } from '../../../src/core/types.js';

/** A valid card with sensible defaults; tests override only what they are about. */
export function makeCard(overrides: Partial<Card> & { id: string }): Card {
  return {
    title: `Card ${overrides.id}`,
    kind: 'fact',
    tags: [],
    aliases: [],
    summary: `Summary of ${overrides.id}.`,
    sources: [{ id: 'agency-2024', title: 'A source', publisher: 'An agency', url: 'https://www.who.int/page', date: '2024-01' }],
    reviewed: '2026-11-01',
    related: [],
    body: 'An opening paragraph that answers the question directly, in plain words, for anyone who asks it here today.',
    file: `cards/${overrides.id}.md`,
    ...overrides,
  };
}

/** The text of a card file, front matter from `fields` (YAML lines) then `body`. */
export function cardFile(fields: string, body = 'Opening paragraph.\n\n## A section\nSection text.'): string {
  return `---\n${fields.trim()}\n---\n${body}\n`;
}

export const VALID_FIELDS = `
id: ketamine-what-it-is
title: What ketamine and esketamine are
kind: fact                          # fact | myth | guide
tags: [ketamine, esketamine, treatment]
aliases: [special K, ket, ketamine infusion]
summary: >-
  Ketamine is an anaesthetic; esketamine is a nasal spray made from it.
related: [esketamine-spravato]
sources:
  - id: agency-2023
    title: Exact page title
    publisher: An agency
    url: https://example.org/ketamine
    date: 2023-05-01
reviewed: 2026-11-26
`;
