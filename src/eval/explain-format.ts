import { plain, type Style } from '../style.js';
import type { Explanation } from './compile.js';

/*
 * The explain tree as every front end shows it: ✓ true, ✗ false, · not evaluated (short-circuiting skipped it),
 * `→` with the result of and/or/not, each check with the values its sides saw, and the macro it comes from.
 * `explainView` gives the structure (the playground builds its DOM from it), `explainLines` the text, coloured
 * through a `Style` (the command line and the REPL pass ANSI colours).
 */

export type ExplainStatus = 'true' | 'false' | 'skipped';

/** One node of an explain tree, ready to show. */
export interface ExplainView {
  readonly node: Explanation;
  readonly status: ExplainStatus;
  readonly mark: '✓' | '✗' | '·';
  /** A check's canonical text, or `and`, `or`, `not`. */
  readonly label: string;
  /** The value each side of a check saw, as text (`explainValue`). */
  readonly values: readonly { readonly text: string; readonly value: string }[];
  readonly children: readonly ExplainView[];
}

/** A value a check saw, as text: JSON for strings, numbers and lists, `bytes(hex)` for buffers, `no value`. */
export function explainValue(v: unknown): string {
  if (v === undefined || v === null) return 'no value';
  if (typeof v === 'bigint') return String(v);
  if (v instanceof Uint8Array) return `bytes(${Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('')})`;
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined || x === null ? 'null' : explainValue(x))).join(',')}]`;
  return JSON.stringify(v) ?? String(v);
}

/** The explain tree `x` (from a condition's `explain(event)`) ready to show. */
export function explainView(x: Explanation): ExplainView {
  const status: ExplainStatus = !x.evaluated ? 'skipped' : x.result ? 'true' : 'false';
  const values = [x.left, x.right].flatMap((side) => (side ? [{ text: side.text, value: explainValue(side.value) }] : []));
  return {
    node: x,
    status,
    mark: status === 'skipped' ? '·' : status === 'true' ? '✓' : '✗',
    label: x.kind === 'check' ? x.text : x.kind,
    values,
    children: (x.children ?? []).map(explainView),
  };
}

export interface ExplainLinesOptions {
  /** Put before every line (children add two spaces per level). */
  indent?: string;
  /** Colours; default none. */
  style?: Style;
  /** How a check's text is shown (a front end may highlight its syntax); default as it is. */
  checkText?: (text: string) => string;
}

/** The explain tree `x` as text, one line per node. */
export function explainLines(x: Explanation, options: ExplainLinesOptions = {}): string[] {
  const style = options.style ?? plain;
  const checkText = options.checkText ?? ((text: string) => text);
  const out: string[] = [];
  const visit = (v: ExplainView, indent: string) => {
    const mark = style(v.status === 'skipped' ? 'muted' : v.status === 'true' ? 'pass' : 'fail', v.mark);
    let line = `${indent}${mark} ${v.node.kind === 'check' ? checkText(v.label) : style('strong', v.label)}`;
    if (v.node.kind !== 'check') line += style('muted', `  → ${v.node.result}`);
    for (const { text, value } of v.values) {
      line += `   ${style('muted', '[')}${style('name', `${text} =`)} ${value === 'no value' ? style('muted', value) : value}${style('muted', ']')}`;
    }
    if (v.node.macro) line += style('muted', `   (macro ${v.node.macro})`);
    out.push(line);
    for (const c of v.children) visit(c, `${indent}  `);
  };
  visit(explainView(x), options.indent ?? '');
  return out;
}
