import type { FieldCatalog } from '../fields/catalog.js';
import type { Expr } from '../syntax/ast.js';
import { MODIFIER_WORDS, operator, operatorWords, transformerSignature, TRANSFORMERS, wordsPattern } from '../language/vocabulary.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import {
  AndParen, Comma, LBracket, LParen, NotParen, NumOp, OrParen, QuotedString, RBracket, RParen, StrOp, TransformerOpen, ValOpen,
} from '../syntax/tokens.js';
import { lexCondition, matches } from './lex.js';
import { isFieldType, type FieldType } from '../language/types.js';

/*
 * Reading a condition around the cursor, also when it does not parse yet (the user is typing): what is
 * expected at the cursor, the word under it, and where macros and lists are named.
 */

/** Characters that end a word of a condition (field names keep their dots and bracket arguments). */
const DELIMS = ' \t\r\n\b()=<>!,"\'';
export const isWordChar = (c: string | undefined): boolean => c !== undefined && !DELIMS.includes(c);

export const LIST_OPS = new Set(operatorWords('list'));
const WORD_OPS = new Set<string>(operatorWords().filter((o) => /^[a-z]+$/.test(o)));
const TRANSFORMER_NAMES = new Set<string>(TRANSFORMERS.map((t) => t.name));

export interface Operand {
  /** The field as written (`proc.aname[2]`), or the transformer name. */
  text: string;
  type?: FieldType;
  isList?: boolean;
}

export type Expectation =
  /** A check: a field, a macro, a transformer, `not` or `(`. */
  | { kind: 'check' }
  /** An operator for the operand just written. */
  | { kind: 'operator'; operand: Operand; maybeMacro: boolean }
  /** The right side of an operator. */
  | { kind: 'value'; op: string; operand?: Operand }
  /** A list or an item of a list (after a list operator, inside its parentheses, after a modifier). */
  | { kind: 'list'; op: string; inParens: boolean; operand?: Operand }
  /** An argument of a transformer. */
  | { kind: 'transformerArg'; transformer: string }
  /** A field's bracket argument. */
  | { kind: 'fieldArg'; field: string }
  /** After a complete check: `and`, `or`, `)`. */
  | { kind: 'connective' }
  /** Inside a quoted string: nothing to offer. */
  | { kind: 'none' };

export interface CursorContext {
  expect: Expectation;
  /** The partial word before the cursor (what the completion replaces). */
  partial: string;
}

interface Tok {
  kind: 'word' | 'op' | 'lparen' | 'rparen' | 'comma' | 'string';
  text: string;
  /** Where it ends in the text. */
  end: number;
}

/**
 * The condition's tokens as the cursor analysis walks them, read by the condition lexer (../syntax/tokens.ts: the
 * one tokenizer, whose modes follow the parser's position; ./lex.ts resumes after a word it does not expect). A transformer's `tolower(` and a keyword's `not(` are a
 * word and a parenthesis here; a field's bracket argument stays part of the field's word (`proc.aname[2]`); a quote
 * left open (the user is typing a string) ends the walk.
 */
function tokenize(text: string): { toks: Tok[]; openString: boolean } {
  const toks: Tok[] = [];
  const tokens = lexCondition(text);
  const is = matches;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const end = t.end;
    if (t.open) return { toks, openString: true };
    if (is(t, LBracket)) {
      // The argument belongs to the field before it, up to its `]` (or the end of the text).
      let j = i + 1;
      while (j < tokens.length && !is(tokens[j]!, RBracket)) j++;
      const stop = j < tokens.length ? tokens[j]!.end : text.length;
      const last = toks[toks.length - 1];
      if (last?.kind === 'word' && last.end === t.start) {
        last.text += text.slice(t.start, stop);
        last.end = stop;
      }
      i = j;
      continue;
    }
    if (is(t, LParen) || (t.bad && t.image === '(')) toks.push({ kind: 'lparen', text: '(', end });
    else if (is(t, RParen) || (t.bad && t.image === ')')) toks.push({ kind: 'rparen', text: ')', end });
    else if (is(t, Comma) || (t.bad && t.image === ',')) toks.push({ kind: 'comma', text: ',', end });
    else if (is(t, QuotedString)) toks.push({ kind: 'string', text: t.image, end });
    else if (is(t, TransformerOpen) || is(t, ValOpen) || is(t, NotParen) || is(t, AndParen) || is(t, OrParen)) {
      toks.push({ kind: 'word', text: t.image.slice(0, -1), end: end - 1 });
      toks.push({ kind: 'lparen', text: '(', end });
    } else if (((is(t, NumOp) || is(t, StrOp)) && !/^[a-z]/.test(t.image)) || (t.bad && /^[=<>!]+$/.test(t.image))) {
      toks.push({ kind: 'op', text: t.image, end });
    }
    else toks.push({ kind: 'word', text: t.image.trim(), end });
  }
  return { toks, openString: false };
}

