// Generators of Falco conditions (and of small rules files), for the parser's differential data
// (scripts/gen-parser-cases.mjs) and for the robustness fuzzer (scripts/fuzz.mjs). Deterministic: every
// function takes a random source made by `rng(seed)`. Plain JavaScript with no imports, so that Node runs it
// directly and vitest imports it (types in gen-conditions.d.mts).

/** A seeded random source (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    /** Integer in [lo, hi]. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
  return r;
}

// --- vocabulary -------------------------------------------------------------------------------------------

export const TRANSFORMER_NAMES = ['tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'];
const FIELDS = [
  'proc.name', 'fd.name', 'evt.type', 'proc.aname', 'proc.args', 'a.b', 'evt.arg.fd', 'k8s.ns.name', 'x_1.y2',
  'proc.env', 'fd.num', 'user.uid', 'evt.rawres', 'proc.pname', 'container.id', 'fd.sip', 'fd.port', 'A.B_c.d9',
  'proc.cmdline', 'fd.directory', 'evt.dir', 'proc.exepath', 'spawned.process', 'not.x', 'and.b', 'or.c', 'in.d',
];
/** Fields of the default catalog, for conditions that should compile. */
const REAL_FIELDS = [
  'proc.name', 'proc.pname', 'proc.cmdline', 'proc.args', 'proc.exepath', 'proc.aname', 'fd.name', 'fd.directory',
  'fd.num', 'fd.port', 'fd.sip', 'fd.cip', 'fd.net', 'fd.typechar', 'evt.type', 'evt.dir', 'evt.rawres', 'evt.arg.fd',
  'user.uid', 'user.name', 'container.id', 'proc.env', 'k8s.ns.name', 'fd.l4proto', 'evt.num', 'proc.pid',
];
const FIELD_ARGS = ['1', '0', '-1', 'HOME', 'a.b', '"a b"', "'x]'", '%x', 'PATH', '"\\x41"', "''", 'é', '2:3'];
const MACROS = [
  'spawned_process', 'open_write', 'a', 'x1', 'inbound', 'outbound', 'and', 'or', 'not', 'andx', 'oron', 'notx',
  'in', 'exists', 'val', 'tolower', 'contains', 'A_b', 'not_list', 'or_x', 'and_1', 'oneof', 'allof', 'pmatch',
];
const BARE = [
  '/etc/passwd', 'bash', '1and', 'a.b', 'x]', '*.sh', 'C:\\x', '%', 'é', '日本', '-', 'oneof', 'anyof', 'allof', 'and',
  'not', 'or', 'exists', 'a[1]', 'val', 'tolower', '0', '12', '-3', '1.5', '0x1f', '/tmp/*', 'sh;', 'a\\b', 'x!',
  '<NA>', 'execve', 'in', 'not_list', 'or_x', 'andx', ']', '[', 'a:b', '🙂', '\\', 'a\\', '1e+5',
];
const NUMBERS = ['1', '0', '-1', '+2', '1.5', '1.', '1e+5', '2E-3', '0x1F', '0XaB', '007', '10', '65535', '-0'];
const ODD_NUMBERS = ['1e5', '1.2.3', '0x', '.5', '1e', '0x1g', '+', '1_0'];
const NUM_OPS = ['<', '<=', '>', '>='];
const SYM_STR_OPS = ['=', '==', '!='];
const WORD_STR_OPS = ['glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex'];
const LIST_OPS = ['in', 'intersects', 'pmatch'];
const MODIFIERS = ['oneof', 'anyof', 'allof'];
/** Blanks that libsinsp skips, and the two `[:space:]` characters it does not skip between tokens. */
const BLANKS = [' ', ' ', ' ', ' ', '  ', '\t', '\n', '\r', '\r\n', '\b', ' \n '];
const ODD_BLANKS = ['\v', '\f'];
const QUOTED_PIECES = [
  'a', 'b', 'x', ' ', 'é', '日', '🙂', '/', '=', ',', '(', ')', '[', ']', 'and', 'or', 'not', '\n', '\t',
  '\\n', '\\t', '\\b', '\\f', '\\r', '\\\\', '\\/', '\\x41', '\\xc3\\xa9', '\\xff', '\\x00', '\\x7f', '\\xe2\\x82', '\\xA', '\\xg1',
  '\\x4', '\\q', '\\ ', '\\u0041', '\\0',
];

