import { z } from 'zod';
import { UserError } from '../errors.js';
import { MAX_GAP, parsePhrase, PhraseSyntaxError } from './compile-phrase.js';
import { createPhraseMatcher } from './create-phrase-matcher.js';

export const LEXICON_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'] as const;
export const SIGNAL_CATEGORIES = [
  'direct',
  'passive',
  'plan_means',
  'self_harm',
  'third_party',
  'help_seeking',
] as const;
/**
 * What an exclusion covers. `informational` (statistics, awareness, general questions) only suppresses signals
 * about other people: "what is the suicide rate, i want to die" still fires.
 */
export const EXCLUSION_KINDS = ['idiom', 'name', 'media', 'informational', 'recovery'] as const;

const ID = z
  .string()
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'ids are dotted lower-case words, e.g. "direct.en.want_to_die"');
const PHRASES = z.array(z.string().min(1)).min(1);

/**
 * Where a signal comes from: `phrase` entries are written phrase by phrase; `concept` entries are compiled from a
 * window rule (concept lists within a few words of each other) and are left out of Discord AutoMod, whose keyword
 * list cannot hold their combinations.
 */
export const SIGNAL_LAYERS = ['phrase', 'concept'] as const;

const SIGNAL_ENTRY = z.object({
  id: ID,
  lang: z.enum(LEXICON_LANGUAGES),
  category: z.enum(SIGNAL_CATEGORIES),
  severity: z.enum(['crisis', 'concern']),
  subject: z.enum(['self', 'other']),
  phrases: PHRASES,
  layer: z.enum(SIGNAL_LAYERS).default('phrase'),
  /**
   * false keeps a phrase entry out of Discord AutoMod: for long-tail phrasings learnt from one author's messages,
   * which would otherwise take keyword slots (1,000 per rule, shared round-robin) from the core phrases.
   */
  automod: z.boolean().default(true),
});

const CONCEPT_NAME = z.string().regex(/^[a-z0-9_]+$/);

/**
 * A window rule: each sequence is a list of steps (phrase syntax, concepts as `<name>`), consecutive steps at most
 * `within` words apart. It compiles to ordinary phrases, so exclusions and negations apply to it unchanged.
 */
const WINDOW_ENTRY = z.object({
  id: ID,
  lang: z.enum(LEXICON_LANGUAGES),
  category: z.enum(SIGNAL_CATEGORIES),
  severity: z.enum(['crisis', 'concern']),
  subject: z.enum(['self', 'other']),
  within: z.number().int().min(0).max(MAX_GAP),
  sequences: z.array(z.array(z.string().min(1)).min(1)).min(1),
});

const EXCLUSION_ENTRY = z.object({
  id: ID,
  lang: z.enum(LEXICON_LANGUAGES),
  kind: z.enum(EXCLUSION_KINDS),
  phrases: PHRASES,
});

const LEXICON_SCHEMA = z.object({
  version: z.number().int().positive(),
  macros: z.record(z.string().regex(/^[a-z0-9_]+$/), z.string().min(1)).default({}),
  entries: z.array(SIGNAL_ENTRY).min(1),
  /** Named word lists for window rules, each item in phrase syntax ("kill <self>", "not be here"). */
  concepts: z.record(CONCEPT_NAME, z.array(z.string().min(1)).min(1)).default({}),
  windows: z.array(WINDOW_ENTRY).default([]),
  exclusions: z.array(EXCLUSION_ENTRY).default([]),
  negations: z.object({
    /** Most words allowed between the end of a negation and the start of the phrase it negates. */
    scope: z.number().int().min(0).max(4),
    phrases: PHRASES,
    /** Look like negations but are not ("not gonna lie", "not kidding"). */
    pseudo: z.array(z.string().min(1)).default([]),
    /**
     * The only words that may stand between a negation and its phrase ("never *ever* kill myself", "not *going to*
     * kill myself"); any other word ends the scope, so "i'm not ok i want to die" still fires.
     */
    fillers: z.array(z.string().min(1)).default([]),
  }),
  /**
   * Sincerity markers ("not joking", "i mean it"): when one is anywhere in the message, idiom exclusions stand down,
   * so "this homework… i want to kill myself, not joking" fires. Names, media, recovery and informational
   * exclusions still apply.
   */
  sincerity: z.array(z.string().min(1)).default([]),
  /**
   * Single words that name a means or an act of self-harm ("rope", "noose", "razor", "sleeves"). They fire nothing
   * on their own; a message the risk model reads as uncertain (the quiet band) that contains one gets a public reply
   * (src/core/responder/read-crisis.ts).
   */
  quiet_cues: z.array(z.string().regex(/^[a-z]+$/, 'one lower-case word')).default([]),
  automod: z
    .object({
      /** Hand-written Rust-syntax regexes for Discord AutoMod (obfuscated spellings), each ≤ 260 characters. */
      regexes: z.array(z.string().min(1).max(260)).max(10).default([]),
    })
    .default({ regexes: [] }),
});

