import { readFileSync } from 'node:fs';
import { isSeq, parseAllDocuments, type Node } from 'yaml';
import type { Diagnostic } from '../../src/diagnostic.js';
import { falcoCode, lintRuleSet } from '../../src/lint/index.js';
import { loadRules, type RuleSet } from '../../src/rules/loader.js';
import type { Expr } from '../../src/syntax/ast.js';

/** Falco's answers for the probe files of test/falco-probes (written by scripts/label-falco-probes.mjs). */
export interface FalcoProblem {
  code: string;
  message: string;
  locations: Array<{ item_type: string; item_name: string; file: number; line: number; column: number }>;
}
export interface FalcoProbe {
  probe: string;
  files: string[];
  results: Array<{ successful: boolean; errors: FalcoProblem[]; warnings: FalcoProblem[] }>;
  required_engine_version?: string;
  rules?: Array<{
    name: string; enabled: boolean; priority: string; source: string; tags: string[]; capture: boolean; capture_duration: number;
    output_compiled: string; condition_compiled: string; events?: string[] | 'all'; macros: string[]; lists: string[];
  }>;
  macros?: Array<{ name: string; used: boolean; condition_compiled: string }>;
  lists?: Array<{ name: string; used: boolean; items_compiled: string[] }>;
}

const dir = new URL('../falco-probes/', import.meta.url);

const readJsonl = (name: string): FalcoProbe[] =>
  readFileSync(new URL(name, dir), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as FalcoProbe);

/** The probe files and Falco's answers. */
export const falcoProbes = (): FalcoProbe[] => readJsonl('expected.jsonl');
/** The corpus (../shared/corpus/rules), loaded in order as Falco would, and Falco's answers. */
export const falcoCorpus = (): FalcoProbe[] => readJsonl('corpus.jsonl');

/** libsinsp's `escape_str`: quoted when the value holds a blank, `=`, a quote, a backslash or a control character. */
function escapeStr(v: string): string {
  let out = '';
  let quote = false;
  for (const ch of v) {
    const m: Record<string, string> = { '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', ' ': ' ', '=': '=', '\\': '\\\\', '"': '\\"', "'": "'", '\0': '\0' };
    if (ch in m) {
      quote = true;
      out += m[ch];
    } else out += ch;
  }
  return quote ? `"${out}"` : out;
}

const argText = (arg: string | undefined) => (arg === undefined ? '' : arg === '' ? '[""]' : `[${escapeStr(arg)}]`);

/** libsinsp's `ast::as_string`, the text Falco prints as `condition_compiled`. */
export function asString(e: Expr): string {
  switch (e.kind) {
    case 'and': case 'or': return `(${e.children.map(asString).join(` ${e.kind} `)})`;
    case 'not': return `not ${asString(e.child)}`;
    case 'identifier': return e.name;
    case 'value': return escapeStr(e.value);
    case 'list': return `(${e.values.map(escapeStr).join(', ')})`;
    case 'transformer_list': return `(${e.children.map(asString).join(',')})`;
    case 'unary_check': return `${asString(e.left)} ${e.op}`;
    case 'binary_check': return `${asString(e.left)} ${e.op} ${asString(e.right)}`;
    case 'field': return e.name + argText(e.arg);
    case 'field_transformer': return `${e.transformer}(${e.values.map(asString).join(',')})${argText(e.arg)}`;
  }
}

/** A tree without ranges, for comparing ours with Falco's compiled condition. */
export function shape(e: Expr | undefined): unknown {
  if (!e) return undefined;
  switch (e.kind) {
    case 'and': case 'or': return { [e.kind]: e.children.map(shape) };
    case 'not': return { not: shape(e.child) };
    case 'identifier': return { id: e.name };
    case 'value': return { v: e.value };
    case 'list': return { l: e.values };
    case 'transformer_list': return { tl: e.children.map(shape) };
    case 'unary_check': return { u: e.op, f: shape(e.left) };
    case 'binary_check': return { b: e.op, f: shape(e.left), r: shape(e.right) };
    case 'field': return { f: e.name, ...(e.arg !== undefined ? { a: e.arg } : {}) };
    case 'field_transformer': return { t: e.transformer, vs: e.values.map(shape), ...(e.arg !== undefined ? { a: e.arg } : {}) };
  }
}

interface ItemSpan { start: number; end: number }

function itemLines(text: string): ItemSpan[] {
  const out: ItemSpan[] = [];
  const lineOf = (off: number) => text.slice(0, off).split(/\r\n|\r|\n/).length;
  for (const doc of parseAllDocuments(text)) {
    const root = (doc as { contents?: Node | null }).contents;
    if (!root || !isSeq(root)) continue;
    for (const it of root.items as Node[]) if (it?.range) out.push({ start: lineOf(it.range[0]), end: lineOf(Math.max(it.range[0], it.range[1] - 1)) });
  }
  return out;
}

