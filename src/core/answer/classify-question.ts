/**
 * The safety gate in front of every answer. A rule-based gate makes behaviour consistent and testable where
 * popular chatbots were inconsistent (McBain et al. 2025): crisis first, then what Lantern declines, then what it
 * does not cover, and only then an answer. Low-risk questions about suicide (warning signs, helping a friend, what
 * a hotline does) are answered directly, with resources attached.
 */
import { LEET } from '../crisis/normalize-text.js';
import { foldForSafety } from '../text/normalize.js';
import { isConfident } from '../retrieval/create-retriever.js';
import type { DetectCrisis, Retriever, SearchHit } from '../types.js';
import { DECLINE_RULES, matchesRule, type DeclineCategory } from './decline-rules.js';

interface ClassificationBase {
  /** A rule id (`crisis.self`, `method.how-to`, `scope.topic`…), never text from the question. */
  reason: string;
  /** Someone may be at risk (a crisis signal, or a method question): attach crisis resources to the reply. */
  riskImplied: boolean;
}

/**
 * Where a question goes. Only `decline` carries a category (which refusal to give), and it always does: there is no
 * default refusal to fall back on.
 */
export type Classification =
  | (ClassificationBase & { route: 'crisis'; riskImplied: true; declineCategory?: never })
  | (ClassificationBase & { route: 'decline'; declineCategory: DeclineCategory })
  | (ClassificationBase & { route: 'answer'; declineCategory?: never })
  | (ClassificationBase & { route: 'out_of_scope'; riskImplied: false; declineCategory?: never });

export interface ClassifyOptions {
  detect: DetectCrisis;
  /**
   * Used only for questions with no topic word: when the knowledge confidently answers one (a card alias such as
   * "special K"), it is in scope after all.
   */
  retriever?: Retriever;
  isConfident?: (hits: readonly SearchHit[]) => boolean;
}

/**
 * Words that place a question inside what Lantern covers: depression and mental health, stigma, supporting others,
 * suicide prevention, ketamine/esketamine and other treatments. Matched on the normalised question.
 */
const TOPIC_PATTERNS: readonly RegExp[] = [
  /\bdepress\w*|\bdepresi[oó]n|\bdepressao|\bdepressiv\w*|\bdeprimi\w*|\bd[ée]prim[ée]\w*/,
  /\bmental(?:ly)?\b|\bpsych\w*|\bpsiqui\w*|\bpsic\w*|\bsalud mental|\bsante mentale|\bseelisch\w*/,
  /\bstigma\w*|\bestigma\w*|\bshame\w*|\bashamed|\bdiscriminat\w*|\bprejudice|\bstereotyp\w*|\btaboo/,
  /\bsu[iy]?[cs]{1,2}[iy]?d\w*|\bsuizid\w*|\bselbstmord\w*|\bself[- ]?harm\w*|\bself[- ]?injur\w*|\bkill (?:my|your|him|her|them)sel\w*|\bend (?:my|his|her|their) li(?:fe|ves)|\bwant(?:s|ed)? to die\b|\bunalive/,
  /\bcrisis\b|\bhotlines?\b|\bhelplines?\b|\blifeline\b|\b988\b|\bsamaritans\b|\bcrisis text line|\bwarning signs?\b|\bprevention\b|\blethal means\b|\bmeans restriction|\bsafety plan\w*|\bend (?:it|things|his life|her life|their life)\b/,
  /\bket\b|\bketamin\w*|\besketamin\w*|\bspravato\b|\bspecial k\b|\bk-?hole\b|\bhorse tranquil\w*|\bnmda\b|\brems\b|\bdissociat\w*/,
  /\bantidepress\w*|\bssris?\b|\bsnris?\b|\bmaois?\b|\bsertraline|\bzoloft|\bfluoxetine|\bprozac|\bescitalopram|\blexapro|\bcitalopram|\bbupropion|\bwellbutrin|\bvenlafaxine|\blithium\b/,
  /\btherap\w*|\bcounsel\w*|\bcbt\b|\bpsychotherap\w*|\btreat\w*|\btratamiento|\btraitement|\bbehandlung|\bmedication|\bmeds\b|\bprescri\w*|\bect\b|\belectroconvuls\w*|\btms\b|\bmagnetic stimulation|\bfda\b|\bclinical trials?\b/,
  /\bmood\w*|\bsad(?:ness)?\b|\bunhappy|\bhopeless\w*|\bworthless\w*|\blonel\w*|\bgrie(?:f|ving|ve)|\bburn(?:ed|t)? ?out|\bstress\w*|\banxi\w*|\bpanic|\bbipolar|\bptsd\b|\btrauma\w*|\bfeel(?:ing)? (?:down|low|empty|numb|bad)|\bcry(?:ing)?\b|\bsleep\w*|\binsomnia|\bfatigue|\bexhaust\w*|\bmotivation|\banhedonia|\bemotion\w*|\bwell-?being|\bwellness/,
  /\bcop(?:e|ing)\b|\bsupport (?:a |my |someone|them|him|her|friends?)|\bhelp (?:a |my |someone|them|him|her|friends?|people)|\bcheck(?:ing)? (?:in|on) (?:a |my |someone|them|him|her)|\bperson[- ]first|\blanguage (?:about|around|for)|\bcommitted suicide|\bdied by suicide|\bpostpartum|\bseasonal affective|\bdysthymi\w*|\bmdd\b|\bsnap out of|\bpersonal weakness/,
  /\bfeel(?:s|ing|ings)?\b|\baddict\w*|\bsintomas?\b|\bsymptom\w*|\bsympt[oô]me\w*|\brecover\w*|\brelapse\w*|\bremission|\bwork(?:s)? for depression|\bhelp(?:s)? with depression/,
];

