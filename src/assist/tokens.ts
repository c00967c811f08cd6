import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { MODIFIER_WORDS, wordsPattern } from '../language/vocabulary.js';
import { outputPlaceholders } from '../rules/output.js';
import { scalarMap } from '../rules/positions.js';
import type { Expr } from '../syntax/ast.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import {
  And, AndParen, ArgBareString, BareString, Bad, Comma, Exists, FieldName, Identifier, LBracket, ListOp, LParen, Modifier, Not, NotParen,
  NumOp, Number_, Or, OrParen, QuotedString, RBracket, RParen, StrOp, TransformerOpen, ValOpen,
} from '../syntax/tokens.js';
import { lexCondition, matches } from './lex.js';
import { outlineOf, type Item, type Outline } from './outline.js';

/*
 * The one tokenizer for highlighting: the condition lexer of ../syntax/tokens.ts (its modes follow the parser's
 * position), made tolerant of text being typed by ./lex.ts, gives each token its class; the parsed tree tells macro references from other words, and the lists in scope tell list names
 * from bare strings. The language server's semantic tokens, the REPL's colours and the playground's highlighting
 * are these classes, presented each in its own way.
 */

export type TokenClass =
  | 'field' | 'argument' | 'operator' | 'modifier' | 'keyword' | 'transformer' | 'macro' | 'list' | 'string' | 'number'
  | 'paren' | 'comma' | 'invalid';

/** A token: [start, end) in the text it was read from. */
export interface HighlightToken {
  start: number;
  end: number;
  cls: TokenClass;
  deprecated?: boolean;
}

export interface TokenScope {
  /** Whether a word names a list in scope. */
  isList: (name: string) => boolean;
  /** Whether a word names a macro in scope: for text that does not parse (yet), where the tree cannot tell. */
  isMacro?: (name: string) => boolean;
  /** Whether a field is deprecated (default: none is). */
  isDeprecated?: (field: string) => boolean;
}

const NUMBER = /^(?:0[xX][0-9a-fA-F]+|[+-]?[0-9]+\.?[0-9]*(?:[eE][+-][0-9]+)?)$/;

/** The tokens of one condition text (also of text that does not parse: what the lexer reads), in order. */
export function conditionTokens(text: string, scope: TokenScope): HighlightToken[] {
  const macros = new Set<number>();
  const ast = parse(text, { maxDepth: FALCO_MAX_DEPTH }).ast;
  if (ast) collectMacros(ast, macros);
  const out: HighlightToken[] = [];
  const is = matches;
  let inArg = false;
  for (const t of lexCondition(text)) {
    const { start, end } = t;
    const push = (cls: TokenClass, s = start, e = end, deprecated = false) => {
      if (e > s) out.push(deprecated ? { start: s, end: e, cls, deprecated } : { start: s, end: e, cls });
    };
    if (is(t, LBracket) || is(t, RBracket)) {
      inArg = is(t, LBracket);
      push('paren');
      continue;
    }
    if (inArg) {
      push(is(t, ArgBareString) || is(t, QuotedString) ? 'argument' : 'invalid');
      continue;
    }
    if (is(t, FieldName)) push('field', start, end, scope.isDeprecated?.(t.image) ?? false);
    else if (is(t, NotParen) || is(t, AndParen) || is(t, OrParen)) {
      // `not(`, `and(`: the keyword, then its parenthesis.
      const word = /^[a-z]+/.exec(t.image)![0];
      push('keyword', start, start + word.length);
      push('paren', end - 1, end);
    } else if (is(t, Not)) push('keyword', start, start + 3);
    else if (is(t, And) || is(t, Or)) push('keyword');
    else if (is(t, Exists) || is(t, NumOp) || is(t, StrOp) || is(t, ListOp)) push('operator');
    else if (is(t, Modifier)) push('modifier');
    else if (is(t, TransformerOpen) || is(t, ValOpen)) {
      push('transformer', start, end - 1);
      push('paren', end - 1, end);
    } else if (is(t, QuotedString)) push('string');
    else if (t.open) push('invalid');
    else if (is(t, Number_)) push('number');
    else if (is(t, Identifier)) {
      if (macros.has(start) || (!ast && scope.isMacro?.(t.image))) push('macro');
      else push(scope.isList(t.image) ? 'list' : 'string');
    } else if (is(t, BareString)) {
      if (scope.isList(t.image)) push('list');
      else push(NUMBER.test(t.image) ? 'number' : 'string');
    } else if (is(t, LParen) || is(t, RParen)) push('paren');
    else if (is(t, Comma)) push('comma');
    else if (is(t, Bad)) push(/^[()]$/.test(t.image) ? 'paren' : 'invalid');
  }
  return out;
}

