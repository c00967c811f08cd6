import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runTestFile } from '../src/cli/ruletest.js';
import { RuleEngine, matchesWildcard, selectRules } from '../src/rules/engine.js';
import { loadRules } from '../src/rules/loader.js';
import { readShared } from './support/shared.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/cli/main.cjs');

const rule = (name: string, condition: string, extra = '') =>
  `- rule: ${name}\n  desc: d\n  condition: ${condition}\n  output: ${name}\n  priority: NOTICE\n${extra}`;

const RULES = [
  rule('Untyped', 'proc.name = bash', '  tags: [any]\n'),
  rule('Shell', 'evt.type = execve and proc.name = bash', '  tags: [shell, process]\n'),
  rule('Any exec', 'evt.type = execve', '  tags: [process]\n'),
  rule('Off', 'evt.type = execve and proc.name = bash', '  enabled: false\n  tags: [shell]\n'),
].join('\n');
const set = loadRules([{ path: 'm.yaml', text: RULES }]);
const bash = { 'evt.type': 'execve', 'proc.name': 'bash' };
const names = (e: RuleEngine, ev: Record<string, unknown>) => e.match(ev).map((a) => a.rule.name);

describe("Falco's rule matching", () => {
  it('first (the default) stops at the first match; rules indexed by the event type come before the others', () => {
    expect(set.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(new RuleEngine(set).ruleMatching).toBe('first');
    expect(names(new RuleEngine(set), bash)).toEqual(['Shell']);
    expect(new RuleEngine(set).trace(bash).map((t) => `${t.rule.name}:${t.matched}`)).toEqual(['Shell:true']);
    // An open event has no indexed rule: the untyped rule is evaluated.
    expect(names(new RuleEngine(set), { 'evt.type': 'open', 'proc.name': 'bash' })).toEqual(['Untyped']);
  });

  it('all reports every match of the indexed rules, and, as Falco, skips the untyped rules after one matched', () => {
    const all = new RuleEngine(set, { ruleMatching: 'all' });
    expect(names(all, bash)).toEqual(['Shell', 'Any exec']);
    expect(names(all, { 'evt.type': 'execve', 'proc.name': 'ls' })).toEqual(['Any exec']);
    expect(names(all, { 'evt.type': 'open', 'proc.name': 'bash' })).toEqual(['Untyped']);
  });

  it('keeps first and all consistent: first is the head of all, on the corpus rules', () => {
    const corpus = loadRules([{ path: 'falco_rules.yaml', text: readShared('corpus/rules/falco_rules.yaml') }]);
    const first = new RuleEngine(corpus);
    const all = new RuleEngine(corpus, { ruleMatching: 'all' });
    const events = readShared('corpus/scap/syscall.events.jsonl').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    let fired = 0;
    for (const ev of events) {
      const a = names(all, ev);
      expect(names(first, ev)).toEqual(a.slice(0, 1));
      fired += a.length;
    }
    expect(events.length).toBeGreaterThan(100);
    void fired;
  });

  it('enables and disables by name with wildcards and by tag, in order, as falco.yaml rules:', () => {
    const order = (sel: Parameters<typeof selectRules>[1]) => selectRules(set.rules, sel).map((r) => r.name);
    expect(order([])).toEqual(['Untyped', 'Shell', 'Any exec']);
    expect(order([{ op: 'disable', rule: '*' }, { op: 'enable', tag: 'shell' }])).toEqual(['Shell', 'Off']);
    // An enabled rule goes to the end of the evaluation order, as in Falco's ruleset.
    expect(order([{ op: 'disable', rule: 'Shell' }, { op: 'enable', rule: 'Sh*' }])).toEqual(['Untyped', 'Any exec', 'Shell']);
    expect(order([{ op: 'disable', tag: 'process' }])).toEqual(['Untyped']);
    const engine = new RuleEngine(set, { selection: [{ op: 'disable', rule: 'Shell' }, { op: 'enable', rule: 'Shell' }] });
    expect(names(engine, bash)).toEqual(['Any exec']);
  });

  it("matches names with Falco's wildcards: * is any text, literals taken at their first occurrence", () => {
    expect(matchesWildcard('Shell', 'Shell')).toBe(true);
    expect(matchesWildcard('Shell', 'Shell in container')).toBe(false);
    expect(matchesWildcard('*', 'anything')).toBe(true);
    expect(matchesWildcard('**', '')).toBe(true);
    expect(matchesWildcard('Shell*', 'Shell in container')).toBe(true);
    expect(matchesWildcard('*container', 'Shell in container')).toBe(true);
    expect(matchesWildcard('*in*', 'Shell in container')).toBe(true);
    expect(matchesWildcard('S*l*r', 'Shell in container')).toBe(true);
    expect(matchesWildcard('*ab', 'abab')).toBe(false); // no backtracking, as Falco
    expect(matchesWildcard('a*', 'b')).toBe(false);
    // Without a star it is equality; a pattern that matches is a subsequence of the name.
    fc.assert(fc.property(fc.string(), fc.string(), (p, s) => {
      const noStar = p.replaceAll('*', '');
      expect(matchesWildcard(noStar, s)).toBe(noStar === s);
      if (matchesWildcard(p, s)) {
        let at = 0;
        for (const part of p.split('*')) {
          const k = s.indexOf(part, at);
          expect(k).toBeGreaterThanOrEqual(0);
          at = k + part.length;
        }
      }
      expect(matchesWildcard(`*${s}*`, `x${s}y`)).toBe(true);
    }));
  });

  it('a test that expects a shadowed rule to fire says which rule matched first, and where', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fe-match-'));
    writeFileSync(join(dir, 'r.yaml'), RULES);
    const t = join(dir, 't.test.yaml');
    writeFileSync(t, 'rules: [r.yaml]\ncases:\n  - name: both\n    event: { evt.type: execve, proc.name: bash }\n    fire: [Any exec]\n');
    const first = runTestFile(t);
    expect(first.cases[0]!.passed).toBe(false);
    expect(first.cases[0]!.problems[0]).toBe(`expected 'Any exec' to fire, it did not: its condition holds, but it is shadowed by rule 'Shell' at ${join(dir, 'r.yaml')}:8 (rule_matching: first stops at the first match)`);
    expect(runTestFile(t, { ruleMatching: 'all' }).cases[0]!.passed).toBe(true);
    // The test file may say it, as falco.yaml does; the option wins.
    const tAll = join(dir, 'all.test.yaml');
    writeFileSync(tAll, 'rules: [r.yaml]\nrule_matching: all\ncases:\n  - name: both\n    event: { evt.type: execve, proc.name: bash }\n    fire: [Shell, Any exec]\n');
    expect(runTestFile(tAll).cases[0]!.passed).toBe(true);
    expect(runTestFile(tAll, { ruleMatching: 'first' }).cases[0]!.passed).toBe(false);
    const tBad = join(dir, 'bad.test.yaml');
    writeFileSync(tBad, 'rules: [r.yaml]\nrule_matching: most\ncases: []\n');
    expect(runTestFile(tBad).errors).toEqual([`${tBad}:2: 'rule_matching' must be 'first' or 'all'`]);
    expect(runTestFile(t, { selection: [{ op: 'disable', tag: 'shell' }] }).cases[0]!.passed).toBe(true);
    const off = runTestFile(t, { selection: [{ op: 'disable', rule: 'Any*' }] }).cases[0]!;
    expect(off.problems).toEqual(["expected 'Any exec' to fire, it did not:", '      (the rule is disabled by the rule selection)']);
  });
});

