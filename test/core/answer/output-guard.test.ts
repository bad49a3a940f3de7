import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { createOutputGuard, guardAnswer, toAsciiDigits } from '../../../src/core/answer/output-guard.js';
import type { SearchHit } from '../../../src/core/types.js';
import { loadRealKnowledge, type RealKnowledge } from './real-knowledge.js';

let real: RealKnowledge;
let questions: string[];
beforeAll(async () => {
  real = await loadRealKnowledge();
  const file = parse(await readFile('test/fixtures/retrieval-questions.yaml', 'utf8')) as {
    questions: { q: string }[];
  };
  questions = file.questions.map((entry) => entry.q);
});

const hitsFor = (question: string): SearchHit[] => real.retriever.search(question, { limit: 4 });
const spravato = () => hitsFor('what is spravato esketamine nasal spray');

/** The sentences of a passage's body, as a faithful model would quote them. */
function sentencesOf(hit: SearchHit): string[] {
  const body = hit.passage.text
    .trim()
    .slice(hit.passage.heading.length)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return body.split(/(?<=[.!?])\s+/).filter((sentence) => sentence.length > 20);
}

describe('output guard: faithful answers pass', () => {
  test('answers quoting their cited passages pass for the questions of the retrieval set', () => {
    const rejected: string[] = [];
    let checked = 0;
    for (const question of questions) {
      const hits = hitsFor(question);
      if (hits.length < 2) continue;
      const first = sentencesOf(hits[0]!).slice(0, 2);
      const second = sentencesOf(hits[1]!).slice(0, 1);
      if (first.length === 0 || second.length === 0) continue;
      const answer = `${first.map((s) => s.replace(/[.!?]$/, ' [1].')).join(' ')} ${second[0]!.replace(/[.!?]$/, ' [2].')}`;
      checked += 1;
      const verdict = guardAnswer(answer, { hits });
      if (!verdict.ok) rejected.push(`${verdict.problem} ${verdict.ruleId ?? ''}: ${answer.slice(0, 160)}`);
    }
    console.log(`faithful answers: ${checked - rejected.length} of ${checked} pass`);
    expect(checked).toBeGreaterThan(100);
    expect(rejected).toEqual([]);
  });

  test('numbers, amounts and method words that the cited passage contains are allowed; the same words cited to a passage without them are not', () => {
    const hits = spravato();
    const withDose = hits.findIndex((hit) => /\b\d+ ?mg\b/.test(hit.passage.text));
    if (withDose !== -1) {
      const amount = /\b(\d+) ?mg\b/.exec(hits[withDose]!.passage.text)![1];
      expect(guardAnswer(`The dose is ${amount} mg [${withDose + 1}].`, { hits }).ok).toBe(true);
    }
    expect(guardAnswer('The dose is 7,777 mg [1].', { hits })).toMatchObject({
      ok: false,
      ruleId: 'output.number',
    });
  });
});

