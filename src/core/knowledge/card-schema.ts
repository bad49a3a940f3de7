import { parseDocument } from 'yaml';
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { Card } from '../types.js';

/** One thing wrong with a knowledge file, precise enough to fix without hunting. */
export type Problem = { file: string; where?: string; message: string };

/**
 * Knowledge that cannot be used as it stands. It is a `UserError` because the people who see it (content editors
 * running `lantern knowledge check`, an operator starting the bot) can act on every problem it lists.
 */
export class KnowledgeError extends UserError {
  constructor(
    readonly problems: Problem[],
    headline = 'The knowledge files have problems',
  ) {
    super(`${headline}:\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`, 'invalid_knowledge');
  }
}

/** `file: where: message`, the one format every knowledge problem is printed in. */
export function formatProblem(problem: Problem): string {
  return problem.where === undefined
    ? `${problem.file}: ${problem.message}`
    : `${problem.file}: ${problem.where}: ${problem.message}`;
}

export const CARD_KINDS = ['fact', 'myth', 'guide'] as const;
export const VERDICTS = ['False', 'Misleading', 'Partly true', 'Outdated'] as const;
export const MAX_SUMMARY_LENGTH = 300;

/** YYYY, YYYY-MM or YYYY-MM-DD, with real months and days. */
export const PARTIAL_DATE_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const FULL_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const KEBAB_CASE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Says "x is missing" for an absent field and `otherwise` for a present one of the wrong shape. */
const missingOr = (what: string, otherwise: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `${what} is missing` : otherwise;

const requiredText = (what: string) => z.string({ error: missingOr(what, `${what} must be text`) }).trim();

const textList = (what: string) =>
  z
    .array(requiredText(`each ${what} entry`).min(1, `${what} entries must not be empty`), {
      error: `${what} must be a list, e.g. [a, b]`,
    })
    .default([]);

const httpsUrl = requiredText('url').refine(isHttpsUrl, 'url must be a full https:// address');

const sourceSchema = z.strictObject(
  {
    id: requiredText('id').regex(KEBAB_CASE_PATTERN, 'id must be a short kebab-case slug, e.g. fda-2019'),
    title: requiredText('title').min(1, 'title is empty'),
    publisher: requiredText('publisher').min(1, 'publisher is empty'),
    url: httpsUrl,
    date: requiredText('date').regex(PARTIAL_DATE_PATTERN, 'date must be YYYY, YYYY-MM or YYYY-MM-DD'),
    secondary: z
      .enum(['true', 'false'], { error: 'secondary must be true or false' })
      .transform((value) => value === 'true')
      .optional(),
  },
  { error: 'each source must be a mapping with id, title, publisher, url and date' },
);

const frontMatterSchema = z.strictObject({
  id: requiredText('id').regex(KEBAB_CASE_PATTERN, 'id must be kebab-case (a-z, 0-9 and -)'),
  title: requiredText('title').min(1, 'title is empty'),
  kind: z.enum(CARD_KINDS, { error: missingOr('kind', `kind must be one of ${CARD_KINDS.join(', ')}`) }),
  tags: textList('tags'),
  aliases: textList('aliases'),
  summary: requiredText('summary')
    .min(1, 'summary is empty')
    .max(MAX_SUMMARY_LENGTH, `summary must be at most ${MAX_SUMMARY_LENGTH} characters`),
  myth: requiredText('myth').optional(),
  verdict: z.enum(VERDICTS, { error: `verdict must be one of ${VERDICTS.join(', ')}` }).optional(),
  related: textList('related'),
  sources: z.array(sourceSchema, { error: missingOr('sources', 'sources must be a list of sources') }),
  reviewed: requiredText('reviewed').regex(FULL_DATE_PATTERN, 'reviewed must be a date, YYYY-MM-DD'),
  /** For reviewers, never shown: what was left out because it could not be verified, what still needs checking. */
  review_note: requiredText('review_note').optional(),
});

/**
 * Parses one card file (YAML front matter between `---` lines, then a Markdown body) into a `Card`.
 *
 * @param file - path relative to the knowledge directory, e.g. `cards/ketamine-what-it-is.md`; named in problems.
 * @throws KnowledgeError listing every problem in the file at once, so that one run of the checker is enough.
 */
export function parseCardFile(file: string, text: string): Card {
  const problems: Problem[] = [];
  const report = (message: string, where?: string) =>
    problems.push(where === undefined ? { file, message } : { file, where, message });

  const split = splitFrontMatter(text);
  if (split === undefined) {
    throw new KnowledgeError(
      [{ file, message: 'the file must start with YAML front matter between two "---" lines' }],
      `${file} is not a valid card`,
    );
  }

  const document = parseDocument(split.frontMatter, { schema: 'failsafe' });
  for (const error of document.errors) {
    // linePos counts from 1 within the front matter, which starts on the file's second line.
    const line = error.linePos?.[0].line;
    const message = (error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, '');
    report(`YAML: ${message}`, line === undefined ? 'front matter' : `line ${line + 1}`);
  }
  const raw: unknown = document.errors.length === 0 ? document.toJS() : undefined;
  if (document.errors.length === 0 && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    report('the front matter must be a YAML mapping (key: value lines)', 'front matter');
  }
  if (problems.length > 0) throw new KnowledgeError(problems, `${file} is not a valid card`);

  const parsed = frontMatterSchema.safeParse(dropEmptyScalars(raw as Record<string, unknown>));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) report('unknown field (check its spelling)', formatPath([...issue.path, key]));
      } else {
        report(issue.message, formatPath(issue.path));
      }
    }
  }

  const body = split.body.trim();
  if (body.length === 0) report('the card has no body under the front matter', 'body');
  if (!parsed.success) throw new KnowledgeError(problems, `${file} is not a valid card`);

  const data = parsed.data;
  const seenSourceIds = new Set<string>();
  data.sources.forEach((source, index) => {
    if (seenSourceIds.has(source.id)) report(`source id "${source.id}" is used twice in this card`, `sources[${index}].id`);
    seenSourceIds.add(source.id);
  });
  const expectedId = fileStem(file);
  if (data.id !== expectedId) report(`id "${data.id}" must equal the file name "${expectedId}"`, 'id');
  if (data.kind === 'myth') {
    if (data.myth === undefined) report('a myth card needs the myth as people state it', 'myth');
    if (data.verdict === undefined) report(`a myth card needs a verdict (${VERDICTS.join(', ')})`, 'verdict');
  } else {
    if (data.myth !== undefined) report(`only myth cards have a myth; this card's kind is ${data.kind}`, 'myth');
    if (data.verdict !== undefined) report(`only myth cards have a verdict; this card's kind is ${data.kind}`, 'verdict');
  }
  if (problems.length > 0) throw new KnowledgeError(problems, `${file} is not a valid card`);

  return {
    id: data.id,
    title: data.title,
    kind: data.kind,
    tags: data.tags,
    aliases: data.aliases,
    summary: data.summary,
    sources: data.sources.map(({ secondary, ...source }) => (secondary === true ? { ...source, secondary } : source)),
    reviewed: data.reviewed,
    ...(data.review_note === undefined ? {} : { reviewNote: data.review_note }),
    ...(data.myth === undefined ? {} : { myth: data.myth }),
    ...(data.verdict === undefined ? {} : { verdict: data.verdict }),
    related: data.related,
    body,
    file,
  };
}

/** Splits `---\n<yaml>\n---\n<body>`; tolerates a byte-order mark and Windows line endings. */
function splitFrontMatter(text: string): { frontMatter: string; body: string } | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return undefined;
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end === -1) return undefined;
  return { frontMatter: lines.slice(1, end).join('\n'), body: lines.slice(end + 1).join('\n') };
}

/** `myth:` with nothing after it is the same as leaving the field out. */
function dropEmptyScalars(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== '' && value !== null));
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out === '' ? 'front matter' : out;
}

function fileStem(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return name.endsWith('.md') ? name.slice(0, -3) : name;
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.includes('.');
  } catch {
    return false;
  }
}
