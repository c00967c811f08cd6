import type { Diagnostic, DiagnosticData, Range } from '../diagnostic.js';
import { parse, FALCO_MAX_DEPTH } from '../syntax/parser.js';
import type { Expr, ListExpr, ValueExpr } from '../syntax/ast.js';
import { unescapeQuoted } from '../syntax/escape.js';
import { operator } from '../language/vocabulary.js';
import { closestNames } from './suggest.js';

/*
 * Macros and lists, resolved on the tree.
 *
 * Falco substitutes lists into the condition *text* before parsing (falco `rule_loader_compiler.cpp`) and
 * macros into the parsed tree. We do both on the tree, which gives the same result for every condition that
 * loads in Falco: a list name as an item of `( … )` is replaced by the list's items, and a list name written
 * after `in`/`intersects`/`pmatch` or a modifier stands for the whole list. Macros are replaced where a check
 * is expected (only through `and`/`or`/`not`, as Falco: never inside transformers).
 */

export interface Definitions {
  /** Macro name → condition text, or an already parsed tree. */
  macros?: Record<string, string | Expr>;
  /**
   * List name → items. Items that name another list expand to that list's items. A `Map` is taken as already
   * expanded (as `expandLists` returns it), which saves the work when many conditions share the lists.
   */
  lists?: Record<string, readonly string[]> | ReadonlyMap<string, readonly string[]>;
}

export interface ResolveResult {
  /**
   * The resolved tree. When there are diagnostics it is partial: a macro reference that could not be expanded
   * stays an `identifier` node, so later stages can still report their own problems.
   */
  ast: Expr;
  diagnostics: Diagnostic[];
  /** Names of the macros and lists the condition used, directly or through other macros. */
  usedMacros: Set<string>;
  usedLists: Set<string>;
  /**
   * Nodes that come from a macro's body carry ranges in the macro's own text; this maps each such check to
   * the macro and to the range of the reference in the resolved condition, where diagnostics belong.
   */
  origins: WeakMap<Expr, Origin>;
}

/**
 * How deep macros may nest inside one another. Every stage walks the expanded tree recursively, so an unbounded
 * chain would overflow the stack; real rules files nest fewer than 10 macros.
 */
export const MAX_MACRO_NESTING = 500;

/** Where a node of a resolved tree comes from: the macro whose body holds it, and the reference it came through. */
export interface Origin {
  /** The innermost macro. */
  macro: string;
  /** The range of the outermost macro reference, in the resolved condition. */
  range: Range;
  /** Every macro the node was expanded through, outermost first (ends with `macro`). */
  via: readonly string[];
}

/** Where a diagnostic found inside a macro's text is reported: the macro is named in the message. */
function diag(code: string, message: string, range: Range, data?: DiagnosticData): Diagnostic {
  return { code, severity: 'error', message, range, ...(data ? { data } : {}) };
}

/**
 * The value a list item stands for once Falco has pasted it into a condition: an item written with quotes
 * (`'"10.0.0.0/8"'` in YAML) is a quoted string, and an item with a blank is quoted by Falco; other items are
 * bare strings. Items from YAML may be numbers; they are text to Falco.
 */
export function listItemValue(item: unknown): string {
  const text = String(item);
  const q = text[0];
  if ((q === '"' || q === "'") && text.length >= 2 && text.endsWith(q)) {
    const r = unescapeQuoted(text);
    if (r.value !== undefined) return r.value;
  } else if (/[ \t\n\r]/.test(text)) {
    const r = unescapeQuoted(`"${text}"`);
    if (r.value !== undefined) return r.value;
  }
  return text;
}

/** Expands every list's items that name other lists (depth-first, cycles reported once). */
export function expandLists(lists: Record<string, readonly string[]>): { lists: Map<string, string[]>; cycles: string[] } {
  return expandListsNow(lists);
}

