import type { Expr } from '../syntax/ast.js';

/**
 * The event types a condition can match, as a set of `evt.type` values, or `undefined` when the condition does
 * not restrict them. The answer is always a superset of the truth, so it can index rules by event type as
 * Falco does: a rule is only evaluated for events whose type is in its set.
 */
export function eventTypesOf(e: Expr): Set<string> | undefined {
  switch (e.kind) {
    case 'and': {
      let acc: Set<string> | undefined;
      for (const c of e.children) {
        const s = eventTypesOf(c);
        if (!s) continue;
        acc = acc ? new Set([...acc].filter((t) => s.has(t))) : new Set(s);
      }
      return acc;
    }
    case 'or': {
      const acc = new Set<string>();
      for (const c of e.children) {
        const s = eventTypesOf(c);
        if (!s) return undefined;
        for (const t of s) acc.add(t);
      }
      return acc;
    }
    case 'binary_check': {
      if (e.left.kind !== 'field' || e.left.name !== 'evt.type' || e.left.arg !== undefined) return undefined;
      const op = e.op;
      if ((op === '=' || op === '==') && e.right.kind === 'value') return new Set([e.right.value]);
      if ((op === 'in' || op === '= anyof' || op === '== anyof') && e.right.kind === 'list') return new Set(e.right.values);
      if ((op === 'in' || op === '= anyof' || op === '== anyof') && e.right.kind === 'value') return new Set([e.right.value]);
      return undefined;
    }
    default:
      return undefined;
  }
}
