import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexText } from '../src/lsp/workspace.js';
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