/** The crisis lexicon (knowledge/crisis-lexicon.yaml) after validation. */
export type CrisisLexicon = z.infer<typeof LEXICON_SCHEMA>;
export type CrisisLexiconEntry = CrisisLexicon['entries'][number];
export type CrisisExclusion = CrisisLexicon['exclusions'][number];
export type CrisisWindow = CrisisLexicon['windows'][number];

/** The phrases a window rule compiles to: its steps joined by gaps of 0 to `within` words. */
export function compileWindow(window: CrisisWindow): string[] {
  const joint = window.within === 0 ? ' ' : ` {0,${window.within}} `;
  return window.sequences.map((steps) => steps.map((step) => `(${step})`).join(joint));
}

function describePath(raw: unknown, path: readonly PropertyKey[]): string {
  const [list, index] = path;
  let label = '';
  if ((list === 'entries' || list === 'exclusions' || list === 'windows') && typeof index === 'number') {
    const item = (raw as Record<string, unknown[] | undefined> | null)?.[list]?.[index];
    const id = (item as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') label = ` (${id})`;
  }
  return path
    .map((part, position) => {
      const text = typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
      return position === 1 ? `${text}${label}` : text;
    })
    .join('')
    .replace(/^\./, '');
}

/**
 * Validates a parsed lexicon file: shape, unique ids, and that every phrase compiles. Concepts become macros and
 * window rules become `concept`-layer entries, so the detector compiles both layers into one automaton.
 *
 * @throws UserError (code `invalid_lexicon`) listing every problem with the file, the entry id and the phrase.
 */
export function parseLexicon(raw: unknown, file: string): CrisisLexicon {
  const parsed = LEXICON_SCHEMA.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${describePath(raw, issue.path)}: ${issue.message}`,
    );
    throw new UserError(`${file}: invalid crisis lexicon:\n${problems.join('\n')}`, 'invalid_lexicon');
  }
  const problems: string[] = [];
  const macros: Record<string, string> = { ...parsed.data.macros };
  for (const [name, words] of Object.entries(parsed.data.concepts)) {
    if (name in macros) problems.push(`  concepts.${name}: a macro has the same name`);
    macros[name] = words.join('|');
  }
  const lexicon: CrisisLexicon = {
    ...parsed.data,
    macros,
    entries: [
      ...parsed.data.entries,
      ...parsed.data.windows.map((window) => ({
        id: window.id,
        lang: window.lang,
        category: window.category,
        severity: window.severity,
        subject: window.subject,
        layer: 'concept' as const,
        automod: false,
        phrases: compileWindow(window),
      })),
    ],
  };
  const seen = new Set<string>();
  const check = (where: string, phrase: string): void => {
    try {
      createPhraseMatcher([{ id: 0, nodes: parsePhrase(phrase, lexicon.macros) }]);
    } catch (error) {
      if (!(error instanceof PhraseSyntaxError)) throw error;
      problems.push(`  ${where}: phrase "${phrase}": ${error.message}`);
    }
  };
  for (const item of [...lexicon.entries, ...lexicon.exclusions]) {
    if (seen.has(item.id)) problems.push(`  ${item.id}: duplicate id`);
    seen.add(item.id);
    for (const phrase of item.phrases) check(item.id, phrase);
  }
  for (const phrase of [...lexicon.negations.phrases, ...lexicon.negations.pseudo])
    check('negations', phrase);
  for (const [name, macro] of Object.entries(lexicon.macros)) check(`macros.${name}`, `x (${macro}) x`);
  if (problems.length > 0) {
    throw new UserError(`${file}: invalid crisis lexicon:\n${problems.join('\n')}`, 'invalid_lexicon');
  }
  return lexicon;
}
