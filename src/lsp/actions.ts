import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type Range as LspRange, type TextEdit } from 'vscode-languageserver';
import { closestNames } from '../check/suggest.js';
import type { DiagnosticData } from '../diagnostic.js';
import { scalarMap } from '../rules/positions.js';
import type { Expr, FieldTransformerExpr } from '../syntax/ast.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import { inListPosition, wordAt } from '../assist/cursor.js';
import { itemAt, scalarAt, sourceSpan, type Outline } from '../assist/outline.js';
import type { RulesFile, Workspace } from './workspace.js';

/*
 * Quick fixes: the field a "did you mean" diagnostic proposes, the closest macro for an undefined one, a
 * skeleton for a missing macro or list (inserted before the item that uses it, so that macros defined later
 * stay visible to it), parentheses around a list name after `in`, and `join(list, separator)` rewritten to
 * Falco's `join(separator, list)`.
 */

const MACRO_NAME = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;

function edit(file: RulesFile, start: number, end: number, newText: string): { changes: Record<string, TextEdit[]> } {
  return { changes: { [file.uri]: [{ range: { start: file.doc.positionAt(start), end: file.doc.positionAt(end) }, newText }] } };
}

/** Where a new item goes: at the start of the line of the item holding `offset` (or at the end of the file). */
function insertionPoint(text: string, outline: Outline, offset: number): { at: number; indent: string; tail: string } {
  const item = itemAt(outline, offset);
  if (!item) return { at: text.length, indent: '', tail: text.endsWith('\n') || text === '' ? '' : '\n' };
  let ls = item.start;
  while (ls > 0 && text[ls - 1] !== '\n' && text[ls - 1] !== '\r') ls--;
  const indent = /^[ \t]*/.exec(text.slice(ls, item.start))![0];
  return { at: ls, indent, tail: '' };
}

function skeleton(kind: 'macro' | 'list', name: string, indent: string): string {
  return kind === 'macro'
    ? `${indent}- macro: ${name}\n${indent}  condition: (evt.num = 0)\n\n`
    : `${indent}- list: ${name}\n${indent}  items: []\n\n`;
}

function addItem(file: RulesFile, outline: Outline, offset: number, kind: 'macro' | 'list', name: string, diagnostic?: LspDiagnostic): CodeAction {
  const text = file.doc.getText();
  const p = insertionPoint(text, outline, offset);
  const action: CodeAction = {
    title: `Add ${kind} '${name}'`,
    kind: CodeActionKind.QuickFix,
    edit: edit(file, p.at, p.at, p.tail + skeleton(kind, name, p.indent)),
  };
  if (diagnostic) action.diagnostics = [diagnostic];
  return action;
}

function innermostJoin(e: Expr, index: number): FieldTransformerExpr | undefined {
  let found: FieldTransformerExpr | undefined;
  const visit = (n: Expr) => {
    if (n.range.start.offset > index || n.range.end.offset < index) return;
    if (n.kind === 'field_transformer' && n.transformer === 'join' && n.values.length === 2) found = n;
    switch (n.kind) {
      case 'and':
      case 'or':
        n.children.forEach(visit);
        break;
      case 'not':
        visit(n.child);
        break;
      case 'unary_check':
        visit(n.left);
        break;
      case 'binary_check':
        visit(n.left);
        visit(n.right);
        break;
      case 'field_transformer':
        n.values.forEach(visit);
        break;
      case 'transformer_list':
        n.children.forEach(visit);
        break;
      default:
    }
  };
  visit(e);
  return found;
}

function joinRewrite(file: RulesFile, outline: Outline, offset: number, diagnostic: LspDiagnostic): CodeAction | undefined {
  const text = file.doc.getText();
  const at = scalarAt(outline, offset);
  if (!at || at.role !== 'condition') return undefined;
  const value = scalarMap(text, at.node).value;
  const ast = parse(value, { maxDepth: FALCO_MAX_DEPTH }).ast;
  if (!ast) return undefined;
  const j = innermostJoin(ast, at.index);
  if (!j) return undefined;
  const [a, b] = j.values as [Expr, Expr];
  const sa = sourceSpan(text, at.node, a.range.start.offset, a.range.end.offset);
  const sb = sourceSpan(text, at.node, b.range.start.offset, b.range.end.offset);
  if (sa[1] > sb[0]) return undefined;
  const newText = text.slice(sb[0], sb[1]) + text.slice(sa[1], sb[0]) + text.slice(sa[0], sa[1]);
  return {
    title: "Rewrite as Falco's join(separator, list)",
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: edit(file, sa[0], sb[1], newText),
  };
}

export function codeActions(ws: Workspace, file: RulesFile, range: LspRange, diagnostics: LspDiagnostic[]): CodeAction[] {
  const text = file.doc.getText();
  const outline = ws.outline(file);
  const out: CodeAction[] = [];
  const set = ws.looksLikeRules(file) ? ws.load(file).set : undefined;
  for (const d of diagnostics) {
    const s = file.doc.offsetAt(d.range.start);
    const e = file.doc.offsetAt(d.range.end);
    const code = String(d.code ?? '');
    // What the diagnostic is about comes as data (src/diagnostic.ts), passed through the client untouched.
    const data = (d.data ?? {}) as DiagnosticData;
    if (data.name !== undefined && data.suggestion !== undefined && (data.nameKind === 'field' || data.nameKind === 'key')) {
      const bad = data.name;
      const hint = data.suggestion;
      const i = text.slice(s, Math.max(e, s + bad.length + 1)).indexOf(bad);
      if (i >= 0) {
        out.push({ title: `Change to '${hint}'`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit(file, s + i, s + i + bad.length, hint) });
      }
      continue;
    }
    if (code === 'undefined-macro' && data.name !== undefined) {
      const name = data.name;
      const i = text.slice(s, Math.max(e, s + name.length)).indexOf(name);
      if (set && i >= 0) {
        // The same suggestions as the diagnostic's "did you mean" (src/check/suggest.ts).
        const close = closestNames(name, set.macros.keys(), 3);
        for (const m of close) out.push({ title: `Change to '${m}'`, kind: CodeActionKind.QuickFix, diagnostics: [d], ...(m === close[0] ? { isPreferred: true } : {}), edit: edit(file, s + i, s + i + name.length, m) });
      }
      if (MACRO_NAME.test(name)) out.push(addItem(file, outline, s, 'macro', name, d));
      continue;
    }
    if (code === 'list-needs-parentheses') {
      const name = data.name;
      const i = name !== undefined ? text.slice(s, Math.max(e, s + name.length)).indexOf(name) : -1;
      if (name !== undefined && data.replacement !== undefined && i >= 0) {
        out.push({ title: `Write ${data.replacement}`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit(file, s + i, s + i + name.length, data.replacement) });
      }
      continue;
    }
    if (code === 'join-order') {
      const a = joinRewrite(file, outline, s, d);
      if (a) out.push(a);
    }
  }
  // A word where a list belongs that no list defines: offer to add the list.
  const offset = file.doc.offsetAt(range.start);
  const at = scalarAt(outline, offset);
  if (at?.role === 'condition' && set) {
    const w = wordAt(at.value, at.index);
    if (w && /^[A-Za-z][A-Za-z0-9_-]*$/.test(w.word) && !set.lists.has(w.word) && !set.macros.has(w.word) && !ws.catalog.resolve(w.word)) {
      const pos = inListPosition(at.value, w.start);
      if (pos && (pos.bare || w.word.includes('_'))) out.push(addItem(file, outline, offset, 'list', w.word));
    }
  }
  return out;
}
