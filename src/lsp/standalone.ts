#!/usr/bin/env node
// The language server as a program of its own: `node dist/lsp/standalone.js --stdio`.
import { runLsp } from './main.js';

runLsp(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`falco-expr lsp: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