// --- grammar-based generation -----------------------------------------------------------------------------

/**
 * Options: `odd` is the probability of an unusual choice at each point (an odd blank, a bad escape, a bad list
 * element...), so that `odd: 0` gives mostly valid conditions and larger values more invalid ones.
 */
export function genCondition(r, opts = {}) {
  const g = new Gen(r, { odd: opts.odd ?? 0.008, maxNest: opts.maxNest ?? r.pick([0, 1, 1, 2]), real: opts.real ?? false });
  return g.expr(0);
}

class Gen {
  constructor(r, o) {
    this.r = r;
    this.o = o;
  }
  odd() {
    return this.r.chance(this.o.odd);
  }
  /** A blank between tokens: usually one space, sometimes none where the grammar allows it. */
  bl(optional = false) {
    const r = this.r;
    if (this.odd() && r.chance(0.3)) return r.pick(ODD_BLANKS);
    if (optional && r.chance(0.3)) return '';
    return r.chance(0.75) ? ' ' : r.pick(BLANKS);
  }
  expr(depth) {
    const r = this.r;
    const n = depth >= this.o.maxNest ? 1 : r.pick([1, 1, 1, 1, 2, 2, 3]);
    let s = this.andChain(depth);
    for (let i = 1; i < n; i++) s += this.joiner('or', depth);
    return s;
  }
  joiner(kw, depth) {
    const r = this.r;
    const next = kw === 'or' ? () => this.andChain(depth) : () => this.notE(depth);
    const form = r.int(0, 9);
    if (form < 2 && depth < this.o.maxNest) {
      // Glued to its parenthesis: `or(` takes exactly one parenthesised operand upstream.
      return `${this.bl(true)}${kw}(${this.bl(true)}${this.expr(depth + 1)}${this.bl(true)})`;
    }
    if (form === 2 && this.odd()) return `${this.bl()}${kw}${r.pick(['', 'x', '_', '1', '\v'])}${next()}`;
    return `${this.bl()}${kw}${this.bl()}${next()}`;
  }
  andChain(depth) {
    const r = this.r;
    const n = depth >= this.o.maxNest ? r.pick([1, 1, 2]) : r.pick([1, 1, 1, 2, 2, 3]);
    let s = this.notE(depth);
    for (let i = 1; i < n; i++) s += this.joiner('and', depth);
    return s;
  }
  notE(depth) {
    const r = this.r;
    let s = '';
    const k = r.pick([0, 0, 0, 0, 0, 0, 1, 1, 2]);
    for (let i = 0; i < k; i++) s += `not${r.pick([' ', ' ', '\t', '\n', '  ', '\v', '\f', '\r'])}`;
    if (depth < this.o.maxNest && r.chance(0.12)) return `${s}not(${this.bl(true)}${this.expr(depth + 1)}${this.bl(true)})`;
    return s + this.check(depth);
  }
  check(depth) {
    const r = this.r;
    const c = r.int(0, 19);
    if (c < 3 && depth < this.o.maxNest) return `(${this.bl(true)}${this.expr(depth + 1)}${this.bl(true)})`;
    if (c < 5 && !this.o.real) return this.odd() ? r.pick(['val(a.b)', 'tolower', 'not', 'x(a)', '1', '"a"', '', ')']) : r.pick(MACROS);
    if (c < 7) return `${this.transformer(depth, 'lhs')}${this.cond(depth)}`;
    return `${this.field()}${this.cond(depth)}`;
  }
  field() {
    const r = this.r;
    let f = r.pick(this.o.real ? REAL_FIELDS : FIELDS);
    if (r.chance(0.15)) f += this.fieldArg();
    return f;
  }
  fieldArg() {
    const r = this.r;
    if (this.odd()) return r.pick(['[]', '[a b]', '[', ' [1]', '["a]', '[a[b]', '[1]]', '["x\0"]']);
    return `[${r.pick(FIELD_ARGS)}]`;
  }
  transformer(depth, side) {
    const r = this.r;
    const name = side === 'rhs' && r.chance(0.4) ? 'val' : r.pick(TRANSFORMER_NAMES);
    if (name === 'val') {
      const inner = this.odd() ? r.pick(['', 'x', '"a"', 'a.b, c.d', 'tolower(a.b)', '1']) : this.field();
      return `val(${this.bl(true)}${inner}${this.bl(true)})${r.chance(0.1) ? this.fieldArg() : ''}`;
    }
    const n = this.odd() ? r.pick([0, 4]) : r.pick([1, 1, 1, 1, 2, 2, 3]);
    const args = [];
    for (let i = 0; i < n; i++) args.push(this.trArg(depth + 1));
    const sep = () => `${this.bl(true)},${this.bl(true)}`;
    return `${name}(${this.bl(true)}${args.join(sep())}${this.bl(true)})${r.chance(0.1) ? this.fieldArg() : ''}`;
  }
  trArg(depth) {
    const r = this.r;
    const c = r.int(0, 9);
    if (c < 4) return this.field();
    if (c < 6 && depth < this.o.maxNest) return this.transformer(depth, 'arg');
    if (c < 7) return this.quoted();
    if (c < 8) return this.number();
    if (c < 9 || depth >= this.o.maxNest) {
      // A transformer list: fields, transformers, quoted strings and numbers, possibly empty.
      const n = r.pick([0, 1, 2, 2, 3]);
      const items = [];
      for (let i = 0; i < n; i++) {
        const k = r.int(0, 5);
        items.push(k < 2 ? this.field() : k < 3 && depth < this.o.maxNest ? this.transformer(depth + 1, 'arg') : k < 4 ? this.quoted() : this.odd() ? r.pick(['(a.b)', 'x', 'val(a.b)']) : this.number());
      }
      return `(${this.bl(true)}${items.join(`${this.bl(true)},${this.bl(true)}`)}${this.bl(true)})`;
    }
    return this.odd() ? r.pick(['x', 'val(a.b)', '', 'a.b ]', '-']) : this.field();
  }
  number() {
    return this.odd() ? this.r.pick(ODD_NUMBERS) : this.r.pick(NUMBERS);
  }
  quoted() {
    const r = this.r;
    const q = r.chance(0.7) ? '"' : "'";
    let body = '';
    const n = r.pick([0, 1, 1, 2, 3, 5]);
    for (let i = 0; i < n; i++) {
      let p = r.chance(0.6) ? r.pick(QUOTED_PIECES.slice(0, 19)) : r.pick(QUOTED_PIECES);
      if (!this.odd() && /^\\(?:x(?![0-9a-fA-F]{2})|[^bfnrt\\/x ])/.test(p)) p = 'z';
      body += p;
    }
    if (r.chance(0.15)) body += this.odd() ? r.pick(['\\"', "\\'", '"', "'"]) : `\\${q}${r.pick(['', 'a'])}`;
    if (this.odd()) body += r.pick(['\0', '\\', '\\\\']);
    // A final backslash would escape the closing quote.
    if (/(^|[^\\])(\\\\)*\\$/.test(body) && !this.odd()) body += 'z';
    return q + body + q;
  }
  strValue(depth) {
    const r = this.r;
    const c = r.int(0, 9);
    if (c < 4) return r.pick(BARE);
    if (c < 7) return this.quoted();
    if (c < 9) return this.transformer(depth + 1, 'rhs');
    return this.odd() ? r.pick(['', '(a)', ')', '"unclosed', "'x", '=', ',']) : r.pick(BARE);
  }
  list(depth) {
    const r = this.r;
    if (this.odd()) return r.pick(["('\\\"')", '("\\q")', '(,a)', '(a,)', '((a))', '(a b)', '(=)', '("\\q", a)', '("a\0b")', '("\\q" )', '(', '("\\xZZ")', "('\\\"', b)", '(\\v a)', '( \\v)']);
    const n = r.pick([0, 1, 1, 2, 3, 4]);
    const items = [];
    for (let i = 0; i < n; i++) items.push(r.chance(0.6) ? r.pick(BARE.filter((b) => !/[()\\]/.test(b))) : this.quoted());
    return `(${this.bl(true)}${items.join(`${this.bl(true)},${this.bl(true)}`)}${this.bl(true)})`;
  }
  cond(depth) {
    const r = this.r;
    const c = r.int(0, 19);
    if (c < 2) return `${this.bl()}exists`;
    if (c < 5) return `${this.bl(true)}${r.pick(NUM_OPS)}${this.bl(true)}${r.chance(0.7) ? this.number() : this.transformer(depth + 1, 'rhs')}`;
    if (c < 12) {
      const sym = r.chance(0.5);
      const op = sym ? r.pick(SYM_STR_OPS) : r.pick(WORD_STR_OPS);
      const pre = sym ? this.bl(true) : this.bl();
      const post = sym ? this.bl(true) : this.bl();
      if (r.chance(0.25)) {
        const right = r.chance(0.7) ? this.list(depth) : r.pick(MACROS);
        return `${pre}${op}${sym && !this.odd() ? this.bl() : post}${r.pick(MODIFIERS)}${this.bl()}${right}`;
      }
      return `${pre}${op}${post}${this.strValue(depth)}`;
    }
    if (c < 18) {
      const right = r.int(0, 9);
      const v = right < 6 ? this.list(depth) : right < 8 ? r.pick(MACROS) : this.transformer(depth + 1, 'rhs');
      return `${this.bl()}${r.pick(LIST_OPS)}${this.bl(true)}${v}`;
    }
    return this.odd() ? r.pick([' ', ' ==', ' exist', ' in', ' oneof (a)', ' = oneof', ' contains', ' = a b', ' <']) : `${this.bl()}exists`;
  }
}

