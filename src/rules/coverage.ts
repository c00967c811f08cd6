import type { Range } from '../diagnostic.js';
import { checkCondition, type Condition, type Explanation } from '../eval/compile.js';
import type { Event } from '../values/event.js';
import type { FieldCatalog } from '../fields/catalog.js';
import { parse } from '../syntax/parser.js';
import type { RuleEngine } from './engine.js';
import { exceptionText, type ExceptionDef, type Rule, type RuleSet, type SourcedText } from './loader.js';
import { definitionsOf } from './definitions.js';

/*
 * Coverage of rules by test events: what the events exercised, per rules file.
 *
 * Goals, each met or not:
 * - a rule: fired at least once, and evaluated without firing at least once;
 * - a macro and a list: used (a check written in the macro, or reading the list, was evaluated);
 * - a check (a leaf of a condition after macro expansion, counted where it is written: in the rule, in a macro
 *   or in an exception): seen true and seen false (checks that short-circuiting skipped are not seen);
 * - an exception: matching and not matching, on the events the rule's own condition lets through to it.
 *
 * The collector replays what the engine evaluates (`RuleEngine.trace`, so `rule_matching: first` leaves later
 * rules unevaluated, as in Falco) and walks each evaluated rule's explain tree: evaluation itself is untouched.
 * Only items reachable from the rules the engine runs count: a macro only disabled rules use is not a goal.
 */

export type CoverageKind = 'rule' | 'macro' | 'list' | 'check' | 'exception';

export interface CoverageItem {
  kind: CoverageKind;
  /** Rule, macro, list or exception name; for a check, its canonical text. */
  name: string;
  file: string;
  line: number;
  column: number;
  /** Where a check or an exception is written: `rule NAME`, `macro NAME`, `exception NAME of rule NAME`. */
  owner?: string;
  /** Times evaluated (rules, checks, exceptions) or used (macros, lists). */
  hits: number;
  /** Rules: fired; checks: true; exceptions: matched. */
  yes: number;
  /** Rules: did not fire; checks: false; exceptions: did not match. */
  no: number;
  /**
   * An `evt.type` check the engine's index keeps true: rules run only on events of their own types, so it
   * cannot be false in any rule that uses it, and only its `true` goal counts.
   */
  alwaysTrue?: boolean;
}

export interface CoverageCounts {
  covered: number;
  total: number;
  /** covered / total × 100, with 100 for no goals. */
  percent: number;
}

export interface FileCoverage {
  file: string;
  items: CoverageItem[];
  counts: CoverageCounts;
  /** Goals per kind: rules fired / not fired, checks true / false, … */
  byKind: Record<CoverageKind, { items: number; yes: number; no: number; alwaysTrue: number }>;
}

export interface CoverageReport {
  /** Events observed. */
  events: number;
  files: FileCoverage[];
  counts: CoverageCounts;
}

/** The goals of an item and whether each is met, in words. */
export function goals(item: CoverageItem): Array<{ goal: string; met: boolean }> {
  switch (item.kind) {
    case 'rule':
      return [{ goal: 'fired', met: item.yes > 0 }, { goal: 'not fired', met: item.no > 0 }];
    case 'check':
      return item.alwaysTrue ? [{ goal: 'true', met: item.yes > 0 }] : [{ goal: 'true', met: item.yes > 0 }, { goal: 'false', met: item.no > 0 }];
    case 'exception':
      return [{ goal: 'matching', met: item.yes > 0 }, { goal: 'not matching', met: item.no > 0 }];
    default:
      return [{ goal: 'used', met: item.hits > 0 }];
  }
}

function counts(items: readonly CoverageItem[]): CoverageCounts {
  let covered = 0;
  let total = 0;
  for (const i of items) {
    for (const g of goals(i)) {
      total++;
      if (g.met) covered++;
    }
  }
  return { covered, total, percent: total ? (covered / total) * 100 : 100 };
}

/** Word boundaries as Falco's list substitution sees them. */
function mentions(text: string, word: string): boolean {
  const delim = (c: string | undefined) => c === undefined || ' \t\n\r(),='.includes(c);
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if (delim(text[i - 1]) && delim(text[i + word.length])) return true;
  }
  return false;
}

interface CheckSlot {
  item: CoverageItem;
  lists: string[];
  /** For a check of an exception's generated text: the exception's name. */
  exception?: string;
}

