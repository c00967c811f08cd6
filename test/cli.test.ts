import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { bin, root, runCli, scratch } from './support/cli.js';

// The built command, run as a user runs it (`npm test` builds dist/ first).
const corpus = (f: string) => new URL(`../../shared/corpus/rules/${f}`, import.meta.url).pathname;
const { file } = scratch('falco-expr-cli-');
const run = runCli;

describe.skipIf(!existsSync(bin))('falco-expr command', () => {
  it('prints help for every command', () => {
    for (const cmd of [[], ['--help'], ['lint', '--help'], ['run', '--help'], ['eval', '--help'], ['ast', '--help'], ['fmt', '--help'], ['test', '--help'], ['repl', '--help'], ['lsp', '--help'], ['describe', '--help'], ['fields', '--help'], ['diff', '--help']]) {
      const r = run(cmd);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Usage: falco-expr/);
    }
  });

  it('refuses unknown commands and options with exit 2', () => {
    expect(run(['frobnicate'])).toMatchObject({ code: 2, err: expect.stringContaining("unknown command 'frobnicate'") });
    expect(run(['lint', '--bogus', 'x'])).toMatchObject({ code: 2 });
    expect(run(['lint', 'no/such/file.yaml'])).toMatchObject({ code: 2, err: expect.stringContaining('cannot read the rules file no/such/file.yaml: no such file or directory') });
  });

  describe('lint', () => {
    it('exits 0 on the example and on Falco rules files', () => {
      expect(run(['lint', 'examples/rules.yaml']).code).toBe(0);
      expect(run(['lint', corpus('falco_rules.yaml'), corpus('falco-incubating_rules.yaml')]).code).toBe(0);
    });

    it('reports errors with file:line:col, a snippet and a caret, and exits 1', () => {
      const bad = file('bad.yaml', '- rule: r\n  desc: d\n  condition: evt.type = open and proc.nmae = x\n  output: o\n  priority: INFO\n');
      const r = run(['lint', bad]);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`${bad}:3:34  error  unknown field 'proc.nmae' (did you mean 'proc.name'?)  unknown-field`);
      expect(r.out).toContain('    3 |   condition: evt.type = open and proc.nmae = x\n');
      expect(r.out).toContain('\n                                         ^^^^^^^^^\n');
      expect(r.out).toContain('1 error, 0 warnings');
    });

    it('fails on warnings beyond --max-warnings', () => {
      expect(run(['lint', '--max-warnings', '0', 'examples/rules.yaml']).code).toBe(1);
      expect(run(['lint', '--max-warnings', '1', 'examples/rules.yaml']).code).toBe(0);
    });

    it('writes JSON, Falco JSON and SARIF', () => {
      const json = JSON.parse(run(['lint', '--format', 'json', 'examples/rules.yaml']).out);
      expect(json[0]).toMatchObject({ code: 'join-order', severity: 'warning', file: 'examples/rules.yaml', range: { start: { line: 58, column: 9 } } });
      const falco = JSON.parse(run(['lint', '--format', 'falco-json', 'examples/rules.yaml']).out);
      expect(falco.falco_load_results[0]).toMatchObject({
        name: 'examples/rules.yaml', successful: true, errors: [],
        warnings: [{
          code: 'LOAD_COMPILE_CONDITION', codedesc: 'Warning in rule condition', falco_expr_code: 'join-order',
          context: {
            locations: [
              { item_type: 'rules content', item_name: '', position: { name: 'examples/rules.yaml', line: 0, column: 0 } },
              { item_type: 'rule', item_name: 'Python started by a shell started by a web server', position: { name: 'examples/rules.yaml', line: 53, column: 2 } },
              { item_type: 'rule condition', item_name: '', position: { name: 'examples/rules.yaml', line: 57, column: 8 } },
            ],
          },
        }],
      });
      const sarif = JSON.parse(run(['lint', '--format', 'sarif', 'examples/rules.yaml']).out);
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'join-order', level: 'warning', locations: [{ physicalLocation: { region: { startLine: 58, startColumn: 9 } } }] });
      expect(run(['lint', '--format', 'xml', 'examples/rules.yaml']).code).toBe(2);
    });
  });

  describe('eval', () => {
    it('prints true/false with exit 0/1, and the tree with --explain', () => {
      expect(run(['eval', 'proc.name = bash', '--event', '{"proc.name":"bash"}'])).toMatchObject({ code: 0, out: 'true\n' });
      expect(run(['eval', 'proc.name = bash', '--event', '{"proc.name":"zsh"}'])).toMatchObject({ code: 1, out: 'false\n' });
      const x = run(['eval', 'proc.name = bash and fd.name exists', '--event', '{"proc.name":"bash"}', '--explain']);
      expect(x.out).toBe('false\n✗ and  → false\n  ✓ proc.name = bash   [proc.name = "bash"]\n  ✗ fd.name exists   [fd.name = no value]\n');
    });

    it('uses macros and lists of rules files', () => {
      const r = run(['eval', 'spawned_process and proc.name in (shell_binaries)', '--event', '{"evt.type":"execve","proc.name":"dash"}', '--rules', 'examples/rules.yaml']);
      expect(r).toMatchObject({ code: 0, out: 'true\n' });
    });

    it('shows errors with a caret under the condition and exits 2', () => {
      const r = run(['eval', 'proc.name = bash and (fd.name = x', '--event', '{}']);
      expect(r.code).toBe(2);
      expect(r.err).toContain("error: expected ')' to close '(' opened at 1:22, found the end of the condition (parse-error) at 1:34");
      expect(r.err).toContain('    1 | proc.name = bash and (fd.name = x\n');
      expect(run(['eval', 'proc.name = bash', '--event', '{not json'])).toMatchObject({ code: 2, err: expect.stringContaining('--event is not valid JSON') });
    });
  });

  it('ast and fmt', () => {
    expect(JSON.parse(run(['ast', 'not proc.name in (a, "b c")']).out)).toEqual({
      kind: 'not', child: { kind: 'binary_check', op: 'in', left: { kind: 'field', name: 'proc.name' }, right: { kind: 'list', values: ['a', 'b c'] } },
    });
    expect(run(['fmt', 'a and(b or  c)and not   not d']).out).toBe('a and (b or c) and d\n');
    const all = run(['fmt', '--rules', 'examples/rules.yaml']);
    expect(all.code).toBe(0);
    expect(all.out).toContain('# rule Shell spawned in a container\nspawned_process and container and proc.name in (shell_binaries) and not proc.pname in (package_managers)\n');
  });

  describe('run', () => {
    it('prints alerts in Falco JSON shape, reports bad lines and summarises', () => {
      const r = run(['run', '--rules', 'examples/rules.yaml', '--events', 'examples/events.jsonl']);
      expect(r.code).toBe(0);
      const alerts = r.out.trim().split('\n').map((l) => JSON.parse(l));
      expect(alerts.map((a) => a.rule)).toEqual([
        'Shell spawned in a container',
        'Read sensitive file',
        'Python started by a shell started by a web server',
        'Download tool writes an executable',
      ]);
      expect(alerts[1]).toEqual({
        hostname: hostname(),
        output: '10:00:04.000000000: Error Sensitive file opened (file=/etc/shadow process=cat user=root)',
        output_fields: { 'evt.time': '2026-11-25T10:00:04.000000000Z', 'fd.name': '/etc/shadow', 'proc.name': 'cat', 'user.name': 'root' },
        priority: 'Error',
        rule: 'Read sensitive file',
        source: 'syscall',
        tags: ['filesystem', 'mitre_credential_access'],
        time: '2026-11-25T10:00:04.000000000Z',
      });
      expect(r.err).toContain('examples/events.jsonl:12: skipped, not valid JSON');
      expect(r.err).toMatch(/12 events, 4 alerts, 1 bad line skipped, \d+ events\/s/);
    });

    it('reads events from standard input', () => {
      const r = run(['run', '--rules', 'examples/rules.yaml', '--events', '-', '--quiet'], '{"evt.type":"openat","evt.is_open_read":true,"fd.typechar":"f","fd.name":"/etc/sudoers","proc.name":"vim"}\n[1]\n');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).rule).toBe('Read sensitive file');
      expect(r.err).toContain('-:2: skipped, not a JSON object');
    });

    it('refuses to run rules with errors', () => {
      const r = run(['run', '--rules', file('err.yaml', '- rule: r\n  desc: d\n  condition: proc.pid = abc\n  output: o\n  priority: INFO\n'), '--events', 'examples/events.jsonl']);
      expect(r.code).toBe(2);
      expect(r.err).toContain('abc is not a valid number');
    });
  });
});

