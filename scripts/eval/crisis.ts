/**
 * Crisis responder evaluation: what the responder would do (reply publicly, stay quiet, nothing) on
 * - real everyday text: the GoEmotions test split (never trained or tuned on), overall and by emotion group, and
 *   its dev split (used to calibrate the model's thresholds, so in-sample for them);
 * - the labelled written sets: the blind sets (never tuned on), the sets the lexicon and model learned from.
 *
 *   npm run eval -- crisis
 *
 * Prints tables; asserts nothing (blind figures must not become test floors, or they stop being blind).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadKnownWords } from '../../src/adapters/load-known-words.js';
import { loadLexicon } from '../../src/adapters/load-lexicon.js';
import { loadRiskModel } from '../../src/adapters/load-risk-model.js';
import { createShippedCrisisReader, type CrisisReading } from '../../src/core/responder/read-crisis.js';
import type { CrisisLevel } from '../../src/core/types.js';
import { textHash } from '../train-risk-model.js';
import { EMOTION_GROUPS, hasGoEmotions, readGoEmotions } from './goemotions.js';

/** Test-split comments a reviewer read as real risk: a reply there is not a false alarm (hashes, no text). */
function readTestReviewed(): Set<string> {
  const raw = JSON.parse(readFileSync('scripts/eval/goemotions-test-reviewed.json', 'utf8')) as {
    comments: Record<string, unknown>;
  };
  return new Set(Object.keys(raw.comments));
}

interface Labelled {
  text: string;
  label: CrisisLevel;
  category: string;
}

const FIXTURES = 'test/fixtures';

function readTrainingReviewed(): Set<string> {
  const raw = JSON.parse(readFileSync('scripts/goemotions-reviewed.json', 'utf8')) as {
    comments: Record<string, unknown>;
  };
  return new Set(Object.keys(raw.comments));
}

function readLabelled(file: string): Labelled[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Labelled);
}

const share = (hits: number, total: number): string =>
  total === 0 ? 'n/a' : `${(hits / total).toFixed(3)} (${hits}/${total})`;

export async function evaluateCrisis(): Promise<string[]> {
  const lexicon = await loadLexicon('knowledge');
  const model = await loadRiskModel('knowledge');
  const { read } = createShippedCrisisReader({ lexicon, model, knownWords: loadKnownWords() });
  const lines: string[] = [
    `Crisis responder: lexicon + risk model (public reply at ${model.threshold}, quiet band from ` +
      `${model.noticeThreshold}, windows of ${model.window} words).`,
    '',
  ];

  if (hasGoEmotions()) {
    const realRisk = readTestReviewed();
    lines.push(
      'False alarms are public replies on comments not reviewed as real risk (scripts/eval/goemotions-test-reviewed.json' +
        ' lists the test comments read as real risk; dev uses scripts/goemotions-reviewed.json).',
      '',
      '| GoEmotions split · group | comments | false alarms (public replies) | of which rules | replies on reviewed real risk | quiet (no reply) |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const split of ['test', 'dev'] as const) {
      const comments = readGoEmotions(split);
      const readings = comments.map((comment) => read(comment.text));
      const reviewed = split === 'test' ? realRisk : readTrainingReviewed();
      const row = (name: string, include: (emotions: readonly string[]) => boolean): string => {
        const indices = comments.flatMap((comment, index) => (include(comment.emotions) ? [index] : []));
        const risky = (index: number) => reviewed.has(textHash(comments[index]?.text ?? ''));
        const replied = indices.filter((index) => readings[index]?.reply === 'public');
        const alarms = replied.filter((index) => !risky(index));
        const rules = alarms.filter((index) => readings[index]?.source === 'rules');
        const quiet = indices.filter((index) => readings[index]?.reply === 'quiet');
        const label = `${split}${split === 'dev' ? ' (calibration)' : ''} · ${name}`;
        return `| ${label} | ${indices.length} | ${share(alarms.length, indices.length)} | ${rules.length} | ${replied.length - alarms.length} | ${share(quiet.length, indices.length)} |`;
      };
      lines.push(row('all', () => true));
      for (const [name, emotions] of Object.entries(EMOTION_GROUPS)) {
        lines.push(row(name, (mine) => mine.some((emotion) => emotions.includes(emotion))));
      }
    }
    lines.push('');
  } else {
    lines.push(
      'GoEmotions not found at ../shared/data/goemotions (set GOEMOTIONS_DIR): real-text rows skipped.',
      '',
    );
  }

  const files = readdirSync(FIXTURES)
    .filter((file) => /^crisis-(messages|author-.*|blind-.*)\.jsonl$/.test(file))
    .sort((a, b) => Number(b.includes('blind')) - Number(a.includes('blind')) || a.localeCompare(b));
  lines.push(
    '| labelled set | kind | crisis recall | concern recall | false positives (public) | rules alone: crisis / FP | quiet on risk | quiet on none |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const file of files) {
    const path = `${FIXTURES}/${file}`;
    if (!existsSync(path)) continue;
    const messages = readLabelled(path);
    const readings: CrisisReading[] = messages.map((message) => read(message.text));
    const of = (label: CrisisLevel) => readings.filter((_, index) => messages[index]?.label === label);
    const replied = (list: CrisisReading[]) => list.filter((reading) => reading.reply === 'public').length;
    const byRules = (list: CrisisReading[]) => list.filter((reading) => reading.source === 'rules').length;
    const quiet = (list: CrisisReading[]) => list.filter((reading) => reading.reply === 'quiet').length;
    const crisis = of('crisis');
    const concern = of('concern');
    const none = of('none');
    lines.push(
      `| ${file} | ${file.includes('blind') ? 'blind' : 'tuned on'} | ${share(replied(crisis), crisis.length)} | ` +
        `${share(replied(concern), concern.length)} | ${share(replied(none), none.length)} | ` +
        `${(byRules(crisis) / crisis.length).toFixed(3)} / ${(byRules(none) / none.length).toFixed(3)} | ` +
        `${quiet(crisis) + quiet(concern)} | ${quiet(none)} |`,
    );
  }
  return lines;
}
