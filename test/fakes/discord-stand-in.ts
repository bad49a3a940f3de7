/**
 * A local stand-in for Discord that speaks its real REST (API v10) and gateway protocols on 127.0.0.1, so tests run
 * the real discord.js client end to end without reaching Discord.
 *
 * Wiring: give the client `rest: { api: standIn.apiUrl }` and log in with any token. discord.js then fetches
 * `GET /gateway/bot` from the stand-in, connects to the WebSocket URL it returns, and resumes against
 * `resume_gateway_url` (also the stand-in) after a drop.
 *
 * Encoding: discord.js 14.28 with default options connects with `?v=10&encoding=json` and no `compress` parameter
 * (it only asks for `compress=zlib-stream` when the optional `zlib-sync` package is installed, which Lantern does not
 * install), so the stand-in speaks plain JSON text frames. It also honours `compress=zlib-stream` (one zlib stream
 * per connection, each payload ending in a sync flush) for clients that ask for it. ETF is not supported: a
 * connection asking for it is closed with 4002.
 *
 * Identify throttling: discord.js waits 5 s between identifies in the same `max_concurrency` bucket; the stand-in
 * reports `max_concurrency: 16` (configurable) so several shards identify at once and tests stay fast.
 *
 * @see https://discord.com/developers/docs/events/gateway
 * @see https://discord.com/developers/docs/reference#http-api
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants as zlibConstants, createDeflate } from 'node:zlib';
import type { Deflate } from 'node:zlib';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import type { APIGuildMember, APIMessage, APIUser } from 'discord.js';
import {
  DEFAULT_APPLICATION_ID,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  DEFAULT_MODERATOR_ROLE_ID,
  DEFAULT_OWNER_ID,
  MODERATOR_PERMISSIONS,
  guildChannel,
  guildCreate,
  guildMember,
  message,
  role,
  shardForGuild,
  snowflake,
  user,
} from './discord-payloads.js';
import type { GuildInput } from './discord-payloads.js';

/** Gateway opcodes. @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway */
const OP = {
  dispatch: 0,
  heartbeat: 1,
  identify: 2,
  presenceUpdate: 3,
  voiceStateUpdate: 4,
  resume: 6,
  reconnect: 7,
  requestGuildMembers: 8,
  invalidSession: 9,
  hello: 10,
  heartbeatAck: 11,
} as const;

/** Gateway close codes the stand-in sends itself. */
export const CLOSE_CODES = {
  unknownError: 4000,
  decodeError: 4002,
  notAuthenticated: 4003,
  authenticationFailed: 4004,
  alreadyAuthenticated: 4005,
  invalidShard: 4010,
  invalidApiVersion: 4012,
  invalidIntents: 4013,
  disallowedIntents: 4014,
} as const;

/** The privileged MessageContent intent (1 << 15). */
export const MESSAGE_CONTENT_INTENT = 1 << 15;
const GUILDS_INTENT = 1 << 0;

/** Discord's default gateway heartbeat interval. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 41_250;

/** Discord AutoMod limits for keyword rules. @see https://discord.com/developers/docs/resources/auto-moderation */
export const AUTOMOD_LIMITS = {
  keywordRulesPerGuild: 6,
  keywords: 1_000,
  keywordLength: 60,
  regexes: 10,
  regexLength: 260,
  allowList: 100,
  allowListPreset: 1_000,
  allowEntryLength: 60,
} as const;

/** The guild a stand-in serves by default: one text channel, a moderator role, owner {@link DEFAULT_OWNER_ID}. */
export const DEFAULT_GUILD: GuildInput = {
  id: DEFAULT_GUILD_ID,
  name: 'Lantern Test Server',
  ownerId: DEFAULT_OWNER_ID,
  roles: [
    { id: DEFAULT_MODERATOR_ROLE_ID, name: 'Moderators', permissions: MODERATOR_PERMISSIONS, position: 1 },
  ],
  channels: [{ id: DEFAULT_CHANNEL_ID, name: 'general' }],
  preferredLocale: 'en-US',
};

/** Options of {@link startDiscordStandIn}. */
export interface DiscordStandInOptions {
  /** Recommended shard count returned by `GET /gateway/bot` (what `shards: 'auto'` uses). Default 1. */
  shards?: number;
  /** `heartbeat_interval` in HELLO. Default 41,250 ms; use ~200 ms in tests so heartbeats actually happen. */
  heartbeatIntervalMs?: number;
  /** Guilds the bot is in. Default `[DEFAULT_GUILD]`. */
  guilds?: GuildInput[];
  applicationId?: string;
  /** The bot's user; default a bot user whose id is the application id. */
  botUsername?: string;
  /** When set, REST calls with another bot token get 401 and IDENTIFY/RESUME with another token closes 4004. */
  token?: string;
  /** `session_start_limit.max_concurrency`. Default 16. */
  maxConcurrency?: number;
  /** Make messages to DM channels fail with 50007 "Cannot send messages to this user". */
  failDirectMessages?: boolean | ((userId: string) => boolean);
}

/** One HTTP request the stand-in received. `path` is the route after `/api/v10` (e.g. `/users/@me`). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body; for multipart bodies, the parsed `payload_json` field. `null` when there is no body. */
  body: unknown;
  /** Files of a multipart body (contents not kept). */
  files: { field: string; name: string; contentType: string; size: number }[];
  /** Lower-cased header names; `authorization` is redacted to its scheme (`Bot [redacted]`). */
  headers: Record<string, string>;
  /** Monotonic time of arrival in milliseconds (process.hrtime). */
  at: number;
  /** The status the stand-in answered with. */
  status: number;
}

