import { MarkupKind, type Hover } from 'vscode-languageserver';
import { Resolver, expandLists } from '../check/resolve.js';
import { codeDescription } from '../lint/index.js';
import type { RuleSet } from '../rules/loader.js';
import type { Expr } from '../syntax/ast.js';
import { MODIFIER_WORDS } from '../language/vocabulary.js';
import { format } from '../syntax/printer.js';
import { wordAt } from './condition.js';
import { fieldMarkdown, KEY_DOCS, listMarkdown, macroMarkdown, MODIFIER_DOCS, OPERATOR_DOCS, transformerMarkdown } from './docs.js';
import { scalarAt, sourceSpan } from './outline.js';
import { pathToUri, type RulesFile, type Workspace } from './workspace.js';

/*
 * Hover: a field's type, flags and description; a macro's definition and its fully expanded condition; a
 * list's items (expanded when it includes other lists); transformers, operators and modifiers; and the
 * explanation of the diagnostics under the cursor.
 */

function where(ws: Workspace, file: string, line: number): string {
  const f = ws.getByPath(file);
  const name = f ? f.path.split(/[\\/]/).pop()! : file;
  return `[${name}:${line}](${f?.uri ?? pathToUri(file)}#L${line})`;
}

function listRecord(set: RuleSet): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const l of set.lists.values()) lists[l.name] = l.items;
  return lists;
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
  const outline = ws.outline(file);
  const at = scalarAt(outline, offset);
  const sections: string[] = [];
  let span: [number, number] | undefined;
  const set = () => ws.load(file).set;
  if (at && (at.role === 'condition' || at.role === 'output')) {
    const w = wordAt(at.value, at.index);
    let md: string | undefined;
    if (w) {
      let word = w.word;
      let start = w.start;
      if (at.role === 'output' && word.startsWith('%')) {
        word = word.slice(1);
        start++;
      }
      if (at.value[w.end] === '(') md = transformerMarkdown(word);
      if (!md) {
        const r = ws.catalog.resolve(word);
        if (r) {
          md = fieldMarkdown(r.field);
          if (r.arg !== undefined) md += `\n\nArgument here: \`${r.arg}\``;
          if (r.error) md += `\n\n⚠ ${r.error.message}`;
        }
      }
      if (!md && at.role === 'condition') {
        const s = set();
        md = macroHover(ws, s, word) ?? listHover(ws, s, word) ?? (OPERATOR_DOCS[word] ? `**${word}** — operator\n\n${OPERATOR_DOCS[word]}` : undefined);
        if (!md && MODIFIER_WORDS.includes(word)) md = `**${word}** — modifier\n\n${MODIFIER_DOCS[word]}`;
      }
      if (md) {
        sections.push(md);
        span = sourceSpan(text, at.node, start, w.end);
      }
    }
    if (!md && at.role === 'condition') {
      // A symbolic operator under the cursor.
      const m = /[=<>!]+/y;
      let s = at.index;
      while (s > 0 && '=<>!'.includes(at.value[s - 1]!)) s--;
      m.lastIndex = s;
      const op = m.exec(at.value)?.[0];
      if (op && OPERATOR_DOCS[op]) {
        sections.push(`**${op}** — operator\n\n${OPERATOR_DOCS[op]}`);
        span = sourceSpan(text, at.node, s, s + op.length);
      }
    }
  } else if (at && (at.role === 'listItem' || at.role === 'name')) {
    const s = set();
    const name = at.value;
    const md = at.role === 'name' ? (at.item.kind === 'macro' ? macroHover(ws, s, name) : at.item.kind === 'list' ? listHover(ws, s, name) : undefined) : listHover(ws, s, name);
    if (md) {
      sections.push(md);
      span = sourceSpan(text, at.node, 0, at.value.length);
    }
  } else if (!at) {
    // A key of an item.
    let s = offset;
    while (s > 0 && /[\w-]/.test(text[s - 1]!)) s--;
    let e = offset;
    while (e < text.length && /[\w-]/.test(text[e]!)) e++;
    const key = text.slice(s, e);
    if (key && text[e] === ':' && KEY_DOCS[key]) {
      sections.push(`**${key}** — ${KEY_DOCS[key]}`);
      span = [s, e];
    }
  }
  sections.push(...diagnosticsAt(ws, file, offset));
  if (sections.length === 0) return null;
  const out: Hover = { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') } };
  if (span) out.range = { start: file.doc.positionAt(span[0]), end: file.doc.positionAt(span[1]) };
  return out;
}
