/** /about: what Lantern is and is not, where its knowledge comes from, and the privacy notice. */
import type { APIEmbed } from 'discord.js';
import { FEEDBACK_RETENTION_MS } from '../../core/feedback/feedback.js';
import { clampEmbed, NO_MENTIONS } from './discord-limits.js';
import { LANTERN_COLOUR } from './render-hotlines.js';

const DAY_MS = 86_400_000;

export function renderAbout(facts: { cards: number; countries: number; version: string }): {
  embeds: APIEmbed[];
  allowedMentions: typeof NO_MENTIONS;
} {
  const embed: APIEmbed = {
    color: LANTERN_COLOUR,
    title: 'About Lantern',
    description:
      'Lantern helps communities talk about depression without stigma: it answers questions from reviewed, sourced cards, lets moderators post fact and myth cards, and points people to crisis lines.',
    fields: [
      {
        name: 'What Lantern is not',
        value:
          'Lantern is not a therapist, a doctor or a crisis service, and nothing it says is medical advice. It cannot diagnose anyone or advise on doses. In an emergency, call your local emergency number; `/hotline` lists crisis lines.',
      },
      {
        name: 'Where its knowledge comes from',
        value: `${facts.cards} cards written from public health agencies, regulators and peer-reviewed research; every card lists its sources and the date it was reviewed. Crisis lines for ${facts.countries} countries, each with its source and the date it was last checked. Knowledge version \`${facts.version}\`.`,
      },
      {
        name: 'What Lantern stores',
        value: [
          '• Server settings chosen by moderators (`/config`).',
          '• Your own choices: your region and whether crisis replies are off for you (until you delete them).',
          `• Answer feedback (👍/👎): which cards were used, never your question, kept ${Math.round(FEEDBACK_RETENTION_MS / DAY_MS)} days.`,
          '• Short-lived counters: rate limits and the crisis reply cooldown (minutes to a day).',
          '• Cached answers keyed by a hash of the question, without who asked (up to a day).',
          'Lantern never stores or logs the text of your messages or questions.',
        ].join('\n'),
      },
      {
        name: 'Delete your data',
        value:
          '`/privacy delete` removes your saved region, your crisis-reply choice and your feedback at once. `/privacy show` shows what is stored.',
      },
    ],
    footer: { text: 'Lantern is open source.' },
  };
  return { embeds: [clampEmbed(embed)], allowedMentions: NO_MENTIONS };
}
