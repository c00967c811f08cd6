import type { Location, Range as LspRange, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { scalarMap } from '../rules/positions.js';
import { inListPosition, macroSpans, wordAt, wordSpans } from '../assist/cursor.js';
import { scalarAt, sourceSpan } from '../assist/outline.js';
import { pathToUri, type RulesFile, type Workspace } from './workspace.js';

/*
 * Go to definition, find references and rename for macros and lists, across the open documents and the rules
 * files of the workspace. A macro is referred to by the identifiers of conditions; a list by the unquoted words
 * of conditions (Falco pastes list items wherever the name stands as a word) and by the items of other lists.
 */

export type SymbolKind = 'macro' | 'list';

export interface SymbolRef {
  kind: SymbolKind;
  name: string;
  /** Source offsets of the name under the cursor. */
  span: [number, number];
}

export interface Occurrence {
  file: RulesFile;
  span: [number, number];
  /** The name of a `- macro:`/`- list:` item: a definition (or an append to one, `append`). */
  declaration: boolean;
  append: boolean;
}

const MACRO_NAME = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;
const LIST_NAME = /^[^()"'\s=,]+$/;

function known(ws: Workspace, file: RulesFile, kind: SymbolKind, name: string): boolean {
  if (ws.definers(kind, name).length > 0) return true;
  if (!ws.looksLikeRules(file)) return false;
  const set = ws.load(file).set;
  return kind === 'macro' ? set.macros.has(name) : set.lists.has(name);
}

/** The macro or list named under the cursor. */
export function symbolAt(ws: Workspace, file: RulesFile, offset: number): SymbolRef | undefined {
  const text = file.doc.getText();
  const at = scalarAt(ws.outline(file), offset);
  if (!at) return undefined;
  if (at.role === 'name') {
    if ((at.item.kind === 'macro' || at.item.kind === 'list') && at.value) {
      return { kind: at.item.kind, name: at.value, span: sourceSpan(text, at.node, 0, at.value.length) };
    }
    return undefined;
  }
  if (at.role === 'listItem') {
    if (!known(ws, file, 'list', at.value)) return undefined;
    return { kind: 'list', name: at.value, span: sourceSpan(text, at.node, 0, at.value.length) };
  }
  if (at.role !== 'condition') return undefined;
  const w = wordAt(at.value, at.index);
  if (!w || w.word.includes('[')) return undefined;
  const span = sourceSpan(text, at.node, w.start, w.end);
  const isList = known(ws, file, 'list', w.word);
  const isMacro = known(ws, file, 'macro', w.word);
  if (isList && (inListPosition(at.value, w.start) || !isMacro)) return { kind: 'list', name: w.word, span };
  if (isMacro) return { kind: 'macro', name: w.word, span };
  return undefined;
}

/** Every place a macro or list is defined, appended to or named, in every rules file of the workspace. */
export function occurrences(ws: Workspace, kind: SymbolKind, name: string): Occurrence[] {
  const out: Occurrence[] = [];
  for (const file of ws.all()) {
    if (!ws.index(file).words.has(name)) continue;
    const text = file.doc.getText();
    for (const item of ws.outline(file).items) {
      if (item.kind === kind && item.name === name && item.nameNode) {
        out.push({ file, span: sourceSpan(text, item.nameNode, 0, name.length), declaration: true, append: item.append });
      }
      if (item.condition && (item.kind === 'macro' || item.kind === 'rule')) {
        let value: string;
        try {
          value = scalarMap(text, item.condition).value;
        } catch {
          continue;
        }
        const spans = kind === 'macro' ? macroSpans(value, name) : wordSpans(value, name);
        for (const [s, e] of spans) out.push({ file, span: sourceSpan(text, item.condition, s, e), declaration: false, append: false });
      }
      if (kind === 'list' && item.kind === 'list') {
        for (const i of item.items) {
          if (String(i.value) === name) out.push({ file, span: sourceSpan(text, i, 0, name.length), declaration: false, append: false });
        }
      }
    }
  }
  return out;
}

function toRange(file: RulesFile, span: [number, number]): LspRange {
  return { start: file.doc.positionAt(span[0]), end: file.doc.positionAt(span[1]) };
}

function location(o: Occurrence): Location {
  return { uri: o.file.uri, range: toRange(o.file, o.span) };
}

/** Whether `file` has a definition (not an append) of the macro or list. */
function definesOwn(ws: Workspace, file: RulesFile, kind: SymbolKind, name: string): boolean {
  const ix = ws.index(file);
  if (!(kind === 'macro' ? ix.macros : ix.lists).has(name)) return false;
  return ws.outline(file).items.some((i) => i.kind === kind && i.name === name && !i.append);
}

/**
 * The definition `file` sees, and the files that see the same one: the last file of the document's load that
 * defines the name (a later definition replaces an earlier one, as in Falco); then every workspace file that
 * loads that file and has no definition of its own. Copies of a rules file in the workspace (each defining the
 * same macros) are thus kept apart. Without a definition: every file.
 */
function scopeOf(ws: Workspace, file: RulesFile, sym: SymbolRef): { def?: RulesFile; files?: Set<RulesFile> } {
  if (!ws.looksLikeRules(file)) return {};
  const loaded = ws.load(file).files;
  const def = [...loaded].reverse().find((f) => definesOwn(ws, f, sym.kind, sym.name));
  if (!def) return {};
  const files = new Set<RulesFile>([def]);
  for (const f of ws.all()) {
    if (files.has(f) || !ws.index(f).words.has(sym.name) || definesOwn(ws, f, sym.kind, sym.name)) continue;
    if (ws.sourcesFor(f).includes(def)) files.add(f);
  }
  return { def, files };
}

function scoped(ws: Workspace, file: RulesFile, sym: SymbolRef): Occurrence[] {
  const scope = scopeOf(ws, file, sym);
  const all = occurrences(ws, sym.kind, sym.name);
  return scope.files ? all.filter((o) => scope.files!.has(o.file)) : all;
}

export function definition(ws: Workspace, file: RulesFile, offset: number): Location[] {
  const sym = symbolAt(ws, file, offset);
  if (!sym) return [];
  const decls = scoped(ws, file, sym).filter((o) => o.declaration);
  const defs = decls.filter((o) => !o.append);
  if (defs.length || decls.length) return (defs.length ? defs : decls).map(location);
  // Defined in a file we only know through the loader (not indexed): its item.
  const set = ws.load(file).set;
  const def = sym.kind === 'macro' ? set.macros.get(sym.name) : set.lists.get(sym.name);
  if (!def) return [];
  const f = ws.getByPath(def.file);
  const range: LspRange = f
    ? toRange(f, [def.range.start.offset, def.range.end.offset])
    : { start: { line: def.range.start.line - 1, character: def.range.start.column - 1 }, end: { line: def.range.end.line - 1, character: def.range.end.column - 1 } };
  return [{ uri: f?.uri ?? pathToUri(def.file), range }];
}

export function references(ws: Workspace, file: RulesFile, offset: number, includeDeclaration: boolean): Location[] {
  const sym = symbolAt(ws, file, offset);
  if (!sym) return [];
  return scoped(ws, file, sym)
    .filter((o) => includeDeclaration || !o.declaration || o.append)
    .map(location);
}

export function prepareRename(ws: Workspace, file: RulesFile, offset: number): { range: LspRange; placeholder: string } | null {
  const sym = symbolAt(ws, file, offset);
  if (!sym) return null;
  return { range: toRange(file, sym.span), placeholder: sym.name };
}

export class RenameError extends Error {}

export function rename(ws: Workspace, file: RulesFile, offset: number, newName: string): WorkspaceEdit | null {
  const sym = symbolAt(ws, file, offset);
  if (!sym) return null;
  if (newName === sym.name) return { changes: {} };
  if (sym.kind === 'macro' && !MACRO_NAME.test(newName)) {
    throw new RenameError(`'${newName}' is not a valid macro name: macro names match [a-zA-Z]+[a-zA-Z0-9_]*`);
  }
  if (sym.kind === 'list' && !LIST_NAME.test(newName)) {
    throw new RenameError(`'${newName}' is not a valid list name: no blanks, quotes, parentheses, '=' or ','`);
  }
  if (known(ws, file, sym.kind, newName)) throw new RenameError(`a ${sym.kind} named '${newName}' already exists`);
  const changes: Record<string, TextEdit[]> = {};
  const seen = new Set<string>();
  for (const o of scoped(ws, file, sym)) {
    const key = `${o.file.uri}#${o.span[0]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (changes[o.file.uri] ??= []).push({ range: toRange(o.file, o.span), newText: newName });
  }
  return { changes };
}
