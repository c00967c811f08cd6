import { describe, expect, it } from 'vitest';
import { parse, stripRanges } from '../src/index.js';
import { corpusConditions, parserCases } from './support/shared.js';

// Upstream's own parser tests (libs filter_parser.ut.cpp), labelled by upstream's parser: every input must be
// accepted or refused as upstream does, and accepted inputs must give upstream's tree.
const cases = parserCases();

describe('upstream parser cases', () => {
  it('has all 526 cases', () => {
    expect(cases).toHaveLength(526);
  });

  it.each(cases.filter((c) => c.ok).map((c) => [c.input, c] as const))('accepts %j with upstream\'s tree', (_input, c) => {
    const r = parse(c.input);
    expect(r.diagnostics).toEqual([]);
    expect(stripRanges(r.ast!)).toEqual(c.ast);
  });

  it.each(cases.filter((c) => !c.ok).map((c) => [c.input, c] as const))('refuses %j', (_input, c) => {
    const r = parse(c.input);
    expect(r.ast).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) {
      expect(d.severity).toBe('error');
      expect(d.range.start.offset).toBeGreaterThanOrEqual(0);
      expect(d.range.end.offset).toBeLessThanOrEqual(c.input.length);
      expect(d.message).not.toMatch(/undefined|NaN|\[object/);
    }
  });

  it('points at or before where upstream stopped, on the same line, for most refusals', () => {
    // Upstream reports the cursor after the last good token; we point at the offending token itself, which
    // starts at or before that cursor. Count the cases where the first diagnostic lies past upstream's position.
    const late = cases
      .filter((c) => !c.ok)
      .filter((c) => parse(c.input).diagnostics[0]!.range.start.offset > c.pos!.idx)
      .map((c) => c.input);
    expect(late).toEqual([]);
  });
});

describe('corpus', () => {
  const conditions = corpusConditions();
  it('parses every rule and macro condition of every corpus rules file (with Falco\'s depth limit)', () => {
    const failures = conditions
      .map((c) => ({ c, r: parse(c.condition, { maxDepth: 1000 }) }))
      .filter(({ r }) => !r.ast)
      .map(({ c, r }) => `${c.file} ${c.item} ${c.name}: ${r.diagnostics[0]?.message}`);
    expect(failures).toEqual([]);
    // falco_rules 112, incubating 113, sandbox 220, deprecated 10, application 21, and 202 in the plugin files.
    expect(conditions.length).toBe(678);
  });
});
