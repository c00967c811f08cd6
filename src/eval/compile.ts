import type { Diagnostic, DiagnosticData, Range } from '../diagnostic.js';
import { eventTypesOf } from '../check/evttypes.js';
import { Resolver, type Definitions, type Origin } from '../check/resolve.js';
import { defaultCatalog, eventTypeNames, type FieldCatalog, type FieldInfo } from '../fields/catalog.js';
import type { BinaryCheckExpr, Expr, FieldExpr, FieldTransformerExpr } from '../syntax/ast.js';
import { splitOperator, transformerSignature, TRANSFORMERS, wordsPattern } from '../language/vocabulary.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import { format } from '../syntax/printer.js';
import { compileCheck, makeComparator, type Comparator } from './compare.js';
import { makeGetter, simpleKey, type Event, type FieldGetter } from './event.js';
import { fastStringPred } from './fast.js';
import {
  applyTransformer,
  TransformerInputError,
  checkTransformer,
  transformB64,
  transformBasename,
  transformJoin,
  transformLen,
  transformTolower,
  transformToupper,
  type TransformerArg,
  type TransformerTypeInfo,
  type TransformerValue,
} from './transformers.js';
import { checkOperator, comparisonClass, isFieldType, type FieldType } from '../language/types.js';
import { parseConstant, toComparable, type Constant, type EventValue } from './values.js';

/*
 * Compiles a condition once into a tree of closures, then evaluates it per event with libsinsp's semantics.
 * Constants are parsed at compile time (numbers, addresses, networks, regexes, globs, path sets), `in` uses
 * sets, and the hot path of a simple check is one property read and one comparison.
 */

export interface CompileOptions extends Definitions {
  /** The field catalog; default: libsinsp's and the main plugins' fields (`defaultCatalog`). */
  catalog?: FieldCatalog;
  /** Unknown fields are errors (default). With `false` they are read as strings and reported as warnings. */
  strict?: boolean;
  /** Parser depth limit; default Falco's limit for rule conditions (1000). */
  maxDepth?: number;
  /**
   * Async event names of the plugins your Falco loads: libsinsp accepts them as `evt.type` values besides the
   * names of its event table and system calls (`eventTypeNames()`).
   */
  asyncEventTypes?: Iterable<string>;
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

type Pred = (ev: Event) => boolean;

interface PlanNode {
  kind: Explanation['kind'];
  expr: Expr;
  pred: Pred;
  children?: PlanNode[];
  left?: { text: string; get: FieldGetter };
  right?: { text: string; get: FieldGetter };
}

/** A compiled left or right side: how to read it and what it yields. */
interface Operand {
  get: FieldGetter;
  type: FieldType;
  isList: boolean;
  /** Name for messages: the field as written, or `NA` for values. */
  name: string;
  base: TransformerTypeInfo;
  field?: FieldInfo;
  /** Fields that match when any of several values does (client or server address, any ancestor). */
  anyOf?: boolean;
  /** The property a flat event holds the value under, when reading it is a plain property access. */
  key?: string;
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
  /**
   * `evt.type`, alone or under one-argument transformers: libsinsp checks every compared value against the
   * event type names (the check stays libsinsp's `evt.type` filtercheck with transformers added on top).
   */
  eventType?: true;
}

const NUMERIC_DYN = 'INT64' as FieldType;

/** One-argument transformers, chosen when compiling rather than per event. */
const SINGLE_TRANSFORMERS: Record<string, (v: TransformerValue) => TransformerValue> = {
  tolower: transformTolower,
  toupper: transformToupper,
  b64: transformB64,
  basename: transformBasename,
  len: transformLen,
};

/**
 * Fields that libsinsp compares with custom logic: `fd.ip`/`fd.net`/`fd.port`/`fd.proto` match when the client
 * or the server side matches, the `proc.a*` fields without an index when any ancestor does.
 */
const EITHER_SIDE: Record<string, [string, string]> = {
  'fd.ip': ['fd.cip', 'fd.sip'],
  'fd.net': ['fd.cip', 'fd.sip'],
  'fd.port': ['fd.cport', 'fd.sport'],
  // fd.proto is a PORT field that libsinsp compares as fd.port (`compare_port`), with service names as values.
  'fd.proto': ['fd.cport', 'fd.sport'],
};
/**
 * What `fd.ip`/`fd.net` and `fd.port` compare on an IPv4 and an IPv6 socket that has no addresses yet (libsinsp
 * keeps the zero address and port in the fd and compares them; it extracts no client or server field for it).
 */
const ZERO_SIDES: Record<string, [unknown, unknown]> = {
  'fd.ip': ['0.0.0.0', '::'],
  'fd.net': ['0.0.0.0', '::'],
  'fd.port': [0, 0],
  'fd.proto': [0, 0],
};
/** Fields libsinsp extracts only from an fd it knows (`m_fdinfo`), besides fd.type and the address fields. */
const FD_WITNESSES = ['fd.l4proto', 'fd.is_server', 'fd.sockfamily'];
const NET_OF: Record<string, string> = { 'fd.cnet': 'fd.cip', 'fd.snet': 'fd.sip', 'fd.lnet': 'fd.lip', 'fd.rnet': 'fd.rip' };
const ANCESTOR_FIELDS = new Set(['proc.aname', 'proc.apid', 'proc.aexe', 'proc.aexepath', 'proc.acmdline', 'proc.aenv']);
const PARENT_SOURCE: Record<string, string> = {
  'proc.aname': 'proc.pname', 'proc.apid': 'proc.ppid', 'proc.aexe': 'proc.pexe', 'proc.aexepath': 'proc.pexepath',
  'proc.acmdline': 'proc.pcmdline', 'proc.aenv': 'proc.penv',
};

const TRANSFORMER_TEXT = new RegExp(`^(?:${wordsPattern(TRANSFORMERS.map((t) => t.name))})\\(.*\\)$`, 's');
const SIMPLE_REGEX = /^\^?(?:\.[*+?])?[^.*+?()[\]{}|\\^$]*(?:\.[*+?])?\$?$/;

function stripPt(t: string): string {
  return t.startsWith('PT_') ? t.slice(3) : t;
}

class Compiler {
  readonly diagnostics: Diagnostic[] = [];
  readonly fields = new Set<string>();
  private origins: WeakMap<Expr, Origin> = new WeakMap();

