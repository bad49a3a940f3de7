import type { CrisisLevel, CrisisResult, CrisisSubject, DetectCrisis } from '../types.js';
import { END_KEY, keyOf, parsePhrase, START_KEY, type PhraseNode } from './compile-phrase.js';
import { createPhraseMatcher, type PhraseMatch } from './create-phrase-matcher.js';
import { collectVocabulary, createWordCorrector, type CorrectKeys } from './correct-words.js';
import type { CrisisLexicon, CrisisLexiconEntry } from './lexicon-schema.js';
import { normalizeText, normalizeWords } from './normalize-text.js';

type Role =
  | { kind: 'signal'; entry: CrisisLexiconEntry }
  | { kind: 'exclusion'; informational: boolean; idiom: boolean }
  | { kind: 'sincerity' }
  | { kind: 'negation' }
  | { kind: 'pseudo_negation' };

const LEVEL_RANK: Readonly<Record<CrisisLevel, number>> = { none: 0, concern: 1, crisis: 2 };

function covers(outer: PhraseMatch, inner: PhraseMatch): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** An exclusion anchors on a signal when it covers the signal's first or last word. */
function anchors(exclusion: PhraseMatch, signal: PhraseMatch): boolean {
  const first = signal.start;
  const last = signal.end - 1;
  return (
    (exclusion.start <= first && first < exclusion.end) || (exclusion.start <= last && last < exclusion.end)
  );
}