interface RuleSlots {
  rule: Rule;
  item: CoverageItem;
  exceptions: Array<{ name: string; item: CoverageItem; condition: Condition }>;
}

export interface CoverageOptions {
  catalog?: FieldCatalog;
}

export class CoverageCollector {
  private readonly items = new Map<string, CoverageItem>();
  private readonly rules = new Map<Rule, RuleSlots>();
  private readonly checks = new Map<string, CheckSlot>();
  private readonly macroItems = new Map<string, CoverageItem>();
  private readonly listItems = new Map<string, CoverageItem>();
  /** Lists each list includes, directly or not. */
  private readonly included = new Map<string, string[]>();
  private events = 0;
  private readonly falsifiable = new Set<CheckSlot>();

  constructor(private readonly set: RuleSet, engine: RuleEngine, options: CoverageOptions = {}) {
    for (const l of set.lists.values()) {
      const inc: string[] = [];
      const seen = new Set<string>([l.name]);
      const walk = (name: string) => {
        for (const i of set.lists.get(name)?.items ?? []) {
          if (set.lists.has(i) && !seen.has(i)) {
            seen.add(i);
            inc.push(i);
            walk(i);
          }
        }
      };
      walk(l.name);
      this.included.set(l.name, inc);
    }
    const { macros, lists } = definitionsOf(set);
    for (const rule of engine.rules) {
      const item = this.item('rule', rule.name, rule.file, rule.range, undefined, `rule\0${rule.name}`);
      const exceptions: RuleSlots['exceptions'] = [];
      for (const ex of rule.exceptions) {
        if (ex.values.length === 0) continue;
        const c = checkCondition(exceptionText(ex), { macros, lists, ...(options.catalog ? { catalog: options.catalog } : {}) }).condition;
        if (!c) continue;
        exceptions.push({ name: ex.name, item: this.exceptionItem(rule, ex), condition: c });
      }
      this.rules.set(rule, { rule, item, exceptions });
      // Every check of the rule's tree is a goal, evaluated or not: walk the tree once without an event value.
      this.visit(rule, rule.compiled!.explain({}), false);
    }
  }

  private exceptionItem(rule: Rule, ex: ExceptionDef): CoverageItem {
    const r = ex.node?.range;
    const at = r ? lineColumn(ex.source, r[0]) : { line: rule.range.start.line, column: rule.range.start.column };
    const range: Range = { start: { ...at, offset: r?.[0] ?? 0 }, end: { ...at, offset: r?.[0] ?? 0 } };
    return this.item('exception', ex.name, ex.file, range, `rule ${rule.name}`, `exception\0${rule.name}\0${ex.name}`);
  }

  private item(kind: CoverageKind, name: string, file: string, range: Range, owner: string | undefined, key: string): CoverageItem {
    let i = this.items.get(key);
    if (!i) {
      i = { kind, name, file, line: range.start.line, column: range.start.column, hits: 0, yes: 0, no: 0 };
      if (owner) i.owner = owner;
      this.items.set(key, i);
    }
    return i;
  }

  private macroItem(name: string): CoverageItem | undefined {
    let i = this.macroItems.get(name);
    if (!i) {
      const m = this.set.macros.get(name);
      if (!m) return undefined;
      i = this.item('macro', name, m.file, m.range, undefined, `macro\0${name}`);
      this.macroItems.set(name, i);
    }
    return i;
  }

  private listItem(name: string): CoverageItem | undefined {
    let i = this.listItems.get(name);
    if (!i) {
      const l = this.set.lists.get(name);
      if (!l) return undefined;
      i = this.item('list', name, l.file, l.range, undefined, `list\0${name}`);
      this.listItems.set(name, i);
    }
    return i;
  }

