import type { CodeLens } from 'vscode-languageserver';
import type { Expr } from '../syntax/ast.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import { scalarMap } from '../rules/positions.js';
import { wordSpans } from '../assist/cursor.js';
import type { RulesFile, Workspace } from './workspace.js';

/*
 * A code lens above every macro and list definition with its number of uses across the workspace's rules
 * files: macro references in conditions, list names in conditions (where Falco substitutes them: as words of
 * the text) and in the items of other lists. Counted once per workspace state for all definitions (every
 * condition parsed once), not once per definition.
 */

interface Counts {
  macros: Map<string, number>;
  lists: Map<string, number>;
}

let cache: { key: string; counts: Counts } | undefined;

function countUses(ws: Workspace): Counts {
  const files = ws.all().filter((f) => ws.looksLikeRules(f));
  const key = files.map((f) => `${f.uri}@${f.doc.version}:${f.stamp}`).join('|');
  if (cache?.key === key) return cache.counts;
  const listNames = new Set<string>();
  for (const f of files) for (const item of ws.outline(f).items) if (item.kind === 'list' && item.name) listNames.add(item.name);
  const macros = new Map<string, number>();
  const lists = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
  for (const f of files) {
    const text = f.doc.getText();
    for (const item of ws.outline(f).items) {
      if (item.condition && (item.kind === 'rule' || item.kind === 'macro')) {
        let value: string;
        try {
          value = scalarMap(text, item.condition).value;
        } catch {
          continue;
        }
        const ast = parse(value, { maxDepth: FALCO_MAX_DEPTH }).ast;
        if (ast) walk(ast, (name) => bump(macros, name));
        for (const name of listNames) if (value.includes(name)) {
          const n = wordSpans(value, name).length;
          if (n) bump(lists, name, n);
        }
      }
      if (item.kind === 'list') for (const i of item.items) if (typeof i.value === 'string' && listNames.has(i.value)) bump(lists, i.value);
    }
  }
  const counts = { macros, lists };
  cache = { key, counts };
  return counts;
}

function walk(e: Expr, onMacro: (name: string) => void): void {
  if (e.kind === 'identifier') onMacro(e.name);
  else if (e.kind === 'and' || e.kind === 'or') for (const c of e.children) walk(c, onMacro);
  else if (e.kind === 'not') walk(e.child, onMacro);
}

export function codeLenses(ws: Workspace, file: RulesFile): CodeLens[] {
  const counts = countUses(ws);
  const out: CodeLens[] = [];
  for (const item of ws.outline(file).items) {
    if ((item.kind !== 'macro' && item.kind !== 'list') || !item.name || !item.nameNode?.range || item.append) continue;
    const n = (item.kind === 'macro' ? counts.macros : counts.lists).get(item.name) ?? 0;
    const title = n === 0 ? 'no uses' : n === 1 ? '1 use' : `${n} uses`;
    const [s, e] = item.nameNode.range;
    // A lens without a command is not shown by VS Code: an empty command makes it a label.
    out.push({ range: { start: file.doc.positionAt(s), end: file.doc.positionAt(e) }, command: { title, command: '' } });
  }
  return out;
}
