/**
 * The `regex` operator: RE2 with the options libsinsp uses (`RE2::POSIX`: posix_syntax, longest_match; no Perl
 * classes, no word boundaries, no Perl extensions, no Unicode groups, not one-line), matched against the whole
 * subject (`ANCHOR_BOTH`).
 *
 * re2js is a port of Go's regexp and accepts Perl syntax, so we parse the pattern ourselves with RE2's POSIX-mode
 * rules (refusing what RE2::POSIX refuses, with RE2's error texts) and hand re2js an equivalent pattern in its
 * own syntax: every literal written as `\x{…}`, classes as explicit code point ranges, groups non-capturing.
 * Semantics kept from RE2's flags: `.` does not match `\n`; `[^…]` and `[[:^…:]]` do match `\n`; `^`/`$` also
 * match at embedded newlines (not one-line); leftmost-longest is irrelevant for a boolean full match.
 */
import { RE2JS } from 're2js';

export interface CompiledRegex {
  /** The pattern as written. */
  readonly source: string;
  /** True when the whole of `s` matches. */
  test(s: string): boolean;
}

/** RE2's `maximum_repeat_count`. */
const MAX_REPEAT = 1000;
const MAX_RUNE = 0x10ffff;

type Node =
  | { t: 'lit'; cp: number }
  | { t: 'class'; ranges: number[] }
  | { t: 'bol' }
  | { t: 'eol' }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; min: number; max: number; counted: boolean; sub: Node };

class RegexSyntaxError extends Error {}

/** RE2's POSIX groups (ASCII only), as sorted [lo, hi] pairs. */
const POSIX_GROUPS: Record<string, number[]> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

/** Sorts and merges [lo, hi] pairs. */
function normalizeRanges(pairs: number[]): number[] {
  const list: [number, number][] = [];
  for (let i = 0; i < pairs.length; i += 2) list.push([pairs[i]!, pairs[i + 1]!]);
  list.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of list) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

