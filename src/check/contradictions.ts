import type { Diagnostic } from '../diagnostic.js';
import type { Expr } from '../syntax/ast.js';

/*
 * Checks that can never be true: within one `and`, two checks that pin the same field to disjoint sets of
 * values (`evt.type = open and evt.type = execve`, `proc.name in (a, b) and proc.name = c`). Only equality
 * and `in` on plain fields are considered, so the finding is certain, never a guess.
 */

interface Pin {
  key: string;
  values: Set<string>;
  node: Expr;
}

function pinOf(e: Expr): Pin | undefined {
  if (e.kind !== 'binary_check' || e.left.kind !== 'field') return undefined;
  const key = e.left.arg === undefined ? e.left.name : `${e.left.name}[${e.left.arg}]`;
  const op = e.op;
  if ((op === '=' || op === '==') && e.right.kind === 'value') return { key, values: new Set([e.right.value]), node: e };
  if ((op === 'in' || op === '= anyof' || op === '== anyof') && e.right.kind === 'list') return { key, values: new Set(e.right.values), node: e };
  return undefined;
}

/** Warnings for every `and` whose checks contradict each other. `ast` should be resolved (macros expanded). */
export function findContradictions(ast: Expr, listFields: ReadonlySet<string> = new Set()): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (e: Expr) => {
    if (e.kind === 'and') {
      const pins = new Map<string, Pin>();
      for (const c of e.children) {
        const p = pinOf(c);
        if (!p || listFields.has(p.key)) continue;
        const prev = pins.get(p.key);
        if (!prev) {
          pins.set(p.key, p);
          continue;
        }
        const both = new Set([...prev.values].filter((v) => p.values.has(v)));
        if (both.size === 0) {
          out.push({
            code: 'never-true',
            severity: 'warning',
            message: `this condition can never be true: ${p.key} cannot be both in (${[...prev.values].join(', ')}) and in (${[...p.values].join(', ')})`,
            range: { start: prev.node.range.start, end: p.node.range.end },
          });
          break;
        }
        pins.set(p.key, { key: p.key, values: both, node: p.node });
      }
      e.children.forEach(walk);
    } else if (e.kind === 'or') e.children.forEach(walk);
    else if (e.kind === 'not') walk(e.child);
  };
  walk(ast);
  return out;
}