// --- mutation ---------------------------------------------------------------------------------------------

const MUTATION_CHARS = [
  ' ', '\t', '\n', '\r', '\v', '\f', '\b', '\0', '(', ')', '[', ']', ',', '"', "'", '\\', '=', '!', '<', '>', 'a', 'x',
  '.', '_', '1', '0', 'é', '日', '🙂', '\u00a0', '\u2028', '%', '*', 'n', 'o', 'r', 'd', 't',
];
const MUTATION_WORDS = ['and', 'or', 'not', 'not(', 'or(', 'and(', 'in', 'exists', 'oneof ', 'val(', 'tolower(', '\\x', '\\', 'a.b', '"', ')', '('];

/** Mutates a condition 1-3 times: insert, delete, replace, duplicate, swap, glue, re-blank, truncate. */
export function mutate(r, s) {
  const times = r.pick([1, 1, 1, 2, 3]);
  for (let t = 0; t < times; t++) {
    const i = r.int(0, s.length);
    const op = r.int(0, 10);
    if (op === 0) s = s.slice(0, i) + r.pick(MUTATION_CHARS) + s.slice(i);
    else if (op === 1) s = s.slice(0, i) + r.pick(MUTATION_WORDS) + s.slice(i);
    else if (op === 2) s = s.slice(0, i) + s.slice(i + 1);
    else if (op === 3) s = s.slice(0, i) + r.pick(MUTATION_CHARS) + s.slice(i + 1);
    else if (op === 4) s = s.slice(0, i) + s.slice(i + r.int(1, 6));
    else if (op === 5) {
      const j = r.int(i, Math.min(s.length, i + 12));
      s = s.slice(0, j) + s.slice(i, j) + s.slice(j);
    } else if (op === 6 && i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    else if (op === 7) s = s.replace(/ +/, r.chance(0.5) ? '' : r.pick(['\t', '\n', '\r', '\v', '\f', '\b', '\r\n']));
    else if (op === 8) {
      const blanks = [...s.matchAll(/[ \t\n\r]+/g)];
      if (blanks.length) {
        const m = r.pick(blanks);
        s = s.slice(0, m.index) + r.pick(['', '\v', '\f', '\b', '\0', ' \v ', '\r\n']) + s.slice(m.index + m[0].length);
      }
    } else if (op === 9) s = s.slice(0, i);
    else s = s.slice(0, i) + r.pick(['(', ')', '"', "'", '\0']) + s.slice(i);
  }
  // Keep the text valid Unicode: a mutation can split a surrogate pair.
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '?');
}

