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
  /**
   * Reached only through one fixed path from the root (a trie node), so phrases with the same start can share it.
   * States where alternatives merge are private to their phrase: sharing them would let one phrase's alternatives
   * leak into another phrase.
   */
  shared: boolean;
  /** Gaps with the same bounds, their targets' word edges merged: one lookup per skipped position, not per target. */
  gapGroups: GapGroup[];
}

interface GapGroup {
  min: number;
  max: number;
  words: Map<string, State[]>;
  /** Targets with more than word edges, walked one by one. */
  complex: State[];
}

const COUNT = /^\d+$/;
/** Smallest number `#` accepts: "took 30 …" is a warning sign, "took 2 …" is a headache. */
const MIN_COUNT = 10;

function createState(afterGap = false, shared = false): State {
  return { words: new Map(), prefixes: [], gaps: [], counts: [], ends: [], afterGap, shared, gapGroups: [] };
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
export function createPhraseMatcher(
  phrases: readonly { id: number; nodes: readonly PhraseNode[] }[],
): MatchPhrases {
  const root = createState(false, true);
  const states: State[] = [root];
  const track = (state: State): State => {
    states.push(state);
    return state;
  };

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
          const only = current.length === 1 ? current[0] : undefined;
          if (only?.shared) {
            let target = only.words.get(key)?.find((candidate) => candidate.shared);
            if (!target) addWord(only, key, (target = track(createState(false, true))));
            current = [target];
            continue;
          }
          const target = track(createState());
          for (const state of current) addWord(state, key, target);
          current = [target];
        }
        return current;
      }
      case 'prefix': {
        const target = track(createState());
        for (const state of frontier) state.prefixes.push({ key: node.key, target });
        return [target];
      }
      case 'count': {
        const target = track(createState());
        for (const state of frontier) state.counts.push(target);
        return [target];
      }
      case 'gap': {
        if (frontier.includes(root)) throw new PhraseSyntaxError('a gap cannot start a phrase');
        const only = frontier.length === 1 ? frontier[0] : undefined;
        if (only?.shared) {
          const existing = only.gaps.find(
            (gap) => gap.min === node.min && gap.max === node.max && gap.target.shared,
          );
          if (existing) return [existing.target];
          const target = track(createState(true, true));
          only.gaps.push({ min: node.min, max: node.max, target });
          return [target];
        }
        const target = track(createState(true));
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

  for (const state of states) {
    for (const gap of state.gaps) {
      let group = state.gapGroups.find((candidate) => candidate.min === gap.min && candidate.max === gap.max);
      if (!group)
        state.gapGroups.push((group = { min: gap.min, max: gap.max, words: new Map(), complex: [] }));
      const target = gap.target;
      if (
        target.prefixes.length > 0 ||
        target.counts.length > 0 ||
        target.gaps.length > 0 ||
        target.ends.length > 0
      ) {
        group.complex.push(target);
        continue;
      }
      for (const [key, targets] of target.words) {
        const merged = group.words.get(key);
        if (merged) merged.push(...targets);
        else group.words.set(key, [...targets]);
      }
    }
  }

  // The walk's state lives here, not in per-call closures: matching allocates only the matches it returns. Matching
  // is synchronous, so one set of variables serves every call.
  let keys: readonly string[] = [];
  let matches: PhraseMatch[] = [];
  const gapStack: number[] = [];
  let length = 0;
  let start = 0;

  const step = (state: State, position: number): void => {
    if (position >= length) return;
    const key = keys[position] as string;
    const targets = state.words.get(key);
    if (targets) for (const target of targets) walk(target, position + 1);
    for (const prefix of state.prefixes) if (key.startsWith(prefix.key)) walk(prefix.target, position + 1);
    if (state.counts.length > 0 && isCount(key))
      for (const target of state.counts) walk(target, position + 1);
  };

  const walk = (state: State, position: number): void => {
    for (const id of state.ends) matches.push({ id, start, end: position, gaps: gapStack.slice() });
    step(state, position);
    for (const group of state.gapGroups) {
      for (let skip = group.min; skip <= group.max && position + skip < length; skip += 1) {
        const after = position + skip;
        const targets = group.words.get(keys[after] as string);
        if (!targets && group.complex.length === 0) continue;
        gapStack.push(position, after);
        if (targets) for (const target of targets) walk(target, after + 1);
        for (const target of group.complex) walk(target, after);
        gapStack.length -= 2;
      }
    }
  };

  return (input) => {
    keys = input;
    length = input.length;
    matches = [];
    gapStack.length = 0;
    for (start = 0; start < length; start += 1) step(root, start);
    const found = matches;
    keys = [];
    matches = [];
    return found;
  };
}
