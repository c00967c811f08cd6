import type { CheckedCheck, CheckedNode, CheckedOperand, CheckedTransformerArg } from '../check/checked.js';
import { intLayout } from '../language/types.js';
import { asciiIncludesFold, isCaseFoldContains, modifierQuantifier } from './compare.js';
import { keyChain, type FlatEvent } from '../values/event.js';
import type { Condition, PlanNode, Pred } from './compile.js';

/*
 * The second planner: one JavaScript function per condition, generated with `new Function` from the closure plan
 * (./compile.ts) and the checked tree it was planned from, and (for ../rules/engine.ts) per event type with the
 * checks on `evt.type` folded. `and`/`or`/`not` are written inline. The checks rules use most read the flat
 * event's property with a constant key (`ev["proc.name"]`, or the getter's chain of keys such as `proc.pname`,
 * `proc.aname[1]`), so every read site has its own inline cache, and compare inline: strings by `=`, `!=`, `in`
 * (`===` chains or a `Set`), `startswith`, `endswith`, `contains` and its ASCII-case-insensitive form;
 * integers of the field's range; booleans; `exists`; and `join(proc.lineage, "sep")` builds the joined text
 * directly. Everything else (resolver-function events, values of another kind, strings holding a NUL or
 * escaped byte, other operators and transformers, ancestors, client-or-server fields) calls the closure the
 * closure planner built for that check, so both backends give the same results by construction. Constants and
 * closures are arguments of the generated code; only JSON-escaped string literals and integers are written into
 * its text.
 *
 * Where `new Function` is forbidden (a page with a strict Content Security Policy), `auto` falls back to the
 * closures without a word; `codegen` says why it cannot.
 */

export type Backend = 'auto' | 'codegen' | 'closures';

let defaultBackend: Backend = 'auto';

/** The backend `compile` and `RuleEngine` use when their options name none (the test suite runs with each). */
export function setDefaultBackend(backend: Backend): void {
  if (backend !== 'auto' && backend !== 'codegen' && backend !== 'closures') throw new Error(`unknown evaluation backend '${String(backend)}'`);
  defaultBackend = backend;
}

export function getDefaultBackend(): Backend {
  return defaultBackend;
}

export function resolveBackend(b: Backend | undefined): Backend {
  return b ?? defaultBackend;
}

/** The `Function` constructor that threw when asked for code (a CSP page): not asked again, not to flood reports. */
let blockedFunction: unknown;

/** Thrown with backend `codegen` where code generation is not allowed. */
export class CodegenUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`code generation is not allowed here (${String((cause as Error)?.message ?? cause)}); use backend 'auto' or 'closures'`);
    this.name = 'CodegenUnavailableError';
  }
}

/**
 * `new Function(params..., body)` called with `args`, or `undefined` where code generation is not allowed (and
 * `required` is false). Errors other than a refusal (a body too deep for the parser) also give `undefined`.
 */
export function makeFunction<T>(params: readonly string[], body: string, args: readonly unknown[], required: boolean): T | undefined {
  const F = globalThis.Function;
  if (F === blockedFunction && !required) return undefined;
  let factory: (...a: unknown[]) => T;
  try {
    factory = new F(...params, body) as (...a: unknown[]) => T;
  } catch (err) {
    if (err instanceof EvalError || (err as Error)?.name === 'EvalError') {
      blockedFunction = F;
      if (required) throw new CodegenUnavailableError(err);
      return undefined;
    }
    if (required && !(err instanceof RangeError)) throw err;
    return undefined;
  }
  return factory(...args);
}

// ---------------------------------------------------------------------------------------------------------------

const STRING_TYPES = new Set(['CHARBUF', 'FSPATH', 'FSRELPATH']);
/** Integer types compared as plain numbers (no names, no flags, no errno texts). */
const NUMERIC_INT = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'PID', 'FD', 'RELTIME', 'ABSTIME', 'UID', 'GID']);
/** Constants with a NUL or escaped bytes take the closure (they are rare and subtle). */
const ODD = /[\u0000\udc80-\udcff]/;
/** Beyond this many items, `in` looks up a `Set`; up to it, a chain of `===`. */
const INLINE_IN = 4;
/** Plans deeper than this, or generated code longer, stay on the closures. */
const MAX_DEPTH = 200;
const MAX_CODE = 200_000;

const lit = (s: string) => JSON.stringify(s);

/** Up to this many code units, a prefix is compared unit by unit inline (a call of `startsWith` costs more). */
const INLINE_PREFIX = 8;

