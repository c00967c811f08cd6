// Lint speed for editors: all of falco_rules.yaml in-process (warm), and the command cold (a new process).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { lint } from '../dist/lint/index.js';
import { sharedUrl } from './corpus.mjs';

/** Times (ms) of 50 warm in-process lints of falco_rules.yaml, after 20 untimed ones. */
export function warmLints() {
  const path = sharedUrl('corpus/rules/falco_rules.yaml').pathname;
  const src = [{ path, text: readFileSync(path, 'utf8') }];
  for (let i = 0; i < 20; i++) lint(src);
  const warm = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    lint(src);
    warm.push(performance.now() - t);
  }
  return warm;
}

export function run() {
  const path = sharedUrl('corpus/rules/falco_rules.yaml').pathname;
  const text = readFileSync(path, 'utf8');
  const warm = warmLints();
  const bin = new URL('../dist/cli/main.cjs', import.meta.url).pathname; // package.json's bin
  const cold = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [bin, 'lint', path], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`lint failed: ${r.stderr}`);
    cold.push(performance.now() - t);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    name: 'lint',
    file: 'falco_rules.yaml',
    bytes: Buffer.byteLength(text),
    'warm ms (median)': +median(warm).toFixed(2),
    'warm ms (min)': +Math.min(...warm).toFixed(2),
    'cold CLI ms (median)': +median(cold).toFixed(1),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(run());
