import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compile, explainLines, explainValue, explainView, type Explanation, type ExplainView, type Style } from '../src/index.js';
import { ansi, styleFor, useColor } from '../src/cli/style.js';
import { runCli } from './support/cli.js';

const root = new URL('..', import.meta.url).pathname;

const condition = compile(
  '(proc.name = val(proc.pname) or proc.pid > 40) and not fd.name exists and proc.aname in (sshd, bash) and toupper(proc.name) = BASH and evt.rawarg.data exists and shell',
  { macros: { shell: 'proc.name in (bash, sh)' } },
);
const event = { 'proc.name': 'bash', 'proc.pname': 'bash', 'proc.pid': 12345678901234567890n, 'proc.aname': ['sshd', 'init'], 'evt.rawarg.data': new Uint8Array([104, 0]) };

// Every front end (eval/run --explain, test, the REPL, the playground) shows the tree through these.
describe('the explain tree as text', () => {
  it('marks results, says what and/or/not give, shows both sides and the macro', () => {
    expect(explainLines(condition.explain(event))).toEqual([
      '✓ and  → true',
      '  ✓ or  → true',
      '    ✓ proc.name = val(proc.pname)   [proc.name = "bash"]   [val(proc.pname) = "bash"]',
      '    · proc.pid > 40   [proc.pid = 12345678901234567890]',
      '  ✓ not  → true',
      '    ✗ fd.name exists   [fd.name = no value]',
      '  ✓ proc.aname in (sshd, bash)   [proc.aname = ["sshd","init"]]',
      '  ✓ toupper(proc.name) = BASH   [toupper(proc.name) = "BASH"]',
      '  ✓ evt.rawarg.data exists   [evt.rawarg.data = bytes(6800)]',
      '  ✓ proc.name in (bash, sh)   [proc.name = "bash"]   (macro shell)',
    ]);
    expect(explainLines(condition.explain({}), { indent: '> ' }).slice(0, 4)).toEqual([
      '> ✗ and  → false',
      '>   ✗ or  → false',
      '>     ✗ proc.name = val(proc.pname)   [proc.name = no value]   [val(proc.pname) = no value]',
      '>     ✗ proc.pid > 40   [proc.pid = no value]',
    ]);
  });

  it('shows values as JSON, bigints as numbers, buffers in hex, nothing as no value', () => {
    expect(['bash', 42, 1.5, true, 2n ** 64n, new Uint8Array([0xff, 1]), ['a', 1], [], undefined, null, 'no value'].map(explainValue)).toEqual([
      '"bash"', '42', '1.5', 'true', '18446744073709551616', 'bytes(ff01)', '["a",1]', '[]', 'no value', 'no value', '"no value"',
    ]);
  });

  const events = fc.record(
    { 'proc.name': fc.constantFrom('bash', 'sh', 'zsh'), 'proc.pname': fc.constantFrom('bash', 'init'), 'proc.pid': fc.integer({ min: 0, max: 80 }), 'fd.name': fc.constant('/etc') },
    { requiredKeys: [] },
  );
  const count = (v: ExplainView): number => 1 + v.children.reduce((n, c) => n + count(c), 0);
  const walk = (x: Explanation, v: ExplainView, check: (x: Explanation, v: ExplainView) => void) => {
    check(x, v);
    (x.children ?? []).forEach((c, i) => walk(c, v.children[i]!, check));
  };

  it('one line per node, its mark from its result, and colours that only wrap the plain text', () => {
    const tags: Style = (role, text) => `<${role}>${text}</${role}>`;
    fc.assert(
      fc.property(events, (ev) => {
        const x = condition.explain(ev);
        const view = explainView(x);
        const lines = explainLines(x);
        expect(lines.length).toBe(count(view));
        walk(x, view, (n, v) => {
          expect(v.status).toBe(!n.evaluated ? 'skipped' : n.result ? 'true' : 'false');
          expect(v.mark).toBe({ skipped: '·', true: '✓', false: '✗' }[v.status]);
          expect(v.values.map((s) => s.text)).toEqual([n.left, n.right].filter((s) => s).map((s) => s!.text));
        });
        const styled = explainLines(x, { style: tags });
        expect(styled.map((l) => l.replace(/<\/?[a-z]+>/g, ''))).toEqual(lines);
        expect(styled[0]).toMatch(/^<(pass|fail)>[✓✗]<\/(pass|fail)> <strong>and<\/strong>/);
        const marked = explainLines(x, { checkText: (t) => `{${t}}` });
        expect(marked.filter((l) => /^\s*[✓✗·] \{/.test(l)).length).toBe(lines.filter((l) => !/^\s*[✓✗·] (and|or|not)  →/.test(l)).length);
        expect(marked.map((l) => l.replace(/[{}]/g, ''))).toEqual(lines);
        const ansiLines = explainLines(x, { style: ansi });
        expect(ansiLines.map((l) => l.replace(/\u001b\[\d+m/g, ''))).toEqual(lines);
      }),
      { numRuns: 50 },
    );
  });
});

describe('colours', () => {
  afterEach(() => vi.unstubAllEnvs());
  const tty = { isTTY: true } as unknown as NodeJS.WritableStream;
  const pipe = {} as NodeJS.WritableStream;

  it('on a terminal unless NO_COLOR or TERM=dumb; FORCE_COLOR forces them; --color/--no-color decide', () => {
    vi.stubEnv('NO_COLOR', undefined);
    vi.stubEnv('FORCE_COLOR', undefined);
    vi.stubEnv('TERM', 'xterm');
    expect([useColor(tty), useColor(pipe), useColor(pipe, true), useColor(tty, false), useColor(pipe, undefined, true)]).toEqual([true, false, true, false, true]);
    vi.stubEnv('TERM', 'dumb');
    expect(useColor(tty)).toBe(false);
    vi.stubEnv('TERM', 'xterm');
    vi.stubEnv('FORCE_COLOR', '1');
    expect(useColor(pipe)).toBe(true);
    vi.stubEnv('FORCE_COLOR', '0');
    expect(useColor(tty)).toBe(false);
    vi.stubEnv('FORCE_COLOR', '1');
    vi.stubEnv('NO_COLOR', '1');
    expect([useColor(tty), useColor(tty, true)]).toEqual([false, true]);
    vi.stubEnv('NO_COLOR', '');
    expect(useColor(pipe)).toBe(true);
    expect(styleFor(pipe, false)('error', 'x')).toBe('x');
    expect(styleFor(pipe, true)('error', 'x')).toBe('\u001b[31mx\u001b[39m');
    expect(ansi('muted', 'x')).toBe('\u001b[2mx\u001b[22m');
  });

  it('in lint output with --color even when not on a terminal (and NO_COLOR set), none by default there', () => {
    const colored = runCli(['lint', '--color', 'examples/rules.yaml']).out;
    expect(colored).toContain('\u001b[1mexamples/rules.yaml:58:9\u001b[22m  \u001b[33mwarning\u001b[39m  Falco expects join');
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(runCli(['lint', 'examples/rules.yaml']).out);
    expect(runCli(['lint', 'examples/rules.yaml']).out).not.toContain('\u001b');
  });

  it('come from the command line only: the browser-safe core and the playground write no escape codes', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.ts$/.test(e.name) ? [join(dir, e.name)] : []));
    const core = files(join(root, 'src')).filter((f) => !/[\\/]src[\\/](cli|repl|lsp)[\\/]/.test(f));
    const escapes = /\\u001b\[|\\x1b\[|\\033\[|\\u\{1b\}\[/i;
    expect([...core, ...files(join(root, 'playground', 'src'))].filter((f) => escapes.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});
