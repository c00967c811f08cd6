import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCatalog, builtinFields } from '../src/fields/catalog.js';
import { lint } from '../src/lint/index.js';
import { loadRules } from '../src/rules/loader.js';

/*
 * Checks are kept across loads (src/rules/compile-rules.ts) for the editor's keystrokes: a load after an edit
 * must answer as a first load of the edited text would. A fresh catalog object has no kept checks, so it
 * gives the first-load answer to compare with.
 */

const rules = (macro: string, rule: string) =>
  `- macro: m\n  condition: ${macro}\n- rule: r\n  desc: d\n  condition: evt.type = open and ${rule}\n  output: o\n  priority: INFO\n`;
const fresh = () => createCatalog(builtinFields());
const view = (ds: ReturnType<typeof lint>) => ds.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code} ${d.message}`);

describe('checks kept across loads', () => {
  it('an edited macro is seen by the rules that use it, and the kept checks of the text before come back', () => {
    const good = rules('proc.name = a', 'm');
    const bad = rules('proc.nmae = a', 'm');
    expect(view(lint([{ path: 'f.yaml', text: good }]))).toEqual([]);
    expect(view(lint([{ path: 'f.yaml', text: bad }]))).toEqual(view(lint([{ path: 'f.yaml', text: bad }], { catalog: fresh() })));
    expect(view(lint([{ path: 'f.yaml', text: bad }])).some((d) => d.includes('unknown-field'))).toBe(true);
    expect(view(lint([{ path: 'f.yaml', text: good }]))).toEqual([]);
  });

  it('drops what it kept for a catalog when the catalog changes', () => {
    const catalog = fresh();
    const text = rules('my.field = a', 'm');
    expect(view(lint([{ path: 'f.yaml', text }], { catalog })).some((d) => d.includes('unknown-field'))).toBe(true);
    catalog.define({ name: 'my.field', type: 'CHARBUF' });
    expect(view(lint([{ path: 'f.yaml', text }], { catalog })).some((d) => d.includes('unknown-field'))).toBe(false);
  });

  it('evaluates what the text says now', () => {
    const event = { 'evt.type': 'open', 'proc.name': 'a' };
    const matches = (macro: string) => loadRules([{ path: 'f.yaml', text: rules(macro, 'm') }]).rules[0]!.compiled!.evaluate(event);
    expect(matches('proc.name = a')).toBe(true);
    expect(matches('proc.name = b')).toBe(false);
    expect(matches('proc.name = a')).toBe(true);
  });

  it('answers as a first load, on generated edits of a macro and a rule', () => {
    const checks = fc.constantFrom('proc.name = a', 'proc.nmae = a', 'fd.name startswith /etc', 'evt.dir = <', 'proc.name regex "^a$"', 'not proc.name in (a, b)', 'undefined_macro', 'proc.pid = x');
    fc.assert(
      fc.property(fc.array(fc.tuple(checks, checks), { minLength: 1, maxLength: 6 }), (edits) => {
        for (const [macro, rule] of edits) {
          const text = rules(macro, `(m or ${rule})`);
          const kept = lint([{ path: 'f.yaml', text }]);
          const first = lint([{ path: 'f.yaml', text }], { catalog: fresh() });
          expect(view(kept)).toEqual(view(first));
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('output checks kept across loads', () => {
  const rule = (name: string, output: string) => `- rule: ${name}\n  desc: d\n  condition: evt.type = open\n  output: "${output}"\n  priority: INFO\n`;
  const problems = (text: string, catalog = createCatalog(builtinFields())) =>
    lint([{ path: 'f.yaml', text }], { catalog }).filter((d) => d.code === 'LOAD_ERR_COMPILE_OUTPUT').map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`);

  it('report the same output at each rule that has it, at that rule', () => {
    const text = rule('a', 'x %proc.nmae') + rule('b', 'x %proc.nmae');
    const catalog = fresh();
    expect(problems(text, catalog)).toEqual([expect.stringMatching(/^4:14 unknown field 'proc.nmae'/), expect.stringMatching(/^9:14 unknown field 'proc.nmae'/)]);
    // Again, moved down a line: the kept analysis, at the new place.
    expect(problems(`\n${text}`, catalog)).toEqual([expect.stringMatching(/^5:14 /), expect.stringMatching(/^10:14 /)]);
  });

  it('see the catalog as it is now, and the source of each rule', () => {
    const catalog = fresh();
    const text = rule('a', 'x %my.field');
    expect(problems(text, catalog)).toHaveLength(1);
    catalog.define({ name: 'my.field', type: 'CHARBUF' });
    expect(problems(text, catalog)).toEqual([]);
    catalog.define({ name: 'my.field', type: 'CHARBUF', source: 'k8s_audit' });
    expect(problems(text, catalog)).toEqual([expect.stringContaining("a field of the 'k8s_audit' source")]);
  });

  it('are kept per source: the same output in a rule of another source is checked for that source', () => {
    const k8s = '- rule: k\n  desc: d\n  condition: ka.verb = create\n  output: "x %proc.name"\n  priority: INFO\n  source: k8s_audit\n';
    const found = problems(rule('a', 'x %proc.name') + k8s);
    expect(found).toEqual([expect.stringMatching(/^9:14 unknown field 'proc.name' in output \(a field of the 'syscall' source, not of 'k8s_audit'\)/)]);
  });

  it('give each rule its own list of output fields', () => {
    const set = loadRules([{ path: 'f.yaml', text: rule('a', 'x %proc.name') + rule('b', 'x %proc.name') }]);
    const [a, b] = set.rules;
    expect(a!.outputFields).toEqual(['proc.name']);
    expect(a!.outputFields).not.toBe(b!.outputFields);
  });
});
