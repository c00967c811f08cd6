import { tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { SemanticTokensBuilder, type Range as LspRange, type SemanticTokens, type SemanticTokensDelta, type SemanticTokensLegend } from 'vscode-languageserver';
import type { Expr } from '../syntax/ast.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import {
  And, ArgBareString, Exists, FieldName, Identifier, LBracket, ListOp, Modifier, Not, NumOp, Number_, Or, QuotedString, RBracket,
  StrOp, TransformerOpen, ValOpen, BareString, conditionLexer,
} from '../syntax/tokens.js';
import { outputPlaceholders } from '../rules/output.js';
import { scalarMap } from '../rules/positions.js';
import type { Item } from './outline.js';
import type { RulesFile, Workspace } from './workspace.js';

/*
 * Semantic tokens for the condition language inside a rules file: in `condition:` values, the `fields` and
 * `comps` of exceptions, the `%fields` of outputs, and list names among the items of lists. The condition lexer (../syntax/tokens.ts) gives the
 * tokens exactly as the parser reads them; the parsed tree tells macro references from other words, and the
 * workspace's lists tell list names from bare strings. Value offsets become file positions through the
 * scalar maps of ../rules/positions.ts, so tokens are exact inside folded, literal and quoted scalars (a
 * token the YAML folds over two lines becomes two tokens, one per line).
 *
 * Only standard token types and modifiers, so every theme colours them without configuration.
 */

export const TOKEN_TYPES = ['property', 'parameter', 'operator', 'modifier', 'keyword', 'function', 'macro', 'type', 'string', 'number'] as const;
export const TOKEN_MODIFIERS = ['deprecated'] as const;
export type TokenKind = (typeof TOKEN_TYPES)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const TYPE_INDEX = new Map<string, number>(TOKEN_TYPES.map((t, i) => [t, i]));

/** A token of a condition text: [start, end) in the text. */
export interface ConditionToken {
  start: number;
  end: number;
  kind: TokenKind;
  deprecated?: boolean;
}

const NUMBER = /^(?:0[xX][0-9a-fA-F]+|[+-]?[0-9]+\.?[0-9]*(?:[eE][+-][0-9]+)?)$/;

export interface TokenContext {
  isList: (name: string) => boolean;
  isDeprecated: (field: string) => boolean;
}

/** Tokens of one condition text (also of text that does not parse: what the lexer reads). */
export function conditionTokens(text: string, ctx: TokenContext): ConditionToken[] {
  const lexed = conditionLexer.tokenize(text);
  const macros = new Set<number>();
  const ast = parse(text, { maxDepth: FALCO_MAX_DEPTH }).ast;
  if (ast) collectMacros(ast, macros);
  const out: ConditionToken[] = [];
  const is = (t: IToken, type: TokenType) => tokenMatcher(t, type);
  let inArg = false;
  for (const t of lexed.tokens) {
    const start = t.startOffset;
    const end = t.startOffset + t.image.length;
    const push = (kind: TokenKind, s = start, e = end, deprecated = false) => {
      if (e > s) out.push(deprecated ? { start: s, end: e, kind, deprecated } : { start: s, end: e, kind });
    };
    if (is(t, LBracket)) {
      inArg = true;
      continue;
    }
    if (is(t, RBracket)) {
      inArg = false;
      continue;
    }
    if (inArg) {
      if (is(t, ArgBareString) || is(t, QuotedString)) push('parameter');
      continue;
    }
    if (is(t, FieldName)) push('property', start, end, ctx.isDeprecated(t.image));
    else if (is(t, Not)) push('keyword', start, start + 3);
    else if (is(t, And) || is(t, Or)) push('keyword');
    else if (is(t, Exists) || is(t, NumOp) || is(t, StrOp) || is(t, ListOp)) push('operator');
    else if (is(t, Modifier)) push('modifier');
    else if (is(t, TransformerOpen) || is(t, ValOpen)) push('function', start, end - 1);
    else if (is(t, QuotedString)) push('string');
    else if (is(t, Number_)) push('number');
    else if (is(t, Identifier)) {
      if (macros.has(start)) push('macro');
      else push(ctx.isList(t.image) ? 'type' : 'string');
    } else if (is(t, BareString)) {
      if (ctx.isList(t.image)) push('type');
      else push(NUMBER.test(t.image) ? 'number' : 'string');
    }
  }
  return out;
}

function collectMacros(e: Expr, into: Set<number>): void {
  if (e.kind === 'identifier') into.add(e.range.start.offset);
  else if (e.kind === 'and' || e.kind === 'or') for (const c of e.children) collectMacros(c, into);
  else if (e.kind === 'not') collectMacros(e.child, into);
}

/** A token in file coordinates. */
export interface FileToken {
  line: number;
  char: number;
  length: number;
  kind: TokenKind;
  deprecated: boolean;
}

