import type { FieldInfo } from '../fields/catalog.js';
import { checkOperator } from '../language/types.js';
import { MODIFIERS, operator, OPERATORS, TRANSFORMER_NAMES, TRANSFORMERS, transformerSignature } from '../language/vocabulary.js';
import { PRIORITIES } from '../rules/loader.js';
import type { AssistContext } from './context.js';
import { contextAt, isWordChar, type Expectation, type Operand } from './cursor.js';
import { fieldDetail, KEY_DOCS } from './docs.js';
import { itemBefore, outlineOf, scalarAt, type Outline } from './outline.js';

/*
 * Completion, computed once for every front end (the language server, the REPL, the playground), as neutral
 * items: a label, a kind, a detail, the text to insert and the range it replaces. In a condition: fields (with
 * their type), field arguments where the set is closed, macros, lists, the operators valid for the type of the
 * field before the cursor, modifiers after the string operators, transformers, `not`, `and`/`or`. In an output
 * after `%`: fields. In YAML positions of a rules file: item kinds, the keys of a rule, macro, list or exception,
 * priorities, sources, booleans, `append`/`replace` under `override`.
 */

export type CompletionKind =
  | 'field' | 'fieldArgument' | 'macro' | 'list' | 'operator' | 'modifier' | 'transformer' | 'keyword' | 'value' | 'key' | 'item';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** A few words shown beside the label (a field's type, an operator's meaning). */
  detail?: string;
  /** Markdown. Fields, macros, lists and transformers leave it out: `ref` names what to document. */
  documentation?: string;
  /** What to insert (default: the label); a snippet when `snippet` is set. */
  insertText?: string;
  snippet?: boolean;
  /** The text the front end filters on when it differs from the label. */
  filterText?: string;
  sortText?: string;
  deprecated?: boolean;
  /** The range [from, to) of the text the item replaces, as offsets of the text given. */
  from: number;
  to: number;
  /** The thing the item names, for documentation on demand (see `documentationOf`). */
  ref?: { kind: 'field' | 'macro' | 'list' | 'transformer'; name: string };
}

/** Where the cursor stands, for the tests and for front ends that want to know. */
export type CursorPlace =
  | { kind: 'condition'; expect: Expectation }
  | { kind: 'output' }
  | { kind: 'listItem' }
  | { kind: 'priority' }
  | { kind: 'yamlValue'; key: string }
  | { kind: 'yamlKey'; parent?: string }
  | { kind: 'itemKind' }
  | { kind: 'none' };

export interface Completions {
  place: CursorPlace;
  items: CompletionEntry[];
}

const RULE_KEYS = ['condition', 'output', 'desc', 'priority', 'source', 'tags', 'enabled', 'exceptions', 'warn_evttypes', 'skip-if-unknown-filter', 'override', 'capture', 'capture_duration', 'append'];
const MACRO_KEYS = ['condition', 'override', 'append'];
const LIST_KEYS = ['items', 'override', 'append'];
const EXCEPTION_KEYS = ['name', 'fields', 'comps', 'values'];
const OVERRIDE_KEYS = ['condition', 'output', 'desc', 'priority', 'tags', 'exceptions', 'enabled', 'items', 'warn_evttypes', 'skip-if-unknown-filter'];
const BOOLEAN_KEYS = new Set(['enabled', 'warn_evttypes', 'skip-if-unknown-filter', 'append', 'capture']);
/** `val(field)`: a transformer of the right-hand side only. */
const IDENTITY_TRANSFORMERS = TRANSFORMERS.filter((t) => t.kind === 'identity').map((t) => t.name);
/** Types whose operators cannot be told before the event (`evt.rawarg.*`): every operator is offered. */
const ANY_OPERATOR_TYPES = new Set(['DYN']);

/** Where completions land: the replace range ends at the cursor and starts `partial` characters before it. */
interface Span {
  from: number;
  to: number;
}

const spanOf = (offset: number, partialLength: number): Span => ({ from: Math.max(0, offset - partialLength), to: offset });

function entry(label: string, kind: CompletionKind, span: Span, extra: Partial<CompletionEntry> = {}): CompletionEntry {
  return { label, kind, ...extra, from: span.from, to: span.to };
}

function fieldEntries(ctx: AssistContext, partial: string, span: Span, opts: { output?: boolean; source?: string }): CompletionEntry[] {
  const dot = partial.indexOf('.');
  const prefix = dot > 0 ? partial.slice(0, dot + 1) : '';
  const pool = prefix ? ctx.catalog.byPrefix(prefix, { hidden: opts.output, deprecated: true }) : ctx.catalog.all();
  const out: CompletionEntry[] = [];
  for (const f of pool) {
    if (f.hidden && !(opts.output && f.printOnly)) continue;
    if (opts.output && f.filterOnly) continue;
    if (!opts.output && f.printOnly) continue;
    if (opts.source && f.source && f.source !== opts.source) continue;
    out.push(fieldEntry(f, span));
  }
  return out;
}

