import { ButtonStyle, ComponentType, MessageFlags } from 'discord.js';
import type { ComponentHandler } from '../command.js';
import { t } from '../i18n.js';
import { NO_MENTIONS } from '../views/discord-limits.js';
import { CRISIS_BUTTON } from '../views/render-crisis-reply.js';

/**
 * "Not helpful" records a false-positive count per lexicon id (no text, no user). "Stop these replies" is a per-user
 * opt-out that the person can undo with the button in the confirmation.
 */
export default {
  prefix: 'crisis',
  async execute(interaction, context, [action]) {
    const locale = interaction.locale;
    if (action === 'not-helpful') {
      const signals = signalsOf(interaction.customId);
      await context.feedback.recordCrisisNotHelpful(signals).catch(() => undefined);
      await interaction.reply({
        content: t(locale, 'crisis.notHelpful.thanks'),
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    const optOut = action === 'stop';
    await context.settings.updateUser(interaction.user.id, { crisisOptOut: optOut });
    await interaction.reply({
      content: t(locale, optOut ? 'crisis.stop.done' : 'crisis.resume.done'),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
      components: optOut
        ? [
            {
              type: ComponentType.ActionRow,
              components: [
                {
                  type: ComponentType.Button,
                  style: ButtonStyle.Secondary,
                  custom_id: CRISIS_BUTTON.resume,
                  label: t(locale, 'crisis.button.resume'),
                },
              ],
            },
          ]
        : [],
    });
  },
} satisfies ComponentHandler;

/** The signal ids carried in the button's custom id after the action (`crisis:not-helpful:a,b`). */
function signalsOf(customId: string): string[] {
  const list = customId.split(':')[2];
  return list ? list.split(',').filter(Boolean) : [];
}
