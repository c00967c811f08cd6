/**
 * `glob` / `iglob`: glibc `fnmatch(pattern, string, 0)` / `fnmatch(..., FNM_CASEFOLD)`, which is what libsinsp
 * calls on Linux (libs `utils.cpp::sinsp_utils::glob_match`).
 *
 * Semantics (glibc `posix/fnmatch_loop.c`, matched on code points as glibc does in a UTF-8 locale):
 * - `*` matches any run of characters and `?` any one character, `/` and a leading `.` included (no
 *   FNM_PATHNAME, no FNM_PERIOD); no braces, no extglob, `**` is just `*`;
 * - `\x` matches `x`; a trailing `\` makes the pattern match nothing;
 * - `[...]`, `[!...]`, `[^...]`: a `]` right after the opening (or the negation) is a member, `a-z` ranges (code
 *   point order; a `-` first or last is a member; a reversed range is empty), `\` escapes inside brackets,
 *   `[:alpha:]`-style classes (an unknown class name makes the pattern match nothing), `[=c=]`, `[.c.]`;
 *   a bracket that is never closed stands for a literal `[` (and then matches only if none of its would-be
 *   members matches `[`, as in glibc);
 * - FNM_CASEFOLD lower-cases both sides before comparing characters and range ends; classes test the subject
 *   character as it is (`[[:upper:]]` does not match `a` even with `iglob`).
 * Classes are exact for ASCII; for other characters they use Unicode properties as an approximation of glibc's
 * locale tables.
 *
 * Matching is the greedy-star algorithm with a single backtrack point (the last `*`): every token but `*` matches
 * exactly one character, so this is exact, allocation-free, and O(pattern × subject) in the worst case, never
 * exponential.
 */

const LIT = 0;
const ANY = 1;
const STAR = 2;
const SET = 3;
const NEVER = 4;

const END = -1;

interface CompiledGlob {
  kinds: Uint8Array;
  lits: Int32Array;
  sets: (((c: number) => boolean) | null)[];
  fold: boolean;
  /** Set when the pattern is a plain literal with `*` only at its ends (fast paths). */
  literal?: { text: string; starStart: boolean; starEnd: boolean };
}

// ---------------------------------------------------------------------------------------------------------------
// Case folding (towlower)

const foldCache = new Map<number, number>();

function foldCp(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  const hit = foldCache.get(c);
  if (hit !== undefined) return hit;
  const lower = String.fromCodePoint(c).toLowerCase();
  const l = lower.codePointAt(0)!;
  const r = lower.length === (l > 0xffff ? 2 : 1) ? l : c;
  if (foldCache.size < 4096) foldCache.set(c, r);
  return r;
}

// ---------------------------------------------------------------------------------------------------------------
// Character classes

