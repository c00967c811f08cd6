import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { joinEntry, readHistory, writeHistory } from '../src/repl/history.js';
import { bin, root, runCli, scratch } from './support/cli.js';

// The command line and the REPL as a first run meets them (issue 13, points 10 and 11), through the built
// command.
const { dir: tmp, file } = scratch('falco-expr-first-run-');
const run = runCli;
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');

describe.skipIf(!existsSync(bin))('the command line on a first run', () => {
  it('reads rules and events from standard input with - and @-', () => {
    const rules = readFileSync(join(root, 'examples/rules.yaml'), 'utf8');
    const lint = run(['lint', '-'], rules);
    expect(lint.code).toBe(0);
    expect(lint.out).toContain('<stdin>:58:9  warning');
    const bad = run(['lint', '-'], '- rule: r\n  desc: d\n  condition: proc.nmae = x\n  output: o\n  priority: INFO\n');
    expect(bad.out).toContain("<stdin>:3:14  error  unknown field 'proc.nmae'");
    expect(run(['eval', 'proc.name = bash', '--event', '@-'], '{"proc.name":"bash"}')).toMatchObject({ code: 0, out: 'true\n' });
  });

  it('says in words what failed with a file, and names it', () => {
    expect(run(['lint', 'no/such.yaml']).err).toBe("falco-expr: cannot read the rules file no/such.yaml: no such file or directory\nRun 'falco-expr --help' for usage.\n");
    expect(run(['lint', tmp]).err).toContain(`cannot read the rules file ${tmp}: it is a directory, not a file`);
    expect(run(['eval', 'a', '--event', '@nope.json']).err).toContain('cannot read the event file nope.json: no such file or directory');
    expect(run(['run', '--rules', 'examples/rules.yaml', '--events', 'nope.jsonl']).err).toContain('cannot read the events file nope.jsonl: no such file or directory');
    expect(run(['lint', '--fields', 'nope.txt', 'examples/rules.yaml']).err).toContain('cannot read the --fields file nope.txt: no such file or directory');
  });

  it('refuses unknown options and commands with a "did you mean"', () => {
    expect(run(['lint', '--formt', 'json', 'examples/rules.yaml'])).toEqual({
      code: 2, out: '', err: "falco-expr: unknown option '--formt' for lint (did you mean '--format'?): 'falco-expr lint --help' lists the options\n",
    });
    expect(run(['run', '--event', 'x']).err).toContain("unknown option '--event' for run (did you mean '--events'?)");
    expect(run(['eval', 'a', '-x']).err).toContain("unknown option '-x' for eval");
    expect(run(['lint', '--format']).err).toContain("option '--format' needs a value");
    expect(run(['lnit']).err).toContain("unknown command 'lnit' (did you mean 'lint'?)");
    // Every command is proposed, also those whose help lives in their own module.
    for (const [typo, cmd] of [['tset', 'test'], ['descibe', 'describe'], ['feilds', 'fields'], ['lps', 'lsp']]) {
      expect(run([typo!]).err).toContain(`unknown command '${typo}' (did you mean '${cmd}'?)`);
    }
    // A value that starts with '-' is a value.
    expect(run(['run', '--rules', 'examples/rules.yaml', '--events', '-', '--quiet'], '').code).toBe(0);
  });

  it('explains why --max-warnings fails the run', () => {
    const r = run(['lint', '--max-warnings', '0', 'examples/rules.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('falco-expr: 1 warning, more than --max-warnings 0 allows\n');
    expect(run(['lint', '--max-warnings', 'many', 'examples/rules.yaml']).err).toContain("--max-warnings needs a whole number, not 'many'");
  });

  it('writes correct plurals in the run summary', () => {
    const events = file('one.jsonl', '{"evt.type":"execve","proc.name":"bash","container.id":"abc","user.name":"u","proc.pname":"p","proc.cmdline":"c","container.image.repository":"r"}\nnot json\n');
    const r = run(['run', '--rules', 'examples/rules.yaml', '--events', events]);
    expect(r.err).toMatch(/^1 event, 1 alert, 1 bad line skipped, \d+ events\/s$/m);
  });

  it('refuses a --fields file that lists no fields', () => {
    const garbage = file('garbage.txt', 'this is not\na field list\n');
    const r = run(['lint', '--fields', garbage, 'examples/rules.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--fields ${garbage} holds no field definitions: give it the output of 'falco --list -v'`);
    expect(run(['lint', '--fields', file('bad.json', '{"x": '), 'examples/rules.yaml']).err).toContain('is not a Falco field list');
  });

  it('says once that a binary file is not a YAML rules file', () => {
    const elf = file('a.out', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0, 0xa0, 0xc1, 10, 0xff, 0xfe, 0]));
    const r = run(['lint', elf]);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe(`${elf}:1:1  error  not a YAML rules file: it holds control characters (binary data?)  LOAD_ERR_YAML_PARSE`);
    expect(r.out).toContain('1 error, 0 warnings');
  });

  it('proposes the closest key and macro in its output', () => {
    const rules = file('typos.yaml', '- macro: spawned_process\n  condition: evt.type = execve\n- rule: r\n  desc: d\n  condition: spawned_proces\n  output: o\n  priority: INFO\n  enabeld: false\n');
    const r = run(['lint', rules]);
    expect(r.out).toContain("Unknown key 'enabeld' in rule 'r': Falco ignores it (did you mean 'enabled'?)");
    expect(r.out).toContain("Undefined macro 'spawned_proces' used in filter. Did you mean 'spawned_process'?");
  });

  it('gives SARIF file:// artifact URIs and Falco JSON items with their type and name', () => {
    const sarif = JSON.parse(run(['lint', '--format', 'sarif', 'examples/rules.yaml']).out);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(pathToFileURL(resolve(root, 'examples/rules.yaml')).href);
    expect(sarif.runs[0].tool.driver.informationUri).not.toContain('falcosecurity/rules');
    const falco = JSON.parse(run(['lint', '--format', 'falco-json', 'examples/rules.yaml']).out);
    expect(falco.falco_load_results[0].warnings[0].context.locations[1]).toMatchObject({ item_type: 'rule', item_name: 'Python started by a shell started by a web server' });
  });

  it('gives run alerts the hostname key, as Falco', () => {
    const alerts = run(['run', '--rules', 'examples/rules.yaml', '--events', 'examples/events.jsonl', '--quiet']).out.trim().split('\n').map((l) => JSON.parse(l));
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(a.hostname).toBe(hostname());
    const own = run(['run', '--rules', 'examples/rules.yaml', '--events', '-', '--quiet'], '{"evt.type":"execve","proc.name":"bash","container.id":"abc","evt.hostname":"node-7"}\n');
    expect(JSON.parse(own.out).hostname).toBe('node-7');
  });
});

function session(keys: Array<string | number>, env: Record<string, string> = {}): Promise<string> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, [bin, 'repl', '--rules', 'examples/rules.yaml'], { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', fail);
    p.on('close', () => done(plain(out)));
    (async () => {
      // Keys typed before the first prompt would reach readline in one chunk, where a Tab reads as pasted text.
      for (let i = 0; i < 200 && !out.includes('falco> '); i++) await new Promise((r) => setTimeout(r, 25));
      for (const k of keys) {
        if (typeof k === 'number') await new Promise((r) => setTimeout(r, k));
        else p.stdin.write(k);
      }
      p.stdin.end();
    })().catch(fail);
  });
}

