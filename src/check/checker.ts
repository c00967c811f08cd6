import type { Diagnostic, DiagnosticData, Range } from '../diagnostic.js';
import { defaultCatalog, eventTypeNames, type FieldCatalog } from '../fields/catalog.js';
import { checkOperator, comparisonClass, fieldTypeFromName, isFieldType, type FieldType } from '../language/types.js';
import { operator, splitOperator, transformerSignature, TRANSFORMERS, wordsPattern } from '../language/vocabulary.js';
import type { BinaryCheckExpr, Expr, FieldExpr, FieldTransformerExpr, UnaryCheckExpr } from '../syntax/ast.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import { format } from '../syntax/printer.js';
import { parseConstant, type Constant } from '../values/constants.js';
import { parseAll } from './constants.js';
import { simpleKey } from '../values/event.js';
import type {
  CheckedCheck, CheckedField, CheckedNode, CheckedOperand, CheckedOrigin, CheckedTransformer, CheckedTransformerArg, FieldShape,
} from './checked.js';
import { isAnyOf } from './checked.js';
import { eventTypesOf } from './evttypes.js';
import { Resolver, type Definitions, type Origin } from './resolve.js';
import { checkTransformer, type TransformerArg, type TransformerTypeInfo } from './transformer-types.js';

/*
 * The checking stage: a parsed condition → macros and lists expanded (./resolve.ts), fields resolved against the
 * catalog, operators and transformers type-checked, constants parsed → the checked tree (./checked.ts) and every
 * problem as a structured diagnostic. It never evaluates: ../eval/compile.ts plans evaluation from its tree.
 */

export interface CheckOptions extends Definitions {
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

/** A checked condition: the tree after expansion, its checked tree, and what it reads and can match. */
export interface CheckedCondition {
  /** The condition as given (when given as text). */
  text?: string;
  /** The tree after macro and list expansion (`undefined` when the text does not parse). */
  ast?: Expr;
  /** The checked tree (`undefined` when there are errors). */
  root?: CheckedNode;
  /** Errors and warnings, in source order. */
  diagnostics: Diagnostic[];
  /** Fields the condition reads, as written. */
  fields: string[];
  /** Event types the condition can match (`undefined`: not restricted). */
  eventTypes: ReadonlySet<string> | undefined;
  /** Macro origins of the resolved tree's nodes. */
  origins: WeakMap<Expr, Origin>;
}

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
const PARENT_SOURCE: Record<string, string> = {
  'proc.aname': 'proc.pname', 'proc.apid': 'proc.ppid', 'proc.aexe': 'proc.pexe', 'proc.aexepath': 'proc.pexepath',
  'proc.acmdline': 'proc.pcmdline', 'proc.aenv': 'proc.penv',
};
/** How many indexed ancestors (`proc.aname[1]` …) a flat event may carry. */
const ANCESTOR_DEPTH = 16;

/** `evt.rawarg.*` with a number: compared as a number (the type of the event parameter). */
const NUMERIC_DYN: FieldType = 'INT64';

const TRANSFORMER_TEXT = new RegExp(`^(?:${wordsPattern(TRANSFORMERS.map((t) => t.name))})\\(.*\\)$`, 's');
const SIMPLE_REGEX = /^\^?(?:\.[*+?])?[^.*+?()[\]{}|\\^$]*(?:\.[*+?])?\$?$/;

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  readonly fields = new Set<string>();

  constructor(
    private readonly catalog: FieldCatalog,
    private readonly strict: boolean,
    private readonly asyncEventTypes: ReadonlySet<string>,
    private readonly origins: WeakMap<Expr, Origin>,
  ) {}

  /** The macro a check being checked comes from: problems of its operands are reported at the reference too. */
  private checkOrigin: CheckedOrigin | undefined;

  private report(code: string, severity: Diagnostic['severity'], text: string, node: Expr, at?: Expr | Range, data?: DiagnosticData): void {
    const message = text.replace(/^filter error: /, '');
    const origin = this.origins.get(node) ?? this.checkOrigin;
    const range = origin ? origin.range : at === undefined ? node.range : 'kind' in at ? at.range : at;
    const all: DiagnosticData = { ...(origin ? { macro: origin.macro } : {}), ...data };
    this.diagnostics.push({
      code, severity, message: origin ? `${message} (in macro '${origin.macro}')` : message, range,
      ...(Object.keys(all).length > 0 ? { data: all } : {}),
    });
  }

