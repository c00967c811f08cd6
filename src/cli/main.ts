#!/usr/bin/env node
// The `falco-expr` command. Only the Node version check, the cache and tiering switches and the script loader
// are imported statically: on an old Node it says in one line what is needed instead of failing inside a
// dependency.
import { useCompileCache } from './compile-cache.js';
import { nodeProblem } from './node-check.js';
import { runScript } from './script.js';
import { codeCacheKey, runsBriefly, tuneTieringForShortRuns } from './tiering.js';

const problem = nodeProblem();
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 2;
} else {
  const internal = (e: unknown) => {
    process.stderr.write(`falco-expr: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  };
  try {
    useCompileCache();
    const argv = process.argv.slice(2);
    const tuned = runsBriefly(argv[0]) && tuneTieringForShortRuns(argv[0]);
    const script = runScript(new URL('./', import.meta.url), 'start', codeCacheKey(argv, tuned));
    if (script) {
      const { run, finish } = script as typeof import('./entry.js');
      run(argv).then(finish, internal);
    } else {
      import('./start.js').catch(internal);
    }
  } catch (e) {
    internal(e);
  }
}
