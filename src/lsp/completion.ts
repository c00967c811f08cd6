import {
  CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind,
  type CompletionItem, type CompletionList, type Range as LspRange,
} from 'vscode-languageserver';
import type { FieldInfo } from '../fields/catalog.js';
import { checkOperator } from '../language/types.js';
import { transformerSignature } from '../language/vocabulary.js';
import { PRIORITIES } from '../rules/loader.js';
import { MODIFIER_WORDS, operator, operatorWords, TRANSFORMER_NAMES } from '../language/vocabulary.js';
import { contextAt, isWordChar, type Expectation, type Operand } from './condition.js';
import { fieldDetail, fieldMarkdown, KEY_DOCS, listMarkdown, macroMarkdown, MODIFIER_DOCS, OPERATOR_DOCS, transformerMarkdown } from './docs.js';
import { itemBefore, scalarAt } from './outline.js';
import type { RulesFile, Workspace } from './workspace.js';

/*
 * Completion. In a condition: fields (with type and description), field arguments where the set is closed,
 * macros, lists, operators valid for the type of the field before the cursor, modifiers, transformers, `not`,
 * `and`/`or`. In an output after `%`: fields. In YAML positions: item kinds, the keys of a rule, macro, list
 * or exception, priorities, sources, booleans, `append`/`replace` under `override`.
 */

export interface CompletionOptions {
  snippets: boolean;
}

const RULE_KEYS = ['condition', 'output', 'desc', 'priority', 'source', 'tags', 'enabled', 'exceptions', 'warn_evttypes', 'skip-if-unknown-filter', 'override', 'capture', 'capture_duration', 'append'];
const MACRO_KEYS = ['condition', 'override', 'append'];
const LIST_KEYS = ['items', 'override', 'append'];
const EXCEPTION_KEYS = ['name', 'fields', 'comps', 'values'];
const BOOLEAN_KEYS = new Set(['enabled', 'warn_evttypes', 'skip-if-unknown-filter', 'append', 'capture']);
const NUMERIC_CLASS_FREE = new Set(['DYN']);

interface Ctx {
  ws: Workspace;
  file: RulesFile;
  offset: number;
  text: string;
  opts: CompletionOptions;
}

function lspRange(ctx: Ctx, partialLength: number): LspRange | undefined {
  const start = ctx.offset - partialLength;
  if (start < 0 || /[\r\n]/.test(ctx.text.slice(start, ctx.offset))) return undefined;
  return { start: ctx.file.doc.positionAt(start), end: ctx.file.doc.positionAt(ctx.offset) };
}

function item(label: string, kind: CompletionItemKind, range: LspRange | undefined, extra: Partial<CompletionItem> = {}): CompletionItem {
  const newText = extra.insertText ?? label;
  const out: CompletionItem = { label, kind, ...extra };
  if (range) {
    out.textEdit = { range, newText };
    delete out.insertText;
  }
  return out;
}

function fieldItems(ctx: Ctx, partial: string, range: LspRange | undefined, opts: { output?: boolean; source?: string }): CompletionItem[] {
  const dot = partial.indexOf('.');
  const prefix = dot > 0 ? partial.slice(0, dot + 1) : '';
  const pool = prefix ? ctx.ws.catalog.byPrefix(prefix, { hidden: opts.output, deprecated: true }) : ctx.ws.catalog.all();
  const out: CompletionItem[] = [];
  for (const f of pool) {
    if (f.hidden && !(opts.output && f.printOnly)) continue;
    if (opts.output && f.filterOnly) continue;
    if (!opts.output && f.printOnly) continue;
    if (opts.source && f.source && f.source !== opts.source) continue;
    out.push(fieldItem(f, range));
  }
  return out;
}

function fieldItem(f: FieldInfo, range: LspRange | undefined): CompletionItem {
  const it = item(f.name, CompletionItemKind.Field, range, {
    detail: fieldDetail(f),
    sortText: `${f.deprecated ? '9' : '1'}${f.name}`,
    data: { t: 'field', name: f.name },
  });
  if (f.deprecated) it.tags = [CompletionItemTag.Deprecated];
  return it;
}