function negateRanges(ranges: number[]): number[] {
  const r = normalizeRanges(ranges);
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i]! > next) out.push(next, r[i]! - 1);
    next = r[i + 1]! + 1;
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
function unHex(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}
function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  private fail(code: string, arg?: string): never {
    throw new RegexSyntaxError(arg === undefined ? code : `${code}: ${arg}`);
  }

  private eof(): boolean {
    return this.pos >= this.src.length;
  }

  /** Reads one code point at `pos` (advancing); a lone surrogate is invalid UTF-8. */
  private rune(): number {
    const s = this.src;
    const c = s.charCodeAt(this.pos);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(this.pos + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        this.pos += 2;
        return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
      }
      this.fail('invalid UTF-8');
    }
    if (c >= 0xdc00 && c <= 0xdfff) this.fail('invalid UTF-8');
    this.pos++;
    return c;
  }

  parse(): Node {
    const node = this.parseAlt(0);
    if (!this.eof()) {
      // Only a ')' can stop the top-level alternation early.
      this.fail('unexpected )', this.src);
    }
    return node;
  }

  private parseAlt(depth: number): Node {
    const items: Node[] = [this.parseConcat(depth)];
    while (!this.eof() && this.src[this.pos] === '|') {
      this.pos++;
      items.push(this.parseConcat(depth));
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  }

  private parseConcat(depth: number): Node {
    const items: Node[] = [];
    const s = this.src;
    while (!this.eof()) {
      const ch = s[this.pos]!;
      if (ch === '|') break;
      if (ch === ')') {
        if (depth === 0) this.fail('unexpected )', s);
        break;
      }
      switch (ch) {
        case '(': {
          this.pos++;
          const inner = this.parseAlt(depth + 1);
          if (this.eof()) this.fail('missing )', s);
          this.pos++; // ')'
          items.push({ t: 'cat', items: [inner] });
          break;
        }
        case '*': case '+': case '?': {
          this.pos++;
          const last = items.pop();
          if (last === undefined) this.fail('no argument for repetition operator', ch);
          const min = ch === '+' ? 1 : 0;
          const max = ch === '?' ? 1 : -1;
          items.push({ t: 'rep', min, max, counted: false, sub: last });
          break;
        }
        case '{': {
          const start = this.pos;
          const rep = this.maybeRepeat();
          if (rep === undefined) {
            this.pos++;
            items.push({ t: 'lit', cp: 0x7b });
            break;
          }
          const opstr = s.slice(start, this.pos);
          const [min, max] = rep;
          if ((max !== -1 && max < min) || min > MAX_REPEAT || max > MAX_REPEAT) {
            this.fail('invalid repetition size', opstr);
          }
          const last = items.pop();
          if (last === undefined) this.fail('no argument for repetition operator', opstr);
          const node: Node = { t: 'rep', min, max, counted: true, sub: last };
          if ((min >= 2 || max >= 2) && repeatBudget(node, MAX_REPEAT) === 0) {
            this.fail('invalid repetition size', opstr);
          }
          items.push(node);
          break;
        }
        case '[':
          items.push(this.parseClass());
          break;
        case '.':
          this.pos++;
          items.push({ t: 'class', ranges: [0, 0x09, 0x0b, MAX_RUNE] });
          break;
        case '^':
          this.pos++;
          items.push({ t: 'bol' });
          break;
        case '$':
          this.pos++;
          items.push({ t: 'eol' });
          break;
        case '\\':
          items.push({ t: 'lit', cp: this.parseEscape() });
          break;
        default:
          items.push({ t: 'lit', cp: this.rune() });
      }
    }
    return { t: 'cat', items };
  }

  /** RE2's MaybeParseRepeat at `pos` (which is at '{'); advances past the '}' on success. */
  private maybeRepeat(): [number, number] | undefined {
    const s = this.src;
    let i = this.pos + 1;
    const int = (): number | undefined => {
      const c = s.charCodeAt(i);
      if (!(c >= 0x30 && c <= 0x39)) return undefined;
      const d = s.charCodeAt(i + 1);
      if (c === 0x30 && d >= 0x30 && d <= 0x39) return undefined; // no leading zeros
      let n = 0;
      while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) {
        if (n >= 100000000) return undefined;
        n = n * 10 + (s.charCodeAt(i) - 0x30);
        i++;
      }
      return n;
    };
    const lo = int();
    if (lo === undefined || i >= s.length) return undefined;
    let hi = lo;
    if (s[i] === ',') {
      i++;
      if (i >= s.length) return undefined;
      if (s[i] === '}') hi = -1;
      else {
        const h = int();
        if (h === undefined) return undefined;
        hi = h;
      }
    }
    if (i >= s.length || s[i] !== '}') return undefined;
    this.pos = i + 1;
    return [lo, hi];
  }

  /** RE2's ParseEscape at `pos` (which is at '\'), POSIX flags. Returns the rune. */
  private parseEscape(): number {
    const s = this.src;
    const begin = this.pos;
    if (begin + 1 >= s.length) this.fail('trailing \\');
    this.pos++;
    const bad = (): never => this.fail('invalid escape sequence', s.slice(begin, this.pos));
    const c = this.rune();
    if (c >= 0x31 && c <= 0x37) {
      // A single non-zero digit would be a backreference: not supported.
      const n = s.charCodeAt(this.pos);
      if (!(n >= 0x30 && n <= 0x37)) bad();
    }
    if (c >= 0x30 && c <= 0x37) {
      let code = c - 0x30;
      for (let k = 0; k < 2; k++) {
        const n = s.charCodeAt(this.pos);
        if (!(n >= 0x30 && n <= 0x37)) break;
        code = code * 8 + (n - 0x30);
        this.pos++;
      }
      return code;
    }
    switch (c) {
      case 0x78: { // x
        if (this.eof()) bad();
        let d = this.rune();
        if (d === 0x7b) { // {
          if (this.eof()) bad();
          d = this.rune();
          let nhex = 0;
          let code = 0;
          while (isHex(d)) {
            nhex++;
            code = code * 16 + unHex(d);
            if (code > MAX_RUNE) bad();
            if (this.eof()) bad();
            d = this.rune();
          }
          if (d !== 0x7d || nhex === 0) bad();
          return code;
        }
        if (this.eof()) bad();
        const d2 = this.rune();
        if (!isHex(d) || !isHex(d2)) bad();
        return unHex(d) * 16 + unHex(d2);
      }
      case 0x6e: return 0x0a; // n
      case 0x72: return 0x0d; // r
      case 0x74: return 0x09; // t
      case 0x61: return 0x07; // a
      case 0x66: return 0x0c; // f
      case 0x76: return 0x0b; // v
      default:
        // Escaped punctuation (and '_') stands for itself; letters, digits 8-9 and non-ASCII are errors.
        if (c < 0x80 && !isAsciiAlnum(c)) return c;
        return bad();
    }
  }

  /** RE2's ParseCharClass at `pos` (which is at '['), POSIX flags. */
  private parseClass(): Node {
    const s = this.src;
    const wholeClass = s.slice(this.pos);
    this.pos++;
    let negated = false;
    if (!this.eof() && s[this.pos] === '^') {
      this.pos++;
      negated = true;
    }
    const ranges: number[] = [];
    let first = true;
    while (!this.eof() && (s[this.pos] !== ']' || first)) {
      if (s[this.pos] === '-' && !first && (this.pos + 1 >= s.length || s[this.pos + 1] !== ']')) {
        // POSIX: '-' only first or last.
        const at = this.pos;
        this.pos++;
        if (!this.eof()) this.rune();
        this.fail('invalid character class range', s.slice(at, this.pos));
      }
      first = false;
      if (s[this.pos] === '[' && s[this.pos + 1] === ':' && this.pos + 2 < s.length) {
        const close = s.indexOf(':]', this.pos + 2);
        if (close >= 0) {
          const name = s.slice(this.pos, close + 2);
          const inner = name.slice(2, -2);
          const neg = inner.startsWith('^');
          const group = POSIX_GROUPS[neg ? inner.slice(1) : inner];
          if (group === undefined || (neg && inner.length === 1)) this.fail('invalid character class range', name);
          ranges.push(...(neg ? negateRanges(group) : group));
          this.pos = close + 2;
          continue;
        }
      }
      const rangeStart = this.pos;
      const lo = this.classChar(wholeClass);
      let hi = lo;
      if (this.pos + 1 < s.length && s[this.pos] === '-' && s[this.pos + 1] !== ']') {
        this.pos++;
        hi = this.classChar(wholeClass);
        if (hi < lo) this.fail('invalid character class range', s.slice(rangeStart, this.pos));
      }
      ranges.push(lo, hi);
    }
    if (this.eof()) this.fail('missing ]', wholeClass);
    this.pos++; // ']'
    return { t: 'class', ranges: negated ? negateRanges(ranges) : normalizeRanges(ranges) };
  }

  private classChar(wholeClass: string): number {
    if (this.eof()) this.fail('missing ]', wholeClass);
    if (this.src[this.pos] === '\\') return this.parseEscape();
    return this.rune();
  }
}

