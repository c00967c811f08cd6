import { type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { HighlightStyle, StreamLanguage, StringStream, languageDataProp, syntaxTree, type StreamParser } from '@codemirror/language';
import { yamlLanguage } from '@codemirror/lang-yaml';
import { RangeSetBuilder, StateEffect, type EditorState } from '@codemirror/state';
import { Decoration, ViewPlugin, hoverTooltip, type DecorationSet, type EditorView, type ViewUpdate } from '@codemirror/view';
import { parseMixed, type SyntaxNode } from '@lezer/common';
import { tags as t } from '@lezer/highlight';
import { defaultCatalog, MODIFIERS, operatorWords, OPERATORS as OPERATOR_WORDS, TRANSFORMERS as TRANSFORMER_SIGNATURES, type FieldInfo } from 'falco-expr';

/*
 * The Falco condition language for CodeMirror: a streaming tokenizer that follows the parser's position the way
 * the library's lexer does (a check's field, then its operator, then a value or a list), so that `in` after a
 * field is an operator and `/usr/bin` after `=` is one value. It is nested into YAML for the values of
 * `condition:` keys (and a small one for `%field` in `output:`), and used alone in the condition editor.
 * Completion and hover read the library's field catalog plus the macros and lists of the current rules.
 */

/** Macro and list names of the current rules (set by the page after each load), for highlighting and completion. */
export const known = { macros: new Map<string, string>(), lists: new Map<string, readonly string[]>() };

type Mode = 'expr' | 'op' | 'value' | 'list' | 'values' | 'argsLhs' | 'argsRhs' | 'args';

interface State {
  stack: Mode[];
  /** The last thing read ended a check: `and`/`or` may follow. */
  afterCheck: boolean;
}

const alternation = (words: readonly string[]) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
export const TRANSFORMERS = TRANSFORMER_SIGNATURES.filter((t) => t.kind !== 'identity').map((t) => t.name);
const TRANSFORMER_OPEN = new RegExp(`^(?:${alternation(TRANSFORMER_SIGNATURES.map((t) => t.name))})\\(`);
const FIELD = /^[a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)+(?:\[[^\]\s]*\]?)?/;
const IDENT = /^[a-zA-Z][a-zA-Z0-9_]*/;
const QUOTED = /^(?:"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?)/;
const BARE = /^[^()"'\s=,]+/;
const NUMBER = /^[+-]?(?:0[xX][0-9a-fA-F]+|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)$/;
const WORD_OPS = new RegExp(`^(?:${alternation(operatorWords('string').filter((w) => /^[a-z]+$/.test(w)))})(?=\\s|$)`);
const LIST_OPS = new RegExp(`^(?:${alternation(operatorWords('list').sort((a, b) => b.length - a.length))})(?=[\\s(]|$)`);
const MODIFIER = new RegExp(`^(?:${alternation(MODIFIERS.map((m) => m.word))})(?=\\s+[(a-zA-Z])`);

const top = (s: State): Mode => s.stack[s.stack.length - 1]!;
const setTop = (s: State, m: Mode) => {
  s.stack[s.stack.length - 1] = m;
};

function value(stream: StringStream, s: State): string {
  const word = stream.current();
  setTop(s, 'expr');
  s.afterCheck = true;
  return NUMBER.test(word) ? 'number' : 'string';
}

function tokenize(stream: StringStream, s: State): string | null {
  if (stream.eatSpace()) return null;
  const mode = top(s);
  switch (mode) {
    case 'expr':
      if (stream.eat('(')) {
        s.stack.push('expr');
        s.afterCheck = false;
        return 'paren';
      }
      if (stream.eat(')')) {
        if (s.stack.length > 1) s.stack.pop();
        s.afterCheck = true;
        return 'paren';
      }
      if (stream.match(/^(?:and|or)(?=[\s(]|$)/) || stream.match(/^not(?=[\s(]|$)/)) {
        s.afterCheck = false;
        return 'keyword';
      }
      if (stream.match(TRANSFORMER_OPEN)) {
        stream.backUp(1);
        s.stack.push('argsLhs');
        return 'transformer';
      }
      if (stream.match(FIELD)) {
        setTop(s, 'op');
        return 'field';
      }
      if (stream.match(IDENT)) {
        s.afterCheck = true;
        return 'macro';
      }
      break;
    case 'op':
      if (stream.match(/^exists(?=[\s)]|$)/)) {
        setTop(s, 'expr');
        s.afterCheck = true;
        return 'operatorWord';
      }
      if (stream.match(/^(?:<=|>=|==|!=|<|>|=)/)) {
        setTop(s, 'value');
        return 'operator';
      }
      if (stream.match(WORD_OPS)) {
        setTop(s, 'value');
        return 'operatorWord';
      }
      if (stream.match(LIST_OPS)) {
        setTop(s, 'list');
        return 'operatorWord';
      }
      // Not an operator: read it as the start of a new check.
      setTop(s, 'expr');
      return tokenize(stream, s);
    case 'value':
      if (stream.match(MODIFIER)) {
        setTop(s, 'list');
        return 'modifier';
      }
      if (stream.match(TRANSFORMER_OPEN)) {
        stream.backUp(1);
        setTop(s, 'argsRhs');
        return 'transformer';
      }
      if (stream.match(QUOTED)) {
        setTop(s, 'expr');
        s.afterCheck = true;
        return 'string';
      }
      if (stream.eat('(')) {
        setTop(s, 'values');
        return 'paren';
      }
      if (stream.match(BARE)) return value(stream, s);
      break;
    case 'list':
      if (stream.eat('(')) {
        setTop(s, 'values');
        return 'paren';
      }
      if (stream.match(IDENT)) {
        setTop(s, 'expr');
        s.afterCheck = true;
        return 'list';
      }
      setTop(s, 'expr');
      return tokenize(stream, s);
    case 'values':
      if (stream.eat(')')) {
        setTop(s, 'expr');
        s.afterCheck = true;
        return 'paren';
      }
      if (stream.eat(',')) return 'separator';
      if (stream.match(QUOTED)) return 'string';
      // A list name among the items is marked by `listNames` (the names change as the rules are edited).
      if (stream.match(BARE)) return NUMBER.test(stream.current()) ? 'number' : 'string';
      break;
    case 'argsLhs':
    case 'argsRhs':
    case 'args':
      if (stream.eat('(')) return 'paren';
      if (stream.eat(')')) {
        s.stack.pop();
        if (mode === 'argsLhs') {
          // The transformer is the left side of a check (or an argument of an enclosing one).
          if (top(s) === 'expr') setTop(s, 'op');
        } else if (mode === 'argsRhs') {
          s.stack.push('expr');
          s.afterCheck = true;
        }
        return 'paren';
      }
      if (stream.eat(',')) return 'separator';
      if (stream.match(TRANSFORMER_OPEN)) {
        stream.backUp(1);
        s.stack.push('args');
        return 'transformer';
      }
      if (stream.match(FIELD)) return 'field';
      if (stream.match(QUOTED)) return 'string';
      if (stream.match(BARE)) return NUMBER.test(stream.current()) ? 'number' : 'string';
      break;
  }
  stream.next();
  return 'invalid';
}

const conditionParser: StreamParser<State> = {
  name: 'falco-condition',
  startState: () => ({ stack: ['expr'], afterCheck: false }),
  copyState: (s) => ({ stack: [...s.stack], afterCheck: s.afterCheck }),
  token: tokenize,
  tokenTable: {
    keyword: t.keyword,
    operator: t.compareOperator,
    operatorWord: t.operatorKeyword,
    modifier: t.modifier,
    field: t.propertyName,
    transformer: t.function(t.variableName),
    macro: t.macroName,
    list: t.special(t.variableName),
    string: t.string,
    number: t.number,
    paren: t.paren,
    separator: t.separator,
    invalid: t.invalid,
  },
  languageData: {
    autocomplete: conditionCompletions,
    closeBrackets: { brackets: ['(', '[', '"', "'"] },
  },
};

export const conditionLanguage = StreamLanguage.define(conditionParser);

/** `%field` and `%transformer(field)` in rule outputs. */
const outputLanguage = StreamLanguage.define<null>({
  name: 'falco-output',
  startState: () => null,
  token(stream) {
    if (stream.match(/^%(?:tolower|toupper|b64|basename|len|join|concat|getopt)\([^)]*\)/)) return 'transformer';
    if (stream.match(/^%[a-zA-Z][\w.]*(?:\[[^\]]*\])?/)) return 'field';
    stream.next();
    while (!stream.eol() && stream.peek() !== '%') stream.next();
    return 'text';
  },
  tokenTable: { field: t.propertyName, transformer: t.function(t.variableName), text: t.content },
  languageData: { autocomplete: outputCompletions },
});

/** The key of the YAML pair whose value `node` is, if it is one. */
function pairKey(node: SyntaxNode, read: (from: number, to: number) => string): string | undefined {
  const pair = node.name === 'BlockLiteralContent' ? node.parent?.parent : node.parent;
  if (!pair || pair.name !== 'Pair') return undefined;
  const key = pair.getChild('Key');
  return key ? read(key.from, key.to).trim() : undefined;
}

/** YAML with the condition language inside `condition:` values and `%fields` highlighted in `output:`. */
export const rulesLanguage = yamlLanguage.configure({
  wrap: parseMixed((ref, input) => {
    if (ref.name !== 'Literal' && ref.name !== 'QuotedLiteral' && ref.name !== 'BlockLiteralContent') return null;
    const key = pairKey(ref.node, (a, b) => input.read(a, b));
    const parser = key === 'condition' ? conditionLanguage.parser : key === 'output' ? outputLanguage.parser : undefined;
    if (!parser) return null;
    if (ref.name === 'QuotedLiteral') {
      return ref.to - ref.from > 2 ? { parser, overlay: [{ from: ref.from + 1, to: ref.to - 1 }] } : null;
    }
    return { parser };
  }),
});

/** Colours for YAML and for the condition language inside it. */
export const highlightStyle = HighlightStyle.define([
  { tag: t.keyword, color: '#7c3aed', fontWeight: '600' },
  { tag: [t.operatorKeyword, t.compareOperator], color: '#c2410c', fontWeight: '600' },
  { tag: t.modifier, color: '#c2410c', fontStyle: 'italic' },
  { tag: t.propertyName, color: '#1d4ed8' },
  { tag: t.definition(t.propertyName), color: '#0f766e', fontWeight: '600' },
  { tag: t.function(t.variableName), color: '#0e7490', fontStyle: 'italic' },
  { tag: t.macroName, color: '#a21caf' },
  { tag: t.special(t.variableName), color: '#9d174d', textDecoration: 'underline dotted' },
  { tag: t.string, color: '#15803d' },
  { tag: t.number, color: '#b45309' },
  { tag: [t.paren, t.separator, t.squareBracket, t.brace], color: '#64748b' },
  { tag: [t.lineComment, t.comment], color: '#94a3b8', fontStyle: 'italic' },
  { tag: t.special(t.string), color: '#64748b' },
  { tag: [t.typeName, t.labelName, t.meta], color: '#64748b' },
  { tag: t.invalid, color: '#dc2626' },
]);

// --- list names among list items ------------------------------------------------------------------------

/** Dispatched to the editors when the macro and list names of the rules change. */
export const namesChanged = StateEffect.define<null>();

const listMark = Decoration.mark({ class: 'fx-listref' });

function markLists(view: EditorView): DecorationSet {
  const b = new RangeSetBuilder<Decoration>();
  const tree = syntaxTree(view.state);
  for (const { from, to } of view.visibleRanges) {
    tree.iterate({
      from,
      to,
      enter: (n) => {
        if ((n.name === 'string' || n.name === 'list') && known.lists.has(view.state.sliceDoc(n.from, n.to))) b.add(n.from, n.to, listMark);
      },
    });
  }
  return b.finish();
}

/**
 * Marks list names written among the items of a list, `(shell_binaries, zsh)`, which the tokenizer cannot tell
 * from values: whether a word is a list depends on the rules, which change as they are edited.
 */
export const listNames = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = markLists(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged || u.viewportChanged || syntaxTree(u.startState) !== syntaxTree(u.state) || u.transactions.some((tr) => tr.effects.some((e) => e.is(namesChanged)))) {
        this.decorations = markLists(u.view);
      }
    }
  },
  { decorations: (v) => v.decorations },
);

