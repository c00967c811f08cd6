import type { IToken, TokenType } from 'chevrotain';
import type { Position, Range } from '../diagnostic.js';
import type {
  Expr,
  FieldExpr,
  FieldTransformerExpr,
  ListExpr,
  TransformerListExpr,
  ValueExpr,
} from './ast.js';
import { unescapeQuoted } from './escape.js';
import type { LineIndex } from './lines.js';
import * as T from './tokens.js';

/*
 * The fast path for well-formed conditions. Almost every condition a parser sees is well formed (a rules file
 * loads hundreds of them), and for those Chevrotain's machinery (rule invocation with recovery state, an
 * alternatives array with closures per OR, lookahead functions) costs more than the grammar itself. This is the
 * same grammar as `ConditionParser` in parser.ts, over the same tokens, written as plain recursive descent
 * that builds the same tree. It never reports anything: at the first token it does not expect (or an escape
 * error, a blank before `[`, a nesting near the depth limit), it gives up and `parse` runs the Chevrotain
 * parser, which finds the errors, recovers and words the messages. test/parser.fast-path.test.ts checks that
 * both give the same tree on generated, upstream and corpus conditions, and that the fast path gives up
 * wherever the Chevrotain parser reports a problem.
 */

/** What a token is for the grammar (its Chevrotain category, or itself). */
const enum K {
  Other,
  LParen,
  RParen,
  Identifier,
  TransformerOpen,
  QuotedString,
  Number,
  FieldName,
  StrOp,
  BareString,
  Not,
  And,
  Or,
  OrParen,
  AndParen,
  NotParen,
  LBracket,
  RBracket,
  Comma,
  ValOpen,
  Exists,
  NumOp,
  ListOp,
  Modifier,
  ArgBareString,
}

const KIND_OF: Array<[TokenType, K]> = [
  [T.LParen, K.LParen], [T.RParen, K.RParen], [T.Identifier, K.Identifier], [T.TransformerOpen, K.TransformerOpen],
  [T.QuotedString, K.QuotedString], [T.Number_, K.Number], [T.FieldName, K.FieldName], [T.StrOp, K.StrOp],
  [T.BareString, K.BareString], [T.Not, K.Not], [T.And, K.And], [T.Or, K.Or], [T.OrParen, K.OrParen],
  [T.AndParen, K.AndParen], [T.NotParen, K.NotParen], [T.LBracket, K.LBracket], [T.RBracket, K.RBracket],
  [T.Comma, K.Comma], [T.ValOpen, K.ValOpen], [T.Exists, K.Exists], [T.NumOp, K.NumOp], [T.ListOp, K.ListOp],
  [T.Modifier, K.Modifier], [T.ArgBareString, K.ArgBareString],
];

/** Grammar kind by `tokenTypeIdx` (filled lazily: Chevrotain numbers token types when the lexer is built). */
let kindByIdx: K[] | undefined;

function kinds(): K[] {
  const out: K[] = [];
  for (const t of T.allTokens) {
    const idx = t.tokenTypeIdx!;
    let k = K.Other;
    for (const [type, kind] of KIND_OF) {
      if (t === type || t.CATEGORIES?.includes(type)) {
        k = kind;
        break;
      }
    }
    out[idx] = k;
  }
  return out;
}

/** Thrown to leave the fast path; never escapes `parseWellFormed`. */
const GIVE_UP = new Error('not well formed');

/** Stay this many frames below the limit, so that the depth error is always the Chevrotain parser's to report. */
const DEPTH_MARGIN = 8;

let tokens: IToken[] = [];
let pos = 0;
let kind: K[] = [];
let index: LineIndex;
let depth = 0;
let limit = 0;

const la = (): K => (pos < tokens.length ? kind[tokens[pos]!.tokenTypeIdx]! : K.Other);

function take(k: K): IToken {
  if (la() !== k) throw GIVE_UP;
  return tokens[pos++]!;
}

function enter(frames = 1): void {
  depth += frames;
  if (depth >= limit) throw GIVE_UP;
}

function startOf(t: IToken): Position {
  return index.positionAt(t.startOffset);
}
function endOf(t: IToken): Position {
  return index.positionAt(t.startOffset + t.image.length);
}
function tokRange(a: IToken, b: IToken = a): Range {
  return { start: startOf(a), end: endOf(b) };
}

function quoted(t: IToken): string {
  const r = unescapeQuoted(t.image);
  if (r.error !== undefined) throw GIVE_UP;
  return r.value;
}