  node(e: Expr): CheckedNode | undefined {
    if (e.kind !== 'unary_check' && e.kind !== 'binary_check') return this.checkNode(e);
    this.checkOrigin = this.origins.get(e);
    try {
      const n = this.checkNode(e);
      if (n && this.checkOrigin) n.origin = this.checkOrigin;
      return n;
    } finally {
      this.checkOrigin = undefined;
    }
  }

  private checkNode(e: Expr): CheckedNode | undefined {
    switch (e.kind) {
      case 'and':
      case 'or': {
        // Every child is checked, even after a failure, so that one pass reports every problem.
        const children = e.children.map((c) => this.node(c));
        if (children.some((c) => !c)) return undefined;
        return { kind: e.kind, expr: e, children: children as CheckedNode[] };
      }
      case 'not': {
        const child = this.node(e.child);
        return child && { kind: 'not', expr: e, child };
      }
      case 'unary_check':
        return this.exists(e);
      case 'binary_check':
        return this.binary(e);
      case 'identifier':
        // A macro reference left in the resolved tree: the resolver reported why it could not expand it.
        return undefined;
      default:
        this.report('internal', 'error', `unexpected ${e.kind} node where a check is expected`, e);
        return undefined;
    }
  }

  private exists(e: UnaryCheckExpr): CheckedCheck | undefined {
    const operand = this.operand(e.left);
    return operand && { kind: 'exists', expr: e, operand };
  }

  private binary(e: BinaryCheckExpr): CheckedCheck | undefined {
    const left = this.operand(e.left);
    const { op, modifier } = splitOperator(e.op);
    if (!left) {
      if (e.right.kind === 'field_transformer') this.operand(e.right);
      return undefined;
    }
    const r = e.right;
    if (r.kind === 'field_transformer') {
      const right = this.operand(r);
      if (!right) return undefined;
      return this.operands(e, op, modifier, left, right);
    }

    const values = r.kind === 'list' ? r.values : r.kind === 'value' ? [r.value] : [];
    if (r.kind === 'value') this.constantWarnings(e, op, r.value);
    if (left.eventType && !this.eventTypeValues(e, op, modifier, left, r)) return undefined;
    const dynamic = left.type === 'DYN';
    const type: FieldType = dynamic ? 'CHARBUF' : left.type;
    const constants = this.constants(e, op, modifier, type, left.isList, values);
    if (!constants) return undefined;
    const check: CheckedCheck = {
      kind: 'compare', expr: e, operand: left, op, ...(modifier !== undefined ? { modifier } : {}),
      type: left.type, isList: left.isList, class: comparisonClass(type), texts: values, constants,
    };
    if (dynamic) {
      const numeric = parseAll(op, modifier, NUMERIC_DYN, left.isList, values);
      if (!('error' in numeric)) check.numeric = numeric;
    }
    return check;
  }

  /** The operator check and the parsed constants, or the first problem reported (at the value when it is the value's). */
  private constants(e: BinaryCheckExpr, op: string, modifier: string | undefined, type: FieldType, isList: boolean, values: readonly string[]): Constant[] | undefined {
    const c = parseAll(op, modifier, type, isList, values);
    if ('error' in c) {
      // A wrong operator is the check's problem; a wrong value is the value's (in a list, the item's).
      const item = e.right.kind === 'list' && c.index !== undefined ? e.right.valueRanges?.[c.index] : undefined;
      this.report(c.code, 'error', c.error, e, c.code === 'operator-type' ? e : (item ?? e.right));
      return undefined;
    }
    return c;
  }