// --- completion ------------------------------------------------------------------------------------------

interface Where {
  /** Where the condition text containing `pos` starts. */
  from: number;
  /** The tokenizer's state just before the word being completed. */
  state: State;
}

/** The start of the condition (or output) region around `pos`: the whole doc in the condition editor. */
function regionStart(state: EditorState, pos: number, data: unknown): number {
  for (let node: SyntaxNode | null = syntaxTree(state).resolveInner(pos, -1); node; node = node.parent) {
    if (node.type.isTop && node.type.prop(languageDataProp) === data) return node.from;
  }
  return 0;
}

function stateBefore(state: EditorState, from: number, to: number): State {
  const s = conditionParser.startState!(2);
  const text = state.sliceDoc(from, to);
  for (const line of text.split('\n')) {
    const stream = new StringStream(line, 2, 2);
    while (!stream.eol()) {
      stream.start = stream.pos;
      tokenize(stream, s);
    }
  }
  return s;
}

function where(state: EditorState, pos: number): Where {
  const from = regionStart(state, pos, conditionLanguage.data);
  return { from, state: stateBefore(state, from, pos) };
}

const OPERATORS: Array<[string, string]> = [
  ...OPERATOR_WORDS.filter((o) => o.word !== '==' && o.word !== 'exists'),
  ...OPERATOR_WORDS.filter((o) => o.word === 'exists'),
].map((o) => [o.word, o.short]);

