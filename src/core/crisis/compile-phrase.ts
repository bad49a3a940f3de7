import { normalizeText } from './normalize-text.js';

/**
 * The lexicon's phrase syntax, parsed into a small tree over normalised words.
 *
 * - `want to die`: words in order, adjacent. Each word is normalised like a message ("can't" → "can not").
 * - `(want to|wanna|need to)`: alternatives, each a word sequence; groups nest.
 * - `word?` / `(a b)?`: optional word or group.
 * - `{0,2}`: a gap of 0 to 2 arbitrary words (at most {@link MAX_GAP}); never first or last.
 * - `suicid*`: a word prefix (at least 4 letters before the star).
 * - `<name>`: a macro from the lexicon's `macros` map, itself written in this syntax.
 * - `#`: a whole number of ten or more ("took 30 …").
 * - `^` / `$`: the start / end of the message ("^ want to die" is first person even without "i").
 *
 * Words are compared by their "key": the normalised word with doubled letters squeezed ("kill" → "kil"), so that
 * "killl", "diiie" and "kil" match like the words they stretch or misspell.
 */

/** Longest gap a phrase may declare: longer gaps join unrelated clauses and cause false alarms. */
export const MAX_GAP = 4;
const MIN_PREFIX_LENGTH = 4;
const DOUBLED = /(\p{L})\1+/gu;

/** Keys of the sentinels the detector puts around every message (normalised text never contains them). */
export const START_KEY = '^';
export const END_KEY = '$';

/**
 * The comparison key of normalised text: doubled letters squeezed ("kill" → "kil"). Works on whole messages too
 * (spaces are never doubled in normalised text). A loop, because backreference regexes are slow on every message.
 */
export function keyOf(text: string): string {
  let previous = -1;
  let doubled = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === previous && code !== 32 && !isDigit(code)) {
      doubled = true;
      break;
    }
    previous = code;
  }
  return doubled ? text.replace(DOUBLED, '$1') : text;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A parsed phrase: the syntax tree the matcher compiles into its automaton. */
export type PhraseNode =
  | { kind: 'word'; keys: string[]; surface: string }
  | { kind: 'prefix'; key: string; surface: string }
  | { kind: 'gap'; min: number; max: number }
  | { kind: 'count' }
  | { kind: 'edge'; key: string }
  | { kind: 'group'; alternatives: PhraseNode[][]; optional: boolean };

type Node = PhraseNode;

/** A phrase that cannot be compiled; the schema turns it into a message naming the lexicon entry. */
export class PhraseSyntaxError extends Error {
  override readonly name = 'PhraseSyntaxError';
}

