import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bin, root, scratch } from './support/cli.js';

/*
 * The command loads re2js only when a condition uses `regex` (scripts/postbuild.mjs): Node's module debug log
 * (NODE_DEBUG=module) names every package `require` loads.
 */
const { file } = scratch('falco-expr-lazy-');
const corpus = (f: string) => new URL(`../../shared/corpus/rules/${f}`, import.meta.url).pathname;

function runLogged(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', NODE_DEBUG: 'module' } });
  return { code: r.status, out: r.stdout, loadedRe2js: /Module\._load REQUEST re2js/.test(r.stderr) };
}

const rule = (name: string, condition: string) => `- rule: ${name}\n  desc: d\n  condition: ${condition}\n  output: "o %proc.name"\n  priority: NOTICE\n`;

describe.skipIf(!existsSync(bin))('re2js is loaded only for regex', () => {
  it('lint of rules without regex does not load it', () => {
    const r = runLogged(['lint', corpus('falco_rules.yaml')]);
    expect(r.code).toBe(0);
    expect(r.loadedRe2js).toBe(false);
  });

  it('a condition with regex loads it, and regexes are checked and evaluated as before', () => {
    const rules = file('re.yaml', rule('shell', 'evt.type = execve and proc.name regex "^(ba|z)sh$"') + rule('bad', 'evt.type = open and proc.name regex "(("'));
    const lint = runLogged(['lint', rules]);
    expect(lint.loadedRe2js).toBe(true);
    expect(lint.code).toBe(1);
    expect(lint.out).toContain('invalid regex pattern: missing ): ((');
    const good = file('good.yaml', rule('shell', 'evt.type = execve and proc.name regex "^(ba|z)sh$"'));
    const events = file('ev.jsonl', [{ 'evt.type': 'execve', 'proc.name': 'zsh' }, { 'evt.type': 'execve', 'proc.name': 'sh' }, { 'evt.type': 'execve', 'proc.name': 'bash' }].map((e) => JSON.stringify(e)).join('\n'));
    const run = runLogged(['run', '--rules', good, '--events', events]);
    expect(run.code).toBe(0);
    expect(run.out.trim().split('\n').map((l) => JSON.parse(l).output_fields?.['proc.name'] ?? JSON.parse(l).output)).toHaveLength(2);
  });
});
