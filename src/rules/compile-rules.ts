import type { Diagnostic, Range } from '../diagnostic.js';
import type { FieldCatalog } from '../fields/catalog.js';
import { checkCondition } from '../eval/compile.js';
import type { Expr } from '../syntax/ast.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import { withExceptions } from './exceptions.js';
import { compileLists, pasteLists, pasteText, quoteItem, type Locatable, type PastedText } from './lists.js';
import type { ListDef, MacroDef, Rule } from './loader.js';
import { checkOutput, EVT_DIR_NOTE, FALCO_DEPRECATED_FIELDS, LATENCY_NOTE } from './outputs.js';
import { falcoAt, placeIn } from './place.js';
import { isUnknownFilter, type LoadState } from './state.js';

/*
 * Compiling, as Falco's compiler does (falco `rule_loader_compiler.cpp`): lists pasted into the conditions as
 * text, each macro parsed on its own and its references resolved, each rule's condition (exceptions appended)
 * parsed once and compiled with the macros visible to it; problems reported where Falco reports them.
 */

/** libsinsp's compile-time warnings (Falco's LOAD_COMPILE_CONDITION), given for each rule compiled. */
const COMPILE_WARNINGS = new Set(['value-is-field', 'value-is-transformer', 'regex-simpler']);

/** The macros a rule's condition goes through (by their bodies, ours), for telling which macros Falco compiles. */
function macroNames(ast: Expr | undefined, all: ReadonlyMap<string, MacroDef>): Set<string> {
  const out = new Set<string>();
  const visit = (e: Expr | undefined): void => {
    if (!e) return;
    for (const name of references(e)) {
      const m = all.get(name);
      if (m && !out.has(name)) {
        out.add(name);
        visit(m.ast);
      }
    }
  };
  visit(ast);
  return out;
}

/** Our diagnostic codes that Falco reports under a code of its own. */
const FALCO_CODES: Record<string, string> = {
  'deprecated-field': 'LOAD_DEPRECATED_ITEM',
  'value-is-field': 'LOAD_COMPILE_CONDITION',
  'value-is-transformer': 'LOAD_COMPILE_CONDITION',
  'regex-simpler': 'LOAD_COMPILE_CONDITION',
};

/**
 * Checks already made, across loads: an editor loads the same files again at every keystroke, and most of their
 * macros and rules have not changed. A check's result depends on its text (as written and with lists pasted),
 * on the macros it reaches through its references (each by its name and texts, transitively, as resolved where
 * it is checked: `dependencies`), on the names it references that no macro it sees defines (and then on every
 * name it sees, for "did you mean"), and on the catalog. So editing a macro checks again what reaches it, and
 * editing a rule only that rule. The checks used recently are kept, by those keys, the most recent last.
 */
type CheckResult = ReturnType<typeof checkCondition>;
/** At least this many checks are kept, and at least three loads' worth. */
const CHECKS_KEPT = 512;
const checksByCatalog = new WeakMap<FieldCatalog, { version: number; checks: Map<string, CheckResult> }>();

/** The checks kept for a catalog, as it is now (a field defined since drops them). */
function keptFor(catalog: FieldCatalog): Map<string, CheckResult> {
  let kept = checksByCatalog.get(catalog);
  if (!kept || kept.version !== catalog.version) checksByCatalog.set(catalog, (kept = { version: catalog.version, checks: new Map() }));
  return kept.checks;
}

/**
 * A short stand-in for a macro's key (its name and texts) in the keys of checks: the same key, the same number, for
 * as long as the table lives (it starts again, with new numbers, when it grows large: the checks kept then miss).
 */
const macroIds = new Map<string, string>();
let nextMacroId = 0;
function macroId(key: string): string {
  let id = macroIds.get(key);
  if (id === undefined) {
    if (macroIds.size >= 100_000) macroIds.clear();
    macroIds.set(key, (id = `#${(nextMacroId++).toString(36)}`));
  }
  return id;
}

