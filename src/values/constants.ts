/**
 * Right-hand-side constants and event values in comparable form, with libsinsp's parsing rules and error texts
 * (libs `value_parser.cpp::string_to_rawval`, `sinsp_filtercheck.cpp::add_filter_value`/`parse_filter_value`,
 * `utils.cpp::sinsp_numparser`, `tuples.cpp` for IPv6 networks, glibc `inet_pton` and `sscanf`).
 *
 * Text model: a JS string stands for its UTF-8 bytes (lengths, limits and ordering are those of the UTF-8
 * encoding). Bytes that are not valid UTF-8 (e.g. from a `\xff` escape or a raw event buffer) are carried as
 * lone surrogates U+DC80..U+DCFF, one per byte, like Python's "surrogateescape": see `bytesToString` and
 * `stringToBytes`. So `"\xff"` and `"\xfe"` stay different, and equality, substrings, prefixes and globs
 * behave as on the raw bytes.
 *
 * No Node built-ins: only `TextEncoder`/`TextDecoder`, available in browsers and Node alike.
 */
import { bytesToString, decodeUtf8Strict, stringToBytes, utf8Length } from '../bytes.js';
import { compileRegex, type CompiledRegex } from './regex.js';

export { bytesToString, decodeUtf8Strict, stringToBytes, utf8Length };
import { comparisonClass, intLayout, type FieldType } from '../language/types.js';
import type { EventValue } from './event.js';

/** A parsed right-hand-side constant, or an event value converted to the same form. */
export type Constant =
  /** Integers of every width, wrapped/truncated as upstream; `number` when safe, else `bigint`. */
  | { kind: 'int'; value: number | bigint }
  | { kind: 'double'; value: number }
  | { kind: 'bool'; value: number }
  /** C string (never contains NUL as a constant). `regex` is set when the operator is `regex`. */
  | { kind: 'string'; value: string; regex?: CompiledRegex }
  /** Raw bytes (BYTEBUF); `text` is the same bytes as a string when they are valid UTF-8. */
  | { kind: 'bytes'; value: Uint8Array; text?: string }
  /** IPv4 address as an unsigned 32-bit number (10.0.0.1 = 0x0a000001). */
  | { kind: 'ipv4'; value: number }
  /** IPv6 address, 16 bytes in network order. */
  | { kind: 'ipv6'; value: Uint8Array }
  | { kind: 'ipv4net'; addr: number; mask: number; bits: number }
  | { kind: 'ipv6net'; addr: Uint8Array; bits: number };

/** A constant, or upstream's error text (`regex` when the pattern is what failed to compile). */
export type ConstantResult = Constant | { error: string; regex?: true };

/** What the comparators accept as an event value (one type for the whole pipeline: ./event.ts). */
export type { EventValue };

/** Upstream stores a constant in a buffer of at most this many bytes (a string needs one for its NUL). */
export const MAX_VALUE_STORAGE = 256;

/**
 * libsinsp's `utf8::sanitize` (applied to the subject of a regex match): invalid bytes, here escaped bytes and
 * other lone surrogates, become U+FFFD. Returns the same string when there is nothing to replace.
 */
export function sanitizeUtf8(s: string): string {
  let out: string | undefined;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++;
      continue;
    }
    out = (out ?? '') + s.slice(start, i) + '\ufffd';
    start = i + 1;
  }
  return out === undefined ? s : out + s.slice(start);
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers: glibc `sscanf("%d%c")`-style parsing as used by sinsp_numparser

const WS = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]);
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * `sscanf(str, "%<conv>%c", &res, &tmp) == 1`: optional leading blanks, optional sign, decimal digits, and nothing
 * after. Signed conversions go through `strtol` (clamped to int64) and unsigned ones through `strtoul` (a
 * negative value wraps modulo 2^64, overflow clamps to 2^64-1); `bits` then truncates to the destination
 * width as the C cast does. Returns undefined when upstream reports "<str> is not a valid number".
 */
