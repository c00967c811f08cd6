/**
 * Compile-time agreement with upstream libsinsp master (falcosecurity/libs 48dfd53cd23f) on the conditions of its
 * own unit tests: test/data/libsinsp-compile.jsonl holds every condition libsinsp's tests pass to their filter
 * helpers (scripts/extract-libsinsp-test-conditions.mjs) with libsinsp's verdict when compiled against its
 * default filterchecks (scripts/label-libsinsp-conditions.mjs --compile). Conditions on the tests' mock fields
 * (`c.true`, ...) are refused by both, as unknown fields. We must refuse what libsinsp refuses and compile what
 * it compiles, but for our documented extensions (EXTENSIONS), which must come with their warning.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCondition } from '../src/index.js';

interface Verdict {
  condition: string;
  /** The upstream test file the condition comes from. */
  from: string;
  error?: string;
  compiles?: true;
}

const DATA: Verdict[] = readFileSync(new URL('./data/libsinsp-compile.jsonl', import.meta.url), 'utf8')
  .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Verdict);

/** Conditions libsinsp refuses that we accept on purpose, with the warning code we give instead. */
const EXTENSIONS: readonly { condition: string; warning: string; reason: string }[] = [
  {
    condition: 'join(("a", "b"), "a") = foo',
    warning: 'join-order',
    reason: 'the field-first join(list, separator) is a falco-expr extension (README), compiled as join(separator, list)',
  },
];

describe('compile verdicts on the conditions of libsinsp\'s unit tests', () => {
  it('has upstream verdicts of both kinds, from several test files', () => {
    expect(DATA.length).toBeGreaterThan(700);
    expect(DATA.filter((d) => d.compiles).length).toBeGreaterThan(400);
    expect(DATA.filter((d) => d.error).length).toBeGreaterThan(200);
    expect(new Set(DATA.map((d) => d.from)).size).toBeGreaterThan(8);
    for (const d of DATA) expect((d.compiles ? 1 : 0) + (d.error !== undefined ? 1 : 0), d.condition).toBe(1);
  });

  it('refuses what libsinsp refuses and compiles what it compiles', () => {
    const extensions = new Set(EXTENSIONS.map((e) => e.condition));
    const wrong: string[] = [];
    for (const d of DATA) {
      if (extensions.has(d.condition)) continue;
      const r = checkCondition(d.condition);
      if (d.compiles && !r.condition) {
        wrong.push(`${d.condition}  (${d.from}): libsinsp compiles it, ours: ${r.diagnostics.find((x) => x.severity === 'error')?.message}`);
      }
      if (d.error !== undefined && r.condition) wrong.push(`${d.condition}  (${d.from}): libsinsp refuses it: ${d.error}`);
    }
    expect(wrong).toEqual([]);
  });

  it('accepts the extensions with their warning, where libsinsp refuses them', () => {
    for (const e of EXTENSIONS) {
      const d = DATA.find((x) => x.condition === e.condition);
      expect(d?.error, e.condition).toBeDefined();
      const r = checkCondition(e.condition);
      expect(r.condition, e.condition).toBeDefined();
      expect(r.diagnostics.map((x) => x.code)).toContain(e.warning);
    }
  });
});
