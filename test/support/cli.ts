import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The built command, run as a user runs it (`npm test` builds dist/ first), and scratch files for its inputs.
export const bin = new URL('../../dist/cli/main.cjs', import.meta.url).pathname; // package.json's bin
export const root = new URL('../..', import.meta.url).pathname;

/** Runs `falco-expr ARGS` from the repository root, without colours. */
export function runCli(args: string[], input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A new temporary folder, and a function that writes a file in it and gives its path. */
export function scratch(prefix: string): { dir: string; file: (name: string, text: string | Uint8Array) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: (name, text) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
  };
}
