// Parse speed: every rule and macro condition of the corpus, warm, in-process.
import { parse } from '../dist/index.js';
import { corpusConditions, measure } from './corpus.mjs';

export function run() {
  const conditions = corpusConditions();
  const bytes = conditions.reduce((n, c) => n + new TextEncoder().encode(c).length, 0);
  for (const c of conditions) if (!parse(c, { maxDepth: 1000 }).ast) throw new Error(`does not parse: ${c}`);
  const passesPerSecond = measure(() => {
    for (const c of conditions) parse(c, { maxDepth: 1000 });
  });
  const short = 'evt.type = execve and proc.name in (bash, sh) and not proc.pname startswith sshd';
  const shortPerSecond = measure(() => parse(short));
  return {
    name: 'parse',
    conditions: conditions.length,
    bytes,
    'conditions/s': Math.round(passesPerSecond * conditions.length),
    'MB/s': +((passesPerSecond * bytes) / 1e6).toFixed(2),
    'short condition/s': Math.round(shortPerSecond),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(run());
