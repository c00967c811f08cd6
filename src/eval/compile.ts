import type { Diagnostic, Range } from '../diagnostic.js';
import { check, type CheckOptions } from '../check/checker.js';
import type { CheckedCheck, CheckedField, CheckedNode, CheckedOperand, CheckedTransformer, CheckedTransformerArg } from '../check/checked.js';
import { isAnyOf } from '../check/checked.js';
import type { Origin } from '../check/resolve.js';
import type { TransformerArg } from '../check/transformer-types.js';
import { transformerSignature } from '../language/vocabulary.js';
import type { Expr } from '../syntax/ast.js';
import { format } from '../syntax/printer.js';
import { toComparable, type Constant, type EventValue } from '../values/constants.js';
import { makeGetter, type Event, type FieldGetter } from '../values/event.js';
import { makeComparator, type Comparator } from './compare.js';
import { fastStringPred } from './fast.js';
import { generateCondition, registerPlan, resolveBackend, type Backend } from './codegen.js';
import {
  applyTransformer,
  TransformerInputError,
  transformB64,
  transformBasename,
  transformJoin,
  transformLen,
  transformTolower,
  transformToupper,
  type TransformerValue,
} from './transformers.js';

/*
 * Plans evaluation from a checked tree (../check/checker.ts): a tree of closures, evaluated per event with
 * libsinsp's semantics. The checking stage parsed the constants (numbers, addresses, networks, regexes) and chose
 * each operator's semantics; here `in` becomes a set, globs and path sets are built, and the hot path of a simple
 * check is one property read and one comparison. `compile` = check + plan.
 */

export interface CompileOptions extends CheckOptions {
  /**
   * How `evaluate` runs: `codegen` generates one JavaScript function per condition (`new Function`), `closures`
   * plans a tree of closures (for pages whose Content Security Policy forbids `new Function`), `auto` (the
   * default) generates code where it is allowed and falls back to closures where it is not. Both give the same
   * results; `explain` always runs on the closures.
   */
  backend?: Backend;
}

