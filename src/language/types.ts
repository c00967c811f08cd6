/**
 * Field types of libsinsp (`ppm_param_type`, without the `PT_` prefix) grouped the way the filter compiler
 * groups them, and the operator × type compatibility check of libs `filter_compare.cpp::flt_is_comparable`.
 *
 * Pure data and functions: no Node built-ins, safe in a browser.
 */

import { canonicalOperator, modifier as modifierWord, operator, operatorAccepts, type ComparisonClass } from './vocabulary.js';

export { canonicalOperator };

/** Signed integers: compared as int64 (libs `flt_compare`). */
export const SIGNED_INT_TYPES = ['INT8', 'INT16', 'INT32', 'INT64', 'ERRNO', 'FD', 'PID'] as const;
/** Unsigned integers: compared as uint64. PORT, flags, enum flags, MODE, times and syscall ids are unsigned. */
export const UNSIGNED_INT_TYPES = [
  'UINT8', 'UINT16', 'UINT32', 'UINT64', 'FLAGS8', 'FLAGS16', 'FLAGS32', 'ENUMFLAGS8', 'ENUMFLAGS16',
  'ENUMFLAGS32', 'MODE', 'SYSCALLID', 'SIGTYPE', 'RELTIME', 'ABSTIME', 'PORT',
] as const;
/** Floating point (the right-hand side only accepts integers upstream). */
export const FLOAT_TYPES = ['DOUBLE'] as const;
/** Every type upstream compares with the numeric operator set. */
export const NUMERIC_TYPES = [...SIGNED_INT_TYPES, ...UNSIGNED_INT_TYPES, ...FLOAT_TYPES] as const;
export const BOOL_TYPES = ['BOOL'] as const;
/** C strings: comparison stops at the first NUL. */
export const STRING_TYPES = ['CHARBUF', 'FSPATH', 'FSRELPATH'] as const;
/** Length-aware raw bytes. */
export const BUFFER_TYPES = ['BYTEBUF'] as const;
export const IP_ADDR_TYPES = ['IPV4ADDR', 'IPV6ADDR', 'IPADDR'] as const;
export const IP_NET_TYPES = ['IPV4NET', 'IPV6NET', 'IPNET'] as const;
export const IP_TYPES = [...IP_ADDR_TYPES, ...IP_NET_TYPES] as const;
/**
 * Types that exist but support no comparison operator except `exists` (`flt_is_comparable` has no case for them).
 * UID/GID and L4PROTO have a value parser but are still refused by the type check. `DYN` is the type of
 * `evt.rawarg.*`; callers must resolve it to the event parameter's type before checking or comparing.
 */
export const OTHER_TYPES = [
  'UID', 'GID', 'L4PROTO', 'SOCKADDR', 'SOCKTUPLE', 'SOCKFAMILY', 'FDLIST', 'SIGSET', 'CHARBUFARRAY',
  'CHARBUF_PAIR_ARRAY', 'FD32', 'PID32', 'DYN', 'NONE',
] as const;
/** Element types a list field (EPF_IS_LIST) may have and still be compared (with `in`/`intersects`). */
export const LIST_ELEMENT_TYPES = ['CHARBUF', 'UINT64', 'RELTIME', 'ABSTIME', 'BOOL', 'IPADDR', 'IPNET'] as const;

export const FIELD_TYPES = [
  ...SIGNED_INT_TYPES, ...UNSIGNED_INT_TYPES, ...FLOAT_TYPES, ...BOOL_TYPES, ...STRING_TYPES, ...BUFFER_TYPES,
  ...IP_TYPES, ...OTHER_TYPES,
] as const;

export type SignedIntType = (typeof SIGNED_INT_TYPES)[number];
export type UnsignedIntType = (typeof UNSIGNED_INT_TYPES)[number];
export type NumericType = (typeof NUMERIC_TYPES)[number];
export type StringType = (typeof STRING_TYPES)[number];
export type IpType = (typeof IP_TYPES)[number];
export type FieldType = (typeof FIELD_TYPES)[number];
export type { ComparisonClass };

const CLASS_OF: Record<string, ComparisonClass> = Object.create(null);
for (const t of NUMERIC_TYPES) CLASS_OF[t] = 'numeric';
for (const t of BOOL_TYPES) CLASS_OF[t] = 'bool';
for (const t of STRING_TYPES) CLASS_OF[t] = 'string';
for (const t of BUFFER_TYPES) CLASS_OF[t] = 'buffer';
for (const t of IP_TYPES) CLASS_OF[t] = 'ip';
for (const t of OTHER_TYPES) CLASS_OF[t] = 'other';

export function comparisonClass(type: FieldType): ComparisonClass {
  return CLASS_OF[type] ?? 'other';
}

export function isFieldType(name: string): name is FieldType {
  return CLASS_OF[name] !== undefined;
}

/** Integer width in bits and signedness, for integer types; undefined otherwise. */
export function intLayout(type: FieldType): { bits: 8 | 16 | 32 | 64; signed: boolean } | undefined {
  switch (type) {
    case 'INT8': return { bits: 8, signed: true };
    case 'INT16': return { bits: 16, signed: true };
    case 'INT32': return { bits: 32, signed: true };
    case 'INT64': case 'ERRNO': case 'FD': case 'PID': return { bits: 64, signed: true };
    case 'UINT8': case 'FLAGS8': case 'ENUMFLAGS8': case 'SIGTYPE': case 'L4PROTO': return { bits: 8, signed: false };
    case 'UINT16': case 'FLAGS16': case 'ENUMFLAGS16': case 'PORT': case 'SYSCALLID': return { bits: 16, signed: false };
    case 'UINT32': case 'FLAGS32': case 'ENUMFLAGS32': case 'MODE': case 'UID': case 'GID': return { bits: 32, signed: false };
    case 'UINT64': case 'RELTIME': case 'ABSTIME': return { bits: 64, signed: false };
    default: return undefined;
  }
}