describe.skipIf(!existsSync(bin))('--rule-matching, --enable and --disable on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fe-match-cli-'));
  const rules = join(dir, 'r.yaml');
  writeFileSync(rules, RULES);
  const events = join(dir, 'e.jsonl');
  writeFileSync(events, JSON.stringify(bash) + '\n');
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const fired = (out: string) => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).rule);

  it('run', () => {
    expect(fired(run(['run', '--rules', rules, '--events', events, '--quiet']).out)).toEqual(['Shell']);
    expect(fired(run(['run', '--rules', rules, '--events', events, '--quiet', '--rule-matching', 'all']).out)).toEqual(['Shell', 'Any exec']);
    expect(fired(run(['run', '--rules', rules, '--events', events, '--quiet', '--rule-matching=all', '--disable', 'tag:shell']).out)).toEqual(['Any exec']);
    expect(fired(run(['run', '--rules', rules, '--events', events, '--quiet', '--disable', '*', '--enable', 'rule:Off']).out)).toEqual(['Off']);
    const bad = run(['run', '--rules', rules, '--events', events, '--rule-matching', 'most']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--rule-matching must be 'first' or 'all', not 'most'");
  });

  it('eval --rules without a condition prints the rules the event fires', () => {
    const ev = JSON.stringify(bash);
    expect(run(['eval', '--rules', rules, '--event', ev])).toMatchObject({ code: 0, out: 'Shell\n' });
    expect(run(['eval', '--rules', rules, '--event', ev, '--rule-matching', 'all'])).toMatchObject({ code: 0, out: 'Shell\nAny exec\n' });
    expect(run(['eval', '--rules', rules, '--event', '{"evt.type":"connect"}']).code).toBe(1);
    const explained = run(['eval', '--rules', rules, '--event', '{"evt.type":"execve","proc.name":"ls"}', '--explain']).out;
    expect(explained).toContain(`✗ rule Shell  (${rules}:8)`);
    expect(explained).toContain(`✓ rule Any exec  (${rules}:15)\n  ✓ evt.type = execve`);
  });
});
