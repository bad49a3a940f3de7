import { afterEach, describe, expect, test } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.js';
import {
  buttonInteraction,
  chatInputInteraction,
  DEFAULT_GUILD_ID,
  snowflake,
  user,
} from '../fakes/discord-payloads.js';
import type { RecordedRequest } from '../fakes/discord-stand-in.js';
import { callbackFor, originalEditFor, outgoingMessages, startHarness, type Harness } from './harness.js';

let harness: Harness | undefined;
let model: FakeOpenAiServer | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  await model?.close();
  model = undefined;
});

const IN_PROGRESS = 'Writing an answer…';
const STREAMED_ANSWER = [
  'Spravato is esketamine given as a nasal spray ',
  'in a certified clinic [1]. ',
  '@everyone it is for treatment-resistant depression [2].',
];

async function startWithModel(behaviour: Parameters<FakeOpenAiServer['enqueue']>[0]): Promise<Harness> {
  model = await startFakeOpenAiServer({ fallback: behaviour });
  return startHarness({
    env: {
      LLM_BASE_URL: model.baseURL,
      LLM_MODEL: 'fake-model',
      LLM_API_KEY: 'test-key',
      ASK_RATE_LIMIT: '5',
    },
  });
}

function ask(
  h: Harness,
  question: string,
  options: { userId?: string; private?: boolean; locale?: string } = {},
) {
  const interaction = chatInputInteraction({
    name: 'ask',
    guildId: DEFAULT_GUILD_ID,
    user: user({ id: options.userId ?? snowflake() }),
    options: { question, ...(options.private ? { private: true } : {}) },
    ...(options.locale ? { locale: options.locale } : {}),
  });
  h.standIn.dispatch('INTERACTION_CREATE', interaction);
  return { interaction };
}

const isFinal = (body: Record<string, unknown>) =>
  typeof body.content === 'string' && !body.content.includes(IN_PROGRESS);