/** The macro references of a tree (bare identifiers), in order of first appearance; computed once per tree. */
const referencesOf = new WeakMap<Expr, readonly string[]>();
function references(ast: Expr): readonly string[] {
  let out = referencesOf.get(ast);
  if (!out) {
    const names = new Set<string>();
    const walk = (e: Expr): void => {
      if (e.kind === 'identifier') names.add(e.name);
      else if (e.kind === 'and' || e.kind === 'or') e.children.forEach(walk);
      else if (e.kind === 'not') walk(e.child);
    };
    walk(ast);
    referencesOf.set(ast, (out = [...names]));
  }
  return out;
}

/** The macros a check resolves its references in: whether a name is one, its key, its tree, and all names. */
interface Resolution {
  sees(name: string): boolean;
  key(name: string): string;
  tree(name: string): Expr | undefined;
  names(): string;
}

/**
 * What a check of `ast` depends on among the macros (see `keptFor`): the macros its references reach,
 * transitively, by key, and the references no macro answers (with, then, every name the check sees).
 */
function dependencies(ast: Expr, scope: Resolution): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  let undefinedName = false;
  const visit = (e: Expr): void => {
    for (const name of references(e)) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (!scope.sees(name)) {
        parts.push(`${name}\u0001none`);
        undefinedName = true;
        continue;
      }
      parts.push(scope.key(name));
      const t = scope.tree(name);
      if (t) visit(t);
    }
  };
  visit(ast);
  if (undefinedName) parts.push(scope.names());
  return parts.join('\u0000');
}

/**
 * Conditions pasted and parsed, across loads, by the lists pasted (`pasteKey`) and the text: none of it depends
 * on where the text is in a file (the pasted text's offsets and the trees' ranges are in the text itself; a
 * PastedText is put over the new text's base), so an unchanged macro or rule is neither pasted nor parsed again
 * when an editor loads its file after a keystroke. Each load keeps the entries it used, for the last few list
 * sets (an edit of a list pastes and parses everything again, as before).
 */
interface PasteParsed {
  text: PastedText;
  used: readonly string[];
  /** Parsed lazily: the tree as parsed (ranges in the pasted text) and rebased (ranges in the written text). */
  parsed?: { ast?: Expr; tree?: Expr; diagnostics: Diagnostic[] };
}
const PASTES_KEPT = 4;
const pastesKept = new Map<string, Map<string, PasteParsed>>();

/** Forgets the conditions pasted and parsed by earlier loads (for tests that count parses). */
export function forgetPastes(): void {
  pastesKept.clear();
}

/**
 * The macros visible to macro `m` (Falco's visibility rule: those defined before it, itself excepted), as a view
 * of `all` rather than a copy, so that a file of n macros costs n, not n², to check.
 */
function visibleTo(all: Record<string, string | Expr>, defs: ReadonlyMap<string, MacroDef>, m: MacroDef): Record<string, string | Expr> {
  const sees = (name: string | symbol): name is string =>
    typeof name === 'string' && name !== m.name && Object.hasOwn(all, name) && (defs.get(name)?.index ?? Infinity) < m.visibility;
  return new Proxy({} as Record<string, string | Expr>, {
    get: (_, k) => (sees(k) ? all[k] : undefined),
    has: (_, k) => sees(k),
    getOwnPropertyDescriptor: (_, k) => (sees(k) ? { value: all[k], writable: false, enumerable: true, configurable: true } : undefined),
    ownKeys: () => Object.keys(all).filter(sees),
  });
}

/** The macros a rule can see, and how its references resolve in them (for the keys of the checks kept). */
interface MacroScope {
  macros: Record<string, string | Expr>;
  resolution: Resolution;
}

/** Compiles the macros and rules of a load state. */
export class RuleCompiler {
  constructor(private readonly st: LoadState) {}

  /** The checks of this load: what the next loads may reuse. */
  private readonly used = new Map<string, CheckResult>();