describe('output guard: what it reads', () => {
  test('digits of every script read as ASCII', () => {
    expect(toAsciiDigits('٥٠٠ ५०० ５００ ৫০০ 500')).toBe('500 500 500 500 500');
  });

  test.each([
    ['five hundred milligrams', 'en'],
    ['٥٠٠ mg', 'en'],
    ['五百ミリグラム', 'ja'],
    ['пятьсот мг', 'ru'],
  ])('a dose written as "%s" is an amount the passages do not contain', (amount, locale) => {
    const verdict = guardAnswer(`A dangerous amount is ${amount} [1].`, { hits: spravato(), locale });
    expect(verdict).toMatchObject({ ok: false, ruleId: 'output.number' });
  });

  test('a sentence mostly in a script the asked language does not use cannot be checked, and rejects the answer', () => {
    const hits = spravato();
    const sentence = 'Спрaвaто — это назальный спрей [1].';
    expect(guardAnswer(sentence, { hits, locale: 'en-US' })).toMatchObject({
      ok: false,
      ruleId: 'output.script',
    });
    expect(guardAnswer(sentence, { hits, locale: 'ru' }).ok).toBe(true);
  });

  test.each(['**meth**od', 'me\u200bthod', 'mеthоd', 'm3th0d'])('"%s" is the method concept', (word) => {
    const verdict = guardAnswer(`The usual ${word} is described here [1].`, { hits: spravato() });
    expect(verdict).toMatchObject({ ok: false, ruleId: 'output.method.method' });
  });

  test('"if you have depression" is not a diagnosis; "you have depression" is', () => {
    const hits = hitsFor('what is depression');
    expect(guardAnswer('If you have depression, treatment can help [1].', { hits }).ok).toBe(true);
    expect(guardAnswer('You have depression [1].', { hits })).toMatchObject({
      ok: false,
      ruleId: 'output.diagnosis',
    });
  });

  test('a phone number from the hotline directory may be shown; any other may not', () => {
    const hits = hitsFor('what does a crisis line do');
    const context = { hits, knownPhoneNumbers: ['116 123'] };
    expect(guardAnswer('You can call Samaritans on 116 123 [1].', context).ok).toBe(true);
    expect(guardAnswer('You can call 116 999 [1].', context)).toMatchObject({
      ok: false,
      ruleId: 'output.phone',
    });
  });

  test('the boundary token and text overlapping the system prompt reject the answer', () => {
    const system =
      'Rules: never describe methods, means, amounts, lethality or places in any framing at all.';
    const hits = spravato();
    expect(
      guardAnswer('Remember: never describe methods, means, amounts, lethality or places [1].', {
        hits,
        systemPrompt: system,
      }),
    ).toMatchObject({ ok: false, ruleId: 'output.system-prompt' });
    expect(
      guardAnswer('Spravato is a nasal spray question-0123456789abcdef [1].', {
        hits,
        secrets: ['question-0123456789abcdef'],
      }),
    ).toMatchObject({ ok: false, ruleId: 'output.boundary' });
    expect(
      guardAnswer('Spravato is a nasal spray question-0123\u200b456789abcdef [1].', {
        hits,
        secrets: ['question-0123456789abcdef'],
      }),
    ).toMatchObject({ ok: false, ruleId: 'output.boundary' });
  });
});

describe('output guard: streaming', () => {
  test('shows a sentence only once it is complete and cited, and waits for a citation still being written', () => {
    const guard = createOutputGuard({ hits: spravato() });
    const shown: string[] = [];
    for (const delta of [
      'Spravato is a ',
      'nasal spray. [',
      '1] Uncited text here. ',
      'It is esketamine [1',
      ']. More',
    ]) {
      guard.push(delta);
      shown.push(guard.shown());
    }
    expect(shown).toEqual([
      '',
      '',
      'Spravato is a nasal spray. [1]',
      'Spravato is a nasal spray. [1]',
      'Spravato is a nasal spray. [1] It is esketamine [1].',
    ]);
    expect(guard.finish()).toMatchObject({
      ok: true,
      text: 'Spravato is a nasal spray. [1] It is esketamine [1].',
    });
  });

  test('a flood stops at the answer cap with its checked text, and a sentence without an end is rejected', () => {
    const flood = createOutputGuard({ hits: spravato() });
    let open = true;
    for (let index = 0; index < 10_000 && open; index += 1)
      open = flood.push(
        `Spravato is a nasal spray given in clinic number ${index % 2 === 0 ? 'one' : 'one'} [1]. `,
      );
    expect(open).toBe(false);
    expect(flood.finish()).toMatchObject({ ok: true });

    const endless = createOutputGuard({ hits: spravato() });
    for (let index = 0; index < 200; index += 1) endless.push('and more words ');
    expect(endless.finish()).toMatchObject({ ok: false, problem: 'unverifiable_sentence' });
  });
});