/** The index of the top-level item that holds a 1-based line, or -1 for file-level problems. */
function itemAt(items: ItemSpan[], line: number): number {
  return items.findIndex((i) => line >= i.start && line <= i.end);
}

export interface Problem { file: number; item: number; code: string; severity: 'error' | 'warning'; message: string }

/** Falco's problems, each placed at its item (the location of the item Falco names). */
export function falcoProblems(p: FalcoProbe, texts: string[]): Problem[] {
  const items = texts.map(itemLines);
  const out: Problem[] = [];
  p.results.forEach((r, fi) => {
    for (const [list, severity] of [[r.errors, 'error'], [r.warnings, 'warning']] as const) {
      for (const x of list) {
        const loc = x.locations.find((l) => l.item_type !== 'rules content' && l.file >= 0) ?? x.locations[0];
        const file = loc && loc.file >= 0 ? loc.file : fi;
        const item = loc && loc.item_type !== 'rules content' ? itemAt(items[file]!, loc.line + 1) : -1;
        // Each load of a multi-file set compiles everything loaded so far: the same problem comes again.
        if (!out.some((o) => o.file === file && o.item === item && o.code === x.code && o.message === x.message)) out.push({ file, item, code: x.code, severity, message: x.message });
      }
    }
  });
  return out;
}

export function ourProblems(p: FalcoProbe, texts: string[], set: RuleSet): Problem[] {
  const items = texts.map(itemLines);
  return lintRuleSet(set)
    .filter((d): d is Diagnostic & { severity: 'error' | 'warning' } => d.severity === 'error' || d.severity === 'warning')
    .map((d) => {
      // Where Falco reports it, when we say where that is (see Diagnostic.falco).
      const file = p.files.indexOf((d.falco ? d.falco.file ?? d.file : d.file) ?? '');
      const range = d.falco?.range ?? d.range;
      return { file, item: file >= 0 ? itemAt(items[file]!, range.start.line) : -1, code: falcoCode(d), severity: d.severity, message: d.message, own: d.code };
    });
}

export interface Comparison {
  probe: string;
  falcoOk: boolean;
  oursOk: boolean;
  matched: Problem[];
  missing: Problem[];
  /** Ours with a Falco code that Falco does not give. */
  extra: Problem[];
  trees: Array<{ name: string; ours: unknown; falco: unknown }>;
  events: Array<{ name: string; ours: string[] | 'all'; falco: string[] | 'all' }>;
  usage: Array<{ name: string; ours: boolean; falco: boolean }>;
  set: RuleSet;
}

export function compareProbe(p: FalcoProbe, base: URL = dir): Comparison {
  const texts = p.files.map((f) => readFileSync(new URL(f, base), 'utf8'));
  const set = loadRules(p.files.map((f, i) => ({ path: f, text: texts[i]! })));
  const theirs = falcoProblems(p, texts);
  const ours = ourProblems(p, texts, set);
  const matched: Problem[] = [];
  const missing: Problem[] = [];
  const left = [...ours];
  for (const t of theirs) {
    const i = left.findIndex((o) => o.code === t.code && o.file === t.file && o.item === t.item && o.severity === t.severity);
    if (i >= 0) {
      matched.push(t);
      left.splice(i, 1);
    } else missing.push(t);
  }
  // Ours that Falco does not give: any error, and warnings under one of Falco's codes.
  const extra = left.filter((o) => o.severity === 'error' || ((o as { own?: string }).own ?? '').startsWith('LOAD_'));
  const trees: Comparison['trees'] = [];
  const events: Comparison['events'] = [];
  const usage: Comparison['usage'] = [];
  const falcoOk = p.results.every((r) => r.successful);
  const oursOk = !ours.some((o) => o.severity === 'error');
  if (falcoOk && p.rules) {
    for (const fr of p.rules) {
      const r = set.rules.find((x) => x.name === fr.name);
      // Falco prints its tree with libsinsp's as_string; we print ours the same way (re-parsing Falco's text
      // would lose a double negation, which the parser folds).
      trees.push({ name: fr.name, ours: r?.compiled ? asString(r.compiled.ast) : undefined, falco: fr.condition_compiled });
      if (fr.events !== undefined && r?.compiled) {
        const et = r.compiled.eventTypes;
        events.push({ name: fr.name, ours: et ? [...et].sort() : 'all', falco: fr.events });
      }
    }
    for (const fm of p.macros ?? []) usage.push({ name: `macro ${fm.name}`, ours: set.macros.get(fm.name)?.used ?? false, falco: fm.used });
    for (const fl of p.lists ?? []) usage.push({ name: `list ${fl.name}`, ours: set.lists.get(fl.name)?.used ?? false, falco: fl.used });
  }
  return { probe: p.probe, falcoOk, oursOk, matched, missing, extra, trees, events, usage, set };
}