  /** The result of `check`, or of the same check made by an earlier load (same texts, same macros reached). */
  private checked(key: string, check: () => CheckResult): CheckResult {
    let r = this.used.get(key) ?? keptFor(this.st.catalog).get(key);
    r ??= check();
    this.used.set(key, r);
    return r;
  }

  /** Keeps this load's checks for the next loads (the most recent last; the oldest beyond the limit dropped). */
  private keepChecks(): void {
    const kept = keptFor(this.st.catalog);
    for (const [key, r] of this.used) {
      kept.delete(key);
      kept.set(key, r);
    }
    const limit = Math.max(CHECKS_KEPT, 3 * this.used.size);
    for (const key of kept.keys()) {
      if (kept.size <= limit) break;
      kept.delete(key);
    }
  }

  /** Compiles every macro and rule; gives the lists the conditions use (for the usage). */
  compileAll(): Set<string> {
    // Lists: one level of lists inside lists, then pasted as text into every condition (see lists.ts).
    const { items: compiledLists, usedByLists } = compileLists([...this.st.lists.values()]);
    for (const l of this.st.lists.values()) l.compiledItems = compiledLists.get(l.name) ?? l.items;
    const usedLists = new Set(usedByLists);
    const pastedEntries = [...compiledLists].map(([name, items]): [string, string] => [name, pasteText(items)]);
    const pasteKey = pastedEntries.map(([name, sub]) => `${name}\u0001${sub}`).join('\u0000');
    const earlierPastes = pastesKept.get(pasteKey);
    const pastes = new Map<string, PasteParsed>();
    pastesKept.delete(pasteKey);
    pastesKept.set(pasteKey, pastes);
    for (const k of pastesKept.keys()) {
      if (pastesKept.size <= PASTES_KEPT) break;
      pastesKept.delete(k);
    }
    const paste = (t: Locatable): PasteParsed => {
      let e = pastes.get(t.text);
      if (!e) {
        e = earlierPastes?.get(t.text);
        if (!e) {
          const r = pasteLists(t, pastedEntries);
          e = { text: r.text, used: r.used };
        }
        pastes.set(t.text, e);
      }
      for (const n of e.used) usedLists.add(n);
      return e;
    };
    const noLists = new Map<string, string[]>();
    // Macros: each is parsed on its own, lists pasted (parse errors are reported in the macro).
    const macroAsts: Record<string, Expr> = {};
    const deferred: Array<{ macro: string; text: Locatable; d: Diagnostic }> = [];
    /** What each macro stands for, for the keys of the checks kept across loads. */
    const macroKey = new Map<string, string>();
    for (const m of this.st.macros.values()) {
      const e = paste(m.condition);
      const text = e.text.withBase(m.condition);
      macroKey.set(m.name, macroId(`${m.name}\u0001${m.condition.text}\u0001${text.text}`));
      const parsed = parsedOf(e);
      if (parsed.tree) {
        // Ranges in the macro's own text (a pasted list's values: at the list's name).
        m.ast = parsed.tree;
        macroAsts[m.name] = m.ast;
      } else {
        for (const d of parsed.diagnostics) this.reportAt(text, d, undefined);
      }
    }
    const macroText: Record<string, string | Expr> = { ...macroAsts };
    // A broken macro is still defined: references to it should not read as undefined macros.
    for (const m of this.st.macros.values()) if (!m.ast) macroText[m.name] = 'evt.num exists';
    const keyOf = (name: string): string => (typeof macroText[name] === 'string' ? `${name}\u0001broken` : macroKey.get(name)!);
    const treeOf = (name: string): Expr | undefined => macroAsts[name];
    // Each macro body: only macros defined before it are visible to it (Falco's visibility rule).
    for (const m of this.st.macros.values()) {
      if (!m.ast) continue;
      const ast = m.ast;
      const visible = visibleTo(macroText, this.st.macros, m);
      const scope: Resolution = { sees: (n) => n in visible, key: keyOf, tree: treeOf, names: () => Object.keys(visible).join('\u0000') };
      // Only the diagnostics are kept: a macro's expanded tree can be as large as the macros it goes through.
      const r = this.checked(`macro\u0000${macroKey.get(m.name)}\u0000${dependencies(ast, scope)}`, () => ({
        diagnostics: checkCondition(ast, { macros: visible, lists: noLists, catalog: this.st.catalog, maxDepth: FALCO_MAX_DEPTH }).diagnostics,
      }));
      // The tree's ranges are in the macro's written text.
      const text = m.condition;
      for (const d of r.diagnostics) {
        if (d.data?.macro !== undefined) continue; // reported in that macro itself
        if (d.code === 'deprecated-field') continue; // Falco warns at the rules that use the macro
        // Falco only parses macros and resolves their references; it compiles them (fields, operators, values)
        // inside the rules that use them, so it reports such an error at the first of those rules.
        if ((d.severity === 'error' && d.code !== 'undefined-macro' && d.code !== 'macro-cycle') || COMPILE_WARNINGS.has(d.code)) {
          deferred.push({ macro: m.name, text, d });
          continue;
        }
        this.reportAt(text, d, undefined);
      }
    }
    const hitBy = new Map<string, { file: string; range: Range }>();
    const compiledIn = new Set<string>();
    // A rule sees the macros of its own file and of the files before it: Falco compiles after each file.
    const byFile = new Map<number, MacroScope>();
    const macrosFor = (rule: Rule): MacroScope => {
      const f = this.st.ruleFile.get(rule.name) ?? 0;
      let v = byFile.get(f);
      if (!v) {
        const macros: Record<string, string | Expr> = {};
        for (const [name, m] of Object.entries(macroText)) {
          if ((this.st.macroFile.get(name) ?? 0) > f) continue;
          macros[name] = m;
        }
        let names: string | undefined;
        v = { macros, resolution: { sees: (n) => Object.hasOwn(macros, n), key: keyOf, tree: treeOf, names: () => (names ??= Object.keys(macros).join('\u0000')) } };
        byFile.set(f, v);
      }
      return v;
    };
    for (const rule of this.st.rules.values()) {
      const { macroErrors, macrosSeen } = this.compileRule(rule, macrosFor(rule), paste);
      for (const { name, at } of macroErrors) if (!hitBy.has(name)) hitBy.set(name, at);
      for (const name of macrosSeen) compiledIn.add(name);
    }
    for (const { macro, text, d } of deferred) {
      if (COMPILE_WARNINGS.has(d.code)) {
        // Falco warns at each rule that uses the macro (reported there); for a macro no rule uses, ours alone.
        if (!compiledIn.has(macro)) this.reportAt(text, d, d.code);
        continue;
      }
      const hit = hitBy.get(macro);
      if (hit) this.reportAt(text, { ...d, falco: hit }, undefined);
      else this.reportAt(text, { ...d, severity: 'warning', message: `${d.message} (no rule Falco compiles uses this macro, so Falco does not check it)` }, undefined);
    }
    this.keepChecks();
    return usedLists;
  }

