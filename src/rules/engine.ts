import type { Event, FlatEvent } from '../values/event.js';
import type { Condition, PlanNode } from '../eval/compile.js';
import { eventTypeFolder, folds, generateCondition, generateFolded, makeFunction, planOf, resolveBackend, type Backend } from '../eval/codegen.js';
import type { FieldCatalog } from '../fields/catalog.js';
import type { Rule, RuleSet } from './loader.js';
import { compileOutput, type OutputRenderer, type RenderedOutput } from './output.js';

/*
 * Applies loaded rules to events as Falco's engine does (falco `userspace/engine/falco_engine.cpp`
 * process_event, `indexable_ruleset.h` ruleset_filters::run, `evttype_index_ruleset.cpp` run_wrappers):
 *
 * - each event source has its own ruleset; an event is checked against the rules indexed under its `evt.type`
 *   first, in the order they were enabled (load order, then the order of `rules:` selections), and only then
 *   against the rules with no event-type restriction;
 * - `rule_matching: first` (Falco's default) stops at the first rule that matches; `all` reports every match
 *   of the group that matched first: like Falco, when a rule indexed by the event's type matched, the rules with
 *   no event-type restriction are not evaluated for that event.
 */

export interface Alert {
  rule: Rule;
  output: RenderedOutput;
}

export type RuleMatching = 'first' | 'all';

/** One entry of falco.yaml's `rules:` section: enable or disable rules by name (with `*` wildcards) or by tag. */
export interface RuleSelection {
  op: 'enable' | 'disable';
  /** A rule name; `*` matches any text (Falco's `matches_wildcard`). */
  rule?: string;
  /** A tag: every rule carrying it. */
  tag?: string;
}

export interface EngineOptions {
  catalog?: FieldCatalog;
  /** Only rules of this event source (default: every source). */
  source?: string;
  /** Falco's `rule_matching` (default `first`, as falco.yaml). */
  ruleMatching?: RuleMatching;
  /** Falco's `rules:` selections, applied in order after the rules' own `enabled`. */
  selection?: readonly RuleSelection[];
  /**
   * How `match` runs (default: the default of `compile`, `auto`): `codegen` generates, per event type, one function
   * that evaluates the candidate rules in order with the `evt.type` checks folded; `closures` loops over the rules'
   * compiled conditions. Where `new Function` is not allowed, `auto` loops.
   */
  backend?: Backend;
}

/** One rule as the engine evaluated it on an event (`trace`). */
export interface Evaluation {
  rule: Rule;
  matched: boolean;
}

/**
 * Falco's wildcard match of rule names (`falco::utils::matches_wildcard`): `*` is any text, everything else
 * literal. Like Falco it takes the first occurrence of each literal after a `*` without backtracking, so
 * `*ab` does not match `abab`.
 */
export function matchesWildcard(pattern: string, name: string): boolean {
  for (;;) {
    const star = pattern.indexOf('*');
    if (star < 0) return pattern === name;
    if (star > 0) {
      if (pattern.slice(0, star) !== name.slice(0, star)) return false;
      pattern = pattern.slice(star);
      name = name.slice(star);
      continue;
    }
    const next = pattern.search(/[^*]/);
    if (next < 0) return true;
    const rest = pattern.slice(next);
    const end = rest.indexOf('*');
    const literal = end < 0 ? rest : rest.slice(0, end);
    const at = name.indexOf(literal);
    if (at < 0) return false;
    pattern = rest.slice(literal.length);
    name = name.slice(at + literal.length);
  }
}

/**
 * The rules Falco runs, in the order it runs them: the rules enabled in the files, in load order, then each
 * selection in turn (an enabled rule goes to the end of the order; a disabled one leaves it).
 */
export function selectRules(rules: readonly Rule[], selection: readonly RuleSelection[] = []): Rule[] {
  const order = rules.filter((r) => r.enabled);
  const on = new Set(order);
  for (const sel of selection) {
    const hit = (r: Rule) => (sel.rule !== undefined && matchesWildcard(sel.rule, r.name)) || (sel.tag !== undefined && r.tags.includes(sel.tag));
    for (const r of rules) {
      if (!hit(r)) continue;
      if (sel.op === 'enable' && !on.has(r)) {
        on.add(r);
        order.push(r);
      } else if (sel.op === 'disable' && on.has(r)) {
        on.delete(r);
        order.splice(order.indexOf(r), 1);
      }
    }
  }
  return order;
}