const ASCII_CLASSES: Record<string, (c: number) => boolean> = {
  alnum: (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a),
  alpha: (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a),
  blank: (c) => c === 0x20 || c === 0x09,
  cntrl: (c) => c < 0x20 || c === 0x7f,
  digit: (c) => c >= 0x30 && c <= 0x39,
  graph: (c) => c >= 0x21 && c <= 0x7e,
  lower: (c) => c >= 0x61 && c <= 0x7a,
  print: (c) => c >= 0x20 && c <= 0x7e,
  punct: (c) => (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e),
  space: (c) => c === 0x20 || (c >= 0x09 && c <= 0x0d),
  upper: (c) => c >= 0x41 && c <= 0x5a,
  xdigit: (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
};

// The patterns beyond ASCII, made when a glob first names the class: a Unicode property set (\p{Cn} above all)
// costs V8 milliseconds to build, which every start-up paid when they were made with the module.
const UNICODE_CLASS_SOURCES: Record<string, string | null> = {
  alnum: '^[\\p{Alphabetic}\\p{Nd}]$',
  alpha: '^\\p{Alphabetic}$',
  blank: '^[\\u1680\\u2000-\\u2006\\u2008-\\u200a\\u205f\\u3000]$',
  cntrl: '^[\\u0080-\\u009f\\u2028\\u2029]$',
  digit: null,
  graph: '^[^\\p{White_Space}\\p{Cc}\\p{Cs}\\p{Cn}\\p{Zl}\\p{Zp}]$',
  lower: '^\\p{Ll}$',
  print: '^[^\\p{Cc}\\p{Cs}\\p{Cn}\\p{Zl}\\p{Zp}]$',
  punct: '^[\\p{P}\\p{S}]$',
  space: '^[\\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000]$',
  upper: '^\\p{Lu}$',
  xdigit: null,
};

function classPredicate(name: string): ((c: number) => boolean) | undefined {
  const ascii = ASCII_CLASSES[name];
  if (!Object.prototype.hasOwnProperty.call(ASCII_CLASSES, name) || ascii === undefined) return undefined;
  const source = UNICODE_CLASS_SOURCES[name] ?? null;
  let uni: RegExp | undefined;
  return (c) => {
    if (c < 0x80) return ascii(c);
    if (source === null) return false;
    uni ??= new RegExp(source, 'u');
    return uni.test(String.fromCodePoint(c));
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Bracket expressions

type Item =
  | { k: 'char'; c: number } // compared with the folded subject
  | { k: 'range'; lo: number; hi: number } // folded ends, folded subject
  | { k: 'raw'; c: number } // compared with the subject as is ([=c=], [.c.])
  | { k: 'class'; test: (c: number) => boolean } // subject as is
  | { k: 'fail' }; // glibc returns FNM_NOMATCH when it reaches this item

type Bracket =
  | { kind: 'set'; items: Item[]; skipOk: boolean[]; not: boolean; end: number }
  | { kind: 'unterminated'; items: Item[] }
  | { kind: 'never' };

const at = (P: number[], i: number): number => (i < P.length ? P[i]! : END);
const CH = (s: string): number => s.charCodeAt(0);
const BANG = CH('!'), CARET = CH('^'), BSL = CH('\\'), LBR = CH('['), RBR = CH(']'), COLON = CH(':');
const EQ = CH('='), DOT = CH('.'), DASH = CH('-'), LA = CH('a'), LZ = CH('z');

/**
 * glibc's loop that skips the rest of a bracket after a member matched: the index after the closing `]`, or -1
 * when it hits one of the cases where glibc gives up (end of pattern, malformed `[=`/`[.`).
 */
function skipRest(P: number[], p: number): number {
  for (;;) {
    const c = at(P, p++);
    if (c === RBR) return p;
    if (c === END) return -1;
    if (c === BSL) {
      if (at(P, p) === END) return -1;
      p++;
    } else if (c === LBR && at(P, p) === COLON) {
      const startp = p;
      for (;;) {
        const d = at(P, ++p);
        if (at(P, p) === COLON && at(P, p + 1) === RBR) break;
        if (d < LA || d >= LZ) {
          p = startp - 2;
          break;
        }
      }
      p += 2;
    } else if (c === LBR && at(P, p) === EQ) {
      if (at(P, ++p) === END) return -1;
      const e = at(P, ++p);
      if (e !== EQ || at(P, p + 1) !== RBR) return -1;
      p += 2;
    } else if (c === LBR && at(P, p) === DOT) {
      for (;;) {
        const d = at(P, ++p);
        if (d === END) return -1;
        if (d === DOT && at(P, p + 1) === RBR) break;
      }
      p += 2;
    }
  }
}

/** Parses a bracket expression whose `[` is at P[open], following glibc's member loop. */
/**
 * A collating symbol `[.c.]` whose `[` is at `p - 1` and `.` at `p`: only one-character names exist here.
 * Returns the character and the index after `.]`, or undefined when the symbol is malformed.
 */
function collatingSymbol(P: number[], p: number): { c: number; next: number } | undefined {
  const start = p;
  let len = 0;
  for (;;) {
    const d = at(P, ++p);
    if (d === DOT && at(P, p + 1) === RBR) {
      p += 2;
      break;
    }
    if (d === END) return undefined;
    len++;
  }
  return len === 1 ? { c: at(P, start + 1), next: p } : undefined;
}

function parseBracket(P: number[], open: number, fold: (c: number) => number): Bracket {
  const items: Item[] = [];
  const skipOk: boolean[] = [];
  let p = open + 1;
  const not = at(P, p) === BANG || at(P, p) === CARET;
  if (not) p++;
  const push = (item: Item) => {
    items.push(item);
    skipOk.push(item.k !== 'fail' && skipRest(P, p) >= 0);
  };
  // After a member glibc refuses, evaluation stops there; the bracket can still match through an earlier member,
  // and the pattern then goes on after the `]` that glibc's skip loop finds.
  const failed = (): Bracket => {
    push({ k: 'fail' });
    const e = skipRest(P, p);
    return { kind: 'set', items, skipOk, not, end: e < 0 ? P.length : e };
  };
  let c = at(P, p++);
  for (;;) {
    let cold: number;
    let normal = false;
    if (c === BSL) {
      if (at(P, p) === END) return { kind: 'never' };
      c = fold(at(P, p));
      p++;
      normal = true;
    } else if (c === LBR && at(P, p) === COLON) {
      const startp = p;
      let name = '';
      let isName = true;
      for (;;) {
        const d = at(P, ++p);
        if (d === COLON && at(P, p + 1) === RBR) {
          p += 2;
          break;
        }
        if (d < LA || d >= LZ) {
          p = startp;
          isName = false;
          break;
        }
        name += String.fromCharCode(d);
      }
      if (isName) {
        const test = classPredicate(name);
        if (test === undefined) return failed();
        push({ k: 'class', test });
        c = at(P, p++);
        if (c === RBR) break;
        continue;
      }
      c = LBR;
      normal = true;
    } else if (c === LBR && at(P, p) === EQ) {
      const startp = p;
      const e = at(P, ++p);
      if (e !== END && at(P, p + 1) === EQ && at(P, p + 2) === RBR) {
        p += 3;
        push({ k: 'raw', c: e });
        c = at(P, p++);
        if (c === RBR) break;
        continue;
      }
      p = startp;
      c = LBR;
      normal = true;
    } else if (c === END) {
      return { kind: 'unterminated', items };
    }

    if (!normal && c === LBR && at(P, p) === DOT) {
      const sym = collatingSymbol(P, p);
      if (!sym) return failed();
      p = sym.next;
      cold = sym.c;
      const isRange = at(P, p) === DASH && at(P, p + 1) !== END;
      if (!isRange) push({ k: 'raw', c: cold });
      c = at(P, p++);
    } else {
      if (!normal) c = fold(c);
      const isRange = at(P, p) === DASH && at(P, p + 1) !== END && at(P, p + 1) !== RBR;
      if (!isRange) push({ k: 'char', c });
      cold = c;
      c = at(P, p++);
    }

    if (c === DASH && at(P, p) !== RBR) {
      let cend = at(P, p++);
      if (cend === LBR && at(P, p) === DOT) {
        const sym = collatingSymbol(P, p);
        if (!sym) return failed();
        p = sym.next;
        cend = sym.c;
      } else {
        if (cend === BSL) cend = at(P, p++);
        if (cend === END) return failed();
        cend = fold(cend);
      }
      push({ k: 'range', lo: cold, hi: cend });
      c = at(P, p++);
    }
    if (c === RBR) break;
  }
  return { kind: 'set', items, skipOk, not, end: p };
}

/** 1 = a member matched (result then depends on skipOk), 0 = no member matched, -1 = glibc gave up. */
function evalItems(items: Item[], c: number, fc: number): { r: number; k: number } {
  for (let k = 0; k < items.length; k++) {
    const it = items[k]!;
    switch (it.k) {
      case 'fail': return { r: -1, k };
      case 'char': if (it.c === fc) return { r: 1, k }; break;
      case 'range': if (it.lo <= fc && fc <= it.hi) return { r: 1, k }; break;
      case 'raw': if (it.c === c) return { r: 1, k }; break;
      case 'class': if (it.test(c)) return { r: 1, k }; break;
    }
  }
  return { r: 0, k: -1 };
}

function bracketMatcher(b: Extract<Bracket, { kind: 'set' }>, fold: (c: number) => number): (c: number) => boolean {
  const { items, skipOk, not } = b;
  // Common case: plain characters and ranges, nothing that can fail.
  if (items.every((it, k) => (it.k === 'char' || it.k === 'range') && skipOk[k])) {
    const chars: number[] = [];
    const ranges: number[] = [];
    for (const it of items) {
      if (it.k === 'char') chars.push(it.c);
      else if (it.k === 'range') ranges.push(it.lo, it.hi);
    }
    return (c) => {
      const fc = fold(c);
      let hit = chars.indexOf(fc) >= 0;
      for (let i = 0; !hit && i < ranges.length; i += 2) hit = ranges[i]! <= fc && fc <= ranges[i + 1]!;
      return hit !== not;
    };
  }
  return (c) => {
    const { r, k } = evalItems(items, c, fold(c));
    if (r < 0) return false;
    if (r > 0) return skipOk[k]! && !not;
    return not;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Compilation and matching

function compile(pattern: string, caseFold: boolean): CompiledGlob {
  const fold = caseFold ? foldCp : (c: number) => c;
  const P = Array.from(pattern, (ch) => ch.codePointAt(0)!);
  const kinds: number[] = [];
  const lits: number[] = [];
  const sets: (((c: number) => boolean) | null)[] = [];
  const add = (k: number, lit = 0, set: ((c: number) => boolean) | null = null) => {
    kinds.push(k);
    lits.push(lit);
    sets.push(set);
  };
  let i = 0;
  while (i < P.length) {
    const c = P[i]!;
    if (c === CH('?')) {
      add(ANY);
      i++;
    } else if (c === CH('*')) {
      if (kinds[kinds.length - 1] !== STAR) add(STAR);
      i++;
    } else if (c === BSL) {
      if (i + 1 >= P.length) {
        add(NEVER); // trailing backslash loses
        break;
      }
      add(LIT, fold(P[i + 1]!));
      i += 2;
    } else if (c === LBR) {
      const b = parseBracket(P, i, fold);
      if (b.kind === 'never') {
        add(NEVER);
        break;
      }
      if (b.kind === 'unterminated') {
        // glibc then matches '[' literally and goes on with the text after it, unless a would-be member matched.
        const items = b.items;
        add(SET, 0, (ch) => fold(ch) === LBR && evalItems(items, ch, fold(ch)).r === 0);
        i++;
      } else {
        add(SET, 0, bracketMatcher(b, fold));
        i = b.end;
      }
    } else {
      add(LIT, fold(c));
      i++;
    }
  }
  const g: CompiledGlob = { kinds: Uint8Array.from(kinds), lits: Int32Array.from(lits), sets, fold: caseFold };
  // Fast path: a literal with '*' only at its ends (case-sensitive only).
  if (!caseFold) {
    let s = 0;
    let e = kinds.length;
    const starStart = kinds[0] === STAR;
    if (starStart) s++;
    const starEnd = e > s && kinds[e - 1] === STAR;
    if (starEnd) e--;
    let ok = true;
    let text = '';
    for (let k = s; k < e && ok; k++) {
      if (kinds[k] !== LIT) ok = false;
      else text += String.fromCodePoint(lits[k]!);
    }
    if (ok) g.literal = { text, starStart, starEnd };
  }
  return g;
}

function run(g: CompiledGlob, s: string, from: number, to: number): boolean {
  const lit = g.literal;
  if (lit !== undefined) {
    const t = lit.text;
    const n = to - from;
    if (lit.starStart && lit.starEnd) {
      if (t.length === 0) return true;
      const p = s.indexOf(t, from);
      return p >= 0 && p + t.length <= to;
    }
    if (lit.starEnd) return n >= t.length && s.startsWith(t, from);
    if (lit.starStart) return n >= t.length && s.startsWith(t, to - t.length);
    return n === t.length && s.startsWith(t, from);
  }
  const { kinds, lits, sets, fold } = g;
  const m = kinds.length;
  let ti = 0;
  let si = from;
  let starTi = -1;
  let starSi = 0;
  while (si < to) {
    if (ti < m) {
      const k = kinds[ti]!;
      if (k === STAR) {
        starTi = ti++;
        starSi = si;
        continue;
      }
      let c = s.charCodeAt(si);
      let w = 1;
      if (c >= 0xd800 && c <= 0xdbff && si + 1 < to) {
        const d = s.charCodeAt(si + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          w = 2;
        }
      }
      let ok: boolean;
      if (k === LIT) ok = (fold ? foldCp(c) : c) === lits[ti];
      else if (k === ANY) ok = true;
      else if (k === SET) ok = sets[ti]!(c);
      else ok = false;
      if (ok) {
        ti++;
        si += w;
        continue;
      }
    }
    if (starTi < 0) return false;
    const c0 = s.charCodeAt(starSi);
    starSi += c0 >= 0xd800 && c0 <= 0xdbff && starSi + 1 < to && (s.charCodeAt(starSi + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    si = starSi;
    ti = starTi + 1;
  }
  while (ti < m && kinds[ti] === STAR) ti++;
  return ti === m;
}

/** Compiles `pattern` once; the returned function tells whether the whole of `s` matches it. */
export function compileGlob(pattern: string, caseFold: boolean): (s: string) => boolean {
  const g = compile(pattern, caseFold);
  return (s: string) => run(g, s, 0, s.length);
}

/** Like {@link compileGlob}, matching the slice `s[from, to)` without copying it (used by `pmatch`). */
export function compileGlobRange(pattern: string, caseFold: boolean): (s: string, from: number, to: number) => boolean {
  const g = compile(pattern, caseFold);
  return (s: string, from: number, to: number) => run(g, s, from, to);
}

/** One-shot convenience: `fnmatch(pattern, s, caseFold ? FNM_CASEFOLD : 0) == 0`. */
export function globMatch(pattern: string, s: string, caseFold = false): boolean {
  return compileGlob(pattern, caseFold)(s);
}
