/**
 * Falco field transformers at run time: pure functions over extracted values (libsinsp's
 * `userspace/libsinsp/sinsp_filter_transformers/*.cpp` and `sinsp_filtercheck_multivalue_transformer.cpp`).
 * Their type rules are the checking stage's (../check/transformer-types.ts). Browser-safe: no Node built-ins.
 */

import { bytesToString, isEscapedByte, stringToBytes, utf8Length } from '../bytes.js';

/** A runtime scalar: CHARBUF/FSPATH as string, BYTEBUF as bytes, numbers as number or bigint. */
export type TransformerScalar = string | number | bigint | boolean | Uint8Array;
/** A runtime value: a scalar, a list (array), or `undefined` for "no value" (extraction failed). */
export type TransformerValue = TransformerScalar | TransformerScalar[] | undefined;

// ---------------------------------------------------------------------------------------------
// Byte helpers (UTF-8, C strings)

/** Number of UTF-8 bytes of `s` (see ../bytes.ts: an escaped byte counts 1, another lone surrogate 3). */
export const utf8ByteLength = utf8Length;

/** The text before the first NUL: what libsinsp's C-string operations (strcmp, strnlen, append) see. */
export function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

function stripTrailingNuls(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** The bytes before the first NUL, as a string (bytes that are not UTF-8 stay escaped bytes, see ../bytes.ts). */
function bytesToCString(b: Uint8Array): string {
  const nul = b.indexOf(0);
  return bytesToString(nul < 0 ? b : b.subarray(0, nul));
}

/**
 * True when `b` appended to `a` may join escaped bytes into a valid UTF-8 sequence (the last byte of `a` and the
 * first of `b` are both bytes that were not UTF-8 on their own): the result must then be decoded again.
 */
function joinsBytes(a: string, b: string): boolean {
  return a.length > 0 && b.length > 0 && isEscapedByte(a, a.length - 1) && isEscapedByte(b, 0);
}

/** The canonical string of the bytes a string stands for (escaped bytes that now form UTF-8 decoded). */
function recode(s: string): string {
  return bytesToString(stringToBytes(s));
}

/**
 * A value as text, the way a transformer list item or a join/concat operand is appended upstream:
 * strings up to the first NUL, bytes up to the first NUL (decoded as UTF-8), numbers in decimal
 * (upstream does so for PID/INT64/UINT64 fields; `checkTransformer` warns about other types).
 */
export function toCString(v: TransformerScalar): string {
  if (typeof v === 'string') return cString(v);
  if (v instanceof Uint8Array) return bytesToCString(v);
  return String(v);
}

// ---------------------------------------------------------------------------------------------
// Base64 (libsinsp `base64.h`, `Base64::decodeWithoutPadding`)

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_LOOKUP: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < B64_ALPHABET.length; i++) t[B64_ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/**
 * Strict standard-alphabet base64 decoding with optional padding, as libsinsp does it:
 * up to two trailing `=` are dropped (their number is not checked: `YWFh=` is accepted);
 * any other `=`, a blank, a URL-safe `-`/`_` or a non-ASCII character is an error; a final group of
 * one character is an error; unused low bits of the last character must be zero (`YR==` is refused).
 * The empty text decodes to no bytes. Returns `undefined` on error.
 */
export function decodeBase64(input: string | Uint8Array): Uint8Array | undefined {
  const codeAt = typeof input === 'string' ? (i: number) => input.charCodeAt(i) : (i: number) => input[i]!;
  let n = input.length;
  if (n === 0) return new Uint8Array(0);
  if (codeAt(n - 1) === 0x3d) {
    n--;
    if (n > 0 && codeAt(n - 1) === 0x3d) n--;
  }
  if (n % 4 === 1 || n === 0) return undefined;
  const out = new Uint8Array(Math.floor(n / 4) * 3 + (n % 4 === 0 ? 0 : (n % 4) - 1));
  let o = 0;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const c = codeAt(i);
    const v = c < 128 ? B64_LOOKUP[c]! : -1;
    if (v < 0) return undefined;
    switch (i % 4) {
      case 0:
        acc = v << 2;
        break;
      case 1:
        out[o++] = acc | (v >> 4);
        acc = (v & 0x0f) << 4;
        break;
      case 2:
        out[o++] = acc | (v >> 2);
        acc = (v & 0x03) << 6;
        break;
      case 3:
        out[o++] = acc | v;
        break;
    }
  }
  // the last character's bits that do not reach an output byte must be zero
  const last = B64_LOOKUP[codeAt(n - 1)]!;
  if (n % 4 === 2 && (last & 0x0f) !== 0) return undefined;
  if (n % 4 === 3 && (last & 0x03) !== 0) return undefined;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Runtime: single-argument transformers (applied item by item on lists)

/** An event value of a kind a transformer cannot take (a number where text is expected...). */
export class TransformerInputError extends TypeError {}

function typeErr(name: string, v: unknown): never {
  const what = v instanceof Uint8Array ? 'bytes' : Array.isArray(v) ? 'list' : typeof v;
  throw new TransformerInputError(`${name}() cannot transform a value of kind ${what}`);
}

/** Maps each item of a list (or the scalar); an item without value stays without; any failed item fails the whole. */
function eachItem(
  v: TransformerValue,
  f: (x: TransformerScalar) => TransformerScalar | undefined,
): TransformerValue {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return f(v);
  const out: TransformerScalar[] = [];
  for (const x of v) {
    if (x === undefined) {
      out.push(x as unknown as TransformerScalar);
      continue;
    }
    const y = f(x);
    if (y === undefined) return undefined;
    out.push(y);
  }
  return out;
}

/** ASCII-only case mapping on the text (trailing NULs dropped, as upstream's string transformer does). */
/** ASCII-only case change (C `tolower`/`toupper` in the C locale); the string itself when nothing changes. */
function asciiCase(s: string, lo: number, hi: number, re: RegExp, lower: boolean): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= lo && c <= hi) return s.replace(re, (m) => (lower ? m.toLowerCase() : m.toUpperCase()));
  }
  return s;
}
const lowerOne = (x: TransformerScalar) =>
  typeof x === 'string' ? asciiCase(stripTrailingNuls(x), 0x41, 0x5a, /[A-Z]+/g, true) : typeErr('tolower', x);