const TOKEN = /\s*(\(|\)|\||\?|\{\s*\d+\s*,\s*\d+\s*\}|<[a-z0-9_]+>|#|\^|\$|[^\s()|?{}<>#^$]+)/gy;

function tokenize(pattern: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let index = 0;
  while (index < pattern.length) {
    if (pattern.slice(index).trim() === '') break;
    TOKEN.lastIndex = index;
    const match = TOKEN.exec(pattern);
    if (!match?.[1]) throw new PhraseSyntaxError(`unexpected "${pattern.slice(index, index + 10)}"`);
    tokens.push(match[1]);
    index = TOKEN.lastIndex;
  }
  return tokens;
}

function parse(pattern: string, macros: Readonly<Record<string, string>>, depth: number): Node[] {
  if (depth > 4) throw new PhraseSyntaxError('macros nest too deeply');
  const tokens = tokenize(pattern);
  let position = 0;

  function parseAlternatives(): Node[][] {
    const alternatives: Node[][] = [parseSequence()];
    while (tokens[position] === '|') {
      position += 1;
      alternatives.push(parseSequence());
    }
    return alternatives;
  }

  function parseSequence(): Node[] {
    const nodes: Node[] = [];
    for (let token = tokens[position]; token !== undefined; token = tokens[position]) {
      if (token === ')' || token === '|') break;
      position += 1;
      let node: Node;
      if (token === '(') {
        const alternatives = parseAlternatives();
        if (tokens[position] !== ')') throw new PhraseSyntaxError('missing ")"');
        position += 1;
        node = { kind: 'group', alternatives, optional: false };
      } else if (token === '?') {
        throw new PhraseSyntaxError('"?" must follow a word or a group');
      } else if (token.startsWith('{')) {
        const [min = 0, max = 0] = token
          .slice(1, -1)
          .split(',')
          .map((part) => Number(part.trim()));
        if (min > max || max > MAX_GAP || max === 0) {
          throw new PhraseSyntaxError(`gap ${token} must satisfy min ≤ max, 1 ≤ max ≤ ${MAX_GAP}`);
        }
        node = { kind: 'gap', min, max };
      } else if (token.startsWith('<')) {
        const name = token.slice(1, -1);
        const macro = macros[name];
        if (macro === undefined) throw new PhraseSyntaxError(`unknown macro <${name}>`);
        node = { kind: 'group', alternatives: [parse(macro, macros, depth + 1)], optional: false };
      } else if (token === '#') {
        node = { kind: 'count' };
      } else if (token === '^' || token === '$') {
        node = { kind: 'edge', key: token === '^' ? START_KEY : END_KEY };
      } else if (token.endsWith('*')) {
        const raw = token.slice(0, -1);
        if (raw.length < MIN_PREFIX_LENGTH || raw.includes('*')) {
          throw new PhraseSyntaxError(`prefix "${token}" needs at least ${MIN_PREFIX_LENGTH} letters`);
        }
        const normalised = normalizeText(raw);
        if (normalised === '' || normalised.includes(' ')) {
          throw new PhraseSyntaxError(`prefix "${token}" must be one word`);
        }
        node = { kind: 'prefix', key: keyOf(normalised), surface: token.normalize('NFC').toLowerCase() };
      } else {
        const normalised = normalizeText(token);
        if (normalised === '') throw new PhraseSyntaxError(`"${token}" has no letters or digits`);
        const keys = normalised.split(' ').map(keyOf);
        node = { kind: 'word', keys, surface: token.normalize('NFC').toLowerCase() };
      }
      if (tokens[position] === '?') {
        position += 1;
        node = { kind: 'group', alternatives: [[node]], optional: true };
      }
      nodes.push(node);
    }
    return nodes;
  }

  const alternatives = parseAlternatives();
  if (position < tokens.length) throw new PhraseSyntaxError(`unexpected "${tokens[position] ?? ''}"`);
  return [{ kind: 'group', alternatives, optional: false }];
}

function canBeEmpty(nodes: readonly Node[]): boolean {
  return nodes.every(
    (node) =>
      node.kind === 'gap' ||
      (node.kind === 'group' &&
        (node.optional || node.alternatives.some((alternative) => canBeEmpty(alternative)))),
  );
}

/**
 * Parses one phrase pattern (macros expanded, words normalised).
 *
 * @throws PhraseSyntaxError when the pattern is malformed or can match an empty text. Gaps at the start or end are
 *   rejected when the matcher is built.
 */
export function parsePhrase(pattern: string, macros: Readonly<Record<string, string>> = {}): PhraseNode[] {
  const nodes = parse(pattern, macros, 0);
  if (canBeEmpty(nodes)) throw new PhraseSyntaxError('can match an empty text');
  return nodes;
}

/** One linear reading of a phrase, as raw-ish text parts (for Discord AutoMod keywords). */
export type SurfacePart =
  | { kind: 'text'; text: string }
  | { kind: 'gap'; min: number; max: number }
  | { kind: 'count' }
  | { kind: 'edge'; key: string };

/**
 * Lists up to `limit` linear readings of a phrase, alternatives in written order. Used for AutoMod keywords, which
 * have no alternation; the matcher itself never expands phrases.
 */
export function expandPhrase(nodes: readonly PhraseNode[], limit: number): SurfacePart[][] {
  let results: SurfacePart[][] = [[]];
  for (const node of nodes) {
    const options = expandNode(node, limit);
    const next: SurfacePart[][] = [];
    outer: for (const head of results) {
      for (const tail of options) {
        next.push([...head, ...tail]);
        if (next.length >= limit) break outer;
      }
    }
    results = next;
  }
  return results;
}

function expandNode(node: PhraseNode, limit: number): SurfacePart[][] {
  switch (node.kind) {
    case 'word':
      return [[{ kind: 'text', text: node.surface }]];
    case 'prefix':
      return [[{ kind: 'text', text: `${node.surface}` }]];
    case 'gap':
      return [[{ kind: 'gap', min: node.min, max: node.max }]];
    case 'count':
      return [[{ kind: 'count' }]];
    case 'edge':
      return [[{ kind: 'edge', key: node.key }]];
    case 'group': {
      const options = node.alternatives.flatMap((alternative) => expandPhrase(alternative, limit));
      return (node.optional ? [[], ...options] : options).slice(0, limit);
    }
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function regexBody(nodes: readonly PhraseNode[], useSurface: boolean): string {
  let body = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'word':
        body += useSurface
          ? `${escapeRegex(node.surface)}\\b\\W*`
          : node.keys.map((key) => `${escapeRegex(key)}\\b\\W*`).join('');
        break;
      case 'prefix':
        body += `${escapeRegex(useSurface ? node.surface.slice(0, -1) : node.key)}\\w*\\W*`;
        break;
      case 'gap':
        body += `(?:\\w+\\W+){${node.min},${node.max}}`;
        break;
      case 'count':
        body += '\\d{2,}\\b\\W*';
        break;
      case 'edge':
        body += node.key === START_KEY ? '^' : '$';
        break;
      case 'group': {
        const inner = node.alternatives.map((alternative) => regexBody(alternative, useSurface)).join('|');
        body += `(?:${inner})${node.optional ? '?' : ''}`;
        break;
      }
    }
  }
  return body;
}

/**
 * A regular-expression source for a phrase: one alternation per group, gaps as bounded word repeats, no lookaround
 * (so it is valid in Rust's regex syntax too). With `useSurface` it uses the words as written in the lexicon (for
 * Discord AutoMod, which sees raw text); otherwise the normalised keys (for the benchmark's naive baseline).
 */
export function phraseToRegexSource(nodes: readonly PhraseNode[], useSurface = false): string {
  return `\\b${regexBody(nodes, useSurface)}`;
}
