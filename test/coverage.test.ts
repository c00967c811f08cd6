import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runTestFile } from '../src/cli/ruletest.js';
import { CoverageCollector, formatCoverageLcov, goals, mergeCoverage, uncovered, type CoverageItem } from '../src/rules/coverage.js';
import { RuleEngine } from '../src/rules/engine.js';
import { loadRules } from '../src/rules/loader.js';
import { readShared } from './support/shared.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = join(root, 'test/fixtures/coverage');
const rulesFile = join(fixture, 'rules.yaml');
const bin = join(root, 'dist/cli/main.cjs');

/** An item as `kind name @line:column hits/yes/no`, to compare whole reports at a glance. */
const brief = (i: CoverageItem) => `${i.kind} ${i.name}${i.owner ? ` [${i.owner}]` : ''} @${i.line}:${i.column} ${i.hits}/${i.yes}/${i.no}${i.alwaysTrue ? ' always-true' : ''}`;

describe('coverage of rules by test cases', () => {
  it('counts every goal of a file with known coverage', () => {
    const r = runTestFile(join(fixture, 'cases.test.yaml'), { coverage: true });
    expect(r.errors).toEqual([]);
    expect(r.cases.every((c) => c.passed)).toBe(true);
    const cov = r.coverage!;
    expect(cov.events).toBe(5);
    expect(cov.files.map((f) => f.file)).toEqual([rulesFile]);
    // hits/yes/no: rules evaluated/fired/not fired, checks evaluated/true/false, macros and lists used.
    expect(cov.files[0]!.items.map(brief)).toEqual([
      'list shells @2:3 3/0/0',
      'macro spawned @8:3 3/0/0',
      'check evt.type = execve [macro spawned] @9:14 3/3/0 always-true',
      'macro in_container @11:3 4/0/0',
      'check container.id != host [macro in_container] @12:14 4/3/1',
      'rule Shell in container @14:3 3/1/2',
      'check proc.name in (bash, sh) [rule Shell in container] @16:43 3/2/1',
      'exception debugger [rule Shell in container] @21:7 2/1/1',
      'check proc.pname = gdb [exception debugger of rule Shell in container] @21:7 2/1/1',
      'rule Any open @26:3 1/1/0',
      'check evt.type = openat [rule Any open] @28:14 1/1/0 always-true',
      'check fd.name startswith /etc [rule Any open] @28:36 1/1/0',
      'rule Netcat connects @33:3 0/0/0',
      'check evt.type = connect [rule Netcat connects] @35:14 0/0/0 always-true',
      'check proc.name = nc [rule Netcat connects] @35:37 0/0/0',
    ]);
    expect(cov.counts).toEqual({ covered: 17, total: 24, percent: (17 / 24) * 100 });
    expect(uncovered(cov).map((u) => u.replace(fixture + '/', ''))).toEqual([
      "rules.yaml:26:3  rule 'Any open': never evaluated without firing",
      "rules.yaml:28:36  check 'fd.name startswith /etc' (rule Any open): never false",
      "rules.yaml:33:3  rule 'Netcat connects': never evaluated",
      "rules.yaml:35:14  check 'evt.type = connect' (rule Netcat connects): never evaluated",
      "rules.yaml:35:37  check 'proc.name = nc' (rule Netcat connects): never evaluated",
    ]);
  });

  it('follows rule_matching: a rule after the first match is not evaluated with first, it is with all', () => {
    const text = readFileSync(rulesFile, 'utf8');
    const set = loadRules([{ path: 'r.yaml', text: text + '\n- rule: Any shell\n  desc: d\n  condition: spawned and proc.name in (shells)\n  output: o\n  priority: INFO\n' }]);
    const ev = { 'evt.type': 'execve', 'proc.name': 'bash', 'container.id': 'abc' };
    const hits = (ruleMatching: 'first' | 'all') => {
      const engine = new RuleEngine(set, { ruleMatching });
      const c = new CoverageCollector(set, engine);
      c.observe(engine, ev);
      return c.report().files[0]!.items.find((i) => i.kind === 'rule' && i.name === 'Any shell')!.hits;
    };
    expect(hits('first')).toBe(0);
    expect(hits('all')).toBe(1);
  });

  it('merges the reports of test files that load the same rules', () => {
    const a = runTestFile(join(fixture, 'cases.test.yaml'), { coverage: true }).coverage!;
    const m = mergeCoverage([a, a]);
    expect(m.events).toBe(10);
    expect(m.counts).toEqual(a.counts);
    expect(m.files[0]!.items.find((i) => i.kind === 'rule' && i.name === 'Shell in container')).toMatchObject({ hits: 6, yes: 2, no: 4 });
  });

  it('writes lcov records on the rules file', () => {
    const r = runTestFile(join(fixture, 'cases.test.yaml'), { coverage: true }).coverage!;
    const lcov = formatCoverageLcov(r).split('\n');
    expect(lcov).toContain(`SF:${rulesFile}`);
    expect(lcov).toContain('FN:14,rule Shell in container');
    expect(lcov).toContain('FNDA:0,rule Netcat connects');
    expect(lcov).toContain('DA:33,0');
    expect(lcov).toContain('DA:16,3');
    // fd.name startswith /etc: true once, never false; the always-true evt.type check has one branch.
    expect(lcov).toContain('BRDA:28,1,0,1');
    expect(lcov).toContain('BRDA:28,1,1,0');
    expect(lcov.filter((l) => l.startsWith('BRDA:9,'))).toEqual(['BRDA:9,0,0,3']);
    expect(lcov.at(-2)).toBe('end_of_record');
  });

  it('covers falco_rules.yaml from a few events, with every item placed in the file', () => {
    const text = readShared('corpus/rules/falco_rules.yaml');
    const set = loadRules([{ path: 'falco_rules.yaml', text }]);
    const engine = new RuleEngine(set);
    const c = new CoverageCollector(set, engine);
    c.observe(engine, { 'evt.type': 'execve', 'evt.dir': '<', 'proc.name': 'bash', 'proc.pname': 'nginx', 'container.id': 'abc', 'proc.tty': 34816 });
    c.observe(engine, { 'evt.type': 'openat', 'evt.dir': '<', 'evt.is_open_read': true, 'fd.typechar': 'f', 'fd.num': 3, 'fd.name': '/etc/shadow', 'proc.name': 'cat' });
    const r = c.report();
    expect(r.files.map((f) => f.file)).toEqual(['falco_rules.yaml']);
    const items = r.files[0]!.items;
    const lines = text.split('\n').length;
    for (const i of items) expect(i.line >= 1 && i.line <= lines).toBe(true);
    expect(items.filter((i) => i.kind === 'rule').length).toBe(engine.rules.length);
    // Every check is placed on a line of the file whose text is the check's field.
    const fileLines = text.split('\n');
    for (const i of items.filter((x) => x.kind === 'check' && !x.owner!.startsWith('exception'))) {
      const field = /^[a-z_]+\.[a-zA-Z_.]+/.exec(i.name.replace(/^\w+\(/, ''))?.[0];
      if (field) expect(fileLines[i.line - 1]!.slice(i.column - 1)).toContain(field.split('.')[0]);
    }
    expect(r.counts.covered).toBeGreaterThan(0);
    expect(r.counts.covered).toBeLessThan(r.counts.total);
  });
});

describe('coverage invariants, on falco_rules.yaml and generated events', () => {
  const set = loadRules([{ path: 'falco_rules.yaml', text: readShared('corpus/rules/falco_rules.yaml') }]);
  const value = fc.oneof(fc.constantFrom('bash', 'sh', 'nginx', 'host', 'abc123', '/etc/shadow', '/tmp/x', '<NA>', ''), fc.integer({ min: -1, max: 40000 }), fc.boolean());
  const event = fc.record(
    {
      'evt.type': fc.constantFrom('execve', 'execveat', 'openat', 'open', 'connect', 'unlinkat', 'ptrace', 'memfd_create', 'close'),
      'evt.dir': fc.constantFrom('<', '>'),
      'proc.name': value, 'proc.pname': value, 'proc.cmdline': value, 'proc.tty': value, 'container.id': value,
      'fd.name': value, 'fd.typechar': fc.constantFrom('f', '4', '6', 'u'), 'fd.num': value, 'evt.is_open_read': fc.boolean(),
      'user.name': value, 'proc.aname[2]': value, 'evt.res': value,
    },
    { requiredKeys: ['evt.type'] },
  );

  it('counts each evaluation once as yes or no, and more events never cover less', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), fc.array(event, { maxLength: 6 }), fc.constantFrom('first' as const, 'all' as const), (a, b, ruleMatching) => {
        const engine = new RuleEngine(set, { ruleMatching });
        const c = new CoverageCollector(set, engine);
        for (const e of a) c.observe(engine, e);
        const before = c.report();
        for (const e of b) c.observe(engine, e);
        const after = c.report();
        for (const f of after.files) {
          for (const i of f.items) {
            if (i.kind !== 'macro' && i.kind !== 'list') expect(i.yes + i.no, `${i.kind} ${i.name}`).toBe(i.hits);
            if (i.kind === 'check' && i.alwaysTrue) expect(i.no).toBe(0);
          }
        }
        const rules = after.files[0]!.items.filter((i) => i.kind === 'rule');
        expect(rules.reduce((n, r) => n + r.hits, 0)).toBe([...a, ...b].reduce((n, e) => n + engine.trace(e).length, 0));
        expect(after.counts.total).toBe(before.counts.total);
        expect(after.counts.covered).toBeGreaterThanOrEqual(before.counts.covered);
        // One uncovered line per item with a goal not met.
        const unmet = after.files.flatMap((f) => f.items).filter((i) => goals(i).some((g) => !g.met)).length;
        expect(uncovered(after).length).toBe(unmet);
        expect(unmet).toBeLessThanOrEqual(after.counts.total - after.counts.covered);
      }),
      { numRuns: 60 },
    );
  });
});