/**
 * The tree of a well-formed condition's tokens (the lexer's, without lexing errors), or undefined when the
 * Chevrotain parser must decide. `maxDepth` as in `ParseOptions`.
 */
export function parseWellFormed(toks: IToken[], lines: LineIndex, maxDepth: number): Expr | undefined {
  kind = kindByIdx ??= kinds();
  tokens = toks;
  pos = 0;
  index = lines;
  depth = 0;
  limit = maxDepth - DEPTH_MARGIN;
  try {
    const e = orExpr();
    return pos === tokens.length ? e : undefined;
  } catch (e) {
    if (e === GIVE_UP || e instanceof RangeError) return undefined;
    throw e;
  } finally {
    tokens = [];
  }
}

function spanOf(children: Expr[]): Range {
  return { start: children[0]!.range.start, end: children[children.length - 1]!.range.end };
}

function orExpr(): Expr {
  enter();
  const first = andExpr();
  let children: Expr[] | undefined;
  for (let k = la(); k === K.Or || k === K.OrParen; k = la()) {
    pos++;
    (children ??= [first]).push(k === K.OrParen ? gluedOperand() : andExpr());
  }
  depth--;
  return children ? { kind: 'or', children, range: spanOf(children) } : first;
}

function andExpr(): Expr {
  enter();
  const first = notExpr();
  let children: Expr[] | undefined;
  for (let k = la(); k === K.And || k === K.AndParen; k = la()) {
    pos++;
    (children ??= [first]).push(k === K.AndParen ? gluedOperand() : notExpr());
  }
  depth--;
  return children ? { kind: 'and', children, range: spanOf(children) } : first;
}

function notExpr(): Expr {
  enter();
  let firstNot: IToken | undefined;
  let count = 0;
  while (la() === K.Not) {
    firstNot ??= tokens[pos]!;
    pos++;
    count++;
  }
  let child: Expr;
  if (la() === K.NotParen) {
    const open = tokens[pos++]!;
    firstNot ??= open;
    count++;
    child = gluedOperand();
  } else child = check();
  depth--;
  if (count % 2 === 0) return child;
  return { kind: 'not', child, range: { start: startOf(firstNot!), end: child.range.end } };
}

function gluedOperand(): Expr {
  enter();
  const inner = orExpr();
  depth--;
  take(K.RParen);
  return inner;
}

function check(): Expr {
  enter();
  let r: Expr;
  switch (la()) {
    case K.LParen: {
      pos++;
      enter();
      r = orExpr();
      depth--;
      take(K.RParen);
      break;
    }
    case K.FieldName:
      r = condition(field());
      break;
    case K.TransformerOpen:
      r = condition(transformer());
      break;
    case K.Identifier:
    case K.And:
    case K.Or: {
      const t = tokens[pos++]!;
      r = { kind: 'identifier', name: t.image, range: tokRange(t) };
      break;
    }
    default:
      throw GIVE_UP;
  }
  depth--;
  return r;
}

function field(): FieldExpr {
  const name = take(K.FieldName);
  enter();
  depth--;
  const arg = la() === K.LBracket ? fieldArg(name) : undefined;
  const f: FieldExpr = { kind: 'field', name: name.image, range: tokRange(name, tokens[pos - 1]) };
  if (arg !== undefined) f.arg = arg;
  return f;
}

function fieldArg(owner: IToken): string {
  const open = tokens[pos++]!;
  if (owner.startOffset + owner.image.length !== open.startOffset) throw GIVE_UP;
  const k = la();
  let value: string;
  if (k === K.QuotedString) value = quoted(tokens[pos++]!);
  else if (k === K.ArgBareString) value = tokens[pos++]!.image;
  else throw GIVE_UP;
  take(K.RBracket);
  return value;
}

function transformer(): FieldTransformerExpr {
  enter();
  const open = take(K.TransformerOpen);
  const values: Expr[] = [];
  for (;;) {
    enter();
    switch (la()) {
      case K.FieldName:
        values.push(field());
        break;
      case K.TransformerOpen:
        values.push(transformer());
        break;
      case K.LParen:
        values.push(transformerList());
        break;
      case K.QuotedString:
      case K.Number:
        values.push(literal());
        break;
      default:
        throw GIVE_UP;
    }
    depth--;
    if (la() !== K.Comma) break;
    pos++;
  }
  const close = take(K.RParen);
  const arg = la() === K.LBracket ? fieldArg(close) : undefined;
  depth--;
  const t: FieldTransformerExpr = {
    kind: 'field_transformer', transformer: open.image.slice(0, -1), values, range: tokRange(open, tokens[pos - 1]),
  };
  if (arg !== undefined) t.arg = arg;
  return t;
}

