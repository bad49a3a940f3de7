/**
 * The model's time limits, defined once. `LLM_TIMEOUT_MS` (default {@link DEFAULT_MODEL_TIMEOUT_MS}) bounds each
 * attempt until the server starts answering, and the longest silence inside a stream (src/adapters/openai-model.ts).
 * The whole answer, retries included, gets that plus {@link ANSWER_DEADLINE_MARGIN_MS} (src/core/answer/create-answerer.ts)
 * before the cards answer instead.
 */

export const DEFAULT_MODEL_TIMEOUT_MS = 20_000;

/** Room for a retry's backoff and the last sentences after the model's own timeout. */
export const ANSWER_DEADLINE_MARGIN_MS = 5_000;

/** The deadline of a whole model answer, for a model with this per-attempt timeout. */
export function answerDeadlineMs(modelTimeoutMs: number = DEFAULT_MODEL_TIMEOUT_MS): number {
  return modelTimeoutMs + ANSWER_DEADLINE_MARGIN_MS;
}
