import type { Expr } from './ast.js';
import { operatorWords } from '../language/vocabulary.js';
import { quote } from './escape.js';

/*
 * Canonical text for a tree: one blank around operators and boolean words, parentheses only where the tree
 * needs them, values bare when they read back as the same value and quoted otherwise. `parse(format(t))`
 * gives back `t` (ranges aside) for every tree the parser can produce.
 */

const BARE_VALUE = /^[^()"'\s=,\b]+$/;
const BARE_FIELD_ARG = /^[^\][\"'\s]+$/;
const NUMBER = /^(?:0[xX][0-9a-fA-F]+|[+-]?[0-9]+\.?[0-9]*(?:[eE][+-][0-9]+)?)$/;

/** Formats a condition tree as canonical condition text. */
export function format(e: Expr | undefined): string {
  // `parse` gives no tree for a condition it refuses: `format(parse(text).ast)` is then the empty text.
  return e === undefined || e === null ? '' : print(e);
}

function print(e: Expr): string {
  switch (e.kind) {
    case 'and':
      return e.children.map((c) => (c.kind === 'and' || c.kind === 'or' ? `(${print(c)})` : print(c))).join(' and ');
    case 'or':
      return e.children.map((c) => (c.kind === 'or' ? `(${print(c)})` : print(c))).join(' or ');
    case 'not': {
      const c = e.child;
      return c.kind === 'and' || c.kind === 'or' || c.kind === 'not' ? `not (${print(c)})` : `not ${print(c)}`;
    }
    case 'identifier':
      // `not` followed by a blank would be read as the keyword; `(not)` is the same macro reference.
      return e.name === 'not' ? '(not)' : e.name;
    case 'unary_check':
      return `${print(e.left)} exists`;
    case 'binary_check': {
      const r = e.right;
      let right: string;
      if (r.kind === 'value') right = e.op.includes(' ') || LIST_OPS.has(e.op) ? r.value : NUMERIC_OPS.has(e.op) ? r.value : stringValue(r.value);
      else if (r.kind === 'list') right = `(${r.values.map(stringValue).join(', ')})`;
      else right = print(r);
      return `${print(e.left)} ${e.op} ${right}`;
    }
    case 'field':
      return e.arg === undefined ? e.name : `${e.name}[${fieldArg(e.arg)}]`;
    case 'field_transformer': {
      const args = e.values.map(printArg).join(', ');
      return `${e.transformer}(${args})${e.arg === undefined ? '' : `[${fieldArg(e.arg)}]`}`;
    }
    case 'transformer_list':
      return `(${e.children.map(printArg).join(', ')})`;
    case 'value':
      return stringValue(e.value);
    case 'list':
      return `(${e.values.map(stringValue).join(', ')})`;
  }
}

const LIST_OPS = new Set(operatorWords('list'));
const NUMERIC_OPS = new Set(operatorWords('numeric'));

/** Transformer arguments: values are numbers or quoted strings there. */
function printArg(e: Expr): string {
  if (e.kind === 'value') return NUMBER.test(e.value) ? e.value : quote(e.value);
  return print(e);
}

function stringValue(v: string): string {
  return BARE_VALUE.test(v) ? v : quote(v);
}

function fieldArg(v: string): string {
  return BARE_FIELD_ARG.test(v) ? v : quote(v);
}