function fieldEntry(f: FieldInfo, span: Span): CompletionEntry {
  return entry(f.name, 'field', span, {
    detail: fieldDetail(f),
    sortText: `${f.deprecated ? '9' : '1'}${f.name}`,
    ref: { kind: 'field', name: f.name },
    ...(f.deprecated ? { deprecated: true } : {}),
  });
}

function transformerEntries(span: Span, withVal: boolean): CompletionEntry[] {
  const names: string[] = [...TRANSFORMER_NAMES, ...(withVal ? IDENTITY_TRANSFORMERS : [])];
  return names.map((n) =>
    entry(n, 'transformer', span, { insertText: `${n}(`, detail: transformerSignature(n)?.label ?? n, sortText: `3${n}`, ref: { kind: 'transformer', name: n } }),
  );
}

function macroEntries(ctx: AssistContext, span: Span, exclude?: string): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const name of ctx.macros.keys()) {
    if (name !== exclude) out.push(entry(name, 'macro', span, { detail: 'macro', sortText: `0${name}`, ref: { kind: 'macro', name } }));
  }
  return out;
}

function listEntries(ctx: AssistContext, span: Span, exclude?: string): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const [name, items] of ctx.lists) {
    if (name !== exclude) out.push(entry(name, 'list', span, { detail: `list (${items.length} items)`, sortText: `0${name}`, ref: { kind: 'list', name } }));
  }
  return out;
}

function keywordEntries(words: readonly string[], span: Span, sort = '2'): CompletionEntry[] {
  return words.map((w) => entry(w, 'keyword', span, { sortText: `${sort}${w}` }));
}

function operatorEntries(operand: Operand, span: Span): CompletionEntry[] {
  const ops = OPERATORS.filter((o) => {
    if (!operand.type || ANY_OPERATOR_TYPES.has(operand.type)) return true;
    return checkOperator(o.word, undefined, operand.type, operand.isList ?? false) === undefined;
  });
  return ops.map((o, i) =>
    entry(o.word, 'operator', span, {
      detail: operand.type ? `operator for ${operand.type}${operand.isList ? ' (list)' : ''}` : 'operator',
      documentation: o.doc,
      sortText: `1${String(i).padStart(2, '0')}`,
      // A unary operator ends the check; the others want a value after a blank.
      ...(o.kind === 'unary' ? {} : { insertText: `${o.word} ` }),
    }),
  );
}

function modifierEntries(op: string, operand: Operand | undefined, span: Span): CompletionEntry[] {
  if (operator(op)?.modifiers !== true) return [];
  const t = operand?.type;
  return MODIFIERS.filter((m) => !t || checkOperator(op, m.word, t, operand?.isList ?? false) === undefined).map((m) =>
    entry(m.word, 'modifier', span, { detail: 'modifier', documentation: m.doc, sortText: `0${m.word}`, insertText: `${m.word} (` }),
  );
}

export interface ConditionScope {
  /** The event source of the rule: fields of other sources are left out. */
  source?: string;
  /** The macro (or list) being defined: not offered inside itself. */
  self?: string;
}

function expectationEntries(ctx: AssistContext, expect: Expectation, partial: string, span: Span, scope: ConditionScope): CompletionEntry[] {
  const src = scope.source ? { source: scope.source } : {};
  switch (expect.kind) {
    case 'check':
      return [
        ...fieldEntries(ctx, partial, span, src),
        ...(partial.includes('.') ? [] : [...macroEntries(ctx, span, scope.self), ...transformerEntries(span, false), ...keywordEntries(['not'], span)]),
      ];
    case 'operator': {
      const out = operatorEntries(expect.operand, span);
      if (expect.maybeMacro) out.push(...keywordEntries(['and', 'or'], span));
      return out;
    }
    case 'value': {
      const out = modifierEntries(expect.op, expect.operand, span);
      if (expect.operand?.type === 'BOOL') out.push(...keywordEntries(['true', 'false'], span, '0'));
      out.push(...transformerEntries(span, true));
      return out;
    }
    case 'list':
      return listEntries(ctx, span);
    case 'transformerArg':
      return [...fieldEntries(ctx, partial, span, src), ...(partial.includes('.') ? [] : transformerEntries(span, false))];
    case 'fieldArg': {
      const f = ctx.catalog.get(expect.field);
      return (f?.arg.values ?? []).map((v) => entry(v, 'fieldArgument', span, { detail: `argument of ${f!.name}` }));
    }
    case 'connective':
      return keywordEntries(['and', 'or'], span, '0');
    default:
      return [];
  }
}