/** A compile failure: every problem found, each with its position in the condition. */
export class ConditionError extends Error {
  constructor(readonly diagnostics: Diagnostic[], readonly text?: string) {
    super(diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column}: ${d.message}`).join('\n'));
    this.name = 'ConditionError';
  }
}

/** What `explain` returns: every node with its result and, for checks, the values each side saw. */
export interface Explanation {
  kind: 'and' | 'or' | 'not' | 'check';
  /** Canonical text of the node. */
  text: string;
  result: boolean;
  /** False for nodes that short-circuit evaluation skipped (their `result` is then what they would give). */
  evaluated: boolean;
  range: Range;
  /** The macro this node comes from, when it was expanded from one (its `range` is then in that macro's text). */
  macro?: string;
  /** Every macro the node was expanded through, outermost first (ends with `macro`). */
  via?: readonly string[];
  children?: Explanation[];
  /** For checks: the left side's value (`undefined` when the field has no value). */
  left?: { text: string; value: unknown };
  /** For checks against another field or a transformer: the right side's value. */
  right?: { text: string; value: unknown };
}

export interface Condition {
  /** The condition as given (when given as text). */
  readonly text?: string;
  /** The tree after macro and list expansion. */
  readonly ast: Expr;
  /** The checked tree the evaluation was planned from (for tool builders and code generators). */
  readonly checked: CheckedNode;
  readonly warnings: readonly Diagnostic[];
  /** Fields the condition reads, as written. */
  readonly fields: readonly string[];
  /** Event types the condition can match (`undefined`: not restricted), for indexing rules by `evt.type`. */
  readonly eventTypes: ReadonlySet<string> | undefined;
  evaluate(event: Event): boolean;
  explain(event: Event): Explanation;
}

export interface CheckResult {
  condition?: Condition;
  /** Errors and warnings, in source order. */
  diagnostics: Diagnostic[];
}

export type Pred = (ev: Event) => boolean;

/** One node of the closure plan, beside the checked node it was planned from (the code generator reads both). */
export interface PlanNode {
  kind: Explanation['kind'];
  expr: Expr;
  checked: CheckedNode;
  pred: Pred;
  children?: PlanNode[];
  left?: { text: string; get: FieldGetter };
  right?: { text: string; get: FieldGetter };
  /** For a field compared with constants: the comparison of one present value (what `pred` applies). */
  compare?: Comparator;
  /** For client-or-server fields: the answer when the event has neither side (see `Reader.zero`). */
  neither?: Pred;
}

/** How to read a checked operand. */
interface Reader {
  get: FieldGetter;
  /** For client-or-server fields: the field's own value, then the client side, then the server side. */
  sides?: [FieldGetter, FieldGetter, FieldGetter];
  /**
   * For client-or-server fields: the value both sides compare when the event has neither (an IP socket with no
   * addresses yet compares its zero address and port), `undefined` when the fd is not an IP socket.
   */
  zero?: FieldGetter;
  /** When `exists` holds, if not when `get` has a value (client-or-server fields: whenever the event has an fd). */
  exists?: Pred;
  /**
   * For any-ancestor fields: whether `f` holds for one of the values, visited without building an array
   * (`undefined` when there is no value at all).
   */
  some?: (ev: Event, f: (v: unknown) => boolean) => boolean | undefined;
}

/** One-argument transformers, chosen when planning rather than per event. */
const SINGLE_TRANSFORMERS: Record<string, (v: TransformerValue) => TransformerValue> = {
  tolower: transformTolower,
  toupper: transformToupper,
  b64: transformB64,
  basename: transformBasename,
  len: transformLen,
};

class Planner {
  readonly diagnostics: Diagnostic[] = [];

  node(n: CheckedNode): PlanNode | undefined {
    switch (n.kind) {
      case 'and':
      case 'or': {
        const children = n.children.map((c) => this.node(c));
        if (children.some((c) => !c)) return undefined;
        const kids = children as PlanNode[];
        const preds = kids.map((k) => k.pred);
        return { kind: n.kind, expr: n.expr, checked: n, children: kids, pred: n.kind === 'and' ? all(preds) : any(preds) };
      }
      case 'not': {
        const child = this.node(n.child);
        if (!child) return undefined;
        const p = child.pred;
        return { kind: 'not', expr: n.expr, checked: n, children: [child], pred: (ev) => !p(ev) };
      }
      default:
        return this.check(n);
    }
  }

  private check(n: CheckedCheck): PlanNode | undefined {
    if (n.kind === 'exists') {
      const left = this.operand(n.operand);
      const get = left.get;
      const pred: Pred = left.exists ?? (isAnyOf(n.operand)
        ? (ev) => {
            const v = get(ev) as unknown[] | undefined;
            return v !== undefined && v.length > 0;
          }
        : (ev) => get(ev) !== undefined);
      return { kind: 'check', expr: n.expr, checked: n, pred, left: { text: format(n.expr.left), get } };
    }
    if (n.kind === 'compare-operands') return this.operands(n);
    const left = this.operand(n.operand);
    const leftSide = { text: format(n.expr.left), get: left.get };
    const cmp = this.comparator(n);
    if (!cmp) return undefined;
    const { op, modifier } = n;
    const get = left.get;
    const compare = cmp;
    let pred: Pred;
    let neither: Pred | undefined;
    if (left.sides) {
      // Client or server: the same rule as below, reading the two sides without building an array.
      // Neither side (an IP socket before connect/accept): both sides are the zero address or port.
      const [own, a, b] = left.sides;
      const zero = left.zero ?? (() => undefined);
      const none = (ev: Event) => {
        const z = zero(ev);
        return z !== undefined && compare(z as EventValue);
      };
      neither = none;
      pred = op === '!=' && modifier === undefined
        ? (ev) => {
            const o = own(ev);
            if (o !== undefined) return compare(o as EventValue);
            const x = a(ev);
            const y = b(ev);
            if (x === undefined && y === undefined) return none(ev);
            return (x === undefined || compare(x as EventValue)) && (y === undefined || compare(y as EventValue));
          }
        : (ev) => {
            const o = own(ev);
            if (o !== undefined) return compare(o as EventValue);
            const x = a(ev);
            if (x !== undefined && compare(x as EventValue)) return true;
            const y = b(ev);
            if (y !== undefined) return compare(y as EventValue);
            return x === undefined && none(ev);
          };
    } else if (left.some) {
      const some = left.some;
      const holds = (v: unknown) => compare(v as EventValue);
      // libsinsp (`compare_full_aname` and the like) visits the ancestors until one satisfies the check, whatever
      // the operator: `proc.aname != sshd` holds when some ancestor is not sshd.
      pred = (ev) => some(ev, holds) === true;
    } else {
      const key = n.operand.kind === 'field' ? n.operand.key : undefined;
      const fast = key !== undefined && !n.isList && modifier === undefined
        ? fastStringPred(n.type, op, key, n.texts, get, compare)
        : undefined;
      pred = fast ?? ((ev) => compare(get(ev) as EventValue));
    }
    return { kind: 'check', expr: n.expr, checked: n, pred, left: leftSide, compare, ...(neither ? { neither } : {}) };
  }

  private comparator(n: Extract<CheckedCheck, { kind: 'compare' }>): Comparator | undefined {
    try {
      if (n.type === 'DYN') {
        // `evt.rawarg.*` takes the type of the event parameter: compare numbers as numbers, the rest as text.
        const asText = makeComparator(n.op, n.modifier, 'CHARBUF', n.isList, n.constants);
        if (!n.numeric) return (v) => asText(typeof v === 'number' || typeof v === 'bigint' ? String(v) : v);
        const numeric = makeComparator(n.op, n.modifier, 'INT64', n.isList, n.numeric);
        return (v) => (typeof v === 'number' || typeof v === 'bigint' ? numeric(v) : asText(v));
      }
      return makeComparator(n.op, n.modifier, n.type, n.isList, n.constants);
    } catch (err) {
      this.diagnostics.push({ code: 'invalid-check', severity: 'error', message: String((err as Error).message), range: n.origin?.range ?? n.expr.range });
      return undefined;
    }
  }

  private operands(n: Extract<CheckedCheck, { kind: 'compare-operands' }>): PlanNode {
    const lget = this.operand(n.left).get;
    const rget = this.operand(n.right).get;
    const { op, modifier, type, isList } = n;
    const pred: Pred = (ev) => {
      const l = lget(ev) as EventValue;
      if (l === undefined) return false;
      const rv = rget(ev) as EventValue;
      if (rv === undefined) return false;
      const items = Array.isArray(rv) ? rv : [rv];
      const constants: Constant[] = [];
      for (const x of items) {
        const c = toComparable(x as EventValue, type);
        if (c !== undefined) constants.push(c);
      }
      if (constants.length === 0) return false;
      return makeComparator(op, modifier, type, isList, constants)(l);
    };
    return { kind: 'check', expr: n.expr, checked: n, pred, left: { text: format(n.expr.left), get: lget }, right: { text: format(n.expr.right), get: rget } };
  }

  operand(o: CheckedOperand): Reader {
    return o.kind === 'field' ? this.field(o) : { get: this.transformer(o) };
  }

  private field(f: CheckedField): Reader {
    const ref = f.ref;
    const shape = f.shape;
    switch (shape.kind) {
      case 'plain':
        return { get: makeGetter(ref) };
      case 'net': {
        const own = makeGetter(ref);
        const ip = makeGetter({ field: shape.source, written: shape.source });
        return { get: (ev) => own(ev) ?? ip(ev) };
      }
      case 'either-side': {
        const own = makeGetter(ref);
        const a = makeGetter({ field: shape.sides[0], written: shape.sides[0] });
        const b = makeGetter({ field: shape.sides[1], written: shape.sides[1] });
        const fdType = makeGetter({ field: 'fd.type', written: 'fd.type' });
        const zeros = shape.zero;
        const zero: FieldGetter | undefined = zeros
          ? (ev) => {
              const t = fdType(ev);
              return t === 'ipv4' ? zeros[0] : t === 'ipv6' ? zeros[1] : undefined;
            }
          : undefined;
        const get: FieldGetter = (ev) => {
          const v = own(ev);
          if (v !== undefined) return [v];
          const out: unknown[] = [];
          const x = a(ev);
          const y = b(ev);
          if (x !== undefined) out.push(x);
          if (y !== undefined) out.push(y);
          if (out.length === 0 && zero) {
            const z = zero(ev);
            if (z !== undefined) out.push(z, z);
          }
          return out.length ? out : undefined;
        };
        // libsinsp answers `exists` from the fd itself (`compare_ip`/`compare_net`/`compare_port`): every event with
        // an fd, whatever its kind. Fields libsinsp extracts only when it has the fd tell (fd.type first; fd.num,
        // fd.name and fd.typechar do not: libsinsp also takes them from the event's arguments).
        const witnesses = shape.witnesses.map((w) => makeGetter({ field: w, written: w }));
        const exists: Pred = (ev) => {
          if (own(ev) !== undefined || fdType(ev) !== undefined || a(ev) !== undefined || b(ev) !== undefined) return true;
          for (const w of witnesses) if (w(ev) !== undefined) return true;
          return false;
        };
        return { get, sides: [own, a, b], exists, ...(zero ? { zero } : {}) };
      }
      case 'ancestors': {
        const name = ref.field;
        const own = makeGetter(ref);
        const parent = makeGetter({ field: shape.parent, written: shape.parent });
        const nth = Array.from({ length: shape.depth }, (_, i) => makeGetter({ field: name, arg: String(i + 1), written: `${name}[${i + 1}]` }));
        const some = (ev: Event, fn: (v: unknown) => boolean): boolean | undefined => {
          const v = own(ev);
          if (Array.isArray(v)) return v.length ? v.some(fn) : undefined;
          if (v !== undefined) return fn(v);
          let seen = false;
          for (const g of nth) {
            const x = g(ev);
            if (x === undefined) break;
            seen = true;
            if (fn(x)) return true;
          }
          if (seen) return false;
          // Only the parent is known (`proc.pname` and the like).
          const p = parent(ev);
          return p === undefined ? undefined : fn(p);
        };
        const get: FieldGetter = (ev) => {
          const out: unknown[] = [];
          some(ev, (x) => {
            out.push(x);
            return false;
          });
          return out.length ? out : undefined;
        };
        return { get, some };
      }
    }
  }

  private transformer(t: CheckedTransformer): FieldGetter {
    const getters = t.args.map((a) => this.transformerArg(a));
    // The arguments of join/concat/getopt are read whole, NUL included (libsinsp takes each value's length).
    if (getters.length > 1) t.args.forEach((a, i) => (getters[i] = withNul(a.arg, getters[i]!)));
    const name = t.transformer;
    const arg = t.arg;
    let get: FieldGetter;
    if (getters.length === 1) {
      const g = getters[0]!;
      const fn = SINGLE_TRANSFORMERS[name];
      get = name === 'val'
        ? g
        : fn
          ? (ev) => {
              const x = g(ev) as TransformerValue;
              return x === undefined ? undefined : fn(x);
            }
          : (ev) => {
              const x = g(ev) as TransformerValue;
              return x === undefined ? undefined : applyTransformer(name, [x], arg);
            };
    } else if (name === 'join' && getters.length === 2) {
      // A separator from tolower/toupper/b64/basename keeps the NUL those transformers append (see withNul), so
      // the joined C string ends after the first item and the separator.
      const [sep, list] = getters as [FieldGetter, FieldGetter];
      get = (ev) => transformJoin(sep(ev) as TransformerValue, list(ev) as TransformerValue);
    } else {
      get = (ev) => {
        const inputs: TransformerValue[] = [];
        for (const g of getters) inputs.push(g(ev) as TransformerValue);
        return applyTransformer(name, inputs, arg);
      };
    }
    if (name !== 'val') {
      // An event value the transformer cannot take (a number given for a text field) is no value, as a
      // mistyped value makes a plain comparison false: evaluate and explain never throw on it.
      const raw = get;
      get = (ev) => {
        try {
          return raw(ev);
        } catch (err) {
          if (err instanceof TransformerInputError) return undefined;
          throw err;
        }
      };
    }
    return get;
  }

  private transformerArg(a: CheckedTransformerArg): FieldGetter {
    switch (a.kind) {
      case 'value': {
        const value = a.value;
        return () => value;
      }
      case 'operand':
        return this.operand(a.operand).get;
      case 'list': {
        // Items are taken whole, NUL included, as libsinsp's list check keeps each value's length.
        const gets = a.items.map((i) => withNul(i.arg, this.transformerArg(i)));
        return (ev) => {
          const out: unknown[] = [];
          for (const g of gets) {
            const x = g(ev);
            if (x === undefined || x === null) return undefined;
            if (Array.isArray(x)) out.push(...x);
            else out.push(x);
          }
          return out;
        };
      }
    }
  }
}

/**
 * A transformer argument as libsinsp's multi-argument transformers and transformer lists read it: a value from
 * tolower/toupper/b64/basename ends with the NUL byte their string transformer appends, and its length counts it.
 * Getopt scans that NUL, a join separator keeps it; C-string readers (concat, join items) stop before it.
 */
function withNul(arg: TransformerArg, get: FieldGetter): FieldGetter {
  if (arg.kind !== 'transformer' || !transformerSignature(arg.transformer ?? '')?.nulTerminated) return get;
  const add = (v: unknown) => (typeof v === 'string' && !v.endsWith('\0') ? `${v}\0` : v);
  return (ev) => {
    const v = get(ev);
    return Array.isArray(v) ? v.map(add) : add(v);
  };
}

function all(preds: Pred[]): Pred {
  if (preds.length === 2) {
    const [a, b] = preds as [Pred, Pred];
    return (ev) => a(ev) && b(ev);
  }
  if (preds.length === 3) {
    const [a, b, c] = preds as [Pred, Pred, Pred];
    return (ev) => a(ev) && b(ev) && c(ev);
  }
  return (ev) => {
    for (let i = 0; i < preds.length; i++) if (!preds[i]!(ev)) return false;
    return true;
  };
}

function any(preds: Pred[]): Pred {
  if (preds.length === 2) {
    const [a, b] = preds as [Pred, Pred];
    return (ev) => a(ev) || b(ev);
  }
  if (preds.length === 3) {
    const [a, b, c] = preds as [Pred, Pred, Pred];
    return (ev) => a(ev) || b(ev) || c(ev);
  }
  return (ev) => {
    for (let i = 0; i < preds.length; i++) if (preds[i]!(ev)) return true;
    return false;
  };
}

function explainNode(n: PlanNode, ev: Event, evaluated: boolean, origins: WeakMap<Expr, Origin>): Explanation {
  const result = n.pred(ev);
  const out: Explanation = { kind: n.kind, text: format(n.expr), result, evaluated, range: n.expr.range };
  const origin = origins.get(n.expr);
  if (origin) {
    out.macro = origin.macro;
    out.via = origin.via;
  }
  if (n.children) {
    let live = evaluated;
    out.children = n.children.map((c) => {
      const x = explainNode(c, ev, live, origins);
      // and/or stop at the first child that decides the result.
      if (live && ((n.kind === 'and' && !x.result) || (n.kind === 'or' && x.result))) live = false;
      return x;
    });
  }
  if (n.left) out.left = { text: n.left.text, value: n.left.get(ev) };
  if (n.right) out.right = { text: n.right.text, value: n.right.get(ev) };
  return out;
}

/**
 * A compiled condition. With the `auto` backend its plan (the tree of closures) is made, and its function
 * generated, on the first read of `evaluate` or call of `explain`: loading and linting rules never evaluate them,
 * so they pay for neither. The function is then an own property, so callers that keep `cond.evaluate` call it
 * directly. The other backends plan and compile at once.
 */
class CompiledCondition implements Condition {
  declare readonly text?: string;
  readonly explain: (event: Event) => Explanation;
  #root: PlanNode | undefined;
  readonly #plan: () => PlanNode;
  readonly #backend: Backend;

  constructor(
    text: string | undefined,
    readonly ast: Expr,
    readonly checked: CheckedNode,
    readonly warnings: readonly Diagnostic[],
    readonly fields: readonly string[],
    readonly eventTypes: ReadonlySet<string> | undefined,
    origins: WeakMap<Expr, Origin>,
    plan: () => PlanNode,
    backend: Backend,
  ) {
    this.#plan = plan;
    this.#backend = backend;
    this.explain = (event) => explainNode(this.root, event, true, origins);
    if (text !== undefined) (this as { text?: string }).text = text;
    // `codegen` fails here, at compile time, where code generation is not allowed.
    if (backend !== 'auto') this.install();
  }

  /** The plan, made on first use. */
  get root(): PlanNode {
    return (this.#root ??= this.#plan());
  }

  get evaluate(): Pred {
    return this.install();
  }

  private install(): Pred {
    const root = this.root;
    const fn = this.#backend === 'closures' ? root.pred : (generateCondition(root, this.#backend === 'codegen') ?? root.pred);
    Object.defineProperty(this, 'evaluate', { value: fn, enumerable: true, configurable: true, writable: false });
    return fn;
  }
}

/**
 * Checks and compiles a condition without throwing: `condition` is set when there is no error, and
 * `diagnostics` holds every error and warning with its position in the condition text.
 */
export function checkCondition(condition: string | Expr, options: CompileOptions = {}): CheckResult {
  const checked = check(condition, options);
  const root = checked.root;
  if (!root || !checked.ast) return { diagnostics: checked.diagnostics };
  const { origins, diagnostics } = checked;
  // The planner refuses only what the checker refuses first (a check's operator for its type, a constant of
  // the wrong kind): a tree the checker passed always plans (property-tested), so planning can wait for the first
  // evaluation. Should it ever fail, that evaluation throws the planner's error, with its position.
  const plan = (): PlanNode => {
    const planner = new Planner();
    const planned = planner.node(root);
    if (!planned) throw new ConditionError(planner.diagnostics, checked.text);
    return planned;
  };
  const result = new CompiledCondition(checked.text, checked.ast, root, diagnostics, checked.fields, checked.eventTypes, origins, plan, resolveBackend(options.backend));
  registerPlan(result, () => result.root);
  return { condition: result, diagnostics };
}

/** Compiles a condition (text or tree) once for fast evaluation. Throws `ConditionError` on any error. */
export function compile(condition: string | Expr, options: CompileOptions = {}): Condition {
  const r = checkCondition(condition, options);
  if (!r.condition) throw new ConditionError(r.diagnostics.filter((d) => d.severity === 'error'), typeof condition === 'string' ? condition : undefined);
  return r.condition;
}

/**
 * Compiles one value, a field or a transformer over fields (an output's `%toupper(proc.name)`), into a reader of
 * its value as a check's left side sees it; `undefined` when it does not compile (unknown field, bad arguments).
 */
export function compileValue(text: string, options: Pick<CompileOptions, 'catalog' | 'strict'> = {}): FieldGetter | undefined {
  // The grammar reads values only as the left side of a check.
  const checked = check(`${text} exists`, options);
  const root = checked.root;
  if (root?.kind !== 'exists' || checked.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return new Planner().operand(root.operand).get;
}
