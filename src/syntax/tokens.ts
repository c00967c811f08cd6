import { createToken, Lexer, type CustomPatternMatcherFunc, type TokenType } from 'chevrotain';
import { KEYWORDS, MODIFIER_WORDS, operatorWords, TRANSFORMER_NAMES, wordsPattern, type OperatorKind } from '../language/vocabulary.js';

/*
 * Lexing in libsinsp is driven by the parser: what counts as one token depends on where the parser stands
 * (after `=` a bare string such as `/etc/passwd` or `1and` is one value; at the start of a check `inbound`
 * is a macro name, after a field it would be the `in` operator followed by `bound`). We reproduce that with
 * Chevrotain lexer modes: every token that changes the grammatical context pushes or pops a mode, so the
 * mode stack mirrors the parser's position, and each mode lists only the tokens valid there. Anything else
 * becomes a `Bad` token, which the parser reports with a message fitting the context.
 */

/**
 * A token's matcher as the lexers of lexer.ts use it: the length of the token at `offset`, or -1. Chevrotain
 * gets each wrapped as a custom pattern (`custom`).
 */
export type LengthMatcher = (text: string, offset: number) => number;

/** Matchers by token type, for lexer.ts: the custom ones, and plain code for the commonest regular expressions. */
export const LENGTH_MATCHERS = new Map<TokenType, LengthMatcher>();

function custom(match: LengthMatcher): CustomPatternMatcherFunc {
  return (text, offset) => {
    const n = match(text, offset);
    return n < 0 ? null : ([text.substr(offset, n)] as unknown as RegExpExecArray);
  };
}

/** Bytes that libsinsp skips between tokens (`lex_blank`). Note: `\v` and `\f` are not blanks. */
const BLANK = new Set([0x20, 0x09, 0x08, 0x0d, 0x0a]);
/** POSIX `[:space:]`. */
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]);

const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAlnum = (c: number) => isAlpha(c) || (c >= 0x30 && c <= 0x39);

/** A keyword that must be followed by a character `follow` accepts (not the end of input); the follower is not consumed. */
function keyword(word: string, follow: (c: number) => boolean): LengthMatcher {
  const len = word.length;
  return (text, offset) => {
    if (!text.startsWith(word, offset)) return -1;
    const next = text.charCodeAt(offset + len);
    if (Number.isNaN(next) || !follow(next)) return -1;
    return len;
  };
}

const isBlank = (c: number) => BLANK.has(c);

/**
 * Upstream reads a run of `not` keywords as `not[[:space:]]+` repeated with nothing skipped in between, then
 * skips blanks before the check. A backspace is a blank but not `[:space:]`, so in `not \bnot a` the second
 * `not` is read as a check (the macro name `not`), not as a keyword: true when the `not` at `offset` follows
 * a `not` keyword with a backspace in the blanks between them.
 */
function breaksNotChain(text: string, offset: number): boolean {
  let j = offset;
  let backspace = false;
  while (j > 0 && (BLANK.has(text.charCodeAt(j - 1)) || SPACE.has(text.charCodeAt(j - 1)))) {
    if (text.charCodeAt(j - 1) === 0x08) backspace = true;
    j--;
  }
  if (!backspace || j < 3 || text.slice(j - 3, j) !== 'not') return false;
  const before = j > 3 ? text.charCodeAt(j - 4) : Number.NaN;
  return !(isAlnum(before) || before === 0x5f || before === 0x2e);
}

/** `not` followed by `[[:space:]]+` (consumed, as upstream). `not(` is its own token, NotParen. */
const matchNot: LengthMatcher = (text, offset) => {
  if (!text.startsWith('not', offset) || breaksNotChain(text, offset)) return -1;
  let end = offset + 3;
  while (SPACE.has(text.charCodeAt(end))) end++;
  if (end === offset + 3) return -1;
  return end - offset;
};

/**
 * A quoted string: from a `'` or `"` to the next same quote not preceded by a backslash (libsinsp looks at
 * one byte only, so `"a\\"` cannot be closed; the printer writes a final backslash as `\x5c`). A NUL byte
 * ends libsinsp's scan (it reads a C string), so a quote with a NUL before its closing quote is no string.
 * Escapes are decoded by the parser, which reports their errors.
 */
const matchQuoted: LengthMatcher = (text, offset) => {
  const delim = text.charCodeAt(offset);
  if (delim !== 0x22 && delim !== 0x27) return -1;
  let prev = delim;
  for (let i = offset + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return -1;
    if (c === delim && prev !== 0x5c) return i + 1 - offset;
    prev = c;
  }
  return -1;
};

