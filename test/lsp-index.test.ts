import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { indexText, Workspace } from '../src/lsp/workspace.js';
import { corpusRuleFiles, readShared } from './support/shared.js';

/*
 * The language server's text index of a large file is built stretch by stretch and kept by text for the next
 * keystroke (src/lsp/workspace.ts): it must be the index of the whole text, after any edits.
 */

const corpus = corpusRuleFiles().map((f) => readShared(`corpus/rules/${f}`));
const big = corpus.join('\n');
const view = (text: string, whole: boolean) => {
  const ix = indexText(text, whole);
  const sorted = (s: Set<string>) => [...s].sort();
  return { macros: sorted(ix.macros), lists: sorted(ix.lists), rules: sorted(ix.rules), refs: sorted(ix.refs), overrides: ix.overrides, looksLikeRules: ix.looksLikeRules };
};

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  cut: fc.integer({ min: 0, max: 60 }),
  insert: fc.constantFrom('', ' ', 'x', '\n', '\n- ', '- rule: r\n  enabled: false\n', '- list: l\n  items: [a, b]\n', 'items:\n- a\n', '  append: true\n', '  condition: foo\n', '#', '\r\n', '  override:\n    condition: append\n'),
  lineStart: fc.boolean(),
});

describe('the language server text index of a large file', () => {
  it('equals the index of the whole text, for the corpus and after random edits', () => {
    expect(view(big, false)).toEqual(view(big, true));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        let t = big;
        for (const e of edits) {
          let i = Math.floor(e.at * t.length);
          if (e.lineStart) i = t.lastIndexOf('\n', i - 1) + 1;
          t = t.slice(0, i) + e.insert + t.slice(Math.min(t.length, i + e.cut));
          expect(view(t, false)).toEqual(view(t, true));
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('the open documents an edit concerns', () => {
  const doc = (name: string, text: string, version = 1) => TextDocument.create(`file:///ws/${name}`, 'yaml', version, text);

  it('are the other open documents that use what the edited one defines', () => {
    const ws = new Workspace();
    const a = ws.open(doc('a.yaml', '- macro: shared\n  condition: proc.name = bash\n'));
    expect(ws.dependents(a)).toEqual([]);
    const b = ws.open(doc('b.yaml', '- rule: r\n  desc: d\n  condition: evt.type = open and shared\n  output: o\n  priority: INFO\n'));
    const c = ws.open(doc('c.yaml', '- rule: s\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n'));
    expect(ws.dependents(a).map((f) => f.uri)).toEqual([b.uri]);
    expect(ws.dependents(c)).toEqual([]);
  });

  it('and a document is a rules file by its text, with or without its index made', () => {
    const ws = new Workspace();
    const rules = ws.open(doc('r.yaml', '# rules\n- list: l\n  items: [a]\n'));
    const other = ws.open(doc('o.yaml', 'key: value\nlist:\n  - rule: not at the top\n'));
    expect(ws.looksLikeRules(rules)).toBe(true);
    expect(ws.looksLikeRules(other)).toBe(true);
    const plain = ws.open(doc('p.yaml', 'key: value\n'));
    expect(ws.looksLikeRules(plain)).toBe(false);
    for (const f of [rules, other, plain]) expect(ws.looksLikeRules(f)).toBe(ws.index(f).looksLikeRules);
  });
});
