/**
 * The `postFact` use case: which card a fact or myth post shows, and the weekly fact's pick for a server. Front ends
 * do the posting; this decides what is posted and keeps the weekly rotation's state.
 */
import type { ServerSettings } from '../settings/settings.js';
import type { Card, KeyValueStore, Now, Retriever } from '../types.js';
import { EMPTY_WEEKLY_STATE, pickWeeklyFact, type WeeklyFactState } from '../weekly/pick-weekly-fact.js';

export interface PostFactPorts {
  cards: readonly Card[];
  retriever: Pick<Retriever, 'suggestCards'>;
  /** Picks the random card when no topic is given (default `Math.random`). */
  random?: () => number;
}

export interface PostFactRequest {
  /** `fact`: /fact (any card by id or search; with no topic, a random fact or myth card). `myth`: /myth (myth cards only). */
  kind: 'fact' | 'myth';
  /** A card id (from autocomplete) or the words typed; none for a random card. */
  topic?: string | null | undefined;
}

export type PostFactResult = { kind: 'card'; card: Card } | { kind: 'not_found'; topic: string };

export function postFact(ports: PostFactPorts, request: PostFactRequest): PostFactResult {
  const { cards, retriever, random = Math.random } = ports;
  const topic = request.topic ?? '';
  const card =
    request.kind === 'myth'
      ? (cards.find((candidate) => candidate.id === topic && candidate.kind === 'myth') ??
        retriever.suggestCards(topic, 1, 'myth')[0])
      : topic !== ''
        ? (cards.find((candidate) => candidate.id === topic) ?? retriever.suggestCards(topic, 1)[0])
        : randomPostable(cards, random);
  return card === undefined ? { kind: 'not_found', topic } : { kind: 'card', card };
}

/** Guides are how-tos, not facts: a random post is a fact or a myth card. */
function randomPostable(cards: readonly Card[], random: () => number): Card | undefined {
  const postable = cards.filter((card) => card.kind !== 'guide');
  return postable[Math.floor(random() * postable.length)];
}

/** Where the weekly rotation's state lives: `weekly:<guild>` in the schedule namespace. */
export function weeklyFactKey(guildId: string): string {
  return `weekly:${guildId}`;
}

export interface WeeklyFactPorts {
  cards: readonly Card[];
  settings: { getServer(guildId: string): Promise<Pick<ServerSettings, 'weeklyFactChannelId'>> };
  schedule: KeyValueStore;
  now: Now;
  random?: () => number;
}

export type WeeklyFactResult =
  /** The server set no weekly fact channel. */
  | { kind: 'off' }
  /** This week's card was already posted (or there is no card to post). */
  | { kind: 'not_due' }
  /** Post `card` in `channelId`, after storing `state` with {@link recordWeeklyFact} so that it is posted once. */
  | { kind: 'due'; card: Card; channelId: string; state: WeeklyFactState };

/** This week's fact for a server, if one is due. Throws when its settings cannot be read (the caller logs it). */
export async function postWeeklyFact(ports: WeeklyFactPorts, guildId: string): Promise<WeeklyFactResult> {
  const { weeklyFactChannelId } = await ports.settings.getServer(guildId);
  if (!weeklyFactChannelId) return { kind: 'off' };
  const state = readWeeklyState(await ports.schedule.get(weeklyFactKey(guildId)));
  const pick = pickWeeklyFact(ports.cards, state, ports.now(), ports.random);
  return pick === null
    ? { kind: 'not_due' }
    : { kind: 'due', card: pick.card, channelId: weeklyFactChannelId, state: pick.state };
}

/** Stores the rotation after a pick, before the post goes out: a failed post is not retried in the same week. */
export async function recordWeeklyFact(
  ports: Pick<WeeklyFactPorts, 'schedule'>,
  guildId: string,
  state: WeeklyFactState,
): Promise<void> {
  await ports.schedule.set(weeklyFactKey(guildId), state);
}

/** Stored state from an older version, or damaged, starts a new round instead of failing. */
function readWeeklyState(value: unknown): WeeklyFactState {
  if (typeof value !== 'object' || value === null) return EMPTY_WEEKLY_STATE;
  const { lastWeek, shown } = value as Record<string, unknown>;
  return {
    lastWeek: typeof lastWeek === 'string' ? lastWeek : null,
    shown: Array.isArray(shown) ? shown.filter((id): id is string => typeof id === 'string') : [],
  };
}
