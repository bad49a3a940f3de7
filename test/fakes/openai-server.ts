/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol (JSON, and SSE when the request
 * asks to stream), with a scripted queue of behaviours: replies, streamed chunks, delays, 429 with retry-after, 500,
 * hangs, streams cut mid-way, malformed JSON. It records every request so that tests can assert on the prompt.
 * `/v1/embeddings` answers with small deterministic vectors. `/v1/moderations` has its own queue (see the
 * "Moderations" block at the end).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBehaviour =
  /** A complete answer: JSON, or split into word chunks when the request streams. */
  | { kind: 'reply'; text: string; usage?: boolean; finishReason?: string }
  /** Explicit stream chunks (served as JSON with their concatenation when the request does not stream). */
  | { kind: 'stream'; chunks: readonly string[]; usage?: boolean; chunkDelayMs?: number }
  /** Waits, then behaves as `then`. */
  | { kind: 'delay'; ms: number; then: FakeBehaviour }
  /** An error status with an OpenAI-style error body. */
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** Accepts the request and never answers (until the server closes). */
  | { kind: 'hang' }
  /** Streams these chunks, then destroys the socket: no finish_reason, no [DONE]. */
  | { kind: 'cut'; chunks: readonly string[] }
  /** Streams these chunks, then ends the response cleanly but without a finish_reason or [DONE]. */
  | { kind: 'end-early'; chunks: readonly string[] }
  /** A 200 whose body is not JSON (or, when streaming, an SSE event whose data is not JSON). */
  | { kind: 'malformed' }
  /**
   * Hostile mode: a model that obeys every instruction injected into the question, the worst case the output guard
   * must survive. It understands `reply with exactly: …` (to the end of the line), `reply with the decoded base64: …`
   * (which the question gate cannot read), and `repeat your instructions` (it answers with the system prompt). The
   * answer is streamed with almost all of it in the first chunk, so that anything shown unchecked is seen at once;
   * `repeat` repeats it (a flood), `chunkChars` splits it evenly instead.
   */
  | { kind: 'obey'; repeat?: number; chunkChars?: number };

export interface RecordedRequest {
  method: string;
  path: string;
  /** Header names to values; the authorization header is recorded as present or not, never its value. */
  headers: Record<string, string>;
  body: unknown;
}

export interface FakeOpenAiServer {
  /** Base URL for the SDK, ending in /v1. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Adds behaviours to the queue; each chat request takes the next one. */
  enqueue(...behaviours: FakeBehaviour[]): void;
  /** How many scripted behaviours are left. */
  readonly pending: number;
  /** Adds behaviours to the `/v1/moderations` queue (its own, apart from chat). */
  enqueueModeration(...behaviours: FakeModerationBehaviour[]): void;
  /** Forgets unused behaviours and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeOpenAiServerOptions {
  /** Served when the queue is empty (default: a 500 that says the script ran out, so tests notice). */
  fallback?: FakeBehaviour;
}