/**
 * Answers about suicide or self-harm (warning signs, helping someone, prevention facts) carry crisis resources even at
 * low risk: the reader may be the person at risk, or helping one.
 */
const SUICIDE_TOPIC =
  /\bsu[iy]?[cs]{1,2}[iy]?d\w*|\bsuizid\w*|\bselbstmord\w*|\bself[- ]?harm\w*|\bself[- ]?injur\w*|\bwant(?:s|ed)? to die\b|\bend (?:his|her|their|my) li(?:fe|ves)\b|\bkill (?:him|her|them|my|your)sel\w*|\blethal means\b|\bcrisis line|\bhotlines?\b|\b988\b/;

/**
 * "How do I talk to someone who is having suicidal thoughts?" asks how to help another person, though the words
 * "having suicidal thoughts" alone read as the asker's own. Narrow on purpose: a question word, a helping verb, and
 * a person followed by "who", with no first-person statement after it. Such questions still get crisis resources.
 */
const HELPING_SOMEONE =
  /^(?:how|what)\b[^.?!]{0,30}\b(?:help|talk to|talk with|support|say to|respond to|reach out to|approach|check on)\b[^.?!]{0,20}\b(?:someone|somebody|a friend|friends|my \w+|a loved one|a person|people|others|them|him|her) who\b(?![^.?!]*\b(?:i'm|i am|i feel|i want|i have been|i've been|i keep|me)\b)/;

/**
 * The shared safety folding ({@link foldForSafety}: look-alike letters, invisible characters, accents, digits of
 * every script, Markdown inside words), then curly quotes straightened, spoiler bars and whitespace collapsed to one
 * space. Exported for the rules' tests and the output check.
 */
export function normalizeQuestion(text: string): string {
  return foldForSafety(text)
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\|\|/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A second reading of the question for the rules: leetspeak inside words decoded ("k1ll", "su1c1de"), letters
 * repeated three or more times cut to two ("diiiie"), and punctuation between letters dropped ("s.u.i.c.i.d.e").
 */
export function decodeObfuscation(normalised: string): string {
  return normalised
    .replace(/(?<=[a-z])[013457@$]|[013457@$](?=[a-z])/g, (char) => LEET[char] ?? char)
    .replace(/\b(?:[a-z][.*_-]){2,}[a-z]\b/g, (word) => word.replace(/[.*_-]/g, ''))
    .replace(/\b(?:[a-z] ){3,}[a-z]\b/g, (word) => word.replace(/ /g, ''))
    .replace(/([a-z])\1{2,}/g, '$1$1');
}

/**
 * Routes a question: `crisis` (a crisis signal, or a concern about the asker), `decline` (methods, means, lethality,
 * personal dosing, diagnosis of the asker, buying drugs), `out_of_scope` (nothing to do with what Lantern covers) or
 * `answer`. A question about someone else at risk ("my friend wants to die, what do I do") is answered, with crisis
 * resources attached.
 */
export function classifyQuestion(question: string, options: ClassifyOptions): Classification {
  const normalised = normalizeQuestion(question);
  const readings = [normalised, decodeObfuscation(normalised)];
  const crisis = options.detect(question);
  const aboutAsker =
    (crisis.subject === 'self' || (crisis.level === 'crisis' && crisis.subject === 'unknown')) &&
    !readings.some((reading) => HELPING_SOMEONE.test(reading));
  if (crisis.level !== 'none' && aboutAsker) {
    return { route: 'crisis', reason: `crisis.${crisis.level}-${crisis.subject}`, riskImplied: true };
  }
  const riskSignalled = crisis.level !== 'none';

  for (const rule of DECLINE_RULES) {
    if (matchesRule(rule, readings)) {
      return {
        route: 'decline',
        reason: rule.id,
        riskImplied: rule.riskImplied || riskSignalled,
        declineCategory: rule.category,
      };
    }
  }

  if (riskSignalled) {
    return { route: 'answer', reason: `crisis.${crisis.level}-${crisis.subject}`, riskImplied: true };
  }
  if (readings.some((reading) => SUICIDE_TOPIC.test(reading))) {
    return { route: 'answer', reason: 'scope.suicide', riskImplied: true };
  }
  if (readings.some((reading) => TOPIC_PATTERNS.some((pattern) => pattern.test(reading)))) {
    return { route: 'answer', reason: 'scope.topic', riskImplied: false };
  }
  if (options.retriever) {
    const confident = options.isConfident ?? isConfident;
    const hits = options.retriever.search(question, { limit: 3 });
    if (confident(hits) && matchesEveryWord(hits[0])) {
      return { route: 'answer', reason: 'scope.retrieval', riskImplied: false };
    }
  }
  return { route: 'out_of_scope', reason: 'scope.none', riskImplied: false };
}

/**
 * Without a topic word, BM25 relevance alone lets "a good pasta recipe" through on "good"; a question is in scope by
 * retrieval only when its best passage matches every (non-stop) word of it. Retrievers that do not report matched
 * words are trusted as they are.
 */
function matchesEveryWord(hit: SearchHit | undefined): boolean {
  if (hit === undefined) return false;
  const { matchedTermCount, queryTermCount } = hit as SearchHit & {
    matchedTermCount?: unknown;
    queryTermCount?: unknown;
  };
  if (typeof matchedTermCount !== 'number' || typeof queryTermCount !== 'number') return true;
  return matchedTermCount >= queryTermCount;
}
