import { type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { HighlightStyle } from '@codemirror/language';
import { yamlLanguage } from '@codemirror/lang-yaml';
import { EditorState, RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, hoverTooltip, showTooltip, type DecorationSet, type Tooltip, type ViewUpdate } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import {
  completeCondition, completeRules, conditionTokens, defaultCatalog, documentationOf, hoverCondition, hoverRules, rulesTokens,
  signatureAt, signatureInRules, type AssistContext, type SignatureInfo, type CompletionEntry, type CompletionKind, type Completions, type HighlightToken, type HoverInfo, type TokenClass,
} from 'falco-expr';

/*
 * The Falco condition language in the page's editors. Everything about the language comes from the library's
 * cursor analysis (the same as the language server's and the REPL's): the tokens that colour conditions (in the
 * condition editor, and inside the `condition:`, exception and `output:` values of the rules editor), the
 * completions, the hovers and the signature of the transformer call around the cursor. This file only presents them for CodeMirror.
 */

/** Macro and list names of the current rules (set by the page after each load), for highlighting, completion and hover. */
export const known = { macros: new Map<string, string>(), lists: new Map<string, readonly string[]>() };

const context = (): AssistContext => ({ catalog: defaultCatalog, macros: known.macros, lists: known.lists });

/** Which text an editor holds: a lone condition, or a rules file. */
type EditorKind = 'condition' | 'rules';

// --- highlighting ----------------------------------------------------------------------------------------

/** Dispatched to the editors when the macro and list names of the rules change. */
export const namesChanged = StateEffect.define<null>();

const marks = new Map<TokenClass, Decoration>();
const markOf = (cls: TokenClass, deprecated?: boolean) => {
  const key = (deprecated ? `${cls}-deprecated` : cls) as TokenClass;
  let m = marks.get(key);
  if (!m) marks.set(key, (m = Decoration.mark({ class: `fx-tok fx-tok-${cls}${deprecated ? ' fx-tok-deprecated' : ''}` })));
  return m;
};

function tokensOf(kind: EditorKind, text: string): HighlightToken[] {
  const scope = { isList: (name: string) => known.lists.has(name), isMacro: (name: string) => known.macros.has(name), isDeprecated: (f: string) => !!defaultCatalog.resolve(f)?.field.deprecated };
  try {
    return kind === 'condition' ? conditionTokens(text, scope) : rulesTokens(text, scope);
  } catch {
    return [];
  }
}

function decorate(kind: EditorKind, view: EditorView): DecorationSet {
  const b = new RangeSetBuilder<Decoration>();
  const length = view.state.doc.length;
  for (const tok of tokensOf(kind, view.state.doc.toString())) {
    if (tok.end <= length) b.add(tok.start, tok.end, markOf(tok.cls, tok.deprecated));
  }
  return b.finish();
}

/** Colours the condition language with the library's tokens (also while the text does not parse). */
function highlighter(kind: EditorKind): Extension {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = decorate(kind, view);
      }
      update(u: ViewUpdate) {
        if (u.docChanged || u.transactions.some((tr) => tr.effects.some((e) => e.is(namesChanged)))) this.decorations = decorate(kind, u.view);
      }
    },
    { decorations: (v) => v.decorations },
  );
}

const TOKEN_STYLE: Record<TokenClass, Record<string, string>> = {
  keyword: { color: '#7c3aed', fontWeight: '600' },
  operator: { color: '#c2410c', fontWeight: '600' },
  modifier: { color: '#c2410c', fontStyle: 'italic' },
  field: { color: '#1d4ed8' },
  argument: { color: '#0f766e' },
  transformer: { color: '#0e7490', fontStyle: 'italic' },
  macro: { color: '#a21caf' },
  list: { color: '#9d174d', textDecoration: 'underline dotted' },
  string: { color: '#15803d' },
  number: { color: '#b45309' },
  paren: { color: '#64748b' },
  comma: { color: '#64748b' },
  invalid: { color: '#dc2626' },
};

/** The token colours; `.fx-tok *` so that they win over the YAML colours of the scalar they sit in. */
const tokenTheme = EditorView.baseTheme(
  Object.fromEntries(
    Object.entries(TOKEN_STYLE).flatMap(([cls, style]) => [[`.fx-tok-${cls}, .fx-tok-${cls} *`, style]]).concat([['.fx-tok-deprecated', { textDecoration: 'line-through' }]]),
  ),
);

/** Colours for YAML (the rules editor's own syntax). */
export const highlightStyle = HighlightStyle.define([
  { tag: t.keyword, color: '#7c3aed', fontWeight: '600' },
  { tag: t.propertyName, color: '#1d4ed8' },
  { tag: t.definition(t.propertyName), color: '#0f766e', fontWeight: '600' },
  { tag: t.string, color: '#15803d' },
  { tag: t.number, color: '#b45309' },
  { tag: [t.paren, t.separator, t.squareBracket, t.brace], color: '#64748b' },
  { tag: [t.lineComment, t.comment], color: '#94a3b8', fontStyle: 'italic' },
  { tag: t.special(t.string), color: '#64748b' },
  { tag: [t.typeName, t.labelName, t.meta], color: '#64748b' },
  { tag: t.invalid, color: '#dc2626' },
]);

// --- completion ------------------------------------------------------------------------------------------

const TYPE: Record<CompletionKind, string> = {
  field: 'property', fieldArgument: 'enum', macro: 'function', list: 'variable', operator: 'keyword', modifier: 'keyword',
  transformer: 'function', keyword: 'keyword', value: 'enum', key: 'property', item: 'type',
};

