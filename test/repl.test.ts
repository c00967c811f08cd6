import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The REPL driven through its standard input, as a user types: line mode (piped input) and terminal mode
// (forced with FALCO_EXPR_TERMINAL=1) for Tab completion and history.
const bin = new URL('../dist/cli/main.cjs', import.meta.url).pathname;
const root = new URL('..', import.meta.url).pathname;
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');

function session(keys: Array<string | number>, args: string[] = [], env: Record<string, string> = {}): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bin, 'repl', ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ out: plain(out), code }));
    (async () => {
      // Type only once the prompt is there: a start slowed down by a busy machine must not eat the first keys.
      for (let i = 0; i < 200 && !out.includes('falco> '); i++) await new Promise((r) => setTimeout(r, 50));
      for (const k of keys) {
        if (typeof k === 'number') await new Promise((r) => setTimeout(r, k));
        else p.stdin.write(k);
      }
      p.stdin.end();
    })().catch(reject);
  });
}

describe.skipIf(!existsSync(bin))('falco-expr repl', () => {
  it('evaluates conditions against the event, with the explain tree', async () => {
    const r = await session(['proc.name = bash and fd.name startswith /etc\n'], ['--event', '{"proc.name":"bash","fd.name":"/etc/passwd"}']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('true\n✓ and  → true\n  ✓ proc.name = bash   [proc.name = "bash"]\n  ✓ fd.name startswith /etc   [fd.name = "/etc/passwd"]\n');
  });

  it('sets, unsets and steps through events, loads rules, shows trees, canonical text and fields', async () => {
    const r = await session([
      '.set proc.name zsh\n', '.set proc.pid 42\n', 'proc.pid > 40 and proc.name = zsh\n', '.unset proc.name\n', 'not proc.name exists\n',
      '.rules examples/rules.yaml\n', '.set evt.type execve\n', '.set proc.name dash\n', 'spawned_process and proc.name in (shell_binaries)\n',
      '.load examples/events.jsonl\n', '.next\n', 'proc.pname = apt\n', '.goto 5\n', 'fd.name = /etc/shadow\n',
      '.ast proc.name in (a, b)\n', '.fmt a and(b or  c)\n', '.fields proc.pn\n', '.event\n',
    ]);
    expect(r.out).toContain('proc.pid = 42');
    expect(r.out).toContain('true\n✓ and  → true\n  ✓ proc.pid > 40   [proc.pid = 42]');
    expect(r.out).toContain('proc.name removed');
    expect(r.out).toContain('true\n✓ not  → true\n  ✗ proc.name exists   [proc.name = no value]');
    expect(r.out).toContain('loaded 1 file(s): 4 rules, 3 macros, 3 lists');
    expect(r.out).toContain('  ✓ proc.name in (bash, sh, zsh, dash, ash)   [proc.name = "dash"]');
    expect(r.out).toContain('12 events loaded (lines 12 skipped: not JSON objects)');
    expect(r.out).toContain('event 2 of 12');
    expect(r.out).toContain('true\n✓ proc.pname = apt   [proc.pname = "apt"]');
    expect(r.out).toContain('event 5 of 12');
    expect(r.out).toContain('true\n✓ fd.name = /etc/shadow');
    expect(r.out).toContain('"kind": "binary_check"');
    expect(r.out).toContain('a and (b or c)');
    expect(r.out).toContain('proc.pname  CHARBUF  Name of the parent process');
  });

  it('continues a condition on the next line while it is incomplete', async () => {
    const r = await session(['proc.name = bash and\n', '  (fd.name exists or\n', '   fd.num > 2)\n'], ['--event', '{"proc.name":"bash","fd.num":3}']);
    expect(r.out).toContain('... ');
    expect(r.out).toContain('true\n✓ and  → true\n  ✓ proc.name = bash');
  });

  it('shows errors with a caret and never exits on bad input', async () => {
    const r = await session(['proc.nmae = x\n', 'proc.name = "unterminated\n', ')))\n', '.set\n', '.event [1]\n', '.load /no/such/file\n', '.goto 3\n', 'proc.name = ok\n'], ['--event', '{"proc.name":"ok"}']);
    expect(r.out).toContain("error: unknown field 'proc.nmae' (did you mean 'proc.name'?) (unknown-field)\n    1 | proc.nmae = x\n        ^^^^^^^^^");
    expect(r.out).toContain('found a quoted string that is never closed');
    expect(r.out).toContain("error: expected a field check, a macro name or '(', found ')'");
    expect(r.out).toContain('error: usage: .set FIELD VALUE');
    expect(r.out).toContain('error: the event must be a JSON object');
    expect(r.out).toContain('error: cannot read the events file /no/such/file: no such file or directory');
    expect(r.out).toContain('error: no events loaded');
    expect(r.out).toMatch(/true\n✓ proc.name = ok/);
    expect(r.code).toBe(0);
  });

  it('completes fields, operators, lists and commands with Tab, and keeps history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'falco-expr-repl-'));
    const history = join(dir, 'history');
    const r = await session(
      ['proc.pna', 150, '\t', 150, ' = sshd\r', 150, '.ru', 150, '\t', 150, ' examples/rules.yaml\r', 150, 'proc.name in ', 150, '\t', 150, '\t', 150, '\u0015fd.nam', 150, '\t', 150, '\t', 150, '\u0015.exit\r', 150],
      ['--event', '{"proc.pname":"sshd"}'],
      { FALCO_EXPR_TERMINAL: '1', FALCO_EXPR_HISTORY: history },
    );
    expect(r.out).toContain('falco> proc.pname = sshd\ntrue');
    expect(r.out).toContain('falco> .rules examples/rules.yaml\nloaded 1 file(s)');
    expect(r.out).toMatch(/package_managers\s+sensitive_files\s+shell_binaries|package_managers\nsensitive_files\nshell_binaries/);
    expect(r.out).toMatch(/fd\.name\s+fd\.name_changed\s+fd\.nameraw/);
    expect(readFileSync(history, 'utf8')).toContain('proc.pname = sshd');
  });
});
