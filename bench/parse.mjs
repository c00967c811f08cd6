// Parse speed: every rule and macro condition of the corpus, warm, in-process; beside it upstream's C++ parser
// on the same conditions when one is built here (FALCO_EXPR_CXX_PARSER, see corpus.mjs).
import { parse } from '../dist/index.js';
import { corpusConditions, measure, parseSpeed } from './corpus.mjs';

export function run() {
  const conditions = corpusConditions();
  const bytes = conditions.reduce((n, c) => n + new TextEncoder().encode(c).length, 0);
  for (const c of conditions) if (!parse(c, { maxDepth: 1000 }).ast) throw new Error(`does not parse: ${c}`);
  const speed = parseSpeed(conditions, parse);
  const short = 'evt.type = execve and proc.name in (bash, sh) and not proc.pname startswith sshd';
  const shortPerSecond = measure(() => parse(short));
  return {
    name: 'parse',
    conditions: conditions.length,
    bytes,
    'conditions/s': Math.round((speed['MB/s'] * 1e6 * conditions.length) / bytes),
    ...speed,
    'short condition/s': Math.round(shortPerSecond),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(run());
