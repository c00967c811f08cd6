import type { Range } from '../diagnostic.js';

/**
 * The condition tree. Node kinds and fields mirror libsinsp's AST (libs `filter/ast.h`) so that our trees
 * can be compared with upstream's parser output; every node also carries its source `range`.
 */
export type Expr =
  | AndExpr
  | OrExpr
  | NotExpr
  | IdentifierExpr
  | ValueExpr
  | ListExpr
  | TransformerListExpr
  | UnaryCheckExpr
  | BinaryCheckExpr
  | FieldExpr
  | FieldTransformerExpr;

export interface AndExpr { kind: 'and'; children: Expr[]; range: Range }
export interface OrExpr { kind: 'or'; children: Expr[]; range: Range }
export interface NotExpr { kind: 'not'; child: Expr; range: Range }
/** A lone identifier in check position: a macro reference. */
export interface IdentifierExpr { kind: 'identifier'; name: string; range: Range }
/** A scalar value (unescaped), or a list name written after a list operator or a modifier. */
export interface ValueExpr { kind: 'value'; value: string; range: Range }
/** A literal list `(a, "b c")` after a list operator or a modifier. */
export interface ListExpr { kind: 'list'; values: string[]; range: Range; valueRanges?: Range[] }
/** A parenthesised list of transformer arguments, e.g. the `(proc.pname, proc.name)` of `join`. */
export interface TransformerListExpr { kind: 'transformer_list'; children: Expr[]; range: Range }
export interface UnaryCheckExpr { kind: 'unary_check'; op: 'exists'; left: FieldExpr | FieldTransformerExpr; range: Range }
export interface BinaryCheckExpr {
  kind: 'binary_check';
  /** Operator text as upstream spells it, a modifier included: `=`, `in`, `contains oneof`. */
  op: string;
  left: FieldExpr | FieldTransformerExpr;
  right: ValueExpr | ListExpr | FieldTransformerExpr;
  range: Range;
}
export interface FieldExpr { kind: 'field'; name: string; arg?: string; range: Range }
export interface FieldTransformerExpr {
  kind: 'field_transformer';
  /** A transformer of `src/language/vocabulary.ts`, or `val`. */
  transformer: string;
  values: Expr[];
  arg?: string;
  range: Range;
}

export type CheckExpr = UnaryCheckExpr | BinaryCheckExpr;
export type BoolExpr = AndExpr | OrExpr | NotExpr;

/** The words of the language (operators, modifiers, transformers) are data in `src/language/vocabulary.ts`. */
