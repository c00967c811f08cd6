import type { Expr } from '../syntax/ast.js';

/**
 * A set of event types: the names listed (`except: false`), or every event type but the names listed
 * (`except: true`).
 */
export interface EventTypeSet {
  except: boolean;
  names: Set<string>;
}

const ALL = (): EventTypeSet => ({ except: true, names: new Set() });
const NONE = (): EventTypeSet => ({ except: false, names: new Set() });

function complement(s: EventTypeSet): EventTypeSet {
  return { except: !s.except, names: s.names };
}

function intersect(a: EventTypeSet, b: EventTypeSet): EventTypeSet {
  if (!a.except && !b.except) return { except: false, names: new Set([...a.names].filter((n) => b.names.has(n))) };
  if (a.except && b.except) return { except: true, names: new Set([...a.names, ...b.names]) };
  const [only, except] = a.except ? [b, a] : [a, b];
  return { except: false, names: new Set([...only.names].filter((n) => !except.names.has(n))) };
}

function union(a: EventTypeSet, b: EventTypeSet): EventTypeSet {
  if (!a.except && !b.except) return { except: false, names: new Set([...a.names, ...b.names]) };
  if (a.except && b.except) return { except: true, names: new Set([...a.names].filter((n) => b.names.has(n))) };
  const [only, except] = a.except ? [b, a] : [a, b];
  return { except: true, names: new Set([...except.names].filter((n) => !only.names.has(n))) };
}

/** `evt.num` starts at 1 on every event: some checks on it are always false or always true (libsinsp does the same). */
function evtNumInvariant(e: Expr & { kind: 'binary_check' }): 'none' | 'all' | undefined {
  if (e.left.kind !== 'field' || e.left.name !== 'evt.num' || e.left.arg !== undefined) return undefined;
  const num = (v: string): bigint | undefined => (/^\d+$/.test(v) ? BigInt(v) : /^0x[0-9a-f]+$/i.test(v) ? BigInt(v) : undefined);
  if (e.op === 'in') {
    if (e.right.kind !== 'list') return undefined;
    return e.right.values.every((v) => num(v) === 0n) ? 'none' : undefined;
  }
  if (e.right.kind !== 'value') return undefined;
  const n = num(e.right.value);
  if (n === undefined) return undefined;
  switch (e.op) {
    case '=': case '==': return n === 0n ? 'none' : undefined;
    case '!=': return n === 0n ? 'all' : undefined;
    case '<': return n <= 1n ? 'none' : undefined;
    case '<=': return n === 0n ? 'none' : undefined;
    case '>': return n === 0n ? 'all' : undefined;
    case '>=': return n <= 1n ? 'all' : undefined;
    default: return undefined;
  }
}

const isTypeField = (e: Expr): boolean => e.kind === 'field' && (e.name === 'evt.type' || e.name === 'syscall.type') && e.arg === undefined;

/**
 * The event types a condition can match, as libsinsp computes them to index rules (libs
 * `filter/ppm_codes.cpp`): `and` intersects, `or` unites, a negation is pushed down to the checks by De Morgan's
 * laws and complements only the checks on `evt.type` (other checks match every type, negated or not).
 */
export function eventTypeSetOf(e: Expr, negated = false): EventTypeSet {
  switch (e.kind) {
    case 'and':
    case 'or': {
      const conj = (e.kind === 'and') !== negated;
      let acc = conj ? ALL() : NONE();
      for (const c of e.children) acc = conj ? intersect(acc, eventTypeSetOf(c, negated)) : union(acc, eventTypeSetOf(c, negated));
      return acc;
    }
    case 'not':
      return eventTypeSetOf(e.child, !negated);
    case 'binary_check': {
      const inv = evtNumInvariant(e);
      if (inv) {
        const s = inv === 'none' ? NONE() : ALL();
        return negated ? complement(s) : s;
      }
      if (['=', '==', '!=', 'in'].includes(e.op) && isTypeField(e.left) && (e.right.kind === 'value' || e.right.kind === 'list')) {
        const names = e.right.kind === 'value' ? [e.right.value] : e.right.values;
        let s: EventTypeSet = { except: false, names: new Set(names) };
        if (negated) s = complement(s);
        if (e.op === '!=') s = complement(s);
        return s;
      }
      return ALL();
    }
    case 'unary_check':
      // `evt.type exists` holds on every event: negated, on none.
      return negated && isTypeField(e.left) ? NONE() : ALL();
    default:
      return ALL();
  }
}

/**
 * The event types a condition can match, as a set of `evt.type` values, or `undefined` when the condition does
 * not restrict them to a list (every type, or every type but some). The answer is always a superset of the
 * truth, so it can index rules by event type as Falco does: a rule is only evaluated for events whose type is
 * in its set.
 */
export function eventTypesOf(e: Expr): Set<string> | undefined {
  const s = eventTypeSetOf(e);
  return s.except ? undefined : s.names;
}