/** An IDENTIFY the gateway received. */
export interface RecordedIdentify {
  shard: [shardId: number, shardCount: number];
  intents: number;
  /** Whether the intents include MessageContent (1 << 15). */
  messageContent: boolean;
  properties: Record<string, unknown>;
  compress: boolean;
  largeThreshold: number | null;
  presence: unknown;
  at: number;
}

/** A RESUME the gateway received and how it was answered. */
export interface RecordedResume {
  shardId: number;
  sessionId: string;
  seq: number;
  /** Dispatches replayed before RESUMED; -1 when the session could not be resumed (op 9 sent). */
  replayed: number;
  at: number;
}

/** A gateway connection the stand-in accepted. */
export interface RecordedConnection {
  path: string;
  query: Record<string, string>;
  at: number;
}

/** A gateway close, from either side. */
export interface RecordedClose {
  shardId: number | null;
  code: number;
  by: 'stand-in' | 'client';
  at: number;
}

/** A gateway payload the client sent besides heartbeats, identify and resume (presence, request members…). */
export interface RecordedGatewayCommand {
  shardId: number | null;
  op: number;
  d: unknown;
  at: number;
}

/** Decides, per IDENTIFY, whether to close with the configured code. */
export type IdentifyRejection = (identify: RecordedIdentify) => boolean;

/** The running stand-in. */
export interface DiscordStandIn {
  /** `http://127.0.0.1:<port>/api`: pass as discord.js `rest: { api }` (it appends `/v10/...`). */
  readonly apiUrl: string;
  /** The gateway URL returned by `GET /gateway/bot`. */
  readonly gatewayUrl: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  /** Live arrays of what happened, oldest first. */
  readonly requests: readonly RecordedRequest[];
  readonly identifies: readonly RecordedIdentify[];
  readonly resumes: readonly RecordedResume[];
  readonly connections: readonly RecordedConnection[];
  readonly closes: readonly RecordedClose[];
  readonly gatewayCommands: readonly RecordedGatewayCommand[];
  /**
   * Sends a dispatch (op 0) on a shard with the session's next sequence number and returns that number. Without
   * `shard`, events whose data has a `guild_id` go to that guild's shard, others to shard 0. While the shard is
   * disconnected the event is kept and replayed when the client resumes. Throws if the shard has no session.
   */
  dispatch(event: string, data: unknown, options?: { shard?: number }): number;
  /** Closes a shard's connection with `closeCode` (default 4000, which discord.js resumes after). */
  disconnect(shardId: number, closeCode?: number): Promise<void>;
  /** Sends op 7 RECONNECT: discord.js closes with 4200 and resumes. */
  requestReconnect(shardId: number): void;
  /** Sends op 9 INVALID_SESSION; `resumable: false` also forgets the session so the client must identify again. */
  invalidateSession(shardId: number, resumable: boolean): void;
  /**
   * Closes every later IDENTIFY for which `when` holds (default: all) with `closeCode`, e.g. 4014 disallowed
   * intents. `null` stops rejecting.
   */
  rejectIdentifyWith(closeCode: number | null, when?: IdentifyRejection): void;
  /** Switches the DM failure (50007) on or off, for all users or per user. */
  failDirectMessages(fail: boolean | ((userId: string) => boolean)): void;
  /** Resolves with the first recorded request (past or future) matching `predicate`. */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest>;
  /** Resolves with the first IDENTIFY (past or future) matching `predicate` (default: any). */
  waitForIdentify(
    predicate?: (identify: RecordedIdentify) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedIdentify>;
  /** Resolves with the first RESUME (past or future) matching `predicate` (default: any). */
  waitForResume(predicate?: (resume: RecordedResume) => boolean, timeoutMs?: number): Promise<RecordedResume>;
  /**
   * Resolves once at least `shards` shards (default 1) are connected with a live session that got READY (and
   * its GUILD_CREATEs) or RESUMED. Returns the connected shard ids.
   */
  waitForReady(options?: { shards?: number; timeoutMs?: number }): Promise<number[]>;
  /** Shard ids with a live, identified or resumed connection. */
  connectedShards(): number[];
  /** Empties {@link DiscordStandIn.requests}. */
  clearRequests(): void;
  /** Current AutoMod rules of a guild (what `GET /guilds/:id/auto-moderation/rules` returns). */
  autoModerationRules(guildId: string): Record<string, unknown>[];
  /** Interaction responses and follow-ups the stand-in holds for an interaction token. */
  interactionMessages(token: string): { original: APIMessage | null; followUps: APIMessage[] };
  /** Closes all sockets and the server. */
  close(): Promise<void>;
}

interface Session {
  id: string;
  shardId: number;
  shardCount: number;
  intents: number;
  seq: number;
  log: { s: number; t: string; d: unknown }[];
  connection: Connection | null;
}

interface Connection {
  socket: WebSocket;
  deflate: Deflate | null;
  sendChain: Promise<void>;
  session: Session | null;
  /** Identified or resumed, and READY/RESUMED sent: dispatches may flow. */
  live: boolean;
}

interface InteractionRecord {
  id: string;
  type: number;
  token: string;
  channelId: string;
  acknowledged: boolean;
  original: APIMessage | null;
  followUps: APIMessage[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }
}

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Starts a stand-in on a random port of 127.0.0.1. Close it with `close()` (e.g. in `afterEach`). */
export async function startDiscordStandIn(options: DiscordStandInOptions = {}): Promise<DiscordStandIn> {
  const recommendedShards = options.shards ?? 1;
  const heartbeatInterval = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  const applicationId = options.applicationId ?? DEFAULT_APPLICATION_ID;
  const guilds = options.guilds ?? [DEFAULT_GUILD];
  const botUser = user({ id: applicationId, username: options.botUsername ?? 'Lantern', bot: true });

  const requests: RecordedRequest[] = [];
  const identifies: RecordedIdentify[] = [];
  const resumes: RecordedResume[] = [];
  const connections: RecordedConnection[] = [];
  const closes: RecordedClose[] = [];
  const gatewayCommands: RecordedGatewayCommand[] = [];
  const sessions = new Map<string, Session>();
  const currentSessionByShard = new Map<number, Session>();
  const interactions = new Map<string, InteractionRecord>();
  const messagesById = new Map<string, APIMessage>();
  const dmChannels = new Map<string, { id: string; userId: string }>();
  const autoModRules = new Map<string, Map<string, Record<string, unknown>>>();
  const commands = new Map<string, Record<string, unknown>[]>();
  const seenMembers = new Map<string, Map<string, APIGuildMember>>();
  let identifyRejection: { code: number; when: IdentifyRejection } | null = null;
  let failDms = options.failDirectMessages ?? false;
  const waiters = new Set<() => void>();

  const notify = (): void => {
    for (const waiter of [...waiters]) waiter();
  };

  function waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = check();
      if (first !== undefined) {
        resolve(first);
        return;
      }
      const waiter = (): void => {
        const found = check();
        if (found === undefined) return;
        waiters.delete(waiter);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`Discord stand-in: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  }

  for (const guild of guilds) {
    const members = new Map<string, APIGuildMember>();
    for (const member of guild.members ?? []) if (member.user) members.set(member.user.id, member);
    members.set(botUser.id, guildMember({ user: botUser }));
    seenMembers.set(guild.id, members);
  }

  const server = createServer((req, res) => {
    void handleHttp(req, res);
  });
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `127.0.0.1:${port}`;
  const apiUrl = `http://${origin}/api`;
  const gatewayUrl = `ws://${origin}/gateway`;
  const resumeGatewayUrl = `ws://${origin}/gateway-resume`;

  function send(connection: Connection, payload: unknown): void {
    const text = JSON.stringify(payload);
    const { deflate, socket } = connection;
    if (deflate === null) {
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      return;
    }
    connection.sendChain = connection.sendChain.then(
      () =>
        new Promise<void>((resolve) => {
          const chunks: Buffer[] = [];
          const collect = (chunk: Buffer): void => {
            chunks.push(chunk);
          };
          deflate.on('data', collect);
          deflate.write(text);
          deflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
            deflate.off('data', collect);
            if (socket.readyState === WebSocket.OPEN) socket.send(Buffer.concat(chunks));
            resolve();
          });
        }),
    );
  }

