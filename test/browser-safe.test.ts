import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The core (everything but src/cli, src/repl and src/lsp) must run in a browser: no Node built-ins.
const src = new URL('../src/', import.meta.url).pathname;
const NODE_ONLY = new Set(['src/cli', 'src/repl', 'src/lsp']);
const BUILTINS = /from\s+['"](node:[^'"]+|fs|path|os|child_process|url|util|crypto|stream|readline|process|buffer|events|worker_threads|net|http|https|zlib)['"]|\bprocess\.(env|argv|exit|stdout|stderr|stdin|cwd)\b|\bBuffer\.(from|alloc|concat)\b|\brequire\(/;

function coreFiles(dir: string, rel = 'src'): string[] {
  if (NODE_ONLY.has(rel)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    const r = `${rel}/${name}`;
    return statSync(full).isDirectory() ? coreFiles(full, r) : r.endsWith('.ts') ? [r] : [];
  });
}

describe('the core is browser-safe', () => {
  const files = coreFiles(src);
  it('covers the core folders', () => {
    expect(files.some((f) => f.startsWith('src/syntax/'))).toBe(true);
    expect(files.some((f) => f.startsWith('src/eval/'))).toBe(true);
  });
  it.each(files)('%s imports no Node built-in', (file) => {
    const text = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
    expect(text).not.toMatch(BUILTINS);
  });
});