function fieldType(catalog: FieldCatalog, text: string): Operand {
  const r = catalog.resolve(text);
  if (!r) return { text };
  return { text, type: r.field.type, isList: r.field.list };
}

/** The type a transformer gives, from its argument's. */
function transformed(name: string, arg: Operand | undefined): Operand {
  const sig = transformerSignature(name);
  if (!sig) return { text: name };
  const t = sig.result.type === 'same' ? arg?.type : (sig.result.type.replace(/^PT_/, '') as FieldType);
  const l = sig.result.isList === 'same' ? arg?.isList : sig.result.isList;
  const out: Operand = { text: name };
  if (t && isFieldType(t)) out.type = t;
  if (l !== undefined) out.isList = l;
  return out;
}

type Frame = { kind: 'group' } | { kind: 'transformer'; name: string; firstArg?: Operand; rhs: boolean } | { kind: 'list'; op: string; operand?: Operand };

/**
 * What the condition expects at the end of `before` (the condition text up to the cursor). `isMacro` tells
 * macro names from fields when a word is neither a known field nor followed by an operator yet.
 */
export function contextAt(before: string, catalog: FieldCatalog, isMacro: (name: string) => boolean): CursorContext {
  // The partial word: a field argument being typed, or the word chars before the cursor.
  const argm = /([A-Za-z0-9_.]+)\[([^\]\s]*)$/.exec(before);
  if (argm) return { expect: { kind: 'fieldArg', field: argm[1]! }, partial: argm[2]! };
  let k = before.length;
  // An operator glued to the cursor (`proc.name !`) is still being typed: complete operators over it.
  const opTail = /[=<>!]+$/.exec(before);
  if (opTail) k -= opTail[0].length;
  else while (k > 0 && isWordChar(before[k - 1]) && before[k - 1] !== ']') k--;
  const partial = before.slice(k);
  const { toks, openString } = tokenize(before.slice(0, k));
  if (openString) return { expect: { kind: 'none' }, partial };

  let state: Expectation = { kind: 'check' };
  const stack: Frame[] = [];
  let lastOperand: Operand | undefined;
  const top = () => stack[stack.length - 1];
  const afterOperand = (o: Operand, maybeMacro: boolean): Expectation => {
    lastOperand = o;
    return { kind: 'operator', operand: o, maybeMacro };
  };

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const next = toks[i + 1];
    const s = state.kind;
    if (s === 'check' || s === 'transformerArg') {
      if (t.kind === 'lparen') {
        if (s === 'check') {
          stack.push({ kind: 'group' });
          state = { kind: 'check' };
        }
        continue;
      }
      if (t.kind === 'word') {
        if (s === 'check' && t.text === 'not') continue;
        if (TRANSFORMER_NAMES.has(t.text) && next?.kind === 'lparen') {
          stack.push({ kind: 'transformer', name: t.text, rhs: false });
          state = { kind: 'transformerArg', transformer: t.text };
          i++;
          continue;
        }
        const f = top();
        if (s === 'transformerArg' && f?.kind === 'transformer') {
          f.firstArg ??= fieldType(catalog, t.text);
          continue;
        }
        const op = fieldType(catalog, t.text);
        const macro = !op.type && isMacro(t.text);
        state = macro ? { kind: 'connective' } : afterOperand(op, !op.type);
        continue;
      }
      if (t.kind === 'string' && s === 'transformerArg') continue;
      if (t.kind === 'comma' && s === 'transformerArg') continue;
      if (t.kind === 'rparen') {
        const f = stack.pop();
        if (f?.kind === 'transformer') {
          const o = transformed(f.name, f.firstArg);
          state = f.rhs ? { kind: 'connective' } : afterOperand(o, false);
        } else state = { kind: 'connective' };
        continue;
      }
      continue;
    }
    if (s === 'operator') {
      const opText = t.kind === 'op' ? t.text : t.kind === 'word' && WORD_OPS.has(t.text) ? t.text : undefined;
      if (opText === undefined) {
        if (t.kind === 'word' && (t.text === 'and' || t.text === 'or')) state = { kind: 'check' };
        else if (t.kind === 'rparen') {
          stack.pop();
          state = { kind: 'connective' };
        }
        continue;
      }
      if (operator(opText)?.kind === 'unary') {
        state = { kind: 'connective' };
        continue;
      }
      state = LIST_OPS.has(opText) ? { kind: 'list', op: opText, inParens: false, ...(lastOperand ? { operand: lastOperand } : {}) } : { kind: 'value', op: opText, ...(lastOperand ? { operand: lastOperand } : {}) };
      continue;
    }
    if (s === 'value' || s === 'list') {
      const st = state as Extract<Expectation, { kind: 'value' | 'list' }>;
      if (s === 'value' && t.kind === 'word' && MODIFIER_WORDS.includes(t.text) && operator(st.op)?.modifiers === true) {
        state = { kind: 'list', op: `${st.op} ${t.text}`, inParens: false, ...(st.operand ? { operand: st.operand } : {}) };
        continue;
      }
      if (t.kind === 'lparen') {
        if (s === 'list' && !(state as { inParens: boolean }).inParens) {
          stack.push({ kind: 'list', op: st.op, ...(st.operand ? { operand: st.operand } : {}) });
          state = { kind: 'list', op: st.op, inParens: true, ...(st.operand ? { operand: st.operand } : {}) };
        }
        continue;
      }
      if (t.kind === 'word' && TRANSFORMER_NAMES.has(t.text) && next?.kind === 'lparen' && s === 'value') {
        stack.push({ kind: 'transformer', name: t.text, rhs: true });
        state = { kind: 'transformerArg', transformer: t.text };
        i++;
        continue;
      }
      if (s === 'list' && (state as { inParens: boolean }).inParens) {
        if (t.kind === 'rparen') {
          stack.pop();
          state = { kind: 'connective' };
        }
        continue;
      }
      if (t.kind === 'word' || t.kind === 'string') {
        state = { kind: 'connective' };
        continue;
      }
      continue;
    }
    // connective
    if (t.kind === 'word' && (t.text === 'and' || t.text === 'or')) state = { kind: 'check' };
    else if (t.kind === 'rparen') stack.pop();
  }
  // `proc.name in (a, ` keeps the list context; a word being typed after a complete check may be `and`/`or`.
  return { expect: state, partial };
}