/** `v` starts with `k`, as code. */
function prefixTest(k: string): string {
  if (k.length > INLINE_PREFIX) return `v.startsWith(${lit(k)})`;
  const units = Array.from({ length: k.length }, (_, i) => ` && v.charCodeAt(${i}) === ${k.charCodeAt(i)}`).join('');
  return `(v.length >= ${k.length}${units})`;
}

class Generator {
  readonly params: string[] = [];
  readonly args: unknown[] = [];
  private readonly bound = new Map<unknown, string>();

  constructor(private readonly fold?: (c: CheckedCheck, p: PlanNode) => boolean | undefined) {}

  /** A closure argument holding `x`. */
  arg(x: unknown): string {
    let name = this.bound.get(x);
    if (name === undefined) {
      name = `a${this.params.length}`;
      this.params.push(name);
      this.args.push(x);
      this.bound.set(x, name);
    }
    return name;
  }

  /** A JavaScript boolean expression for the node (over `ev`, a flat event; `v` is a scratch variable). */
  node(p: PlanNode, depth: number): string {
    if (depth > MAX_DEPTH) throw new RangeError('condition too deep for generated code');
    const n: CheckedNode = p.checked;
    switch (n.kind) {
      case 'and':
      case 'or': {
        const stop = n.kind === 'and' ? 'false' : 'true';
        const skip = n.kind === 'and' ? 'true' : 'false';
        const parts: string[] = [];
        for (const c of p.children!) {
          const x = this.node(c, depth + 1);
          if (x === stop) return stop;
          if (x !== skip) parts.push(x);
        }
        if (parts.length === 0) return skip;
        return parts.length === 1 ? parts[0]! : `(${parts.join(n.kind === 'and' ? ' && ' : ' || ')})`;
      }
      case 'not': {
        const x = this.node(p.children![0]!, depth + 1);
        return x === 'true' ? 'false' : x === 'false' ? 'true' : `!${x}`;
      }
      default:
        return this.check(n, p);
    }
  }

  /**
   * Booleans and integers: a boolean has two values, so the closure's answers for both are constants; an integer
   * of the field's range compares with the constant as a JavaScript number.
   */
  private nonString(n: Extract<CheckedCheck, { kind: 'compare' }>, p: PlanNode, key: string, read: string, other: string): string | undefined {
    if (n.type === 'BOOL') {
      const t = p.pred({ [key]: true });
      const f = p.pred({ [key]: false });
      return `(typeof ${read} === "boolean" ? (v ? ${t} : ${f}) : ${other})`;
    }
    const layout = NUMERIC_INT.has(n.type) ? intLayout(n.type) : undefined;
    if (!layout) return undefined;
    const ks = n.constants.map((c) => (c.kind === 'int' && typeof c.value === 'number' ? c.value : undefined));
    if (ks.length === 0 || ks.some((k) => k === undefined)) return undefined;
    const { bits, signed } = layout;
    const lo = bits === 64 ? (signed ? -Number.MAX_SAFE_INTEGER : 0) : signed ? -(2 ** (bits - 1)) : 0;
    const hi = bits === 64 ? Number.MAX_SAFE_INTEGER : signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
    const k = String(ks[0]);
    let test: string;
    switch (n.op) {
      case '=': case '==': test = `v === ${k}`; break;
      case '!=': test = `v !== ${k}`; break;
      case '<': case '<=': case '>': case '>=': test = `v ${n.op} ${k}`; break;
      case 'in': case 'intersects':
        test = ks.length <= INLINE_IN ? `(${ks.map((x) => `v === ${x}`).join(' || ')})` : `${this.arg(new Set(ks))}.has(v)`;
        break;
      default: return undefined;
    }
    if (ks.length > 1 && n.op !== 'in' && n.op !== 'intersects') return undefined;
    return `(typeof ${read} === "number" && v >= ${lo} && v <= ${hi} && Number.isInteger(v) ? ${test} : ${other})`;
  }

