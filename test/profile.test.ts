import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RuleEngine } from '../src/rules/engine.js';
import { loadRules } from '../src/rules/loader.js';
import { Profiler, formatProfile } from '../src/rules/profile.js';
import { readShared } from './support/shared.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/cli/main.cjs');

const rule = (name: string, condition: string) => `- rule: ${name}\n  desc: d\n  condition: ${condition}\n  output: ${name}\n  priority: NOTICE\n`;
const set = loadRules([{ path: 'p.yaml', text: [rule('Shell', 'evt.type = execve and proc.name in (bash, sh)'), rule('Exec', 'evt.type = execve'), rule('Etc', 'evt.type = openat and fd.name startswith /etc/')].join('\n') }]);
const events = [
  { 'evt.type': 'execve', 'proc.name': 'bash' },
  { 'evt.type': 'execve', 'proc.name': 'ls' },
  { 'evt.type': 'openat', 'fd.name': '/etc/passwd' },
  { 'evt.type': 'openat', 'fd.name': '/tmp/x' },
  { 'evt.type': 'close' },
];

describe('run --profile', () => {
  it('counts the evaluations and matches the engine makes, per rule and mode', () => {
    const count = (ruleMatching: 'first' | 'all') => {
      const p = new Profiler(new RuleEngine(set, { ruleMatching }));
      for (const e of events) p.observe(e);
      const r = p.report();
      expect(r.events).toBe(5);
      return Object.fromEntries(r.rules.map((x) => [x.rule, [x.evaluations, x.matches]]));
    };
    // first: Exec is not evaluated after Shell matched bash.
    expect(count('first')).toEqual({ Shell: [2, 1], Exec: [1, 1], Etc: [2, 1] });
    expect(count('all')).toEqual({ Shell: [2, 1], Exec: [2, 2], Etc: [2, 1] });
  });

  it('returns the alerts the engine returns, on real events', () => {
    const corpus = loadRules([{ path: 'falco_rules.yaml', text: readShared('corpus/rules/falco_rules.yaml') }]);
    const evs = readShared('corpus/scap/syscall.events.jsonl').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const ruleMatching of ['first', 'all'] as const) {
      const engine = new RuleEngine(corpus, { ruleMatching });
      const p = new Profiler(engine);
      for (const e of evs) expect(p.observe(e).map((a) => a.rule.name)).toEqual(engine.match(e).map((a) => a.rule.name));
      const r = p.report();
      const evaluated = evs.reduce((n, e) => n + engine.trace(e).length, 0);
      expect(r.rules.reduce((n, x) => n + x.evaluations, 0)).toBe(evaluated);
      for (const x of r.rules) expect(Number.isFinite(x.nsPerEvaluation) && x.nsPerEvaluation >= 0).toBe(true);
    }
  });

  it('times the checks of the rules reached, and prints a table', () => {
    const p = new Profiler(new RuleEngine(set, { ruleMatching: 'all' }), { topChecks: 10 });
    for (const e of events) p.observe(e);
    const r = p.report();
    expect(r.checks.map((c) => c.check).sort()).toEqual(['evt.type = execve', 'evt.type = openat', 'fd.name startswith /etc/', 'proc.name in (bash, sh)']);
    expect(r.checks.find((c) => c.check === 'evt.type = execve')!.rules).toEqual(['Shell', 'Exec']);
    for (const c of r.checks) expect(c.timed).toBeGreaterThanOrEqual(2000);
    const text = formatProfile(r);
    expect(text).toMatch(/^profile over 5 events: /);
    expect(text).toMatch(/\n +2 +2 +[\d.]+ [nµm]?s +[\d.]+ [nµm]?s  Exec  \(p\.yaml:\d+\)/);
  });
});

describe.skipIf(!existsSync(bin))('falco-expr run --profile', () => {
  it('prints the profile after the summary', () => {
    const r = spawnSync(process.execPath, [bin, 'run', '--rules', 'examples/rules.yaml', '--events', 'examples/events.jsonl', '--profile'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/\nprofile over 12 events: /);
    expect(r.stderr).toContain('Shell spawned in a container  (examples/rules.yaml:27)');
    expect(r.stderr).toContain('slowest checks');
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
  });
});
