/**
 * Operator semantics of libsinsp, per field type: libs `filter_compare.cpp::flt_compare`, and
 * `sinsp_filtercheck.cpp::compare_rhs` / `compare_rhs_with_mod` for sets, lists and modifiers.
 *
 * `makeComparator` does all the work once (parses nothing, compiles globs/path sets/sets, picks the per-type
 * code path) and returns a closure that is called once per event value. For strings and numbers that closure does
 * not allocate.
 *
 * Value conventions are those of ../values/constants.ts: strings stand for their UTF-8 bytes (so `<`/`>` order code points,
 * as `strcmp` orders UTF-8), a missing value (`undefined`/`null`) makes every operator false except that
 * `exists` is the caller's presence test.
 */
import { parseAll, type ConstantsError } from '../check/constants.js';
import { compileGlob } from '../values/glob.js';
import { buildPathPrefixSet } from '../values/pmatch.js';
import { compileRegex, type CompiledRegex } from '../values/regex.js';
import { canonicalOperator, checkOperator, comparisonClass, intLayout, type FieldType } from '../language/types.js';
import {
  bytesToString, parseConstant, sanitizeUtf8, stringToBytes, parseIPv4, parseIPv6, toComparable,
  type Constant, type EventValue,
} from '../values/constants.js';

/** A compiled check: true when the event value satisfies it. */
export type Comparator = (value: EventValue) => boolean;

type Test<X> = (x: X) => boolean;

/** Everything the generic combinators need from one comparison class. */
interface Kit<X> {
  /** Event value → comparable LHS; undefined when absent or unreadable (the check is then false). */
  norm(v: EventValue): X | undefined;
  /** `x <op> c` for one constant. */
  test(op: string, c: Constant): Test<X>;
  /** Membership in the constant set (binary equality, as upstream's `in`/`intersects`). */
  member(cs: readonly Constant[]): Test<X>;
}

const FALSE: Comparator = () => false;

/** A scalar field given a one-element array is read as that element; longer arrays are not a scalar value. */
function scalar(v: EventValue): EventValue {
  if (Array.isArray(v)) return v.length === 1 ? (v[0] as EventValue) : undefined;
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Strings (CHARBUF, FSPATH, FSRELPATH): C strings

/** `strcmp` sign on the UTF-8 encodings of two strings (code point order), without encoding them. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Surrogates (code points >= 0x10000) sort after U+E000..U+FFFF in code point order.
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** Whether an operator is `strcasestr`'s substring check (below), for the code generator's fast path. */
export function isCaseFoldContains(op: string): boolean {
  return canonicalOperator(op) === 'icontains';
}

/**
 * How a modifier combines the checks of the value against each constant: `some` (at least one holds), `every`
 * (all hold) or `one` (exactly one holds, duplicates counting); `undefined` for a word that is no modifier.
 */
export function modifierQuantifier(mod: string): 'some' | 'every' | 'one' | undefined {
  return mod === 'anyof' ? 'some' : mod === 'allof' ? 'every' : mod === 'oneof' ? 'one' : undefined;
}

/** `strcasestr` in the C locale: ASCII-case-insensitive substring search. `needle` must be ASCII-lowered. */
export function asciiIncludesFold(hay: string, needle: string): boolean {
  const m = needle.length;
  if (m === 0) return true;
  const first = needle.charCodeAt(0);
  const last = hay.length - m;
  outer: for (let i = 0; i <= last; i++) {
    let c = hay.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== first) continue;
    for (let j = 1; j < m; j++) {
      let d = hay.charCodeAt(i + j);
      if (d >= 0x41 && d <= 0x5a) d += 0x20;
      if (d !== needle.charCodeAt(j)) continue outer;
    }
    return true;
  }
  return false;
}

/**
 * A string as libsinsp's set lookups see it (`in`, `intersects`, `= anyof`, `!= allof`, `pmatch`): the whole value
 * but its trailing NULs (`craft_filter_value`), where the other operators stop at the first NUL. The two differ only
 * for values with a NUL inside, which transformers make (b64 of a text with a NUL, a join separator that keeps one).
 */
function strSetNorm(v: EventValue): string | undefined {
  if (typeof v === 'string') {
    if (v.indexOf('\0') < 0) return v;
    let end = v.length;
    while (end > 0 && v.charCodeAt(end - 1) === 0) end--;
    return v.slice(0, end);
  }
  if (v instanceof Uint8Array) {
    let end = v.length;
    while (end > 0 && v[end - 1] === 0) end--;
    return bytesToString(v.subarray(0, end));
  }
  return strNorm(v);
}