// --- targeted families --------------------------------------------------------------------------------------

/** Leaves for nesting: each reaches a different depth inside libsinsp's parser. */
const LEAVES = [
  'a', 'a.b exists', 'a.b = x', 'a.b = "x"', 'a.b in (x)', 'a.b in ()', 'a.b in x', 'a.b > 1', 'a.b = oneof (x)',
  'a.b = oneof x', 'a.b = oneof ()', 'a.b = val(c.d)', 'a.b = tolower(c.d)', 'a.b in tolower(c.d)', 'tolower(a.b) = x',
  'a.b in ("\\q")', 'a.b in ("\\q", b)', 'a.b[1] = x', 'len(a.b) > 1', 'join(",", (a.b, c.d)) = x', 'a.b > val(c.d)',
  'a.b in (x, y)', 'a.b = tolower(toupper(c.d))', 'concat(a.b, tolower(c.d)) = x',
];

/** Nesting forms: prefix and suffix added per level. */
const NESTS = [
  ['(', ')'], ['not(', ')'], ['not (', ')'], ['x and(', ')'], ['x or(', ')'], ['x and (', ')'], ['x or (', ')'],
  ['not ', ''], ['( ', ' )'], ['not not(', ')'], ['x or not(', ')'], ['(x and ', ')'], ['(x or ', ')'], ['x and not (', ')'],
];
/** The TR_NESTS forms that nest transformer lists. */
const TR_LIST_NESTS = new Set([4, 6, 7]);
/** Transformer nesting on either side of a check. */
const TR_NESTS = [
  (n, leaf) => `${'tolower('.repeat(n)}a.b${')'.repeat(n)} = x`,
  (n) => `a.b = ${'toupper('.repeat(n)}c.d${')'.repeat(n)}`,
  (n) => `a.b in ${'b64('.repeat(n)}c.d${')'.repeat(n)}`,
  (n) => `a.b > ${'len('.repeat(n)}c.d${')'.repeat(n)}`,
  (n) => `${'join(",", ('.repeat(n)}a.b${'))'.repeat(n)} = x`,
  (n) => `${'concat(a.b, '.repeat(n)}c.d${')'.repeat(n)} = x`,
  (n) => `a.b = ${'concat(("x", '.repeat(n)}c.d${'))'.repeat(n)}`,
  (n) => `${'basename(('.repeat(n)}a.b${'))'.repeat(n)} exists`,
];