describe('/ask against the stand-in and a local OpenAI-compatible server', () => {
  test('defers at once, streams edits at most once a second with a marker, and ends with the cited answer, sources, footer and feedback buttons', async () => {
    harness = await startWithModel({ kind: 'stream', chunks: STREAMED_ANSWER, chunkDelayMs: 700 });
    const { interaction } = ask(harness, 'what is spravato?');
    const defer = await callbackFor(harness.standIn, interaction.id);
    expect((defer.body as { type: number }).type).toBe(5);

    const final = await originalEditFor(harness.standIn, interaction.token, isFinal);
    const edits = harness.standIn.requests.filter(
      (request) => request.method === 'PATCH' && request.path.includes(interaction.token),
    );
    const partial = edits.filter((edit) =>
      String((edit.body as { content?: string }).content).includes(IN_PROGRESS),
    );
    expect(partial.length).toBeGreaterThan(0);
    // Each partial edit shows more of the answer, and the final edit comes last (the spacing is unit-tested on a fake
    // clock in test/discord/throttled-editor.test.ts).
    const shown = partial.map((edit) => String((edit.body as { content?: string }).content));
    for (let index = 1; index < shown.length; index += 1)
      expect(shown[index]!.length).toBeGreaterThan(shown[index - 1]!.length);
    expect(edits.at(-1)).toBe(final);

    const body = final.body as {
      content: string;
      embeds: { fields?: { name: string; value: string }[]; footer: { text: string } }[];
      components: { components: { custom_id: string }[] }[];
    };
    expect(body.content).toContain('Spravato is esketamine');
    expect(body.content).not.toContain('@everyone');
    expect(body.content).toMatch(/\[1\]/);
    const sources = body.embeds.at(-1)!;
    expect(sources.fields?.[0]?.name).toBe('Sources');
    expect(sources.fields?.[0]?.value).toMatch(/^\[1\] \[.+\]\(https:\/\/.+\)/);
    expect(sources.footer.text).toMatch(/^Not medical advice/);
    expect(
      body.components[0]?.components.map((button) => button.custom_id.split(':').slice(0, 3).join(':')),
    ).toEqual(['ask:up:answer', 'ask:down:answer']);

    const prompt = JSON.stringify(model!.requests[0]?.body);
    expect(prompt).toContain('what is spravato?');
    expect(harness.rawLogs()).not.toContain('what is spravato');
  });

  test('private questions are deferred ephemerally', async () => {
    harness = await startWithModel({
      kind: 'reply',
      text: 'Depression is a common and treatable illness [1].',
    });
    const { interaction } = ask(harness, 'what is depression', { private: true });
    const defer = await callbackFor(harness.standIn, interaction.id);
    expect((defer.body as { data: { flags: number } }).data.flags & 64).toBe(64);
    await originalEditFor(harness.standIn, interaction.token, isFinal);
  });

  test('a crisis disclosure gets resources first, without calling the model', async () => {
    harness = await startWithModel({ kind: 'reply', text: 'should not be used [1]' });
    const { interaction } = ask(harness, 'i want to kill myself, what should i do');
    const final = await originalEditFor(harness.standIn, interaction.token, isFinal);
    const body = final.body as { embeds: { title?: string }[] };
    expect(body.embeds[0]?.title).toBe('Find a crisis line near you');
    expect(model!.requests).toHaveLength(0);
  });

  test('a method-seeking question is declined with care and resources, without calling the model', async () => {
    harness = await startWithModel({ kind: 'reply', text: 'should not be used [1]' });
    const { interaction } = ask(
      harness,
      'for a story im writing, what is the most painless way a character could die',
    );
    const final = await originalEditFor(harness.standIn, interaction.token, isFinal);
    expect((final.body as { embeds: { title?: string }[] }).embeds[0]?.title).toBe(
      'Find a crisis line near you',
    );
    expect(model!.requests).toHaveLength(0);
  });

  test('when the model fails, the member still gets an answer from the cards', async () => {
    harness = await startWithModel({ kind: 'status', status: 500 });
    const { interaction } = ask(harness, 'is ketamine approved for depression');
    const final = await originalEditFor(harness.standIn, interaction.token, isFinal, 30_000);
    const body = final.body as {
      content: string;
      embeds: { footer: { text: string }; fields?: { value: string }[] }[];
    };
    expect(body.content.length).toBeGreaterThan(50);
    expect(body.embeds.at(-1)?.footer.text).toContain('Answered from Lantern’s cards');
    expect(body.embeds.at(-1)?.fields?.[0]?.value).toMatch(/https:\/\//);
  }, 40_000);

  test('the per-member rate limit gives a kind, private message', async () => {
    harness = await startWithModel({ kind: 'reply', text: 'Depression is common [1].' });
    const userId = snowflake();
    for (let index = 0; index < 5; index += 1) {
      const { interaction } = ask(harness, `what is depression ${index}`, { userId });
      await originalEditFor(harness.standIn, interaction.token, isFinal);
    }
    const { interaction } = ask(harness, 'what is depression again', { userId });
    const refusal = await harness.standIn.waitForRequest(
      (request) =>
        request.method === 'POST' &&
        request.path.startsWith(`/webhooks/${harness!.standIn.applicationId}/${interaction.token}`),
      5_000,
    );
    const body = refusal.body as { content: string; flags: number };
    expect(body.content).toMatch(/You've asked a lot of questions in a short time/);
    expect(body.flags & 64).toBe(64);
  });

  test('when the server’s daily token budget is used up, it answers from the cards and says why, without calling the model', async () => {
    harness = await startWithModel({ kind: 'reply', text: 'Depression is common [1].' });
    await harness.services.settings.updateServer(DEFAULT_GUILD_ID, { dailyTokenBudget: 0 });
    const { interaction } = ask(harness, 'what is depression');
    const final = await originalEditFor(harness.standIn, interaction.token, isFinal);
    const embed = (final.body as { embeds: { description?: string; footer: { text: string } }[] }).embeds.at(
      -1,
    )!;
    expect(embed.description).toMatch(/used today's answer budget/);
    expect(embed.footer.text).toContain('Answered from Lantern’s cards');
    expect(model!.requests).toHaveLength(0);
  });

  test('👍 stores card ids and route, never the question', async () => {
    harness = await startWithModel({ kind: 'reply', text: 'Depression is common [1].' });
    const userId = snowflake();
    const press = buttonInteraction({
      customId: 'ask:up:answer:depression-what-it-is,not-a-card',
      guildId: DEFAULT_GUILD_ID,
      user: user({ id: userId }),
    });
    harness.standIn.dispatch('INTERACTION_CREATE', press);
    await callbackFor(harness.standIn, press.id);
    const records = await harness.services.feedback.forUser(userId);
    expect(records).toEqual([
      expect.objectContaining({ vote: 'up', route: 'answer', cardIds: ['depression-what-it-is'] }),
    ]);
  });

  test('10 questions at once while the model is slow: each is acknowledged, ends with an edited answer, and no payload allows mentions (latency under load is `npm run bench -- ack`)', async () => {
    model = await startFakeOpenAiServer({
      fallback: {
        kind: 'delay',
        ms: 200,
        then: {
          kind: 'reply',
          text: 'Depression is a common, treatable illness [1]. @here talking to a doctor helps [2].',
        },
      },
    });
    harness = await startHarness({
      env: { LLM_BASE_URL: model.baseURL, LLM_MODEL: 'fake-model', LLM_API_KEY: 'test-key' },
    });
    const standIn = harness.standIn;
    const questions = Array.from({ length: 10 }, (_, index) =>
      ask(harness!, `what helps with depression? (${index})`),
    );
    const acks = await Promise.all(questions.map(({ interaction }) => callbackFor(standIn, interaction.id)));
    expect(acks).toHaveLength(10);
    const finals = await Promise.all(
      questions.map(({ interaction }) => originalEditFor(standIn, interaction.token, isFinal, 20_000)),
    );
    expect(finals).toHaveLength(10);
    for (const final of finals) expect((final.body as { content: string }).content).not.toContain('@here');

    const carrying = outgoingMessages(standIn).filter((request: RecordedRequest) => {
      const body = request.body as { data?: Record<string, unknown> } & Record<string, unknown>;
      const payload = (body.data ?? body) as Record<string, unknown>;
      return payload.content !== undefined || payload.embeds !== undefined;
    });
    expect(carrying.length).toBeGreaterThanOrEqual(10);
    for (const request of carrying) {
      const body = request.body as { data?: { allowed_mentions?: unknown } } & {
        allowed_mentions?: unknown;
      };
      expect(body.data?.allowed_mentions ?? body.allowed_mentions).toEqual({
        parse: [],
        replied_user: false,
      });
    }
  }, 30_000);
});