const upperOne = (x: TransformerScalar) =>
  typeof x === 'string' ? asciiCase(stripTrailingNuls(x), 0x61, 0x7a, /[a-z]+/g, false) : typeErr('toupper', x);

export function transformTolower(v: TransformerValue): TransformerValue {
  return typeof v === 'string' ? lowerOne(v) : eachItem(v, lowerOne);
}

export function transformToupper(v: TransformerValue): TransformerValue {
  return typeof v === 'string' ? upperOne(v) : eachItem(v, upperOne);
}

/**
 * base64 decoding. Strings (CHARBUF) give the decoded bytes, NULs included: bytes that are not UTF-8 stay escaped
 * bytes, so `len(b64(x))` counts bytes as upstream does (up to the first NUL, as every C-string operation; set
 * lookups such as `in` see past it, as upstream's do); bytes (BYTEBUF) give the decoded bytes followed by one NUL byte
 * unless they already end with one — upstream appends it and it counts in `len()` and `=` of buffers.
 * Invalid base64 gives no value (for a list: the whole list).
 */
export function transformB64(v: TransformerValue): TransformerValue {
  return eachItem(v, (x) => {
    if (typeof x === 'string') {
      const bytes = decodeBase64(stripTrailingNuls(x));
      return bytes === undefined ? undefined : bytesToString(bytes);
    }
    if (x instanceof Uint8Array) {
      let end = x.length;
      while (end > 0 && x[end - 1] === 0) end--;
      const bytes = decodeBase64(x.subarray(0, end));
      if (bytes === undefined) return undefined;
      if (bytes.length > 0 && bytes[bytes.length - 1] === 0) return bytes;
      const withNul = new Uint8Array(bytes.length + 1);
      withNul.set(bytes);
      return withNul;
    }
    return typeErr('b64', x);
  });
}

/** Text after the last `/`: `/a/b` → `b`, `/a/b/` → ``, `/` → ``, `b` → `b`, `` → ``. */
export function transformBasename(v: TransformerValue): TransformerValue {
  return eachItem(v, (x) => {
    if (typeof x !== 'string') return typeErr('basename', x);
    const s = stripTrailingNuls(x);
    return s.slice(s.lastIndexOf('/') + 1);
  });
}

/**
 * Length: a list's item count; a string's UTF-8 byte count up to the first NUL (upstream `strnlen`);
 * a buffer's byte count. No value stays no value.
 */
export function transformLen(v: TransformerValue): number | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.length;
  if (typeof v === 'string') return utf8ByteLength(cString(v));
  if (v instanceof Uint8Array) return v.length;
  return typeErr('len', v);
}

