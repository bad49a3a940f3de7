/**
 * Decides whether and how Lantern answers a message that may signal suicide or self-harm risk. It fails open: when
 * storage or settings fail, the resources still go out (with the defaults), because a missed reply costs more than a
 * repeated one.
 * Pipeline: one normalised reading, phrases (never bare words) with idioms allowed, an optional second stage that fails
 * open, then one kind reply per message with a per-member cooldown.
 */
import type { Settings, ServerSettings, UserPreferences } from '../settings/settings.js';
import { DEFAULT_SERVER_SETTINGS, DEFAULT_USER_PREFERENCES } from '../settings/settings.js';
import type { HotlineResolver } from '../hotlines/find-hotlines.js';
import { withTimeout } from '../with-timeout.js';
import type { CountryHotlines, CrisisResult, DetectCrisis, KeyValueStore, Log, Now } from '../types.js';
import type { CrisisReading, ReadCrisis } from './read-crisis.js';
import { SECOND_OPINION_BUDGET_MS, SECOND_OPINION_SIGNAL, type SecondOpinion } from './second-opinion.js';

export interface IncomingMessage {
  messageId: string;
  guildId: string;
  channelId: string;
  userId: string;
  authorIsBot: boolean;
  /** Read once for detection, never stored or logged. */
  text: string;
}

export interface CrisisReplyPlan {
  result: CrisisResult;
  resources: CountryHotlines | 'international';
  delivery: ServerSettings['crisisDelivery'];
  /** Opt-in moderator alert channel, or null. */
  alertsChannelId: string | null;
  /** Human-readable categories from the signals (e.g. "self-harm"), for moderator alerts. Never text. */
  categories: string[];
}

export interface CrisisResponderDeps {
  /** Reads a message: the lexicon, then the risk model, and the reply policy (read-crisis.ts). */
  read: ReadCrisis;
  /** The lexicon alone, for AutoMod matches (the matched keyword stands in for the text). */
  detect: DetectCrisis;
  /** Asked about quiet readings only, in servers that turned it on. */
  secondOpinion?: SecondOpinion;
  settings: Settings;
  cooldowns: KeyValueStore;
  hotlines: HotlineResolver;
  /** Maps a signal id to its lexicon category (e.g. "self_harm"). */
  categoryOf: (signal: string) => string | undefined;
  now: Now;
  log: Log;
}

/** Where a message was sent, and by whom: what the reply policy needs besides the reading. Never text. */
export type MessagePlace = Omit<IncomingMessage, 'text' | 'authorIsBot'>;

export interface CrisisResponder {
  /** Runs detection on a message and returns a reply plan, or null when Lantern should stay quiet. */
  evaluate(message: IncomingMessage): Promise<CrisisReplyPlan | null>;
  /**
   * The reply policy for a message already read (settings, opt-out, cooldown, one reply per message, the second
   * opinion for quiet readings): a reply plan, or null. `text` is handed to the second opinion only, for a quiet
   * reading in a server that turned it on.
   */
  planReply(place: MessagePlace, reading: CrisisReading, text: string): Promise<CrisisReplyPlan | null>;
  /** For AutoMod mode: Discord already matched the rule; the matched keyword stands in for the text. */
  evaluateMatch(match: MessagePlace & { matchedKeyword: string }): Promise<CrisisReplyPlan | null>;
  /** Forgets a member's cooldowns in every server (for /privacy delete): the stored key names the member. */
  forgetMember(userId: string): Promise<void>;
}

/** Storage key of a member's crisis-reply cooldowns: one record per member, `{ [guildId]: until }`. */
export function cooldownKey(userId: string): string {
  return `crisis:${userId}`;
}

function readCooldowns(value: unknown, now: number): Record<string, number> {
  const out: Record<string, number> = {};
  if (value === null || typeof value !== 'object') return out;
  for (const [guild, until] of Object.entries(value as Record<string, unknown>)) {
    if (typeof until === 'number' && until > now) out[guild] = until;
  }
  return out;
}

/** The most a storage read may delay a crisis reply before Lantern goes on with defaults. */
export const STORAGE_BUDGET_MS = 300;

/** How many recent message ids to remember so that one message never gets two replies. */
const RECENT_MESSAGE_MEMORY = 5_000;