/** RE2's RepetitionWalker: the repeat budget left after nested counted repetitions (0 = too large). */
function repeatBudget(node: Node, budget: number): number {
  switch (node.t) {
    case 'rep': {
      let b = budget;
      if (node.counted) {
        const m = node.max < 0 ? node.min : node.max;
        if (m > 0) b = Math.floor(b / m);
      }
      return Math.min(b, repeatBudget(node.sub, b));
    }
    case 'cat':
    case 'alt': {
      let b = budget;
      for (const it of node.items) b = Math.min(b, repeatBudget(it, budget));
      return b;
    }
    default:
      return budget;
  }
}

function hex(cp: number): string {
  return `\\x{${cp.toString(16)}}`;
}

/** A code point range for an re2js class, avoiding surrogates (which re2js cannot express). */
function emitRanges(ranges: number[]): string {
  let out = '';
  for (let i = 0; i < ranges.length; i += 2) {
    let lo = ranges[i]!;
    let hi = ranges[i + 1]!;
    const parts: [number, number][] = [];
    if (lo < 0xd800) parts.push([lo, Math.min(hi, 0xd7ff)]);
    if (hi > 0xdfff) parts.push([Math.max(lo, 0xe000), hi]);
    for ([lo, hi] of parts) out += lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`;
  }
  return out;
}

const NEVER = '[^\\x{0}-\\x{10ffff}]';

function emit(node: Node): string {
  switch (node.t) {
    case 'lit':
      if (node.cp >= 0xd800 && node.cp <= 0xdfff) return NEVER;
      return isAsciiAlnum(node.cp) ? String.fromCharCode(node.cp) : hex(node.cp);
    case 'class': {
      const body = emitRanges(node.ranges);
      return body === '' ? NEVER : `[${body}]`;
    }
    case 'bol':
      return '^';
    case 'eol':
      return '$';
    case 'cat':
      return node.items.length === 1 ? emit(node.items[0]!) : `(?:${node.items.map(emit).join('')})`;
    case 'alt':
      return `(?:${node.items.map(emit).join('|')})`;
    case 'rep': {
      const sub = `(?:${emit(node.sub)})`;
      if (!node.counted) return sub + (node.min === 1 ? '+' : node.max === 1 ? '?' : '*');
      if (node.max === node.min) return `${sub}{${node.min}}`;
      return `${sub}{${node.min},${node.max < 0 ? '' : node.max}}`;
    }
  }
}

/**
 * Checks `pattern` with RE2's POSIX-mode syntax and returns the equivalent pattern in re2js (Go) syntax, or RE2's
 * error text (`invalid escape sequence: \d`, `no argument for repetition operator: ?`, `missing ]: [a`, …).
 */
export function translateRegex(pattern: string): { pattern: string } | { error: string } {
  try {
    return { pattern: emit(new Parser(pattern).parse()) };
  } catch (e) {
    if (e instanceof RegexSyntaxError) return { error: e.message };
    throw e;
  }
}

/** RE2's error text for `pattern` under RE2::POSIX, or undefined when RE2 accepts it. */
export function regexError(pattern: string): string | undefined {
  const r = translateRegex(pattern);
  return 'error' in r ? r.error : undefined;
}

/**
 * Compiles a `regex` operand: RE2::POSIX syntax, whole-subject match. Returns `{ error }` with RE2's error text
 * when RE2 would refuse the pattern (libsinsp then reports `invalid regex pattern: <error>`).
 */
export function compileRegex(pattern: string): CompiledRegex | { error: string } {
  const t = translateRegex(pattern);
  if ('error' in t) return t;
  let re: RE2JS;
  try {
    re = RE2JS.compile(t.pattern, RE2JS.MULTILINE);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  const literal = literalShape(pattern);
  if (literal) return { source: pattern, test: literal };
  return {
    source: pattern,
    test: (s: string) => re.testExact(s),
  };
}

/**
 * Patterns made of a literal with an optional `.*` on either side (`.*curl.*`, `/tmp/.*`, `.*\.sh`) are
 * decided with string operations. The match covers the whole subject and `.` never matches a newline, so
 * `.*X.*` holds exactly when the subject has no newline and contains X. Same answers as RE2, far faster.
 */
function literalShape(pattern: string): ((s: string) => boolean) | undefined {
  const m = /^(\^?)(\.\*)?((?:[^.*+?()[\]{}|\\^$]|\\[.*+?()[\]{}|\\^$/-])*)(\.\*)?(\$?)$/.exec(pattern);
  if (!m) return undefined;
  const text = m[3]!.replace(/\\(.)/g, '$1');
  const anyBefore = m[2] !== undefined;
  const anyAfter = m[4] !== undefined;
  if (text.includes('\n') || /[\ud800-\udfff]/.test(text)) return undefined;
  if (anyBefore && anyAfter) return (s) => s.indexOf('\n') < 0 && s.includes(text);
  if (anyAfter) return (s) => s.indexOf('\n') < 0 && s.startsWith(text);
  if (anyBefore) return (s) => s.indexOf('\n') < 0 && s.endsWith(text);
  return (s) => s === text;
}
