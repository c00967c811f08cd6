// `npm run bench`: every benchmark, one JSON line each on stdout (what bench/results/ keeps). Figures are for the
// machine they run on. On stderr, each suite's figures beside those of the newest file of bench/results/ (the
// previous release's), so that a regression shows; `--no-compare` leaves that out.
import { readdirSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const compare = !args.includes('--no-compare');
const named = args.filter((a) => a !== '--no-compare');
const suites = named.length ? named : ['parse', 'eval', 'lint', 'lsp', 'targets'];

/** The newest results file (by the date its first line gives) and its suites by name, or undefined. */
function previousResults() {
  const dir = new URL('results/', import.meta.url);
  let best;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    const lines = readFileSync(new URL(file, dir), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const date = lines[0]?.date;
    if (typeof date === 'string' && (!best || date > best.date)) best = { file, date, lines };
  }
  if (!best) return undefined;
  return { file: best.file, date: best.date, suites: new Map(best.lines.slice(1).map((l) => [l.name, l])) };
}

/** The numeric figures of a suite's result, by path (`start-up.ratio`). */
function figures(value, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number') out.set(key, v);
    else if (v && typeof v === 'object') figures(v, key, out);
  }
  return out;
}

function printComparison(result, before) {
  const then = figures(before);
  const rows = [...figures(result)].filter(([k]) => then.has(k));
  if (rows.length === 0) return;
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stderr.write(`${result.name}: now, and in ${previous.file}\n`);
  for (const [k, v] of rows) process.stderr.write(`  ${k.padEnd(width)}  ${String(v).padStart(12)}  ${String(then.get(k)).padStart(12)}\n`);
}

const previous = compare ? previousResults() : undefined;
if (previous) {
  process.stderr.write(`Compared with bench/results/${previous.file}, measured ${previous.date}: figures of another machine compare only as ratios to their references (bench/results/README.md).\n`);
}
console.log(JSON.stringify({ node: process.version, cpus: (await import('node:os')).cpus().length, date: new Date().toISOString() }));
for (const s of suites) {
  const mod = await import(`./${s}.mjs`);
  const result = await mod.run();
  console.log(JSON.stringify(result));
  const before = previous?.suites.get(result.name);
  if (before) printComparison(result, before);
}