function transformerItems(range: LspRange | undefined, withVal: boolean): CompletionItem[] {
  const names: string[] = [...TRANSFORMER_NAMES, ...(withVal ? ['val'] : [])];
  return names.map((n) =>
    item(n, CompletionItemKind.Function, range, {
      insertText: `${n}(`,
      detail: transformerSignature(n)?.label ?? n,
      sortText: `3${n}`,
      data: { t: 'transformer', name: n },
    }),
  );
}

function macroItems(ctx: Ctx, range: LspRange | undefined, exclude?: string): CompletionItem[] {
  const set = ctx.ws.load(ctx.file).set;
  const out: CompletionItem[] = [];
  for (const m of set.macros.values()) {
    if (m.name === exclude) continue;
    out.push(item(m.name, CompletionItemKind.Function, range, { detail: 'macro', sortText: `0${m.name}`, data: { t: 'macro', name: m.name, uri: ctx.file.uri } }));
  }
  return out;
}

function listItems(ctx: Ctx, range: LspRange | undefined, exclude?: string): CompletionItem[] {
  const set = ctx.ws.load(ctx.file).set;
  const out: CompletionItem[] = [];
  for (const l of set.lists.values()) {
    if (l.name === exclude) continue;
    out.push(item(l.name, CompletionItemKind.Enum, range, { detail: `list (${l.items.length} items)`, sortText: `0${l.name}`, data: { t: 'list', name: l.name, uri: ctx.file.uri } }));
  }
  return out;
}

function keywordItems(words: string[], range: LspRange | undefined, sort = '2'): CompletionItem[] {
  return words.map((w) => item(w, CompletionItemKind.Keyword, range, { sortText: `${sort}${w}` }));
}

function operatorItems(operand: Operand, range: LspRange | undefined): CompletionItem[] {
  const ops = operatorWords().filter((op) => {
    if (!operand.type || NUMERIC_CLASS_FREE.has(operand.type)) return true;
    return checkOperator(op, undefined, operand.type, operand.isList ?? false) === undefined;
  });
  return ops.map((op, i) =>
    item(op, CompletionItemKind.Operator, range, {
      detail: operand.type ? `operator for ${operand.type}${operand.isList ? ' (list)' : ''}` : 'operator',
      documentation: OPERATOR_DOCS[op] ?? '',
      sortText: `1${String(i).padStart(2, '0')}`,
      // `exists` ends the check; the others want a value after a blank.
      ...(op === 'exists' ? {} : { insertText: `${op} ` }),
    }),
  );
}

function conditionItems(ctx: Ctx, before: string, opts: { source?: string; self?: string }): CompletionItem[] {
  const macros = ctx.ws.load(ctx.file).set.macros;
  const { expect, partial } = contextAt(before, ctx.ws.catalog, (n) => macros.has(n));
  const range = lspRange(ctx, partial.length);
  return itemsFor(ctx, expect, partial, range, opts);
}