/** The tokens of a whole rules file, sorted. */
export function fileTokens(ws: Workspace, file: RulesFile): FileToken[] {
  const text = file.doc.getText();
  const outline = ws.outline(file);
  const loaded = safe(() => ws.current(file).set);
  const ctx: TokenContext = {
    isList: (name) => ws.definers('list', name).length > 0 || !!loaded?.lists.has(name),
    isDeprecated: (field) => !!ws.catalog.resolve(field)?.field.deprecated,
  };
  const out: FileToken[] = [];
  const emit = (node: Scalar, tokens: ConditionToken[], base = 0) => {
    let map;
    try {
      map = scalarMap(text, node);
    } catch {
      return;
    }
    if (!map.exact) return;
    for (const tok of tokens) {
      // One source run per line: value characters whose source text follows on without a gap.
      let i = tok.start + base;
      const end = tok.end + base;
      while (i < end) {
        const s = map.offsetAt(i);
        let e = map.endOffsetAt(i);
        let j = i + 1;
        while (j < end && map.offsetAt(j) === e && !/[\r\n]/.test(text[e] ?? '')) {
          e = map.endOffsetAt(j);
          j++;
        }
        // A value character made by a line break (a fold) is not drawn.
        if (!/^[\r\n]/.test(text.slice(s, e))) {
          const p = file.doc.positionAt(s);
          const q = file.doc.positionAt(e);
          if (p.line === q.line && q.character > p.character) {
            out.push({ line: p.line, char: p.character, length: q.character - p.character, kind: tok.kind, deprecated: !!tok.deprecated });
          }
        }
        i = j;
      }
    }
  };
  for (const item of outline.items) {
    if (item.condition && (item.kind === 'rule' || item.kind === 'macro')) {
      const value = valueOf(text, item.condition);
      if (value !== undefined) emit(item.condition, conditionTokens(value, ctx));
    }
    if (item.output && item.kind === 'rule') {
      const value = valueOf(text, item.output);
      if (value !== undefined) {
        for (const p of outputPlaceholders(value)) {
          emit(item.output, conditionTokens(p.text, ctx), p.start + 1);
        }
      }
    }
    if (item.kind === 'rule') exceptionTokens(text, item, ctx, emit);
    // An item of a list that names another list (Falco puts that list's items in its place).
    if (item.kind === 'list') {
      for (const i of item.items) {
        if (typeof i.value === 'string' && ctx.isList(i.value)) emit(i, [{ start: 0, end: i.value.length, kind: 'type' }]);
      }
    }
  }
  out.sort((a, b) => a.line - b.line || a.char - b.char);
  return out;
}

function exceptionTokens(text: string, item: Item, ctx: TokenContext, emit: (node: Scalar, tokens: ConditionToken[]) => void): void {
  const exs = item.map.get('exceptions', true) as Node | undefined;
  if (!exs || !isSeq(exs)) return;
  const scalars = (n: unknown): Scalar[] => (isScalar(n) && n.range ? [n] : isSeq(n) ? n.items.filter((i): i is Scalar => isScalar(i) && !!i.range) : []);
  for (const ex of exs.items) {
    if (!isMap(ex)) continue;
    for (const f of scalars(ex.get('fields', true))) {
      const v = valueOf(text, f);
      if (v !== undefined) emit(f, conditionTokens(v, ctx).filter((t) => t.kind === 'property' || t.kind === 'parameter' || t.kind === 'function'));
    }
    for (const c of scalars(ex.get('comps', true))) {
      const v = valueOf(text, c);
      if (v === undefined) continue;
      const m = /^(\S+)(?:(\s+)(oneof|anyof|allof))?\s*$/.exec(v);
      if (!m) continue;
      const toks: ConditionToken[] = [{ start: 0, end: m[1]!.length, kind: 'operator' }];
      if (m[3]) toks.push({ start: m[1]!.length + m[2]!.length, end: m[1]!.length + m[2]!.length + m[3].length, kind: 'modifier' });
      emit(c, toks);
    }
  }
}

function valueOf(text: string, node: Scalar): string | undefined {
  return safe(() => scalarMap(text, node).value);
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** Full, range and delta requests, with one builder per document so that deltas can be computed. */
export class SemanticTokensProvider {
  private readonly builders = new Map<string, SemanticTokensBuilder>();

  constructor(private readonly ws: Workspace) {}

  private encode(tokens: FileToken[], builder: SemanticTokensBuilder): void {
    for (const t of tokens) builder.push(t.line, t.char, t.length, TYPE_INDEX.get(t.kind)!, t.deprecated ? 1 : 0);
  }

  full(file: RulesFile): SemanticTokens {
    const builder = new SemanticTokensBuilder();
    this.builders.set(file.uri, builder);
    this.encode(fileTokens(this.ws, file), builder);
    return builder.build();
  }

  delta(file: RulesFile, previousResultId: string): SemanticTokens | SemanticTokensDelta {
    const builder = this.builders.get(file.uri);
    if (!builder) return this.full(file);
    builder.previousResult(previousResultId);
    this.encode(fileTokens(this.ws, file), builder);
    return builder.canBuildEdits() ? builder.buildEdits() : builder.build();
  }

  range(file: RulesFile, range: LspRange): SemanticTokens {
    const builder = new SemanticTokensBuilder();
    const inRange = (t: FileToken) =>
      (t.line > range.start.line || (t.line === range.start.line && t.char + t.length > range.start.character)) &&
      (t.line < range.end.line || (t.line === range.end.line && t.char < range.end.character));
    this.encode(fileTokens(this.ws, file).filter(inRange), builder);
    return builder.build();
  }

  forget(uri: string): void {
    this.builders.delete(uri);
  }
}