  function closeSocket(connection: Connection, code: number, reason = ''): void {
    closes.push({ shardId: connection.session?.shardId ?? null, code, by: 'stand-in', at: nowMs() });
    connection.live = false;
    // Let queued compressed payloads go out first, as Discord would flush before closing.
    void connection.sendChain.then(() => connection.socket.close(code, reason));
    notify();
  }

  function nextDispatch(
    session: Session,
    t: string,
    d: unknown,
  ): { op: 0; t: string; s: number; d: unknown } {
    session.seq += 1;
    const payload = { op: OP.dispatch, t, s: session.seq, d };
    session.log.push({ s: session.seq, t, d });
    return payload;
  }

  function guildsOnShard(shardId: number, shardCount: number): GuildInput[] {
    return guilds.filter((guild) => shardForGuild(guild.id, shardCount) === shardId);
  }

  function handleIdentify(connection: Connection, d: Record<string, unknown>): void {
    if (connection.session !== null) {
      closeSocket(connection, CLOSE_CODES.alreadyAuthenticated, 'Already authenticated.');
      return;
    }
    const shardValue = Array.isArray(d['shard']) ? d['shard'] : [0, 1];
    const shard: [number, number] = [Number(shardValue[0] ?? 0), Number(shardValue[1] ?? 1)];
    const intents = Number(d['intents'] ?? 0);
    const identify: RecordedIdentify = {
      shard,
      intents,
      messageContent: (intents & MESSAGE_CONTENT_INTENT) !== 0,
      properties: isRecord(d['properties']) ? d['properties'] : {},
      compress: d['compress'] === true,
      largeThreshold: typeof d['large_threshold'] === 'number' ? d['large_threshold'] : null,
      presence: d['presence'] ?? null,
      at: nowMs(),
    };
    identifies.push(identify);
    notify();
    if (options.token !== undefined && d['token'] !== options.token) {
      closeSocket(connection, CLOSE_CODES.authenticationFailed, 'Authentication failed.');
      return;
    }
    if (!Number.isInteger(shard[0]) || !Number.isInteger(shard[1]) || shard[0] < 0 || shard[0] >= shard[1]) {
      closeSocket(connection, CLOSE_CODES.invalidShard, 'Invalid shard.');
      return;
    }
    if (identifyRejection !== null && identifyRejection.when(identify)) {
      closeSocket(connection, identifyRejection.code, 'Rejected by the stand-in.');
      return;
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shardId: shard[0],
      shardCount: shard[1],
      intents,
      seq: 0,
      log: [],
      connection,
    };
    sessions.set(session.id, session);
    const previous = currentSessionByShard.get(session.shardId);
    if (previous?.connection && previous.connection !== connection) previous.connection.live = false;
    currentSessionByShard.set(session.shardId, session);
    connection.session = session;
    const onShard = guildsOnShard(session.shardId, session.shardCount);
    send(
      connection,
      nextDispatch(session, 'READY', {
        v: 10,
        user: botUser,
        user_settings: {},
        guilds: onShard.map((guild) => ({ id: guild.id, unavailable: true })),
        session_id: session.id,
        session_type: 'normal',
        resume_gateway_url: resumeGatewayUrl,
        shard,
        application: { id: applicationId, flags: 0 },
        private_channels: [],
        presences: [],
        relationships: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: ['us-east'],
        _trace: ['["discord-stand-in",{"micros":0}]'],
      }),
    );
    // Discord lazy-loads guilds with GUILD_CREATE only for clients holding the Guilds intent.
    if ((intents & GUILDS_INTENT) !== 0) {
      for (const guild of onShard)
        send(connection, nextDispatch(session, 'GUILD_CREATE', guildCreate(guild, botUser)));
    }
    connection.live = true;
    notify();
  }

