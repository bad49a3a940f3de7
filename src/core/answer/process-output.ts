/**
 * Checks and cleans what the model wrote before anyone sees it: mentions neutralised, citations checked against the
 * passages it was given and renumbered to match the Sources list, and anything unsafe the passages did not say
 * (method or means language, dose amounts) rejected so that the caller falls back to an extractive answer.
 */
import { citePassage } from '../knowledge/passage-sources.js';
import type { Citation, SearchHit } from '../types.js';
import { decodeObfuscation, normalizeQuestion } from './classify-question.js';
import { DECLINE_RULES, matchesRule } from './decline-rules.js';

export type OutputProblem = 'no_valid_citation' | 'unsafe_content' | 'empty';

export type ProcessedOutput =
  | { ok: true; text: string; citations: Citation[]; cardIds: string[] }
  | { ok: false; problem: OutputProblem; ruleId?: string };

const CITATION_GROUP = /\[(\d+(?:\s*,\s*\d+)*)\](?!\()/g;
const DOSE_AMOUNT =
  /\b\d+(?:[.,]\d+)?\s?(?:mg|milligrams?|mcg|µg|ml|millilit(?:er|re)s?|g|grams?|pills?|tablets?|capsules?|doses?)\b(?:\s?\/\s?kg)?/gi;
const UNSAFE_RULES = DECLINE_RULES.filter(
  (rule) => rule.category === 'suicide_method' || rule.category === 'lethal_means',
);

/**
 * Neutralises @everyone, @here and user, role and channel mentions, so that model output can never ping anyone even
 * if a view forgot `allowedMentions`.
 */
export function neutralizeMentions(text: string): string {
  return text
    .replace(/@(everyone|here)\b/gi, '@\u200b$1')
    .replace(/<@!?\d+>/g, '@user')
    .replace(/<@&\d+>/g, '@role')
    .replace(/<#\d+>/g, '#channel');
}

/** Safe-messaging wording fixes the model sometimes needs ("committed suicide" → "died by suicide"). */
export function applySafeWording(text: string): string {
  return text
    .replace(/\bcommitted suicide\b/gi, 'died by suicide')
    .replace(/\bcommits suicide\b/gi, 'dies by suicide')
    .replace(/\bcommit(?:ting)? suicide\b/gi, (match) =>
      /ting/i.test(match) ? 'dying by suicide' : 'die by suicide',
    )
    .replace(/\bsuccessful (?:suicide )?attempt\b/gi, 'suicide death')
    .replace(/\b(?:failed|unsuccessful) (?:suicide )?attempt\b/gi, 'suicide attempt');
}

/**
 * Renumbers citations so that `[k]` is the k-th entry of the returned citations (one per card and source, in order
 * of first citation; each links the source of the passage the model cited, not the card's first source), drops numbers outside 1..hits.length, and removes Markdown links (sources are rendered separately, and
 * a model must not invent URLs).
 */
export function renumberCitations(
  text: string,
  hits: readonly SearchHit[],
): { text: string; citations: Citation[]; cardIds: string[] } {
  const citations: Citation[] = [];
  const indexOfSource = new Map<string, number>();
  const withoutLinks = text
    .replace(/\[([^\]\n]+)\]\((?:https?:\/\/|www\.)[^)\s]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, '');
  const renumbered = withoutLinks.replace(CITATION_GROUP, (_whole, group: string) => {
    const numbers: number[] = [];
    for (const part of group.split(',')) {
      const hit = hits[Number(part.trim()) - 1];
      if (!hit) continue;
      const citation = citePassage(hit.card, hit.passage);
      const key = `${citation.id} ${citation.url}`;
      let index = indexOfSource.get(key);
      if (index === undefined) {
        citations.push(citation);
        index = citations.length;
        indexOfSource.set(key, index);
      }
      if (!numbers.includes(index)) numbers.push(index);
    }
    return numbers.map((number) => `[${number}]`).join('');
  });
  const tidy = renumbered
    .replace(/(\[\d+\])(?:\s*\1)+/g, '$1')
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ');
  return { text: tidy, citations, cardIds: [...new Set(citations.map((citation) => citation.id))] };
}

/** The first unsafe rule the text matches that none of the passages match, if any. */
export function findUnsafeContent(text: string, passageTexts: readonly string[]): string | undefined {
  const normalised = normalizeQuestion(text);
  const readings = [normalised, decodeObfuscation(normalised)];
  const sources = passageTexts.map(normalizeQuestion);
  for (const rule of UNSAFE_RULES) {
    if (matchesRule(rule, readings) && !matchesRule(rule, sources)) return rule.id;
  }
  const givenAmounts = new Set(
    sources.flatMap((source) => [...source.matchAll(DOSE_AMOUNT)].map(normaliseAmount)),
  );
  for (const match of normalised.matchAll(DOSE_AMOUNT)) {
    if (!givenAmounts.has(normaliseAmount(match))) return 'output.dose-amount';
  }
  return undefined;
}

function normaliseAmount(match: RegExpMatchArray): string {
  return match[0].toLowerCase().replace(/\s+/g, '');
}

/**
 * Validates a complete model answer against the passages it was given. `ok: false` means: do not show it; answer
 * extractively instead.
 */
export function processModelOutput(raw: string, hits: readonly SearchHit[]): ProcessedOutput {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, problem: 'empty' };
  const unsafe = findUnsafeContent(
    trimmed,
    hits.map((hit) => hit.passage.text),
  );
  if (unsafe) return { ok: false, problem: 'unsafe_content', ruleId: unsafe };
  const { text, citations, cardIds } = renumberCitations(applySafeWording(neutralizeMentions(trimmed)), hits);
  if (citations.length === 0) return { ok: false, problem: 'no_valid_citation' };
  return { ok: true, text, citations, cardIds };
}

/**
 * Cleans streamed text for display while the model is still writing. Holds back the last, possibly unfinished word
 * (a half-written "@every" or "[1") and returns `undefined` once the text looks unsafe, so that the caller stops
 * showing it.
 */
export function processPartialOutput(raw: string, hits: readonly SearchHit[]): string | undefined {
  const cut = raw.search(/\s\S*$/);
  const visible = cut === -1 ? '' : raw.slice(0, cut);
  if (
    findUnsafeContent(
      visible,
      hits.map((hit) => hit.passage.text),
    )
  ) {
    return undefined;
  }
  return renumberCitations(applySafeWording(neutralizeMentions(visible)), hits).text.trim();
}