export function genNested(r, maxDepth = 100) {
  const scale = maxDepth / 100;
  if (r.chance(0.3)) {
    const i = r.int(0, TR_NESTS.length - 1);
    let n = r.int(1, Math.round(50 * scale));
    // Transformer lists nested more than about 400 deep exhaust the JavaScript stack before Falco's limit of
    // 1000 frames (497 levels) is reached: a known limit of ours, left out of the differential data.
    if (TR_LIST_NESTS.has(i)) n = Math.min(n, 400);
    return { family: 'nested', input: TR_NESTS[i](n), maxDepth };
  }
  const [pre, post] = r.pick(NESTS);
  const leaf = r.pick(LEAVES);
  const n = r.int(1, Math.round((pre === 'not ' ? 120 : 40) * scale));
  return { family: 'nested', input: pre.repeat(n) + leaf + post.repeat(n), maxDepth };
}

const GLUED = [
  'a or(b) and c', 'a or (b) and c', 'a and(b) or c', 'a or(b)or(c)', 'a or(b) or c and d', 'not(a) and b', 'not(a)or b',
  'a and(b)and(c) or d', 'a or(b and c)', 'a or(b) and(c)', 'a or(b)and c', '(a)or(b)and(c)', 'a or(b)  and c',
  'a or( b )and c', 'a or(b)\nand c', 'a and not(b) or c', 'a or not(b) and c', 'a or(not b) and c', 'not(a)not(b)',
  'a and(b)', 'a or()', 'a and()', 'not()', 'a or(b', 'a or(b))', 'a or or(b)', 'a and and(b)', 'a or(b)[1]',
  'a.b = x or(c.d = y) and e', 'a.b exists or(c) and d', 'a or(b) and c or d', 'a or(b) or(c) and d',
  'a.b in (x) or(c) and d', 'a or(b)) and c', 'x or(y)and(z)', 'a or (b)and c', 'a or(b)\tand c', 'a or(b)\vand c',
];