function expandListsNow(lists: Record<string, readonly string[]>): { lists: Map<string, string[]>; cycles: string[] } {
  const out = new Map<string, string[]>();
  const cycles: string[] = [];
  const visiting = new Set<string>();
  const expand = (name: string): string[] => {
    const done = out.get(name);
    if (done) return done;
    if (visiting.has(name)) {
      cycles.push(name);
      return [];
    }
    visiting.add(name);
    const items: string[] = [];
    for (const raw of lists[name] ?? []) {
      const item = String(raw);
      if (Object.hasOwn(lists, item) && item !== name) items.push(...expand(item));
      else items.push(listItemValue(item));
    }
    visiting.delete(name);
    out.set(name, items);
    return items;
  };
  for (const name of Object.keys(lists)) expand(name);
  return { lists: out, cycles };
}

export class Resolver {
  private readonly macroSources: Record<string, string | Expr>;
  private readonly lists: Map<string, string[]>;
  private readonly parsedMacros = new Map<string, { ast?: Expr; diagnostics: Diagnostic[] }>();

  constructor(defs: Definitions = {}) {
    this.macroSources = defs.macros ?? {};
    const lists = defs.lists ?? {};
    this.lists = lists instanceof Map ? (lists as Map<string, string[]>) : expandLists(lists as Record<string, readonly string[]>).lists;
  }

  hasList(name: string): boolean {
    return this.lists.has(name);
  }
  hasMacro(name: string): boolean {
    return Object.hasOwn(this.macroSources, name);
  }

  private macroTree(name: string): { ast?: Expr; diagnostics: Diagnostic[] } {
    let m = this.parsedMacros.get(name);
    if (!m) {
      const src = this.macroSources[name]!;
      m = typeof src === 'string' ? parse(src, { maxDepth: FALCO_MAX_DEPTH }) : { ast: src, diagnostics: [] };
      this.parsedMacros.set(name, m);
    }
    return m;
  }

