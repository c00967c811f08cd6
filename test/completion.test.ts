/**
 * Completion is computed once, by the core's cursor analysis (src/assist), and every front end only presents it:
 * each row of test/completion.table.ts runs through the core, the language server's completion handler, the REPL's
 * Tab completer and the playground's CodeMirror completion sources, which must all offer the same labels.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CompletionContext, type CompletionResult, type CompletionSource } from '@codemirror/autocomplete';
import { EditorState, type Extension } from '@codemirror/state';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeCondition, completeRules, type AssistContext } from '../src/assist/index.js';
import { defaultCatalog } from '../src/fields/catalog.js';
import { loadRules } from '../src/rules/loader.js';
import { complete } from '../src/lsp/completion.js';
import { Workspace } from '../src/lsp/workspace.js';
import { ConditionRepl } from '../src/repl/repl.js';
import { DEFINITIONS, ROWS, type CompletionRow } from './completion.table.js';

/** The playground's language module (browser code, type-checked by playground/tsconfig.json, so imported by path). */
interface PlaygroundLanguage {
  known: { macros: Map<string, string>; lists: Map<string, readonly string[]> };
  conditionSupport(): Extension;
  rulesSupport(): Extension;
}
const PLAYGROUND = '../playground/src/language.ts';

const set = loadRules([{ path: 'defs.yaml', text: DEFINITIONS }]);
const macros = new Map([...set.macros.values()].map((m) => [m.name, m.condition.text]));
const lists = new Map([...set.lists.values()].map((l) => [l.name, l.items]));
const ctx: AssistContext = { catalog: defaultCatalog, macros, lists };

/** A condition row as a rule of a rules file (after the definitions), and where its cursor lands there. */
function asRules(row: CompletionRow): { text: string; offset: number } {
  const body = row.in === 'condition' ? `- rule: r\n  desc: d\n  condition: ${row.text}` : row.text;
  const full = DEFINITIONS + body;
  const offset = full.indexOf('|');
  return { text: full.slice(0, offset) + full.slice(offset + 1), offset };
}

function cursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf('|');
  return { text: text.slice(0, offset) + text.slice(offset + 1), offset };
}

/** The labels a front end offers that continue what is typed (`partial`), sorted, once each. */
const continuing = (labels: string[], partial: string) => [...new Set(labels.filter((l) => l.startsWith(partial)))].sort();

let repl: ConditionRepl;
let playground: PlaygroundLanguage;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'falco-expr-completion-'));
  writeFileSync(join(dir, 'defs.yaml'), DEFINITIONS);
  repl = new ConditionRepl({ input: new PassThrough(), output: new PassThrough(), terminal: false, history: false, rules: [join(dir, 'defs.yaml')] });
  playground = (await import(/* @vite-ignore */ PLAYGROUND)) as PlaygroundLanguage;
  playground.known.macros = new Map(macros);
  playground.known.lists = new Map(lists);
});

afterAll(() => repl?.server.close());

async function playgroundLabels(support: Extension, text: string, offset: number): Promise<string[]> {
  const state = EditorState.create({ doc: text, selection: { anchor: offset }, extensions: [support] });
  const sources = state.languageDataAt<CompletionSource>('autocomplete', offset);
  expect(sources).toHaveLength(1);
  const r = (await sources[0]!(new CompletionContext(state, offset, true))) as CompletionResult | null;
  return r?.options.map((o) => o.label) ?? [];
}

describe('one completion table for the core, the language server, the REPL and the playground', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const inRules = asRules(row);
    // The core: the answer every front end presents.
    const core = row.in === 'condition' ? completeCondition(cursor(row.text).text, cursor(row.text).offset, ctx) : completeRules(inRules.text, inRules.offset, ctx);
    const first = core.items[0];
    const at = row.in === 'condition' ? cursor(row.text) : inRules;
    const partial = first ? at.text.slice(first.from, first.to) : '';
    const labels = continuing(core.items.map((i) => i.label), partial);
    if (row.exactly) expect(labels).toEqual([...row.exactly].sort());
    for (const l of row.includes ?? []) expect(labels).toContain(l);
    for (const l of row.excludes ?? []) expect(labels).not.toContain(l);

    // In a rules file (a condition row as a rule's condition): the core again, the language server, the playground's rules editor.
    const inFile = continuing(completeRules(inRules.text, inRules.offset, ctx).items.map((i) => i.label), partial);
    const ws = new Workspace();
    const file = ws.open(TextDocument.create('file:///t/completion.yaml', 'yaml', 1, inRules.text));
    const lsp = complete(ws, file, inRules.offset, { snippets: false }).items.map((i) => i.label);
    const rulesEditor = await playgroundLabels(playground.rulesSupport(), inRules.text, inRules.offset);
    if (row.in === 'rules') expect(inFile).toEqual(labels);
    // The rule's source (syscall) leaves out the fields of plugin sources, which a lone condition may use.
    else for (const l of inFile) expect(labels).toContain(l);
    expect(continuing(lsp, partial)).toEqual(inFile);
    expect(continuing(rulesEditor, partial)).toEqual(inFile);

    if (row.in === 'condition') {
      const { text, offset } = cursor(row.text);
      expect(offset).toBe(text.length); // the REPL completes at the end of its line
      const [hits, word] = repl.complete(text);
      expect(word).toBe(partial);
      expect(continuing(hits.map((h) => h.replace(/\($/, '')), partial)).toEqual(labels);
      expect(continuing(await playgroundLabels(playground.conditionSupport(), text, offset), partial)).toEqual(labels);
    }
  });
});
