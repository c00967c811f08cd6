import { readFileSync, readdirSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** Data shared by the project's tests lives outside the repository, in ../shared (never copied in). */
export const sharedUrl = (rel: string): URL => new URL(`../../../shared/${rel}`, import.meta.url);
export const readShared = (rel: string): string => readFileSync(sharedUrl(rel), 'utf8');

export interface ParserCase {
  input: string;
  ok: boolean;
  ast?: unknown;
  error?: string;
  pos?: { idx: number; line: number; col: number };
}

export function parserCases(): ParserCase[] {
  return readShared('conformance/parser-cases.jsonl')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ParserCase);
}

export const corpusRuleFiles = (): string[] =>
  readdirSync(sharedUrl('corpus/rules')).filter((f) => f.endsWith('.yaml')).sort();

export interface CorpusCondition {
  file: string;
  item: 'rule' | 'macro';
  name: string;
  condition: string;
}

/** Every rule and macro condition of every corpus rules file. */
export function corpusConditions(): CorpusCondition[] {
  const out: CorpusCondition[] = [];
  for (const file of corpusRuleFiles()) {
    const doc = parseYaml(readShared(`corpus/rules/${file}`)) as Array<Record<string, unknown>> | null;
    for (const item of doc ?? []) {
      if (typeof item.condition !== 'string') continue;
      if (typeof item.rule === 'string') out.push({ file, item: 'rule', name: item.rule, condition: item.condition });
      else if (typeof item.macro === 'string') out.push({ file, item: 'macro', name: item.macro, condition: item.condition });
    }
  }
  return out;
}