  /** The slot of a check: where it is written, and the lists it reads. */
  private checkSlot(rule: Rule | undefined, x: Explanation, create = true): CheckSlot | undefined {
    let owner: string;
    let source: SourcedText | undefined;
    let text: string | undefined;
    if (x.macro) {
      const m = this.set.macros.get(x.macro);
      if (!m) return undefined;
      owner = `macro ${m.name}`;
      source = m.condition;
      text = m.condition.text;
    } else {
      if (!rule) return undefined;
      owner = `rule ${rule.name}`;
      source = rule.compiledSource;
      text = rule.compiledText;
    }
    const key = `${owner}\0${x.range.start.offset}\0${x.range.end.offset}`;
    let slot = this.checks.get(key);
    if (!slot && !create) return undefined;
    if (!slot) {
      const at = source ? source.locate(x.range.start.offset, x.range.end.offset) : { file: rule?.file ?? '', range: x.range };
      let where = owner;
      let exception: string | undefined;
      if (!x.macro && rule && source) {
        // A check that comes from an exception's generated text belongs to the exception.
        const piece = pieceAt(source, x.range.start.offset);
        const ex = piece && !piece.node ? rule.exceptions.find((e) => e.node === piece.anchor) : undefined;
        if (ex) {
          where = `exception ${ex.name} of rule ${rule.name}`;
          exception = ex.name;
        }
      }
      const item = this.item('check', x.text, at.file, at.range, where, `check\0${key}`);
      const written = text?.slice(x.range.start.offset, x.range.end.offset) ?? '';
      const lists = new Set<string>();
      for (const name of this.set.lists.keys()) {
        if (mentions(written, name)) {
          lists.add(name);
          for (const inc of this.included.get(name) ?? []) lists.add(inc);
        }
      }
      slot = { item, lists: [...lists], ...(exception ? { exception } : {}) };
      for (const l of slot.lists) this.listItem(l);
      this.checks.set(key, slot);
    }
    return slot;
  }

  /**
   * Records the checks of an explain tree; `count` false only registers them as goals. Adds to `reached` the
   * exceptions whose checks evaluation reached (those the rule's own condition let through).
   */
  private visit(rule: Rule | undefined, x: Explanation, count: boolean, reached?: Set<string>): void {
    if (x.kind !== 'check') {
      for (const c of x.children ?? []) this.visit(rule, c, count, reached);
      return;
    }
    const slot = this.checkSlot(rule, x, !count);
    if (!slot) return;
    if (!count) {
      // The macros a check is reached through, for every path that reaches it (a check of a macro can be
      // reached from several macros and rules).
      for (const m of x.via ?? []) this.macroItem(m);
      // Registering the goals: an evt.type check is always true when the rule's types are among its values.
      const always = rule !== undefined && indexedTrue(rule, x);
      if (!this.falsifiable.has(slot) && always) slot.item.alwaysTrue = true;
      else {
        this.falsifiable.add(slot);
        delete slot.item.alwaysTrue;
      }
      return;
    }
    if (!x.evaluated) return;
    if (slot.exception) reached?.add(slot.exception);
    slot.item.hits++;
    if (x.result) slot.item.yes++;
    else slot.item.no++;
    this.countUses(slot, x);
  }

  /** A check evaluated: its lists and the macros it was reached through were used (goals registered only). */
  private countUses(slot: CheckSlot, x: Explanation): void {
    for (const l of slot.lists) {
      const i = this.listItems.get(l);
      if (i) i.hits++;
    }
    for (const m of x.via ?? []) {
      const i = this.macroItems.get(m);
      if (i) i.hits++;
    }
  }

  /** Evaluates the event as the engine does and records what it exercised. */
  observe(engine: RuleEngine, event: Event): void {
    this.events++;
    for (const { rule, matched } of engine.trace(event)) {
      const slots = this.rules.get(rule);
      if (!slots) continue;
      slots.item.hits++;
      if (matched) slots.item.yes++;
      else slots.item.no++;
      const reached = new Set<string>();
      this.visit(rule, rule.compiled!.explain(event), true, reached);
      // An exception counts where it decides: on the events the rule's own condition let through.
      for (const ex of slots.exceptions) {
        if (!reached.has(ex.name)) continue;
        ex.item.hits++;
        if (ex.condition.evaluate(event)) ex.item.yes++;
        else ex.item.no++;
      }
    }
  }

  /**
   * Records a condition evaluated on its own (a test of a macro): the checks it reaches inside macros count
   * for those macros; its own checks are not goals.
   */
  observeCondition(explanation: Explanation): void {
    const walk = (x: Explanation) => {
      if (x.kind !== 'check') return (x.children ?? []).forEach(walk);
      if (!x.macro) return;
      // Only checks the engine's rules reach are goals: a macro no enabled rule uses is not counted.
      const slot = this.checkSlot(undefined, x, false);
      if (!slot || !x.evaluated) return;
      slot.item.hits++;
      if (x.result) slot.item.yes++;
      else slot.item.no++;
      this.countUses(slot, x);
    };
    walk(explanation);
  }