// ---------------------------------------------------------------------------------------------
// Runtime: join, concat, getopt

function asList(v: TransformerScalar | TransformerScalar[]): TransformerScalar[] {
  return Array.isArray(v) ? v : [v];
}

/**
 * `join(separator, list)`: list items (as C strings) separated by the separator; `""` for an empty list.
 * No value if the separator or the list has none, or (like a transformer list upstream) if an item has none.
 * The field-first order `join(list, separator)` is recognised (a list first, a scalar second) and swapped.
 */
export function transformJoin(separator: TransformerValue, list: TransformerValue): string | undefined {
  if (Array.isArray(separator) && !Array.isArray(list)) [separator, list] = [list, separator];
  if (separator === undefined || list === undefined) return undefined;
  const sepScalar = Array.isArray(separator) ? separator[0] : separator;
  if (sepScalar === undefined) return undefined;
  // The separator is appended whole (libsinsp takes its full length, NULs included), the items as C strings.
  const sep = typeof sepScalar === 'string' ? sepScalar : sepScalar instanceof Uint8Array ? bytesToString(sepScalar) : toCString(sepScalar);
  const parts: string[] = [];
  // Escaped bytes either side of a boundary may form a character once joined (see joinsBytes).
  const sepJoins = sep !== '' && (isEscapedByte(sep, 0) || isEscapedByte(sep, sep.length - 1));
  let recoding = false;
  for (const item of asList(list)) {
    if (item === undefined) return undefined;
    const part = toCString(item);
    if (parts.length > 0 && !recoding) {
      recoding = sep === '' ? joinsBytes(parts[parts.length - 1]!, part) : sepJoins && (joinsBytes(parts[parts.length - 1]!, sep) || joinsBytes(sep, part));
    }
    parts.push(part);
  }
  const out = parts.join(sep);
  return recoding ? recode(out) : out;
}

/**
 * `concat(a, b, …)`: the arguments appended as C strings. No value if any argument has none. A list
 * argument contributes its first item (upstream reads only the first extracted value); an empty one fails.
 */
export function transformConcat(...parts: TransformerValue[]): string | undefined {
  let out = '';
  let recoding = false;
  for (const p of parts) {
    if (p === undefined) return undefined;
    const first = Array.isArray(p) ? p[0] : p;
    if (first === undefined) return undefined;
    const part = toCString(first);
    recoding ||= joinsBytes(out, part);
    out += part;
  }
  return recoding ? recode(out) : out;
}

/**
 * A value whole, NULs included, as getopt reads its tokens and optstring (libsinsp takes each value's full
 * length: a value from tolower/toupper/b64/basename ends with the NUL those append, which getopt then scans).
 */
function fullText(v: TransformerScalar): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return bytesToString(v);
  return String(v);
}

/** A parsed getopt optstring (libsinsp `parse_optstring`). */
export interface GetoptSpec {
  /** Option characters (one byte each, as latin-1 characters of the UTF-8 encoding). */
  options: Set<string>;
  /** Options that take an argument (`x:`). */
  withArgument: Set<string>;
  /** A leading `:` was present; upstream records it but it changes no result. */
  leadingColon: boolean;
}

/** The bytes `s` stands for, as a string of latin-1 characters, one per byte (identity for ASCII). */
function toByteString(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  let out = '';
  for (const b of stringToBytes(s)) out += String.fromCharCode(b);
  return out;
}

/** A string of latin-1 characters, one per byte, back to our text model (bytes that are not UTF-8 escaped). */
function fromByteString(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return bytesToString(b);
}

/**
 * Parses an optstring: every byte but `:` is an option character; `x:` marks x as taking an argument;
 * a further `:` (GNU's optional argument, `x::`) is ignored; a leading `:` is recorded only.
 */
export function parseOptstring(optstring: string): GetoptSpec {
  const s = toByteString(optstring);
  const spec: GetoptSpec = { options: new Set(), withArgument: new Set(), leadingColon: s.startsWith(':') };
  for (let i = spec.leadingColon ? 1 : 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === ':') continue;
    spec.options.add(c);
    if (s[i + 1] === ':') {
      spec.withArgument.add(c);
      i++;
    }
  }
  return spec;
}

let lastOptstring: string | undefined;
let lastSpec: GetoptSpec | undefined;

