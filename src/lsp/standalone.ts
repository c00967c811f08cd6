#!/usr/bin/env node
// The language server as a program of its own: `node dist/lsp/standalone.js --stdio`. The Node version is
// checked before the server and its dependencies are loaded (see src/cli/node-check.ts).
import { importBundled } from '../cli/bundled.js';
import { useCompileCache } from '../cli/compile-cache.js';
import { nodeProblem } from '../cli/node-check.js';

const problem = nodeProblem();
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 2;
} else {
  useCompileCache();
  importBundled(new URL('../cli/lsp.bundle.js', import.meta.url), new URL('./main.js', import.meta.url))
    .then((m) => (m as typeof import('./main.js')).runLsp(process.argv.slice(2)))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        process.stderr.write(`falco-expr lsp: ${(e as Error)?.stack ?? String(e)}\n`);
        process.exitCode = 1;
      },
    );
}