  private compileRule(rule: Rule, scope: MacroScope, paste: (t: Locatable) => PasteParsed): { macroErrors: Array<{ name: string; at: { file: string; range: Range } }>; macrosSeen: string[] } {
    const none = { macroErrors: [] as Array<{ name: string; at: { file: string; range: Range } }>, macrosSeen: [] as string[] };
    const written = withExceptions(this.st, rule);
    rule.compiledText = written.text;
    rule.compiledSource = written;
    if (rule.unknownSource) return none;
    const pastedOnce = paste(written);
    const text = pastedOnce.text.withBase(written);
    rule.pastedText = text.text;
    // (located when needed: mapping a range into the file is most of the cost of an unchanged rule)
    const whole = () => text.locate(0, text.text.length);
    const home = { file: rule.file, range: rule.range };
    // Falco checks the output first: an unknown field there skips the rule under skip-if-unknown-filter.
    const out = checkOutput(this.st, rule);
    if (rule.skipIfUnknownFilter && out[0]?.unknown) {
      this.st.add('LOAD_UNKNOWN_FILTER', 'warning', `Rule '${rule.name}' skipped: ${out[0].message} (skip-if-unknown-filter is set)`, out[0].file, out[0].range, undefined, out[0].data);
      return none;
    }
    for (const o of out) this.st.add(o.code, o.severity, o.message, o.file, o.range, undefined, o.data);
    // `in shells`: Falco pastes the items without parentheses and the condition no longer parses; say why.
    const bare = bareListOperands(written.text, this.st.lists);
    for (const b of bare) {
      const at = written.locate(b.start, b.end);
      this.st.add('list-needs-parentheses', 'error', `write (${b.name}): Falco pastes a list's items as text, so '${b.op} ${b.name}' without parentheses only works for a list of exactly one item`, at.file, at.range, falcoAt(undefined, home, at), { name: b.name, nameKind: 'list', replacement: `(${b.name})` });
    }
    if (bare.length) return none;
    // Parsed as Falco parses it (lists pasted), with the tree's ranges in the written text.
    const parsed = parsedOf(pastedOnce);
    if (!parsed.ast) {
      this.st.parsedRules.set(rule, undefined);
      for (const d of parsed.diagnostics) {
        // An error inside pasted items: say which list they come from.
        const from = text.baseText(d.range.start.offset, Math.max(d.range.end.offset, d.range.start.offset + 1));
        const l = from !== text.text.slice(d.range.start.offset, d.range.end.offset) ? this.st.lists.get(from) : undefined;
        const note = l ? ` (Falco pastes the items of list '${l.name}' here: ${(l.compiledItems ?? l.items).map(quoteItem).join(', ')})` : '';
        const data = d.data?.template !== undefined ? { data: { ...d.data, template: d.data.template + note } } : {};
        this.reportAt(text, { ...d, message: d.message + note, ...data }, undefined, home);
      }
      return none;
    }
    const tree = parsed.tree!;
    this.st.parsedRules.set(rule, parsed.ast);
    // Same texts, same macros: the same check (its ranges are in the written text).
    const r = this.checked(`rule\u0000${written.text}\u0000${text.text}\u0000${dependencies(tree, scope.resolution)}`, () => checkCondition(tree, { macros: scope.macros, lists: new Map(), catalog: this.st.catalog, maxDepth: FALCO_MAX_DEPTH }));
    const diagnostics = r.diagnostics;
    const errors = diagnostics.filter((d) => d.severity === 'error');
    // Fields of another source are unknown to this source's engine.
    const foreign = r.condition ? r.condition.fields.filter((f) => {
      const info = this.st.catalog.resolve(f)?.field;
      return !!info?.source && info.source !== rule.source;
    }) : [];
    // Errors met inside macros, at the macro's reference in this rule's condition (where Falco reports them).
    const macroErrors = errors.flatMap((d) => {
      const name = d.data?.macro;
      return name !== undefined ? [{ name, at: written.locate(d.range.start.offset, d.range.end.offset) }] : [];
    });
    if (rule.skipIfUnknownFilter && (errors.length ? isUnknownFilter(errors[0]!, this.st.catalog) : foreign.length > 0)) {
      const first = errors[0];
      const at = first ? written.locate(first.range.start.offset, first.range.end.offset) : whole();
      const why = first ? first.message : `field '${foreign[0]}' belongs to another source than '${rule.source}'`;
      this.st.add('LOAD_UNKNOWN_FILTER', 'warning', `Rule '${rule.name}' skipped: ${why} (skip-if-unknown-filter is set)`, at.file, at.range, undefined, first?.data);
      return none;
    }
    const deprecated = new Map<string, Diagnostic>();
    for (const d of diagnostics) {
      if (d.code === 'deprecated-field') {
        // Falco warns once per rule and field, for the fields of its own list, wherever the expanded condition
        // uses them (through macros too).
        const name = d.data?.name ?? '';
        if (FALCO_DEPRECATED_FIELDS.has(name)) {
          const own = d.data?.macro === undefined;
          const prev = deprecated.get(name);
          if (!prev || (own && prev.data?.macro !== undefined)) deprecated.set(name, d);
          continue;
        }
      }
      // Reported where the macro is defined, but for libsinsp's compile warnings, which Falco gives per rule.
      if (d.data?.macro !== undefined && !COMPILE_WARNINGS.has(d.code)) continue;
      const later = d.code === 'undefined-macro' && d.data?.name !== undefined && this.st.macros.has(d.data.name);
      this.reportAt(written, later ? { ...d, message: `${d.message} It is defined in a later file: Falco compiles the rules of each file when it loads that file.` } : d, undefined, home);
    }
    for (const [name, d] of deprecated) {
      const at = d.data?.macro !== undefined ? whole() : written.locate(d.range.start.offset, d.range.end.offset);
      this.st.add('LOAD_DEPRECATED_ITEM', 'warning', `field '${name}' is deprecated${name === 'evt.dir' ? EVT_DIR_NOTE : LATENCY_NOTE}`, at.file, at.range, undefined, { name, nameKind: 'field' });
    }
    rule.tree = tree;
    if (r.condition) {
      rule.compiled = r.condition;
      for (const f of foreign) {
        this.st.add('LOAD_ERR_COMPILE_CONDITION', 'error', `field '${f}' belongs to the '${this.st.catalog.resolve(f)?.field.source}' source, not to this rule's '${rule.source}' source`, rule.file, rule.range);
      }
    }
    return { macroErrors, macrosSeen: r.condition ? [...macroNames(tree, this.st.macros)] : [] };
  }

