/**
 * Differential test of our parser against libsinsp's (falcosecurity/libs 48dfd53cd, July 2026, built from its
 * `userspace/libsinsp/filter/{parser,escaping,ast}.cpp` with re2): 20,000 conditions made by
 * scripts/lib/gen-conditions.mjs (seed 10), each labelled with upstream's verdict, tree, error and position
 * (test/data/parser-differential.md). Every input must be accepted or refused as upstream does, accepted inputs must give
 * upstream's tree, and a refusal must point at or before where upstream's parser stopped.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse, stripRanges } from '../src/index.js';
import { parserCases } from '../scripts/lib/gen-conditions.mjs';

interface LabelledCase {
  input: string;
  maxDepth?: number;
  family: string;
  ok: boolean;
  ast?: unknown;
  error?: string;
  /** Where upstream's parser stopped: `idx` is a byte offset into the UTF-8 input. */
  pos?: { idx: number; line: number; col: number };
}

const cases: LabelledCase[] = gunzipSync(readFileSync(new URL('./data/parser-differential.jsonl.gz', import.meta.url)))
  .toString('utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as LabelledCase);

/** UTF-16 offset of a UTF-8 byte offset. */
function utf16Offset(text: string, byteOffset: number): number {
  return Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8').length;
}

const families = [...new Set(cases.map((c) => c.family))];

describe('parser against libsinsp, on generated conditions', () => {
  it('has 20,000 cases in nine families, both verdicts in each', () => {
    expect(cases).toHaveLength(20_000);
    expect(families.sort()).toEqual(['blanks', 'glued', 'grammar', 'list-head', 'mutated', 'nested', 'not-runs', 'nul', 'small-limit']);
    for (const f of families) {
      const of = cases.filter((c) => c.family === f);
      expect(of.some((c) => c.ok), f).toBe(true);
      expect(of.some((c) => !c.ok), f).toBe(true);
    }
  });

  it('is what the generator makes (seed 10), so the data can be regenerated and relabelled', () => {
    const seen = new Set<string>();
    const generated: string[] = [];
    for (const c of parserCases(10, 40_000)) {
      const key = `${c.maxDepth ?? 100} ${c.input}`;
      if (seen.has(key)) continue;
      seen.add(key);
      generated.push(key);
      if (generated.length === cases.length) break;
    }
    expect(generated).toEqual(cases.map((c) => `${c.maxDepth ?? 100} ${c.input}`));
  });

  it.each(families.map((f) => [f]))('%s: same verdict, same tree, error no later than upstream\'s', (family) => {
    const mismatches: string[] = [];
    for (const c of cases.filter((x) => x.family === family)) {
      const r = parse(c.input, c.maxDepth === undefined ? {} : { maxDepth: c.maxDepth });
      const label = `${JSON.stringify(c.input)}${c.maxDepth === undefined ? '' : ` (maxDepth ${c.maxDepth})`}`;
      if (c.ok) {
        if (!r.ast) mismatches.push(`${label}: upstream accepts, we refuse: ${r.diagnostics[0]?.message}`);
        else if (JSON.stringify(stripRanges(r.ast)) !== JSON.stringify(c.ast)) {
          mismatches.push(`${label}: trees differ: ${JSON.stringify(stripRanges(r.ast))} vs ${JSON.stringify(c.ast)}`);
        }
        continue;
      }
      if (r.ast) {
        mismatches.push(`${label}: upstream refuses (${c.error}), we accept`);
        continue;
      }
      const first = r.diagnostics[0]!;
      const upstream = utf16Offset(c.input, c.pos!.idx);
      if (first.range.start.offset > upstream) {
        mismatches.push(`${label}: our error at ${first.range.start.offset} (${first.message}) is past upstream's at ${upstream} (${c.error})`);
      }
      for (const d of r.diagnostics) {
        if (d.range.start.offset < 0 || d.range.end.offset > c.input.length || d.range.start.offset > d.range.end.offset) {
          mismatches.push(`${label}: diagnostic range ${d.range.start.offset}-${d.range.end.offset} outside the input`);
        }
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});
