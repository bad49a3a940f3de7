import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { Command } from '../command.js';
import { localizations, t } from '../i18n.js';
import { requireGuild } from '../permissions.js';
import { NO_MENTIONS } from '../views/discord-limits.js';
import { renderAnswer, renderAnswerInProgress, renderAskRefusal } from '../views/render-answer.js';
import { createThrottledEditor } from '../throttled-editor.js';

/** Discord's option limit for the question; a longer one (a client that ignores the limit) is cut. */
export const MAX_QUESTION_LENGTH = 500;

/**
 * `/ask question [private]`: acknowledge at once (Discord allows 3 s), run the `ask` use case (channel gate, limits,
 * budget: src/core/use-cases/ask.ts) while streaming the grounded answer by editing the reply at most once a second,
 * and finish with the cited answer and feedback buttons. Refusals are shown only to the asker.
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
    const started = performance.now();
    const editor = createThrottledEditor((text) =>
      interaction.editReply(renderAnswerInProgress(text, interaction.locale)),
    );
    const result = await context.useCases.ask({
      question: interaction.options.getString('question', true).slice(0, MAX_QUESTION_LENGTH),
      userId: interaction.user.id,
      guildId: requireGuild(interaction),
      channelId: interaction.channelId,
      locale: interaction.locale,
      onDelta: editor.push,
    });
    await editor.stop();
    if (result.kind !== 'answered') {
      await refuse(interaction, isPrivate, renderAskRefusal(result, interaction.locale));
      return;
    }
    const { answer } = result;
    const notice = result.notice === undefined ? undefined : t(interaction.locale, 'ask.budget');
    const [first, ...rest] = renderAnswer(
      answer,
      context.hotlines.international(),
      // A question asked in Spanish gets Spanish labels and footer, whatever the Discord client's language.
      answer.language ?? interaction.locale,
      notice,
    );
    if (first) await interaction.editReply(first);
    for (const message of rest)
      await interaction.followUp({ ...message, ...(isPrivate ? { flags: MessageFlags.Ephemeral } : {}) });
    context.log.child({ module: 'ask' }).info(
      {
        route: answer.route,
        reason: answer.reason,
        mode: answer.mode,
        cards: answer.cardIds.length,
        tokens: answer.tokensUsed,
        cached: answer.cached ?? false,
        ms: Math.round(performance.now() - started),
      },
      'ask reply sent',
    );
  },
} satisfies Command;

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
