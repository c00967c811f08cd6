import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint/index.js';
import { exceptionText, loadRules, type RuleSource } from '../src/rules/loader.js';
import { RuleEngine } from '../src/rules/engine.js';
import { readShared } from './support/shared.js';

const corpus = (name: string): RuleSource => ({ path: name, text: readShared(`corpus/rules/${name}`) });

describe('the corpus loads as in Falco', () => {
  // Incubating and sandbox rules build on falco_rules.yaml, so Falco loads that first; plugin files stand alone.
  it.each([
    [['falco_rules.yaml'], 25],
    [['falco_rules.yaml', 'falco-incubating_rules.yaml'], 56],
    [['falco_rules.yaml', 'falco-sandbox_rules.yaml'], 62],
    [['falco-deprecated_rules.yaml'], 4],
    [['application_rules.yaml'], 0],
    [['k8s_audit_rules.yaml'], 48],
    [['aws_cloudtrail_rules.yaml'], 22],
    [['github.yaml'], 15],
    [['okta_rules.yaml'], 21],
    [['gcp_auditlog_rules.yaml'], 39],
  ])('%j: no errors, every rule compiles', (files, rules) => {
    const set = loadRules(files.map(corpus));
    expect(set.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(set.rules).toHaveLength(rules);
    expect(set.rules.every((r) => r.compiled)).toBe(true);
  });

  it('warns only as explained: unused macros of the archived application rules, evt.dir in deprecated rules', () => {
    const app = lint([corpus('application_rules.yaml')]);
    expect(new Set(app.map((d) => d.code))).toEqual(new Set(['LOAD_UNUSED_MACRO']));
    const dep = lint([corpus('falco-deprecated_rules.yaml')]);
    expect(new Set(dep.map((d) => d.code))).toEqual(new Set(['LOAD_DEPRECATED_ITEM']));
    expect(dep.every((d) => d.message.startsWith("field 'evt.dir' is deprecated"))).toBe(true);
    expect(lint([corpus('falco_rules.yaml')]).filter((d) => d.severity !== 'info')).toEqual([]);
  });
});

const at = (d: { file?: string; range: { start: { line: number; column: number } } }) => `${d.file}:${d.range.start.line}:${d.range.start.column}`;
const problems = (text: string, more: RuleSource[] = []) =>
  lint([...more, { path: 'broken.yaml', text }]).filter((d) => d.severity !== 'info').map((d) => `${at(d)} ${d.code}: ${d.message}`);

describe('diagnostics point into the user file', () => {
  it('inside a folded condition', () => {
    const text = [
      '- rule: r',                                     // 1
      '  desc: d',                                     // 2
      '  condition: >',                                // 3
      '    evt.type = execve and',                     // 4
      '    proc.nmae in (bash, sh)',                   // 5
      '  output: "%proc.name"',                        // 6
      '  priority: WARNING',                           // 7
    ].join('\n');
    expect(problems(text)).toEqual(["broken.yaml:5:5 unknown-field: unknown field 'proc.nmae' (did you mean 'proc.name'?)"]);
  });

  it('inside a literal block, a quoted scalar and a plain multi-line scalar', () => {
    const text = [
      '- macro: m1',                                   // 1
      '  condition: |',                                // 2
      '    evt.type = open',                           // 3
      '      and proc.pid = abc',                      // 4
      '- macro: m2',                                   // 5
      '  condition: "evt.type = open and fd.net = \\"10.0.0.0/33\\""', // 6
      '- macro: m3',                                   // 7
      '  condition: evt.type = open',                  // 8
      '    and proc.name bcontains zz',                // 9
      '- rule: r',                                     // 10
      '  desc: d',                                     // 11
      '  condition: m1 and m2 and m3',                 // 12
      '  output: "%proc.name"',                        // 13
      '  priority: WARNING',                           // 14
    ].join('\n');
    expect(problems(text)).toEqual([
      'broken.yaml:4:22 invalid-value: abc is not a valid number',
      // The quoted value "10.0.0.0/33" begins at the escaped quote \" in the source.
      'broken.yaml:6:44 invalid-value: invalid netmask 33',
      "broken.yaml:9:9 operator-type: 'bcontains' operator not supported for string filters",
    ]);
  });

  it('for syntax errors, with several in one file', () => {
    const text = [
      '- macro: a',                                    // 1
      '  condition: (evt.type = open',                 // 2
      '- macro: b',                                    // 3
      '  condition: proc.name in (x,)',                // 4
      '- rule: r',                                     // 5
      '  desc: d',                                     // 6
      '  condition: a and b and proc.name exist',      // 7
      '  output: "%proc.name"',                        // 8
      '  priority: WARNING',                           // 9
    ].join('\n');
    expect(problems(text).map((p) => p.slice(0, p.indexOf(' parse-error') + 12))).toEqual([
      'broken.yaml:2:30 parse-error',
      'broken.yaml:4:30 parse-error',
      'broken.yaml:7:36 parse-error',
    ]);
    // Positions inside messages are also positions in the file.
    expect(problems(text)[0]).toBe("broken.yaml:2:30 parse-error: expected ')' to close '(' opened at 2:14, found the end of the condition");
  });

  it('for structure problems, unknown keys, outputs, unused items and cycles', () => {
    const text = [
      '- list: l',                                     // 1
      '  items: [a, b]',                               // 2
      '- macro: loop1',                                // 3
      '  condition: loop2',                            // 4
      '- macro: loop2',                                // 5
      '  condition: loop1',                            // 6
      '- rule: r',                                     // 7
      '  desc: d',                                     // 8
      '  condition: evt.type = open and evt.type = execve',   // 9
      '  output: "%proc.nam and %fd.name"',            // 10
      '  priority: WARNING',                           // 11
      '  tgas: [x]',                                   // 12
      '- rule: r2',                                    // 13
      '  desc: d',                                     // 14
      '  condition: loop1',                            // 15
      '  output: x',                                   // 16
      '  priority: LOUD',                              // 17
    ].join('\n');
    expect(problems(text)).toEqual([
      'broken.yaml:1:3 LOAD_UNUSED_LIST: List \'l\' not referred to by any other rule/macro',
      // loop1 names loop2 before it is defined (an undefined macro to Falco); each names the other, so both
      // count as used, as in Falco.
      "broken.yaml:4:14 undefined-macro: Undefined macro 'loop2' used in filter.",
      "broken.yaml:9:14 never-true: this condition can never be true: evt.type cannot be both in (open) and in (execve)",
      "broken.yaml:10:12 LOAD_ERR_COMPILE_OUTPUT: unknown field 'proc.nam' in output (did you mean 'proc.name'?)",
      "broken.yaml:12:3 LOAD_UNKNOWN_KEY: Unknown key 'tgas' in rule 'r': Falco ignores it (did you mean 'tags'?)",
      "broken.yaml:17:13 LOAD_ERR_YAML_VALIDATE: Invalid priority 'LOUD': expected one of emergency, alert, critical, error, warning, notice, informational, debug",
    ]);
  });

  it('for YAML syntax errors', () => {
    const d = lint([{ path: 'bad.yaml', text: '- rule: x\n  desc: [unclosed\n' }]);
    expect(d[0]).toMatchObject({ code: 'LOAD_ERR_YAML_PARSE', severity: 'error', file: 'bad.yaml' });
  });

  it('for rules with no event type restriction, as Falco warns', () => {
    const d = lint([{ path: 'r.yaml', text: '- rule: r\n  desc: d\n  condition: proc.name = bash\n  output: x\n  priority: INFO\n' }]);
    expect(d.map((x) => `${at(x)} ${x.code}`)).toEqual(['r.yaml:3:14 LOAD_NO_EVTTYPE']);
  });
});

describe('Falco semantics of the loader', () => {
  const base = [
    '- list: shells',
    '  items: [bash]',
    '- macro: spawned',
    '  condition: evt.type = execve',
    '- rule: shell',
    '  desc: d',
    '  condition: spawned and proc.name in (shells)',
    '  output: "shell %proc.name"',
    '  priority: WARNING',
    '  exceptions:',
    '    - name: by_parent',
    '      fields: [proc.pname, user.name]',
    '      values: [[sshd, root]]',
  ].join('\n');
  const custom = [
    '- list: shells',
    '  items: [zsh]',
    '  override:',
    '    items: append',
    '- rule: shell',
    '  condition: and user.name != nobody',
    '  exceptions:',
    '    - name: by_parent',
    '      values: [[cron, root]]',
    '  override:',
    '    condition: append',
    '    exceptions: append',
    '- rule: shell',
    '  priority: CRITICAL',
    '  override:',
    '    priority: replace',
  ].join('\n');

  it('appends and replaces as override says, and builds exceptions into the condition', () => {
    const set = loadRules([{ path: 'base.yaml', text: base }, { path: 'custom.yaml', text: custom }]);
    expect(set.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const rule = set.rules[0]!;
    expect(rule.priority).toBe('CRITICAL');
    expect(rule.compiledText).toBe('(spawned and proc.name in (shells) and user.name != nobody) and not ((proc.pname = sshd and user.name = root) or (proc.pname = cron and user.name = root))');
    const engine = new RuleEngine(set);
    const ev = (name: string, pname: string, user = 'alice') => engine.match({ 'evt.type': 'execve', 'proc.name': name, 'proc.pname': pname, 'user.name': user }).length;
    expect(ev('zsh', 'init')).toBe(1);
    expect(ev('bash', 'sshd', 'root')).toBe(0);
    expect(ev('bash', 'cron', 'root')).toBe(0);
    expect(ev('bash', 'cron', 'nobody')).toBe(0);
    expect(ev('fish', 'init')).toBe(0);
  });

  it('reports appends to items that do not exist, and mixing append with override', () => {
    expect(problems('- list: nope\n  items: [a]\n  override:\n    items: append\n')).toEqual([
      "broken.yaml:1:3 LOAD_ERR_VALIDATE: List has 'append' key or an append override but no list by that name already exists",
    ]);
    expect(problems('- macro: m\n  condition: evt.num > 0\n  append: true\n  override:\n    condition: append\n').some((p) => /cannot be used together/.test(p))).toBe(true);
  });

  it('writes single-field and modifier exceptions as Falco does', () => {
    const ex = { name: 'x', file: 'f', node: undefined as never, source: '' };
    expect(exceptionText({ ...ex, fields: 'proc.name', comps: 'in', values: ['a b', 'c'] })).toBe('(proc.name in ("a b", c))');
    expect(exceptionText({ ...ex, fields: ['proc.name', 'fd.name'], comps: ['startswith oneof', 'pmatch'], values: [['a', ['/tmp', '/var']]] }))
      .toBe('((proc.name startswith oneof (a) and fd.name pmatch (/tmp, /var)))');
  });

  it('skips rules of unknown sources with a warning, and refuses fields of another source', () => {
    expect(problems('- rule: r\n  desc: d\n  condition: x.y = 1\n  output: o\n  priority: INFO\n  source: nosuch\n')).toEqual([
      'broken.yaml:6:11 LOAD_UNKNOWN_SOURCE: Unknown source nosuch, skipping',
    ]);
    expect(problems('- rule: r\n  desc: d\n  condition: ka.verb = get and proc.name = x\n  output: o\n  priority: INFO\n  source: k8s_audit\n')[0])
      .toMatch(/field 'proc.name' belongs to the 'syscall' source/);
  });
});

describe('warnings Falco gives', () => {
  it('on invalid names, duplicate exception names, <NA> comparisons and duplicate definitions', () => {
    const text = [
      '- list: "bad name"',                            // 1
      '  items: [a]',                                  // 2
      '- macro: bad.name',                             // 3
      '  condition: evt.num > 0',                      // 4
      '- rule: r',                                     // 5
      '  desc: d',                                     // 6
      '  condition: ka.verb = get and ka.user.name != <NA>',  // 7
      '  output: o',                                   // 8
      '  priority: INFO',                              // 9
      '  source: k8s_audit',                           // 10
      '  exceptions:',                                 // 11
      '    - name: e',                                 // 12
      '      fields: ka.user.name',                    // 13
      '    - name: e',                                 // 14
      '      fields: ka.user.name',                    // 15
      '- list: l2',                                    // 16
      '  items: [x]',                                  // 17
      '- list: l2',                                    // 18
      '  items: [y]',                                  // 19
    ].join('\n');
    const codes = lint([{ path: 'w.yaml', text }]).map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}`);
    expect(codes).toContain('1:9 LOAD_INVALID_LIST_NAME');
    expect(codes).toContain('3:10 LOAD_INVALID_MACRO_NAME');
    expect(codes).toContain('7:32 LOAD_UNSAFE_NA_CHECK');
    expect(codes).toContain('14:13 LOAD_EXCEPTION_NAME_NOT_UNIQUE');
    expect(codes).toContain('18:9 duplicate-definition');
  });
});

describe('cycles', () => {
  it('lists that name each other expand one level, as Falco pastes them (no loop)', () => {
    const text = '- list: a\n  items: [b, x]\n- list: b\n  items: [a]\n- rule: r\n  desc: d\n  condition: evt.type = open and proc.name in (a)\n  output: o\n  priority: INFO\n';
    const set = loadRules([{ path: 'c.yaml', text }]);
    expect(set.diagnostics).toEqual([]);
    // Falco 0.63: a = [b, x] (b is defined after a), b = [b, x] (a's own items); pasting a, then b: (b, x, x).
    expect([...set.lists.values()].map((l) => l.compiledItems)).toEqual([['b', 'x'], ['b', 'x']]);
    expect(set.rules[0]!.compiled?.ast).toMatchObject({ children: [{}, { right: { values: ['b', 'x', 'x'] } }] });
  });
});

describe('what Falco refuses and the library accepts', () => {
  it('reports a list name without parentheses', () => {
    const text = '- list: shells\n  items: [bash, sh]\n- list: one\n  items: [zsh]\n- rule: r\n  desc: d\n  condition: evt.type = execve and proc.name in shells and proc.pname in one\n  output: o\n  priority: INFO\n';
    const d = lint([{ path: 'p.yaml', text }]);
    expect(d.map((x) => `${at(x)} ${x.severity} ${x.code}`)).toEqual(['p.yaml:7:49 error list-needs-parentheses']);
  });
});

describe('bad input never crashes the loader', () => {
  it('on generated rules files', async () => {
    const fc = (await import('fast-check')).default;
    const line = fc.constantFrom(
      '- rule: r', '- macro: m', '- list: l', '  items: [a, b]', '  items: a', '  items: [[a]]', '  condition: evt.type = open and m',
      '  condition: (', '  condition: 5', '  condition:', '  output: "%proc.name %nope.x"', '  desc: d', '  priority: INFO',
      '  priority: [x]', '  enabled: maybe', '  append: true', '  override:', '    condition: append', '    items: replace', '    bogus: x',
      '  exceptions:', '    - name: e', '      fields: [proc.name]', '      values: [[a]]', '      comps: in', '  source: k8s_audit',
      '- required_engine_version: x', '- required_plugin_versions: [{name: a}]', '&a x', '*a', '- [1, 2]', '- "unterminated', '  tags: [a',
      '---', '- 12', '- rule: r2\n  condition: evt.type = open\n  output: o\n  desc: d\n  priority: INFO',
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 14 }), (lines) => {
      const text = lines.join('\n');
      const set = loadRules([{ path: 'f.yaml', text }]);
      for (const d of set.diagnostics) {
        expect(d.file).toBe('f.yaml');
        expect(d.range.start.line).toBeGreaterThanOrEqual(1);
        expect(d.range.start.offset).toBeLessThanOrEqual(text.length);
      }
    }), { numRuns: 1500 });
  });
});