/**
 * A modifier (`oneof` …) is recognised only where libsinsp recognises it: after a string
 * operator and a blank, followed by blanks and then a list `(` or a list name that does not start with the
 * words `and`, `or`, `not` (a quirk of upstream: `not_list` counts as the keyword). Otherwise the word is an
 * ordinary bare-string value.
 */
const matchModifier: LengthMatcher = (text, offset) => {
  if (!BLANK.has(text.charCodeAt(offset - 1))) return -1;
  const word = MODIFIER_WORDS.find((m) => text.startsWith(m, offset));
  if (word === undefined) return -1;
  let i = offset + word.length;
  if (!BLANK.has(text.charCodeAt(i))) return -1;
  while (BLANK.has(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  if (c !== 0x28) {
    if (!isAlpha(c)) return -1;
    for (const kw of KEYWORD_WORDS) {
      if (text.startsWith(kw, i)) {
        const after = text.charCodeAt(i + kw.length);
        if (Number.isNaN(after) || !isAlnum(after)) return -1;
      }
    }
  }
  return word.length;
};

const KEYWORD_WORDS = Object.keys(KEYWORDS);
/** The string operators written as words, longest first (`icontains` before `contains` cannot clash, but be safe). */
const WORD_STRING_OPERATORS = operatorWords('string').filter((w) => /^[a-z]+$/.test(w)).sort((a, b) => b.length - a.length);
const wordRe = (kind: OperatorKind, words: boolean) =>
  new RegExp(wordsPattern(operatorWords(kind).filter((w) => /^[a-z]+$/.test(w) === words)));
/** Word operators need a blank after them (`containsx` is not an operator). */
const matchWordOperator: LengthMatcher = (text, offset) => {
  for (const op of WORD_STRING_OPERATORS) {
    if (text.startsWith(op, offset) && BLANK.has(text.charCodeAt(offset + op.length))) return op.length;
  }
  return -1;
};

const M = {
  expr: 'expr',
  op: 'op',
  str: 'str',
  num: 'num',
  list: 'list',
  mod: 'mod',
  values: 'values',
  args: 'args',
  argsLhs: 'argsLhs',
  trlist: 'trlist',
  fieldArg: 'fieldArg',
} as const;

// --- shared token categories (the parser consumes categories; modes use the concrete tokens) ---
export const LParen = createToken({ name: 'LParen', pattern: Lexer.NA, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: Lexer.NA, label: "')'" });
export const Identifier = createToken({ name: 'Identifier', pattern: Lexer.NA, label: 'an identifier' });
export const TransformerOpen = createToken({ name: 'TransformerOpen', pattern: Lexer.NA, label: 'a transformer' });
export const QuotedString = createToken({ name: 'QuotedString', pattern: Lexer.NA, label: 'a quoted string' });
export const Number_ = createToken({ name: 'Number', pattern: Lexer.NA, label: 'a number' });
export const Bad = createToken({ name: 'Bad', pattern: Lexer.NA, label: 'an unexpected character' });

const TRANSFORMER_OPEN_RE = new RegExp(`(?:${wordsPattern(TRANSFORMER_NAMES)})\\(`);
const FIELD_NAME_RE = /[a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)+/;
const IDENT_RE = /[a-zA-Z][a-zA-Z0-9_]*/;
const HEX_RE = /0[xX][0-9a-fA-F]+/;
const NUMBER_RE = /[+-]?[0-9]+\.?[0-9]*(?:[eE][+-][0-9]+)?/;
const BARE_RE = /[^()"' \t\n\v\f\r=,]+/;

/**
 * First characters of a negated character class, for Chevrotain's first-character optimisation (it cannot
 * derive them from a complement set): every code unit below 256 that is not excluded, and one code unit for
 * each of the buckets Chevrotain uses above 255.
 */
function complement(excluded: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < 256; i++) if (!excluded.includes(String.fromCharCode(i))) out.push(i);
  return out.concat(HIGH_BUCKETS);
}
/**
 * The first code unit of each bucket `floor(i / 255)` from 256 up: 256 (bucket 1), then 255·b for b = 2..257.
 * Computed from the buckets rather than by scanning every code unit, which cost milliseconds at start-up.
 */
const HIGH_BUCKETS: readonly number[] = [256, ...Array.from({ length: 256 }, (_, k) => (k + 2) * 255)];
const QUOTES = ['"', "'"];

const matchAnd = keyword('and', isBlank);
const matchOr = keyword('or', isBlank);
const glued = (word: string): LengthMatcher => (text, offset) => (text.startsWith(word, offset) ? word.length : -1);
const matchOrParen = glued('or(');
const matchAndParen = glued('and(');

export const Blank = createToken({ name: 'Blank', pattern: /[ \t\b\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });

// Boolean structure.
export const Not = createToken({ name: 'Not', pattern: custom(matchNot), start_chars_hint: ['n'], line_breaks: true, label: "'not'" });
export const And = createToken({ name: 'And', pattern: custom(matchAnd), start_chars_hint: ['a'], line_breaks: false, label: "'and'" });
export const Or = createToken({ name: 'Or', pattern: custom(matchOr), start_chars_hint: ['o'], line_breaks: false, label: "'or'" });
/*
 * A keyword glued to a parenthesis is a different construct upstream: `or(`, `and(` and `not(` take exactly one
 * parenthesised operand (so `a or(b) and c` is refused while `a or (b) and c` is not). Each is one token,
 * parenthesis included, that opens an expression like `(`.
 */
export const OrParen = createToken({
  name: 'OrParen', pattern: custom(matchOrParen), start_chars_hint: ['o'], line_breaks: false, push_mode: M.expr, label: "'or('",
});
export const AndParen = createToken({
  name: 'AndParen', pattern: custom(matchAndParen), start_chars_hint: ['a'], line_breaks: false, push_mode: M.expr, label: "'and('",
});
const matchNotParen: LengthMatcher = (text, offset) => (text.startsWith('not(', offset) && !breaksNotChain(text, offset) ? 4 : -1);
export const NotParen = createToken({
  name: 'NotParen', pattern: custom(matchNotParen), start_chars_hint: ['n'], line_breaks: false, push_mode: M.expr, label: "'not('",
});

function tok(name: string, pattern: RegExp | CustomPatternMatcherFunc, categories: TokenType[], extra: Record<string, unknown> = {}): TokenType {
  return createToken({ name, pattern, categories, ...extra } as Parameters<typeof createToken>[0]);
}

// Parentheses: each mode has its own, so that the mode stack follows the nesting.
const LParenExpr = tok('LParenExpr', /\(/, [LParen], { push_mode: M.expr });
const RParenPop = tok('RParenPop', /\)/, [RParen], { pop_mode: true });
const RParenLhs = tok('RParenLhs', /\)/, [RParen], { pop_mode: true, push_mode: M.op });
const LParenValues = tok('LParenValues', /\(/, [LParen], { pop_mode: true, push_mode: M.values });
const LParenTrList = tok('LParenTrList', /\(/, [LParen], { push_mode: M.trlist });

export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, push_mode: M.fieldArg, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/, pop_mode: true, label: "']'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });

// Names.
export const FieldName = createToken({ name: 'FieldName', pattern: Lexer.NA, label: 'a field name' });
const FieldNameLhs = tok('FieldNameLhs', FIELD_NAME_RE, [FieldName], { push_mode: M.op });
const FieldNameArg = tok('FieldNameArg', FIELD_NAME_RE, [FieldName]);
const IdentExpr = tok('IdentExpr', IDENT_RE, [Identifier]);
const IdentPop = tok('IdentPop', IDENT_RE, [Identifier], { pop_mode: true });

// Transformers: `name(` with no blank before the parenthesis.
const TrOpenLhs = tok('TrOpenLhs', TRANSFORMER_OPEN_RE, [TransformerOpen], { push_mode: M.argsLhs });
const TrOpenRhs = tok('TrOpenRhs', TRANSFORMER_OPEN_RE, [TransformerOpen], { pop_mode: true, push_mode: M.args });
const TrOpenNested = tok('TrOpenNested', TRANSFORMER_OPEN_RE, [TransformerOpen], { push_mode: M.args });
export const ValOpen = createToken({ name: 'ValOpen', pattern: /val\(/, pop_mode: true, push_mode: M.args, label: "'val('" });

// Operators.
export const Exists = createToken({ name: 'Exists', pattern: wordRe('unary', true), pop_mode: true, label: "'exists'" });
export const NumOp = createToken({ name: 'NumOp', pattern: wordRe('numeric', false), pop_mode: true, push_mode: M.num, label: 'a numeric operator' });
export const StrOp = createToken({ name: 'StrOp', pattern: Lexer.NA, label: 'a string operator' });
const StrSymOp = tok('StrSymOp', wordRe('string', false), [StrOp], { pop_mode: true, push_mode: M.str });
const StrWordOp = tok('StrWordOp', custom(matchWordOperator), [StrOp], {
  pop_mode: true, push_mode: M.str, start_chars_hint: [...new Set(WORD_STRING_OPERATORS.map((w) => w[0]!))], line_breaks: false,
});
export const ListOp = createToken({ name: 'ListOp', pattern: wordRe('list', true), pop_mode: true, push_mode: M.list, label: 'a list operator' });
export const Modifier = createToken({
  name: 'Modifier', pattern: custom(matchModifier), start_chars_hint: [...new Set(MODIFIER_WORDS.map((w) => w[0]!))], line_breaks: false, pop_mode: true, push_mode: M.mod, label: 'a modifier',
});

// Values.
const QuotedPop = tok('QuotedPop', custom(matchQuoted), [QuotedString], { pop_mode: true, line_breaks: true, start_chars_hint: QUOTES });
const QuotedStay = tok('QuotedStay', custom(matchQuoted), [QuotedString], { line_breaks: true, start_chars_hint: QUOTES });
export const BareString = createToken({ name: 'BareString', pattern: Lexer.NA, label: 'a string value' });
const BARE_HINT = complement('()"\' \t\n\v\f\r=,');
const BarePop = tok('BarePop', BARE_RE, [BareString], { pop_mode: true, start_chars_hint: BARE_HINT });
const BareStay = tok('BareStay', BARE_RE, [BareString], { start_chars_hint: BARE_HINT });
const HexPop = tok('HexPop', HEX_RE, [Number_], { pop_mode: true });
const HexStay = tok('HexStay', HEX_RE, [Number_]);
const NumPop = tok('NumPop', NUMBER_RE, [Number_], { pop_mode: true });
const NumStay = tok('NumStay', NUMBER_RE, [Number_]);
export const ArgBareString = createToken({ name: 'ArgBareString', pattern: /[^\][\"'\t\n\v\f\r ]+/, label: 'a field argument',
  start_chars_hint: complement('[]"\'\t\n\v\f\r '),
});

// Whatever a mode does not expect: one word (or one character) that the parser reports in context.
const BadWord = tok('BadWord', /[^ \t\b\r\n()[\]]+/, [Bad], { start_chars_hint: complement(' \t\b\r\n()[]') });
const BadChar = tok('BadChar', /[^()]/, [Bad], { line_breaks: true, start_chars_hint: complement('()') });
/** A parenthesis where none is expected: reported by the parser, and it leaves the mode stack alone. */
const BadParen = tok('BadParen', /[()]/, [Bad]);
const BadOpen = tok('BadOpen', /\(/, [Bad]);
const BadArgChar = tok('BadArgChar', /[^\]]/, [Bad], { line_breaks: true, start_chars_hint: complement(']') });

/*
 * The commonest regular expressions as plain code, for lexer.ts (Chevrotain keeps the expressions, so that
 * test/lexer.test.ts compares each with its expression).
 */
/** Character classes of ASCII code units, as bits: what the matchers below test per character. */
const C_BLANK = 1;
const C_ALPHA = 2;
const C_WORD = 4;
const C_NOT_BARE = 8;
const CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  CLASSES[c] = (BLANK.has(c) ? C_BLANK : 0) | (isAlpha(c) ? C_ALPHA : 0) | (isAlnum(c) || c === 0x5f ? C_WORD : 0)
    | ('()"\' \t\n\v\f\r=,'.includes(String.fromCharCode(c)) ? C_NOT_BARE : 0);
}
/** Whether code unit `c` (NaN past the end) is in ASCII class `k`. */
const is = (c: number, k: number) => c < 128 && (CLASSES[c]! & k) !== 0;

const matchBlank: LengthMatcher = (text, offset) => {
  let i = offset;
  while (is(text.charCodeAt(i), C_BLANK)) i++;
  return i > offset ? i - offset : -1;
};
const matchIdent: LengthMatcher = (text, offset) => {
  if (!is(text.charCodeAt(offset), C_ALPHA)) return -1;
  let i = offset + 1;
  while (is(text.charCodeAt(i), C_WORD)) i++;
  return i - offset;
};
const matchFieldName: LengthMatcher = (text, offset) => {
  if (!is(text.charCodeAt(offset), C_ALPHA)) return -1;
  let i = offset + 1;
  while (is(text.charCodeAt(i), C_WORD)) i++;
  let parts = 0;
  while (text.charCodeAt(i) === 0x2e && is(text.charCodeAt(i + 1), C_ALPHA)) {
    i += 2;
    while (is(text.charCodeAt(i), C_WORD)) i++;
    parts++;
  }
  return parts > 0 ? i - offset : -1;
};
/** BARE_RE: anything but `()"' \t\n\v\f\r=,`, non-ASCII included. */
const matchBare: LengthMatcher = (text, offset) => {
  let i = offset;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128 && (CLASSES[c]! & C_NOT_BARE) !== 0) break;
    i++;
  }
  return i > offset ? i - offset : -1;
};

for (const [types, match] of [
  [[Not], matchNot], [[And], matchAnd], [[Or], matchOr], [[OrParen], matchOrParen], [[AndParen], matchAndParen],
  [[NotParen], matchNotParen], [[StrWordOp], matchWordOperator], [[Modifier], matchModifier], [[QuotedPop, QuotedStay], matchQuoted],
  [[Blank], matchBlank], [[FieldNameLhs, FieldNameArg], matchFieldName], [[IdentExpr, IdentPop], matchIdent], [[BarePop, BareStay], matchBare],
] as Array<[TokenType[], LengthMatcher]>) {
  for (const t of types) LENGTH_MATCHERS.set(t, match);
}

export const lexerDefinition = {
  defaultMode: M.expr,
  modes: {
    [M.expr]: [Blank, Not, And, Or, NotParen, AndParen, OrParen, TrOpenLhs, FieldNameLhs, IdentExpr, LParenExpr, RParenPop, LBracket, BadWord, BadChar],
    [M.op]: [Blank, LBracket, Exists, NumOp, StrSymOp, StrWordOp, ListOp, BadWord, BadChar, BadParen],
    [M.str]: [Blank, Modifier, TrOpenRhs, ValOpen, QuotedPop, BarePop, BadWord, BadChar, BadParen],
    [M.num]: [Blank, TrOpenRhs, ValOpen, HexPop, NumPop, BadWord, BadChar, BadParen],
    [M.list]: [Blank, LParenValues, TrOpenRhs, ValOpen, IdentPop, BadWord, BadChar, BadParen],
    [M.mod]: [Blank, LParenValues, IdentPop, BadWord, BadChar, BadParen],
    [M.values]: [Blank, Comma, RParenPop, QuotedStay, BareStay, BadWord, BadChar, BadOpen],
    [M.args]: [Blank, Comma, RParenPop, LParenTrList, TrOpenNested, FieldNameArg, LBracket, HexStay, NumStay, QuotedStay, IdentExpr, BadWord, BadChar],
    [M.argsLhs]: [Blank, Comma, RParenLhs, LParenTrList, TrOpenNested, FieldNameArg, LBracket, HexStay, NumStay, QuotedStay, IdentExpr, BadWord, BadChar],
    [M.trlist]: [Blank, Comma, RParenPop, LParenTrList, TrOpenNested, FieldNameArg, LBracket, HexStay, NumStay, QuotedStay, IdentExpr, BadWord, BadChar],
    [M.fieldArg]: [QuotedStay, ArgBareString, RBracket, BadArgChar],
  },
};

/** Every token type the parser knows (categories first). */
export const allTokens: TokenType[] = [
  LParen, RParen, Identifier, TransformerOpen, QuotedString, Number_, Bad, FieldName, StrOp, BareString,
  Blank, Not, And, Or, OrParen, AndParen, NotParen, LParenExpr, RParenPop, RParenLhs, LParenValues, LParenTrList, LBracket, RBracket, Comma,
  FieldNameLhs, FieldNameArg, IdentExpr, IdentPop, TrOpenLhs, TrOpenRhs, TrOpenNested, ValOpen, Exists, NumOp,
  StrSymOp, StrWordOp, ListOp, Modifier, QuotedPop, QuotedStay, BarePop, BareStay, HexPop, HexStay, NumPop,
  NumStay, ArgBareString, BadWord, BadChar, BadParen, BadOpen, BadArgChar,
];

/**
 * The lexer's options. Chevrotain's validations of the definition cost more than the rest of building the
 * lexer, at every start of the command; test/chevrotain.test.ts builds the lexer with them on, so the definition is
 * proven valid, and here they are skipped. The first-character optimisation stays enforced.
 */
export const LEXER_OPTIONS = {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
} as const;

let built: Lexer | undefined;

/**
 * Chevrotain's lexer for conditions, built on first use: it reports characters out of place and recovers after
 * them. The parser asks it only when the common case of lexer.ts gives up.
 */
export const conditionLexer: Pick<Lexer, 'tokenize'> = {
  tokenize: (text, initialMode) => (built ??= new Lexer(lexerDefinition, { ...LEXER_OPTIONS, skipValidations: true })).tokenize(text, initialMode),
};