/**
 * Completions at the end of `before`, the condition text up to the cursor; `offset` is where the cursor is in
 * the text the ranges refer to (the condition itself, or the rules file around it).
 */
function conditionAt(ctx: AssistContext, before: string, offset: number, scope: ConditionScope): Completions {
  const { expect, partial } = contextAt(before, ctx.catalog, (n) => ctx.macros.has(n));
  return { place: { kind: 'condition', expect }, items: expectationEntries(ctx, expect, partial, spanOf(offset, partial.length), scope) };
}

/** Completions in a lone condition (the REPL's prompt, the playground's condition editor) at `offset`. */
export function completeCondition(text: string, offset: number, ctx: AssistContext, scope: ConditionScope = {}): Completions {
  return conditionAt(ctx, text.slice(0, offset), offset, scope);
}

function outputAt(ctx: AssistContext, before: string, offset: number): Completions {
  const place: CursorPlace = { kind: 'output' };
  const m = /%([A-Za-z0-9_.]*)$/.exec(before);
  if (!m) {
    // Inside `%transformer(` of an output: fields.
    const t = /%(\w+)\(([^()]*)$/.exec(before);
    if (!t) return { place, items: [] };
    const partial = /[A-Za-z0-9_.]*$/.exec(t[2]!)![0];
    return { place, items: fieldEntries(ctx, partial, spanOf(offset, partial.length), { output: true }) };
  }
  const partial = m[1]!;
  const span = spanOf(offset, partial.length);
  return { place, items: [...fieldEntries(ctx, partial, span, { output: true }), ...(partial.includes('.') ? [] : transformerEntries(span, false))] };
}

/** Completions in a rule's output text at `offset`: fields after `%`. */
export function completeOutput(text: string, offset: number, ctx: AssistContext): Completions {
  return outputAt(ctx, text.slice(0, offset), offset);
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

/** The keys already present in the item whose keys sit at `indent` (above the cursor). */
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
  return keys;
}

/** For broken YAML (or a value the parser has not made a scalar yet): the condition or output text up to the cursor. */
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

function priorityEntries(span: Span): CompletionEntry[] {
  return PRIORITIES.map((p, i) => entry(p, 'value', span, { sortText: String(i), detail: 'priority' }));
}

function yamlAt(ctx: AssistContext, text: string, offset: number): Completions | undefined {
  const { start, before } = lineAt(text, offset);
  const indent = indentOf(before);
  // A value after `key:` on this line.
  const kv = /^(\s*)(-\s+)?([\w-]+)\s*:\s*([\w-]*)$/.exec(before);
  if (kv) {
    const key = kv[3]!;
    const span = spanOf(offset, kv[4]!.length);
    const keyCol = kv[1]!.length + (kv[2]?.length ?? 0);
    const parent = parentKey(text, start, keyCol);
    const place: CursorPlace = { kind: 'yamlValue', key };
    if (parent?.key === 'override' && !parent.dash) return { place, items: keywordEntries(['append', 'replace'], span, '0') };
    if (key === 'condition' || key === 'output') return undefined; // a condition or output being started
    if (key === 'priority') return { place: { kind: 'priority' }, items: priorityEntries(span) };
    if (key === 'source') {
      const sources = new Set<string>(['syscall']);
      for (const f of ctx.catalog.all()) if (f.source) sources.add(f.source);
      return { place, items: [...sources].map((s) => entry(s, 'value', span, { detail: 'event source' })) };
    }
    if (BOOLEAN_KEYS.has(key)) return { place, items: keywordEntries(['true', 'false'], span, '0') };
    return { place, items: [] };
  }
  // A new item at the start of a line.
  if (/^[\w-]*$/.test(before)) return { place: { kind: 'itemKind' }, items: itemKindEntries(ctx, spanOf(offset, before.length), 2, '- ') };
  // A key: `- ` starts an item (or an exception), an indented word is a key of the enclosing mapping.
  const dash = /^(\s*)-\s+([\w-]*)$/.exec(before);
  const bare = /^(\s+)([\w-]*)$/.exec(before);
  if (!dash && !bare) return undefined;
  const partial = (dash ? dash[2] : bare![2])!;
  const span = spanOf(offset, partial.length);
  const col = dash ? before.length - partial.length : indent;
  if (dash && dash[1]!.length === 0) return { place: { kind: 'itemKind' }, items: itemKindEntries(ctx, span, col) };
  const parent = parentKey(text, start, col);
  // A continuation line of a condition or output (a block scalar the parser did not give us).
  if (!dash && (parent?.key === 'condition' || parent?.key === 'output')) return undefined;
  let keys: string[] = [];
  if (dash) {
    // A new entry of a sequence: of exceptions (under `exceptions:`, or after another exception), else an item.
    if (parent?.key === 'exceptions' || (parent?.dash && parent.key === 'name')) keys = EXCEPTION_KEYS;
    else return { place: { kind: 'itemKind' }, items: itemKindEntries(ctx, span, col) };
  } else if (parent?.dash) {
    const kind = parent.key;
    keys = kind === 'rule' ? RULE_KEYS : kind === 'macro' ? MACRO_KEYS : kind === 'list' ? LIST_KEYS : kind === 'name' ? EXCEPTION_KEYS : [];
  } else if (parent?.key === 'override') {
    keys = OVERRIDE_KEYS;
  }
  const present = presentKeys(text, start, col);
  const items = keys
    .filter((k) => !present.has(k))
    .map((k, i) =>
      entry(k, 'key', span, { insertText: `${k}: `, documentation: KEY_DOCS[k] ?? '', sortText: String(i).padStart(2, '0'), ...(k === 'append' ? { deprecated: true } : {}) }),
    );
  return { place: { kind: 'yamlKey', ...(parent ? { parent: parent.key } : {}) }, items };
}

function itemKindEntries(ctx: AssistContext, span: Span, col: number, lead = ''): CompletionEntry[] {
  const pad = ' '.repeat(col);
  const snip = !!ctx.snippets;
  const prios = PRIORITIES.join(',');
  const kinds: Array<[string, string, string]> = [
    ['rule', `rule: \${1:name}\n${pad}desc: \${2:description}\n${pad}condition: \${3}\n${pad}output: \${4}\n${pad}priority: \${5|${prios}|}`, 'rule: '],
    ['macro', `macro: \${1:name}\n${pad}condition: \${2}`, 'macro: '],
    ['list', `list: \${1:name}\n${pad}items: [\${2}]`, 'list: '],
    ['required_engine_version', 'required_engine_version: ${1:0.26.0}', 'required_engine_version: '],
    ['required_plugin_versions', `required_plugin_versions:\n${pad}  - name: \${1:plugin}\n${pad}    version: \${2:0.1.0}`, 'required_plugin_versions:'],
  ];
  return kinds.map(([k, snippet, plain], i) =>
    entry(k, 'item', span, {
      insertText: lead + (snip ? snippet : plain),
      ...(lead ? { filterText: k } : {}),
      ...(snip ? { snippet: true } : {}),
      documentation: KEY_DOCS[k] ?? '',
      sortText: String(i),
    }),
  );
}

/**
 * Completions in a rules file at `offset`: in conditions, outputs, list items and priorities, and in YAML
 * positions (keys, item kinds, values). `outline` is the file's outline when the caller keeps one.
 */
export function completeRules(text: string, offset: number, ctx: AssistContext, outline: Outline = outlineOf(text)): Completions {
  const at = scalarAt(outline, offset);
  if (at) {
    const self = at.item.kind === 'macro' || at.item.kind === 'list' ? at.item.name : undefined;
    const source = at.item.kind === 'rule' ? (at.item.source ?? 'syscall') : undefined;
    const scope: ConditionScope = { ...(source ? { source } : {}), ...(self ? { self } : {}) };
    const before = at.value.slice(0, at.index);
    if (at.role === 'condition') return conditionAt(ctx, before, offset, scope);
    if (at.role === 'output') return outputAt(ctx, before, offset);
    if (at.role === 'listItem') {
      let k = before.length;
      while (k > 0 && isWordChar(before[k - 1])) k--;
      return { place: { kind: 'listItem' }, items: listEntries(ctx, spanOf(offset, before.length - k), self) };
    }
    if (at.role === 'priority') return { place: { kind: 'priority' }, items: priorityEntries(spanOf(offset, before.length)) };
    return { place: { kind: 'none' }, items: [] };
  }
  const yaml = yamlAt(ctx, text, offset);
  if (yaml) return yaml;
  const v = valueBeforeFromLines(text, offset);
  if (v) {
    const it = itemBefore(outline, offset);
    if (v.key === 'output') return outputAt(ctx, v.before, offset);
    return conditionAt(ctx, v.before, offset, it?.kind === 'rule' ? { source: it.source ?? 'syscall' } : {});
  }
  return { place: { kind: 'none' }, items: [] };
}
