import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { formatRules } from '../rules/format.js';
import { formatStylish } from '../lint/index.js';
import { plain, type Style } from '../style.js';

/*
 * `falco-expr fmt FILE...`: the rules-file formatter on the command line, as gofmt: print the formatted
 * file, or `--write` it back, `--check` which files would change, `--diff` show how. `-` is standard input.
 */

export interface FmtFlags {
  write?: boolean;
  check?: boolean;
  diff?: boolean;
  /** Colours for the diagnostics (on standard error). */
  style?: Style;
}

/**
 * True when the arguments of `fmt` name rules files rather than one condition: `-`, an existing file, or a
 * name ending in `.yaml`/`.yml` (so that a mistyped file name is reported as missing, not parsed as a
 * condition). A condition is never mistaken for a file: a condition containing `/` such as
 * `fd.name startswith /etc` is not an existing path.
 */
export function fmtArgsAreFiles(args: string[]): boolean {
  if (args.length !== 1) return args.length > 1;
  const a = args[0]!;
  if (a === '-' || /\.ya?ml$/i.test(a)) return true;
  try {
    return existsSync(a) && statSync(a).isFile();
  } catch {
    return false;
  }
}

/** Exit: 0 done (nothing to change with --check), 1 --check found files to change, 2 a file could not be formatted. */
export function fmtFiles(files: string[], flags: FmtFlags, out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
  let failed = false;
  let wouldChange = false;
  for (const file of files) {
    let text: string;
    try {
      text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
    } catch (e) {
      err(`falco-expr: ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`);
      failed = true;
      continue;
    }
    const name = file === '-' ? '<stdin>' : file;
    const r = formatRules(text, { path: name });
    if (r.diagnostics.length) {
      err(`${formatStylish(r.diagnostics, { texts: { [name]: text }, style: flags.style ?? plain })}\n`);
      err(`${name}: not formatted (fix the errors first)\n`);
      failed = true;
      continue;
    }
    if (r.skipped) err(`${name}: left as it is: ${r.skipped}\n`);
    if (flags.check) {
      if (r.changed) {
        wouldChange = true;
        out(`${name}\n`);
      }
      if (flags.diff && r.changed) out(unifiedDiff(text, r.text, name));
      continue;
    }
    if (flags.diff) {
      if (r.changed) out(unifiedDiff(text, r.text, name));
      continue;
    }
    if (flags.write && file !== '-') {
      if (r.changed) writeFileSync(file, r.text);
      continue;
    }
    out(r.text);
  }
  if (failed) return 2;
  return wouldChange ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------
// Unified diff (Myers' algorithm on lines, three lines of context)

/** A unified diff of two texts, as `diff -u` prints it; empty when they are equal. */
export function unifiedDiff(a: string, b: string, name: string, context = 3): string {
  if (a === b) return '';
  const x = splitLines(a);
  const y = splitLines(b);
  const ops = diffLines(x, y);
  // Group into hunks.
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i]!.kind === '=') i++;
    if (i >= ops.length) break;
    let start = Math.max(0, i - context);
    let end = i;
    // Extend while changes are within 2 * context of each other.
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== '=') end++;
      let next = end;
      while (next < ops.length && ops[next]!.kind === '=') next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    const slice = ops.slice(start, stop);
    const aStart = slice[0]!.a;
    const bStart = slice[0]!.b;
    const aLen = slice.filter((o) => o.kind !== '+').length;
    const bLen = slice.filter((o) => o.kind !== '-').length;
    const range = (s: number, n: number) => (n === 1 ? `${s + 1}` : `${n === 0 ? s : s + 1},${n}`);
    const body = slice.map((o) => `${o.kind === '=' ? ' ' : o.kind}${o.text}\n${o.noNewline ? '\\ No newline at end of file\n' : ''}`).join('');
    hunks.push(`@@ -${range(aStart, aLen)} +${range(bStart, bLen)} @@\n${body}`);
    i = stop;
    start = stop;
  }
  return `--- ${name}\n+++ ${name}\n${hunks.join('')}`;
}

interface Op {
  kind: '=' | '-' | '+';
  text: string;
  /** Line index in a (for '=' and '-') or the position in a where an insertion goes. */
  a: number;
  b: number;
  noNewline?: boolean;
}

interface DiffLine {
  text: string;
  last: boolean;
  noNewline: boolean;
}

function splitLines(s: string): DiffLine[] {
  const parts = s.split('\n');
  const noFinal = parts[parts.length - 1] !== '';
  if (!noFinal) parts.pop();
  return parts.map((text, i) => ({ text, last: i === parts.length - 1, noNewline: noFinal && i === parts.length - 1 }));
}

function diffLines(x: DiffLine[], y: DiffLine[]): Op[] {
  const key = (l: DiffLine) => (l.noNewline ? `${l.text}\u0000` : l.text);
  const xs = x.map(key);
  const ys = y.map(key);
  const n = xs.length;
  const m = ys.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let i: number;
      if (k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!)) i = v[max + k + 1]!;
      else i = v[max + k - 1]! + 1;
      let j = i - k;
      while (i < n && j < m && xs[i] === ys[j]) {
        i++;
        j++;
      }
      v[max + k] = i;
      if (i >= n && j >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back through the trace.
  const ops: Op[] = [];
  let i = n;
  let j = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = i - j;
    let prevK: number;
    if (k === -d || (k !== d && vd[max + k - 1]! < vd[max + k + 1]!)) prevK = k + 1;
    else prevK = k - 1;
    const prevI = d === 0 ? 0 : vd[max + prevK]!;
    const prevJ = prevI - prevK;
    while (i > prevI && j > prevJ) {
      i--;
      j--;
      ops.push({ kind: '=', text: x[i]!.text, a: i, b: j, noNewline: x[i]!.noNewline });
    }
    if (d === 0) break;
    if (i === prevI) {
      j--;
      ops.push({ kind: '+', text: y[j]!.text, a: i, b: j, noNewline: y[j]!.noNewline });
    } else {
      i--;
      ops.push({ kind: '-', text: x[i]!.text, a: i, b: j, noNewline: x[i]!.noNewline });
    }
  }
  return ops.reverse();
}
