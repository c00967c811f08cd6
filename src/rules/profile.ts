import { checkCondition, type Condition } from '../eval/compile.js';
import type { Event } from '../values/event.js';
import type { FieldCatalog } from '../fields/catalog.js';
import type { Expr } from '../syntax/ast.js';
import { format } from '../syntax/printer.js';
import type { Alert, RuleEngine } from './engine.js';
import type { Rule } from './loader.js';

/*
 * What rules cost over a stream of events: per rule, how often the engine evaluated it, how often it matched
 * and the time it took (per evaluation and per event of the stream); and the slowest checks (leaves of the
 * expanded conditions), timed on a sample of the events that reached their rule.
 *
 * The profiler runs the engine's own evaluation order (`trace`: with `rule_matching: first`, a rule after a
 * match costs nothing) with a clock read around each rule; the clock's own cost, measured at start, is taken
 * off. `RuleEngine.match` itself is not instrumented: profiling has its own loop.
 */

export interface RuleProfile {
  rule: string;
  file: string;
  line: number;
  evaluations: number;
  matches: number;
  /** Total time spent evaluating the rule, in milliseconds. */
  totalMs: number;
  /** Nanoseconds per evaluation. */
  nsPerEvaluation: number;
  /** Nanoseconds per event of the stream (the rule's share of the cost of an event). */
  nsPerEvent: number;
}

export interface CheckProfile {
  /** The check, in canonical text. */
  check: string;
  /** The rules it is part of. */
  rules: string[];
  /** Nanoseconds per evaluation, timed over the sampled events that reached its rules. */
  nsPerEvaluation: number;
  /** Evaluations timed. */
  timed: number;
}

export interface Profile {
  events: number;
  /** Time in the rules, in milliseconds (the clock's cost taken off). */
  totalMs: number;
  rules: RuleProfile[];
  /** The slowest checks first. */
  checks: CheckProfile[];
}

export interface ProfileOptions {
  catalog?: FieldCatalog;
  /** Events kept for timing checks (default 1000: the first ones). */
  sample?: number;
  /** Checks reported (default 10). */
  topChecks?: number;
}

const now = () => performance.now();

/** The leaves of a tree (checks), each once. */
function leaves(e: Expr, out: Expr[] = []): Expr[] {
  if (e.kind === 'and' || e.kind === 'or') e.children.forEach((c) => leaves(c, out));
  else if (e.kind === 'not') leaves(e.child, out);
  else if (e.kind === 'binary_check' || e.kind === 'unary_check') out.push(e);
  return out;
}

export class Profiler {
  private readonly stats = new Map<Rule, { evaluations: number; matches: number; ms: number }>();
  private readonly sample: Array<{ event: Event; rules: Rule[] }> = [];
  private events = 0;
  private readonly clockMs: number;
  /** Results added up so that no timed evaluation is dead code. */
  private sink = 0;

  constructor(private readonly engine: RuleEngine, private readonly options: ProfileOptions = {}) {
    for (const r of engine.rules) this.stats.set(r, { evaluations: 0, matches: 0, ms: 0 });
    // The cost of one pair of clock reads, taken off each timed evaluation.
    const n = 20000;
    const t0 = now();
    for (let i = 0; i < n; i++) this.sink += now() - now();
    this.clockMs = Math.max(0, (now() - t0) / n / 2);
  }

  /** Evaluates the event as the engine does, timing each rule; returns what `engine.match` would. */
  observe(event: Event): Alert[] {
    this.events++;
    const out: Alert[] = [];
    const type = typeof event === 'function' ? event('evt.type') : event['evt.type'];
    const first = this.engine.ruleMatching === 'first';
    const reached: Rule[] = [];
    for (const group of this.engine.groups(type)) {
      let found = false;
      for (const list of [group.typed, group.untyped]) {
        if (found) break;
        for (const rule of list) {
          reached.push(rule);
          const s = this.stats.get(rule)!;
          const t = now();
          const matched = rule.compiled!.evaluate(event);
          s.ms += Math.max(0, now() - t - this.clockMs);
          s.evaluations++;
          if (!matched) continue;
          s.matches++;
          found = true;
          out.push({ rule, output: this.engine.render(rule, event) });
          if (first) break;
        }
      }
    }
    if (this.sample.length < (this.options.sample ?? 1000)) this.sample.push({ event, rules: reached });
    return out;
  }

