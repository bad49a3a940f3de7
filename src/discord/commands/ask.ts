import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../bot-context.js';
import type { Command } from '../command.js';
import { localizations, t } from '../i18n.js';
import { requireGuild } from '../permissions.js';
import { NO_MENTIONS } from '../views/discord-limits.js';
import { renderAnswer, renderAnswerInProgress } from '../views/render-answer.js';
import { createThrottledEditor } from '../throttled-editor.js';

export const MAX_QUESTION_LENGTH = 500;
/** How long a question may wait for a free slot when many are asked at once (the interaction token lasts 15 min). */
export const MAX_QUEUE_WAIT_MS = 60_000;

/**
 * `/ask question [private]`: acknowledge at once (Discord allows 3 s), check the limits, then stream the grounded answer
 * by editing the reply at most once a second, and finish with the cited answer and feedback buttons.
 * @see ../../../../shared/reference/field-lessons.md items 2, 3, 5
 */
export default {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask about depression, stigma or ketamine treatment. Answers cite their sources.')
    .setNameLocalizations(localizations({ es: 'preguntar', fr: 'demander', de: 'fragen', pt: 'perguntar' }))
    .setDescriptionLocalizations(
      localizations({
        es: 'Pregunta sobre la depresión, el estigma o el tratamiento con ketamina. Con fuentes.',
        fr: 'Une question sur la dépression, la stigmatisation ou la kétamine. Réponses sourcées.',
        de: 'Frag zu Depression, Stigma oder Ketamin-Behandlung. Antworten mit Quellen.',
        pt: 'Pergunte sobre depressão, estigma ou tratamento com cetamina. Com fontes.',
      }),
    )
    .setContexts(0)
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('Your question, in your own words.')
        .setDescriptionLocalizations(
          localizations({ es: 'Tu pregunta', fr: 'Ta question', de: 'Deine Frage', pt: 'Sua pergunta' }),
        )
        .setRequired(true)
        .setMaxLength(MAX_QUESTION_LENGTH),
    )
    .addBooleanOption((option) => option.setName('private').setDescription('Only you can see the answer.'))
    .toJSON(),
  async execute(interaction, context) {
    const isPrivate = interaction.options.getBoolean('private') ?? false;
    await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
    // Let other interactions' acknowledgements go out before this one's CPU work: when many questions arrive at once,
    // every member should see "thinking…" within Discord's 3 s, not wait behind other answers.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const guildId = requireGuild(interaction);
    const question = interaction.options.getString('question', true).slice(0, MAX_QUESTION_LENGTH);
    const log = context.log.child({ module: 'ask' });

    const server = await context.settings.getServer(guildId).catch(() => undefined);
    if (server && server.askChannelIds.length > 0 && !server.askChannelIds.includes(interaction.channelId)) {
      await refuse(
        interaction,
        isPrivate,
        t(interaction.locale, 'ask.channelNotAllowed', {
          channels: server.askChannelIds.map((id) => `<#${id}>`).join(', '),
        }),
      );
      return;
    }
    const entered = await context.limits.inFlight.enter(interaction.user.id, MAX_QUEUE_WAIT_MS);
    if (typeof entered !== 'function') {
      await refuse(
        interaction,
        isPrivate,
        t(interaction.locale, entered === 'user' ? 'ask.busy' : 'ask.overloaded'),
      );
      return;
    }
    const release = entered;
    const rate = await context.limits.rate
      .take(interaction.user.id)
      .catch(() => ({ allowed: true, retryAfterMs: 0 }));
    if (!rate.allowed) {
      release();
      await refuse(
        interaction,
        isPrivate,
        t(interaction.locale, 'ask.rateLimited', {
          minutes: Math.max(1, Math.ceil(rate.retryAfterMs / 60_000)),
        }),
      );
      return;
    }
    try {
      await answer(interaction, context, { question, guildId, server, log, isPrivate });
    } finally {
      release();
    }
  },
} satisfies Command;

async function answer(
  interaction: ChatInputCommandInteraction,
  context: BotContext,
  {
    question,
    guildId,
    server,
    log,
    isPrivate,
  }: {
    isPrivate: boolean;
    question: string;
    guildId: string;
    server: Awaited<ReturnType<BotContext['settings']['getServer']>> | undefined;
    log: BotContext['log'];
  },
): Promise<void> {
  const started = performance.now();
  const budgetLimit = server?.dailyTokenBudget ?? context.config.ask.defaultDailyTokenBudget;
  let useModel = context.modelConfigured && (server?.modelEnabled ?? true);
  let notice: string | undefined;
  if (useModel) {
    const budget = await context.limits.budget.check(guildId, budgetLimit).catch(() => undefined);
    if (budget && !budget.allowed) {
      useModel = false;
      notice = t(interaction.locale, 'ask.budget');
    }
  }
  const user = await context.settings.getUser(interaction.user.id).catch(() => undefined);
  const editor = createThrottledEditor((text) =>
    interaction.editReply(renderAnswerInProgress(text, interaction.locale)),
  );
  const result = await context.answerer.answer({
    question,
    locale: interaction.locale,
    region: user?.region ?? undefined,
    serverRegion: server?.region ?? undefined,
    useModel,
    onDelta: editor.push,
  });
  await editor.stop();
  const [first, ...rest] = renderAnswer(
    result,
    context.hotlines.international(),
    interaction.locale,
    result.route === 'answer' ? notice : undefined,
  );
  if (first) await interaction.editReply(first);
  for (const message of rest)
    await interaction.followUp({ ...message, ...(isPrivate ? { flags: MessageFlags.Ephemeral } : {}) });
  if (result.tokensUsed > 0)
    await context.limits.budget.spend(guildId, result.tokensUsed).catch(() => undefined);
  log.info(
    {
      route: result.route,
      reason: result.reason,
      mode: result.mode,
      cards: result.cardIds.length,
      tokens: result.tokensUsed,
      cached: result.cached ?? false,
      ms: Math.round(performance.now() - started),
    },
    'ask reply sent',
  );
}

/** A refusal only the asker sees, even when the deferred reply was public. */
async function refuse(
  interaction: ChatInputCommandInteraction,
  isPrivate: boolean,
  content: string,
): Promise<void> {
  if (isPrivate) {
    await interaction.editReply({ content, allowedMentions: NO_MENTIONS });
    return;
  }
  await interaction.deleteReply().catch(() => undefined);
  await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