function strNorm(v: EventValue): string | undefined {
  if (typeof v === 'string') {
    const z = v.indexOf('\0');
    return z < 0 ? v : v.slice(0, z);
  }
  if (v === undefined || v === null) return undefined;
  const c = toComparable(scalar(v), 'CHARBUF');
  return c !== undefined && c.kind === 'string' ? c.value : undefined;
}

function strValue(c: Constant): string {
  if (c.kind === 'string') return c.value;
  if (c.kind === 'bytes') return c.text ?? bytesToString(c.value);
  throw new Error(`expected a string constant, got ${c.kind}`);
}

const stringKit: Kit<string> = {
  norm: strNorm,
  test(op, c) {
    const k = strValue(c);
    switch (op) {
      case '=': case 'in': case 'intersects': return (x) => x === k;
      case '!=': return (x) => x !== k;
      case '<': return (x) => compareStrings(x, k) < 0;
      case '<=': return (x) => compareStrings(x, k) <= 0;
      case '>': return (x) => compareStrings(x, k) > 0;
      case '>=': return (x) => compareStrings(x, k) >= 0;
      case 'contains': return k === '' ? () => true : (x) => x.includes(k);
      case 'icontains': {
        const lower = asciiLower(k);
        return (x) => asciiIncludesFold(x, lower);
      }
      case 'startswith': return (x) => x.startsWith(k);
      case 'endswith': return (x) => x.endsWith(k);
      case 'glob': return compileGlob(k, false);
      case 'iglob': return compileGlob(k, true);
      case 'regex': {
        let re: CompiledRegex | { error: string } | undefined = c.kind === 'string' ? c.regex : undefined;
        if (re === undefined) re = compileRegex(k);
        if ('error' in re) throw new Error(`invalid regex pattern: ${re.error}`);
        const r = re;
        // libsinsp sanitises the subject (invalid UTF-8 → U+FFFD) before a regex match.
        return (x) => r.test(sanitizeUtf8(x));
      }
      case 'pmatch': {
        const set = buildPathPrefixSet([k]);
        return (x) => set.match(x);
      }
      default: throw new Error(`'${op}' operator not supported for string filters`);
    }
  },
  member(cs) {
    const set = new Set(cs.map(strValue));
    return (x) => set.has(x);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Bytes (BYTEBUF): length-aware

/** An event BYTEBUF: a string stands for its UTF-8 bytes. */
type Buf = string | Uint8Array;

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function bytesIndexOf(h: Uint8Array, n: Uint8Array): number {
  const m = n.length;
  if (m === 0) return 0;
  const first = n[0]!;
  const last = h.length - m;
  outer: for (let i = 0; i <= last; i++) {
    if (h[i] !== first) continue;
    for (let j = 1; j < m; j++) if (h[i + j] !== n[j]) continue outer;
    return i;
  }
  return -1;
}

function bytesStartsWith(h: Uint8Array, n: Uint8Array, at = 0): boolean {
  if (at < 0 || at + n.length > h.length) return false;
  for (let j = 0; j < n.length; j++) if (h[at + j] !== n[j]) return false;
  return true;
}

function bufNorm(v: EventValue): Buf | undefined {
  if (typeof v === 'string' || v instanceof Uint8Array) return v;
  if (v === undefined || v === null) return undefined;
  const c = toComparable(scalar(v), 'BYTEBUF');
  return c !== undefined && c.kind === 'bytes' ? c.value : undefined;
}

function bufBytes(c: Constant): { bytes: Uint8Array; text?: string } {
  if (c.kind === 'bytes') return c.text === undefined ? { bytes: c.value } : { bytes: c.value, text: c.text };
  if (c.kind === 'string') return { bytes: stringToBytes(c.value), text: c.value };
  throw new Error(`expected a byte constant, got ${c.kind}`);
}

const asBytes = (x: Buf): Uint8Array => (typeof x === 'string' ? stringToBytes(x) : x);

const bufferKit: Kit<Buf> = {
  norm: bufNorm,
  test(op, c) {
    const { bytes, text } = bufBytes(c);
    // A string LHS can be compared as a string when the constant is valid UTF-8: UTF-8 preserves equality,
    // prefixes, suffixes and substrings.
    switch (op) {
      case '=': case 'in': case 'intersects':
        return (x) => (typeof x === 'string' ? text !== undefined && x === text : bytesEqual(x, bytes));
      case '!=':
        return (x) => !(typeof x === 'string' ? text !== undefined && x === text : bytesEqual(x, bytes));
      case 'contains': case 'bcontains':
        return (x) => (typeof x === 'string' && text !== undefined ? x.includes(text) : bytesIndexOf(asBytes(x), bytes) >= 0);
      case 'startswith': case 'bstartswith':
        return (x) => (typeof x === 'string' && text !== undefined ? x.startsWith(text) : bytesStartsWith(asBytes(x), bytes));
      case 'endswith':
        return (x) => {
          if (typeof x === 'string' && text !== undefined) return x.endsWith(text);
          const b = asBytes(x);
          return bytesStartsWith(b, bytes, b.length - bytes.length);
        };
      default: throw new Error(`'${op}' operator not supported for buffer filters`);
    }
  },
  member(cs) {
    const tests = cs.map((c) => bufferKit.test('=', c));
    return (x) => {
      for (let i = 0; i < tests.length; i++) if (tests[i]!(x)) return true;
      return false;
    };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Numbers and booleans

type Num = number | bigint;

function numOf(c: Constant): Num {
  if (c.kind === 'int' || c.kind === 'double' || c.kind === 'bool') return c.value;
  throw new Error(`expected a numeric constant, got ${c.kind}`);
}

/** Set key: a safe integer as a number, anything else as a bigint, so equal values give equal keys. */
function numKey(x: Num): Num {
  if (typeof x === 'bigint' && x >= -9007199254740991n && x <= 9007199254740991n) return Number(x);
  return x;
}

/** Exact equality between numbers and bigints (`1n == 1`). */
function looseEq(a: Num, b: Num): boolean {
  return (a as unknown as number) == (b as unknown as number);
}

function numericKit(type: FieldType): Kit<Num> {
  let norm: (v: EventValue) => Num | undefined;
  const layout = intLayout(type);
  if (layout === undefined) {
    // DOUBLE (and BOOL, which shares this path)
    const kind = type === 'BOOL' ? 'bool' : 'double';
    norm = (v) => {
      if (typeof v === 'number' && kind === 'double') return v;
      if (typeof v === 'boolean' && kind === 'bool') return v ? 1 : 0;
      if (v === undefined || v === null) return undefined;
      const c = toComparable(scalar(v), type);
      return c !== undefined && (c.kind === 'double' || c.kind === 'bool') ? c.value : undefined;
    };
  } else {
    const { bits, signed } = layout;
    const lo = bits === 64 ? (signed ? -Number.MAX_SAFE_INTEGER : 0) : signed ? -(2 ** (bits - 1)) : 0;
    const hi = bits === 64 ? Number.MAX_SAFE_INTEGER : signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
    norm = (v) => {
      if (typeof v === 'number' && v >= lo && v <= hi && Number.isInteger(v)) return v;
      if (v === undefined || v === null) return undefined;
      const c = toComparable(scalar(v), type);
      return c !== undefined && c.kind === 'int' ? c.value : undefined;
    };
  }
  return {
    norm,
    test(op, c) {
      const k = numOf(c);
      if (typeof k === 'number') {
        // Mixed number/bigint comparisons are exact in JS.
        switch (op) {
          case '=': case 'in': case 'intersects': return (x) => (typeof x === 'number' ? x === k : looseEq(x, k));
          case '!=': return (x) => (typeof x === 'number' ? x !== k : !looseEq(x, k));
          case '<': return (x) => x < k;
          case '<=': return (x) => x <= k;
          case '>': return (x) => x > k;
          case '>=': return (x) => x >= k;
        }
      } else {
        switch (op) {
          case '=': case 'in': case 'intersects': return (x) => x == k;
          case '!=': return (x) => x != k;
          case '<': return (x) => x < k;
          case '<=': return (x) => x <= k;
          case '>': return (x) => x > k;
          case '>=': return (x) => x >= k;
        }
      }
      throw new Error(`'${op}' operator not supported for numeric filters`);
    },
    member(cs) {
      const set = new Set<Num>(cs.map((c) => numKey(numOf(c))));
      return (x) => set.has(typeof x === 'number' ? x : numKey(x));
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// IP addresses and networks

/** A reusable LHS holder (one per comparator): no allocation per event. */
interface IpLhs {
  fam: 4 | 6;
  v4: number;
  v6: Uint8Array;
}

function ipKit(type: FieldType): Kit<IpLhs> {
  const h: IpLhs = { fam: 4, v4: 0, v6: new Uint8Array(16) };
  const v4Only = type === 'IPV4ADDR' || type === 'IPV4NET';
  const norm = (v: EventValue): IpLhs | undefined => {
    if (typeof v === 'string') {
      if (!v4Only && v.indexOf(':') >= 0) {
        if (!parseIPv6(v, h.v6)) return undefined;
        h.fam = 6;
        return h;
      }
      const a = parseIPv4(v);
      if (a < 0) return undefined;
      h.fam = 4;
      h.v4 = a;
      return h;
    }
    if (v === undefined || v === null) return undefined;
    const c = toComparable(scalar(v), type);
    if (c === undefined) return undefined;
    if (c.kind === 'ipv4') {
      h.fam = 4;
      h.v4 = c.value;
      return h;
    }
    if (c.kind === 'ipv6') {
      h.fam = 6;
      h.v6.set(c.value);
      return h;
    }
    return undefined;
  };
  /** Equality (for networks: membership) of the LHS with one constant; undefined on a family mismatch. */
  const eqOf = (c: Constant): ((x: IpLhs) => boolean | undefined) => {
    switch (c.kind) {
      case 'ipv4': {
        const a = c.value;
        return (x) => (x.fam === 4 ? x.v4 === a : undefined);
      }
      case 'ipv6': {
        const b = c.value;
        return (x) => (x.fam === 6 ? bytesEqual(x.v6, b) : undefined);
      }
      case 'ipv4net': {
        const m = c.mask;
        const net = (c.addr & m) >>> 0;
        return (x) => (x.fam === 4 ? ((x.v4 & m) >>> 0) === net : undefined);
      }
      case 'ipv6net': {
        const { addr, bits } = c;
        const full = bits >> 3;
        const rest = bits & 7;
        return (x) => {
          if (x.fam !== 6) return undefined;
          for (let i = 0; i < full; i++) if (x.v6[i] !== addr[i]) return false;
          if (rest === 0) return true;
          const sh = 8 - rest;
          return x.v6[full]! >> sh === addr[full]! >> sh;
        };
      }
      default:
        throw new Error(`expected an IP constant, got ${c.kind}`);
    }
  };
  return {
    norm,
    test(op, c) {
      const eq = eqOf(c);
      switch (op) {
        case '=': case 'in': case 'intersects': return (x) => eq(x) === true;
        // A family mismatch always "differs" (flt_compare returns op == CO_NE).
        case '!=': return (x) => eq(x) !== true;
        default: throw new Error(`'${op}' operator not supported for ip address and network filters`);
      }
    },
    member(cs) {
      if (cs.every((c) => c.kind === 'ipv4')) {
        const set = new Set(cs.map((c) => (c as { value: number }).value));
        return (x) => x.fam === 4 && set.has(x.v4);
      }
      const eqs = cs.map(eqOf);
      return (x) => {
        for (let i = 0; i < eqs.length; i++) if (eqs[i]!(x) === true) return true;
        return false;
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Assembly

function kitFor(type: FieldType): Kit<any> {
  switch (comparisonClass(type)) {
    case 'string': return stringKit;
    case 'buffer': return bufferKit;
    case 'numeric': case 'bool': return numericKit(type);
    case 'ip': return ipKit(type);
    default: throw new Error(`no comparison for type ${type}`);
  }
}

function splitOp(op: string, modifier: string | undefined): { base: string; mod: string | undefined } {
  if (modifier !== undefined) return { base: op, mod: modifier };
  const space = op.indexOf(' ');
  return space < 0 ? { base: op, mod: undefined } : { base: op.slice(0, space), mod: op.slice(space + 1) };
}

/**
 * Builds the check `value <op>[ <modifier>] <constants>` for a field of type `type` (after transformers) with
 * list flag `isList`. `op` is an operator text (`=`, `==`, `contains`, …, or a whole AST text such as
 * `"startswith oneof"` with `modifier` undefined). `constants` come from {@link parseConstant} with the same type
 * and operator (one for scalar operators; upstream compares scalar operators with the first one).
 *
 * Semantics (spec §4.5–4.8, 4.11):
 * - `exists`: true for any present value (an empty list included);
 * - a scalar `in`/`intersects`: membership in the constant set; `pmatch`: path-prefix set;
 * - modifiers: `oneof` exactly one constant satisfies `op`, `anyof` at least one, `allof` all; an empty
 *   constant list is false for all three;
 * - a list field (`isList`, value an array): `in` is true when every element is in the set (vacuously true for
 *   an empty list), `intersects` when at least one is.
 *
 * Throws when upstream's type check refuses the combination (see `checkOperator`).
 */
export function makeComparator(
  op: string,
  modifier: string | undefined,
  type: FieldType,
  isList: boolean,
  constants: readonly Constant[],
): Comparator {
  const { base, mod } = splitOp(op, modifier);
  const err = checkOperator(base, mod, type, isList);
  if (err !== undefined) throw new Error(err);
  const o = canonicalOperator(base);
  if (o === 'exists') return (v) => v !== undefined && v !== null;
  const kit = kitFor(type);

  if (isList) {
    const member = kit.member(constants);
    const norm = kit.norm;
    if (o === 'in') {
      return (v) => {
        if (v === undefined || v === null) return false;
        if (!Array.isArray(v)) {
          const x = norm(v);
          return x !== undefined && member(x);
        }
        for (let i = 0; i < v.length; i++) {
          const x = norm(v[i] as EventValue);
          if (x === undefined || !member(x)) return false;
        }
        return true;
      };
    }
    return (v) => {
      if (v === undefined || v === null) return false;
      if (!Array.isArray(v)) {
        const x = norm(v);
        return x !== undefined && member(x);
      }
      for (let i = 0; i < v.length; i++) {
        const x = norm(v[i] as EventValue);
        if (x !== undefined && member(x)) return true;
      }
      return false;
    };
  }

  const norm = kit.norm;
  const setNorm = comparisonClass(type) === 'string' ? strSetNorm : norm;

  if (mod !== undefined) {
    const n = constants.length;
    if (n === 0) return FALSE;
    // Equality-only types (networks) compare every operator as '=' (upstream coerces; the type check already
    // refuses other operators with a modifier on IP types).
    const tests: Test<any>[] = constants.map((c) => kit.test(o, c));
    const cls = comparisonClass(type);
    const hashable = cls === 'string' || cls === 'numeric' || cls === 'bool';
    if (mod === 'anyof') {
      if (o === '=' && hashable) {
        const member = kit.member(constants);
        return (v) => {
          const x = setNorm(v);
          return x !== undefined && member(x);
        };
      }
      return (v) => {
        const x = norm(v);
        if (x === undefined) return false;
        for (let i = 0; i < n; i++) if (tests[i]!(x)) return true;
        return false;
      };
    }
    if (mod === 'allof') {
      if (o === '!=' && hashable) {
        const member = kit.member(constants);
        return (v) => {
          const x = setNorm(v);
          return x !== undefined && !member(x);
        };
      }
      return (v) => {
        const x = norm(v);
        if (x === undefined) return false;
        for (let i = 0; i < n; i++) if (!tests[i]!(x)) return false;
        return true;
      };
    }
    // oneof: exactly one (duplicates count).
    return (v) => {
      const x = norm(v);
      if (x === undefined) return false;
      let k = 0;
      for (let i = 0; i < n; i++) if (tests[i]!(x) && ++k > 1) return false;
      return k === 1;
    };
  }

  if (o === 'in' || o === 'intersects') {
    if (constants.length === 0) return FALSE;
    const member = kit.member(constants);
    return (v) => {
      const x = setNorm(v);
      return x !== undefined && member(x);
    };
  }

  if (o === 'pmatch') {
    const set = buildPathPrefixSet(constants.map(strValue));
    return (v) => {
      const x = setNorm(v);
      return x !== undefined && set.match(x);
    };
  }

  if (constants.length === 0) return FALSE;
  const test = kit.test(o, constants[0]!);

  // Hot path for plain strings: no NUL scan unless the value could be longer than the constant.
  if (comparisonClass(type) === 'string' && (o === '=' || o === '!=')) {
    const k = strValue(constants[0]!);
    const eq = (v: EventValue): boolean => {
      if (typeof v === 'string') return v === k || (v.length > k.length && v.charCodeAt(k.length) === 0 && v.startsWith(k));
      const x = norm(v);
      return x !== undefined && x === k;
    };
    const ne = (v: EventValue): boolean => {
      if (typeof v === 'string') return !eq(v);
      const x = norm(v);
      return x !== undefined && x !== k;
    };
    return o === '=' ? eq : ne;
  }
  return (v) => {
    const x = norm(v);
    return x !== undefined && test(x);
  };
}

/**
 * Convenience: the checking stage's operator check and constant parsing (`parseAll`), then the comparator, in one
 * step, returning upstream's first error (`filter error: …`, `… is not a valid number`, `invalid regex pattern: …`)
 * instead of throwing. `values` are the right-hand-side texts (one for a scalar operator, the list items otherwise).
 */
export function compileCheck(
  op: string,
  modifier: string | undefined,
  type: FieldType,
  isList: boolean,
  values: readonly (string | Uint8Array)[],
): Comparator | ConstantsError {
  const constants = parseAll(op, modifier, type, isList, values);
  if ('error' in constants) return constants;
  return makeComparator(op, modifier, type, isList, constants);
}