  report(): Profile {
    const rules: RuleProfile[] = [];
    let totalMs = 0;
    for (const [r, s] of this.stats) {
      totalMs += s.ms;
      rules.push({
        rule: r.name,
        file: r.file,
        line: r.range.start.line,
        evaluations: s.evaluations,
        matches: s.matches,
        totalMs: s.ms,
        nsPerEvaluation: s.evaluations ? (s.ms * 1e6) / s.evaluations : 0,
        nsPerEvent: this.events ? (s.ms * 1e6) / this.events : 0,
      });
    }
    rules.sort((a, b) => b.totalMs - a.totalMs);
    return { events: this.events, totalMs, rules, checks: this.timeChecks() };
  }

  /** Times each distinct check of the rules on the sampled events that reached a rule holding it. */
  private timeChecks(): CheckProfile[] {
    const checks = new Map<string, { condition: Condition; rules: Set<Rule> }>();
    for (const r of this.engine.rules) {
      for (const leaf of leaves(r.compiled!.ast)) {
        const text = format(leaf);
        let c = checks.get(text);
        if (!c) {
          const compiled = checkCondition(leaf, this.options.catalog ? { catalog: this.options.catalog } : {}).condition;
          if (!compiled) continue;
          c = { condition: compiled, rules: new Set() };
          checks.set(text, c);
        }
        c.rules.add(r);
      }
    }
    const out: CheckProfile[] = [];
    for (const [text, c] of checks) {
      const events = this.sample.filter((s) => s.rules.some((r) => c.rules.has(r))).map((s) => s.event);
      if (!events.length) continue;
      const evaluate = c.condition.evaluate;
      // Batches of at least ~2000 evaluations, run until 2 ms have passed (at least 5 batches); the fastest
      // batch counts, as the least disturbed by the rest of the machine. The first batch warms up.
      const rounds = Math.max(1, Math.ceil(2000 / events.length));
      const batch = () => {
        const t = now();
        for (let k = 0; k < rounds; k++) for (const ev of events) if (evaluate(ev)) this.sink++;
        return now() - t;
      };
      batch();
      let best = Infinity;
      let spent = 0;
      let runs = 0;
      while (runs < 5 || (spent < 2 && runs < 200)) {
        const ms = batch();
        best = Math.min(best, ms);
        spent += ms;
        runs++;
      }
      out.push({ check: text, rules: [...c.rules].map((r) => r.name), nsPerEvaluation: (best * 1e6) / (rounds * events.length), timed: runs * rounds * events.length });
    }
    out.sort((a, b) => b.nsPerEvaluation - a.nsPerEvaluation);
    return out.slice(0, this.options.topChecks ?? 10);
  }
}

const fmtNs = (ns: number) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${Math.round(ns)} ns`);

/** The profile as a table for people. */
export function formatProfile(p: Profile): string {
  const out: string[] = [`profile over ${p.events} events: ${p.totalMs.toFixed(2)} ms in the rules, ${fmtNs(p.events ? (p.totalMs * 1e6) / p.events : 0)} per event`];
  out.push('', '  evaluations    matches   per eval  per event  rule');
  const idle = p.rules.filter((r) => r.evaluations === 0);
  for (const r of p.rules) {
    if (r.evaluations === 0) continue;
    out.push(`  ${String(r.evaluations).padStart(11)} ${String(r.matches).padStart(10)} ${fmtNs(r.nsPerEvaluation).padStart(10)} ${fmtNs(r.nsPerEvent).padStart(10)}  ${r.rule}  (${r.file}:${r.line})`);
  }
  if (idle.length) out.push(`  not evaluated on these events: ${idle.length} rules (${idle.slice(0, 5).map((r) => r.rule).join(', ')}${idle.length > 5 ? ', …' : ''})`);
  if (p.checks.length) {
    out.push('', 'slowest checks (per evaluation, timed on the sampled events that reached their rules):');
    for (const c of p.checks) out.push(`  ${fmtNs(c.nsPerEvaluation).padStart(10)}  ${c.check}   [${c.rules.slice(0, 3).join(', ')}${c.rules.length > 3 ? `, +${c.rules.length - 3}` : ''}]`);
  }
  return out.join('\n');
}