describe.skipIf(!existsSync(bin))('falco-expr test', () => {
  it('passes the example tests', () => {
    const r = run(['test', 'examples/rules.test.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('  ✓ reading /etc/shadow with cat is reported, nothing else\n');
    expect(r.out).toContain('7 passed, 0 failed');
  });

  it('reports failures with the evaluation tree, and exits 1', () => {
    const rules = new URL('../examples/rules.yaml', import.meta.url).pathname;
    const t = file('fail.test.yaml', [
      `rules: [${rules}]`,
      'cases:',
      '  - name: cat reading shadow fires the shell rule',
      '    event: { evt.type: openat, evt.is_open_read: true, fd.typechar: f, fd.name: /etc/shadow, proc.name: cat }',
      '    fire: [Shell spawned in a container]',
      '  - name: ok',
      '    condition: spawned_process',
      '    event: { evt.type: execve }',
      '    expect: true',
    ].join('\n'));
    const r = run(['test', t]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`  ✗ cat reading shadow fires the shell rule  (${t}:3)\n      expected 'Shell spawned in a container' to fire, it did not:\n      ✗ and  → false\n`);
    expect(r.out).toContain('✗ evt.type in (execve, execveat)   [evt.type = "openat"]   (macro spawned_process)');
    expect(r.out).toContain('  ✓ ok\n');
    expect(r.out).toContain('1 passed, 1 failed');
  });

  it('exits 2 when a test file or its rules cannot be used', () => {
    const t = file('bad.test.yaml', 'rules: [nope.yaml]\ncases: []\n');
    const r = run(['test', t]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${t}:1: cannot read the rules file nope.yaml`);
    const u = file('unknown.test.yaml', `rules: [${new URL('../examples/rules.yaml', import.meta.url).pathname}]\ncases:\n  - name: x\n    event: {}\n    fire: [No such rule]\n`);
    expect(run(['test', u]).out).toContain("no rule named 'No such rule' in the rules files");
  });
});

describe.skipIf(!existsSync(bin))('--fields', () => {
  it("lints with the field list of the user's own Falco", () => {
    const fields = file('fields.txt', [
      '-------------------------------',
      'Field Class:                  myplugin (plugin)',
      'Event Sources:                syscall ',
      '',
      'myplugin.user                 (Type: CHARBUF) The user the plugin saw. ',
      '-------------------------------',
      'Field Class:                  evt (All event types)',
      'Event Sources:                syscall ',
      '',
      'evt.type                      (Type: CHARBUF) Event type. ',
      '',
    ].join('\n'));
    const rules = file('plugin-rules.yaml', '- rule: r\n  desc: d\n  condition: evt.type = open and myplugin.user = bob\n  output: "%myplugin.user"\n  priority: INFO\n');
    expect(run(['lint', rules]).code).toBe(1);
    const r = run(['lint', '--fields', fields, rules]);
    expect(r.out).toContain('no problems');
    expect(r.code).toBe(0);
  });
});

describe.skipIf(!existsSync(bin))('falco-expr lsp --stdio', () => {
  it('answers initialize and shuts down cleanly', async () => {
    const frame = (msg: object) => {
      const body = JSON.stringify(msg);
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    const p = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd: root });
    let out = '';
    const waitFor = (text: string) => new Promise<void>((resolve) => {
      const check = () => (out.includes(text) ? resolve() : setTimeout(check, 20));
      check();
    });
    p.stdout.on('data', (d) => (out += d));
    p.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    await waitFor('"id":1');
    expect(out).toContain('"completionProvider"');
    expect(out).toContain('"hoverProvider":true');
    p.stdin.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
    p.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    await waitFor('"id":2');
    p.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
    const code = await new Promise((resolve) => p.on('close', resolve));
    expect(code).toBe(0);
  });
});
