import { modifier, operator } from '../language/vocabulary.js';
import type { ExceptionDef, Rule } from './loader.js';
import { quoteItem } from './lists.js';
import type { LoadState } from './state.js';
import { nodeRange, SourcedText, type Piece } from './sourced-text.js';

/*
 * Exceptions turned into condition text, as Falco builds it (falco `rule_loader_compiler.cpp`,
 * `build_rule_exception_infos`): `(condition) and not (…)` for each exception with values.
 */

export function isComparison(c: string): boolean {
  return operator(c) !== undefined || isModifierComp(c);
}

export function isModifierComp(c: string): boolean {
  const [op, mod, extra] = c.split(' ');
  return extra === undefined && mod !== undefined && operator(op!)?.modifiers === true && modifier(mod) !== undefined;
}

/** A comparison whose values are a list: a list operator (`in` …) or a string operator with a modifier. */
export function isListComp(c: string): boolean {
  return operator(c)?.kind === 'list' || isModifierComp(c);
}

/** Falco's `paren_item`: a scalar given to a list operator is wrapped in parentheses unless it starts with one. */
function parenItem(v: string): string {
  return v[0] === '(' ? v : `(${v})`;
}

const scalarText = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** What Falco refuses when it builds an exception's condition text, if anything. */
export function exceptionProblem(ex: ExceptionDef): string | undefined {
  if (!Array.isArray(ex.fields)) {
    if (ex.values.some((v) => Array.isArray(v))) return 'Expected values array to contain a list of strings';
    return undefined;
  }
  for (const row of ex.values) {
    const n = Array.isArray(row) ? row.length : 0;
    if (n !== ex.fields.length) return 'Fields and values lists must have equal length';
  }
  return undefined;
}

/**
 * The condition text Falco builds for one exception (falco `build_rule_exception_infos`), or '' when it has no
 * values: items with a blank are quoted, a scalar given to a list operator is put in parentheses (so a scalar
 * that starts with `(` is pasted as a list).
 */
export function exceptionText(ex: ExceptionDef): string {
  if (ex.values.length === 0) return '';
  if (!Array.isArray(ex.fields)) {
    const comp = typeof ex.comps === 'string' ? ex.comps : '';
    return `(${ex.fields} ${comp} (${ex.values.map((v) => quoteItem(scalarText(v))).join(', ')}))`;
  }
  const fields = ex.fields;
  const comps = Array.isArray(ex.comps) ? ex.comps : [];
  const alts = ex.values.map((row) => {
    const vs = Array.isArray(row) ? row : [];
    const checks = fields.map((f, k) => {
      const comp = comps[k] ?? '';
      const v = vs[k];
      const text = Array.isArray(v) ? `(${v.map((x) => quoteItem(scalarText(x))).join(', ')})` : isListComp(comp) ? parenItem(scalarText(v)) : quoteItem(scalarText(v));
      return `${f} ${comp} ${text}`;
    });
    return `(${checks.join(' and ')})`;
  });
  return `(${alts.join(' or ')})`;
}

/** The rule's condition with its exceptions appended (`(cond) and not (…) …`); a malformed exception is reported and left out. */
export function withExceptions(st: LoadState, rule: Rule): SourcedText {
  if (rule.exceptions.length === 0) return rule.condition;
  const first = rule.condition.pieces[0]!;
  const pieces: Piece[] = [{ text: '(', file: first.file, source: first.source, anchor: first.node ?? first.anchor! }, ...rule.condition.pieces, { text: ')', file: first.file, source: first.source, anchor: first.node ?? first.anchor! }];
  for (const ex of rule.exceptions) {
    const problem = exceptionProblem(ex);
    if (problem) {
      st.add('LOAD_ERR_VALIDATE', 'error', problem, ex.file, nodeRange(ex.source, ex.node));
      continue;
    }
    const text = exceptionText(ex);
    if (text) pieces.push({ text: ` and not ${text}`, file: ex.file, source: ex.source, anchor: ex.node });
  }
  return new SourcedText(pieces);
}