describe('the REPL history file', () => {
  it('keeps 1,000 entries, oldest dropped, written whole', () => {
    const path = join(tmp, 'history');
    const entries = Array.from({ length: 1200 }, (_, i) => `proc.pid = ${1199 - i}`); // newest first
    expect(writeHistory(path, entries)).toBeUndefined();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(1000);
    expect(lines[0]).toBe('proc.pid = 200');
    expect(lines[999]).toBe('proc.pid = 1199');
    expect(readHistory(path)).toEqual(entries.slice(0, 1000));
    expect(readHistory(join(tmp, 'none'))).toEqual([]);
    expect(writeHistory(join(tmp, 'no/such/dir/h'), entries)).toBeInstanceOf(Error);
  });

  it('joins the lines of a multi-line condition into one entry', () => {
    expect(joinEntry(['and proc.name = bash', 'evt.type = open', 'older'], 'evt.type = open\nand proc.name = bash\n')).toEqual([
      'evt.type = open and proc.name = bash', 'older',
    ]);
  });
});

describe.skipIf(!existsSync(bin))('the REPL on a first run', () => {
  it('checks .set against the catalog and the field type', async () => {
    const out = await session(['.set proc.nmae bash\n', '.set proc.pid abc\n', '.set proc.pid 42\n', '.set evt.is_open_read maybe\n', '.set fd.sip 10.0.0.1\n', '.set fd.sip nowhere\n']);
    expect(out).toContain("error: unknown field 'proc.nmae' (did you mean 'proc.name'?)");
    expect(out).toContain('error: proc.pid is INT64: "abc" is not a number');
    expect(out).toContain('proc.pid = 42');
    expect(out).toContain('error: evt.is_open_read is BOOL: "maybe" is not true or false');
    expect(out).toContain('fd.sip = "10.0.0.1"');
    expect(out).toContain('error: fd.sip is IPADDR: "nowhere" is not an IP address');
  });

  it('lists only its own commands, with .break explained', async () => {
    const out = await session(['.help\n']);
    expect(out).not.toMatch(/^\.(clear|editor|save)\b/m);
    expect(out).toMatch(/^\.break\s+Abandon the condition being continued/m);
    expect(out).toMatch(/^\.rules\s/m);
  });

  it('greets with a banner, offers lists after in (, and recalls a multi-line condition as one entry', async () => {
    const history = join(tmp, 'repl-history');
    const out = await session(
      ['.set evt.type execve\r', 150, 'proc.name in (', 150, '\t', 150, '\t', 150, '\u0015', 'spawned_process and\r', 150, 'proc.name = bash\r', 150, '\u001b[A', 150, '\r', 150, '.exit\r', 150],
      { FALCO_EXPR_TERMINAL: '1', FALCO_EXPR_HISTORY: history },
    );
    expect(out.split('\n')[0]).toMatch(/^falco-expr REPL: type a condition to evaluate it against the current event.*\.help lists the commands/);
    expect(out).toMatch(/package_managers\s+sensitive_files\s+shell_binaries/);
    expect(out).not.toMatch(/proc\.name in \(\s*[\s\S]*fd\.name\s/);
    // Up recalls the joined condition, which runs again.
    expect(out).toContain('falco> spawned_process and proc.name = bash\nfalse');
    const saved = readFileSync(history, 'utf8').trimEnd().split('\n');
    expect(saved).toContain('spawned_process and proc.name = bash');
    expect(saved).not.toContain('proc.name = bash');
    expect(saved).toContain('.set evt.type execve');
  });
});
