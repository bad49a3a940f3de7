import { describe, expect, test } from 'vitest';
import { createCrisisDetector } from '../../../src/core/crisis/detect-crisis.js';
import { parseLexicon } from '../../../src/core/crisis/lexicon-schema.js';
import { loadRealLexicon } from './load-real-lexicon.js';

const detect = createCrisisDetector(loadRealLexicon());

describe('createCrisisDetector with the shipped lexicon', () => {
  test.each([
    ['i want to end it all', 'crisis', 'self', 'direct.en.end_my_life'],
    ['i want to die', 'crisis', 'self', 'direct.en.want_to_die'],
    ['wanna die', 'crisis', 'self', 'direct.en.want_to_die'],
    ['im suicidal', 'crisis', 'self', 'direct.en.suicidal'],
    ['gonna kms', 'crisis', 'self', 'direct.en.kill_myself'],
    ['i wish i was dead', 'crisis', 'self', 'passive.en.wish_dead'],
    ["i don't want to wake up tomorrow", 'crisis', 'self', 'passive.en.not_wake_up'],
    ['everyone would be better off without me', 'crisis', 'self', 'passive.en.burden'],
    ['i have the pills ready', 'crisis', 'self', 'plan_means.en.pills'],
    ['i wrote my note', 'crisis', 'self', 'plan_means.en.note'],
    ['this is my last message', 'crisis', 'self', 'plan_means.en.goodbye'],
    ['i want to cut myself', 'crisis', 'self', 'self_harm.en.urge'],
    ["i need help i can't do this anymore", 'concern', 'self', 'help_seeking.en.cant_go_on'],
    ['my son is talking about suicide', 'concern', 'other', 'third_party.en.ideation'],
    ['my friend says she will kill herself tonight', 'crisis', 'other', 'third_party.en.imminent'],
    ['quiero morir', 'crisis', 'self', 'direct.es.quiero_morir'],
    ['je veux mourir', 'crisis', 'self', 'direct.fr.veux_mourir'],
    ['ich will sterben', 'crisis', 'self', 'direct.de.will_sterben'],
    ['quero morrer', 'crisis', 'self', 'direct.pt.quero_morrer'],
    ['||i w4nt t0 d1e||', 'crisis', 'self', 'direct.en.want_to_die'],
    ['s u i c i d a l', 'crisis', 'self', 'direct.en.suicidal'],
  ])('%j fires %s (%s) with %s', (text, level, subject, signal) => {
    const result = detect(text);
    expect(result.level).toBe(level);
    expect(result.subject).toBe(subject);
    expect(result.signals).toContain(signal);
  });

  test.each([
    ['this homework is killing me'],
    ['so much homework i just wanna kill myself'],
    ['im dead 😂'],
    ['dying of laughter'],
    ['kill the process then kill -9 it'],
    ['suicide squad was mid'],
    ['thinking about suicide squad 2'],
    ['cars with suicide doors'],
    ['killing it today'],
    ['this cake is to die for'],
    ['i died laughing'],
    ['my phone died'],
    ['dead tired'],
    ['in the book the character wants to kill himself'],
    ['what is the suicide rate in japan'],
    ['suicide prevention month'],
    ['what are the warning signs of suicide'],
    ["i used to want to die but i'm doing better now"],
    ['5 years since my attempt, still here'],
    ["i'm not suicidal"],
    ['i would never kill myself'],
    ['not that i want to die'],
    ['die'],
    ['kill'],
    ['suicide'],
    ['dead'],
    ['kys'],
  ])('%j does not fire', (text) => {
    expect(detect(text)).toEqual({ level: 'none', subject: 'unknown', signals: [] });
  });

  test('an idiom elsewhere in the message does not hide a real signal', () => {
    expect(detect('this homework is killing me and honestly i want to die').level).toBe('crisis');
  });

  test('an informational question does not hide a first-person statement', () => {
    expect(detect('what is the suicide rate, i want to die')).toMatchObject({
      level: 'crisis',
      subject: 'self',
    });
  });

  test('a negation needs to be next to the phrase: "not ok" does not negate "i want to die"', () => {
    expect(detect("i'm not ok i want to die").level).toBe('crisis');
  });

  test('pseudo-negations are not negations', () => {
    expect(detect('not gonna lie i want to die').level).toBe('crisis');
  });

  test('the subject comes from the signals at the highest level', () => {
    expect(detect('my friend is suicidal and honestly i want to die too')).toMatchObject({
      level: 'crisis',
      subject: 'self',
    });
  });

  test('a first-person phrase inside a sentence about someone else counts for them, not for the writer', () => {
    expect(detect('my cousin posted that she wants to end it all')).toMatchObject({
      level: 'concern',
      subject: 'other',
      signals: ['third_party.en.ideation'],
    });
  });

  test('returns lexicon ids only, never text from the message', () => {
    const result = detect('i want to die, my name is Alex');
    for (const signal of result.signals) expect(signal).toMatch(/^[a-z_]+\.[a-z]{2}\.[a-z_]+$/);
    expect(JSON.stringify(result)).not.toContain('Alex');
  });
});

describe('createCrisisDetector with a small lexicon', () => {
  const lexicon = parseLexicon(
    {
      version: 1,
      macros: { self: '(myself|me)' },
      entries: [
        {
          id: 'a.en.x',
          lang: 'en',
          category: 'direct',
          severity: 'crisis',
          subject: 'self',
          phrases: ['hurt <self> {0,2} tonight'],
        },
        {
          id: 'b.en.y',
          lang: 'en',
          category: 'third_party',
          severity: 'concern',
          subject: 'other',
          phrases: ['he is sad'],
        },
        {
          id: 'c.en.z',
          lang: 'en',
          category: 'plan_means',
          severity: 'crisis',
          subject: 'self',
          phrases: ['took # pills'],
        },
      ],
      exclusions: [
        { id: 'x.en.idiom', lang: 'en', kind: 'idiom', phrases: ['hurt myself laughing tonight'] },
      ],
      negations: { scope: 1, phrases: ['never'], fillers: ['really'] },
    },
    'test.yaml',
  );
  const small = createCrisisDetector(lexicon);

  test.each([
    ['gaps skip up to their maximum', 'hurt myself so badly tonight', 'crisis'],
    ['gaps do not skip further', 'hurt myself so very badly tonight', 'none'],
    ['macros expand', 'hurt me tonight', 'crisis'],
    ['an exclusion covering the phrase drops it', 'hurt myself laughing tonight', 'none'],
    ['a negation just before drops it', 'never hurt myself tonight', 'none'],
    ['a filler may stand between negation and phrase', 'never really hurt myself tonight', 'none'],
    ['other words end the negation scope', 'never mind, hurt myself tonight', 'crisis'],
    ['# needs a number of ten or more', 'took 2 pills', 'none'],
    ['# accepts large numbers', 'took 30 pills', 'crisis'],
    ['a concern-level entry gives concern', 'he is sad', 'concern'],
  ])('%s', (_name, text, level) => {
    expect(small(text).level).toBe(level);
  });

  test('the subject is unknown when the top-level signals disagree', () => {
    const mixed = createCrisisDetector({
      ...lexicon,
      entries: lexicon.entries.map((entry) => ({ ...entry, severity: 'crisis' as const })),
    });
    expect(mixed('he is sad and took 20 pills')).toEqual({
      level: 'crisis',
      subject: 'unknown',
      signals: ['b.en.y', 'c.en.z'],
    });
  });
});