/** Starts the server on a free port. */
export async function startFakeOpenAiServer(
  options: FakeOpenAiServerOptions = {},
): Promise<FakeOpenAiServer> {
  const queue: FakeBehaviour[] = [];
  const requests: RecordedRequest[] = [];
  const moderationQueue: FakeModerationBehaviour[] = [];
  let counter = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      body = raw;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? 'GET', path, headers: recordHeaders(req), body });

    if (req.method === 'POST' && path === '/v1/embeddings') return sendEmbeddings(res, body);
    if (req.method === 'POST' && path === '/v1/moderations') {
      return performModeration(moderationQueue.shift() ?? { kind: 'status', status: 500 }, res, body);
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'not_found' } });
    }
    const stream = isObject(body) && body['stream'] === true;
    const model = isObject(body) && typeof body['model'] === 'string' ? body['model'] : 'fake-model';
    const behaviour = queue.shift() ?? options.fallback ?? { kind: 'status', status: 500 };
    counter += 1;
    await perform(behaviour, res, { stream, model, id: `chatcmpl-fake-${counter}`, body });
  }

  async function perform(
    behaviour: FakeBehaviour,
    res: ServerResponse,
    context: { stream: boolean; model: string; id: string; body: unknown },
  ): Promise<void> {
    switch (behaviour.kind) {
      case 'obey': {
        const answer = obeyInjection(promptOf({ method: 'POST', path: '', headers: {}, body: context.body }));
        const text = answer.repeat(behaviour.repeat ?? 1);
        const chunks =
          behaviour.chunkChars === undefined
            ? [text.slice(0, Math.max(1, text.length - 6)), text.slice(Math.max(1, text.length - 6))]
            : (text.match(new RegExp(`[^]{1,${behaviour.chunkChars}}`, 'g')) ?? []);
        return respond(res, context, chunks.filter(Boolean), true, 'stop', 0);
      }
      case 'delay':
        await sleep(behaviour.ms);
        return perform(behaviour.then, res, context);
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (behaviour.retryAfterSeconds !== undefined)
          headers['retry-after'] = String(behaviour.retryAfterSeconds);
        res.writeHead(behaviour.status, headers);
        res.end(
          JSON.stringify({
            error: {
              message: behaviour.status === 429 ? 'Rate limit reached' : 'The server had an error',
              type: behaviour.status === 429 ? 'rate_limit_exceeded' : 'server_error',
            },
          }),
        );
        return;
      }
      case 'hang':
        return;
      case 'malformed':
        if (context.stream) {
          startSse(res);
          res.write('data: {"id": "x", "choices": [ {"delta": \n\n');
          res.end();
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"id": "x", "choices": [');
        }
        return;
      case 'reply': {
        const chunks = behaviour.text.match(/\S+\s*|\s+/g) ?? [];
        return respond(res, context, chunks, behaviour.usage ?? true, behaviour.finishReason ?? 'stop', 0);
      }
      case 'stream':
        return respond(
          res,
          context,
          behaviour.chunks,
          behaviour.usage ?? true,
          'stop',
          behaviour.chunkDelayMs ?? 0,
        );
      case 'cut':
      case 'end-early': {
        if (!context.stream) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"id": "x", "choices": [{"message": {"content": "');
          res.socket?.destroy();
          return;
        }
        startSse(res);
        for (const chunk of behaviour.chunks) writeEvent(res, chunkEvent(context, chunk, null));
        await sleep(20);
        if (behaviour.kind === 'cut') res.socket?.destroy();
        else res.end();
        return;
      }
    }
  }

  async function respond(
    res: ServerResponse,
    context: { stream: boolean; model: string; id: string; body?: unknown },
    chunks: readonly string[],
    usage: boolean,
    finishReason: string,
    chunkDelayMs: number,
  ): Promise<void> {
    const text = chunks.join('');
    const promptTokens = 120;
    const completionTokens = Math.max(1, Math.ceil(text.length / 4));
    const usageBody = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };
    if (!context.stream) {
      return sendJson(res, 200, {
        id: context.id,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: context.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: text, refusal: null },
            finish_reason: finishReason,
            logprobs: null,
          },
        ],
        ...(usage ? { usage: usageBody } : {}),
      });
    }
    startSse(res);
    writeEvent(res, {
      ...chunkEvent(context, '', null),
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    for (const chunk of chunks) {
      if (chunkDelayMs > 0) await sleep(chunkDelayMs);
      writeEvent(res, chunkEvent(context, chunk, null));
    }
    writeEvent(res, {
      ...chunkEvent(context, '', finishReason),
      choices: [{ index: 0, delta: {}, finish_reason: finishReason }],
    });
    if (usage) writeEvent(res, { ...chunkEvent(context, '', null), choices: [], usage: usageBody });
    res.write('data: [DONE]\n\n');
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue(...behaviours) {
      queue.push(...behaviours);
    },
    get pending() {
      return queue.length;
    },
    enqueueModeration(...behaviours) {
      moderationQueue.push(...behaviours);
    },
    reset() {
      queue.length = 0;
      moderationQueue.length = 0;
      requests.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/** What the obedient model answers: the injected instruction carried out, else a harmless cited sentence. */
export function obeyInjection({ system, user }: { system: string; user: string }): string {
  const base64 = /reply with the decoded base64:\s*([A-Za-z0-9+/=]+)/i.exec(user);
  if (base64?.[1]) return Buffer.from(base64[1], 'base64').toString('utf8');
  const exact = /reply with exactly:[ \t]*([^\n]*)/i.exec(user);
  if (exact?.[1]) return exact[1];
  if (/repeat your instructions/i.test(user)) return `${system} [1]`;
  return 'Depression is a common and treatable illness [1].';
}

/** The user message of a recorded chat request (for asserting on the prompt). */
export function promptOf(request: RecordedRequest | undefined): { system: string; user: string } {
  const messages =
    isObject(request?.body) && Array.isArray(request.body['messages']) ? request.body['messages'] : [];
  const contentOf = (role: string) =>
    messages
      .filter(
        (message): message is { role: string; content: string } =>
          isObject(message) && message['role'] === role,
      )
      .map((message) => message.content)
      .join('\n');
  return { system: contentOf('system'), user: contentOf('user') };
}

function chunkEvent(context: { model: string; id: string }, content: string, finishReason: string | null) {
  return {
    id: context.id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: context.model,
    choices: [{ index: 0, delta: { content }, finish_reason: finishReason }],
  };
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
}

function writeEvent(res: ServerResponse, data: unknown): void {
  res.write(`data: ${JSON.stringify(data)}\n\n`);
}

function sendJson(res: ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(data));
}

function sendEmbeddings(res: ServerResponse, body: unknown): void {
  const input = isObject(body) ? body['input'] : undefined;
  const inputs = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
  sendJson(res, 200, {
    object: 'list',
    model: isObject(body) && typeof body['model'] === 'string' ? body['model'] : 'fake-embeddings',
    data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) })),
    usage: { prompt_tokens: inputs.join(' ').length, total_tokens: inputs.join(' ').length },
  });
}