  constructor(
    private readonly catalog: FieldCatalog,
    private readonly strict: boolean,
    private readonly asyncEventTypes: ReadonlySet<string> = new Set(),
  ) {}

  /** Set when macro resolution already reported the identifiers it could not expand. */
  identifiersReported = false;

  setOrigins(o: WeakMap<Expr, Origin>) {
    this.origins = o;
  }

  private report(code: string, severity: Diagnostic['severity'], text: string, node: Expr, at?: Expr, data?: DiagnosticData): void {
    const message = text.replace(/^filter error: /, '');
    const origin = this.origins.get(node) ?? this.checkOrigin;
    const range = origin ? origin.range : (at ?? node).range;
    const all: DiagnosticData = { ...(origin ? { macro: origin.macro } : {}), ...data };
    this.diagnostics.push({
      code, severity, message: origin ? `${message} (in macro '${origin.macro}')` : message, range,
      ...(Object.keys(all).length > 0 ? { data: all } : {}),
    });
  }

  /** The macro a check being compiled comes from: problems of its operands are reported at the reference too. */
  private checkOrigin: { macro: string; range: Range } | undefined;

  node(e: Expr): PlanNode | undefined {
    if (e.kind !== 'unary_check' && e.kind !== 'binary_check') return this.compileNode(e);
    this.checkOrigin = this.origins.get(e);
    try {
      return this.compileNode(e);
    } finally {
      this.checkOrigin = undefined;
    }
  }

