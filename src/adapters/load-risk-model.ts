import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { parseRiskModel, type RiskModel } from '../core/crisis/risk-classifier.js';

/** File name of the crisis responder's second-stage model inside the knowledge directory. */
export const RISK_MODEL_FILE = 'crisis-risk-model.json';

/**
 * Reads and validates `${dir}/crisis-risk-model.json` (written by `scripts/train-risk-model.ts`).
 *
 * @throws UserError when the file is missing, is not JSON, or fails the model schema.
 */
export async function loadRiskModel(dir: string): Promise<RiskModel> {
  const file = path.join(dir, RISK_MODEL_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(
      `Cannot read the crisis risk model at ${file} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`,
      'risk_model_missing',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`, 'invalid_risk_model');
  }
  return parseRiskModel(raw, file);
}