function collectMacros(e: Expr, into: Set<number>): void {
  if (e.kind === 'identifier') into.add(e.range.start.offset);
  else if (e.kind === 'and' || e.kind === 'or') for (const c of e.children) collectMacros(c, into);
  else if (e.kind === 'not') collectMacros(e.child, into);
}

/** The tokens of an output text: its `%field` and `%transformer(field)` placeholders (the `%` is not part of them). */
export function outputTokens(text: string, scope: TokenScope): HighlightToken[] {
  const out: HighlightToken[] = [];
  for (const p of outputPlaceholders(text)) {
    for (const t of conditionTokens(p.text, scope)) out.push({ ...t, start: t.start + p.start + 1, end: t.end + p.start + 1 });
  }
  return out;
}

/**
 * The tokens of a rules file, in file offsets, sorted: conditions, the `fields` and `comps` of exceptions, the
 * `%fields` of outputs, and list names among the items of lists. Value offsets become file offsets through the
 * scalar maps of ../rules/positions.ts, so tokens are exact inside folded, literal and quoted scalars; a token the
 * YAML folds over two lines becomes one token per line.
 */
export function rulesTokens(text: string, scope: TokenScope, outline: Outline = outlineOf(text)): HighlightToken[] {
  const out: HighlightToken[] = [];
  const emit = (node: Scalar, tokens: HighlightToken[]) => {
    let map;
    try {
      map = scalarMap(text, node);
    } catch {
      return;
    }
    if (!map.exact) return;
    for (const tok of tokens) {
      // One source run per line: value characters whose source text follows on without a gap.
      let i = tok.start;
      while (i < tok.end) {
        const s = map.offsetAt(i);
        let e = map.endOffsetAt(i);
        let j = i + 1;
        while (j < tok.end && map.offsetAt(j) === e && !/[\r\n]/.test(text[e] ?? '')) {
          e = map.endOffsetAt(j);
          j++;
        }
        // A value character made by a line break (a fold) is not drawn.
        if (e > s && !/[\r\n]/.test(text.slice(s, e))) out.push(tok.deprecated ? { start: s, end: e, cls: tok.cls, deprecated: true } : { start: s, end: e, cls: tok.cls });
        i = j;
      }
    }
  };
  for (const item of outline.items) {
    if (item.condition && (item.kind === 'rule' || item.kind === 'macro')) {
      const value = valueOf(text, item.condition);
      if (value !== undefined) emit(item.condition, conditionTokens(value, scope));
    }
    if (item.output && item.kind === 'rule') {
      const value = valueOf(text, item.output);
      if (value !== undefined) emit(item.output, outputTokens(value, scope));
    }
    if (item.kind === 'rule') exceptionTokens(text, item, scope, emit);
    // An item of a list that names another list (Falco puts that list's items in its place).
    if (item.kind === 'list') {
      for (const i of item.items) {
        if (typeof i.value === 'string' && scope.isList(i.value)) emit(i, [{ start: 0, end: i.value.length, cls: 'list' }]);
      }
    }
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

const COMP = new RegExp(`^(\\S+)(?:(\\s+)(${wordsPattern(MODIFIER_WORDS)}))?\\s*$`);

function exceptionTokens(text: string, item: Item, scope: TokenScope, emit: (node: Scalar, tokens: HighlightToken[]) => void): void {
  const exs = item.map.get('exceptions', true) as Node | undefined;
  if (!exs || !isSeq(exs)) return;
  const scalars = (n: unknown): Scalar[] => (isScalar(n) && n.range ? [n] : isSeq(n) ? n.items.filter((i): i is Scalar => isScalar(i) && !!i.range) : []);
  for (const ex of exs.items) {
    if (!isMap(ex)) continue;
    for (const f of scalars(ex.get('fields', true))) {
      const v = valueOf(text, f);
      if (v !== undefined) emit(f, conditionTokens(v, scope).filter((t) => t.cls === 'field' || t.cls === 'argument' || t.cls === 'transformer'));
    }
    for (const c of scalars(ex.get('comps', true))) {
      const v = valueOf(text, c);
      const m = v === undefined ? null : COMP.exec(v);
      if (!m) continue;
      const toks: HighlightToken[] = [{ start: 0, end: m[1]!.length, cls: 'operator' }];
      if (m[3]) toks.push({ start: m[1]!.length + m[2]!.length, end: m[1]!.length + m[2]!.length + m[3].length, cls: 'modifier' });
      emit(c, toks);
    }
  }
}

function valueOf(text: string, node: Scalar): string | undefined {
  try {
    return scalarMap(text, node).value;
  } catch {
    return undefined;
  }
}