  function handleResume(connection: Connection, d: Record<string, unknown>): void {
    const sessionId = String(d['session_id'] ?? '');
    const seq = Number(d['seq'] ?? 0);
    const session = sessions.get(sessionId);
    if (options.token !== undefined && d['token'] !== options.token) {
      closeSocket(connection, CLOSE_CODES.authenticationFailed, 'Authentication failed.');
      return;
    }
    if (session === undefined || seq > session.seq) {
      resumes.push({ shardId: session?.shardId ?? -1, sessionId, seq, replayed: -1, at: nowMs() });
      send(connection, { op: OP.invalidSession, d: false, s: null, t: null });
      notify();
      return;
    }
    if (session.connection && session.connection !== connection) {
      const stale = session.connection;
      stale.session = null;
      closeSocket(stale, CLOSE_CODES.unknownError, 'Session resumed elsewhere.');
    }
    session.connection = connection;
    connection.session = session;
    currentSessionByShard.set(session.shardId, session);
    const missed = session.log.filter((entry) => entry.s > seq);
    for (const entry of missed) send(connection, { op: OP.dispatch, ...entry });
    // RESUMED does not advance the sequence, so discord.js's `shardResume` count of replayed events is exact.
    send(connection, { op: OP.dispatch, t: 'RESUMED', s: session.seq, d: { _trace: [] } });
    connection.live = true;
    resumes.push({ shardId: session.shardId, sessionId, seq, replayed: missed.length, at: nowMs() });
    notify();
  }

