import { describe, expect, test } from 'vitest';
import {
  EMPTY_WEEKLY_STATE,
  isoWeek,
  pickWeeklyFact,
  type WeeklyFactState,
} from '../../../src/core/weekly/pick-weekly-fact.js';
import type { Card } from '../../../src/core/types.js';

const card = (id: string, kind: Card['kind'] = 'fact'): Card => ({
  id,
  title: id,
  kind,
  tags: [],
  aliases: [],
  summary: 's',
  sources: [],
  reviewed: '2026-11-01',
  related: [],
  body: '',
  file: `${id}.md`,
});
const WEEK = 7 * 86_400_000;

describe('isoWeek', () => {
  test.each([
    ['2026-11-26T12:00:00Z', '2026-W48'],
    ['2021-01-03T12:00:00Z', '2020-W53'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
    ['2026-01-01T00:00:00Z', '2026-W01'],
  ])('%s is %s', (date, week) => {
    expect(isoWeek(Date.parse(date))).toBe(week);
  });
});

describe('pickWeeklyFact', () => {
  const cards = [card('a'), card('b'), card('c', 'myth'), card('guide', 'guide')];

  test('posts once a week: a second pick in the same week returns null', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    const first = pickWeeklyFact(cards, EMPTY_WEEKLY_STATE, now);
    expect(first).not.toBeNull();
    expect(pickWeeklyFact(cards, first!.state, now + 3_600_000)).toBeNull();
  });

  test('rotates without repeats until every fact and myth card was shown, then starts again; guides are skipped', () => {
    let state: WeeklyFactState = EMPTY_WEEKLY_STATE;
    const start = Date.parse('2026-01-05T10:00:00Z');
    const seen: string[] = [];
    for (let week = 0; week < 6; week += 1) {
      const pick = pickWeeklyFact(cards, state, start + week * WEEK, () => 0.99);
      expect(pick).not.toBeNull();
      seen.push(pick!.card.id);
      state = pick!.state;
    }
    expect(new Set(seen.slice(0, 3))).toEqual(new Set(['a', 'b', 'c']));
    expect(new Set(seen.slice(3, 6))).toEqual(new Set(['a', 'b', 'c']));
    expect(seen).not.toContain('guide');
  });

  test('forgets shown ids of cards that were removed', () => {
    const state = { lastWeek: '2026-W01', shown: ['a', 'removed'] };
    const pick = pickWeeklyFact(cards, state, Date.parse('2026-01-12T00:00:00Z'), () => 0);
    expect(pick!.state.shown).toEqual(['a', 'b']);
  });
});
