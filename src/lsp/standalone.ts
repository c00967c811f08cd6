#!/usr/bin/env node
// The language server as a program of its own: `node dist/lsp/standalone.js --stdio`. The Node version is
// checked before the server and its dependencies are loaded (see src/cli/node-check.ts).
import { useCompileCache } from '../cli/compile-cache.js';
import { nodeProblem } from '../cli/node-check.js';
import { runScript } from '../cli/script.js';
import { codeCacheKey } from '../cli/tiering.js';

const problem = nodeProblem();
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 2;
} else {
  const fail = (e: unknown) => {
    process.stderr.write(`falco-expr lsp: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  };
  try {
    useCompileCache();
    const argv = process.argv.slice(2);
    // V8's default tiering, as for `falco-expr lsp` (a session lasts as long as the editor's).
    const script = runScript(new URL('../cli/', import.meta.url), 'lsp', codeCacheKey(['lsp', ...argv], false));
    const loaded: Promise<typeof import('./main.js')> = script ? Promise.resolve(script as typeof import('./main.js')) : import('./main.js');
    loaded
      .then((m) => m.runLsp(argv))
      .then((code) => {
        process.exitCode = code;
      }, fail);
  } catch (e) {
    fail(e);
  }
}