function option(e: CompletionEntry, ctx: AssistContext): Completion {
  const ref = e.ref;
  const info = e.documentation || (ref ? () => documentationOf(ref, ctx) ?? null : undefined);
  return {
    label: e.label,
    type: TYPE[e.kind],
    ...(e.detail ? { detail: e.detail } : {}),
    ...(info ? { info: typeof info === 'string' ? info : () => infoNode(info()) } : {}),
    ...(e.insertText !== undefined && e.insertText !== e.label ? { apply: e.insertText } : {}),
    // The library's order: its sort text starts with a rank (0 first).
    boost: e.sortText && /^[0-9]/.test(e.sortText) ? 9 - Number(e.sortText[0]) : 0,
  };
}

function infoNode(md: string | null): Node | null {
  if (!md) return null;
  const dom = document.createElement('div');
  dom.className = 'fx-hover';
  render(dom, md);
  return dom;
}

/** The completions of the library at the cursor, as CodeMirror options. */
export function completionsAt(kind: EditorKind, text: string, pos: number): Completions {
  const ctx = context();
  return kind === 'condition' ? completeCondition(text, pos, ctx) : completeRules(text, pos, ctx);
}

function completionSource(kind: EditorKind) {
  return (context: CompletionContext): CompletionResult | null => {
    const r = completionsAt(kind, context.state.doc.toString(), context.pos);
    const first = r.items[0];
    if (!first) return null;
    // Unasked, with nothing typed yet: only right after a field and a blank (the operators).
    if (first.from === first.to && !context.explicit) {
      const opening = r.place.kind === 'condition' && r.place.expect.kind === 'operator' && /\s$/.test(context.state.sliceDoc(context.pos - 1, context.pos));
      if (!opening) return null;
    }
    const ctx = { catalog: defaultCatalog, macros: known.macros, lists: known.lists };
    return { from: first.from, to: first.to, options: r.items.map((e) => option(e, ctx)), validFor: /^[\w.-]*$/ };
  };
}

// --- hover -----------------------------------------------------------------------------------------------

/** A little of markdown, as DOM: the first line as the title, code blocks and paragraphs as text. */
function render(dom: HTMLElement, md: string): void {
  const [title, ...rest] = md.split('\n\n');
  const plain = (s: string) => s.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/`([^`]*)`/g, '$1');
  dom.appendChild(document.createElement('strong')).textContent = plain(title ?? '');
  const body = rest.map((p) => p.replace(/^```\w*\n?|\n?```$/g, '')).map(plain).join('\n\n');
  if (body) dom.appendChild(document.createElement('div')).textContent = body;
}

function hoverSource(kind: EditorKind) {
  return hoverTooltip((view, pos) => {
    const text = view.state.doc.toString();
    let h: HoverInfo | undefined;
    try {
      h = kind === 'condition' ? hoverCondition(text, pos, context()) : hoverRules(text, pos, context());
    } catch {
      return null;
    }
    if (!h) return null;
    const md = h.markdown;
    return {
      pos: h.from,
      end: h.to,
      above: true,
      create() {
        const dom = document.createElement('div');
        dom.className = 'fx-hover';
        dom.dataset.subject = h.subject;
        render(dom, md);
        return { dom };
      },
    };
  });
}

// --- signature help --------------------------------------------------------------------------------------

function signatureDom(sig: SignatureInfo): HTMLElement {
  const dom = document.createElement('div');
  dom.className = 'fx-hover fx-signature';
  const head = dom.appendChild(document.createElement('strong'));
  let at = 0;
  const active = sig.parameters[sig.active];
  for (const p of active ? [active] : []) {
    head.append(sig.label.slice(at, p.start));
    head.appendChild(document.createElement('u')).textContent = sig.label.slice(p.start, p.end);
    at = p.end;
  }
  head.append(sig.label.slice(at));
  const body = [active?.documentation, sig.documentation].filter(Boolean).join('\n\n');
  if (body) dom.appendChild(document.createElement('div')).textContent = body;
  return dom;
}

/** The transformer call around the cursor (`join(` …): its signature, the parameter being written underlined. */
function signatureField(kind: EditorKind): Extension {
  const compute = (state: EditorState): Tooltip | null => {
    const sel = state.selection.main;
    if (!sel.empty) return null;
    let sig: SignatureInfo | undefined;
    try {
      sig = kind === 'condition' ? signatureAt(state.sliceDoc(0, sel.head)) : signatureInRules(state.doc.toString(), sel.head);
    } catch {
      return null;
    }
    const found = sig;
    return found ? { pos: sel.head, above: true, create: () => ({ dom: signatureDom(found) }) } : null;
  };
  return StateField.define<Tooltip | null>({
    create: compute,
    update: (value, tr) => (tr.docChanged || tr.selection ? compute(tr.state) : value),
    provide: (f) => showTooltip.from(f),
  });
}

/** The condition language for an editor holding a lone condition. */
export function conditionSupport(): Extension {
  // One data object: CodeMirror tells completion sources apart by identity.
  const data = [{ autocomplete: completionSource('condition'), closeBrackets: { brackets: ['(', '[', '"', "'"] } }];
  return [highlighter('condition'), tokenTheme, hoverSource('condition'), signatureField('condition'), EditorState.languageData.of(() => data)];
}

/** YAML, with the condition language inside: for the rules editor. */
export function rulesSupport(): Extension {
  const data = [{ autocomplete: completionSource('rules') }];
  return [yamlLanguage, highlighter('rules'), tokenTheme, hoverSource('rules'), signatureField('rules'), EditorState.languageData.of(() => data)];
}
