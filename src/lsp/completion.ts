import {
  CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind,
  type CompletionItem, type CompletionList, type Range as LspRange,
} from 'vscode-languageserver';
import { completeRules, type CompletionEntry, type CompletionKind } from '../assist/completion.js';
import type { AssistContext } from '../assist/context.js';
import { fieldMarkdown, listMarkdown, macroMarkdown, transformerMarkdown } from '../assist/docs.js';
import type { RulesFile, Workspace } from './workspace.js';

/*
 * Completion: the core's cursor analysis (../assist/completion.ts) computes the items; this file presents them
 * as LSP items (kinds, text edits, snippets, deprecation tags) and fills in their documentation on resolve.
 */

export interface CompletionOptions {
  snippets: boolean;
}

/** The core's context for a document: the catalog, and the macros and lists of its load (read only when needed). */
export function assistContext(ws: Workspace, file: RulesFile, snippets = false): AssistContext {
  let defs: Pick<AssistContext, 'macros' | 'lists'> | undefined;
  const load = () => {
    if (!defs) {
      const set = ws.load(file).set;
      defs = {
        macros: new Map([...set.macros.values()].map((m) => [m.name, m.condition.text])),
        lists: new Map([...set.lists.values()].map((l) => [l.name, l.items])),
      };
    }
    return defs;
  };
  return {
    catalog: ws.catalog,
    snippets,
    get macros() {
      return load().macros;
    },
    get lists() {
      return load().lists;
    },
  };
}

const KIND: Record<CompletionKind, CompletionItemKind> = {
  field: CompletionItemKind.Field,
  fieldArgument: CompletionItemKind.EnumMember,
  macro: CompletionItemKind.Function,
  list: CompletionItemKind.Enum,
  operator: CompletionItemKind.Operator,
  modifier: CompletionItemKind.Keyword,
  transformer: CompletionItemKind.Function,
  keyword: CompletionItemKind.Keyword,
  value: CompletionItemKind.EnumMember,
  key: CompletionItemKind.Property,
  item: CompletionItemKind.Module,
};

function toItem(e: CompletionEntry, file: RulesFile, text: string): CompletionItem {
  const out: CompletionItem = { label: e.label, kind: KIND[e.kind] };
  if (e.detail !== undefined) out.detail = e.detail;
  if (e.documentation !== undefined) out.documentation = e.documentation;
  if (e.sortText !== undefined) out.sortText = e.sortText;
  if (e.filterText !== undefined) out.filterText = e.filterText;
  if (e.snippet) out.insertTextFormat = InsertTextFormat.Snippet;
  if (e.deprecated) out.tags = [CompletionItemTag.Deprecated];
  if (e.ref) out.data = { t: e.ref.kind, name: e.ref.name, uri: file.uri };
  const newText = e.insertText ?? e.label;
  // A replace range over a line break is left to the editor (its word at the cursor).
  if (!/[\r\n]/.test(text.slice(e.from, e.to))) {
    const range: LspRange = { start: file.doc.positionAt(e.from), end: file.doc.positionAt(e.to) };
    out.textEdit = { range, newText };
  } else if (e.insertText !== undefined) out.insertText = e.insertText;
  return out;
}

export function complete(ws: Workspace, file: RulesFile, offset: number, opts: CompletionOptions): CompletionList {
  const text = file.doc.getText();
  const r = completeRules(text, offset, assistContext(ws, file, opts.snippets), ws.outline(file));
  return { isIncomplete: false, items: r.items.map((e) => toItem(e, file, text)) };
}

/** Fills in the documentation of a completion item. */
export function resolveCompletion(ws: Workspace, it: CompletionItem): CompletionItem {
  const data = it.data as { t?: string; name?: string; uri?: string } | undefined;
  if (!data?.name) return it;
  let md: string | undefined;
  if (data.t === 'field') {
    const f = ws.catalog.get(data.name);
    if (f) md = fieldMarkdown(f);
  } else if (data.t === 'transformer') {
    md = transformerMarkdown(data.name);
  } else if ((data.t === 'macro' || data.t === 'list') && data.uri) {
    const file = ws.get(data.uri);
    const set = file ? ws.load(file).set : undefined;
    if (data.t === 'macro') {
      const m = set?.macros.get(data.name);
      if (m) md = macroMarkdown(m, m.file);
    } else {
      const l = set?.lists.get(data.name);
      if (l) md = listMarkdown(l, l.file);
    }
  }
  if (md) it.documentation = { kind: MarkupKind.Markdown, value: md };
  return it;
}