/** The labelled families besides the grammar: glued keywords, lists with bad first elements, NUL bytes, blanks. */
export function genTargeted(r) {
  const c = r.int(0, 9);
  if (c < 3) return genNested(r, r.chance(0.9) ? 100 : 1000);
  const g = new Gen(r, { odd: 0.03, maxNest: 2 });
  if (c < 5) {
    const base = r.pick(GLUED);
    return { family: 'glued', input: r.chance(0.5) ? base : base.replace(/\b[abcd]\b/g, () => g.check(1)) };
  }
  if (c < 7) {
    // Lists whose first element is not a plain string.
    const heads = ["'\\\"'", '"\\q"', '"\\x"', '"\\xZZ"', '"\\"', '"a\0"', '', ',', '=', '(', '"', "'", '"a', '\\v', '\v', '\f x', '"\\q" ', ' "\\q"', "'\\\"' "];
    const tails = [')', ', b)', ',)', ' )', 'b)', '', ') and c', ')or d', ')]'];
    const op = r.pick(['in', 'intersects', 'pmatch', '= oneof', 'contains anyof', 'startswith allof']);
    return { family: 'list-head', input: `${g.field()} ${op} (${r.pick(['', ' ', '\n'])}${r.pick(heads)}${r.pick(tails)}` };
  }
  if (c < 8) {
    // NUL bytes inside and around quoted strings and elsewhere.
    const where = r.chance(0.3) ? r.int(0, 4) : 5;
    const q = r.pick(['"', "'"]);
    if (where === 0) return { family: 'nul', input: `a.b = ${q}x\0y${q}` };
    if (where === 1) return { family: 'nul', input: `a.b in (${q}x\0${q}, b)` };
    if (where === 2) return { family: 'nul', input: `tolower(${q}\0${q}) = x` };
    if (where === 3) return { family: 'nul', input: `a.b[${q}\0${q}] = x` };
    if (where === 4) return { family: 'nul', input: `a.b = x\0y` };
    // A NUL inside a quoted string of a generated condition, or anywhere.
    let t = genCondition(r, { odd: 0 });
    for (let k = 0; k < 10 && !/["']/.test(t); k++) t = genCondition(r, { odd: 0 });
    const quotes = [...t.matchAll(/["']/g)];
    const at = quotes.length && r.chance(0.8) ? r.pick(quotes).index + 1 : r.int(0, t.length);
    return { family: 'nul', input: t.slice(0, at) + '\0' + t.slice(at) };
  }
  if (c === 9 && r.chance(0.4)) {
    // Runs of `not` with every kind of blank between them (a backspace is a blank, but not [:space:]).
    let t = '';
    for (let k = r.int(1, 4); k > 0; k--) {
      t += r.pick(['not', 'not', 'not(']);
      if (t.endsWith('(')) break;
      for (let b = r.int(1, 3); b > 0; b--) t += r.pick([' ', '\t', '\n', '\r', '\v', '\f', '\b']);
    }
    const tail = r.pick(['a', '(a)', 'a.b exists', 'not(a)', 'not', 'a and b', '(a) or b']);
    return { family: 'not-runs', input: t.endsWith('(') ? `${t}${tail})` : t + tail };
  }
  // Blanks of every kind between every token.
  const s = genCondition(r, { odd: 0.02 });
  const blank = r.pick([' ', '\t', '\n', '\r', '\v', '\f', '\b', '\r\n', '\n\n', ' \t ']);
  return { family: 'blanks', input: s.replace(/ /g, () => (r.chance(0.5) ? blank : ' ')) };
}

/** The differential set: grammar-based, grammar-based with small depth limits, mutated, targeted. */
export function parserCases(seed, n) {
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const k = i % 20;
    if (k < 7) out.push({ family: 'grammar', input: genCondition(r) });
    else if (k < 9) out.push({ family: 'small-limit', input: genCondition(r, { maxNest: 3 }), maxDepth: r.int(3, 40) });
    else if (k < 16) out.push({ family: 'mutated', input: mutate(r, genCondition(r, { odd: 0.02 })) });
    else out.push(genTargeted(r));
  }
  return out;
}

// --- rules files (for the fuzzer) -------------------------------------------------------------------------

const RULE_KEYS = ['desc', 'output', 'priority', 'enabled', 'tags', 'source', 'exceptions', 'override', 'append', 'warn_evttypes', 'skip-if-unknown-filter'];
const PRIORITIES = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG', 'info', 'bogus'];

function yamlString(r, s) {
  if (r.chance(0.5)) return JSON.stringify(s);
  if (!/[\n:#'"{}[\],&*!|>%@`]/.test(s) && !/^[ -]/.test(s) && s.trim() === s && s !== '') return s;
  return `>-\n    ${s.replace(/\n/g, ' ')}`;
}

/** A small Falco rules file: lists, macros and rules using each other, with generated conditions. */
export function genRulesFile(r) {
  const items = [];
  const lists = [];
  const macros = [];
  const n = r.int(1, 8);
  for (let i = 0; i < n; i++) {
    const c = r.int(0, 9);
    const cond = () => {
      let s = genCondition(r, { odd: 0.01, maxNest: 2 });
      if (macros.length && r.chance(0.3)) s += ` and ${r.pick(macros)}`;
      if (lists.length && r.chance(0.3)) s += ` and proc.name in (${r.pick(lists)})`;
      return s;
    };
    if (c < 2) {
      const name = `list_${i}`;
      lists.push(name);
      const vals = [];
      for (let k = r.int(0, 4); k > 0; k--) vals.push(r.chance(0.2) && lists.length > 1 ? r.pick(lists) : r.pick(['bash', 'sh', '"a b"', '/tmp', "'x'", '1']));
      items.push(`- list: ${name}\n  items: [${vals.join(', ')}]${r.chance(0.1) ? '\n  append: true' : ''}`);
    } else if (c < 5) {
      const name = r.chance(0.9) ? `macro_${i}` : r.pick(['and', 'not', 'a b', '']);
      macros.push(name);
      items.push(`- macro: ${name}\n  condition: ${yamlString(r, cond())}`);
    } else if (c < 9) {
      let s = `- rule: Rule ${i}\n  desc: d\n  condition: ${yamlString(r, cond())}\n  output: "x %proc.name ${r.pick(['', '%evt.type', '%bogus.field', '%container.info', '%proc.aname[2]'])}"\n  priority: ${r.pick(PRIORITIES)}`;
      if (r.chance(0.2)) s += `\n  exceptions:\n    - name: e${i}\n      fields: [proc.name, fd.name]\n      values:\n        - [bash, /tmp]`;
      if (r.chance(0.1)) s += `\n  ${r.pick(RULE_KEYS)}: ${r.pick(['true', 'x', '[a]', '{}', '1'])}`;
      items.push(s);
    } else {
      items.push(r.pick([
        '- required_engine_version: 0.10.0', '- required_plugin_versions:\n  - name: k8saudit\n    version: 0.1.0',
        `- rule: Rule ${i}\n  override:\n    condition: append\n  condition: and proc.name = x`, '- bogus: 1', '-', '[', '- rule:', `- macro: m\n  condition: (`,
      ]));
    }
  }
  let text = items.join('\n\n') + '\n';
  if (r.chance(0.15)) {
    // Mutate the YAML text itself.
    const i = r.int(0, text.length);
    text = text.slice(0, i) + r.pick(['\t', ':', '- ', '"', '\n  ', '#', '{', '\0', 'é']) + text.slice(i + r.int(0, 3));
  }
  return text;
}