  private compileNode(e: Expr): PlanNode | undefined {
    switch (e.kind) {
      case 'and':
      case 'or': {
        // Every child is compiled, even after a failure, so that one pass reports every problem.
        const children = e.children.map((c) => this.node(c));
        if (children.some((c) => !c)) return undefined;
        const kids = children as PlanNode[];
        const preds = kids.map((k) => k.pred);
        return { kind: e.kind, expr: e, children: kids, pred: e.kind === 'and' ? all(preds) : any(preds) };
      }
      case 'not': {
        const child = this.node(e.child);
        if (!child) return undefined;
        const p = child.pred;
        return { kind: 'not', expr: e, children: [child], pred: (ev) => !p(ev) };
      }
      case 'unary_check': {
        const left = this.operand(e.left);
        if (!left) return undefined;
        const get = left.get;
        const pred: Pred = left.exists ?? (left.anyOf
          ? (ev) => {
              const v = get(ev) as unknown[] | undefined;
              return v !== undefined && v.length > 0;
            }
          : (ev) => get(ev) !== undefined);
        return { kind: 'check', expr: e, pred, left: { text: format(e.left), get } };
      }
      case 'binary_check':
        return this.binary(e);
      case 'identifier':
        if (!this.identifiersReported) this.report('undefined-macro', 'error', `Undefined macro '${e.name}' used in filter.`, e);
        return undefined;
      default:
        this.report('internal', 'error', `unexpected ${e.kind} node where a check is expected`, e);
        return undefined;
    }
  }

  private binary(e: BinaryCheckExpr): PlanNode | undefined {
    const left = this.operand(e.left);
    const { op, modifier } = splitOperator(e.op);
    if (!left) {
      if (e.right.kind === 'field_transformer') this.operand(e.right);
      return undefined;
    }
    const leftSide = { text: format(e.left), get: left.get };
    const r = e.right;

    if (r.kind === 'field_transformer') {
      const right = this.operand(r);
      if (!right) return undefined;
      return this.fieldToField(e, op, modifier, left, right, leftSide);
    }

    const values = r.kind === 'list' ? r.values : [r.value];
    if (r.kind === 'value') this.constantWarnings(e, op, r.value);
    if (left.eventType && !this.eventTypeValues(e, op, modifier, left, r)) return undefined;
    let cmp: Comparator | undefined;
    if (left.type === 'DYN') {
      cmp = this.dynamicComparator(e, op, modifier, left, values);
    } else {
      const c = this.comparator(e, op, modifier, left.type, left.isList, values);
      if (!c) return undefined;
      cmp = c;
    }
    if (!cmp) return undefined;
    const get = left.get;
    const compare = cmp;
    let pred: Pred;
    if (left.sides) {
      // Client or server: the same rule as below, reading the two sides without building an array.
      // Neither side (an IP socket before connect/accept): both sides are the zero address or port.
      const [own, a, b] = left.sides;
      const zero = left.zero ?? (() => undefined);
      const neither = (ev: Event) => {
        const z = zero(ev);
        return z !== undefined && compare(z as EventValue);
      };
      pred = op === '!=' && modifier === undefined
        ? (ev) => {
            const o = own(ev);
            if (o !== undefined) return compare(o as EventValue);
            const x = a(ev);
            const y = b(ev);
            if (x === undefined && y === undefined) return neither(ev);
            return (x === undefined || compare(x as EventValue)) && (y === undefined || compare(y as EventValue));
          }
        : (ev) => {
            const o = own(ev);
            if (o !== undefined) return compare(o as EventValue);
            const x = a(ev);
            if (x !== undefined && compare(x as EventValue)) return true;
            const y = b(ev);
            if (y !== undefined) return compare(y as EventValue);
            return x === undefined && neither(ev);
          };
    } else if (left.some) {
      const some = left.some;
      const holds = (v: unknown) => compare(v as EventValue);
      // libsinsp (`compare_full_aname` and the like) visits the ancestors until one satisfies the check, whatever
      // the operator: `proc.aname != sshd` holds when some ancestor is not sshd.
      pred = (ev) => some(ev, holds) === true;
    } else if (left.anyOf) {
      // libsinsp: `!=` holds when every candidate differs, any other operator when one candidate matches.
      pred = op === '!=' && modifier === undefined
        ? (ev) => {
            const vs = get(ev) as unknown[] | undefined;
            if (vs === undefined || vs.length === 0) return false;
            for (const v of vs) if (!compare(v as EventValue)) return false;
            return true;
          }
        : (ev) => {
            const vs = get(ev) as unknown[] | undefined;
            if (vs === undefined) return false;
            for (const v of vs) if (compare(v as EventValue)) return true;
            return false;
          };
    } else {
      const fast = left.key !== undefined && !left.isList && modifier === undefined
        ? fastStringPred(left.type, op, left.key, values, get, compare)
        : undefined;
      pred = fast ?? ((ev) => compare(get(ev) as EventValue));
    }
    return { kind: 'check', expr: e, pred, left: leftSide };
  }

