import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createCatalog, builtinFields } from '../src/fields/catalog.js';
import { lint } from '../src/lint/index.js';
import { lintDocument } from '../src/lsp/diagnostics.js';
import { Workspace } from '../src/lsp/workspace.js';
import { forgetPastes } from '../src/rules/compile-rules.js';

/*
 * Conditions pasted and parsed are kept across loads (src/rules/compile-rules.ts), by their text and the lists
 * pasted into them: a load that reuses them must give what a load from nothing gives, whatever changed (a
 * list's items, a macro, a rule, where an item is in the file, another file).
 */

const view = (ds: ReturnType<typeof lint>) => ds.map((d) => `${d.file}:${d.range.start.offset}-${d.range.end.offset} ${d.code} ${d.severity} ${d.message}`);
/** A lint from nothing: a catalog of its own (no checks kept) and no pasted conditions kept. */
const fresh = (files: Array<{ path: string; text: string }>) => {
  forgetPastes();
  return view(lint(files, { catalog: createCatalog(builtinFields()) }));
};

const LISTS = ['[bash]', '[bash, sh]', '[]', '["a b", c]', '[shells]', '[proc.name]'];
const MACROS = ['proc.name in (shells)', 'proc.name in shells', 'proc.nme = x', 'evt.type = open and', 'shells_m', 'fd.name pmatch (shells)', 'never_true'];
const RULES = ['spawned and proc.name in (shells)', 'spawned and proc.name in shells', 'spawned and shells_m', 'evt.type = open and proc.name = shells', 'spawned and (', 'spawned and evt.dir = <', 'spawned and proc.name = x and proc.name = y'];

function file(parts: { list: string; extra: string; macro: string; rule: string; rule2: string; lead: string }): string {
  return `${parts.lead}- list: shells
  items: ${parts.list}
- list: more
  items: ${parts.extra}
- macro: spawned
  condition: evt.type = execve
- macro: shells_m
  condition: ${parts.macro}
- macro: never_true
  condition: evt.num = 0
- rule: r1
  desc: d
  condition: ${parts.rule}
  output: "%proc.name"
  priority: WARNING
- rule: r2
  desc: d
  condition: ${parts.rule2}
  output: "%proc.nme"
  priority: WARNING
`;
}

const parts = fc.record({
  list: fc.constantFrom(...LISTS),
  extra: fc.constantFrom(...LISTS),
  macro: fc.constantFrom(...MACROS),
  rule: fc.constantFrom(...RULES),
  rule2: fc.constantFrom(...RULES),
  lead: fc.constantFrom('', '# a comment\n', '\n\n', '- macro: first\n  condition: proc.name in (shells)\n'),
});

describe('conditions pasted and parsed, reused across loads', () => {
  it('a load after any change of lists, macros, rules and their places equals a load from nothing', () => {
    fc.assert(
      fc.property(fc.array(parts, { minLength: 2, maxLength: 6 }), (seq) => {
        for (const p of seq) {
          const files = [{ path: 'a.yaml', text: file(p) }];
          const reused = view(lint(files, { incremental: true }));
          expect(reused).toEqual(fresh(files));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a list edited changes the rules it is pasted into (the same condition text)', () => {
    const base = { extra: '[]', macro: 'never_true', rule: 'spawned and proc.name in shells', rule2: 'spawned', lead: '' };
    const one = lint([{ path: 'a.yaml', text: file({ ...base, list: '[bash]' }) }], { incremental: true });
    expect(one.filter((d) => d.code === 'list-needs-parentheses')).toEqual([]);
    const two = lint([{ path: 'a.yaml', text: file({ ...base, list: '[bash, sh]' }) }], { incremental: true });
    expect(two.filter((d) => d.code === 'list-needs-parentheses')).toHaveLength(1);
  });

  it('a parse error is placed where its condition is now, after the item moved', () => {
    const base = { list: '[bash]', extra: '[]', macro: 'never_true', rule: 'spawned and (', rule2: 'spawned' };
    const at = (lead: string) => {
      const text = file({ ...base, lead });
      const d = lint([{ path: 'a.yaml', text }], { incremental: true }).find((x) => x.severity === 'error')!;
      return { line: d.range.start.line, text: text.split('\n')[d.range.start.line - 1] };
    };
    const before = at('');
    const after = at('# one\n# two\n');
    expect(after.line).toBe(before.line + 2);
    expect(after.text).toBe(before.text);
  });

  it('a macro edited in one file changes the diagnostics of an open document whose rules use it', () => {
    const ws = new Workspace();
    const macroText = (cond: string) => `- macro: m\n  condition: ${cond}\n`;
    const macros = TextDocument.create('file:///w/macros.yaml', 'yaml', 1, macroText('evt.type = open'));
    const rules = TextDocument.create('file:///w/rules.yaml', 'yaml', 1, '- rule: r\n  desc: d\n  condition: m and proc.name = y\n  output: "%proc.name"\n  priority: WARNING\n');
    const mf = ws.open(macros);
    const rf = ws.open(rules);
    /** The same lint from a new workspace: nothing kept but the texts. */
    const fromNothing = () => {
      const other = new Workspace();
      other.open(TextDocument.create(macros.uri, 'yaml', macros.version, macros.getText()));
      const f = other.open(TextDocument.create(rules.uri, 'yaml', rules.version, rules.getText()));
      forgetPastes();
      return lintDocument(other, f).diagnostics;
    };
    const first = lintDocument(ws, rf).diagnostics;
    expect(first).toEqual(fromNothing());
    let version = 1;
    for (const cond of ['proc.name = x', 'evt.type = open', 'evt.type in (open, openat) and proc.nme = x', 'proc.name = x']) {
      TextDocument.update(macros, [{ text: macroText(cond) }], ++version);
      ws.touched(mf.uri);
      expect(lintDocument(ws, rf).diagnostics).toEqual(fromNothing());
    }
    // (the rule's own diagnostics did change with the macro: without evt.type in it, the rule has none)
    expect(lintDocument(ws, rf).diagnostics).not.toEqual(first);
  });
});
