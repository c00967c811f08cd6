import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffRulesets, formatDiff } from '../src/rules/diff.js';
import { loadRules } from '../src/rules/loader.js';
import { readShared } from './support/shared.js';

/*
 * `diff` on Falco's default rules against edited copies: each edit is one kind of change of RELEASE.md's
 * versioning policy, graded as falcosecurity/rules' checker grades it.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/cli/main.cjs');
const base = readShared('corpus/rules/falco_rules.yaml');

const load = (text: string) => {
  const set = loadRules([{ path: 'falco_rules.yaml', text }]);
  expect(set.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return set;
};
const before = load(base);
const edit = (from: string | RegExp, to: string) => {
  const text = base.replace(from, to);
  expect(text).not.toBe(base);
  return diffRulesets(before, load(text));
};
/** The text of one rule item of the file, up to the next item. */
const ruleText = (name: string) => new RegExp(`- rule: ${name}\\n[\\s\\S]*?(?=\\n- |\\n#|$)`);

describe('diff of rulesets, and the version bump', () => {
  it('sees no change between a file and itself', () => {
    const d = diffRulesets(before, load(base));
    expect(d).toMatchObject({ bump: 'none', major: [], minor: [], patch: [] });
    expect([d.rules, d.macros, d.lists].every((x) => !x.added.length && !x.removed.length && !x.changed.length)).toBe(true);
  });

  it('grades a removed rule major, an added one minor', () => {
    const removed = edit(ruleText('System user interactive'), '');
    expect(removed.bump).toBe('major');
    expect(removed.major).toEqual(['Rule `System user interactive` has been removed']);
    expect(removed.rules.removed).toEqual(['System user interactive']);
    const added = edit('- rule: Terminal shell in container', '- rule: My new rule\n  desc: d\n  condition: spawned_process and proc.name = nc\n  output: nc %proc.cmdline\n  priority: WARNING\n\n- rule: Terminal shell in container');
    expect(added.bump).toBe('minor');
    expect(added.minor).toEqual(['Rule `My new rule` has been added']);
  });

  it('grades list items patch, and shows them', () => {
    const d = edit('items: [ash, bash, csh, ksh, sh, tcsh, zsh, dash]', 'items: [ash, bash, csh, ksh, sh, tcsh, zsh, dash, fish]');
    expect(d.bump).toBe('patch');
    expect(d.patch).toEqual(['List `shell_binaries` has some item added or removed']);
    expect(formatDiff(d)).toContain('~ list shell_binaries\n    items: +fish');
  });

  it('grades priorities: less urgent major, more urgent patch', () => {
    const lower = edit(/(- rule: Terminal shell in container[\s\S]*?priority: )NOTICE/, '$1INFO');
    expect(lower.major).toEqual(['Rule `Terminal shell in container` has a less urgent priority than before']);
    const higher = edit(/(- rule: Terminal shell in container[\s\S]*?priority: )NOTICE/, '$1CRITICAL');
    expect(higher).toMatchObject({ bump: 'patch', patch: ['Rule `Terminal shell in container` has a more urgent priority than before'] });
    expect(higher.rules.changed).toEqual([{ name: 'Terminal shell in container', changes: { priority: { before: 'Notice', after: 'Critical' } } }]);
  });

  it('grades a macro matching fewer events major, and shows the expanded conditions before and after', () => {
    const d = edit('evt.type in (open,openat,openat2) and evt.is_open_read=true', 'evt.type in (open,openat) and evt.is_open_read=true');
    expect(d.bump).toBe('major');
    expect(d.major).toContain('Macro `open_read` matches different events than before');
    expect(d.major).toContain('Rule `Read sensitive file untrusted` matches less events than before');
    const c = d.rules.changed.find((x) => x.name === 'Read sensitive file untrusted')!;
    expect(String(c.changes.condition!.before)).toMatch(/^\(evt\.type in \(open, openat, openat2\) and /);
    expect(String(c.changes.condition!.after)).toMatch(/^\(evt\.type in \(open, openat\) and /);
    expect(c.changes.events).toBeDefined();
    expect(formatDiff(d)).toContain('    events: -openat2');
  });

  it('compares required_engine_version as a version (the checker reads it as an integer)', () => {
    expect(edit('- required_engine_version: 0.57.0', '- required_engine_version: 0.58.0')).toMatchObject({ bump: 'minor', minor: ['Required engine version was incremented from 0.57.0 to 0.58.0'] });
    expect(edit('- required_engine_version: 0.57.0', '- required_engine_version: 0.50.0').bump).toBe('patch');
  });

  it('loads older releases: %container.info is deprecated (a warning at the rule, as in Falco), not an error', () => {
    const set = loadRules([{ path: 'old.yaml', text: '- rule: r\n  desc: d\n  condition: evt.type = execve\n  output: ran %proc.name %container.info\n  priority: INFO\n' }]);
    expect(set.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code}`)).toEqual(['1:3 warning LOAD_DEPRECATED_ITEM']);
    expect(set.rules[0]!.outputFields).toEqual(['proc.name']);
  });

  it('grades tags and enabled as the checker does', () => {
    const off = edit(/(- rule: Terminal shell in container\n)/, '$1  enabled: false\n');
    expect(off.major).toEqual(['Rule `Terminal shell in container` has been disabled at default']);
    const tags = edit(/(- rule: Terminal shell in container[\s\S]*?tags: \[)/, '$1extra_tag, ');
    expect(tags.patch).toEqual(['Rule `Terminal shell in container` has more tags than before']);
  });
});

describe.skipIf(!existsSync(bin))('falco-expr diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fe-diff-'));
  const oldFile = join(dir, 'old.yaml');
  const newFile = join(dir, 'new.yaml');
  writeFileSync(oldFile, base);
  writeFileSync(newFile, base.replace(ruleText('System user interactive'), ''));
  const run = (args: string[]) => spawnSync(process.execPath, [bin, 'diff', ...args], { encoding: 'utf8' });

  it('prints the checker sections and exits for CI', () => {
    const r = run([oldFile, newFile]);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').slice(0, 4)).toEqual(['**Major** changes:', '* Rule `System user interactive` has been removed', '', 'version bump needed: major']);
    expect(r.stdout).toContain('- rule System user interactive');
    expect(run([oldFile, newFile, '--fail-on', 'major']).status).toBe(1);
    expect(run([oldFile, oldFile, '--fail-on', 'patch']).status).toBe(0);
    expect(JSON.parse(run([oldFile, newFile, '--format', 'json']).stdout)).toMatchObject({ bump: 'major', rules: { removed: ['System user interactive'] } });
    expect(run([oldFile]).status).toBe(2);
    // A file that builds on another: --base loads it first on both sides.
    const inc = readShared('corpus/rules/falco-incubating_rules.yaml');
    const incNew = join(dir, 'incubating.yaml');
    writeFileSync(incNew, inc.replace(/^- rule: (.*)$/m, '- rule: $1\n  enabled: false'));
    const firstRule = /^- rule: (.*)$/m.exec(inc)![1]!;
    const b = run([fileURLToPath(new URL('../../shared/corpus/rules/falco-incubating_rules.yaml', import.meta.url)), incNew, '--base', fileURLToPath(new URL('../../shared/corpus/rules/falco_rules.yaml', import.meta.url))]);
    expect(b.status).toBe(0);
    expect(b.stdout.split('\n').slice(0, 2)).toEqual(['**Major** changes:', `* Rule \`${firstRule}\` has been disabled at default`]);
    expect(run([oldFile, newFile, '--fail-on', 'huge']).status).toBe(2);
  });
});