describe.skipIf(!existsSync(bin))('falco-expr test --coverage', () => {
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('prints the summary with uncovered items at file:line, and fails below --coverage-min', () => {
    const r = run(['test', 'test/fixtures/coverage/cases.test.yaml', '--coverage', '--no-color']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('coverage over 5 events: 70.8% (17/24) of goals met');
    expect(r.out).toContain('  rules       2/3 fired, 1/3 not fired');
    expect(r.out).toContain("  test/fixtures/coverage/rules.yaml:33:3  rule 'Netcat connects': never evaluated");
    expect(run(['test', 'test/fixtures/coverage/cases.test.yaml', '--coverage-min', '70']).code).toBe(0);
    const low = run(['test', 'test/fixtures/coverage/cases.test.yaml', '--coverage-min', '71']);
    expect(low.code).toBe(1);
    expect(low.err).toContain('coverage 70.8% is below --coverage-min 71%');
    expect(run(['test', 'test/fixtures/coverage/cases.test.yaml', '--coverage-min', 'lots']).code).toBe(2);
  });

  it('writes lcov and json to standard output (the test report to standard error) or to a file', () => {
    const lcov = run(['test', 'test/fixtures/coverage/cases.test.yaml', '--coverage-format', 'lcov']);
    expect(lcov.out.split('\n')[1]).toBe('SF:test/fixtures/coverage/rules.yaml');
    expect(lcov.err).toContain('5 passed, 0 failed');
    const json = JSON.parse(run(['test', 'test/fixtures/coverage/cases.test.yaml', '--coverage-format', 'json']).out);
    expect(json.counts).toEqual({ covered: 17, total: 24, percent: (17 / 24) * 100 });
    const dir = mkdtempSync(join(tmpdir(), 'fe-cov-'));
    const out = join(dir, 'lcov.info');
    execFileSync(process.execPath, [bin, 'test', 'test/fixtures/coverage/cases.test.yaml', '--coverage-format', 'lcov', '--coverage-output', out], { cwd: root });
    expect(readFileSync(out, 'utf8')).toBe(lcov.out);
  });
});