export function scanInteger(text: string, signed: boolean, bits: 32 | 64): bigint | undefined {
  let i = 0;
  const n = text.length;
  while (i < n && WS.has(text.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (text[i] === '+' || text[i] === '-')) {
    neg = text[i] === '-';
    i++;
  }
  const start = i;
  while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  if (i === start || i !== n) return undefined;
  let mag = BigInt(text.slice(start, i));
  let v: bigint;
  if (signed) {
    v = neg ? -mag : mag;
    if (v > INT64_MAX) v = INT64_MAX;
    if (v < INT64_MIN) v = INT64_MIN;
    return bits === 64 ? v : BigInt.asIntN(bits, v);
  }
  if (mag > UINT64_MAX) v = UINT64_MAX;
  else v = neg ? BigInt.asUintN(64, -mag) : mag;
  return bits === 64 ? v : BigInt.asUintN(bits, v);
}

function notANumber(text: string): { error: string } {
  return { error: `${text} is not a valid number` };
}

function toNum(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Parses an integer constant the way `string_to_rawval` does for the type's width and signedness. */
function parseIntConstant(text: string, signed: boolean, bits: 8 | 16 | 32 | 64): ConstantResult {
  const v = scanInteger(text, signed, bits === 64 ? 64 : 32);
  if (v === undefined) return notANumber(text);
  const w = bits < 32 ? (signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v)) : v;
  return { kind: 'int', value: toNum(w) };
}

// ---------------------------------------------------------------------------------------------------------------
// Ports: service names

/**
 * A small built-in subset of the Debian netbase `/etc/services` (names and aliases, any protocol), standing in
 * for upstream's `getservbyname(name, NULL)`. Upstream's answer depends on the host's file; names outside this
 * table are refused here with upstream's "unrecognized protocol <name>". Note that `dns` is not a service name
 * (the DNS service is `domain`).
 */
export const SERVICE_PORTS: Readonly<Record<string, number>> = Object.freeze({
  tcpmux: 1, echo: 7, discard: 9, sink: 9, null: 9, systat: 11, users: 11, daytime: 13, netstat: 15, qotd: 17,
  quote: 17, chargen: 19, 'ftp-data': 20, ftp: 21, fsp: 21, fspd: 21, ssh: 22, telnet: 23, smtp: 25, mail: 25,
  time: 37, timserver: 37, whois: 43, nicname: 43, tacacs: 49, domain: 53, bootps: 67, bootpc: 68, tftp: 69,
  gopher: 70, finger: 79, http: 80, www: 80, kerberos: 88, kerberos5: 88, krb5: 88, 'kerberos-sec': 88,
  pop3: 110, 'pop-3': 110, sunrpc: 111, portmapper: 111, auth: 113, authentication: 113, ident: 113, nntp: 119,
  ntp: 123, epmap: 135, 'netbios-ns': 137, 'netbios-dgm': 138, 'netbios-ssn': 139, imap2: 143, imap: 143,
  snmp: 161, 'snmp-trap': 162, snmptrap: 162, bgp: 179, ldap: 389, https: 443, 'microsoft-ds': 445,
  kpasswd: 464, submissions: 465, ssmtp: 465, smtps: 465, isakmp: 500, exec: 512, biff: 512, login: 513,
  who: 513, shell: 514, cmd: 514, syslog: 514, printer: 515, spooler: 515, talk: 517, ntalk: 518, route: 520,
  router: 520, routed: 520, uucp: 540, klogin: 543, kshell: 544, 'dhcpv6-client': 546, 'dhcpv6-server': 547,
  rtsp: 554, nntps: 563, snntp: 563, submission: 587, ipp: 631, ldaps: 636, 'kerberos-adm': 749,
  kerberos4: 750, 'domain-s': 853, rsync: 873, 'ftps-data': 989, ftps: 990, telnets: 992, imaps: 993,
  pop3s: 995, socks: 1080, rmiregistry: 1099, openvpn: 1194, 'ms-sql-s': 1433, 'ms-sql-m': 1434, l2f: 1701,
  l2tp: 1701, radius: 1812, 'radius-acct': 1813, radacct: 1813, nfs: 2049, cvspserver: 2401, gpsd: 2947,
  'iscsi-target': 3260, mysql: 3306, 'ms-wbt-server': 3389, svn: 3690, subversion: 3690, epmd: 4369,
  'ipsec-nat-t': 4500, sip: 5060, 'sip-tls': 5061, 'xmpp-client': 5222, 'jabber-client': 5222,
  'xmpp-server': 5269, 'jabber-server': 5269, mdns: 5353, postgresql: 5432, postgres: 5432, amqps: 5671,
  amqp: 5672, nrpe: 5666, x11: 6000, 'x11-0': 6000, redis: 6379, 'syslog-tls': 6514, ircd: 6667,
  'http-alt': 8080, webcache: 8080, tproxy: 8081, puppet: 8140, git: 9418, webmin: 10000,
  'zabbix-agent': 10050, 'zabbix-trapper': 10051,
});

function parsePort(text: string): ConstantResult {
  if (text === '') return { kind: 'int', value: 0 };
  if (/^[0-9]+$/.test(text)) {
    const v = BigInt(text);
    // std::stoi: out of int range throws std::out_of_range, whose what() is "stoi" (not a sinsp_exception).
    if (v > 2147483647n) return { error: 'stoi' };
    return { kind: 'int', value: Number(v) & 0xffff };
  }
  const port = Object.prototype.hasOwnProperty.call(SERVICE_PORTS, text) ? SERVICE_PORTS[text] : undefined;
  if (port === undefined) return { error: `unrecognized protocol ${text}` };
  return { kind: 'int', value: port };
}

// ---------------------------------------------------------------------------------------------------------------
// IP addresses (glibc inet_pton semantics)

/**
 * glibc `inet_pton(AF_INET)` on `s[start, end)`: exactly four dotted decimal parts, each 0..255, no leading zeros,
 * nothing else. Returns the address as an unsigned 32-bit number, or -1.
 */
export function parseIPv4(s: string, start = 0, end = s.length): number {
  let octets = 0;
  let sawDigit = false;
  let cur = 0;
  let result = 0;
  for (let i = start; i < end; i++) {
    const ch = s.charCodeAt(i);
    if (ch >= 0x30 && ch <= 0x39) {
      if (sawDigit && cur === 0) return -1;
      cur = cur * 10 + (ch - 0x30);
      if (cur > 255) return -1;
      if (!sawDigit) {
        if (++octets > 4) return -1;
        sawDigit = true;
      }
    } else if (ch === 0x2e && sawDigit) {
      if (octets === 4) return -1;
      result = result * 256 + cur;
      cur = 0;
      sawDigit = false;
    } else {
      return -1;
    }
  }
  if (octets < 4 || !sawDigit) return -1;
  return result * 256 + cur;
}

function hexVal(ch: number): number {
  if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
  if (ch >= 0x61 && ch <= 0x66) return ch - 0x57;
  if (ch >= 0x41 && ch <= 0x46) return ch - 0x37;
  return -1;
}

/**
 * glibc `inet_pton(AF_INET6)` on `s[start, end)` into `out` (16 bytes): up to eight groups of 1-4 hex digits,
 * one `::`, an optional trailing dotted quad. Returns false when upstream would refuse the text.
 */
export function parseIPv6(s: string, out: Uint8Array, start = 0, end = s.length): boolean {
  let src = start;
  if (src === end) return false;
  if (s.charCodeAt(src) === 0x3a) {
    src++;
    if (src === end || s.charCodeAt(src) !== 0x3a) return false;
  }
  out.fill(0);
  let tp = 0;
  let colonp = -1;
  let curtok = src;
  let xdigits = 0;
  let val = 0;
  while (src < end) {
    const ch = s.charCodeAt(src++);
    const d = hexVal(ch);
    if (d >= 0) {
      if (xdigits === 4) return false;
      val = (val << 4) | d;
      xdigits++;
      continue;
    }
    if (ch === 0x3a) {
      curtok = src;
      if (xdigits === 0) {
        if (colonp >= 0) return false;
        colonp = tp;
        continue;
      } else if (src === end) {
        return false;
      }
      if (tp + 2 > 16) return false;
      out[tp++] = (val >> 8) & 0xff;
      out[tp++] = val & 0xff;
      xdigits = 0;
      val = 0;
      continue;
    }
    if (ch === 0x2e && tp + 4 <= 16) {
      const v4 = parseIPv4(s, curtok, end);
      if (v4 < 0) return false;
      out[tp++] = (v4 >>> 24) & 0xff;
      out[tp++] = (v4 >>> 16) & 0xff;
      out[tp++] = (v4 >>> 8) & 0xff;
      out[tp++] = v4 & 0xff;
      xdigits = 0;
      break;
    }
    return false;
  }
  if (xdigits > 0) {
    if (tp + 2 > 16) return false;
    out[tp++] = (val >> 8) & 0xff;
    out[tp++] = val & 0xff;
  }
  if (colonp >= 0) {
    if (tp === 16) return false;
    const n = tp - colonp;
    for (let i = 1; i <= n; i++) {
      out[16 - i] = out[colonp + n - i]!;
      out[colonp + n - i] = 0;
    }
    tp = 16;
  }
  return tp === 16;
}

/** `parseIPv4`/`parseIPv6` for event texts: a `:` means IPv6. */
function ipFromText(s: string): Constant | undefined {
  if (s.indexOf(':') >= 0) {
    const b = new Uint8Array(16);
    return parseIPv6(s, b) ? { kind: 'ipv6', value: b } : undefined;
  }
  const v = parseIPv4(s);
  return v < 0 ? undefined : { kind: 'ipv4', value: v };
}

/** getline(ss, mask): the text after the first '/', up to a newline. */
function maskText(text: string, slash: number): string {
  const rest = text.slice(slash + 1);
  const nl = rest.indexOf('\n');
  return nl < 0 ? rest : rest.slice(0, nl);
}

function parseIPv4Net(text: string): ConstantResult {
  const slash = text.indexOf('/');
  if (slash < 0) return { error: `unrecognized IP network ${text}` };
  const addr = parseIPv4(text, 0, slash);
  if (addr < 0) return { error: `unrecognized IP address ${text}` };
  const mask = maskText(text, slash);
  const bits = scanInteger(mask, false, 32);
  if (bits === undefined) return notANumber(mask);
  const cidr = Number(bits & 0xffn);
  if (cidr > 32) return { error: `invalid netmask ${mask}` };
  const m = cidr === 0 ? 0 : (0xffffffff << (32 - cidr)) >>> 0;
  return { kind: 'ipv4net', addr, mask: m, bits: cidr };
}

function parseIPv6Net(text: string): ConstantResult {
  const slash = text.indexOf('/');
  if (slash < 0) return { error: `invalid v6 netmask: ${text}` };
  const addr = new Uint8Array(16);
  if (!parseIPv6(text, addr, 0, slash)) return { error: `unrecognized IPv6 address ${text}` };
  const mask = maskText(text, slash);
  const bits = scanInteger(mask, false, 32);
  if (bits === undefined) return notANumber(mask);
  const prefix = Number(bits & 0xffn);
  if (prefix === 0 || prefix > 128) return { error: `invalid v6 netmask ${mask}` };
  return { kind: 'ipv6net', addr, bits: prefix };
}

// ---------------------------------------------------------------------------------------------------------------
// Hex (bcontains / bstartswith)

/** `sinsp_utils::unhex`: even length and only hex digits (either case); undefined otherwise. */
export function unhex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < text.length; i += 2) {
    const hi = hexVal(text.charCodeAt(i));
    const lo = hexVal(text.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[i / 2] = hi * 16 + lo;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// parseConstant

const PT_NUMBER: Record<string, number> = {
  NONE: 0, FDLIST: 16, DYN: 27, SIGSET: 34, CHARBUFARRAY: 35, CHARBUF_PAIR_ARRAY: 36, FD32: 47, PID32: 48,
};

/**
 * Parses one right-hand-side constant for a field of type `type` (the type after transformers) compared with
 * operator `op` (`=`, `contains`, `bcontains`, `regex`, … — a modifier suffix such as `"regex oneof"` is ignored).
 * Returns the comparable constant, or `{ error }` with upstream's message:
 *
 * - NUL byte (any type but BYTEBUF): `filter error: filter value cannot contain a NUL byte (\x00)`
 * - strings longer than 255 bytes: `filter parameter too long (used=<n+1>, available=256):<text>`;
 *   BYTEBUF: `filter parameter too long (byte buf)`
 * - integers: `<text> is not a valid number` (hex, decimals, exponents and trailing text are refused)
 * - BOOL: `filter error: unrecognized boolean value <text>`; PORT: `unrecognized protocol <text>`
 * - IPs: `unrecognized IPv4 address <t>`, `unrecognized IPv6 address <t>`, `unrecognized IP network <t>`,
 *   `unrecognized IP address <t>`, `invalid netmask <m>`, `invalid v6 netmask: <t>`, `invalid v6 netmask <m>`
 * - `bcontains`/`bstartswith`: `filter error: bcontains and bstartswith operator support hex strings only`
 * - `regex`: `invalid regex pattern: <RE2 error>`
 */
export function parseConstant(text: string | Uint8Array, type: FieldType, op: string): ConstantResult {
  const space = op.indexOf(' ');
  const baseOp = space < 0 ? op : op.slice(0, space);

  let bytes: Uint8Array | undefined = typeof text === 'string' ? undefined : text;
  let str: string | undefined = typeof text === 'string' ? text : undefined;

  if (baseOp === 'bcontains' || baseOp === 'bstartswith') {
    const hex = unhex(str ?? bytesToString(bytes!));
    if (hex === undefined) return { error: 'filter error: bcontains and bstartswith operator support hex strings only' };
    bytes = hex;
    str = undefined;
  }

  if (type === 'BYTEBUF') {
    const b = bytes ?? stringToBytes(str!);
    if (b.length >= MAX_VALUE_STORAGE) return { error: 'filter parameter too long (byte buf)' };
    const t = decodeUtf8Strict(b);
    return t === undefined ? { kind: 'bytes', value: b } : { kind: 'bytes', value: b, text: t };
  }

  if (str === undefined) {
    if (bytes!.indexOf(0) >= 0) return { error: 'filter error: filter value cannot contain a NUL byte (\\x00)' };
    str = bytesToString(bytes!);
  } else if (str.indexOf('\0') >= 0) {
    return { error: 'filter error: filter value cannot contain a NUL byte (\\x00)' };
  }

  const layout = intLayout(type);
  switch (type) {
    case 'PORT':
      return parsePort(str);
    case 'DOUBLE': {
      const v = scanInteger(str, true, 32);
      return v === undefined ? notANumber(str) : { kind: 'double', value: Number(v) };
    }
    case 'BOOL':
      if (str === 'true') return { kind: 'bool', value: 1 };
      if (str === 'false') return { kind: 'bool', value: 0 };
      return { error: `filter error: unrecognized boolean value ${str}` };
    case 'CHARBUF': case 'FSPATH': case 'FSRELPATH': case 'SOCKADDR': case 'SOCKTUPLE': case 'SOCKFAMILY': {
      const used = (bytes ? bytes.length : utf8Length(str)) + 1;
      if (used > MAX_VALUE_STORAGE) {
        return { error: `filter parameter too long (used=${used}, available=${MAX_VALUE_STORAGE}):${str}` };
      }
      if (baseOp === 'regex') {
        const re = compileRegex(str);
        if ('error' in re) return { error: `invalid regex pattern: ${re.error}`, regex: true };
        return { kind: 'string', value: str, regex: re };
      }
      return { kind: 'string', value: str };
    }
    case 'IPV4ADDR': {
      const v = parseIPv4(str);
      return v < 0 ? { error: `unrecognized IPv4 address ${str}` } : { kind: 'ipv4', value: v };
    }
    case 'IPV6ADDR': {
      const b = new Uint8Array(16);
      return parseIPv6(str, b) ? { kind: 'ipv6', value: b } : { error: `unrecognized IPv6 address ${str}` };
    }
    case 'IPADDR':
      return parseConstant(str, str.indexOf('.') >= 0 ? 'IPV4ADDR' : 'IPV6ADDR', op);
    case 'IPV4NET':
      return parseIPv4Net(str);
    case 'IPV6NET':
      return parseIPv6Net(str);
    case 'IPNET':
      return str.indexOf('.') >= 0 ? parseIPv4Net(str) : parseIPv6Net(str);
    default:
      if (layout) return parseIntConstant(str, layout.signed, layout.bits);
      return { error: `wrong parameter type ${PT_NUMBER[type] ?? type}` };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Event values

function wrapInt(v: number | bigint, signed: boolean, bits: number): number | bigint {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return v;
    if (!Number.isInteger(v)) v = Math.trunc(v);
    if (bits < 64 || Number.isSafeInteger(v)) {
      const lo = signed ? -(2 ** (bits - 1)) : 0;
      const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
      if (v >= lo && v <= hi) return v;
    }
    v = BigInt(v);
  }
  const w = signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
  return toNum(w);
}

function numberFromEvent(value: EventValue): number | bigint | undefined {
  switch (typeof value) {
    case 'number': return Number.isNaN(value) ? undefined : value;
    case 'bigint': return value;
    case 'boolean': return value ? 1 : 0;
    case 'string': {
      const t = value.trim();
      if (/^[+-]?[0-9]+$/.test(t)) return toNum(BigInt(t));
      if (t !== '' && !Number.isNaN(Number(t))) return Number(t);
      return undefined;
    }
    default: return undefined;
  }
}

/** Truncates a string at its first NUL (C-string semantics); returns the same string when it has none. */
export function cString(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

/**
 * Converts one event value (not a list) into the comparable form of `type`; undefined when the value cannot be
 * read as that type (the comparison is then false, like a missing value).
 *
 * - integer types: number, bigint, boolean or decimal string, wrapped to the type's width;
 * - DOUBLE: a number; BOOL: boolean, 0/1 or `"true"`/`"false"`;
 * - string types: a string (cut at the first NUL) or UTF-8 bytes;
 * - BYTEBUF: a Uint8Array, or a string standing for its UTF-8 bytes;
 * - IP address and network types: `"10.0.0.1"`, `"::1"`, 4 or 16 bytes, or an IPv4 address as a uint32 number.
 *   For network types the event value is an address (a field like `fd.net` extracts the address).
 */
export function toComparable(value: EventValue, type: FieldType): Constant | undefined {
  if (value === undefined || value === null || Array.isArray(value)) return undefined;
  const v = value as Exclude<EventValue, readonly EventValue[] | null | undefined>;
  const cls = comparisonClass(type);
  if (cls === 'numeric') {
    const n = numberFromEvent(v);
    if (n === undefined) return undefined;
    if (type === 'DOUBLE') return { kind: 'double', value: Number(n) };
    const layout = intLayout(type)!;
    return { kind: 'int', value: wrapInt(n, layout.signed, layout.bits) };
  }
  switch (cls) {
    case 'bool': {
      if (v === 'true') return { kind: 'bool', value: 1 };
      if (v === 'false') return { kind: 'bool', value: 0 };
      const n = numberFromEvent(v);
      if (n === undefined || (typeof n === 'number' && !Number.isFinite(n))) return undefined;
      const b = typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
      return { kind: 'bool', value: Number(BigInt.asUintN(32, b)) };
    }
    case 'string':
      if (typeof v === 'string') return { kind: 'string', value: cString(v) };
      if (v instanceof Uint8Array) {
        const z = v.indexOf(0);
        return { kind: 'string', value: bytesToString(z < 0 ? v : v.subarray(0, z)) };
      }
      if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return { kind: 'string', value: String(v) };
      return undefined;
    case 'buffer':
      if (v instanceof Uint8Array) {
        const t = decodeUtf8Strict(v);
        return t === undefined ? { kind: 'bytes', value: v } : { kind: 'bytes', value: v, text: t };
      }
      if (typeof v === 'string') {
        const b = stringToBytes(v);
        const t = decodeUtf8Strict(b);
        return t === undefined ? { kind: 'bytes', value: b } : { kind: 'bytes', value: b, text: t };
      }
      return undefined;
    case 'ip': {
      if (typeof v === 'string') return ipFromText(v.trim());
      if (v instanceof Uint8Array) {
        if (v.length === 4) return { kind: 'ipv4', value: ((v[0]! << 24) | (v[1]! << 16) | (v[2]! << 8) | v[3]!) >>> 0 };
        if (v.length === 16) return { kind: 'ipv6', value: v };
        return undefined;
      }
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) return { kind: 'ipv4', value: v };
      if (typeof v === 'bigint' && v >= 0n && v <= 0xffffffffn) return { kind: 'ipv4', value: Number(v) };
      return undefined;
    }
    default:
      return undefined;
  }
}