function transformerList(): TransformerListExpr {
  const open = tokens[pos++]!;
  const children: Expr[] = [];
  if (la() !== K.RParen) {
    for (;;) {
      switch (la()) {
        case K.FieldName:
          children.push(field());
          break;
        case K.TransformerOpen:
          children.push(transformer());
          break;
        case K.QuotedString:
        case K.Number:
          children.push(literal());
          break;
        default:
          throw GIVE_UP;
      }
      if (la() !== K.Comma) break;
      pos++;
    }
  }
  const close = take(K.RParen);
  return { kind: 'transformer_list', children, range: tokRange(open, close) };
}

function literal(): ValueExpr {
  const t = tokens[pos++]!;
  const value = kind[t.tokenTypeIdx] === K.QuotedString ? quoted(t) : t.image;
  return { kind: 'value', value, range: tokRange(t) };
}

function condition(left: FieldExpr | FieldTransformerExpr): Expr {
  enter();
  const op = tokens[pos];
  let r: Expr;
  switch (la()) {
    case K.Exists:
      pos++;
      r = { kind: 'unary_check', op: 'exists', left, range: { start: left.range.start, end: endOf(op!) } };
      break;
    case K.NumOp: {
      pos++;
      enter(2);
      let right: ValueExpr | FieldTransformerExpr;
      const k = la();
      if (k === K.Number) {
        const t = tokens[pos++]!;
        right = { kind: 'value', value: t.image, range: tokRange(t) };
      } else right = transformerOrVal(k);
      depth -= 2;
      r = binary(left, op!.image, right);
      break;
    }
    case K.StrOp: {
      pos++;
      if (la() === K.Modifier) {
        const mod = tokens[pos++]!;
        enter();
        const right = la() === K.LParen ? valueList() : listName();
        depth--;
        r = binary(left, `${op!.image} ${mod.image}`, right);
      } else {
        enter(2);
        const k = la();
        const right = k === K.QuotedString || k === K.BareString ? stringLiteral() : transformerOrVal(k);
        depth -= 2;
        r = binary(left, op!.image, right);
      }
      break;
    }
    case K.ListOp: {
      pos++;
      enter();
      const k = la();
      let right: ValueExpr | ListExpr | FieldTransformerExpr;
      if (k === K.LParen) right = valueList();
      else {
        enter();
        right = k === K.Identifier ? listName() : transformerOrVal(k);
        depth--;
      }
      depth--;
      r = binary(left, op!.image, right);
      break;
    }
    default:
      throw GIVE_UP;
  }
  depth--;
  return r;
}

function binary(left: FieldExpr | FieldTransformerExpr, op: string, right: ValueExpr | ListExpr | FieldTransformerExpr): Expr {
  return { kind: 'binary_check', op, left, right, range: { start: left.range.start, end: right.range.end } };
}

function stringLiteral(): ValueExpr {
  const k = la();
  if (k !== K.QuotedString && k !== K.BareString) throw GIVE_UP;
  const t = tokens[pos++]!;
  return { kind: 'value', value: k === K.QuotedString ? quoted(t) : t.image, range: tokRange(t) };
}

function listName(): ValueExpr {
  const t = take(K.Identifier);
  return { kind: 'value', value: t.image, range: tokRange(t) };
}

function valueList(): ListExpr {
  const open = tokens[pos++]!;
  const values: string[] = [];
  const valueRanges: Range[] = [];
  enter();
  depth--;
  const k = la();
  if (k === K.QuotedString || k === K.BareString) {
    for (;;) {
      const v = stringLiteral();
      values.push(v.value);
      valueRanges.push(v.range);
      if (la() !== K.Comma) break;
      pos++;
    }
  }
  const close = take(K.RParen);
  return { kind: 'list', values, range: tokRange(open, close), valueRanges };
}

function transformerOrVal(k: K): FieldTransformerExpr {
  if (k === K.TransformerOpen) return transformer();
  if (k !== K.ValOpen) throw GIVE_UP;
  const open = tokens[pos++]!;
  const inner = field();
  const close = take(K.RParen);
  const arg = la() === K.LBracket ? fieldArg(close) : undefined;
  const t: FieldTransformerExpr = { kind: 'field_transformer', transformer: 'val', values: [inner], range: tokRange(open, tokens[pos - 1]) };
  if (arg !== undefined) t.arg = arg;
  return t;
}
