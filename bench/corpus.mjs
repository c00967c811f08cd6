// Corpus access for the benchmarks: the rules files live in ../shared (never copied into the project).
import { readFileSync, readdirSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export const sharedUrl = (rel) => new URL(`../../shared/${rel}`, import.meta.url);

export function corpusConditions() {
  const out = [];
  const dir = sharedUrl('corpus/rules/');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const item of parseYaml(readFileSync(new URL(file, dir), 'utf8')) ?? []) {
      if (typeof item.condition === 'string' && (item.rule || item.macro)) out.push(item.condition);
    }
  }
  return out;
}

/** Runs `fn` repeatedly for about `ms` milliseconds after a warm-up; returns iterations per second. */
export function measure(fn, ms = 2000) {
  const warmEnd = performance.now() + ms / 4;
  while (performance.now() < warmEnd) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    fn();
    n++;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}
