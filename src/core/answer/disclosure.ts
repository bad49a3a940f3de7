/**
 * Whether a question tells us about the asker's own distress ("i've felt empty for months, does therapy help"): such
 * a reply opens with one line of acknowledgement before the facts, as a person would. Narrow on purpose: a
 * first-person feeling or state, said about oneself, not an opinion ("i feel like stigma is…") and not someone
 * else's ("my friend feels empty"). Risk is the crisis detector's job, not this one's.
 */
import { normalizeQuestion } from './classify-question.js';

const FEELING = String.raw`(?:empty|numb|hopeless|worthless|useless|depressed|so low|really low|low|down|awful|terrible|miserable|lonely|alone|broken|exhausted|drained|lost|stuck|nothing|like a burden|like a failure|like giving up|like crap|like shit|sad|anxious|overwhelmed)`;
const DEGREE = String.raw`(?:so |really |very |kinda |kind of |pretty |super |just |completely |totally |always |constantly |more and more |)`;

const DISCLOSURES: readonly RegExp[] = [
  // "i feel empty", "i've been feeling so low", "i have felt numb for months" (not "i feel like depression is…")
  new RegExp(
    String.raw`\bi(?:'ve| have|'m| am)? (?:been )?(?:feel|feeling|felt) ${DEGREE}${FEELING}\b(?! (?:about|that|when (?:people|someone|others)))`,
  ),
  // "i'm so depressed", "i am struggling", "i'm not ok"
  new RegExp(
    String.raw`\bi(?:'m| am|m| have been|'ve been) ${DEGREE}(?:depressed|struggling|not ok|not okay|not doing (?:ok|okay|well|great)|falling apart|at my lowest|barely (?:holding on|coping|functioning|getting by|holding it together)|drowning|burnt out|burned out|empty|numb|hopeless|exhausted all the time)\b`,
  ),
  // "my depression has been really bad", "my anxiety is getting worse"
  /\bmy (?:depression|anxiety|mood|mental health)\b[^.?!]{0,20}\b(?:bad|worse|awful|terrible|unbearable|out of control|getting worse|is back|came back|has come back)\b/,
  // "can't be bothered with anything", "can't get out of bed", "no energy for anything"
  /\bi (?:can't|cant|can not|cannot) (?:be bothered|get out of bed|enjoy anything|feel anything|stop crying|cope|function)\b/,
  // "nothing makes me happy anymore", "nothing feels worth it"
  /\bnothing (?:makes me (?:happy|feel)|feels (?:good|worth it|real))\b/,
];

/** Exported for tests. */
export function disclosesOwnDistress(question: string): boolean {
  const text = normalizeQuestion(question).toLowerCase();
  return DISCLOSURES.some((pattern) => pattern.test(text));
}
