import type { Expr } from './ast.js';
import { quote } from './escape.js';

/*
 * A tree as libsinsp prints it (`libsinsp::filter::ast::as_string`, the `condition_compiled` of `falco -L`):
 * every `and`/`or` in parentheses, `not ` before its operand, list items after `, `. Values follow libsinsp's
 * `escape_str` (quoted when they hold a blank, `=`, a quote, a backslash or a control character) except where
 * its text would not read back as the same value: an empty value, `(`, `)` or `,` inside a value. There we quote,
 * and a double negation keeps its parentheses, so that `parse(asFalcoString(t))` always gives back `t`.
 */

const FALCO_ESCAPES: Record<string, string> = { '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\', '"': '\\"' };

function value(v: string): string {
  if (v === '' || /[(),\v\0\x01-\x07\x0e-\x1f\x7f]/.test(v) || /\\$/.test(v)) return quote(v);
  if (/[\b\f\n\r\t =\\"']/.test(v)) return `"${v.replace(/[\b\f\n\r\t\\"]/g, (c) => FALCO_ESCAPES[c]!)}"`;
  return v;
}

function fieldArg(arg: string | undefined): string {
  return arg === undefined ? '' : `[${/^[^\][\"'\s]+$/.test(arg) ? arg : quote(arg)}]`;
}

/** A transformer's value arguments: numbers bare, strings quoted. */
function argValue(v: string): string {
  return /^[+-]?[0-9]+$/.test(v) ? v : quote(v);
}

export function asFalcoString(e: Expr): string {
  switch (e.kind) {
    case 'and':
    case 'or':
      return `(${e.children.map(asFalcoString).join(` ${e.kind} `)})`;
    case 'not':
      // `not not x` reads back as `x`: a double negation (from a macro) keeps its parentheses.
      return e.child.kind === 'not' ? `not (${asFalcoString(e.child)})` : `not ${asFalcoString(e.child)}`;
    case 'identifier':
      // `not` followed by a blank would be read as the keyword; `(not)` is the same macro reference.
      return e.name === 'not' ? '(not)' : e.name;
    case 'value':
      return value(e.value);
    case 'list':
      return `(${e.values.map(value).join(', ')})`;
    case 'unary_check':
      return `${asFalcoString(e.left)} ${e.op}`;
    case 'binary_check':
      return `${asFalcoString(e.left)} ${e.op} ${asFalcoString(e.right)}`;
    case 'field':
      return e.name + fieldArg(e.arg);
    case 'field_transformer':
      return `${e.transformer}(${e.values.map((v) => (v.kind === 'value' ? argValue(v.value) : asFalcoString(v))).join(', ')})${fieldArg(e.arg)}`;
    case 'transformer_list':
      return `(${e.children.map((v) => (v.kind === 'value' ? argValue(v.value) : asFalcoString(v))).join(', ')})`;
  }
}