  private check(n: CheckedCheck, p: PlanNode): string {
    const folded = this.fold?.(n, p);
    if (folded !== undefined) return folded ? 'true' : 'false';
    const slow = `${this.arg(p.pred)}(ev)`;
    if (n.kind === 'compare-operands') return slow;
    const o = n.operand;
    if (n.kind === 'compare' && o.kind === 'field' && o.shape.kind !== 'plain' && o.shape.kind !== 'ancestors' && p.compare) {
      const sides = this.sides(n, o, p, slow);
      if (sides) return sides;
    }
    let read: string;
    let other: string;
    /** Whether a string read holds no NUL (a joined text of items without one): its NUL checks are then known. */
    let nulFree = false;
    const chain = o.kind === 'field' && o.shape.kind === 'plain' ? (o.key !== undefined ? [o.key] : keyChain(o.ref)) : undefined;
    if (chain) {
      // The first property present, as the getter reads it (`proc.pname`, then `proc.aname[1]` …).
      const get = chain.map((key) => `ev[${lit(key)}]`).join(' ?? ');
      if (n.kind === 'exists') return `((${get}) != null)`;
      read = `(v = ${chain.length > 1 ? `(${get})` : get})`;
      // A missing value (`undefined`, `null`) makes every comparison false; other non-strings take the closure.
      other = `(v != null && ${slow})`;
      if (n.kind === 'compare' && !n.isList && n.modifier === undefined && chain.length === 1) {
        const special = this.nonString(n, p, chain[0]!, read, other);
        if (special) return special;
      }
    } else {
      const join = n.kind === 'compare' ? joinReader(o) : undefined;
      if (!join) return slow;
      // The joined text when every item is a string, else `undefined`: the closure decides.
      read = `(v = ${this.arg(join)}(ev))`;
      other = slow;
      nulFree = true;
    }
    if (n.kind === 'exists') return slow;
    // Any other check of a present value read by keys: the closure plan's comparison of that value.
    const generic = chain && p.compare ? `(${read} != null ? ${this.arg(p.compare)}(v) : ${slow})` : slow;
    if (n.isList || !STRING_TYPES.has(n.type)) return generic;
    const ks = n.texts;
    if (ks.length === 0 || ks.some((k) => ODD.test(k))) return generic;
    const k = lit(ks[0]!);
    const hasNul = nulFree ? 'false' : 'v.indexOf("\\0") >= 0';
    const noNul = nulFree ? 'true' : 'v.indexOf("\\0") < 0';
    if (n.modifier !== undefined) {
      const each = this.stringTest(n.op);
      const quantifier = modifierQuantifier(n.modifier);
      if (!each || !quantifier) return generic;
      const tests = ks.map((x) => each(x));
      const all = quantifier === 'some' ? tests.join(' || ') : quantifier === 'every' ? tests.join(' && ') : `${tests.map((t) => `+(${t})`).join(' + ')} === 1`;
      // A value holding a NUL is a shorter C string: the closure decides.
      return `(typeof ${read} === "string" ? (${noNul} ? (${all}) : ${slow}) : ${other})`;
    }
    if (isCaseFoldContains(n.op)) {
      if (ks.length !== 1) return slow;
      // strcasestr in the C locale: ASCII letters fold, nothing else.
      const lower = lit(ks[0]!.replace(/[A-Z]/g, (c) => c.toLowerCase()));
      return `(typeof ${read} === "string" ? (${noNul} ? ${this.arg(asciiIncludesFold)}(v, ${lower}) : ${slow}) : ${other})`;
    }
    switch (n.op) {
      case '=':
      case '==':
        if (ks.length !== 1) return slow;
        // A value with a NUL byte ends there for libsinsp: equal when the part before it is.
        return `(${read} === ${k} || (typeof v === "string" ? v.length > ${ks[0]!.length} && ${hasNul} && ${slow} : ${other}))`;
      case '!=':
        if (ks.length !== 1) return slow;
        return `(typeof ${read} === "string" ? v !== ${k} && (${noNul} || ${slow}) : ${other})`;
      case 'in':
      case 'intersects': {
        // Set lookups take the whole value but its trailing NULs: a value with a NUL takes the closure.
        const hit = ks.length <= INLINE_IN ? `(${ks.map((x) => `v === ${lit(x)}`).join(' || ')})` : `${this.arg(new Set(ks))}.has(v)`;
        return `(typeof ${read} === "string" ? ${hit} || (${hasNul} && ${slow}) : ${other})`;
      }
      case 'startswith':
        if (ks.length !== 1) return slow;
        // The constant holds no NUL, so a prefix never crosses the C string's end.
        return `(typeof ${read} === "string" ? ${prefixTest(ks[0]!)} : ${other})`;
      case 'endswith':
        if (ks.length !== 1) return slow;
        return `(typeof ${read} === "string" ? (${noNul} ? v.endsWith(${k}) : ${slow}) : ${other})`;
      case 'contains':
        if (ks.length !== 1) return slow;
        // Not in the whole value: not in its C string either. In it: the C string must not end before.
        return `(typeof ${read} === "string" ? v.includes(${k}) && (${noNul} || ${slow}) : ${other})`;
      default:
        return generic;
    }
  }

