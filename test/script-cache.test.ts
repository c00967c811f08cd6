import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { bin, root, scratch } from './support/cli.js';

/*
 * The command runs its bundled script with V8's code cache written after the command ran (src/cli/script.ts), in
 * Node's compile cache directory, which NODE_COMPILE_CACHE moves here.
 */
const corpus = (f: string) => new URL(`../../shared/corpus/rules/${f}`, import.meta.url).pathname;
const scripts = new URL('../dist/cli/scripts.json', import.meta.url);

function run(cacheDir: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', NODE_COMPILE_CACHE: cacheDir, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The code caches under `dir` (Node keeps its own per Node version and user in a folder below it). */
function caches(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /falco-expr-[0-9a-f]+-[\w-]+\.v8cache$/.test(f))
    .map((f) => join(dir, f))
    .sort();
}

describe.skipIf(!existsSync(bin) || !existsSync(scripts))('the code cache of the bundled script', () => {
  const rules = corpus('falco_rules.yaml');

  it('is written by the first run of a command, used as is by the next, and changes no output', () => {
    const { dir } = scratch('falco-expr-v8cache-');
    const first = run(dir, ['lint', rules]);
    expect(first).toMatchObject({ code: 0, err: '' });
    const [lint, ...others] = caches(dir);
    expect(others).toEqual([]);
    expect(lint).toMatch(/-lint\.v8cache$/);
    const { id } = (JSON.parse(readFileSync(scripts, 'utf8')) as Record<string, { id: string }>).start!;
    expect(lint).toContain(`falco-expr-${id}-lint`);
    const written = statSync(lint!);
    const second = run(dir, ['lint', rules]);
    expect(second).toEqual(first);
    // Not written again: V8 took it.
    expect(statSync(lint!).mtimeMs).toBe(written.mtimeMs);
    expect(statSync(lint!).ino).toBe(written.ino);
  });

  it('holds the functions the command ran, not only what V8 compiled when it loaded the script', () => {
    const { dir } = scratch('falco-expr-v8cache-');
    expect(run(dir, ['lint', rules]).code).toBe(0);
    const [lint] = caches(dir);
    const { file } = (JSON.parse(readFileSync(scripts, 'utf8')) as Record<string, { file: string }>).start!;
    const source = readFileSync(new URL(file, scripts), 'utf8');
    const atLoad = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`).createCachedData().length;
    expect(statSync(lint!).size).toBeGreaterThan(atLoad * 2);
  });

  it('refused by V8 (damaged, or of another Node), is replaced, and the command answers the same', () => {
    const { dir } = scratch('falco-expr-v8cache-');
    const good = run(dir, ['lint', rules]);
    const [lint] = caches(dir);
    writeFileSync(lint!, Buffer.alloc(4096, 7));
    expect(run(dir, ['lint', rules])).toEqual(good);
    const replaced = readFileSync(lint!);
    expect(replaced.equals(Buffer.alloc(4096, 7))).toBe(false);
    expect(replaced.length).toBeGreaterThan(100_000);
    expect(run(dir, ['lint', rules])).toEqual(good);
  });

  it('is not written for help, a usage error, or when Node\'s compile cache is off', () => {
    const { dir } = scratch('falco-expr-v8cache-');
    expect(run(dir, ['lint', '--help']).code).toBe(0);
    expect(run(dir, ['--version']).code).toBe(0);
    expect(run(dir, ['lint']).code).toBe(2);
    expect(run(dir, ['lnit', rules]).code).toBe(2);
    expect(caches(dir)).toEqual([]);
    expect(run(dir, ['lint', rules], { NODE_DISABLE_COMPILE_CACHE: '1' }).code).toBe(0);
    expect(caches(dir)).toEqual([]);
  });

  it('replaces an old cache of another build for the same command, and keeps the rest', () => {
    const { dir } = scratch('falco-expr-v8cache-');
    expect(run(dir, ['ast', 'proc.name = bash']).code).toBe(0);
    const [ast] = caches(dir);
    const folder = join(ast!, '..');
    const old = (name: string, days: number) => {
      const f = join(folder, name);
      writeFileSync(f, 'x');
      const t = (Date.now() - days * 24 * 3600 * 1000) / 1000;
      utimesSync(f, t, t);
      return f;
    };
    const stale = old('falco-expr-0123456789abcdef-lint.v8cache', 60);
    const recent = old('falco-expr-fedcba9876543210-lint.v8cache', 2);
    const otherCommand = old('falco-expr-0123456789abcdef-run.v8cache', 60);
    const defaults = old('falco-expr-0123456789abcdef-lint-v8-defaults.v8cache', 60);
    expect(run(dir, ['lint', rules]).code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect([recent, otherCommand, defaults, ast].map((f) => existsSync(f!))).toEqual([true, true, true, true]);
  });

  it('of the language server is its own script\'s: the commands\' script holds none of the server', async () => {
    const ids = JSON.parse(readFileSync(scripts, 'utf8')) as Record<string, { id: string; file: string }>;
    const text = (name: string) => readFileSync(new URL(ids[name]!.file, scripts), 'utf8');
    // vscode-jsonrpc's framing header: in the server's script, not in the one every other command reads.
    expect(text('lsp')).toContain('Content-Length');
    expect(text('start')).not.toContain('Content-Length');
    const { dir } = scratch('falco-expr-v8cache-');
    const frame = (msg: object) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...msg });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    const p = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd: root, env: { ...process.env, NODE_COMPILE_CACHE: dir } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    const waitFor = (text: string) => new Promise<void>((resolve) => {
      const check = () => (out.includes(text) ? resolve() : setTimeout(check, 20));
      check();
    });
    p.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    await waitFor('"id":1');
    expect(out).toContain('"hoverProvider":true');
    p.stdin.write(frame({ method: 'initialized', params: {} }) + frame({ id: 2, method: 'shutdown' }));
    await waitFor('"id":2');
    p.stdin.write(frame({ method: 'exit' }));
    expect(await new Promise((resolve) => p.on('close', resolve))).toBe(0);
    // The server's script keeps its cache beside the commands' (which holds only what chose the command).
    expect(caches(dir).map((f) => /falco-expr-([\w-]+)\.v8cache$/.exec(f)![1]).sort()).toEqual([`${ids.lsp!.id}-lsp-v8-defaults`, `${ids.start!.id}-lsp-v8-defaults`].sort());
  });

  it('is kept per command: each command\'s run leaves its own', () => {
    const { dir, file } = scratch('falco-expr-v8cache-');
    const events = file('ev.jsonl', JSON.stringify({ 'evt.type': 'execve', 'proc.name': 'bash' }) + '\n');
    expect(run(dir, ['run', '--rules', rules, '--events', events]).code).toBe(0);
    expect(run(dir, ['eval', 'proc.name = bash', '--event', '{"proc.name":"bash"}']).code).toBe(0);
    expect(caches(dir).map((f) => /-(\w+)\.v8cache$/.exec(f)![1]).sort()).toEqual(['eval', 'run']);
  });
});
