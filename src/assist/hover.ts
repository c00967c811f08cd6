import type { AssistContext } from './context.js';
import { wordAt } from './cursor.js';
import { documentationOf, fieldMarkdown, KEY_DOCS, MODIFIER_DOCS, OPERATOR_DOCS, transformerMarkdown } from './docs.js';
import { outlineOf, scalarAt, sourceSpan, type Outline } from './outline.js';

/*
 * Hover content, computed once for every front end: what the word under the cursor is (a field with its type,
 * flags and description; a macro, a list, a transformer, an operator, a modifier; a key of a rules file) and the
 * range it covers. The language server adds what only it knows (where a macro is defined, the diagnostics).
 */

export type HoverSubject = 'field' | 'macro' | 'list' | 'transformer' | 'operator' | 'modifier' | 'key';

export interface HoverInfo {
  subject: HoverSubject;
  /** The name of the field, macro, … (a field as written, with its argument). */
  name: string;
  /** Markdown. */
  markdown: string;
  /** The range [from, to) it covers, as offsets of the text given. */
  from: number;
  to: number;
}


/** The markdown of a macro or list from its definition alone. */
const definitionMarkdown = (ctx: AssistContext, kind: 'macro' | 'list', name: string) => documentationOf({ kind, name }, ctx);

/** Hover in a condition (`output`: in an output, where `%field` is read) at value index `index`; offsets are in `text`. */
export function hoverCondition(text: string, index: number, ctx: AssistContext, role: 'condition' | 'output' = 'condition'): HoverInfo | undefined {
  const w = wordAt(text, index);
  if (w) {
    let word = w.word;
    let start = w.start;
    if (role === 'output' && word.startsWith('%')) {
      word = word.slice(1);
      start++;
    }
    const at = (subject: HoverSubject, markdown: string): HoverInfo => ({ subject, name: word, markdown, from: start, to: w.end });
    if (text[w.end] === '(') {
      const md = transformerMarkdown(word);
      if (md) return at('transformer', md);
    }
    const r = ctx.catalog.resolve(word);
    if (r) {
      let md = fieldMarkdown(r.field);
      if (r.arg !== undefined) md += `\n\nArgument here: \`${r.arg}\``;
      if (r.error) md += `\n\n⚠ ${r.error.message}`;
      return at('field', md);
    }
    if (role === 'condition') {
      const macro = definitionMarkdown(ctx, 'macro', word);
      if (macro) return at('macro', macro);
      const list = definitionMarkdown(ctx, 'list', word);
      if (list) return at('list', list);
      const op = OPERATOR_DOCS[word];
      if (op) return at('operator', `**${word}** — operator\n\n${op}`);
      const mod = MODIFIER_DOCS[word];
      if (mod) return at('modifier', `**${word}** — modifier\n\n${mod}`);
    }
  }
  if (role !== 'condition') return undefined;
  // A symbolic operator under the cursor.
  let s = index;
  while (s > 0 && '=<>!'.includes(text[s - 1]!)) s--;
  const op = /[=<>!]+/y;
  op.lastIndex = s;
  const word = op.exec(text)?.[0];
  const doc = word && OPERATOR_DOCS[word];
  return word && doc ? { subject: 'operator', name: word, markdown: `**${word}** — operator\n\n${doc}`, from: s, to: s + word.length } : undefined;
}

/** Hover at a file offset of a rules file: in conditions and outputs, on list items and names, on keys. */
export function hoverRules(text: string, offset: number, ctx: AssistContext, outline: Outline = outlineOf(text)): HoverInfo | undefined {
  const at = scalarAt(outline, offset);
  if (at && (at.role === 'condition' || at.role === 'output')) {
    const h = hoverCondition(at.value, at.index, ctx, at.role);
    if (!h) return undefined;
    const [from, to] = sourceSpan(text, at.node, h.from, h.to);
    return { ...h, from, to };
  }
  if (at && (at.role === 'listItem' || at.role === 'name')) {
    const subject = at.role === 'listItem' ? 'list' : at.item.kind === 'macro' ? 'macro' : at.item.kind === 'list' ? 'list' : undefined;
    const md = subject && definitionMarkdown(ctx, subject, at.value);
    if (!subject || !md) return undefined;
    const [from, to] = sourceSpan(text, at.node, 0, at.value.length);
    return { subject, name: at.value, markdown: md, from, to };
  }
  if (at) return undefined;
  // A key of an item.
  let s = offset;
  while (s > 0 && /[\w-]/.test(text[s - 1]!)) s--;
  let e = offset;
  while (e < text.length && /[\w-]/.test(text[e]!)) e++;
  const key = text.slice(s, e);
  const doc = KEY_DOCS[key];
  if (key && text[e] === ':' && doc) return { subject: 'key', name: key, markdown: `**${key}** — ${doc}`, from: s, to: e };
  return undefined;
}