function fieldOption(f: FieldInfo): Completion {
  const arg = f.arg.kind !== 'none' ? (f.arg.required ? '[…]' : ' [opt. arg]') : '';
  return {
    label: f.name,
    type: 'property',
    detail: `${f.list ? `LIST(${f.type})` : f.type}${arg}`,
    ...(f.description ? { info: f.description } : {}),
    boost: f.name.split('.').length === 2 ? 1 : 0,
  };
}

function fieldOptions(prefix: string): Completion[] {
  return defaultCatalog.byPrefix(prefix.includes('.') ? prefix : '').map(fieldOption);
}

const transformerOptions = (): Completion[] =>
  TRANSFORMERS.map((name) => ({ label: `${name}(`, displayLabel: `${name}()`, type: 'function', detail: 'transformer', apply: `${name}(`, boost: -1 }));

const listOptions = (): Completion[] =>
  [...known.lists].map(([name, items]) => ({ label: name, type: 'variable', detail: 'list', info: items.join(', '), boost: 2 }));

const macroOptions = (): Completion[] =>
  [...known.macros].map(([name, text]) => ({ label: name, type: 'function', detail: 'macro', info: text, boost: 2 }));

export function conditionCompletions(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/[a-zA-Z0-9_.]*$/);
  if (!word) return null;
  if (word.from === word.to && !context.explicit) {
    // Right after a field and a blank, offer the operators without being asked.
    const { state } = where(context.state, context.pos);
    if (!(top(state) === 'op' && /\s$/.test(context.state.sliceDoc(context.pos - 1, context.pos)))) return null;
  }
  const { state } = where(context.state, word.from);
  let options: Completion[];
  switch (top(state)) {
    case 'op':
      options = OPERATORS.map(([label, detail], i) => ({ label, detail, type: 'keyword', boost: 50 - i }));
      break;
    case 'list':
    case 'values':
      options = listOptions();
      break;
    case 'value':
      options = [{ label: 'val(', displayLabel: 'val()', type: 'function', detail: 'another field' }, ...transformerOptions()];
      break;
    case 'args':
    case 'argsLhs':
    case 'argsRhs':
      options = fieldOptions(word.text);
      break;
    default:
      options = state.afterCheck
        ? [{ label: 'and', type: 'keyword' }, { label: 'or', type: 'keyword' }]
        : [...fieldOptions(word.text), ...macroOptions(), ...transformerOptions(), { label: 'not', type: 'keyword' }];
  }
  return { from: word.from, options, validFor: /^[a-zA-Z0-9_]*$/ };
}

