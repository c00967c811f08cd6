import { describe, expect, it, vi } from 'vitest';
import { readShared } from './support/shared.js';

/*
 * Checks kept across loads are keyed by what each check depends on: its texts and the macros its references
 * reach (src/rules/compile-rules.ts). After an edit of a macro, only the macros and rules that reach it are
 * checked again; after an edit of a rule, only that rule. Counted by wrapping `checkCondition` for the loader.
 */
let checks = 0;
vi.mock('../src/eval/compile.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/eval/compile.js')>();
  return { ...real, checkCondition: (...args: Parameters<typeof real.checkCondition>) => (checks++, real.checkCondition(...args)) };
});

const { loadRules } = await import('../src/rules/loader.js');

const words = (text: string) => new Set(text.match(/[A-Za-z_][\w.]*/g) ?? []);

describe('checks kept across loads, by what each check reaches', () => {
  const text = readShared('corpus/rules/falco_rules.yaml');
  const first = loadRules([{ path: 'falco_rules.yaml', text }]);
  const macros = first.macros;
  /** The macros a condition text reaches through its words (transitively). */
  const reaches = (condition: string, target: string, seen = new Set<string>()): boolean => {
    for (const w of words(condition)) {
      if (!macros.has(w) || seen.has(w)) continue;
      if (w === target) return true;
      seen.add(w);
      if (reaches(macros.get(w)!.condition.text, target, seen)) return true;
    }
    return false;
  };

  it('an edited macro: it and what reaches it are checked again, nothing else', () => {
    const name = 'open_write';
    const m = macros.get(name)!;
    const before = m.condition.text;
    expect(before).toMatch(/^\(evt\.type /);
    const edited = text.replace(before, before.replace('(evt.type ', '(evt.type  '));
    expect(edited).not.toBe(text);
    const reaching = [...macros.values()].filter((x) => x.name !== name && reaches(x.condition.text, name)).length + first.rules.filter((r) => r.compiledText !== undefined && reaches(r.compiledText, name)).length;
    expect(reaching).toBeGreaterThan(0);
    const total = macros.size + first.rules.length;
    loadRules([{ path: 'falco_rules.yaml', text }]);
    checks = 0;
    const again = loadRules([{ path: 'falco_rules.yaml', text: edited }]);
    expect(checks).toBe(1 + reaching);
    expect(checks).toBeLessThan(total / 2);
    // And the results are a first load's.
    checks = 0;
    expect(again.diagnostics).toEqual(loadRules([{ path: 'falco_rules.yaml', text: edited }]).diagnostics);
    expect(checks).toBe(0);
  });

  it('an edited rule: that rule alone', () => {
    // A blank more before the first ` and ` of the first rule's condition.
    const at = text.indexOf(' and ', text.indexOf('condition:', text.indexOf(`- rule: ${first.rules[0]!.name}`)));
    const edited = `${text.slice(0, at)} ${text.slice(at)}`;
    loadRules([{ path: 'falco_rules.yaml', text }]);
    checks = 0;
    loadRules([{ path: 'falco_rules.yaml', text: edited }]);
    expect(checks).toBe(1);
  });

  it('a new macro named like an undefined reference checks that reference again', () => {
    const src = (extra: string) => `${extra}- rule: r\n  desc: d\n  condition: evt.type = open and my_macro\n  output: o\n  priority: INFO\n- rule: s\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n`;
    const without = loadRules([{ path: 'r.yaml', text: src('') }]);
    expect(without.diagnostics.map((d) => d.code)).toContain('undefined-macro');
    checks = 0;
    const withIt = loadRules([{ path: 'r.yaml', text: src('- macro: my_macro\n  condition: proc.name = bash\n') }]);
    expect(withIt.diagnostics.map((d) => d.code)).not.toContain('undefined-macro');
    // The macro, and rule r (its reference now resolves); rule s is kept.
    expect(checks).toBe(2);
  });

  it("an undefined reference's \"did you mean\" sees a macro defined since", () => {
    const src = (extra: string) => `${extra}- rule: r\n  desc: d\n  condition: evt.type = open and my_macr\n  output: o\n  priority: INFO\n`;
    const suggestion = (text: string) => loadRules([{ path: 'r.yaml', text }]).diagnostics.find((d) => d.code === 'undefined-macro')?.data?.suggestion;
    expect(suggestion(src(''))).toBeUndefined();
    expect(suggestion(src('- macro: my_macro\n  condition: proc.name = bash\n'))).toBe('my_macro');
  });
});
