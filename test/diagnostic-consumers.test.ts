import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { falcoCode, lint } from '../src/lint/index.js';
import { codeActions } from '../src/lsp/actions.js';
import { lintDocument } from '../src/lsp/diagnostics.js';
import { Workspace } from '../src/lsp/workspace.js';
import { formatRules } from '../src/rules/format.js';
import { parse } from '../src/syntax/parser.js';

/*
 * What a diagnostic is about travels as data (`Diagnostic.data`, `Diagnostic.related`): no consumer finds it
 * out by reading the message. A scan of the source keeps it so; the tests after it check each consumer.
 */

const root = new URL('../', import.meta.url);
const files = (dir: URL): URL[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(new URL(`${e.name}/`, dir)) : /\.m?ts$/.test(e.name) ? [new URL(e.name, dir)] : []));

/** Messages that are not diagnostics', read on purpose, each with its reason. */
const ALLOWED: Record<string, string> = {
  'src/cli/args.ts': "Node's parseArgs error, shortened for the usage line",
  'src/cli/cli.ts': "an exception's message, to add the usage hint once",
  'src/syntax/parser.ts': "Chevrotain's lexer errors, where an unmatched ')' is left to the parser",
};

describe('no code reads a diagnostic by its message', () => {
  it('no regex or string search on a message in src/ or playground/src/', () => {
    const reads = [
      /\.(?:test|exec|match|search)\([^)]*\bmessage\b/,
      /\bmessage\??\.(?:replace|replaceAll|match|matchAll|search|includes|startsWith|endsWith|indexOf)\(/
    ];
    const hits: string[] = [];
    const allowed = new Set<string>();
    for (const f of [...files(new URL('src/', root)), ...files(new URL('playground/src/', root))]) {
      const rel = f.pathname.slice(root.pathname.length);
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        if (!reads.some((r) => r.test(line))) return;
        if (ALLOWED[rel]) allowed.add(rel);
        else hits.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
    // The list of exceptions stays exact: each still reads a message.
    expect([...allowed].sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it('the scan finds such a read (it would not pass vacuously)', () => {
    const reads = /\bmessage\??\.(?:replace|replaceAll|match|matchAll|search|includes|startsWith|endsWith|indexOf)\(/;
    expect(reads.test("const name = d.message.match(/'([^']+)'/)")).toBe(true);
  });
});

describe('each consumer reads data', () => {
  const at = (line: number, column: number, offset: number) => ({ line, column, offset });

  it('the parser gives the unclosed parenthesis as a related location, and the loader and fmt name it in the file', () => {
    const r = parse('proc.name = a and (evt.type = open');
    const d = r.diagnostics[0]!;
    expect(d.related).toEqual([{ message: "the '(' to close", range: { start: at(1, 19, 18), end: at(1, 20, 19) } }]);
    expect(d.message).toContain('opened at 1:19');
    const text = '- rule: r\n  desc: d\n  condition: >\n    proc.name = a and\n    (evt.type = open\n  output: o\n  priority: INFO\n';
    const [e] = lint([{ path: 'r.yaml', text }]).filter((x) => x.code === 'parse-error');
    expect(e!.related?.[0]?.range.start).toMatchObject({ line: 5, column: 5 });
    expect(e!.message).toContain('opened at 5:5');
    const f = formatRules(text, { path: 'r.yaml' });
    expect(f.diagnostics?.[0]?.message ?? '').toContain('opened at 5:5');
  });

  it('falcoCode follows the registry, whatever the message says', () => {
    const d = { code: 'print-only-field', severity: 'error' as const, message: 'can only be used in outputs', range: { start: at(1, 1, 0), end: at(1, 1, 0) } };
    expect(falcoCode(d)).toBe('LOAD_ERR_COMPILE_CONDITION');
    expect(falcoCode({ ...d, data: { falcoCode: 'LOAD_ERR_COMPILE_OUTPUT' } })).toBe('LOAD_ERR_COMPILE_OUTPUT');
  });

  it('the quick fixes read data, not the message', () => {
    const ws = new Workspace();
    const text = '- list: shells\n  items: [bash, sh]\n- rule: r\n  desc: d\n  condition: evt.type = execve and proc.nme = x and proc.name in shells\n  output: o\n  priority: INFO\n  tgas: [a]\n';
    const file = ws.open(TextDocument.create('file:///w/q.yaml', 'yaml', 1, text));
    const ds = lintDocument(ws, file).diagnostics.map((d) => ({ ...d, message: '(message withheld)' }));
    const titles = (code: string) => {
      const d = ds.find((x) => x.code === code)!;
      return codeActions(ws, file, d.range, [d]).map((a) => a.title);
    };
    expect(titles('LOAD_UNKNOWN_KEY')).toEqual(["Change to 'tags'"]);
    expect(titles('list-needs-parentheses')).toEqual(['Write (shells)']);
  });

  it('the language server passes related locations and data to the client', () => {
    const ws = new Workspace();
    const text = '- rule: r\n  desc: d\n  condition: (evt.type = open\n  output: o\n  priority: INFO\n';
    const file = ws.open(TextDocument.create('file:///w/p.yaml', 'yaml', 1, text));
    const d = lintDocument(ws, file).diagnostics.find((x) => x.code === 'parse-error')!;
    expect(d.relatedInformation?.[0]?.location).toEqual({ uri: 'file:///w/p.yaml', range: { start: { line: 2, character: 13 }, end: { line: 2, character: 14 } } });
    expect((d.data as { template?: string }).template).toContain('{related}');
  });

  it('the workspace keeps an unused macro another file uses, by its name in data', () => {
    const ws = new Workspace();
    ws.open(TextDocument.create('file:///w/a.yaml', 'yaml', 1, '- macro: shared_m\n  condition: proc.name = a\n- macro: lonely\n  condition: proc.name = b\n'));
    ws.open(TextDocument.create('file:///w/b.yaml', 'yaml', 1, '- rule: r\n  desc: d\n  condition: evt.type = open and shared_m\n  output: o\n  priority: INFO\n'));
    const a = ws.get('file:///w/a.yaml')!;
    const unused = lintDocument(ws, a).diagnostics.filter((d) => d.code === 'LOAD_UNUSED_MACRO');
    expect(unused.map((d) => (d.data as { name?: string }).name)).toEqual(['lonely']);
  });
});