  /**
   * libsinsp's `evt.type` value check (`sinsp_filter_check_event::validate_filter_value`): after the operator
   * check, each value in turn is parsed for the compared type and must then be an event type name, whatever the
   * operator and the transformers. The check reads the value's parsed bytes: a number (`len(evt.type) = 4`)
   * never is a name. Values that do not parse are left to the comparator, which reports them.
   */
  private eventTypeValues(e: BinaryCheckExpr, op: string, modifier: string | undefined, left: Operand, r: Expr): boolean {
    if (checkOperator(op, modifier, left.type, left.isList) !== undefined) return true;
    const values = r.kind === 'list' ? r.values : r.kind === 'value' ? [r.value] : [];
    const names = eventTypeNames();
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if ('error' in parseConstant(v, left.type, '=')) return true;
      if (comparisonClass(left.type) === 'string' && (names.has(v) || this.asyncEventTypes.has(v))) continue;
      const at = r.kind === 'list' ? r.valueRanges?.[i] : r.range;
      this.report('unknown-event-type', 'error', `unknown event type ${v}`, e, { ...r, range: at ?? r.range } as Expr, { name: v, nameKind: 'event-type' });
      return false;
    }
    return true;
  }

  private comparator(e: BinaryCheckExpr, op: string, modifier: string | undefined, type: FieldType, isList: boolean, values: readonly string[]): Comparator | undefined {
    try {
      const c = compileCheck(op, modifier, type, isList, values);
      if ('error' in c) {
        const code = c.code;
        // A wrong operator is the check's problem; a wrong value is the value's.
        this.report(code, 'error', c.error, e, code === 'operator-type' ? e : e.right);
        return undefined;
      }
      return c;
    } catch (err) {
      this.report('invalid-check', 'error', String((err as Error).message), e);
      return undefined;
    }
  }

  /** `evt.rawarg.*` takes the type of the event parameter: compare numbers as numbers, the rest as text. */
  private dynamicComparator(e: BinaryCheckExpr, op: string, modifier: string | undefined, left: Operand, values: readonly string[]): Comparator | undefined {
    const asText = this.comparator(e, op, modifier, 'CHARBUF', left.isList, values);
    if (!asText) return undefined;
    const numeric = compileCheck(op, modifier, NUMERIC_DYN, left.isList, values);
    if ('error' in numeric) return (v) => asText(typeof v === 'number' || typeof v === 'bigint' ? String(v) : v);
    return (v) => (typeof v === 'number' || typeof v === 'bigint' ? numeric(v) : asText(v));
  }

  private constantWarnings(e: BinaryCheckExpr, op: string, value: string): void {
    if (op === 'in' || op === 'intersects' || op === 'pmatch') return;
    const compact = value.replace(/\s+/g, '');
    if (this.catalog.resolve(compact) && compact.includes('.')) {
      this.report('value-is-field', 'warning', `'${value}' may be a valid field misused as a const string value; write val(${compact}) to compare with the field`, e, e.right, { name: compact, nameKind: 'field', replacement: `val(${compact})` });
    } else if (TRANSFORMER_TEXT.test(compact)) {
      this.report('value-is-transformer', 'warning', `'${value}' may be a valid field transformer misused as a const string value`, e, e.right);
    }
    if (op === 'regex' && SIMPLE_REGEX.test(value)) {
      this.report('regex-simpler', 'info', `regex check with '${value}' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'`, e, e.right);
    }
  }

