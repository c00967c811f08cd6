import type { Expr } from './ast.js';

/** A copy of the tree without source ranges (and without our `valueRanges`), as upstream's tests compare trees. */
export function stripRanges(e: Expr): unknown {
  switch (e.kind) {
    case 'and':
    case 'or':
      return { kind: e.kind, children: e.children.map(stripRanges) };
    case 'not':
      return { kind: 'not', child: stripRanges(e.child) };
    case 'identifier':
      return { kind: 'identifier', name: e.name };
    case 'value':
      return { kind: 'value', value: e.value };
    case 'list':
      return { kind: 'list', values: [...e.values] };
    case 'transformer_list':
      return { kind: 'transformer_list', children: e.children.map(stripRanges) };
    case 'unary_check':
      return { kind: 'unary_check', op: e.op, left: stripRanges(e.left) };
    case 'binary_check':
      return { kind: 'binary_check', op: e.op, left: stripRanges(e.left), right: stripRanges(e.right) };
    case 'field':
      return e.arg === undefined ? { kind: 'field', name: e.name } : { kind: 'field', name: e.name, arg: e.arg };
    case 'field_transformer': {
      const t: Record<string, unknown> = { kind: 'field_transformer', transformer: e.transformer, values: e.values.map(stripRanges) };
      if (e.arg !== undefined) t.arg = e.arg;
      return t;
    }
  }
}