function overlaps(a: PhraseMatch, b: PhraseMatch): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Builds the crisis detector: every lexicon phrase, exclusion and negation is compiled once into a single word
 * automaton, so detecting is one normalisation plus one pass over the message's words.
 *
 * A signal is dropped when
 * - an exclusion (idiom, title, media, recovery story) covers its first or last word: "thinking about suicide squad"
 *   and "this homework makes me want to die" are idioms, but an idiom elsewhere in the message hides nothing, and
 *   a sincerity marker anywhere in the message ("not joking", "i mean it") makes idioms stand down;
 * - an informational exclusion ("what is the suicide rate in …") overlaps it and it is about someone else; first-person
 *   signals are never dropped for being near a question;
 * - it is a first-person phrase inside a phrase about someone else ("my cousin says she wants to end it all"): the
 *   third-party signal stands instead;
 * - a negation ends at most `negations.scope` words before it with only filler words in between ("i would never
 *   ever kill myself"), or fills one of its gaps ("i am not suicidal"). Pseudo-negations ("not gonna lie") are not
 *   negations.
 *
 * The level is the highest severity that fired; the subject is that of the signals at that level (`unknown` when
 * they disagree or nothing fired). Signals are lexicon ids only, never text.
 */
export interface CrisisDetectorOptions {
  /**
   * Words of the language (lower case). With them, misspelt lexicon words and words run together are read as the
   * lexicon words they stand for ("myslef", "killmyself"); without them, words are read as typed.
   */
  knownWords?: ReadonlySet<string>;
}

export function createCrisisDetector(
  lexicon: CrisisLexicon,
  options: CrisisDetectorOptions = {},
): DetectCrisis {
  const roles: Role[] = [];
  const phrases: { id: number; nodes: PhraseNode[] }[] = [];
  const add = (patterns: readonly string[], role: Role): void => {
    const id = roles.push(role) - 1;
    for (const pattern of patterns) phrases.push({ id, nodes: parsePhrase(pattern, lexicon.macros) });
  };
  for (const entry of lexicon.entries) add(entry.phrases, { kind: 'signal', entry });
  for (const exclusion of lexicon.exclusions) {
    add(exclusion.phrases, {
      kind: 'exclusion',
      informational: exclusion.kind === 'informational',
      idiom: exclusion.kind === 'idiom',
    });
  }
  add(lexicon.negations.phrases, { kind: 'negation' });
  if (lexicon.negations.pseudo.length > 0) add(lexicon.negations.pseudo, { kind: 'pseudo_negation' });
  if (lexicon.sincerity.length > 0) add(lexicon.sincerity, { kind: 'sincerity' });

  const match = createPhraseMatcher(phrases);
  let correct: CorrectKeys | undefined;
  if (options.knownWords !== undefined) {
    const { words: vocabulary, prefixes } = collectVocabulary(phrases.map((phrase) => phrase.nodes));
    correct = createWordCorrector({ vocabulary, prefixes, knownWords: options.knownWords });
  }
  const scope = lexicon.negations.scope;
  const fillers = new Set(
    lexicon.negations.fillers
      .flatMap((phrase) => normalizeText(phrase).split(' '))
      .map((word) => keyOf(word)),
  );

  const isNegated = (
    signal: PhraseMatch,
    negations: readonly PhraseMatch[],
    keys: readonly string[],
  ): boolean => {
    for (const negation of negations) {
      if (negation.end <= signal.start && signal.start - negation.end <= scope) {
        let onlyFillers = true;
        for (let index = negation.end; index < signal.start; index += 1) {
          if (!fillers.has(keys[index] as string)) onlyFillers = false;
        }
        if (onlyFillers) return true;
      }
      for (let index = 0; index < signal.gaps.length; index += 2) {
        if (
          (signal.gaps[index] as number) <= negation.start &&
          negation.end <= (signal.gaps[index + 1] as number)
        ) {
          return true;
        }
      }
    }
    return false;
  };

  return (text, words = normalizeWords(text)) => {
    if (words.length === 0) return { level: 'none', subject: 'unknown', signals: [] };
    const typed: string[] = [START_KEY];
    for (const word of words) typed.push(keyOf(word));
    typed.push(END_KEY);
    const keys = correct === undefined ? typed : correct(typed, words);

    const signals: PhraseMatch[] = [];
    const exclusions: PhraseMatch[] = [];
    const informational: PhraseMatch[] = [];
    const negations: PhraseMatch[] = [];
    const pseudo: PhraseMatch[] = [];
    const idioms: PhraseMatch[] = [];
    let sincere = false;
    for (const found of match(keys)) {
      const role = roles[found.id] as Role;
      if (role.kind === 'signal') signals.push(found);
      else if (role.kind === 'exclusion')
        (role.informational ? informational : role.idiom ? idioms : exclusions).push(found);
      else if (role.kind === 'negation') negations.push(found);
      else if (role.kind === 'sincerity') sincere = true;
      else pseudo.push(found);
    }
    if (!sincere) exclusions.push(...idioms);
    const realNegations = negations.filter((negation) => !pseudo.some((fake) => covers(fake, negation)));
    const none: CrisisResult =
      exclusions.length > 0 || informational.length > 0
        ? { level: 'none', subject: 'unknown', signals: [], guarded: true }
        : { level: 'none', subject: 'unknown', signals: [] };
    if (signals.length === 0) return none;

    const aboutOthers = signals.filter(
      (signal) => (roles[signal.id] as Extract<Role, { kind: 'signal' }>).entry.subject === 'other',
    );
    const fired = new Map<string, CrisisLexiconEntry>();
    for (const signal of signals) {
      const entry = (roles[signal.id] as Extract<Role, { kind: 'signal' }>).entry;
      if (fired.has(entry.id)) continue;
      if (exclusions.some((exclusion) => anchors(exclusion, signal))) continue;
      if (entry.subject === 'other' && informational.some((info) => overlaps(info, signal))) continue;
      if (entry.subject === 'self' && aboutOthers.some((other) => anchors(other, signal))) continue;
      if (isNegated(signal, realNegations, keys)) continue;
      fired.set(entry.id, entry);
    }
    if (fired.size === 0) return signals.length > 0 ? { ...none, guarded: true } : none;

    let level: CrisisLevel = 'concern';
    for (const entry of fired.values()) if (entry.severity === 'crisis') level = 'crisis';
    const subjects = new Set<CrisisSubject>();
    for (const entry of fired.values())
      if (LEVEL_RANK[entry.severity] === LEVEL_RANK[level]) subjects.add(entry.subject);
    const subject: CrisisSubject = subjects.size === 1 ? ([...subjects][0] as CrisisSubject) : 'unknown';
    return { level, subject, signals: [...fired.keys()] } satisfies CrisisResult;
  };
}
