/**
 * The crisis responder's optional second opinion: a moderation model or a chat model with a written crisis policy,
 * asked only about messages in the uncertain band (quiet readings), only in servers that turned it on, and only
 * within a time budget. Message text goes to the configured provider only then (README, "Second opinion").
 * It can turn a quiet reading into a reply; it is never asked about a rule hit, so it can never silence one.
 */

export type SecondOpinionVerdict =
  | { kind: 'risk'; /** Provider categories, e.g. "self-harm/intent" (never text). */ categories: string[] }
  | { kind: 'no_risk' }
  | { kind: 'unavailable'; reason: 'timeout' | 'error' | 'invalid' };

export interface SecondOpinion {
  /** Judges one message. Must not throw: faults are `unavailable`. The signal aborts the request on timeout. */
  judge(text: string, signal: AbortSignal): Promise<SecondOpinionVerdict>;
}

/** The longest a second opinion may take before the responder keeps its own (quiet) decision. */
export const SECOND_OPINION_BUDGET_MS = 2_500;

/** The signal id a reply prompted by a second opinion carries. */
export const SECOND_OPINION_SIGNAL = 'second_opinion.risk';
