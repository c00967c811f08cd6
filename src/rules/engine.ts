import type { Event } from '../values/event.js';
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

/** The rules of one event source, indexed by event type. */
class SourceRules {
  readonly byType = new Map<string, Rule[]>();
  readonly anyType: Rule[] = [];

  add(r: Rule): void {
    const types = r.compiled!.eventTypes;
    if (!types) {
      this.anyType.push(r);
      return;
    }
    for (const t of types) {
      const list = this.byType.get(t);
      if (list) list.push(r);
      else this.byType.set(t, [r]);
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

  constructor(set: RuleSet, options: EngineOptions = {}) {
    this.ruleMatching = options.ruleMatching ?? 'first';
    this.rules = selectRules(set.rules, options.selection).filter((r) => r.compiled && (!options.source || r.source === options.source));
    const bySource = new Map<string, SourceRules>();
    for (const r of this.rules) {
      let s = bySource.get(r.source);
      if (!s) bySource.set(r.source, (s = new SourceRules()));
      s.add(r);
      this.outputs.set(r, compileOutput(r.output, options.catalog));
    }
    this.sources = [...bySource.values()];
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
    const first = this.ruleMatching === 'first';
    for (let s = 0; s < this.sources.length; s++) {
      const src = this.sources[s]!;
      const typed = src.typed(type);
      let found = false;
      if (typed) {
        for (let i = 0; i < typed.length; i++) {
          const r = typed[i]!;
          if (r.compiled!.evaluate(event)) {
            out.push({ rule: r, output: this.outputs.get(r)!(event) });
            found = true;
            if (first) break;
          }
        }
      }
      if (found) continue;
      const any = src.anyType;
      for (let i = 0; i < any.length; i++) {
        const r = any[i]!;
        if (r.compiled!.evaluate(event)) {
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
