#!/usr/bin/env node
// The `falco-expr` command. Only the Node version check is imported statically: on an old Node it says in one
// line what is needed instead of failing inside a dependency.
import { nodeProblem } from './node-check.js';

const problem = nodeProblem();
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 2;
} else {
  import('./start.js').catch((e: unknown) => {
    process.stderr.write(`falco-expr: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  });
}
