/*
 * Quoted strings as libsinsp reads them (libs `filter/escaping.cpp`): `\b \f \n \r \t \\ \/`, the quote
 * of the same kind, `\xHH` for a byte, and the legacy `\ ` (backslash-space) that stands for a backslash.
 * Bytes given with `\xHH` are decoded as UTF-8 where they form valid UTF-8 (so `"\xc3\xa9"` is `é`); other
 * bytes are kept as escaped bytes (see ../bytes.ts), so `"\xff"` and `"\xfe"` stay different.
 */
import { bytesToString } from '../bytes.js';


export type UnescapeResult = { value: string; error?: undefined } | { value?: undefined; error: string };

const SIMPLE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '\\': '\\', '/': '/' };
const HEX = /^[0-9a-fA-F]{2}$/;

/** Decodes the text of a quoted string, quotes included. */
export function unescapeQuoted(raw: string): UnescapeResult {
  const quote = raw[0]!;
  const body = raw.slice(1, -1);
  if (body.indexOf('\\') < 0) return { value: body };
  let out = '';
  let bytes: number[] | undefined;
  const flushBytes = () => {
    if (!bytes) return;
    out += bytesToString(Uint8Array.from(bytes));
    bytes = undefined;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      flushBytes();
      out += c;
      continue;
    }
    const n = body[i + 1];
    if (n === 'x') {
      const hex = body.slice(i + 2, i + 4);
      if (hex.length < 2) return { error: 'truncated hex char escape sequence' };
      if (!HEX.test(hex)) return { error: `invalid hex char escape sequence: ${hex}` };
      (bytes ??= []).push(parseInt(hex, 16));
      i += 3;
      continue;
    }
    flushBytes();
    if (n === undefined) return { error: 'unsupported string escape sequence: \\' };
    if (n in SIMPLE) out += SIMPLE[n];
    else if (n === ' ') out += '\\';
    else if (n === '"' || n === "'") {
      if (n !== quote) return { error: `invalid \\${n} escape in ${quote}-quoted string` };
      out += n;
    } else return { error: `unsupported string escape sequence: \\${n}` };
    i += 1;
  }
  flushBytes();
  return { value: out };
}

const NEEDS_ESCAPE = /[\\"\u0000-\u001f\u007f\udc80-\udcff]/;

/** Writes `value` as a double-quoted string that libsinsp's lexer reads back as the same value. */
export function quote(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const code = c.charCodeAt(0);
    if (c === '"') out += '\\"';
    else if (c === '\\') out += i === value.length - 1 ? '\\x5c' : '\\\\';
    else if (c === '\b') out += '\\b';
    else if (c === '\f') out += '\\f';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code >= 0xdc80 && code <= 0xdcff && !(i > 0 && (value.charCodeAt(i - 1) & 0xfc00) === 0xd800)) {
      out += '\\x' + (code - 0xdc00).toString(16);
    }
    else out += c;
  }
  return out + '"';
}
