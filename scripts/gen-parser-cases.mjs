// `node scripts/gen-parser-cases.mjs [N] [SEED] > inputs.jsonl`: the inputs of the parser's differential set
// (grammar-based, mutated and targeted conditions; see scripts/lib/gen-conditions.mjs), one JSON object per
// line: `{"input": ..., "maxDepth"?: n, "family": ...}`. test/data/parser-differential.jsonl.gz holds 20,000 of
// them (seed 10) with libsinsp's answers, labelled by upstream's parser built outside this repository (see
// test/data/parser-differential.md).
import { parserCases } from './lib/gen-conditions.mjs';

const n = Number(process.argv[2] ?? 20000);
const seed = Number(process.argv[3] ?? 10);
const seen = new Set();
const out = [];
for (const c of parserCases(seed, n * 2)) {
  const key = `${c.maxDepth ?? 100} ${c.input}`;
  if (seen.has(key)) continue;
  seen.add(key);
  out.push(JSON.stringify({ input: c.input, ...(c.maxDepth ? { maxDepth: c.maxDepth } : {}), family: c.family }));
  if (out.length === n) break;
}
process.stdout.write(out.join('\n') + '\n');
