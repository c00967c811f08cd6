/**
 * A small sample of the robustness fuzzer (`npm run fuzz -- --runs N`, scripts/fuzz.mjs): 2,000 generated and
 * mutated conditions and rules files (seed 1) through parse, format, checkCondition, compile, evaluate,
 * explain, loadRules, the rule engine and lint. No exception may escape, every diagnostic must lie inside its
 * input with a line and column that match its offset, and format(parse(x)) must parse to the same tree.
 * (Time per call is reported by the script, not asserted here.)
 */
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { fuzz } from '../scripts/fuzz.mjs';

describe('fuzzing', () => {
  it('2,000 inputs: no exception, diagnostics inside the input, format round-trips', () => {
    const report = fuzz(api, { runs: 2000, seed: 1, budgetMs: Infinity });
    expect(report.failures).toEqual([]);
    expect(report.runs).toBe(2000);
    // The sample exercises every stage.
    expect(report.rulesFiles).toBeGreaterThan(200);
    expect(report.accepted).toBeGreaterThan(500);
    expect(report.compiled).toBeGreaterThan(50);
    expect(report.evaluations).toBeGreaterThan(150);
  }, 120_000);
});

describe('found by the fuzzer', () => {
  it('a transformer given an event value of the wrong kind sees no value: evaluate and explain do not throw', () => {
    const c = api.compile('toupper(proc.cmdline) = X');
    for (const v of [5, 5n, true, new Uint8Array([65]), [1]]) {
      expect(c.evaluate({ 'proc.cmdline': v })).toBe(false);
      expect(c.explain({ 'proc.cmdline': v }).result).toBe(false);
    }
    expect(c.evaluate({ 'proc.cmdline': 'x' })).toBe(true);
  });
});

