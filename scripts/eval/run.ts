/**
 * `npm run eval [-- name…]`: the measurements that are too slow, or too blind, for `npm test`. Prints tables and
 * asserts nothing. Names: crisis, ask (default: all).
 */
import { evaluateAsk } from './ask.js';
import { evaluateCrisis } from './crisis.js';

const EVALUATIONS: Record<string, () => Promise<string[]>> = {
  crisis: evaluateCrisis,
  ask: evaluateAsk,
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !(name in EVALUATIONS));
if (unknown.length > 0) {
  console.error(`Unknown evaluation: ${unknown.join(', ')}. Known: ${Object.keys(EVALUATIONS).join(', ')}.`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(EVALUATIONS)) {
  const run = EVALUATIONS[name];
  if (run === undefined) continue;
  console.log(`\n## ${name}\n`);
  console.log((await run()).join('\n'));
}