type Dispatch = (ev: FlatEvent, out: Alert[]) => void;

/** The rules of one event source, indexed by event type. */
class SourceRules {
  readonly byType = new Map<string, Rule[]>();
  readonly anyType: Rule[] = [];
  /** The functions `match` calls, beside the rules of `byType` and `anyType`. */
  readonly evalByType = new Map<string, Array<(ev: Event) => boolean>>();
  readonly evalAny: Array<(ev: Event) => boolean> = [];

  add(r: Rule, evaluate: (ev: Event) => boolean): void {
    const types = r.compiled!.eventTypes;
    if (!types) {
      this.anyType.push(r);
      this.evalAny.push(evaluate);
      return;
    }
    for (const t of types) {
      const list = this.byType.get(t);
      if (list) {
        list.push(r);
        this.evalByType.get(t)!.push(evaluate);
      } else {
        this.byType.set(t, [r]);
        this.evalByType.set(t, [evaluate]);
      }
    }
  }

  typed(eventType: unknown): Rule[] | undefined {
    return typeof eventType === 'string' ? this.byType.get(eventType) : undefined;
  }
}

export class RuleEngine {
  /** The rules the engine runs, in Falco's evaluation order. */
  readonly rules: Rule[];
  readonly ruleMatching: RuleMatching;
  private readonly sources: SourceRules[] = [];
  private readonly outputs = new Map<Rule, OutputRenderer>();
  private readonly backend: Backend;
  /** Generated per-type functions (built on the first event of each type), and the one for other types. */
  private readonly dispatch = new Map<string, Dispatch>();
  private otherTypes: Dispatch | undefined;
  private generated = true;
  private readonly unfolded = new Map<Condition, (ev: Event) => boolean>();
  private readonly emit = (out: Alert[], i: number, ev: Event): void => {
    const r = this.rules[i]!;
    out.push({ rule: r, output: this.outputs.get(r)!(ev) });
  };

  constructor(set: RuleSet, options: EngineOptions = {}) {
    this.ruleMatching = options.ruleMatching ?? 'first';
    const backend = (this.backend = resolveBackend(options.backend));
    this.rules = selectRules(set.rules, options.selection).filter((r) => r.compiled && (!options.source || r.source === options.source));
    const bySource = new Map<string, SourceRules>();
    for (const r of this.rules) {
      let s = bySource.get(r.source);
      if (!s) bySource.set(r.source, (s = new SourceRules()));
      // With closures, the closure plan (a condition compiled with `auto` has generated code as `evaluate`).
      s.add(r, backend === 'closures' ? (planOf(r.compiled!)?.pred ?? r.compiled!.evaluate) : r.compiled!.evaluate);
      this.outputs.set(r, compileOutput(r.output, options.catalog));
    }
    this.sources = [...bySource.values()];
    this.generated = backend !== 'closures';
  }

  /** A condition's generated function (its `evaluate` unless it was compiled with closures), closures if none. */
  private generatedOf(c: Condition, plan: PlanNode, required: boolean): (ev: Event) => boolean {
    if (c.evaluate !== plan.pred) return c.evaluate;
    let f = this.unfolded.get(c);
    if (!f) this.unfolded.set(c, (f = generateCondition(plan, required) ?? plan.pred));
    return f;
  }

  /**
   * The generated function for flat events of this type (`undefined` for other types: `otherTypes`), or
   * `undefined` when code is not generated.
   */
  private dispatcher(type: unknown): Dispatch | undefined {
    if (typeof type === 'string') {
      const d = this.dispatch.get(type);
      if (d !== undefined) return d;
      if (this.sources.some((s) => s.byType.has(type))) {
        const made = this.generate(type);
        if (made) this.dispatch.set(type, made);
        return made;
      }
    }
    return (this.otherTypes ??= this.generate(undefined));
  }

