#!/usr/bin/env node
// Labels the conditions of scripts/gen-libsinsp-conditions.mjs with upstream libsinsp's answers and writes
// test/data/libsinsp-differential.jsonl: per condition, libsinsp's compile error, or the evt.num of the events
// it matches in each of the three captures (and the first runtime error, when run() threw on some event).
//
//   node scripts/label-libsinsp-conditions.mjs ORACLE
//   node scripts/label-libsinsp-conditions.mjs ORACLE --compile INPUTS.jsonl
//       compile verdicts only (test/data/libsinsp-compile.jsonl): for the {"condition", "from"} lines of
//       scripts/extract-libsinsp-test-conditions.mjs, libsinsp's compile error or `"compiles": true`
//
// ORACLE is a program, built by you outside this repository from falcosecurity/libs, that takes
// `--jsonl CAPTURE.scap FILE` (FILE: one JSON string per line) and prints, per line, `{"condition", "error"}` or
// `{"condition", "matches": [evt.num...], "runtime_error"?}` after compiling each condition with
// sinsp_filter_compiler and running it on every event of the capture. Matches are written as runs
// (`"1-3,7"`). Nothing here builds or contains upstream
// code; CI only reads the written data. A crash of the oracle on some condition is found by halving the batch:
// that condition is recorded with `"crash": "<signal>"` instead of answers.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CAPTURE_NAMES, generateConditions } from './gen-libsinsp-conditions.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const compileOnly = process.argv.indexOf('--compile');
const OUTPUT = resolve(ROOT, compileOnly > 0 ? 'test/data/libsinsp-compile.jsonl' : 'test/data/libsinsp-differential.jsonl');
const oracle = process.argv[2];
if (!oracle) {
  console.error('usage: node scripts/label-libsinsp-conditions.mjs ORACLE');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'label-'));

/** Runs the oracle on `conds` for one capture; answers by condition, crashes isolated by halving. */
function run(capture, conds, answers) {
  if (conds.length === 0) return;
  const file = join(dir, 'in.jsonl');
  writeFileSync(file, conds.map((c) => JSON.stringify(c)).join('\n') + '\n');
  const r = spawnSync(oracle, ['--jsonl', capture, file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status === 0) {
    const lines = r.stdout.split('\n').filter((l) => l.trim());
    if (lines.length !== conds.length) throw new Error(`oracle answered ${lines.length} lines for ${conds.length} conditions`);
    lines.forEach((l, i) => answers.set(conds[i], JSON.parse(l)));
    return;
  }
  if (conds.length === 1) {
    answers.set(conds[0], { crash: r.signal ?? `exit ${r.status}` });
    return;
  }
  const half = conds.length >> 1;
  run(capture, conds.slice(0, half), answers);
  run(capture, conds.slice(half), answers);
}

/** `[1, 2, 3, 7]` → `"1-3,7"` (the events of a capture are numbered densely, so matches are mostly runs). */
function ranges(nums) {
  const sorted = [...nums].sort((x, y) => x - y);
  const out = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return out.join(',');
}

if (compileOnly > 0) {
  const inputs = readFileSync(process.argv[compileOnly + 1], 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const answers = new Map();
  run(resolve(ROOT, '../shared/corpus/scap/syscall.scap'), inputs.map((i) => i.condition), answers);
  const lines = inputs.map(({ condition, from }) => {
    const a = answers.get(condition);
    const rec = { condition, from };
    if (a.crash) rec.crash = a.crash;
    else if (a.error !== undefined) rec.error = a.error;
    else rec.compiles = true;
    return JSON.stringify(rec);
  });
  writeFileSync(OUTPUT, lines.join('\n') + '\n');
  console.error(`${lines.length} conditions labelled into ${OUTPUT}`);
  process.exit(0);
}

const conditions = generateConditions();
const perCapture = CAPTURE_NAMES.map((name) => {
  const answers = new Map();
  run(resolve(ROOT, `../shared/corpus/scap/${name}.scap`), conditions, answers);
  return answers;
});

const out = [];
for (const c of conditions) {
  const answers = perCapture.map((a) => a.get(c));
  const rec = { condition: c };
  const crash = answers.find((a) => a.crash);
  if (crash) rec.crash = crash.crash;
  else if (answers[0].error !== undefined) {
    if (answers.some((a) => a.error !== answers[0].error)) throw new Error(`compile errors differ between captures: ${c}`);
    rec.error = answers[0].error;
  } else {
    rec.matches = Object.fromEntries(CAPTURE_NAMES.map((n, i) => [n, ranges(answers[i].matches)]));
    const rt = answers.map((a) => a.runtime_error).find((e) => e);
    if (rt) rec.runtime_error = rt;
  }
  out.push(JSON.stringify(rec));
}
writeFileSync(OUTPUT, out.join('\n') + '\n');
let source = '';
try {
  source = execFileSync(oracle, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  // the oracle need not have a version flag
}
console.error(`${out.length} conditions labelled into ${OUTPUT}${source ? ` (${source})` : ''}`);
