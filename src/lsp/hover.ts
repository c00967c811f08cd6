import { MarkupKind, type Hover } from 'vscode-languageserver';
import { Resolver, expandLists } from '../check/resolve.js';
import { codeDescription } from '../lint/index.js';
import type { RuleSet } from '../rules/loader.js';
import { definitionsOf } from '../rules/definitions.js';
import type { Expr } from '../syntax/ast.js';
import { hoverRules } from '../assist/hover.js';
import { listMarkdown, macroMarkdown } from '../assist/docs.js';
import { format } from '../syntax/printer.js';
import { assistContext } from './completion.js';
import { pathToUri, type RulesFile, type Workspace } from './workspace.js';

/*
 * Hover: the core's cursor analysis (../assist/hover.ts) tells what is under the cursor (a field's type, flags and
 * description; transformers, operators, modifiers, keys); this file adds a macro's location and fully expanded
 * condition, a list's items (expanded when it includes other lists), and the explanation of the diagnostics under
 * the cursor.
 */

function where(ws: Workspace, file: string, line: number): string {
  const f = ws.getByPath(file);
  const name = f ? f.path.split(/[\\/]/).pop()! : file;
  return `[${name}:${line}](${f?.uri ?? pathToUri(file)}#L${line})`;
}

function listRecord(set: RuleSet): Record<string, string[]> {
  return definitionsOf(set).lists;
}

/** The condition of a macro with every macro and list inside replaced, as Falco compiles it. */
export function expandedMacro(set: RuleSet, name: string): string | undefined {
  const m = set.macros.get(name);
  if (!m?.ast) return undefined;
  const macros: Record<string, string | Expr> = {};
  for (const o of set.macros.values()) macros[o.name] = o.ast ?? o.condition.text;
  const r = new Resolver({ macros, lists: listRecord(set) }).resolve(m.ast);
  const expanded = format(r.ast);
  // Nothing to expand: the macro uses no other macro nor list.
  return expanded === format(m.ast) ? undefined : expanded;
}

export function macroHover(ws: Workspace, set: RuleSet, name: string): string | undefined {
  const m = set.macros.get(name);
  if (!m) return undefined;
  return macroMarkdown(m, where(ws, m.file, m.range.start.line), expandedMacro(set, name));
}

export function listHover(ws: Workspace, set: RuleSet, name: string): string | undefined {
  const l = set.lists.get(name);
  if (!l) return undefined;
  const expanded = expandLists(listRecord(set)).lists.get(name);
  return listMarkdown(l, where(ws, l.file, l.range.start.line), expanded);
}

function diagnosticsAt(ws: Workspace, file: RulesFile, offset: number): string[] {
  const out: string[] = [];
  if (!ws.looksLikeRules(file)) return out;
  for (const d of ws.load(file).diagnostics) {
    const s = d.range.start.offset;
    const e = Math.max(d.range.end.offset, s + 1);
    if (offset < s || offset > e) continue;
    const desc = codeDescription(d.code);
    out.push(`**${d.severity}** \`${d.code}\`${desc ? ` — ${desc}` : ''}\n\n${d.message}`);
  }
  return out;
}

export function hover(ws: Workspace, file: RulesFile, offset: number): Hover | null {
  const text = file.doc.getText();
  const sections: string[] = [];
  let span: [number, number] | undefined;
  const h = hoverRules(text, offset, assistContext(ws, file), ws.outline(file));
  if (h) {
    // Macros and lists: where they are defined, and what they expand to, which only the workspace knows.
    const set = h.subject === 'macro' || h.subject === 'list' ? ws.load(file).set : undefined;
    const md = (set && (h.subject === 'macro' ? macroHover(ws, set, h.name) : listHover(ws, set, h.name))) || h.markdown;
    sections.push(md);
    span = [h.from, h.to];
  }
  sections.push(...diagnosticsAt(ws, file, offset));
  if (sections.length === 0) return null;
  const out: Hover = { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') } };
  if (span) out.range = { start: file.doc.positionAt(span[0]), end: file.doc.positionAt(span[1]) };
  return out;
}