  /** One function that runs the candidate rules of every source for an event of type `type` (or of no indexed type). */
  private generate(type: string | undefined): Dispatch | undefined {
    const required = this.backend === 'codegen';
    const params: string[] = [];
    const args: unknown[] = [];
    const name = (x: unknown) => {
      params.push(`f${params.length}`);
      args.push(x);
      return params[params.length - 1]!;
    };
    const index = new Map(this.rules.map((r, i) => [r, i]));
    const fold = type === undefined ? undefined : eventTypeFolder(type);
    const first = this.ruleMatching === 'first';
    // Each rule's test: true, false, or a call of its condition's function (folded for this type when that changes it).
    const test = (r: Rule): string => {
      const c = r.compiled!;
      const plan = planOf(c);
      if (!plan) return `${name(c.evaluate)}(ev)`;
      if (fold && folds(plan, fold)) {
        const folded = generateFolded(plan, required, fold);
        if (folded !== undefined) return typeof folded === 'boolean' ? String(folded) : `${name(folded)}(ev)`;
      }
      return `${name(this.generatedOf(c, plan, required))}(ev)`;
    };
    const emit = name(this.emit);
    const lines: string[] = [];
    this.sources.forEach((src, s) => {
      const typed = type === undefined ? [] : (src.byType.get(type) ?? []);
      const hit = (r: Rule, then: string) => {
        const t = test(r);
        if (t === 'false') return;
        lines.push(`${t === 'true' ? '' : `if (${t}) `}{ ${emit}(out, ${index.get(r)}, ev); ${then} }`);
        return t === 'true';
      };
      lines.push(`s${s}: {`);
      if (first) {
        // The first match of the source ends its turn; the untyped rules run only when no typed rule matched.
        for (const r of [...typed, ...src.anyType]) if (hit(r, `break s${s};`)) break;
      } else {
        lines.push('let found = false;');
        let sure = false;
        for (const r of typed) if (hit(r, 'found = true;')) sure = true;
        if (!sure && src.anyType.length) {
          lines.push('if (found) break ' + `s${s};`);
          for (const r of src.anyType) hit(r, '');
        }
      }
      lines.push('}');
    });
    const body = `"use strict";\nreturn function rules(ev, out) {\n${lines.join('\n')}\n};`;
    return makeFunction<Dispatch>(params, body, args, required);
  }

  /** The rules that may match an event of this type, in the order Falco evaluates them. */
  candidates(eventType: unknown): Rule[] {
    const out: Rule[] = [];
    for (const s of this.sources) out.push(...(s.typed(eventType) ?? []), ...s.anyType);
    return out;
  }

  /** Per event source, the rules indexed under this event type and those with no event-type restriction, in order. */
  groups(eventType: unknown): Array<{ typed: readonly Rule[]; untyped: readonly Rule[] }> {
    return this.sources.map((s) => ({ typed: s.typed(eventType) ?? [], untyped: s.anyType }));
  }

  /** The rules the event matches (one per source with `first`), with their rendered output. */
  match(event: Event): Alert[] {
    const type = typeof event === 'function' ? event('evt.type') : event['evt.type'];
    const out: Alert[] = [];
    if (this.generated && typeof event !== 'function') {
      const d = this.dispatcher(type);
      if (d) {
        d(event, out);
        return out;
      }
      this.generated = false;
    }
    const first = this.ruleMatching === 'first';
    for (let s = 0; s < this.sources.length; s++) {
      const src = this.sources[s]!;
      const typed = src.typed(type);
      let found = false;
      if (typed) {
        const evs = src.evalByType.get(type as string)!;
        for (let i = 0; i < typed.length; i++) {
          const r = typed[i]!;
          if (evs[i]!(event)) {
            out.push({ rule: r, output: this.outputs.get(r)!(event) });
            found = true;
            if (first) break;
          }
        }
      }
      if (found) continue;
      const any = src.anyType;
      const evs = src.evalAny;
      for (let i = 0; i < any.length; i++) {
        const r = any[i]!;
        if (evs[i]!(event)) {
          out.push({ rule: r, output: this.outputs.get(r)!(event) });
          if (first) break;
        }
      }
    }
    return out;
  }

  /**
   * Every rule the engine evaluates on the event, in order, and whether it matched: what `match` does, step by
   * step (for tests, coverage and profiles; slower than `match`).
   */
  trace(event: Event): Evaluation[] {
    const type = typeof event === 'function' ? event('evt.type') : event['evt.type'];
    const out: Evaluation[] = [];
    const first = this.ruleMatching === 'first';
    for (const src of this.sources) {
      let found = false;
      for (const group of [src.typed(type) ?? [], src.anyType]) {
        if (found) break;
        for (const r of group) {
          const matched = r.compiled!.evaluate(event);
          out.push({ rule: r, matched });
          if (matched) {
            found = true;
            if (first) break;
          }
        }
      }
    }
    return out;
  }

  /** The rendered output of a rule for an event. */
  render(rule: Rule, event: Event): RenderedOutput {
    const o = this.outputs.get(rule) ?? compileOutput(rule.output);
    return o(event);
  }
}
