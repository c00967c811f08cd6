// Formatter speed: `formatRules` on every corpus rules file (the check that the result means the same is
// included, as in every run), and the language server's semantic tokens for falco_rules.yaml.
// Run after `npm run build`: node bench/fmt.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatRules } from '../dist/index.js';
import { fileTokens } from '../dist/lsp/semantic-tokens.js';
import { Workspace } from '../dist/lsp/workspace.js';
import { sharedUrl } from './corpus.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn, runs = 15) {
  fn();
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return +median(ts).toFixed(1);
}

const dir = sharedUrl('corpus/rules/');
const rows = [];
let total = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const text = readFileSync(new URL(file, dir), 'utf8');
  const ms = time(() => formatRules(text));
  total += ms;
  rows.push({ file, kib: +(text.length / 1024).toFixed(1), ms, changed: formatRules(text).changed });
}
console.table(rows);
console.log(`whole corpus: ${total.toFixed(0)} ms`);

const text = readFileSync(new URL('falco_rules.yaml', dir), 'utf8');
const ws = new Workspace();
const f = ws.open(TextDocument.create('file:///bench/falco_rules.yaml', 'yaml', 1, text));
console.log(`semantic tokens of falco_rules.yaml: ${fileTokens(ws, f).length} tokens in ${time(() => fileTokens(ws, f))} ms`);