  /**
   * One string operator against one constant, as code over `v` (a string with no NUL byte; the constant has
   * none either), for the modifiers' combinations; `undefined` for operators left to the closure.
   */
  private stringTest(op: string): ((k: string) => string) | undefined {
    if (isCaseFoldContains(op)) {
      const fold = this.arg(asciiIncludesFold);
      return (k) => `${fold}(v, ${lit(k.replace(/[A-Z]/g, (c) => c.toLowerCase()))})`;
    }
    switch (op) {
      case '=': case '==': return (k) => `v === ${lit(k)}`;
      case '!=': return (k) => `v !== ${lit(k)}`;
      case 'startswith': return prefixTest;
      case 'endswith': return (k) => `v.endsWith(${lit(k)})`;
      case 'contains': return (k) => `v.includes(${lit(k)})`;
      default: return undefined;
    }
  }

  /**
   * Client-or-server fields (`fd.ip`, `fd.net`, `fd.port`, `fd.proto`) and networks of one address (`fd.cnet`)
   * on a flat event: the properties read inline, each present value compared by the closure plan's comparison,
   * with the same rule as the closure (./compile.ts): the field's own value if the event has it; else `!=`
   * holds when every side present differs, the others when one side holds; neither side: the zero address.
   */
  private sides(n: Extract<CheckedCheck, { kind: 'compare' }>, o: Extract<CheckedOperand, { kind: 'field' }>, p: PlanNode, slow: string): string | undefined {
    const get = (chain: readonly string[] | undefined) => (chain ? chain.map((key) => `ev[${lit(key)}]`).join(' ?? ') : undefined);
    const own = get(keyChain(o.ref));
    const cmp = this.arg(p.compare);
    const shape = o.shape;
    if (!own) return undefined;
    if (shape.kind === 'net') {
      const ip = get(keyChain({ field: shape.source, written: shape.source }));
      return ip ? `((v = (${own} ?? ${ip})) != null ? ${cmp}(v) : ${slow})` : undefined;
    }
    if (shape.kind !== 'either-side' || !p.neither) return undefined;
    const a = get(keyChain({ field: shape.sides[0], written: shape.sides[0] }));
    const b = get(keyChain({ field: shape.sides[1], written: shape.sides[1] }));
    if (!a || !b) return undefined;
    const none = `${this.arg(p.neither)}(ev)`;
    if (n.op === '!=' && n.modifier === undefined) {
      return `((v = (${own})) != null ? ${cmp}(v) : (x = (${a}), y = (${b}), x == null && y == null) ? ${none} : (x == null || ${cmp}(x)) && (y == null || ${cmp}(y)))`;
    }
    return `((v = (${own})) != null ? ${cmp}(v) : ((x = (${a})) != null && ${cmp}(x)) || ((y = (${b})) != null ? ${cmp}(y) : x == null && ${none}))`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// `join(list, "sep")`, the seed's lineage check: the joined text built directly when every item is a string without a NUL
// (libsinsp's items are C strings: one with a NUL is cut there, and the closure decides).


type JoinReader = (ev: FlatEvent) => string | undefined;

/**
 * A joined text, or `undefined` when it holds a NUL: then an item held one (the separator has none), and
 * libsinsp's items are C strings, cut there, so the closure decides.
 */
const withoutNul = (s: string): string | undefined => (s.indexOf('\0') < 0 ? s : undefined);

function joinItems(list: unknown, sep: string): string | undefined {
  if (!Array.isArray(list)) return undefined;
  // Concatenated as it is read (one pass: the type of each item, then its text), faster than a check and `join`.
  const n = list.length;
  if (n === 0) return '';
  let s: unknown = list[0];
  if (typeof s !== 'string') return undefined;
  for (let i = 1; i < n; i++) {
    const x: unknown = list[i];
    if (typeof x !== 'string') return undefined;
    s = s + sep + x;
  }
  return withoutNul(s as string);
}

/**
 * For `join(<field>, "<separator>")` over a flat event: the joined text, or `undefined` whenever anything is
 * unusual (no value, an item that is not a string or holds a NUL), where the closure decides.
 * The transformer reads `proc.lineage` as the event model does: given, or from `proc.name` and `proc.aname[N]`.
 */
function joinReader(o: CheckedOperand): JoinReader | undefined {
  if (o.kind !== 'transformer' || o.transformer !== 'join' || o.args.length !== 2) return undefined;
  const [sepArg, listArg] = o.args as [CheckedTransformerArg, CheckedTransformerArg];
  if (sepArg.kind !== 'value' || ODD.test(sepArg.value) || listArg.kind !== 'operand') return undefined;
  const sep = sepArg.value;
  const f = listArg.operand;
  if (f.kind !== 'field' || f.shape.kind !== 'plain') return undefined;
  if (f.key !== undefined) {
    const key = f.key;
    return (ev) => joinItems(ev[key], sep);
  }
  if (f.ref.field !== 'proc.lineage' || f.ref.arg !== undefined || f.written !== 'proc.lineage') return undefined;
  return lineageJoiner(sep);
}

const lineageJoiners = new Map<string, JoinReader>();

/**
 * `join(proc.lineage, sep)` of a flat event: one function per separator, generated with a constant key at every
 * level (`ev["proc.aname[2]"] ?? ev["proc.aname.2"]`), so each read has its own inline cache; `undefined` where
 * code cannot be generated (the condition then takes the closures too).
 */
function lineageJoiner(sep: string): JoinReader | undefined {
  let f = lineageJoiners.get(sep);
  if (!f) {
    const levels: string[] = [];
    for (let i = 1; i < 64; i++) {
      const read = [`proc.aname[${i}]`, `proc.aname.${i}`, ...(i === 1 ? ['proc.pname'] : [])].map((k) => `ev[${lit(k)}]`).join(' ?? ');
      levels.push(`  v = ${read};\n  if (v == null) return withoutNul(s);\n  if (typeof v !== "string") return undefined;\n  s = v + sep + s;`);
    }
    const body = `"use strict";\nreturn function lineage(ev) {\n  const own = ev["proc.lineage"];\n  if (own != null) return joinItems(own, sep);\n  let s = ev["proc.name"];\n  if (typeof s !== "string") return undefined;\n  let v;\n${levels.join('\n')}\n  return withoutNul(s);\n};`;
    f = makeFunction<JoinReader>(['sep', 'joinItems', 'withoutNul'], body, [sep, joinItems, withoutNul], false);
    if (f) lineageJoiners.set(sep, f);
  }
  return f;
}

/**
 * The generated function for a planned condition, or `undefined` where code is not generated (not allowed, or
 * the condition too deep or too large). `required`: throw `CodegenUnavailableError` rather than fall back.
 */
export function generateCondition(root: PlanNode, required: boolean, fold?: (c: CheckedCheck, p: PlanNode) => boolean | undefined): Pred | undefined {
  const r = generateFolded(root, required, fold);
  return typeof r === 'boolean' ? () => r : r;
}

/** As `generateCondition`, but a condition that folds to a constant is that constant. */
export function generateFolded(root: PlanNode, required: boolean, fold?: (c: CheckedCheck, p: PlanNode) => boolean | undefined): Pred | boolean | undefined {
  const g = new Generator(fold);
  let expr: string;
  try {
    expr = g.node(root, 0);
  } catch (err) {
    if (err instanceof RangeError && !required) return undefined;
    throw err;
  }
  // Only with folding: a plan's checks are never constant by themselves.
  if (fold && (expr === 'true' || expr === 'false')) return expr === 'true';
  if (expr.length > MAX_CODE) {
    if (required) throw new RangeError('condition too large for generated code');
    return undefined;
  }
  const closures = g.arg(root.pred);
  // Resolver events read through the closures; flat events run the generated expression.
  const body = `"use strict";\nreturn function condition(ev) {\n  if (typeof ev === "function") return ${closures}(ev);\n  let v, x, y;\n  return ${expr};\n};`;
  return makeFunction<Pred>(g.params, body, g.args, required);
}

// ---------------------------------------------------------------------------------------------------------------
// Plans of compiled conditions, for the rule engine's generated functions.

const plans = new WeakMap<Condition, () => PlanNode>();

export function registerPlan(c: Condition, plan: () => PlanNode): void {
  plans.set(c, plan);
}

/** The closure plan a condition was compiled to (`undefined` for a condition not made by `compile`). */
export function planOf(c: Condition): PlanNode | undefined {
  return plans.get(c)?.();
}

/**
 * Checks that read only `evt.type` of a flat event (no transformer, one property), folded to their result for
 * events of type `eventType`: the closure's answer on an event holding just that type.
 */
export function eventTypeFolder(eventType: string): (c: CheckedCheck, p: PlanNode) => boolean | undefined {
  const probe = { 'evt.type': eventType };
  return (c, p) => {
    if (c.kind === 'compare-operands') return undefined;
    const o = c.operand;
    if (o.kind !== 'field' || o.shape.kind !== 'plain' || o.key !== 'evt.type') return undefined;
    return p.pred(probe);
  };
}

/** Whether a plan has a check folded by `fold` (so a folded function differs from the condition's own). */
export function folds(p: PlanNode, fold: (c: CheckedCheck, p: PlanNode) => boolean | undefined): boolean {
  if (p.children) return p.children.some((c) => folds(c, fold));
  return fold(p.checked as CheckedCheck, p) !== undefined;
}
