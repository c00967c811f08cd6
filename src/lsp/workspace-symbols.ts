import { SymbolKind, type SymbolInformation } from 'vscode-languageserver';
import type { Workspace } from './workspace.js';

/*
 * Workspace symbols: the rules, macros and lists of every rules file of the workspace (open documents and
 * the files found on disk), matched against the query as editors expect: the query's characters in order,
 * case-insensitive (`spwn` finds `spawned_process`).
 */

const KIND: Record<string, SymbolKind> = { rule: SymbolKind.Event, macro: SymbolKind.Function, list: SymbolKind.Array };
const MAX = 1000;

export function matchesQuery(name: string, query: string): boolean {
  const n = name.toLowerCase();
  let i = 0;
  for (const c of query.toLowerCase()) {
    if (c === ' ') continue;
    i = n.indexOf(c, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

export function workspaceSymbols(ws: Workspace, query: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const file of ws.all()) {
    if (!ws.looksLikeRules(file)) continue;
    const container = file.path.split(/[\\/]/).pop() ?? file.path;
    for (const item of ws.outline(file).items) {
      const kind = KIND[item.kind];
      if (kind === undefined || !item.name || !item.nameNode?.range) continue;
      if (!matchesQuery(item.name, query)) continue;
      const [s, e] = item.nameNode.range;
      out.push({
        name: item.name,
        kind,
        location: { uri: file.uri, range: { start: file.doc.positionAt(s), end: file.doc.positionAt(e) } },
        containerName: item.append ? `${container} (override)` : container,
      });
      if (out.length >= MAX) return out;
    }
  }
  return out;
}
