#!/usr/bin/env node
// Writes docs/lint-rules.md from the lint rules registry (src/lint/registry.ts, read from dist/: run
// `npm run build` first). test/lint-rules.test.ts fails when the committed file differs from the registry.
//   node scripts/gen-lint-rules.mjs           write docs/lint-rules.md
//   node scripts/gen-lint-rules.mjs --check   exit 1 when the committed file differs
import { readFileSync, writeFileSync } from 'node:fs';
import { rulesListMarkdown } from '../dist/lint/rules-list.js';

const path = new URL('../docs/lint-rules.md', import.meta.url);
const text = rulesListMarkdown();
if (process.argv.includes('--check')) {
  if (readFileSync(path, 'utf8') !== text) {
    console.error('docs/lint-rules.md differs from the registry: run node scripts/gen-lint-rules.mjs');
    process.exit(1);
  }
} else writeFileSync(path, text);
