import type { Range } from '../diagnostic.js';
import type { FieldInfo } from '../fields/catalog.js';
import type { ComparisonClass, FieldType } from '../language/types.js';
import type { BinaryCheckExpr, Expr, FieldExpr, FieldTransformerExpr, UnaryCheckExpr } from '../syntax/ast.js';
import type { Constant } from '../values/constants.js';
import type { FieldRef } from '../values/event.js';
import type { TransformerArg, TransformerTypeInfo } from './transformer-types.js';

/*
 * The checked tree: what the checking stage (./checker.ts) gives the planner (../eval/compile.ts) and tool
 * builders. Macros and lists are expanded, every field is resolved against the catalog, every node's type is
 * known, the operator's semantics are chosen and the right-hand constants are parsed (regexes compiled), so that
 * planning (closures, or generated code) reads decisions and never checks anything again.
 */

/** Where a node comes from when it was expanded from a macro (ranges of `expr` are then in the macro's text). */
export interface CheckedOrigin {
  /** The innermost macro. */
  macro: string;
  /** The range of the outermost macro reference, in the checked condition. */
  range: Range;
  /** Every macro the node was expanded through, outermost first (ends with `macro`). */
  via: readonly string[];
}

interface Node {
  /** The resolved tree's node this one checks (its range, its canonical text). */
  expr: Expr;
  origin?: CheckedOrigin;
}

export interface CheckedLogic extends Node {
  kind: 'and' | 'or';
  children: CheckedNode[];
}

export interface CheckedNot extends Node {
  kind: 'not';
  child: CheckedNode;
}

/** `X exists`. */
export interface CheckedExists extends Node {
  kind: 'exists';
  expr: UnaryCheckExpr;
  operand: CheckedOperand;
}

/**
 * `X <op>[ <modifier>] <constants>`: the comparison of an operand with parsed constants. `type`/`isList` are
 * what is compared (the operand's, after transformers), `class` the comparison class libsinsp chooses from it.
 */
export interface CheckedCompare extends Node {
  kind: 'compare';
  expr: BinaryCheckExpr;
  operand: CheckedOperand;
  /** The operator as written (`=`, `==`, `startswith`, `in` …), without its modifier. */
  op: string;
  modifier?: string;
  type: FieldType;
  isList: boolean;
  class: ComparisonClass;
  /** The right-hand texts: one for a scalar operator, the (list-expanded) items otherwise. */
  texts: readonly string[];
  /**
   * The parsed constants, for `type` (numbers as numbers, addresses and networks as bytes, regexes compiled);
   * empty for `exists`. For a dynamic field (`evt.rawarg.*`, type `DYN`) they are parsed as text.
   */
  constants: readonly Constant[];
  /** For a dynamic field: the constants parsed as numbers, when they all are (a numeric event value uses them). */
  numeric?: readonly Constant[];
}

/** `X <op> val(Y)` or `X <op> transformer(Y)`: two operands of the same type, compared per event. */
export interface CheckedCompareOperands extends Node {
  kind: 'compare-operands';
  expr: BinaryCheckExpr;
  left: CheckedOperand;
  right: CheckedOperand;
  op: string;
  modifier?: string;
  type: FieldType;
  isList: boolean;
}

export type CheckedCheck = CheckedExists | CheckedCompare | CheckedCompareOperands;
export type CheckedNode = CheckedLogic | CheckedNot | CheckedCheck;

/**
 * How a field's value is read. `plain`: one extraction (`key` is then the flat event's property when reading it
 * is a plain property access). `either-side`: libsinsp's client-or-server fields (`fd.ip`, `fd.net`, `fd.port`,
 * `fd.proto`), which match when either side does. `net`: `fd.cnet` and the like, read from the address when the
 * event has no network. `ancestors`: `proc.aname` and the like without an index, which match when any ancestor does.
 */
export type FieldShape =
  | { kind: 'plain' }
  | { kind: 'either-side'; sides: readonly [string, string]; zero?: readonly [unknown, unknown]; witnesses: readonly string[] }
  | { kind: 'net'; source: string }
  | { kind: 'ancestors'; parent: string; depth: number };

export interface CheckedField {
  kind: 'field';
  expr: FieldExpr;
  /** The field as written (`proc.aname[2]`). */
  written: string;
  /** What to read: the catalog's name and the argument. */
  ref: FieldRef;
  /** The catalog entry; `undefined` for an unknown field read as a string (non-strict checking). */
  info?: FieldInfo;
  type: FieldType;
  isList: boolean;
  shape: FieldShape;
  /** For `plain` fields read by one property access of a flat event: that property. */
  key?: string;
  /** `evt.type` itself: its compared values must be event type names. */
  eventType?: true;
  /** What an enclosing multi-argument transformer validates. */
  base: TransformerTypeInfo;
}

export type CheckedTransformerArg =
  | { kind: 'value'; value: string; arg: TransformerArg }
  | { kind: 'operand'; operand: CheckedOperand; arg: TransformerArg }
  | { kind: 'list'; items: CheckedTransformerArg[]; arg: TransformerArg };

export interface CheckedTransformer {
  kind: 'transformer';
  expr: FieldTransformerExpr;
  transformer: string;
  /** `getopt(...)[c]`'s argument. */
  arg?: string;
  /** In upstream's order (`join(list, separator)` is swapped: `reordered`). */
  args: CheckedTransformerArg[];
  reordered: boolean;
  /** The canonical text, for messages and explanations. */
  written: string;
  type: FieldType;
  isList: boolean;
  base: TransformerTypeInfo;
  /** For `val(field)`: the field's catalog entry (its flags decide where it may stand). */
  info?: FieldInfo;
  /** A one-argument transformer over `evt.type`: the check stays `evt.type`'s (values must be event names). */
  eventType?: true;
}

export type CheckedOperand = CheckedField | CheckedTransformer;

/** Whether a field matches when one of several values does (its value is an array of candidates). */
export function isAnyOf(o: CheckedOperand): boolean {
  return o.kind === 'field' && (o.shape.kind === 'either-side' || o.shape.kind === 'ancestors');
}