/**
 * `getopt(args, optstring)` and `getopt(args, optstring)[c]`, as libsinsp scans argv:
 * - the scan stops at `--`, at an empty token, at `-` alone and at the first token not starting with `-`;
 *   tokens of the form `--name` (long options) are skipped;
 * - `-abc` is a cluster of options; an unknown character yields `?` (list mode only);
 * - an option taking an argument uses the rest of its token (`-ofile`) or else the next token
 *   (`-o file`, even if it starts with `-`), and ends the cluster; with no argument available it yields
 *   `""` in place of the option character and the scan ends.
 * List mode (no selector): option characters, each followed by its argument when it takes one.
 * Selector mode (`selector` = one character): the last occurrence's argument, or the character itself
 * for a flag, `""` for a missing argument; no value when the option does not occur.
 * No value when `args` or `optstring` has none.
 */
export function transformGetopt(
  args: TransformerValue,
  optstring: TransformerValue,
  selector?: string,
): string[] | string | undefined {
  if (args === undefined || optstring === undefined) return undefined;
  const opt = Array.isArray(optstring) ? optstring[0] : optstring;
  if (opt === undefined) return undefined;
  const optText = fullText(opt);
  let spec: GetoptSpec;
  if (lastSpec !== undefined && lastOptstring === optText) spec = lastSpec;
  else {
    spec = parseOptstring(optText);
    lastOptstring = optText;
    lastSpec = spec;
  }
  const sel = selector === undefined ? undefined : toByteString(selector);
  if (sel !== undefined && sel.length !== 1) {
    throw new Error('getopt() field argument must be a single option character');
  }

  const argv: string[] = [];
  for (const a of asList(args)) {
    if (a === undefined) return undefined;
    argv.push(toByteString(fullText(a)));
  }

  const results: string[] = [];
  let selected: string | undefined;
  const emit = (optionName: string, value: string | undefined) => {
    if (sel !== undefined) {
      selected = value ?? optionName;
      return;
    }
    results.push(optionName);
    if (value !== undefined) results.push(value);
  };

  scan: for (let ai = 0; ai < argv.length; ai++) {
    const a = argv[ai]!;
    if (a === '--') break;
    if (a.length > 2 && a[0] === '-' && a[1] === '-') continue;
    if (a.length < 2 || a[0] !== '-') break;
    for (let i = 1; i < a.length; i++) {
      const c = a[i]!;
      if (c === ':' || !spec.options.has(c)) {
        if (sel === undefined) results.push('?');
        continue;
      }
      const match = sel === undefined || c === sel;
      const needsArg = spec.withArgument.has(c);
      if (!needsArg) {
        if (match) emit(c, undefined);
        continue;
      }
      let value: string | undefined;
      if (i + 1 < a.length) value = a.slice(i + 1);
      else if (ai + 1 < argv.length) value = argv[++ai];
      if (value === undefined) {
        if (match) emit('', undefined);
        break scan;
      }
      if (match) emit(c, value);
      break;
    }
  }

  if (sel !== undefined) return selected === undefined ? undefined : fromByteString(selected);
  return results.map(fromByteString);
}

// ---------------------------------------------------------------------------------------------
// Dispatcher

/**
 * Applies a transformer at runtime. `inputs` holds one value per argument, in source order (for `join`
 * either order is accepted); `arg` is the trailing `[arg]` (only `getopt`). Returns `undefined` for
 * "no value". Throws on an unknown name or an argument count `checkTransformer` would have refused.
 */
export function applyTransformer(
  name: string,
  inputs: readonly TransformerValue[],
  arg?: string,
): TransformerValue {
  const one = () => {
    if (inputs.length !== 1) throw new Error(`${name}() takes exactly one argument`);
    return inputs[0];
  };
  switch (name) {
    case 'val':
      return one();
    case 'tolower':
      return transformTolower(one());
    case 'toupper':
      return transformToupper(one());
    case 'b64':
      return transformB64(one());
    case 'basename':
      return transformBasename(one());
    case 'len':
      return transformLen(one());
    case 'join':
      if (inputs.length !== 2) throw new Error('join() requires exactly 2 arguments: separator and list');
      return transformJoin(inputs[0], inputs[1]);
    case 'concat':
      if (inputs.length < 2) throw new Error('concat() requires at least 2 arguments');
      return transformConcat(...inputs);
    case 'getopt':
      if (inputs.length !== 2) throw new Error('getopt() requires exactly 2 arguments: args list and optstring');
      return transformGetopt(inputs[0], inputs[1], arg);
    default:
      throw new Error(`unknown field transfomer '${name}'`);
  }
}
