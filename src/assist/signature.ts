import { transformerSignature } from '../language/vocabulary.js';
import { Comma, LParen, RParen, TransformerOpen, ValOpen } from '../syntax/tokens.js';
import { lexCondition, matches } from './lex.js';
import { outlineOf, scalarAt, type Outline } from './outline.js';

/*
 * Signature help inside the transformer calls of a condition (`join(`, `concat(`, `getopt(`, `tolower(`, …, and
 * `val(`): the transformer's parameters and the one the cursor is on. The call around the cursor is found from the
 * condition lexer's tokens before the cursor, counting commas at the call's own level (a transformer list
 * `(proc.pname, proc.name)` is one argument).
 */

/** The innermost transformer call open at the end of `before`, and the index of the argument being written. */
export function callAt(before: string): { name: string; arg: number } | undefined {
  const stack: Array<{ name?: string; arg: number }> = [];
  for (const t of lexCondition(before)) {
    if (t.open) break;
    if (matches(t, TransformerOpen) || matches(t, ValOpen)) stack.push({ name: t.image.slice(0, -1), arg: 0 });
    else if (matches(t, LParen) || t.image.endsWith('(')) stack.push({ arg: 0 });
    else if (matches(t, RParen) || t.image === ')') stack.pop();
    else if (matches(t, Comma) || t.image === ',') {
      const top = stack[stack.length - 1];
      if (top) top.arg++;
    }
  }
  // Inside a transformer list (`join("->", (proc.pname, |`): the call around it, on the list's argument.
  for (let k = stack.length - 1; k >= 0; k--) {
    const f = stack[k]!;
    if (f.name) return { name: f.name, arg: f.arg };
  }
  return undefined;
}

/** The parameters of a signature label, as [start, end) offsets into the label: `join(separator, list)`. */
function parameterOffsets(label: string): Array<[number, number]> {
  const open = label.indexOf('(');
  const close = label.indexOf(')', open);
  if (open < 0 || close < 0) return [];
  const out: Array<[number, number]> = [];
  let at = open + 1;
  for (const part of label.slice(open + 1, close).split(',')) {
    const lead = part.length - part.trimStart().length;
    out.push([at + lead, at + part.trimEnd().length]);
    at += part.length + 1;
  }
  return out;
}

export interface SignatureInfo {
  /** e.g. `join(separator, list)`. */
  label: string;
  /** Markdown. */
  documentation: string;
  /** Each parameter: its [start, end) in the label and a line about it. */
  parameters: Array<{ start: number; end: number; documentation: string }>;
  /** The parameter the cursor is on. */
  active: number;
}

/** The signature of the transformer call open at the end of `before` (condition text up to the cursor). */
export function signatureAt(before: string): SignatureInfo | undefined {
  const call = callAt(before);
  const sig = call && transformerSignature(call.name);
  if (!call || !sig) return undefined;
  const parameters = parameterOffsets(sig.label).map(([start, end], i) => {
    const p = sig.params[Math.min(i, sig.params.length - 1)];
    const types = p ? (p.types === 'any' ? 'any type' : p.types.map((t) => t.replace(/^PT_/, '')).join(', ')) : '';
    const shape = p?.shape === 'list' ? ', a list' : p?.shape === 'scalar' ? ', not a list' : '';
    return { start, end, documentation: p ? `${p.name}: ${types}${shape}` : '' };
  });
  const notes = sig.notes?.length ? `\n\n${sig.notes.join('\n\n')}` : '';
  return { label: sig.label, documentation: `${sig.summary}${notes}`, parameters, active: Math.min(call.arg, Math.max(0, parameters.length - 1)) };
}

/** The signature at a file offset of a rules file (inside a condition), if any. */
export function signatureInRules(text: string, offset: number, outline: Outline = outlineOf(text)): SignatureInfo | undefined {
  const at = scalarAt(outline, offset);
  if (!at || at.role !== 'condition') return undefined;
  return signatureAt(at.value.slice(0, at.index));
}
