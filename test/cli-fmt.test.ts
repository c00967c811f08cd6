import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, parse, stripRanges } from '../src/index.js';
import { sharedUrl } from './support/shared.js';

const bin = new URL('../dist/cli/main.cjs', import.meta.url).pathname;
const root = new URL('..', import.meta.url).pathname;

function run(args: string[], input?: string, cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const conditions = (text: string) =>
  loadRules([{ path: 'f', text }]).rules.map((r) => [r.name, r.compiled ? stripRanges(r.compiled.ast) : stripRanges(parse(r.compiledText!).ast!)]);

describe.skipIf(!existsSync(bin))('falco-expr fmt', () => {
  it('--write then --check passes on copies of every corpus file, with the same compiled conditions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'falco-expr-fmt-'));
    const files = readdirSync(sharedUrl('corpus/rules')).filter((f) => f.endsWith('.yaml'));
    for (const f of files) copyFileSync(new URL(f, `${sharedUrl('corpus/rules/').href}`), join(dir, f));
    const before = run(['fmt', '--check', ...files], undefined, dir);
    expect(before.code).toBe(1);
    expect(before.out.trim().split('\n').sort()).toEqual([...files].sort());
    expect(run(['fmt', '--write', ...files], undefined, dir)).toMatchObject({ code: 0, out: '' });
    expect(run(['fmt', '--check', ...files], undefined, dir)).toMatchObject({ code: 0, out: '' });
    for (const f of files) {
      const original = readFileSync(new URL(f, `${sharedUrl('corpus/rules/').href}`), 'utf8');
      expect(conditions(readFileSync(join(dir, f), 'utf8'))).toEqual(conditions(original));
    }
  });

  it('prints the formatted file, reads standard input, prints a unified diff', () => {
    const dir = mkdtempSync(join(tmpdir(), 'falco-expr-fmt-'));
    const p = join(dir, 'r.yaml');
    writeFileSync(p, '- macro: m\n  condition: (proc.name=bash)\n');
    expect(run(['fmt', p])).toMatchObject({ code: 0, out: '- macro: m\n  condition: proc.name = bash\n' });
    expect(run(['fmt', '-'], '- list: l\n  items: [a,b]\n')).toMatchObject({ code: 0, out: '- list: l\n  items: [a, b]\n' });
    expect(run(['fmt', '--diff', p]).out).toBe(`--- ${p}\n+++ ${p}\n@@ -1,2 +1,2 @@\n - macro: m\n-  condition: (proc.name=bash)\n+  condition: proc.name = bash\n`);
    expect(readFileSync(p, 'utf8')).toBe('- macro: m\n  condition: (proc.name=bash)\n');
  });

  it('leaves a file with errors as it is and reports them (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'falco-expr-fmt-'));
    const p = join(dir, 'bad.yaml');
    const text = '- macro: m\n  condition: proc.name = (\n';
    writeFileSync(p, text);
    const r = run(['fmt', '--write', p]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${p}:2:`);
    expect(r.err).toContain('not formatted');
    expect(readFileSync(p, 'utf8')).toBe(text);
    expect(run(['fmt', 'missing.yaml'])).toMatchObject({ code: 2, err: expect.stringContaining('missing.yaml: no such file') });
  });

  it('still formats one condition', () => {
    expect(run(['fmt', 'proc.name=bash and (fd.name startswith /etc)'])).toMatchObject({ code: 0, out: 'proc.name = bash and fd.name startswith /etc\n' });
    expect(run(['fmt', '--check', 'proc.name=bash'])).toMatchObject({ code: 2 });
  });
});