  private fieldToField(e: BinaryCheckExpr, op: string, modifier: string | undefined, left: Operand, right: Operand, leftSide: { text: string; get: FieldGetter }): PlanNode | undefined {
    const r = e.right as FieldTransformerExpr;
    const fail = (m: string) => {
      this.report('invalid-rhs', 'error', m, e, r);
      return undefined;
    };
    if (op === 'pmatch' || op === 'regex') return fail(`operator '${op.toUpperCase()}' doesn't support right-hand side fields`);
    if (left.type === 'IPNET') return fail("field type 'IPNET' doesn't support right-hand side fields");
    if (left.field?.noRhs) return fail(`field '${left.name}' doesn't support right-hand side fields`);
    if (right.field?.noRhs) return fail(`field '${right.name}' can't be used as a right-hand side field`);
    if (left.type !== right.type || left.isList !== right.isList) {
      const t = (o: Operand) => `${o.type}${o.isList ? ' (list)' : ''}`;
      return fail(`field '${left.name}' has type '${t(left)}' while the right-hand side field '${right.name}' has incompatible type '${t(right)}'`);
    }
    const check = compileCheck(op, modifier, left.type, left.isList, []);
    if ('error' in check) return fail(check.error);
    const lget = left.get;
    const rget = right.get;
    const type = left.type;
    const isList = left.isList;
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
    return { kind: 'check', expr: e, pred, left: leftSide, right: { text: format(r), get: rget } };
  }

  operand(e: Expr): Operand | undefined {
    if (e.kind === 'field') return this.field(e);
    if (e.kind === 'field_transformer') return this.transformer(e);
    this.report('internal', 'error', `unexpected ${e.kind} where a field is expected`, e);
    return undefined;
  }

  private field(e: FieldExpr): Operand | undefined {
    const written = e.arg === undefined ? e.name : `${e.name}[${e.arg}]`;
    const resolved = this.catalog.resolve(e.name, e.arg);
    if (!resolved) {
      const hint = this.catalog.suggest(e.name, 1)[0];
      const message = `unknown field '${e.name}'${hint ? ` (did you mean '${hint}'?)` : ''}`;
      const data: DiagnosticData = { name: e.name, nameKind: 'field', ...(hint ? { suggestion: hint } : {}) };
      if (this.strict) {
        this.report('unknown-field', 'error', message, e, undefined, data);
        return undefined;
      }
      this.report('unknown-field', 'warning', `${message}: read as a string`, e, undefined, data);
      this.fields.add(written);
      const get = makeGetter({ field: e.name, ...(e.arg !== undefined ? { arg: e.arg } : {}), written });
      return { get, type: 'CHARBUF', isList: false, name: written, base: { type: 'PT_CHARBUF', isList: false, name: written } };
    }
    if (resolved.error) {
      this.report('field-argument', 'error', resolved.error.message, e);
      return undefined;
    }
    const info = resolved.field;
    if (info.deprecated) this.report('deprecated-field', 'warning', `field '${info.name}' is deprecated`, e);
    if (info.printOnly) this.report('print-only-field', 'error', `field '${info.name}' can only be used in outputs, not in conditions`, e);
    if (!isFieldType(info.type) && info.type !== 'DYN') {
      this.report('unsupported-type', 'error', `field '${info.name}' has type ${info.type}, which conditions cannot compare`, e);
      return undefined;
    }
    this.fields.add(written);
    const ref = { field: info.name, ...(resolved.arg !== undefined ? { arg: resolved.arg } : {}), written };
    const base: TransformerTypeInfo = { type: `PT_${info.type}`, isList: info.list, name: written };
    const type = info.type as FieldType;
    const either = EITHER_SIDE[info.name];
    if (either) {
      const own = makeGetter(ref);
      const a = makeGetter({ field: either[0], written: either[0] });
      const b = makeGetter({ field: either[1], written: either[1] });
      const fdType = makeGetter({ field: 'fd.type', written: 'fd.type' });
      const zeros = ZERO_SIDES[info.name];
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
      const witnesses = FD_WITNESSES.map((w) => makeGetter({ field: w, written: w }));
      const exists: Pred = (ev) => {
        if (own(ev) !== undefined || fdType(ev) !== undefined || a(ev) !== undefined || b(ev) !== undefined) return true;
        for (const w of witnesses) if (w(ev) !== undefined) return true;
        return false;
      };
      return { get, type, isList: false, name: written, base, field: info, anyOf: true, sides: [own, a, b], exists, ...(zero ? { zero } : {}) };
    }
    const netSource = NET_OF[info.name];
    if (netSource) {
      const own = makeGetter(ref);
      const ip = makeGetter({ field: netSource, written: netSource });
      return { get: (ev) => own(ev) ?? ip(ev), type, isList: false, name: written, base, field: info };
    }
    if (ANCESTOR_FIELDS.has(info.name) && resolved.arg === undefined) {
      const own = makeGetter(ref);
      const parent = makeGetter({ field: PARENT_SOURCE[info.name]!, written: PARENT_SOURCE[info.name]! });
      const nth = Array.from({ length: 16 }, (_, i) => makeGetter({ field: info.name, arg: String(i + 1), written: `${info.name}[${i + 1}]` }));
      const some = (ev: Event, f: (v: unknown) => boolean): boolean | undefined => {
        const v = own(ev);
        if (Array.isArray(v)) return v.length ? v.some(f) : undefined;
        if (v !== undefined) return f(v);
        let seen = false;
        for (const g of nth) {
          const x = g(ev);
          if (x === undefined) break;
          seen = true;
          if (f(x)) return true;
        }
        if (seen) return false;
        // Only the parent is known (`proc.pname` and the like).
        const p = parent(ev);
        return p === undefined ? undefined : f(p);
      };
      const get: FieldGetter = (ev) => {
        const out: unknown[] = [];
        some(ev, (x) => {
          out.push(x);
          return false;
        });
        return out.length ? out : undefined;
      };
      return { get, type, isList: false, name: written, base, field: info, anyOf: true, some };
    }
    const key = simpleKey(ref);
    return {
      get: makeGetter(ref), type, isList: info.list, name: written, base, field: info,
      ...(key !== undefined ? { key } : {}),
      ...(info.name === 'evt.type' && resolved.arg === undefined ? { eventType: true as const } : {}),
    };
  }

