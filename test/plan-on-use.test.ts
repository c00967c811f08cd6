import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planOf } from '../src/eval/codegen.js';
import { checkCondition } from '../src/eval/compile.js';
import { defaultCatalog } from '../src/fields/catalog.js';
import { OPERATORS, MODIFIER_WORDS } from '../src/language/vocabulary.js';
import { loadRules } from '../src/rules/loader.js';
import { genCondition, rng } from '../scripts/lib/gen-conditions.mjs';
import { corpusRuleFiles, readShared } from './support/shared.js';

/*
 * A condition's plan (its tree of closures) is made on its first evaluation, not when it is checked
 * (src/eval/compile.ts): loading and linting rules plan nothing. That is sound only if every tree the checker
 * passes plans: here over every field type, operator and modifier, with constants of every kind.
 */

/** One field of each type, list or not, with and without an argument, from the built-in catalog. */
function fieldPerType(): string[] {
  const seen = new Map<string, string>();
  for (const f of defaultCatalog) {
    if (f.hidden || f.deprecated) continue;
    const key = `${f.type}${f.list ? '[]' : ''}${f.arg.kind}`;
    if (seen.has(key)) continue;
    const arg = f.arg.kind === 'none' ? '' : f.arg.style === 'dot' ? `.${f.arg.values?.[0] ?? 'x'}` : `[${f.arg.values?.[0] ?? (f.arg.kind === 'key' ? 'x' : '1')}]`;
    seen.set(key, `${f.name}${arg}`);
  }
  return [...seen.values()];
}

const CONSTANTS = ['bash', '1', '-1', '0', '18446744073709551615', '1.5', 'true', 'false', '10.0.0.1', '10.0.0.0/8', '::1', 'fe80::/10',
  '"a b"', "'x'", '/etc', '*.sh', 'ba[sh]', '0a0b', 'zz', '""', '10ms', '"ba.*"', '(', 'é'];

describe('planning on first use', () => {
  const fields = fieldPerType();

  it('covers the field types', () => {
    expect(fields.length).toBeGreaterThan(20);
  });

  it('succeeds for every check the checker passes: every field type, operator, modifier and kind of constant', () => {
    let passed = 0;
    const operand = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...fields) },
      fc.constantFrom(...fields).map((f) => `tolower(${f})`),
      fc.constantFrom(...fields).map((f) => `len(${f})`),
      fc.constantFrom(...fields).map((f) => `b64(${f})`),
      fc.constantFrom(...fields).map((f) => `join(",", ${f})`),
    );
    const op = fc.constantFrom(...OPERATORS.map((o) => o.word));
    const modifier = fc.constantFrom('', '', ...MODIFIER_WORDS);
    const values = fc.array(fc.constantFrom(...CONSTANTS), { minLength: 1, maxLength: 3 });
    const right = fc.oneof(values.map((vs) => vs[0]!), values.map((vs) => `(${vs.join(', ')})`), fc.constantFrom(...fields));
    fc.assert(fc.property(operand, op, modifier, right, fc.constantFrom('', 'not '), (o, p, m, r, n) => {
      const text = p === 'exists' ? `${n}${o} exists` : `${n}${o} ${p}${m ? ` ${m}` : ''} ${r}`;
      const c = checkCondition(text, { backend: 'closures' }).condition;
      if (!c) return;
      passed++;
      expect(() => c.evaluate, text).not.toThrow();
      expect(planOf(c), text).toBeDefined();
    }), { numRuns: 10000 });
    expect(passed).toBeGreaterThan(600);
  });

  it("succeeds on the parser generator's conditions the checker passes", () => {
    const r = rng(7);
    let passed = 0;
    for (let i = 0; i < 6000; i++) {
      const text = genCondition(r, { real: true }) as string;
      const c = checkCondition(text, { strict: false, backend: 'closures' }).condition;
      if (!c) continue;
      passed++;
      expect(() => c.evaluate, text).not.toThrow();
    }
    expect(passed).toBeGreaterThan(300);
  });

  it('succeeds for every rule of the corpus (planned on its first evaluation)', () => {
    let rules = 0;
    for (const file of corpusRuleFiles()) {
      const set = loadRules([{ path: file, text: readShared(`corpus/rules/${file}`) }]);
      for (const rule of set.rules) {
        if (!rule.compiled) continue;
        rules++;
        expect(() => rule.compiled!.evaluate({}), rule.name).not.toThrow();
      }
    }
    expect(rules).toBeGreaterThan(200);
  });
});
