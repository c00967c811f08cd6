import { describe, expect, it } from 'vitest';
import { runsBriefly } from '../src/cli/tiering.js';

describe("V8's short-run settings", () => {
  it('are for the commands that run briefly, not for the language server or the REPL', () => {
    for (const c of ['lint', 'run', 'eval', 'test', 'fmt', 'ast', 'describe', 'fields', 'diff', undefined]) expect(runsBriefly(c)).toBe(true);
    expect(runsBriefly('lsp')).toBe(false);
    expect(runsBriefly('repl')).toBe(false);
  });
});
