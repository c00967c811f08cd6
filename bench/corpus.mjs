// Corpus access for the benchmarks: the rules files live in ../shared (never copied into the project).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export const sharedUrl = (rel) => new URL(`../../shared/${rel}`, import.meta.url);

export function corpusConditions() {
  const out = [];
  const dir = sharedUrl('corpus/rules/');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const item of parseYaml(readFileSync(new URL(file, dir), 'utf8')) ?? []) {
      if (typeof item.condition === 'string' && (item.rule || item.macro)) out.push(item.condition);
    }
  }
  return out;
}

/** Runs `fn` repeatedly for about `ms` milliseconds after a warm-up; returns iterations per second. */
export function measure(fn, ms = 2000) {
  const warmEnd = performance.now() + ms / 4;
  while (performance.now() < warmEnd) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    fn();
    n++;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/**
 * Upstream's C++ parser on the same conditions, when one is built on this machine: FALCO_EXPR_CXX_PARSER names
 * a program (never part of the project) that reads conditions, one JSON string a line, on stdin, parses them
 * all repeatedly for the number of seconds given as its argument (after a quarter of that to warm up) and
 * prints `{"MB/s": N}` as its last line. Returns N, or the reason there is no figure.
 */
export function cxxParserMBs(conditions, seconds = 2) {
  const cxx = process.env.FALCO_EXPR_CXX_PARSER;
  if (!cxx) return 'not built here (set FALCO_EXPR_CXX_PARSER)';
  if (!existsSync(cxx)) return `not found: ${cxx}`;
  const r = spawnSync(cxx, [String(seconds)], { input: conditions.map((c) => JSON.stringify(c)).join('\n'), encoding: 'utf8' });
  const ref = JSON.parse(r.stdout?.trim().split('\n').pop() || '{}')['MB/s'];
  return typeof ref === 'number' ? ref : `no figure from ${cxx} (exit status ${r.status})`;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * MB/s of parsing every condition with `parse`, and upstream's C++ parser beside it when one is built: five
 * rounds that alternate the two (0.4 s each), medians, so that both see the same load of a shared machine.
 */
export function parseSpeed(conditions, parse) {
  const bytes = conditions.reduce((n, c) => n + Buffer.byteLength(c), 0);
  const pass = () => {
    for (const c of conditions) parse(c, { maxDepth: 1000 });
  };
  const ours = [];
  const cxx = [];
  let reason;
  for (let round = 0; round < 5; round++) {
    ours.push((measure(pass, 400) * bytes) / 1e6);
    const ref = reason ?? cxxParserMBs(conditions, 0.4);
    if (typeof ref === 'number') cxx.push(ref);
    else reason = ref;
  }
  const r2 = (x) => +x.toFixed(2);
  const out = { 'MB/s': r2(median(ours)), 'C++ MB/s': reason ?? r2(median(cxx)) };
  if (!reason) out['ratio to C++'] = r2(median(ours) / median(cxx));
  return out;
}