function itemsFor(ctx: Ctx, expect: Expectation, partial: string, range: LspRange | undefined, opts: { source?: string; self?: string }): CompletionItem[] {
  const src = opts.source ? { source: opts.source } : {};
  switch (expect.kind) {
    case 'check':
      return [
        ...fieldItems(ctx, partial, range, src),
        ...(partial.includes('.') ? [] : [...macroItems(ctx, range, opts.self), ...transformerItems(range, false), ...keywordItems(['not'], range)]),
      ];
    case 'operator': {
      const out = operatorItems(expect.operand, range);
      if (expect.maybeMacro) out.push(...keywordItems(['and', 'or'], range));
      return out;
    }
    case 'value': {
      const out: CompletionItem[] = [];
      const t = expect.operand?.type;
      for (const m of MODIFIER_WORDS) {
        if (t && checkOperator(expect.op, m, t, expect.operand?.isList ?? false) !== undefined) continue;
        if (operator(expect.op)?.modifiers !== true) continue;
        out.push(item(m, CompletionItemKind.Keyword, range, { detail: 'modifier', documentation: MODIFIER_DOCS[m] ?? '', sortText: `0${m}`, insertText: `${m} (` }));
      }
      if (t === 'BOOL') out.push(...keywordItems(['true', 'false'], range, '0'));
      out.push(...transformerItems(range, true));
      return out;
    }
    case 'list':
      return [...listItems(ctx, range)];
    case 'transformerArg':
      return [...fieldItems(ctx, partial, range, src), ...(partial.includes('.') ? [] : transformerItems(range, false))];
    case 'fieldArg': {
      const f = ctx.ws.catalog.get(expect.field);
      return (f?.arg.values ?? []).map((v) => item(v, CompletionItemKind.EnumMember, range, { detail: `argument of ${f!.name}` }));
    }
    case 'connective':
      return keywordItems(['and', 'or'], range, '0');
    default:
      return [];
  }
}

function outputItems(ctx: Ctx, before: string): CompletionItem[] {
  const m = /%([A-Za-z0-9_.]*)$/.exec(before);
  if (!m) {
    // Inside `%transformer(` of an output: fields.
    const t = /%(\w+)\(([^()]*)$/.exec(before);
    if (!t) return [];
    const partial = /[A-Za-z0-9_.]*$/.exec(t[2]!)![0];
    return fieldItems(ctx, partial, lspRange(ctx, partial.length), { output: true });
  }
  const partial = m[1]!;
  const range = lspRange(ctx, partial.length);
  return [...fieldItems(ctx, partial, range, { output: true }), ...(partial.includes('.') ? [] : transformerItems(range, false))];
}

// --- YAML positions --------------------------------------------------------------------------------------

function lineAt(text: string, offset: number): { start: number; before: string } {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  return { start: s, before: text.slice(s, offset) };
}

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)![0].length;
}

/** The lines above the cursor's line, nearest first. */
function* linesAbove(text: string, lineStart: number, max = 400): Generator<string> {
  let end = lineStart;
  for (let n = 0; n < max && end > 0; n++) {
    let e = end - 1;
    if (text[e] === '\n' && text[e - 1] === '\r') e--;
    let s = e;
    while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
    yield text.slice(s, e);
    end = s;
  }
}

/**
 * The mapping the cursor's line belongs to, for a key at column `col`: the dashed line that starts it
 * (`- rule: x`, `- name: y` of an exception; `dash`), or the key it is nested under (`override:`).
 */