  /**
   * libsinsp's `evt.type` value check (`sinsp_filter_check_event::validate_filter_value`): after the operator
   * check, each value in turn is parsed for the compared type and must then be an event type name, whatever the
   * operator and the transformers. The check reads the value's parsed bytes: a number (`len(evt.type) = 4`)
   * never is a name. Values that do not parse are left to the constant check, which reports them.
   */
  private eventTypeValues(e: BinaryCheckExpr, op: string, modifier: string | undefined, left: CheckedOperand, r: Expr): boolean {
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

  private constantWarnings(e: BinaryCheckExpr, op: string, value: string): void {
    if (operator(op)?.kind === 'list') return;
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

  private operands(e: BinaryCheckExpr, op: string, modifier: string | undefined, left: CheckedOperand, right: CheckedOperand): CheckedCheck | undefined {
    const r = e.right as FieldTransformerExpr;
    const fail = (m: string) => {
      this.report('invalid-rhs', 'error', m, e, r);
      return undefined;
    };
    if (operator(op)?.noFieldOperand) return fail(`operator '${op.toUpperCase()}' doesn't support right-hand side fields`);
    if (left.type === 'IPNET') return fail("field type 'IPNET' doesn't support right-hand side fields");
    if (left.info?.noRhs) return fail(`field '${left.written}' doesn't support right-hand side fields`);
    if (right.info?.noRhs) return fail(`field '${right.written}' can't be used as a right-hand side field`);
    if (left.type !== right.type || left.isList !== right.isList) {
      const t = (o: CheckedOperand) => `${o.type}${o.isList ? ' (list)' : ''}`;
      return fail(`field '${left.written}' has type '${t(left)}' while the right-hand side field '${right.written}' has incompatible type '${t(right)}'`);
    }
    const check = parseAll(op, modifier, left.type, left.isList, []);
    if ('error' in check) return fail(check.error);
    return {
      kind: 'compare-operands', expr: e, left, right, op, ...(modifier !== undefined ? { modifier } : {}),
      type: left.type, isList: left.isList,
    };
  }

  operand(e: Expr): CheckedOperand | undefined {
    if (e.kind === 'field') return this.field(e);
    if (e.kind === 'field_transformer') return this.transformer(e);
    this.report('internal', 'error', `unexpected ${e.kind} where a field is expected`, e);
    return undefined;
  }

  private field(e: FieldExpr): CheckedField | undefined {
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
      const ref = { field: e.name, ...(e.arg !== undefined ? { arg: e.arg } : {}), written };
      const key = simpleKey(ref);
      return {
        kind: 'field', expr: e, written, ref, type: 'CHARBUF', isList: false, shape: { kind: 'plain' },
        ...(key !== undefined ? { key } : {}), base: { type: 'PT_CHARBUF', isList: false, name: written },
      };
    }
    if (resolved.error) {
      this.report('field-argument', 'error', resolved.error.message, e, undefined, { name: e.name, nameKind: 'field' });
      return undefined;
    }
    const info = resolved.field;
    if (info.deprecated) this.report('deprecated-field', 'warning', `field '${info.name}' is deprecated`, e, undefined, { name: info.name, nameKind: 'field' });
    if (info.printOnly) this.report('print-only-field', 'error', `field '${info.name}' can only be used in outputs, not in conditions`, e);
    if (!isFieldType(info.type) && info.type !== 'DYN') {
      this.report('unsupported-type', 'error', `field '${info.name}' has type ${info.type}, which conditions cannot compare`, e);
      return undefined;
    }
    this.fields.add(written);
    const ref = { field: info.name, ...(resolved.arg !== undefined ? { arg: resolved.arg } : {}), written };
    const base: TransformerTypeInfo = { type: `PT_${info.type}`, isList: info.list, name: written };
    const type = info.type as FieldType;
    const out: CheckedField = { kind: 'field', expr: e, written, ref, info, type, isList: info.list, shape: { kind: 'plain' }, base };
    const either = EITHER_SIDE[info.name];
    const zero = ZERO_SIDES[info.name];
    let shape: FieldShape | undefined;
    if (either) shape = { kind: 'either-side', sides: either, ...(zero ? { zero } : {}), witnesses: FD_WITNESSES };
    else if (NET_OF[info.name]) shape = { kind: 'net', source: NET_OF[info.name]! };
    else if (PARENT_SOURCE[info.name] && resolved.arg === undefined) shape = { kind: 'ancestors', parent: PARENT_SOURCE[info.name]!, depth: ANCESTOR_DEPTH };
    if (shape) {
      out.shape = shape;
      out.isList = false;
      return out;
    }
    const key = simpleKey(ref);
    if (key !== undefined) out.key = key;
    if (info.name === 'evt.type' && resolved.arg === undefined) out.eventType = true;
    return out;
  }

  private transformer(e: FieldTransformerExpr): CheckedTransformer | undefined {
    const args: CheckedTransformerArg[] = [];
    let ok = true;
    let eventType = false;
    for (const v of e.values) {
      const a = this.transformerArg(v);
      if (!a) {
        ok = false;
        continue;
      }
      args.push(a);
      eventType = a.kind === 'operand' && a.operand.eventType === true;
    }
    if (!ok) return undefined;
    const checked = checkTransformer(e.transformer, args.map((a) => a.arg), e.arg);
    if ('error' in checked) {
      this.report('invalid-transformer', 'error', checked.error.replace(/^filter error: /, ''), e, undefined,
        // libsinsp knows one-argument transformers only by the single-argument names: any other is unknown to it.
        unknownTransformer(e) ? { name: e.transformer, nameKind: 'transformer' } : undefined);
      return undefined;
    }
    for (const w of checked.warnings ?? []) this.report('transformer-portability', 'warning', w, e);
    if (checked.reordered) {
      this.report('join-order', 'warning', "Falco expects join(separator, list): the field-first join(list, separator) is a falco-expr extension", e);
      args.reverse();
    }
    const name = e.transformer;
    const out: CheckedTransformer = {
      kind: 'transformer', expr: e, transformer: name, ...(e.arg !== undefined ? { arg: e.arg } : {}), args,
      reordered: checked.reordered === true, written: format(e), type: fieldTypeFromName(checked.type)!.type,
      isList: checked.isList, base: checked.base,
    };
    // A one-argument transformer is added onto its argument's check, which stays `evt.type`'s.
    if (eventType && args.length === 1 && name !== 'val') out.eventType = true;
    const single = args.length === 1 ? args[0] : undefined;
    if (name === 'val' && single?.kind === 'operand' && single.operand.kind === 'field' && single.operand.info) out.info = single.operand.info;
    return out;
  }

  private transformerArg(v: Expr): CheckedTransformerArg | undefined {
    switch (v.kind) {
      case 'value':
        return { kind: 'value', value: v.value, arg: { kind: 'value', type: 'PT_CHARBUF', isList: false } };
      case 'field': {
        const f = this.field(v);
        if (!f) return undefined;
        if (isAnyOf(f)) {
          this.report('invalid-transformer', 'error', `field '${f.written}' does not support transformers`, v);
          return undefined;
        }
        const flags = f.info?.noTransformer ? ['EPF_NO_TRANSFORMER'] : [];
        return { kind: 'operand', operand: f, arg: { kind: 'field', type: `PT_${f.type}`, isList: f.isList, name: f.written, flags } };
      }
      case 'field_transformer': {
        const t = this.transformer(v);
        if (!t) return undefined;
        return {
          kind: 'operand', operand: t,
          arg: { kind: 'transformer', type: `PT_${t.type}`, isList: t.isList, name: t.written, base: t.base, transformer: v.transformer },
        };
      }
      case 'transformer_list': {
        const items = v.children.map((c) => this.transformerArg(c));
        if (items.some((i) => !i)) return undefined;
        const els = items as CheckedTransformerArg[];
        const arg: TransformerArg = { kind: 'list', type: 'PT_CHARBUF', isList: true, elements: els.map((i) => i.arg) };
        return { kind: 'list', items: els, arg };
      }
      default:
        this.report('invalid-transformer', 'error', `a ${v.kind} cannot be a transformer argument`, v);
        return undefined;
    }
  }
}

function unknownTransformer(e: FieldTransformerExpr): boolean {
  return e.transformer !== 'val' && e.arg === undefined && e.values.length === 1 && transformerSignature(e.transformer)?.kind !== 'single';
}

/**
 * Checks a condition (text or tree): parses it, expands macros and lists, and checks every field, operator,
 * transformer and constant. The checked tree is set when there is no error.
 */
export function check(condition: string | Expr, options: CheckOptions = {}): CheckedCondition {
  const text = typeof condition === 'string' ? condition : undefined;
  let ast: Expr;
  if (typeof condition === 'string') {
    const parsed = parse(condition, { maxDepth: options.maxDepth ?? FALCO_MAX_DEPTH });
    if (!parsed.ast) {
      return { ...(text !== undefined ? { text } : {}), diagnostics: parsed.diagnostics, fields: [], eventTypes: undefined, origins: new WeakMap() };
    }
    ast = parsed.ast;
  } else {
    ast = condition;
  }
  const resolved = new Resolver(options).resolve(ast);
  const checker = new Checker(options.catalog ?? defaultCatalog, options.strict ?? true, new Set(options.asyncEventTypes ?? []), resolved.origins);
  const root = checker.node(resolved.ast);
  const diagnostics = [...resolved.diagnostics, ...checker.diagnostics].sort((a, b) => a.range.start.offset - b.range.start.offset);
  const failed = !root || diagnostics.some((d) => d.severity === 'error');
  return {
    ...(text !== undefined ? { text } : {}),
    ast: resolved.ast,
    ...(failed ? {} : { root }),
    diagnostics,
    fields: [...checker.fields],
    eventTypes: failed ? undefined : eventTypesOf(resolved.ast),
    origins: resolved.origins,
  };
}
