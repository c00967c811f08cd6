import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeCacheKey, runsBriefly } from '../src/cli/tiering.js';
import { bin, root, scratch } from './support/cli.js';

describe("V8's short-run settings", () => {
  it('are for the commands that run briefly, not for the language server or the REPL', () => {
    for (const c of ['lint', 'run', 'eval', 'test', 'fmt', 'ast', 'describe', 'fields', 'diff', undefined]) expect(runsBriefly(c)).toBe(true);
    expect(runsBriefly('lsp')).toBe(false);
    expect(runsBriefly('repl')).toBe(false);
  });

  // Node's built-in modules are compiled from a code cache made under V8's default flags, which V8 refuses once a
  // flag changes: the command loads those it uses before it sets the flags.
  it.skipIf(!existsSync(bin))('are set after the built-in modules the command uses are loaded', () => {
    const { file } = scratch('falco-expr-tiering-');
    const watch = file('watch.cjs', [
      "const v8 = require('node:v8');",
      'const set = v8.setFlagsFromString;',
      'let at;',
      'v8.setFlagsFromString = (f) => { at ??= process.moduleLoadList.length; return set(f); };',
      "process.on('exit', () => require('node:fs').writeSync(2, `LOADED AFTER ${JSON.stringify(at === undefined ? null : process.moduleLoadList.slice(at).filter((m) => m.startsWith('NativeModule ') && !m.includes('/events/')))}\\n`));",
    ].join('\n'));
    const rules = new URL('../examples/rules.yaml', import.meta.url).pathname;
    const events = new URL('../examples/events.jsonl', import.meta.url).pathname;
    for (const args of [['lint', rules], ['run', '--rules', rules, '--events', events], ['eval', 'proc.name = bash', '--event', '{}'], ['fmt', rules]]) {
      // Standard output and error are pipes, as in a CI job or an editor.
      const r = spawnSync(process.execPath, ['-r', watch, bin, ...args], { cwd: root, encoding: 'utf8' });
      expect(r.stderr, args[0]).toContain('LOADED AFTER []');
    }
  });
});

describe('the code cache key of a command line', () => {
  it('names the command and whether the short-run settings are on', () => {
    expect(codeCacheKey(['lint', 'f.yaml'], true)).toBe('lint');
    expect(codeCacheKey(['lsp', '--stdio'], false)).toBe('lsp-v8-defaults');
    expect(codeCacheKey(['lint', 'f.yaml'], false)).not.toBe(codeCacheKey(['lint', 'f.yaml'], true));
  });

  it('is none for a run that only asks for help or the version, or names no command', () => {
    for (const argv of [[], ['help'], ['--help'], ['--version'], ['lint', '--help'], ['run', '-h'], ['../x'], ['LINT']]) expect(codeCacheKey(argv, true)).toBeUndefined();
  });
});
