/**
 * Checks and cleans what the model wrote before anyone sees it. The checks live in the output guard
 * (`output-guard.ts`), which reads the answer sentence by sentence; this module is its entry point for a complete
 * answer.
 */
import { guardAnswer, type GuardContext, type GuardVerdict } from './output-guard.js';

export { applySafeWording } from './output-guard.js';
export { neutralizeMentions } from '../text/neutralize-mentions.js';

export type OutputProblem = Extract<GuardVerdict, { ok: false }>['problem'];
export type ProcessedOutput = GuardVerdict;

/**
 * Validates a complete model answer against the passages it was given. `ok: false` means: do not show it; answer
 * extractively instead.
 */
export function processModelOutput(raw: string, context: GuardContext): ProcessedOutput {
  return guardAnswer(raw, context);
}
