import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CrisisLexicon } from '../core/crisis/lexicon-schema.js';
import type { RiskModel } from '../core/crisis/risk-classifier.js';
import { KnowledgeError } from '../core/knowledge/card-schema.js';
import type { Problem } from '../core/knowledge/card-schema.js';
import { validateKnowledge } from '../core/knowledge/validate-knowledge.js';
import type { ClaimCount } from '../core/knowledge/validate-knowledge.js';
import type { Card, HotlineDirectory } from '../core/types.js';
import { loadCards } from './load-cards.js';
import { HOTLINES_FILE, loadHotlines } from './load-hotlines.js';
import { LEXICON_FILE, loadLexicon } from './load-lexicon.js';
import { loadRiskModel, RISK_MODEL_FILE } from './load-risk-model.js';

/** Everything the bot knows, checked, with a version that changes whenever any knowledge file does. */
export interface KnowledgeBase {
  cards: Card[];
  hotlines: HotlineDirectory;
  lexicon: CrisisLexicon;
  /** The crisis responder's second stage (scripts/train-risk-model.ts). */
  riskModel: RiskModel;
  /** First 12 hex digits of a SHA-256 over every knowledge file's path and content. */
  version: string;
  /** Problems that do not stop the bot (a card due for review); worth logging as a count at startup. */
  warnings: Problem[];
}

/** The knowledge as far as it loads, with every problem found: what `lantern knowledge check` prints. */
export interface KnowledgeInspection {
  cards: Card[];
  hotlines?: HotlineDirectory;
  lexicon?: CrisisLexicon;
  riskModel?: RiskModel;
  version: string;
  errors: Problem[];
  warnings: Problem[];
  /** Claims (numbers, dates, regulatory statements) in the cards, and how many have a primary source. */
  claims: ClaimCount;
}

export interface LoadKnowledgeOptions {
  /** The date card reviews and hotline checks are measured against (default: now). */
  today?: string | Date;
  /** `'strict'` for the scheduled freshness check: aged reviews become errors. Default `'warn'`. */
  age?: 'warn' | 'strict';
}

/**
 * Loads cards, hotlines and the crisis lexicon from `dir` and checks them together.
 *
 * @throws KnowledgeError (a `UserError`) naming each file and problem when anything is invalid: the bot must not
 * start on broken knowledge (a wrong hotline or a missing lexicon is a real harm).
 */
export async function loadKnowledge(dir: string, options: LoadKnowledgeOptions = {}): Promise<KnowledgeBase> {
  const inspection = await inspectKnowledge(dir, options);
  const { cards, hotlines, lexicon, riskModel, version, errors, warnings } = inspection;
  if (errors.length > 0 || hotlines === undefined || lexicon === undefined || riskModel === undefined) {
    throw new KnowledgeError(
      errors,
      `The knowledge in ${dir} has ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}; run \`lantern knowledge check\``,
    );
  }
  return { cards, hotlines, lexicon, riskModel, version, warnings };
}

/** Loads and checks everything in `dir`, collecting problems instead of stopping at the first. */
export async function inspectKnowledge(
  dir: string,
  options: LoadKnowledgeOptions = {},
): Promise<KnowledgeInspection> {
  const [{ cards, problems }, hotlines, lexicon, riskModel, version] = await Promise.all([
    loadCards(dir),
    attempt(() => loadHotlines(dir), dir, HOTLINES_FILE),
    attempt(() => loadLexicon(dir), dir, LEXICON_FILE),
    attempt(() => loadRiskModel(dir), dir, RISK_MODEL_FILE),
    hashKnowledge(dir),
  ]);
  const { errors, warnings, claims } = validateKnowledge(
    {
      cards,
      parseProblems: [...problems, ...hotlines.problems],
      ...(hotlines.value === undefined ? {} : { hotlines: hotlines.value }),
      lexiconProblems: [...lexicon.problems, ...riskModel.problems],
    },
    { today: options.today ?? new Date(), ...(options.age === undefined ? {} : { age: options.age }) },
  );
  return {
    cards,
    ...(hotlines.value === undefined ? {} : { hotlines: hotlines.value }),
    ...(lexicon.value === undefined ? {} : { lexicon: lexicon.value }),
    ...(riskModel.value === undefined ? {} : { riskModel: riskModel.value }),
    version,
    errors,
    warnings,
    claims,
  };
}

/**
 * Runs the hotline or lexicon loader and turns its failure into problems on `file`. Those loaders report invalid
 * data by throwing an error whose message starts with the file's path and lists one problem per indented line; each
 * line becomes one problem so that the checker prints them like card problems.
 */
async function attempt<T>(
  load: () => Promise<T>,
  dir: string,
  file: string,
): Promise<{ value?: T; problems: Problem[] }> {
  try {
    return { value: await load(), problems: [] };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const listed = problemsOf(error);
    if (listed !== undefined && listed.length > 0) return { problems: listed };
    return {
      problems: splitMessage(error.message, path.join(dir, file)).map((message) => ({ file, message })),
    };
  }
}

function problemsOf(error: Error): Problem[] | undefined {
  if (!('problems' in error) || !Array.isArray(error.problems)) return undefined;
  return (error.problems as unknown[]).filter(
    (problem): problem is Problem =>
      typeof problem === 'object' &&
      problem !== null &&
      typeof (problem as Problem).file === 'string' &&
      typeof (problem as Problem).message === 'string',
  );
}

/** `"<path>: invalid data:\n  - a: b\n  - c: d"` → `["a: b", "c: d"]`; a one-line message stays whole. */
function splitMessage(message: string, fullPath: string): string[] {
  const [first = '', ...rest] = message.split('\n');
  const listed = rest.map((line) => line.trim().replace(/^- /, '')).filter((line) => line !== '');
  if (listed.length > 0) return listed;
  const withoutPath = first.startsWith(`${fullPath}: `) ? first.slice(fullPath.length + 2) : first;
  return [withoutPath === '' ? 'could not be loaded' : withoutPath];
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/** Hashes every file under `dir` (path and content, in path order), skipping dotfiles such as .DS_Store. */
async function hashKnowledge(dir: string): Promise<string> {
  const files = await listFiles(dir, '');
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(dir, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

async function listFiles(root: string, relative: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(root, relative), { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(root, child)));
    else if (entry.isFile()) files.push(child);
  }
  return files;
}
