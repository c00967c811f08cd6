import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import type { Item } from '../assist/outline.js';
import type { RulesFile, Workspace } from './workspace.js';

/** Document symbols (rules, macros, lists) for outline views, and folding of items and long conditions. */

const KIND: Record<string, SymbolKind> = {
  rule: SymbolKind.Event,
  macro: SymbolKind.Function,
  list: SymbolKind.Array,
  required_engine_version: SymbolKind.Property,
  required_plugin_versions: SymbolKind.Property,
};

/** The end of an item without its trailing blank lines and comments' line breaks. */
function trimmedEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

function detail(item: Item): string {
  const parts: string[] = [];
  if (item.kind === 'rule' && item.priority) parts.push(String(item.priority.value));
  if (item.kind === 'list') parts.push(`${item.items.length} items`);
  if (item.append) parts.push('override');
  if (item.kind === 'rule' && item.source && item.source !== 'syscall') parts.push(item.source);
  return parts.join(' · ');
}

export function documentSymbols(ws: Workspace, file: RulesFile): DocumentSymbol[] {
  const text = file.doc.getText();
  const out: DocumentSymbol[] = [];
  for (const item of ws.outline(file).items) {
    const kind = KIND[item.kind];
    if (kind === undefined) continue;
    const name = item.name ?? item.kind;
    // The item starts at its first key; the symbol covers the `- ` before it too.
    let start = item.start;
    const dash = /-[ \t]*$/.exec(text.slice(Math.max(0, start - 8), start));
    if (dash) start -= dash[0].length;
    const end = trimmedEnd(text, item.start, item.end);
    const range = { start: file.doc.positionAt(start), end: file.doc.positionAt(end) };
    const sel = item.nameNode?.range ? { start: file.doc.positionAt(item.nameNode.range[0]), end: file.doc.positionAt(item.nameNode.range[1]) } : range;
    const sym: DocumentSymbol = { name: name.trim() || item.kind, kind, range, selectionRange: sel };
    const d = detail(item);
    if (d) sym.detail = d;
    out.push(sym);
  }
  return out;
}

export function foldingRanges(ws: Workspace, file: RulesFile): FoldingRange[] {
  const text = file.doc.getText();
  const out: FoldingRange[] = [];
  const add = (s: number, e: number, kind?: FoldingRangeKind) => {
    const startLine = file.doc.positionAt(s).line;
    const endLine = file.doc.positionAt(trimmedEnd(text, s, e)).line;
    if (endLine > startLine) out.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  for (const item of ws.outline(file).items) {
    add(item.start, item.end);
    for (const n of [item.condition, item.output]) if (n?.range) add(n.range[0], n.range[1]);
  }
  // Runs of comment lines.
  const lines = text.split(/\r\n|\r|\n/);
  let run = -1;
  for (let i = 0; i <= lines.length; i++) {
    const isComment = i < lines.length && /^\s*#/.test(lines[i]!);
    if (isComment && run < 0) run = i;
    if (!isComment && run >= 0) {
      if (i - 1 > run) out.push({ startLine: run, endLine: i - 1, kind: FoldingRangeKind.Comment });
      run = -1;
    }
  }
  return out;
}