  /** Replaces macro references and list names in `ast`. The input tree is not modified. */
  resolve(ast: Expr): ResolveResult {
    const usedMacros = new Set<string>();
    const usedLists = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    const stack: string[] = [];
    const origins = new WeakMap<Expr, Origin>();

    const resolveValues = (values: readonly string[], ranges: readonly Range[] | undefined): { values: string[]; ranges?: Range[] } => {
      if (!values.some((v) => this.lists.has(v))) return ranges ? { values: [...values], ranges: [...ranges] } : { values: [...values] };
      const out: string[] = [];
      const outRanges: Range[] = [];
      values.forEach((v, i) => {
        const items = this.lists.get(v);
        if (items) {
          usedLists.add(v);
          out.push(...items);
          if (ranges) for (let k = 0; k < items.length; k++) outRanges.push(ranges[i]!);
        } else {
          out.push(v);
          if (ranges) outRanges.push(ranges[i]!);
        }
      });
      return ranges ? { values: out, ranges: outRanges } : { values: out };
    };

    // Inside a macro's body, ranges refer to the macro's own text: report at the reference in the condition.
    let anchor: Range | undefined;
    const at = (r: Range) => anchor ?? r;
    const walk = (e: Expr, inMacro: string | undefined): Expr | undefined => {
      let r = walkNode(e, inMacro);
      // A check written in a macro's body: its origin is that (innermost) macro. A macro reference returns a
      // body whose checks the inner walk already marked. The macro's tree is shared by its expansions: each
      // expansion gets its own copy of the check, so that each carries its own origin.
      if (r && anchor && inMacro && e.kind !== 'identifier' && r.kind !== 'and' && r.kind !== 'or' && r.kind !== 'not') {
        if (r === e) r = { ...r };
        origins.set(r, { macro: inMacro, range: anchor, via: [...stack] });
      }
      return r;
    };
    const walkNode = (e: Expr, inMacro: string | undefined): Expr | undefined => {
      switch (e.kind) {
        case 'and':
        case 'or': {
          const children: Expr[] = [];
          for (const c of e.children) {
            const r = walk(c, inMacro);
            if (!r) return undefined;
            children.push(r);
          }
          return { ...e, children };
        }
        case 'not': {
          const child = walk(e.child, inMacro);
          return child && { ...e, child };
        }
        case 'identifier': {
          if (!this.hasMacro(e.name)) {
            const where = inMacro ? ` (in macro '${inMacro}')` : '';
            const hint = closestNames(e.name, Object.keys(this.macroSources))[0];
            const mean = hint === undefined ? '' : ` Did you mean '${hint}'?`;
            diagnostics.push(diag('undefined-macro', `Undefined macro '${e.name}' used in filter${where}.${mean}`, at(e.range), {
              name: e.name,
              nameKind: 'macro',
              ...(inMacro ? { macro: inMacro } : {}),
              ...(hint !== undefined ? { suggestion: hint } : {}),
            }));
            return e;
          }
          if (stack.length >= MAX_MACRO_NESTING) {
            diagnostics.push(diag('macro-depth', `macro '${e.name}' is nested more than ${MAX_MACRO_NESTING} macros deep (${stack[0]} → … → ${stack[stack.length - 1]} → ${e.name}): falco-expr expands at most ${MAX_MACRO_NESTING} nested macros`, at(e.range), { name: e.name, nameKind: 'macro' }));
            return e;
          }
          if (stack.includes(e.name)) {
            diagnostics.push(diag('macro-cycle', `reference loop in macro '${e.name}' (${[...stack, e.name].join(' → ')})`, at(e.range)));
            return e;
          }
          usedMacros.add(e.name);
          const m = this.macroTree(e.name);
          if (!m.ast) {
            const first = m.diagnostics[0];
            diagnostics.push(diag('macro-invalid', `macro '${e.name}' does not parse: ${first?.message ?? 'invalid condition'}`, at(e.range)));
            return e;
          }
          stack.push(e.name);
          const outer = anchor;
          anchor ??= e.range;
          const body = walk(m.ast, e.name);
          anchor = outer;
          stack.pop();
          return body;
        }
        case 'binary_check': {
          const right = e.right;
          const isListOp = operator(e.op)?.kind === 'list' || e.op.includes(' ');
          if (right.kind === 'list') {
            const r = resolveValues(right.values, right.valueRanges);
            const list: ListExpr = { kind: 'list', values: r.values, range: right.range };
            if (r.ranges) list.valueRanges = r.ranges;
            return { ...e, right: list };
          }
          if (right.kind === 'value' && this.lists.has(right.value)) {
            usedLists.add(right.value);
            const items = this.lists.get(right.value)!;
            if (isListOp) {
              if (items.length !== 1) {
                // Falco pastes the items as text: `in shells` becomes `in bash, sh`, which does not parse.
                diagnostics.push({
                  code: 'list-needs-parentheses',
                  severity: 'warning',
                  message: `write (${right.value}): Falco pastes a list's items as text, so '${e.op} ${right.value}' without parentheses only works for a list of exactly one item`,
                  range: at(right.range),
                  data: { name: right.value, nameKind: 'list', replacement: `(${right.value})` },
                });
              }
              const list: ListExpr = { kind: 'list', values: [...items], range: right.range, valueRanges: items.map(() => right.range) };
              return { ...e, right: list };
            }
            // Falco substitutes the text: a one-item list works as a value, a longer one breaks the condition.
            if (items.length === 1) return { ...e, right: { ...right, value: items[0]! } as ValueExpr };
            diagnostics.push(diag('list-as-value', `list '${right.value}' has ${items.length} items and cannot stand for the single value of '${e.op}'`, at(right.range), { name: right.value, nameKind: 'list' }));
            return e;
          }
          return e;
        }
        default:
          return e;
      }
    };

    const out = walk(ast, undefined);
    return { ast: out ?? ast, diagnostics, usedMacros, usedLists, origins };
  }
}