function parentKey(text: string, lineStart: number, col: number): { key: string; dash: boolean } | undefined {
  for (const l of linesAbove(text, lineStart)) {
    if (l.trim() === '' || /^\s*#/.test(l)) continue;
    const ind = indentOf(l);
    const dashed = /^(\s*)-\s+/.exec(l);
    const keyCol = dashed ? dashed[0].length : ind;
    const m = /^\s*(?:-\s+)?([\w-]+)\s*:/.exec(l);
    if (dashed && keyCol === col) return m ? { key: m[1]!, dash: true } : undefined;
    if (ind < col) return m ? { key: m[1]!, dash: false } : undefined;
  }
  return undefined;
}

/** The keys already present in the item whose keys sit at `indent`. */
function presentKeys(text: string, lineStart: number, indent: number): Set<string> {
  const keys = new Set<string>();
  for (const l of linesAbove(text, lineStart)) {
    if (l.trim() === '' || /^\s*#/.test(l)) continue;
    const dashed = /^(\s*)-\s+([\w-]+)\s*:/.exec(l);
    if (dashed && dashed[0].indexOf(dashed[2]!) === indent) {
      keys.add(dashed[2]!);
      break;
    }
    const m = /^(\s*)([\w-]+)\s*:/.exec(l);
    if (m && m[1]!.length === indent) keys.add(m[2]!);
    else if (indentOf(l) < indent) break;
  }
  // Keys below the cursor, up to the next item.
  return keys;
}

/** For broken YAML: the condition or output text up to the cursor, read from the lines. */
function valueBeforeFromLines(text: string, offset: number): { key: 'condition' | 'output'; before: string } | undefined {
  const { start, before } = lineAt(text, offset);
  const strip = (rest: string) => rest.replace(/^[>|][-+0-9]*\s*$/, '').replace(/^["']/, '');
  const same = /^\s*(?:-\s+)?(condition|output)\s*:(?:\s(.*))?$/.exec(before);
  if (same) return { key: same[1] as 'condition' | 'output', before: strip(same[2] ?? '') };
  const indent = indentOf(before);
  if (before.trim() === '' && indent === 0) return undefined;
  const collected: string[] = [before];
  for (const l of linesAbove(text, start, 200)) {
    if (l.trim() === '') {
      collected.unshift('');
      continue;
    }
    if (indentOf(l) >= indent) {
      collected.unshift(l);
      continue;
    }
    const m = /^\s*(?:-\s+)?(condition|output)\s*:(?:\s(.*))?$/.exec(l);
    if (!m) return undefined;
    collected.unshift(strip(m[2] ?? ''));
    return { key: m[1] as 'condition' | 'output', before: collected.join('\n') };
  }
  return undefined;
}

function yamlItems(ctx: Ctx): CompletionItem[] | undefined {
  const { start, before } = lineAt(ctx.text, ctx.offset);
  const indent = indentOf(before);
  // A value after `key:` on this line.
  const kv = /^(\s*)(-\s+)?([\w-]+)\s*:\s*([\w-]*)$/.exec(before);
  if (kv) {
    const key = kv[3]!;
    const partial = kv[4]!;
    const range = lspRange(ctx, partial.length);
    const keyCol = kv[1]!.length + (kv[2]?.length ?? 0);
    const parent = parentKey(ctx.text, start, keyCol);
    if (parent?.key === 'override' && !parent.dash) {
      return keywordItems(['append', 'replace'], range, '0');
    }
    if (key === 'priority') {
      return PRIORITIES.map((p, i) => item(p, CompletionItemKind.EnumMember, range, { sortText: String(i), detail: 'priority' }));
    }
    if (key === 'source') {
      const sources = new Set<string>(['syscall']);
      for (const f of ctx.ws.catalog) if (f.source) sources.add(f.source);
      return [...sources].map((s) => item(s, CompletionItemKind.EnumMember, range, { detail: 'event source' }));
    }
    if (BOOLEAN_KEYS.has(key)) return keywordItems(['true', 'false'], range, '0');
    if (key === 'condition' || key === 'output') return undefined; // handled as a condition
    return [];
  }
  // A new item at the start of a line.
  const top = /^([\w-]*)$/.exec(before);
  if (top) return itemKindItems(ctx, lspRange(ctx, before.length), 2, '- ');
  // A key: `- ` starts an item (or an exception), an indented word is a key of the enclosing mapping.
  const dash = /^(\s*)-\s+([\w-]*)$/.exec(before);
  const bare = /^(\s+)([\w-]*)$/.exec(before);
  if (!dash && !bare) return undefined;
  const partial = (dash ? dash[2] : bare![2])!;
  const range = lspRange(ctx, partial.length);
  const col = dash ? before.length - partial.length : indent;
  if (dash && dash[1]!.length === 0) return itemKindItems(ctx, range, col);
  const parent = parentKey(ctx.text, start, col);
  // A continuation line of a condition or output (a block scalar the parser did not give us).
  if (!dash && (parent?.key === 'condition' || parent?.key === 'output')) return undefined;
  let keys: string[] = [];
  let kind = '';
  if (dash) {
    // A new entry of a sequence: of exceptions (under `exceptions:`, or after another exception), else an item.
    if (parent?.key === 'exceptions' || (parent?.dash && parent.key === 'name')) keys = EXCEPTION_KEYS;
    else return itemKindItems(ctx, range, col);
  } else if (parent?.dash) {
    kind = parent.key;
    keys = kind === 'rule' ? RULE_KEYS : kind === 'macro' ? MACRO_KEYS : kind === 'list' ? LIST_KEYS : kind === 'name' ? EXCEPTION_KEYS : [];
  } else if (parent?.key === 'override') {
    keys = ['condition', 'output', 'desc', 'priority', 'tags', 'exceptions', 'enabled', 'items', 'warn_evttypes', 'skip-if-unknown-filter'];
  }
  const present = presentKeys(ctx.text, start, col);
  return keys
    .filter((k) => !present.has(k))
    .map((k, i) => item(k, CompletionItemKind.Property, range, { insertText: `${k}: `, documentation: KEY_DOCS[k] ?? '', sortText: String(i).padStart(2, '0'), ...(k === 'append' ? { tags: [CompletionItemTag.Deprecated] } : {}) }));
}

function itemKindItems(ctx: Ctx, range: LspRange | undefined, col: number, lead = ''): CompletionItem[] {
  const pad = ' '.repeat(col);
  const snip = ctx.opts.snippets;
  const prios = PRIORITIES.join(',');
  const kinds: Array<[string, string, string]> = [
    ['rule', `rule: \${1:name}\n${pad}desc: \${2:description}\n${pad}condition: \${3}\n${pad}output: \${4}\n${pad}priority: \${5|${prios}|}`, 'rule: '],
    ['macro', `macro: \${1:name}\n${pad}condition: \${2}`, 'macro: '],
    ['list', `list: \${1:name}\n${pad}items: [\${2}]`, 'list: '],
    ['required_engine_version', 'required_engine_version: ${1:0.26.0}', 'required_engine_version: '],
    ['required_plugin_versions', `required_plugin_versions:\n${pad}  - name: \${1:plugin}\n${pad}    version: \${2:0.1.0}`, 'required_plugin_versions:'],
  ];
  return kinds.map(([k, snippet, plain], i) =>
    item(k, CompletionItemKind.Module, range, {
      insertText: lead + (snip ? snippet : plain),
      ...(lead ? { filterText: k } : {}),
      ...(snip ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
      documentation: KEY_DOCS[k] ?? '',
      sortText: String(i),
    }),
  );
}

// --- entry points ----------------------------------------------------------------------------------------

export function complete(ws: Workspace, file: RulesFile, offset: number, opts: CompletionOptions): CompletionList {
  const text = file.doc.getText();
  const ctx: Ctx = { ws, file, offset, text, opts };
  const outline = ws.outline(file);
  const at = scalarAt(outline, offset);
  const self = at?.item.kind === 'macro' || at?.item.kind === 'list' ? at.item.name : undefined;
  const source = at?.item.kind === 'rule' ? (at.item.source ?? 'syscall') : undefined;
  const o = { ...(source ? { source } : {}), ...(self ? { self } : {}) };
  let items: CompletionItem[] | undefined;
  if (at) {
    const before = at.value.slice(0, at.index);
    if (at.role === 'condition') items = conditionItems(ctx, before, o);
    else if (at.role === 'output') items = outputItems(ctx, before);
    else if (at.role === 'listItem') {
      let k = before.length;
      while (k > 0 && isWordChar(before[k - 1])) k--;
      items = listItems(ctx, lspRange(ctx, before.length - k), self);
    } else if (at.role === 'priority') {
      const range = lspRange(ctx, before.length);
      items = PRIORITIES.map((p, i) => item(p, CompletionItemKind.EnumMember, range, { sortText: String(i), detail: 'priority' }));
    } else items = [];
  }
  if (!items) items = yamlItems(ctx);
  if (!items) {
    const v = valueBeforeFromLines(text, offset);
    if (v) {
      const it = itemBefore(outline, offset);
      const src = it?.kind === 'rule' ? { source: it.source ?? 'syscall' } : {};
      items = v.key === 'condition' ? conditionItems(ctx, v.before, src) : outputItems(ctx, v.before);
    }
  }
  return { isIncomplete: false, items: items ?? [] };
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