function outputCompletions(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/%[a-zA-Z0-9_.]*$/);
  if (!word) return null;
  return { from: word.from + 1, options: fieldOptions(word.text.slice(1)), validFor: /^[a-zA-Z0-9_]*$/ };
}

// --- hover -----------------------------------------------------------------------------------------------

/** Field descriptions, and macro and list definitions, on hover. */
export const conditionHover = hoverTooltip((view, pos, side) => {
  const node = syntaxTree(view.state).resolveInner(pos, side);
  if (!['field', 'macro', 'list', 'string'].includes(node.name)) return null;
  const text = view.state.sliceDoc(node.from, node.to);
  let title: string;
  let body: string | undefined;
  if (node.name === 'field') {
    const r = defaultCatalog.resolve(text.replace(/^%/, ''));
    if (!r) return null;
    const f = r.field;
    title = `${f.name}${r.arg !== undefined ? ` [${r.arg}]` : ''} — ${f.list ? `LIST(${f.type})` : f.type}`;
    body = f.description;
  } else if (node.name === 'macro' && known.macros.has(text)) {
    title = `macro ${text}`;
    body = known.macros.get(text);
  } else if (node.name !== 'macro' && known.lists.has(text)) {
    title = `list ${text}`;
    body = known.lists.get(text)!.join(', ');
  } else {
    return null;
  }
  return {
    pos: node.from,
    end: node.to,
    above: true,
    create() {
      const dom = document.createElement('div');
      dom.className = 'fx-hover';
      const h = dom.appendChild(document.createElement('strong'));
      h.textContent = title;
      if (body) dom.appendChild(document.createElement('div')).textContent = body;
      return { dom };
    },
  };
});
