import { describe, expect, it } from 'vitest';
import { codeCacheKey, runsBriefly } from '../src/cli/tiering.js';

describe("V8's short-run settings", () => {
  it('are for the commands that run briefly, not for the language server or the REPL', () => {
    for (const c of ['lint', 'run', 'eval', 'test', 'fmt', 'ast', 'describe', 'fields', 'diff', undefined]) expect(runsBriefly(c)).toBe(true);
    expect(runsBriefly('lsp')).toBe(false);
    expect(runsBriefly('repl')).toBe(false);
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