  report(): CoverageReport {
    return buildReport([...this.items.values()], this.events);
  }
}

/** Whether `x` is an `evt.type` check that every event the engine gives `rule` passes. */
function indexedTrue(rule: Rule, x: Explanation): boolean {
  const types = rule.compiled?.eventTypes;
  if (!types || x.left?.text !== 'evt.type') return false;
  const ast = parse(x.text).ast;
  if (ast?.kind !== 'binary_check' || ast.left.kind !== 'field') return false;
  const values = ast.op === '=' || ast.op === '==' ? (ast.right.kind === 'value' ? [ast.right.value] : []) : ast.op === 'in' && ast.right.kind === 'list' ? ast.right.values : [];
  if (!values.length) return false;
  for (const t of types) if (!values.includes(t)) return false;
  return true;
}

function pieceAt(source: SourcedText, offset: number): SourcedText['pieces'][number] | undefined {
  let at = 0;
  for (const p of source.pieces) {
    if (offset >= at && offset < at + p.text.length) return p;
    at += p.text.length;
  }
  return undefined;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

const KIND_ORDER: Record<CoverageKind, number> = { rule: 0, exception: 1, macro: 2, list: 3, check: 4 };

function buildReport(items: CoverageItem[], events: number): CoverageReport {
  const byFile = new Map<string, CoverageItem[]>();
  for (const i of items) {
    const list = byFile.get(i.file);
    if (list) list.push(i);
    else byFile.set(i.file, [i]);
  }
  const files: FileCoverage[] = [];
  for (const [file, list] of byFile) {
    list.sort((a, b) => a.line - b.line || a.column - b.column || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    const byKind = Object.fromEntries((['rule', 'exception', 'macro', 'list', 'check'] as CoverageKind[]).map((k) => [k, { items: 0, yes: 0, no: 0, alwaysTrue: 0 }])) as FileCoverage['byKind'];
    for (const i of list) {
      const k = byKind[i.kind];
      k.items++;
      if (i.kind === 'macro' || i.kind === 'list') {
        if (i.hits > 0) k.yes++;
      } else {
        if (i.yes > 0) k.yes++;
        if (i.no > 0) k.no++;
        if (i.alwaysTrue) k.alwaysTrue++;
      }
    }
    files.push({ file, items: list, counts: counts(list), byKind });
  }
  return { events, files, counts: counts(items) };
}

/** Sums reports of the same rules files (several test files loading them). */
export function mergeCoverage(reports: readonly CoverageReport[]): CoverageReport {
  const items = new Map<string, CoverageItem>();
  let events = 0;
  for (const r of reports) {
    events += r.events;
    for (const f of r.files) {
      for (const i of f.items) {
        const key = `${i.kind}\0${i.file}\0${i.line}\0${i.column}\0${i.name}\0${i.owner ?? ''}`;
        const had = items.get(key);
        if (had) {
          had.hits += i.hits;
          had.yes += i.yes;
          had.no += i.no;
        } else items.set(key, { ...i });
      }
    }
  }
  return buildReport([...items.values()], events);
}

const KIND_LABEL: Record<CoverageKind, string> = { rule: 'rule', macro: 'macro', list: 'list', check: 'check', exception: 'exception' };

const MISSING: Record<string, string> = { 'not fired': 'never evaluated without firing' };

/** Every goal not met, as `file:line:column  what`. */
export function uncovered(report: CoverageReport): string[] {
  const out: string[] = [];
  for (const f of report.files) {
    for (const i of f.items) {
      const missing = goals(i).filter((g) => !g.met).map((g) => g.goal);
      if (!missing.length) continue;
      const what = i.kind === 'check' ? `check '${i.name}' (${i.owner})` : i.kind === 'exception' ? `exception '${i.name}' (${i.owner})` : `${KIND_LABEL[i.kind]} '${i.name}'`;
      const never = i.kind === 'macro' || i.kind === 'list' ? 'never used' : i.hits === 0 ? 'never evaluated' : missing.map((g) => MISSING[g] ?? `never ${g}`).join(', ');
      out.push(`${f.file}:${i.line}:${i.column}  ${what}: ${never}`);
    }
  }
  return out;
}

const pct = (c: CoverageCounts) => `${(Math.floor(c.percent * 10) / 10).toFixed(1)}% (${c.covered}/${c.total})`;

/** The text summary: per file the goals met per kind, per rule its own goals, then every uncovered item. */
export function formatCoverageText(report: CoverageReport): string {
  const out: string[] = [`coverage over ${report.events} events: ${pct(report.counts)} of goals met`];
  for (const f of report.files) {
    const k = f.byKind;
    out.push('', `${f.file}  ${pct(f.counts)}`);
    out.push(`  rules       ${k.rule.yes}/${k.rule.items} fired, ${k.rule.no}/${k.rule.items} not fired`);
    if (k.exception.items) out.push(`  exceptions  ${k.exception.yes}/${k.exception.items} matching, ${k.exception.no}/${k.exception.items} not matching`);
    out.push(`  macros      ${k.macro.yes}/${k.macro.items} used`);
    out.push(`  lists       ${k.list.yes}/${k.list.items} used`);
    const falsifiable = k.check.items - k.check.alwaysTrue;
    const always = k.check.alwaysTrue ? ` (${k.check.alwaysTrue} evt.type checks always true by the event-type index)` : '';
    out.push(`  checks      ${k.check.yes}/${k.check.items} seen true, ${k.check.no}/${falsifiable} seen false${always}`);
    const rules = f.items.filter((i) => i.kind === 'rule');
    if (rules.length) {
      out.push('  per rule (checks written in the rule or its exceptions):');
      for (const r of rules) {
        const own = f.items.filter((i) => i.kind === 'check' && (i.owner === `rule ${r.name}` || i.owner?.endsWith(` of rule ${r.name}`)));
        const c = counts(own);
        const mark = goals(r).every((g) => g.met) && c.covered === c.total ? '✓' : '✗';
        out.push(`    ${mark} ${r.name}: fired ${r.yes}, not fired ${r.no}, checks ${c.covered}/${c.total}`);
      }
    }
  }
  const missing = uncovered(report);
  if (missing.length) out.push('', 'uncovered:', ...missing.map((m) => `  ${m}`));
  return out.join('\n');
}

/**
 * LCOV records on the rules files: rules and macros as functions (FN/FNDA: evaluations, uses), each item's line
 * (DA: times evaluated or used), and two branches per rule (fired / not fired), check (true / false) and
 * exception (matching / not).
 */
export function formatCoverageLcov(report: CoverageReport): string {
  const out: string[] = ['TN:falco-expr'];
  for (const f of report.files) {
    out.push(`SF:${f.file}`);
    const fns = f.items.filter((i) => i.kind === 'rule' || i.kind === 'macro');
    for (const i of fns) out.push(`FN:${i.line},${i.kind} ${i.name}`);
    for (const i of fns) out.push(`FNDA:${i.hits},${i.kind} ${i.name}`);
    out.push(`FNF:${fns.length}`, `FNH:${fns.filter((i) => i.hits > 0).length}`);
    let brf = 0;
    let brh = 0;
    const blocks = new Map<number, number>();
    for (const i of f.items) {
      if (i.kind === 'macro' || i.kind === 'list') continue;
      const block = blocks.get(i.line) ?? 0;
      blocks.set(i.line, block + 1);
      const taken = (n: number) => (i.hits === 0 ? '-' : String(n));
      out.push(`BRDA:${i.line},${block},0,${taken(i.yes)}`);
      if (!i.alwaysTrue) out.push(`BRDA:${i.line},${block},1,${taken(i.no)}`);
      brf += i.alwaysTrue ? 1 : 2;
      brh += (i.yes > 0 ? 1 : 0) + (i.no > 0 && !i.alwaysTrue ? 1 : 0);
    }
    out.push(`BRF:${brf}`, `BRH:${brh}`);
    const lines = new Map<number, number>();
    for (const i of f.items) lines.set(i.line, Math.max(lines.get(i.line) ?? 0, i.hits));
    const sorted = [...lines].sort((a, b) => a[0] - b[0]);
    for (const [line, hits] of sorted) out.push(`DA:${line},${hits}`);
    out.push(`LF:${sorted.length}`, `LH:${sorted.filter(([, h]) => h > 0).length}`, 'end_of_record');
  }
  return out.join('\n') + '\n';
}