export function createCrisisResponder(deps: CrisisResponderDeps): CrisisResponder {
  const { read, detect, settings, cooldowns, hotlines, categoryOf, now, secondOpinion } = deps;
  const log = deps.log.child({ module: 'crisis-responder' });
  const recent = new Set<string>();
  /** Kept in memory too, so that the cooldown still holds while storage is down. */
  const localCooldowns = new Map<string, number>();

  function remember(messageId: string): boolean {
    if (recent.has(messageId)) return false;
    recent.add(messageId);
    if (recent.size > RECENT_MESSAGE_MEMORY) {
      const oldest = recent.values().next().value;
      if (oldest !== undefined) recent.delete(oldest);
    }
    return true;
  }

  /** Asks the second opinion about a quiet reading; the reply's result when it sees risk, else null. */
  async function askSecondOpinion(text: string): Promise<CrisisResult | null> {
    if (secondOpinion === undefined) return null;
    const controller = new AbortController();
    const verdict = await withTimeout(
      secondOpinion.judge(text, controller.signal),
      SECOND_OPINION_BUDGET_MS,
      'second opinion',
    ).catch(() => {
      controller.abort();
      return { kind: 'unavailable', reason: 'timeout' } as const;
    });
    log.info({ verdict: verdict.kind }, 'second opinion on a quiet reading');
    if (verdict.kind !== 'risk') return null;
    return { level: 'concern', subject: 'unknown', signals: [SECOND_OPINION_SIGNAL] };
  }

  async function plan(
    message: MessagePlace,
    reading: CrisisReading,
    /** Only for a quiet reading, and only handed to the second opinion. */
    text?: string,
  ): Promise<CrisisReplyPlan | null> {
    if (reading.reply === 'none') return null;
    let result = reading.result;
    if (!remember(message.messageId)) return null;

    // Storage gets a short budget and runs in parallel: a slow or dead store must not delay the reply.
    const key = `${message.guildId}:${message.userId}`;
    const storedKey = cooldownKey(message.userId);
    const [server, user, stored] = await Promise.all([
      withTimeout(settings.getServer(message.guildId), STORAGE_BUDGET_MS, 'settings').catch(
        (error: unknown) => {
          log.warn({ err: error }, 'server settings unavailable; using defaults (fail open)');
          return DEFAULT_SERVER_SETTINGS as ServerSettings;
        },
      ),
      withTimeout(settings.getUser(message.userId), STORAGE_BUDGET_MS, 'preferences').catch(
        (error: unknown) => {
          log.warn({ err: error }, 'user preferences unavailable; using defaults (fail open)');
          return DEFAULT_USER_PREFERENCES as UserPreferences;
        },
      ),
      withTimeout(cooldowns.get(storedKey), STORAGE_BUDGET_MS, 'cooldowns').catch(() => undefined),
    ]);
    const memberCooldowns = readCooldowns(stored, now());
    const until = memberCooldowns[message.guildId];
    if (!server.crisisEnabled || user.crisisOptOut) return null;
    const localUntil = localCooldowns.get(key);
    if ((typeof until === 'number' && until > now()) || (localUntil !== undefined && localUntil > now())) {
      log.debug({ level: result.level }, 'crisis reply suppressed by cooldown');
      return null;
    }
    if (reading.reply === 'quiet') {
      const promoted = server.secondOpinion && text !== undefined ? await askSecondOpinion(text) : null;
      if (promoted === null) {
        log.debug({ signals: result.signals }, 'quiet crisis reading: no public reply');
        return null;
      }
      result = promoted;
    }
    const cooldownMs = server.crisisCooldownMinutes * 60_000;
    localCooldowns.set(key, now() + cooldownMs);
    if (localCooldowns.size > RECENT_MESSAGE_MEMORY) {
      for (const [stale, expires] of localCooldowns) if (expires <= now()) localCooldowns.delete(stale);
    }
    memberCooldowns[message.guildId] = now() + cooldownMs;
    const longest = Math.max(...Object.values(memberCooldowns)) - now();
    void cooldowns.set(storedKey, memberCooldowns, longest).catch((error: unknown) => {
      log.warn({ err: error }, 'could not store crisis cooldown; replying anyway');
    });

    const preferences: { userRegion?: string; serverRegion?: string } = {};
    if (user.region) preferences.userRegion = user.region;
    if (server.region) preferences.serverRegion = server.region;
    const categories = [...new Set(result.signals.map((signal) => categoryOf(signal) ?? 'other'))];
    log.info(
      { level: result.level, subject: result.subject, signals: result.signals },
      'crisis reply planned',
    );
    return {
      result,
      resources: hotlines.resolve(preferences),
      delivery: server.crisisDelivery,
      alertsChannelId: server.alertsChannelId,
      categories,
    };
  }

  return {
    async evaluate(message) {
      if (message.authorIsBot) return null;
      const reading = read(message.text);
      return plan(message, reading, reading.reply === 'quiet' ? message.text : undefined);
    },
    planReply(place, reading, text) {
      return plan(place, reading, reading.reply === 'quiet' ? text : undefined);
    },
    async evaluateMatch({ matchedKeyword, ...message }) {
      const detected = detect(matchedKeyword.replace(/\*/g, ' '));
      // Discord matched one of our rule's phrases; treat it as a concern at least, even if the bare keyword alone does
      // not reach the detector's threshold (AutoMod already applied the allow-list).
      const result: CrisisResult =
        detected.level === 'none'
          ? { level: 'concern', subject: 'unknown', signals: ['automod.match'] }
          : detected;
      return plan(message, { result, reply: 'public', source: 'rules' });
    },
    async forgetMember(userId) {
      for (const key of localCooldowns.keys()) if (key.endsWith(`:${userId}`)) localCooldowns.delete(key);
      await cooldowns.delete(cooldownKey(userId));
    },
  };
}
