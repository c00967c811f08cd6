#!/usr/bin/env node
// The `falco-expr` command. Only the Node version check, the compile cache switch and the bundle loader are
// imported statically: on an old Node it says in one line what is needed instead of failing inside a dependency.
import { importBundled } from './bundled.js';
import { useCompileCache } from './compile-cache.js';
import { nodeProblem } from './node-check.js';
import { runsBriefly, tuneTieringForShortRuns } from './tiering.js';

const problem = nodeProblem();
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 2;
} else {
  useCompileCache();
  if (runsBriefly(process.argv[2])) tuneTieringForShortRuns();
  importBundled(new URL('./start.bundle.js', import.meta.url), new URL('./start.js', import.meta.url)).catch((e: unknown) => {
    process.stderr.write(`falco-expr: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  });
}
