import { PhraseSyntaxError, type PhraseNode } from './compile-phrase.js';

/** One occurrence of a phrase in a key list. `gaps` holds [start, end) pairs of the words its gaps skipped. */
export interface PhraseMatch {
  /** The `id` given with the phrase (the caller's index into its own table). */
  id: number;
  start: number;
  end: number;
  gaps: readonly number[];
}

export type MatchPhrases = (keys: readonly string[]) => PhraseMatch[];

interface State {
  words: Map<string, State[]>;
  prefixes: { key: string; target: State }[];
  gaps: { min: number; max: number; target: State }[];
  counts: State[];
  ends: number[];
  afterGap: boolean;
}

const COUNT = /^\d+$/;
/** Smallest number `#` accepts: "took 30 …" is a warning sign, "took 2 …" is a headache. */
const MIN_COUNT = 10;

function createState(afterGap = false): State {
  return { words: new Map(), prefixes: [], gaps: [], counts: [], ends: [], afterGap };
}

function addWord(from: State, key: string, target: State): void {
  const targets = from.words.get(key);
  if (targets) targets.push(target);
  else from.words.set(key, [target]);
}

function isCount(key: string): boolean {
  return COUNT.test(key) && Number(key) >= MIN_COUNT;
}

/**
 * Compiles parsed phrases into one word automaton and returns a matcher that finds every occurrence of every phrase
 * in a single left-to-right pass over the message's keys. At each position one map lookup decides which phrases can
 * start there, so the cost grows with the message, not with the lexicon. Alternatives and optional parts are shared
 * states (never expanded into every combination); gaps are followed by bounded backtracking.
 *
 * @throws PhraseSyntaxError when a phrase starts or ends with a gap.
 */
export function createPhraseMatcher(phrases: readonly { id: number; nodes: readonly PhraseNode[] }[]): MatchPhrases {
  const root = createState();

  const compileSequence = (nodes: readonly PhraseNode[], frontier: State[]): State[] => {
    let current = frontier;
    for (const node of nodes) current = compileNode(node, current);
    return current;
  };

  const compileNode = (node: PhraseNode, frontier: State[]): State[] => {
    switch (node.kind) {
      case 'word':
      case 'edge': {
        let current = frontier;
        for (const key of node.kind === 'word' ? node.keys : [node.key]) {
          const target = createState();
          for (const state of current) addWord(state, key, target);
          current = [target];
        }
        return current;
      }
      case 'prefix': {
        const target = createState();
        for (const state of frontier) state.prefixes.push({ key: node.key, target });
        return [target];
      }
      case 'count': {
        const target = createState();
        for (const state of frontier) state.counts.push(target);
        return [target];
      }
      case 'gap': {
        if (frontier.includes(root)) throw new PhraseSyntaxError('a gap cannot start a phrase');
        const target = createState(true);
        for (const state of frontier) state.gaps.push({ min: node.min, max: node.max, target });
        return [target];
      }
      case 'group': {
        const out = new Set<State>(node.optional ? frontier : []);
        for (const alternative of node.alternatives) {
          for (const state of compileSequence(alternative, frontier)) out.add(state);
        }
        return [...out];
      }
    }
  };

  for (const { id, nodes } of phrases) {
    for (const state of compileSequence(nodes, [root])) {
      if (state === root) throw new PhraseSyntaxError('can match an empty text');
      if (state.afterGap) throw new PhraseSyntaxError('a gap cannot end a phrase');
      if (!state.ends.includes(id)) state.ends.push(id);
    }
  }

  return (keys) => {
    const matches: PhraseMatch[] = [];
    const gapStack: number[] = [];
    const length = keys.length;
    let start = 0;

    const step = (state: State, position: number): void => {
      if (position >= length) return;
      const key = keys[position] as string;
      const targets = state.words.get(key);
      if (targets) for (const target of targets) walk(target, position + 1);
      for (const prefix of state.prefixes) if (key.startsWith(prefix.key)) walk(prefix.target, position + 1);
      if (state.counts.length > 0 && isCount(key)) for (const target of state.counts) walk(target, position + 1);
    };

    const walk = (state: State, position: number): void => {
      for (const id of state.ends) matches.push({ id, start, end: position, gaps: gapStack.slice() });
      step(state, position);
      for (const gap of state.gaps) {
        for (let skip = gap.min; skip <= gap.max && position + skip < length; skip += 1) {
          gapStack.push(position, position + skip);
          walk(gap.target, position + skip);
          gapStack.length -= 2;
        }
      }
    };

    for (; start < length; start += 1) step(root, start);
    return matches;
  };
}