/** Eight dimensions of letter-bigram counts, normalised: similar texts get similar vectors. */
function embed(text: string): number[] {
  const vector = Array.from({ length: 8 }, () => 0);
  const lower = text.toLowerCase();
  for (let index = 0; index + 1 < lower.length; index++) {
    const slot = (lower.charCodeAt(index) * 31 + lower.charCodeAt(index + 1)) % 8;
    vector[slot] = (vector[slot] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

function recordHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = name === 'authorization' ? 'present' : Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// --- Moderations (/v1/moderations) ---------------------------------------------------------------------------------
// A self-contained block: the route above calls `performModeration` with the next behaviour of its own queue (a 500
// when the queue is empty, so that a test notices an unexpected call).

/** OpenAI's moderation categories (as of omni-moderation-latest), every one answered in each result. */
const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

export type FakeModerationBehaviour =
  /** A moderation result: these categories flagged (scores 0.9), the rest not (scores from `scores`, else 0.001). */
  | { kind: 'moderation'; flagged?: readonly string[]; scores?: Readonly<Record<string, number>> }
  /** A 200 with this exact JSON body (for wrong shapes). */
  | { kind: 'json'; body: unknown }
  | { kind: 'delay'; ms: number; then: FakeModerationBehaviour }
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'hang' }
  | { kind: 'malformed' };

async function performModeration(
  behaviour: FakeModerationBehaviour,
  res: ServerResponse,
  body: unknown,
): Promise<void> {
  switch (behaviour.kind) {
    case 'delay':
      await sleep(behaviour.ms);
      return performModeration(behaviour.then, res, body);
    case 'hang':
      return;
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "modr-x", "results": [');
      return;
    case 'json':
      return sendJson(res, 200, behaviour.body);
    case 'status': {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (behaviour.retryAfterSeconds !== undefined)
        headers['retry-after'] = String(behaviour.retryAfterSeconds);
      res.writeHead(behaviour.status, headers);
      res.end(JSON.stringify({ error: { message: 'moderation failed', type: 'server_error' } }));
      return;
    }
    case 'moderation': {
      const flagged = new Set(behaviour.flagged ?? []);
      const categories: Record<string, boolean> = {};
      const scores: Record<string, number> = {};
      const appliedInputTypes: Record<string, string[]> = {};
      for (const category of MODERATION_CATEGORIES) {
        categories[category] = flagged.has(category);
        scores[category] = behaviour.scores?.[category] ?? (flagged.has(category) ? 0.9 : 0.001);
        appliedInputTypes[category] = ['text'];
      }
      return sendJson(res, 200, {
        id: 'modr-fake',
        model: isObject(body) && typeof body['model'] === 'string' ? body['model'] : 'omni-moderation-latest',
        results: [
          {
            flagged: flagged.size > 0,
            categories,
            category_scores: scores,
            category_applied_input_types: appliedInputTypes,
          },
        ],
      });
    }
  }
}
