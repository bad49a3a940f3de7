/**
 * The weekly fact rotation: one card a week per server, no repeats until every card has been shown, then a new round.
 * Pure: the state is stored by the caller.
 */
import type { Card } from '../types.js';

export interface WeeklyFactState {
  /** ISO week of the last post, e.g. "2026-W48". */
  lastWeek: string | null;
  /** Card ids shown in the current round. */
  shown: string[];
}

export const EMPTY_WEEKLY_STATE: WeeklyFactState = Object.freeze({
  lastWeek: null,
  shown: [],
}) as WeeklyFactState;

/** ISO 8601 week id (weeks start on Monday; week 1 holds the year's first Thursday), in UTC. */
export function isoWeek(timestamp: number): string {
  const date = new Date(timestamp);
  const day = (date.getUTCDay() + 6) % 7;
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week =
    1 +
    Math.floor(
      (thursday - Date.UTC(year, 0, 4)) / 604_800_000 +
        ((new Date(Date.UTC(year, 0, 4)).getUTCDay() + 6) % 7) / 7,
    );
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Returns the card to post this week and the state to store, or null when this week's card was already posted.
 * `random` picks among the cards not yet shown in this round.
 */
export function pickWeeklyFact(
  cards: readonly Card[],
  state: WeeklyFactState,
  now: number,
  random: () => number = Math.random,
): { card: Card; state: WeeklyFactState } | null {
  const week = isoWeek(now);
  if (state.lastWeek === week || cards.length === 0) return null;
  const eligible = cards.filter((card) => card.kind !== 'guide');
  const pool = eligible.length > 0 ? eligible : [...cards];
  let shown = state.shown.filter((id) => pool.some((card) => card.id === id));
  let remaining = pool.filter((card) => !shown.includes(card.id));
  if (remaining.length === 0) {
    shown = [];
    remaining = pool;
  }
  const card = remaining[Math.floor(random() * remaining.length)] ?? remaining[0];
  if (!card) return null;
  return { card, state: { lastWeek: week, shown: [...shown, card.id] } };
}