  function handleGatewayMessage(connection: Connection, raw: RawData): void {
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString());
    } catch {
      closeSocket(connection, CLOSE_CODES.decodeError, 'Error while decoding payload.');
      return;
    }
    if (!isRecord(payload) || typeof payload['op'] !== 'number') {
      closeSocket(connection, CLOSE_CODES.decodeError, 'Error while decoding payload.');
      return;
    }
    const d = payload['d'];
    switch (payload['op']) {
      case OP.heartbeat:
        send(connection, { op: OP.heartbeatAck });
        return;
      case OP.identify:
        handleIdentify(connection, isRecord(d) ? d : {});
        return;
      case OP.resume:
        handleResume(connection, isRecord(d) ? d : {});
        return;
      default:
        if (connection.session === null) {
          closeSocket(connection, CLOSE_CODES.notAuthenticated, 'Not authenticated.');
          return;
        }
        gatewayCommands.push({ shardId: connection.session.shardId, op: payload['op'], d, at: nowMs() });
        notify();
    }
  }

  wss.on('connection', (socket, req) => {
    const url = new URL(req.url ?? '/', `http://${origin}`);
    const query = Object.fromEntries(url.searchParams);
    connections.push({ path: url.pathname, query, at: nowMs() });
    const connection: Connection = {
      socket,
      deflate: query['compress'] === 'zlib-stream' ? createDeflate({ chunkSize: 65_535 }) : null,
      sendChain: Promise.resolve(),
      session: null,
      live: false,
    };
    socket.on('message', (raw) => handleGatewayMessage(connection, raw));
    socket.on('close', (code) => {
      connection.live = false;
      connection.deflate?.close();
      const session = connection.session;
      if (session !== null && session.connection === connection) {
        session.connection = null;
        closes.push({ shardId: session.shardId, code, by: 'client', at: nowMs() });
        // Discord invalidates a session the client closed normally; any other close leaves it resumable.
        if (code === 1_000 || code === 1_001) sessions.delete(session.id);
      }
      notify();
    });
    socket.on('error', () => undefined);
    notify();
    if (query['v'] !== undefined && query['v'] !== '10') {
      closeSocket(connection, CLOSE_CODES.invalidApiVersion, 'Invalid API version.');
      return;
    }
    if (query['encoding'] !== undefined && query['encoding'] !== 'json') {
      closeSocket(connection, CLOSE_CODES.decodeError, 'The stand-in speaks JSON only.');
      return;
    }
    send(connection, {
      op: OP.hello,
      d: { heartbeat_interval: heartbeatInterval, _trace: [] },
      s: null,
      t: null,
    });
  });

  function sessionOf(shardId: number): Session {
    const session = currentSessionByShard.get(shardId);
    if (session === undefined || !sessions.has(session.id)) {
      throw new Error(
        `Discord stand-in: shard ${shardId} has no session; wait for the client to be ready first`,
      );
    }
    return session;
  }

  function rememberMembers(event: string, data: unknown): void {
    if (!isRecord(data) || typeof data['guild_id'] !== 'string') return;
    const members = seenMembers.get(data['guild_id']) ?? new Map<string, APIGuildMember>();
    seenMembers.set(data['guild_id'], members);
    const member = data['member'];
    if (!isRecord(member)) return;
    const author = event === 'MESSAGE_CREATE' ? data['author'] : member['user'];
    if (!isRecord(author) || typeof author['id'] !== 'string') return;
    const { permissions: _permissions, ...plain } = member;
    members.set(author['id'], { ...plain, user: author } as unknown as APIGuildMember);
  }

  function rememberInteraction(data: unknown): void {
    if (!isRecord(data) || typeof data['id'] !== 'string' || typeof data['token'] !== 'string') return;
    const channel = data['channel'];
    interactions.set(data['token'], {
      id: data['id'],
      type: Number(data['type']),
      token: data['token'],
      channelId: String(data['channel_id'] ?? (isRecord(channel) ? channel['id'] : DEFAULT_CHANNEL_ID)),
      acknowledged: false,
      original: null,
      followUps: [],
    });
  }

  async function readBody(req: IncomingMessage): Promise<{ body: unknown; files: RecordedRequest['files'] }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const buffer = Buffer.concat(chunks);
    if (buffer.length === 0) return { body: null, files: [] };
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Response(buffer, { headers: { 'content-type': contentType } }).formData();
      const files: RecordedRequest['files'] = [];
      let body: unknown = null;
      const fields: Record<string, unknown> = {};
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') body = JSON.parse(value);
          else fields[field] = value;
        } else {
          files.push({ field, name: value.name, contentType: value.type, size: value.size });
        }
      }
      return { body: body ?? (Object.keys(fields).length > 0 ? fields : null), files };
    }
    const text = buffer.toString('utf8');
    try {
      return { body: JSON.parse(text), files: [] };
    } catch {
      return { body: text, files: [] };
    }
  }

  function recordHeaders(req: IncomingMessage): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      const joined = Array.isArray(value) ? value.join(', ') : value;
      headers[name] = name === 'authorization' ? `${joined.split(' ')[0] ?? ''} [redacted]` : joined;
    }
    return headers;
  }

  function reply(res: ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    const text = JSON.stringify(body);
    res
      .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
      .end(text);
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${origin}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const recorded: RecordedRequest = {
      method,
      path: url.pathname
        .replace(/^\/api\/v10(?=\/)/, '')
        .split('/')
        .map(decodeURIComponent)
        .join('/'),
      query: Object.fromEntries(url.searchParams),
      body: null,
      files: [],
      headers: recordHeaders(req),
      at: nowMs(),
      status: 0,
    };
    let status = 500;
    let responseBody: unknown;
    try {
      const { body, files } = await readBody(req);
      recorded.body = body;
      recorded.files = files;
      if (!url.pathname.startsWith('/api/v10/')) throw new HttpError(404, 0, 'Unknown route');
      [status, responseBody] = route(method, recorded, req.headers.authorization);
    } catch (error) {
      if (error instanceof HttpError) {
        status = error.status;
        responseBody = {
          message: error.message,
          code: error.code,
          ...(error.errors === undefined ? {} : { errors: error.errors }),
        };
      } else {
        status = 500;
        responseBody = { message: `Stand-in failure: ${(error as Error).message}`, code: 0 };
      }
    }
    recorded.status = status;
    requests.push(recorded);
    reply(res, status, responseBody);
    notify();
  }

  function requireBotAuth(authorization: string | undefined): void {
    if (authorization === undefined || !authorization.startsWith('Bot ')) {
      throw new HttpError(401, 0, '401: Unauthorized');
    }
    if (options.token !== undefined && authorization !== `Bot ${options.token}`) {
      throw new HttpError(401, 0, '401: Unauthorized');
    }
  }

  function findGuild(guildId: string): GuildInput {
    const guild = guilds.find((candidate) => candidate.id === guildId);
    if (guild === undefined) throw new HttpError(404, 10_004, 'Unknown Guild');
    return guild;
  }

  function findChannel(channelId: string): Record<string, unknown> {
    for (const guild of guilds) {
      const channel = guild.channels?.find((candidate) => candidate.id === channelId);
      if (channel) return guildChannel(channel, guild.id);
    }
    const dm = [...dmChannels.values()].find((candidate) => candidate.id === channelId);
    if (dm) return dmChannel(dm);
    throw new HttpError(404, 10_003, 'Unknown Channel');
  }

  function dmChannel(dm: { id: string; userId: string }): Record<string, unknown> {
    return { id: dm.id, type: 1, last_message_id: null, flags: 0, recipients: [user({ id: dm.userId })] };
  }

  function botMessage(
    body: unknown,
    channelId: string,
    extra: { interaction?: InteractionRecord } = {},
  ): APIMessage {
    const fields = isRecord(body) ? body : {};
    const flags = Number(fields['flags'] ?? 0);
    const created = message({
      channelId,
      author: botUser,
      content: typeof fields['content'] === 'string' ? fields['content'] : '',
      flags,
      embeds: Array.isArray(fields['embeds']) ? fields['embeds'] : [],
      components: Array.isArray(fields['components']) ? fields['components'] : [],
      ...(extra.interaction ? { applicationId, webhookId: applicationId, type: 20 } : {}),
    });
    messagesById.set(created.id, created);
    return created;
  }

  function editMessage(existing: APIMessage, body: unknown): APIMessage {
    const fields = isRecord(body) ? body : {};
    const edited = {
      ...existing,
      ...(typeof fields['content'] === 'string' ? { content: fields['content'] } : {}),
      ...(Array.isArray(fields['embeds']) ? { embeds: fields['embeds'] } : {}),
      ...(Array.isArray(fields['components']) ? { components: fields['components'] } : {}),
      // Editing a deferred (loading) response clears the Loading flag (1 << 7), as Discord does.
      flags: (existing.flags ?? 0) & ~128,
      edited_timestamp: new Date().toISOString(),
    } as APIMessage;
    messagesById.set(edited.id, edited);
    return edited;
  }

  function interactionFor(token: string): InteractionRecord {
    let record = interactions.get(token);
    if (record === undefined) {
      // Interactions the stand-in did not dispatch are accepted, so a test can call a route directly.
      record = {
        id: 'unknown',
        type: 2,
        token,
        channelId: DEFAULT_CHANNEL_ID,
        acknowledged: false,
        original: null,
        followUps: [],
      };
      interactions.set(token, record);
    }
    return record;
  }

  function handleInteractionCallback(
    interactionId: string,
    token: string,
    request: RecordedRequest,
  ): [number, unknown] {
    const record = interactionFor(token);
    if (record.id === 'unknown') record.id = interactionId;
    if (record.acknowledged) throw new HttpError(400, 40_060, 'Interaction has already been acknowledged.');
    const body = isRecord(request.body) ? request.body : {};
    const type = Number(body['type']);
    const data = isRecord(body['data']) ? body['data'] : {};
    record.acknowledged = true;
    let resourceMessage: APIMessage | null = null;
    if (type === 4) {
      record.original = botMessage(data, record.channelId, { interaction: record });
      resourceMessage = record.original;
    } else if (type === 5) {
      record.original = botMessage(
        { ...data, content: '', flags: Number(data['flags'] ?? 0) | 128 },
        record.channelId,
        { interaction: record },
      );
      resourceMessage = record.original;
    } else if (type === 7) {
      if (record.original) record.original = editMessage(record.original, data);
      resourceMessage = record.original;
    }
    if (request.query['with_response'] !== 'true') return [204, undefined];
    return [
      200,
      {
        interaction: {
          id: record.id,
          type: record.type,
          activity_instance_id: null,
          response_message_id: resourceMessage?.id ?? null,
          response_message_loading: type === 5,
          response_message_ephemeral: ((resourceMessage?.flags ?? 0) & 64) !== 0,
        },
        resource: { type, ...(resourceMessage ? { message: resourceMessage } : {}) },
      },
    ];
  }

  function handleWebhookMessage(
    method: string,
    token: string,
    messageId: string,
    body: unknown,
  ): [number, unknown] {
    const record = interactionFor(token);
    const target =
      messageId === '@original'
        ? record.original
        : (record.followUps.find((m) => m.id === messageId) ?? null);
    if (target === null) throw new HttpError(404, 10_008, 'Unknown Message');
    if (method === 'GET') return [200, target];
    if (method === 'DELETE') {
      if (messageId === '@original') record.original = null;
      else record.followUps = record.followUps.filter((m) => m.id !== messageId);
      messagesById.delete(target.id);
      return [204, undefined];
    }
    const edited = editMessage(target, body);
    if (messageId === '@original') record.original = edited;
    else record.followUps = record.followUps.map((m) => (m.id === edited.id ? edited : m));
    return [200, edited];
  }

  function validateAutoModRule(
    guildId: string,
    rule: Record<string, unknown>,
    replacing: string | null,
  ): void {
    const problems: string[] = [];
    const metadata = isRecord(rule['trigger_metadata']) ? rule['trigger_metadata'] : {};
    const list = (key: string): unknown[] => (Array.isArray(metadata[key]) ? metadata[key] : []);
    const keywords = list('keyword_filter');
    const regexes = list('regex_patterns');
    const allow = list('allow_list');
    if (typeof rule['name'] !== 'string' || rule['name'].length === 0) problems.push('name: required');
    if (keywords.length > AUTOMOD_LIMITS.keywords)
      problems.push(`keyword_filter: more than ${AUTOMOD_LIMITS.keywords}`);
    if (keywords.some((k) => typeof k !== 'string' || k.length > AUTOMOD_LIMITS.keywordLength)) {
      problems.push(`keyword_filter: entries must be at most ${AUTOMOD_LIMITS.keywordLength} characters`);
    }
    if (regexes.length > AUTOMOD_LIMITS.regexes)
      problems.push(`regex_patterns: more than ${AUTOMOD_LIMITS.regexes}`);
    if (regexes.some((r) => typeof r !== 'string' || r.length > AUTOMOD_LIMITS.regexLength)) {
      problems.push(`regex_patterns: entries must be at most ${AUTOMOD_LIMITS.regexLength} characters`);
    }
    const allowLimit = rule['trigger_type'] === 4 ? AUTOMOD_LIMITS.allowListPreset : AUTOMOD_LIMITS.allowList;
    if (allow.length > allowLimit) problems.push(`allow_list: more than ${allowLimit}`);
    if (allow.some((a) => typeof a !== 'string' || a.length > AUTOMOD_LIMITS.allowEntryLength)) {
      problems.push(`allow_list: entries must be at most ${AUTOMOD_LIMITS.allowEntryLength} characters`);
    }
    const keywordRules = [...(autoModRules.get(guildId)?.values() ?? [])].filter(
      (existing) => existing['trigger_type'] === 1 && existing['id'] !== replacing,
    );
    if (
      rule['trigger_type'] === 1 &&
      replacing === null &&
      keywordRules.length >= AUTOMOD_LIMITS.keywordRulesPerGuild
    ) {
      throw new HttpError(400, 30_035, 'Maximum number of rules of this type reached');
    }
    if (problems.length > 0) throw new HttpError(400, 50_035, 'Invalid Form Body', { problems });
  }

  function handleAutoMod(
    method: string,
    guildId: string,
    ruleId: string | undefined,
    body: unknown,
  ): [number, unknown] {
    findGuild(guildId);
    const rules = autoModRules.get(guildId) ?? new Map<string, Record<string, unknown>>();
    autoModRules.set(guildId, rules);
    if (ruleId === undefined) {
      if (method === 'GET') return [200, [...rules.values()]];
      if (method === 'POST') {
        const fields = isRecord(body) ? body : {};
        validateAutoModRule(guildId, fields, null);
        const rule = {
          id: snowflake(),
          guild_id: guildId,
          creator_id: botUser.id,
          enabled: false,
          exempt_roles: [],
          exempt_channels: [],
          actions: [],
          trigger_metadata: {},
          ...fields,
        };
        rules.set(rule.id, rule);
        return [200, rule];
      }
      throw new HttpError(405, 0, '405: Method Not Allowed');
    }
    const existing = rules.get(ruleId);
    if (existing === undefined) throw new HttpError(404, 10_066, 'Unknown Auto Moderation Rule');
    if (method === 'GET') return [200, existing];
    if (method === 'DELETE') {
      rules.delete(ruleId);
      return [204, undefined];
    }
    if (method === 'PATCH') {
      const updated = { ...existing, ...(isRecord(body) ? body : {}), id: ruleId, guild_id: guildId };
      validateAutoModRule(guildId, updated, ruleId);
      rules.set(ruleId, updated);
      return [200, updated];
    }
    throw new HttpError(405, 0, '405: Method Not Allowed');
  }

  function echoCommands(body: unknown, guildId: string | null, key: string): [number, unknown] {
    const list = Array.isArray(body) ? body : [];
    const previous = commands.get(key) ?? [];
    const stored = list.map((command: unknown) => {
      const fields = isRecord(command) ? command : {};
      const kept = previous.find((old) => old['name'] === fields['name']);
      return {
        id: kept?.['id'] ?? snowflake(),
        application_id: applicationId,
        version: snowflake(),
        type: 1,
        description: '',
        default_member_permissions: null,
        nsfw: false,
        ...(guildId === null ? {} : { guild_id: guildId }),
        ...fields,
      };
    });
    commands.set(key, stored);
    return [200, stored];
  }

  function route(
    method: string,
    request: RecordedRequest,
    authorization: string | undefined,
  ): [number, unknown] {
    const parts = request.path.split('/').slice(1);
    const [first, second, third, fourth, fifth] = parts;
    const is = (expectedMethod: string, length: number): boolean =>
      method === expectedMethod && parts.length === length;

    // Interaction callbacks and interaction webhooks are authenticated by their token, not the bot token.
    if (first === 'interactions' && fourth === 'callback' && is('POST', 4) && second && third) {
      return handleInteractionCallback(second, third, request);
    }
    if (first === 'webhooks' && second === applicationId && third) {
      if (is('POST', 3)) {
        const record = interactionFor(third);
        if (!record.acknowledged) throw new HttpError(404, 10_015, 'Unknown Webhook');
        const followUp = botMessage(request.body, record.channelId, { interaction: record });
        record.followUps.push(followUp);
        return request.query['wait'] === 'false' ? [204, undefined] : [200, followUp];
      }
      if (
        fourth === 'messages' &&
        fifth &&
        parts.length === 5 &&
        ['GET', 'PATCH', 'DELETE'].includes(method)
      ) {
        return handleWebhookMessage(method, third, fifth, request.body);
      }
    }

    requireBotAuth(authorization);

    if (first === 'gateway' && second === 'bot' && is('GET', 2)) {
      return [
        200,
        {
          url: gatewayUrl,
          shards: recommendedShards,
          session_start_limit: {
            total: 1_000,
            remaining: 999,
            reset_after: 14_400_000,
            max_concurrency: options.maxConcurrency ?? 16,
          },
        },
      ];
    }
    if (first === 'gateway' && is('GET', 1)) return [200, { url: gatewayUrl }];
    if (first === 'users' && second === '@me' && is('GET', 2)) return [200, botUser];
    if (first === 'users' && second === '@me' && third === 'channels' && is('POST', 3)) {
      const recipientId = isRecord(request.body) ? String(request.body['recipient_id'] ?? '') : '';
      if (!/^\d+$/.test(recipientId)) throw new HttpError(400, 50_035, 'Invalid Form Body');
      const dm = dmChannels.get(recipientId) ?? { id: snowflake(), userId: recipientId };
      dmChannels.set(recipientId, dm);
      return [200, dmChannel(dm)];
    }
    if (first === 'applications' && second === '@me' && is('GET', 2)) {
      return [
        200,
        {
          id: applicationId,
          name: botUser.username,
          icon: null,
          description: '',
          summary: '',
          type: null,
          bot_public: false,
          bot_require_code_grant: false,
          verify_key: '0'.repeat(64),
          flags: 0,
          owner: user({ id: DEFAULT_OWNER_ID, username: 'owner' }),
          team: null,
          bot: botUser,
          approximate_guild_count: guilds.length,
        },
      ];
    }
    if (first === 'applications' && second === applicationId && third === 'commands' && parts.length === 3) {
      if (method === 'PUT') return echoCommands(request.body, null, 'global');
      if (method === 'GET') return [200, commands.get('global') ?? []];
    }
    if (
      first === 'applications' &&
      second === applicationId &&
      third === 'guilds' &&
      fourth &&
      fifth === 'commands'
    ) {
      if (parts.length === 5 && method === 'PUT')
        return echoCommands(request.body, fourth, `guild:${fourth}`);
      if (parts.length === 5 && method === 'GET') return [200, commands.get(`guild:${fourth}`) ?? []];
    }
    if (first === 'channels' && second && is('GET', 2)) return [200, findChannel(second)];
    if (first === 'channels' && second && third === 'messages' && is('POST', 3)) {
      const dm = [...dmChannels.values()].find((candidate) => candidate.id === second);
      if (dm && (typeof failDms === 'function' ? failDms(dm.userId) : failDms)) {
        throw new HttpError(403, 50_007, 'Cannot send messages to this user');
      }
      findChannel(second);
      return [200, botMessage(request.body, second)];
    }
    if (first === 'guilds' && second) {
      if (third === 'auto-moderation' && fourth === 'rules' && (parts.length === 4 || parts.length === 5)) {
        return handleAutoMod(method, second, fifth, request.body);
      }
      const guild = findGuild(second);
      if (is('GET', 2)) {
        const {
          channels: _channels,
          members: _members,
          ...rest
        } = guildCreate(guild, botUser) as unknown as Record<string, unknown>;
        return [200, rest];
      }
      if (third === 'members' && fourth && is('GET', 4)) {
        const userId = fourth === '@me' ? botUser.id : fourth;
        const member = seenMembers.get(guild.id)?.get(userId);
        if (member === undefined) throw new HttpError(404, 10_007, 'Unknown Member');
        return [200, member];
      }
      if (third === 'channels' && is('GET', 3)) {
        return [200, (guild.channels ?? []).map((channel) => guildChannel(channel, guild.id))];
      }
      if (third === 'channels' && is('POST', 3)) {
        const body = (isRecord(request.body) ? request.body : {}) as { name?: unknown };
        if (typeof body.name !== 'string' || body.name.length === 0) {
          throw new HttpError(400, 50_035, 'Invalid Form Body');
        }
        const created = { id: snowflake(), name: body.name };
        guild.channels = [...(guild.channels ?? []), created];
        return [201, { ...guildChannel(created, guild.id), ...(request.body as object) }];
      }
      if (third === 'roles' && is('GET', 3)) {
        return [
          200,
          [
            role({
              id: guild.id,
              name: '@everyone',
              permissions: guild.everyonePermissions ?? '0',
              position: 0,
            }),
          ].concat((guild.roles ?? []).map(role)),
        ];
      }
    }
    throw new HttpError(404, 0, 'Unknown route');
  }

  const connectedShards = (): number[] =>
    [...currentSessionByShard.values()]
      .filter((session) => session.connection?.live === true && sessions.has(session.id))
      .map((session) => session.shardId)
      .sort((a, b) => a - b);

  return {
    apiUrl,
    gatewayUrl,
    applicationId,
    botUser,
    requests,
    identifies,
    resumes,
    connections,
    closes,
    gatewayCommands,
    dispatch(event, data, dispatchOptions = {}) {
      const anySession = [...currentSessionByShard.values()][0];
      const shardCount = anySession?.shardCount ?? recommendedShards;
      const guildId = isRecord(data) && typeof data['guild_id'] === 'string' ? data['guild_id'] : null;
      const shardId = dispatchOptions.shard ?? (guildId === null ? 0 : shardForGuild(guildId, shardCount));
      const session = sessionOf(shardId);
      if (event === 'INTERACTION_CREATE') rememberInteraction(data);
      rememberMembers(event, data);
      const payload = nextDispatch(session, event, data);
      if (session.connection?.live) send(session.connection, payload);
      return payload.s;
    },
    async disconnect(shardId, closeCode = CLOSE_CODES.unknownError) {
      const session = sessionOf(shardId);
      const connection = session.connection;
      if (connection === null) return;
      const closed = new Promise<void>((resolve) => connection.socket.once('close', () => resolve()));
      closeSocket(connection, closeCode, 'Disconnected by the stand-in.');
      await closed;
    },
    requestReconnect(shardId) {
      const connection = sessionOf(shardId).connection;
      if (connection) send(connection, { op: OP.reconnect, d: null, s: null, t: null });
    },
    invalidateSession(shardId, resumable) {
      const session = sessionOf(shardId);
      if (!resumable) sessions.delete(session.id);
      if (session.connection) {
        session.connection.live = false;
        send(session.connection, { op: OP.invalidSession, d: resumable, s: null, t: null });
      }
      notify();
    },
    rejectIdentifyWith(closeCode, when = () => true) {
      identifyRejection = closeCode === null ? null : { code: closeCode, when };
    },
    failDirectMessages(fail) {
      failDms = fail;
    },
    waitForRequest(predicate, timeoutMs = 5_000) {
      return waitFor(() => requests.find(predicate), timeoutMs, 'a matching request');
    },
    waitForIdentify(predicate = () => true, timeoutMs = 5_000) {
      return waitFor(() => identifies.find(predicate), timeoutMs, 'an IDENTIFY');
    },
    waitForResume(predicate = () => true, timeoutMs = 5_000) {
      return waitFor(() => resumes.find(predicate), timeoutMs, 'a RESUME');
    },
    waitForReady({ shards = 1, timeoutMs = 5_000 } = {}) {
      return waitFor(
        () => {
          const connected = connectedShards();
          return connected.length >= shards ? connected : undefined;
        },
        timeoutMs,
        `${shards} ready shard(s)`,
      );
    },
    connectedShards,
    clearRequests() {
      requests.length = 0;
    },
    autoModerationRules(guildId) {
      return [...(autoModRules.get(guildId)?.values() ?? [])];
    },
    interactionMessages(token) {
      const record = interactions.get(token);
      return { original: record?.original ?? null, followUps: [...(record?.followUps ?? [])] };
    },
    async close() {
      for (const waiter of [...waiters]) waiters.delete(waiter);
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