  private transformer(e: FieldTransformerExpr): Operand | undefined {
    const args: TransformerArg[] = [];
    const getters: FieldGetter[] = [];
    let ok = true;
    let eventType = false;
    for (const v of e.values) {
      const compiled = this.transformerArg(v);
      if (!compiled) {
        ok = false;
        continue;
      }
      args.push(compiled.arg);
      getters.push(compiled.get);
      eventType = compiled.eventType === true;
    }
    if (!ok) return undefined;
    const checked = checkTransformer(e.transformer, args, e.arg);
    // The arguments of join/concat/getopt are read whole, NUL included (libsinsp takes each value's length).
    if (args.length > 1) args.forEach((a, i) => (getters[i] = withNul(a, getters[i]!)));
    if ('error' in checked) {
      this.report('invalid-transformer', 'error', checked.error.replace(/^filter error: /, ''), e, undefined,
        // libsinsp knows one-argument transformers only by the single-argument names: any other is unknown to it.
        unknownTransformer(e) ? { name: e.transformer, nameKind: 'transformer' } : undefined);
      return undefined;
    }
    for (const w of checked.warnings ?? []) this.report('transformer-portability', 'warning', w, e);
    if (checked.reordered) {
      this.report('join-order', 'warning', "Falco expects join(separator, list): the field-first join(list, separator) is a falco-expr extension", e);
      getters.reverse();
    }
    const name = e.transformer;
    const arg = e.arg;
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
    const type = stripPt(checked.type) as FieldType;
    const single = args.length === 1 ? args[0] : undefined;
    const operand: Operand = { get, type, isList: checked.isList, name: format(e), base: checked.base };
    // A one-argument transformer is added onto its argument's check, which stays `evt.type`'s.
    if (eventType && args.length === 1 && name !== 'val') operand.eventType = true;
    if (name === 'val' && single?.kind === 'field') {
      const inner = this.catalog.resolve((e.values[0] as FieldExpr).name, (e.values[0] as FieldExpr).arg);
      if (inner && !inner.error) operand.field = inner.field;
    }
    return operand;
  }

