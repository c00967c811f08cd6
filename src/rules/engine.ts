import type { Event } from '../eval/event.js';
import type { FieldCatalog } from '../fields/catalog.js';
import type { Rule, RuleSet } from './loader.js';
import { compileOutput, type OutputRenderer, type RenderedOutput } from './output.js';

/*
 * Applies loaded rules to events as Falco does: only enabled rules with a compiled condition, indexed by
 * `evt.type` so that an event is only checked against the rules that can match its type (plus the rules with
 * no event-type restriction).
 */

export interface Alert {
  rule: Rule;
  output: RenderedOutput;
}

export interface EngineOptions {
  catalog?: FieldCatalog;
  /** Only rules of this event source (default: every source). */
  source?: string;
}

export class RuleEngine {
  readonly rules: Rule[];
  private readonly byType = new Map<string, Rule[]>();
  private readonly anyType: Rule[] = [];
  private readonly outputs = new Map<Rule, OutputRenderer>();

  constructor(set: RuleSet, options: EngineOptions = {}) {
    this.rules = set.rules.filter((r) => r.enabled && r.compiled && (!options.source || r.source === options.source));
    for (const r of this.rules) {
      const types = r.compiled!.eventTypes;
      if (!types) {
        this.anyType.push(r);
        continue;
      }
      for (const t of types) {
        const list = this.byType.get(t) ?? [];
        list.push(r);
        this.byType.set(t, list);
      }
      this.outputs.set(r, compileOutput(r.output, options.catalog));
    }
    for (const r of this.anyType) this.outputs.set(r, compileOutput(r.output, options.catalog));
    // Keep the rules' own order within each bucket, as Falco evaluates rules in load order.
    for (const list of this.byType.values()) list.sort((a, b) => a.index - b.index);
  }

  /** The rules that may match an event of this type. */
  candidates(eventType: unknown): Rule[] {
    const typed = typeof eventType === 'string' ? this.byType.get(eventType) : undefined;
    if (!typed) return this.anyType;
    if (this.anyType.length === 0) return typed;
    return [...typed, ...this.anyType].sort((a, b) => a.index - b.index);
  }

  /** Every rule the event matches, with its rendered output. */
  match(event: Event): Alert[] {
    const type = typeof event === 'function' ? event('evt.type') : event['evt.type'];
    const out: Alert[] = [];
    for (const r of this.candidates(type)) {
      if (r.compiled!.evaluate(event)) out.push({ rule: r, output: this.outputs.get(r)!(event) });
    }
    return out;
  }
}