/** The name libsinsp prints for a type in error messages (`param_type_to_string`, which lacks IPv6 types). */
export function typeDisplayName(type: FieldType): string {
  switch (type) {
    case 'DYN': return 'DYNAMIC';
    case 'IPV6ADDR': case 'IPV6NET': case 'FD32': case 'PID32': return '<NA>';
    default: return type;
  }
}

/**
 * The one reader of type names: a catalog or data-source spelling → a FieldType. Accepts `PT_UINT64` or `UINT64`
 * (core fields, any case), Falco's `DYNAMIC` and `LIST(CHARBUF)`, and the plugin type names `string`, `uint64`,
 * `int64`, `bool`, `reltime`, `abstime`, `ipaddr`, `ipnet`, `bytebuf` (with an optional ` (list)` suffix, which is
 * reported as `isList`).
 */
export function fieldTypeFromName(name: string): { type: FieldType; isList: boolean } | undefined {
  let n = name.trim();
  let isList = false;
  const listForm = /^LIST\((.*)\)$/i.exec(n) ?? /^(.*?)\s*\(list\)$/i.exec(n);
  if (listForm) {
    isList = true;
    n = listForm[1]!.trim();
  }
  const plugin = PLUGIN_TYPE_NAMES[n.toLowerCase()];
  if (plugin) return { type: plugin, isList };
  n = n.toUpperCase();
  if (n.startsWith('PT_')) n = n.slice(3);
  const t = n === 'DYNAMIC' ? 'DYN' : n;
  return isFieldType(t) ? { type: t, isList } : undefined;
}

/** The plugin API's type names (`ss_plugin_field_type`). */
const PLUGIN_TYPE_NAMES: Record<string, FieldType> = {
  string: 'CHARBUF', uint64: 'UINT64', int64: 'INT64', bool: 'BOOL', reltime: 'RELTIME', abstime: 'ABSTIME',
  ipaddr: 'IPADDR', ipnet: 'IPNET', bytebuf: 'BYTEBUF',
};

/**
 * libsinsp's `PT_*` name for any spelling `fieldTypeFromName` reads (`CHARBUF`, `PT_CHARBUF`, `string`,
 * `string (list)` → `PT_CHARBUF`); a spelling it does not know is upper-cased with `PT_`.
 */
export function paramTypeName(name: string): string {
  const t = fieldTypeFromName(name);
  if (t) return `PT_${t.type}`;
  const upper = name.trim().replace(/\s*\(list\)$/, '').toUpperCase();
  return upper.startsWith('PT_') ? upper : `PT_${upper}`;
}

/** The name upstream's messages print for any type spelling (`PT_INT64` → `INT64`, `PT_DYN` → `DYNAMIC`). */
export function paramTypeDisplayName(name: string): string {
  const t = fieldTypeFromName(name);
  return t ? typeDisplayName(t.type) : paramTypeName(name).slice(3);
}

const LIST_TYPES = new Set<string>(LIST_ELEMENT_TYPES);

/**
 * The operator × type check of libsinsp (`str_to_cmpop_with_modifier` then `flt_is_comparable`).
 *
 * `op` is the base operator text (`=`, `==`, `contains`, …) and `modifier` the optional `oneof`/`anyof`/`allof`;
 * an AST operator text such as `"contains oneof"` may also be passed whole as `op` with `modifier` undefined.
 * `type` is the type after transformers and `isList` its list flag.
 *
 * Returns undefined when upstream accepts the combination, otherwise upstream's message exactly as Falco reports
 * it: `filter error: '<op>' operator not supported for numeric filters`, …; an unknown operator or modifier gives
 * `unrecognized filter comparison operator '<op>'` / `unrecognized filter comparison modifier '<mod>'` (no prefix,
 * as upstream). The messages name the base operator only, `==` printed as `=`.
 */
export function checkOperator(op: string, modifier: string | undefined, type: FieldType, isList: boolean): string | undefined {
  let base = op;
  let mod = modifier;
  if (mod === undefined) {
    const space = op.indexOf(' ');
    if (space >= 0) {
      base = op.slice(0, space);
      mod = op.slice(space + 1);
    }
  }
  if (!operator(base)) return `unrecognized filter comparison operator '${base}'`;
  if (mod !== undefined && !modifierWord(mod)) return `unrecognized filter comparison modifier '${mod}'`;
  const o = canonicalOperator(base);
  if (o === 'exists') return undefined;

  const fail = (what: string) => `filter error: '${o}' operator not supported ${what}`;
  if (isList) {
    if (!LIST_TYPES.has(type)) return `filter error: list filters are not supported for type '${typeDisplayName(type)}'`;
    return operatorAccepts(o, 'list') ? undefined : fail('list filters');
  }
  const cls = comparisonClass(type);
  if (operatorAccepts(o, cls)) return undefined;
  switch (cls) {
    case 'numeric': case 'bool': return fail('for numeric filters');
    case 'string': return fail('for string filters');
    case 'buffer': return fail('for buffer filters');
    case 'ip':
      if (mod !== undefined) return `filter error: '${o}' with modifier not supported for ip address and network filters`;
      return fail('for ip address and network filters');
    default:
      return fail(`for type '${typeDisplayName(type)}'`);
  }
}
