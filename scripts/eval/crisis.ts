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
import { createCrisisDetector } from '../../src/core/crisis/detect-crisis.js';
import { createRiskClassifier } from '../../src/core/crisis/risk-classifier.js';
import { createCrisisReader, type CrisisReading } from '../../src/core/responder/read-crisis.js';
import type { CrisisLevel } from '../../src/core/types.js';
import { EMOTION_GROUPS, hasGoEmotions, readGoEmotions } from './goemotions.js';

interface Labelled {
  text: string;
  label: CrisisLevel;
  category: string;
}

const FIXTURES = 'test/fixtures';

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
  const detect = createCrisisDetector(lexicon, { knownWords: loadKnownWords() });
  const read = createCrisisReader({
    detect,
    score: createRiskClassifier(model),
    threshold: model.threshold,
    noticeThreshold: model.noticeThreshold,
  });
  const lines: string[] = [
    `Crisis responder: lexicon + risk model (public reply at ${model.threshold}, quiet band from ` +
      `${model.noticeThreshold}, windows of ${model.window} words).`,
    '',
  ];

  if (hasGoEmotions()) {
    lines.push(
      '| GoEmotions split · group | comments | public replies | of which rules | quiet (no reply) |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const split of ['test', 'dev'] as const) {
      const comments = readGoEmotions(split);
      const readings = comments.map((comment) => read(comment.text));
      const row = (name: string, include: (emotions: readonly string[]) => boolean): string => {
        const picked = readings.filter((_, index) => include(comments[index]?.emotions ?? []));
        const replies = picked.filter((reading) => reading.reply === 'public');
        const rules = replies.filter((reading) => reading.source === 'rules');
        const quiet = picked.filter((reading) => reading.reply === 'quiet');
        return `| ${split}${split === 'dev' ? ' (calibration)' : ''} · ${name} | ${picked.length} | ${share(replies.length, picked.length)} | ${rules.length} | ${share(quiet.length, picked.length)} |`;
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