  private transformerArg(v: Expr): { arg: TransformerArg; get: FieldGetter; eventType?: true } | undefined {
    switch (v.kind) {
      case 'value': {
        const value = v.value;
        return { arg: { kind: 'value', type: 'PT_CHARBUF', isList: false }, get: () => value };
      }
      case 'field': {
        const f = this.field(v);
        if (!f) return undefined;
        if (f.anyOf) {
          this.report('invalid-transformer', 'error', `field '${f.name}' does not support transformers`, v);
          return undefined;
        }
        const flags = f.field?.noTransformer ? ['EPF_NO_TRANSFORMER'] : [];
        return { arg: { kind: 'field', type: `PT_${f.type}`, isList: f.isList, name: f.name, flags }, get: f.get, ...(f.eventType ? { eventType: true as const } : {}) };
      }
      case 'field_transformer': {
        const t = this.transformer(v);
        if (!t) return undefined;
        return {
          arg: { kind: 'transformer', type: `PT_${t.type}`, isList: t.isList, name: t.name, base: t.base, transformer: v.transformer },
          get: t.get,
          ...(t.eventType ? { eventType: true as const } : {}),
        };
      }
      case 'transformer_list': {
        const items = v.children.map((c) => this.transformerArg(c));
        if (items.some((i) => !i)) return undefined;
        const els = items as Array<{ arg: TransformerArg; get: FieldGetter }>;
        // Items are taken whole, NUL included, as libsinsp's list check keeps each value's length.
        const gets = els.map((i) => withNul(i.arg, i.get));
        const get: FieldGetter = (ev) => {
          const out: unknown[] = [];
          for (const g of gets) {
            const x = g(ev);
            if (x === undefined || x === null) return undefined;
            if (Array.isArray(x)) out.push(...x);
            else out.push(x);
          }
          return out;
        };
        return { arg: { kind: 'list', type: 'PT_CHARBUF', isList: true, elements: els.map((i) => i.arg) }, get };
      }
      default:
        this.report('invalid-transformer', 'error', `a ${v.kind} cannot be a transformer argument`, v);
        return undefined;
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

function unknownTransformer(e: FieldTransformerExpr): boolean {
  return e.transformer !== 'val' && e.arg === undefined && e.values.length === 1 && transformerSignature(e.transformer)?.kind !== 'single';
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
 * Checks and compiles a condition without throwing: `condition` is set when there is no error, and
 * `diagnostics` holds every error and warning with its position in the condition text.
 */
export function checkCondition(condition: string | Expr, options: CompileOptions = {}): CheckResult {
  const text = typeof condition === 'string' ? condition : undefined;
  let ast: Expr;
  if (typeof condition === 'string') {
    const parsed = parse(condition, { maxDepth: options.maxDepth ?? FALCO_MAX_DEPTH });
    if (!parsed.ast) return { diagnostics: parsed.diagnostics };
    ast = parsed.ast;
  } else {
    ast = condition;
  }
  const resolver = new Resolver(options);
  const resolved = resolver.resolve(ast);
  const compiler = new Compiler(options.catalog ?? defaultCatalog, options.strict ?? true, new Set(options.asyncEventTypes ?? []));
  compiler.setOrigins(resolved.origins);
  compiler.identifiersReported = resolved.diagnostics.some((d) => d.severity === 'error');
  const plan = compiler.node(resolved.ast);
  const diagnostics = [...resolved.diagnostics, ...compiler.diagnostics].sort((a, b) => a.range.start.offset - b.range.start.offset);
  if (!plan || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const origins = resolved.origins;
  const warnings = diagnostics;
  const root = plan;
  const evaluate = root.pred;
  const result: Condition = {
    ...(text !== undefined ? { text } : {}),
    ast: resolved.ast,
    warnings,
    fields: [...compiler.fields],
    eventTypes: eventTypesOf(resolved.ast),
    evaluate,
    explain: (ev) => explainNode(root, ev, true, origins),
  };
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
  const ast = parse(`${text} exists`).ast;
  if (ast?.kind !== 'unary_check') return undefined;
  const compiler = new Compiler(options.catalog ?? defaultCatalog, options.strict ?? true);
  const operand = compiler.operand(ast.left);
  return operand && !compiler.diagnostics.some((d) => d.severity === 'error') ? operand.get : undefined;
}