/** The word of `text` around index `i`, with its bounds. */
export function wordAt(text: string, i: number): { word: string; start: number; end: number } | undefined {
  let s = Math.min(i, text.length);
  let e = s;
  while (s > 0 && isWordChar(text[s - 1])) s--;
  while (e < text.length && isWordChar(text[e])) e++;
  // A bracket argument belongs to the field before it: `proc.aname[2]`.
  if (text[e] === '[') {
    const close = text.indexOf(']', e);
    if (close > 0) e = close + 1;
  }
  if (e <= s) return undefined;
  return { word: text.slice(s, e), start: s, end: e };
}

/** Spans [start, end) of unquoted words equal to `name` (Falco substitutes list names as words of the text). */
export function wordSpans(text: string, name: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (!isWordChar(c)) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && isWordChar(text[j]) && text[j] !== '[') j++;
    if (text.slice(i, j) === name) out.push([i, j]);
    if (text[j] === '[') {
      const close = text.indexOf(']', j);
      j = close < 0 ? text.length : close + 1;
    }
    i = Math.max(j, i + 1);
  }
  return out;
}

/** Spans of the macro references named `name`: identifiers of the parsed tree (words when it does not parse). */
export function macroSpans(text: string, name: string): Array<[number, number]> {
  if (!text.includes(name)) return [];
  const parsed = parse(text, { maxDepth: FALCO_MAX_DEPTH });
  if (!parsed.ast) return wordSpans(text, name);
  const out: Array<[number, number]> = [];
  const walk = (e: Expr) => {
    if (e.kind === 'identifier') {
      if (e.name === name) out.push([e.range.start.offset, e.range.end.offset]);
    } else if (e.kind === 'and' || e.kind === 'or') e.children.forEach(walk);
    else if (e.kind === 'not') walk(e.child);
  };
  walk(parsed.ast);
  return out;
}

const LIST_POSITION = new RegExp(`(?:^|[\\s)])(${wordsPattern([...LIST_OPS, ...MODIFIER_WORDS])})\\s*(\\(([^()"']|"[^"]*"|'[^']*')*)?$`);

/** Whether the word at [start, …) of a condition stands where a list can: after a list operator or a modifier. */
export function inListPosition(text: string, start: number): { bare: boolean } | undefined {
  const before = text.slice(0, start);
  const m = LIST_POSITION.exec(before);
  if (!m) return undefined;
  return { bare: m[2] === undefined };
}
