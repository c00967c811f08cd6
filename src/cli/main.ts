#!/usr/bin/env node
// The `falco-expr` command. Only the Node version check, the compile cache switch and the bundle loader are
// imported statically: on an old Node it says in one line what is needed instead of failing inside a dependency.
import { importBundled } from './bundled.js';
import { useCompileCache } from './compile-cache.js';
import { nodeProblem } from './node-check.js';
import { tuneTieringForShortRuns } from './tiering.js';

const problem = nodeProblem();
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 2;
} else {
  useCompileCache();
  // The language server runs for as long as the editor: V8's defaults (optimised code sooner) serve it better
  // (a keystroke's lint in falco_rules.yaml took about twice as long with the short-run settings).
  if (process.argv[2] !== 'lsp') tuneTieringForShortRuns();
  importBundled(new URL('./start.bundle.js', import.meta.url), new URL('./start.js', import.meta.url)).catch((e: unknown) => {
    process.stderr.write(`falco-expr: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  });
}