  /** `home`: the item Falco reports the problem at (a rule's), when ours lies elsewhere (an appended exception). */
  private reportAt(text: Locatable, d: Diagnostic, code: string | undefined, home?: { file: string; range: Range }): void {
    if (code === undefined && COMPILE_WARNINGS.has(d.code) && d.severity === 'info') d = { ...d, severity: 'warning' };
    // The library accepts a list name without parentheses; Falco does not load it (see resolve.ts).
    if (d.code === 'list-needs-parentheses') d = { ...d, severity: 'error' };
    this.st.diagnostics.push({ ...placeIn(text, d, home), code: code ?? FALCO_CODES[d.code] ?? d.code });
  }
}

/** A pasted text parsed as Falco parses it, once per entry: the tree as parsed and with ranges in the written text. */
function parsedOf(e: PasteParsed): { ast?: Expr; tree?: Expr; diagnostics: Diagnostic[] } {
  if (!e.parsed) {
    const r = parse(e.text.text, { maxDepth: FALCO_MAX_DEPTH });
    e.parsed = r.ast ? { ast: r.ast, tree: e.text.rebase(r.ast), diagnostics: r.diagnostics } : { diagnostics: r.diagnostics };
  }
  return e.parsed;
}

/** `in NAME` (or intersects, pmatch, a modifier) with the name of a list that pasted bare does not parse. */
function bareListOperands(text: string, lists: ReadonlyMap<string, ListDef>): Array<{ name: string; op: string; start: number; end: number }> {
  const out: Array<{ name: string; op: string; start: number; end: number }> = [];
  const re = /(?:^|[\s()])((?:in|intersects|pmatch)|(?:\S+ (?:oneof|anyof|allof)))\s+([^\s(),="']+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[2]!;
    const l = lists.get(name);
    // One item pasted bare still parses (`in zsh`), and Falco loads it.
    if (!l || (l.compiledItems ?? l.items).length === 1) continue;
    const start = m.index + m[0].length - name.length;
    out.push({ name, op: m[1]!, start, end: start + name.length });
  }
  return out;
}
