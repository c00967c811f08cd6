import { describe, expect, it, vi } from 'vitest';
import { readShared } from './support/shared.js';

/*
 * Each condition is parsed once per load: the loader parses every macro and every rule's condition (lists
 * pasted) once, and the compile, the usage marking and the lint rules share those trees; a later load of the
 * same texts with the same lists reuses them (src/rules/compile-rules.ts keeps them across loads). Counted by wrapping
 * the parser's `parse` for every module that imports it.
 */
const calls: string[] = [];
vi.mock('../src/syntax/parser.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/syntax/parser.js')>();
  return { ...real, parse: (text: string, options?: Parameters<typeof real.parse>[1]) => (calls.push(text), real.parse(text, options)) };
});

const { lint } = await import('../src/lint/index.js');
const { loadRules } = await import('../src/rules/loader.js');
const { forgetPastes } = await import('../src/rules/compile-rules.js');

describe('each condition is parsed once per load', () => {
  it.each([
    [['falco_rules.yaml']],
    [['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml']],
    [['k8s_audit_rules.yaml']],
  ])('%j: one parse per macro and per rule', (files) => {
    const src = files.map((f) => ({ path: f, text: readShared(`corpus/rules/${f}`) }));
    forgetPastes();
    calls.length = 0;
    const set = loadRules(src);
    const conditions = set.macros.size + set.rules.length;
    console.log(JSON.stringify({ parses: calls.length, macros: set.macros.size, rules: set.rules.length }));
    // Conditions written alike (the same text, the same lists) are one parse.
    const distinct = new Set([...[...set.macros.values()].map((m) => m.condition.text), ...set.rules.filter((r) => r.pastedText !== undefined).map((r) => r.compiledText)]);
    expect(calls.length).toBe(distinct.size);
    expect(calls.length).toBeLessThanOrEqual(conditions);
    expect(new Set(calls).size).toBe(calls.length);
    for (const r of set.rules) if (r.pastedText !== undefined) expect(calls).toContain(r.pastedText);
    // The next load of the same texts (an editor's, a lint after a load) parses none of them again.
    calls.length = 0;
    lint(src);
    expect(calls).toEqual([]);
  });
});
