/**
 * Reads the GoEmotions comments from ../shared/data/goemotions (54k real Reddit comments, Apache-2.0; Demszky et al.,
 * ACL 2020). The data stays outside the repository: scripts read it in place and never write any of it out.
 * `test` is for measuring only: the training script refuses it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Comment {
  text: string;
  emotions: string[];
  id: string;
}

export type Split = 'train' | 'dev' | 'test';

/** Where the data lives: GOEMOTIONS_DIR, else ../shared/data/goemotions from the project root. */
export function goEmotionsDir(root = process.cwd()): string {
  return process.env.GOEMOTIONS_DIR ?? path.resolve(root, '../shared/data/goemotions');
}

export function hasGoEmotions(root = process.cwd()): boolean {
  return existsSync(path.join(goEmotionsDir(root), 'test.tsv'));
}

export function readGoEmotions(split: Split, root = process.cwd()): Comment[] {
  const dir = goEmotionsDir(root);
  const labels = readFileSync(path.join(dir, 'labels.txt'), 'utf8').split('\n').filter(Boolean);
  return readFileSync(path.join(dir, `${split}.tsv`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [text = '', ids = '', id = ''] = line.split('\t');
      return { text, id, emotions: ids.split(',').map((index) => labels[Number(index)] ?? 'unknown') };
    });
}

/** Emotion groups reported separately: the sad and fearful comments are the hard negatives. */
export const EMOTION_GROUPS: Readonly<Record<string, readonly string[]>> = {
  'sadness/grief/fear': ['sadness', 'grief', 'fear'],
  'remorse/disappointment/nervousness': ['remorse', 'disappointment', 'nervousness'],
  'anger/annoyance/disgust': ['anger', 'annoyance', 'disgust', 'disapproval'],
  positive: [
    'admiration',
    'amusement',
    'approval',
    'caring',
    'desire',
    'excitement',
    'gratitude',
    'joy',
    'love',
    'optimism',
    'pride',
    'relief',
  ],
  neutral: ['neutral'],
};
