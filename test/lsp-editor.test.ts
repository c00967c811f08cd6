import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeLensRequest, ConfigurationRequest, DidOpenTextDocumentNotification, DocumentFormattingRequest, DocumentRangeFormattingRequest,
  ExitNotification, InitializeRequest, InitializedNotification, LogMessageNotification, PublishDiagnosticsNotification, RegistrationRequest,
  SemanticTokensDeltaRequest, SemanticTokensRangeRequest, SemanticTokensRequest, ShutdownRequest, SignatureHelpRequest, StreamMessageReader,
  StreamMessageWriter, WorkspaceSymbolRequest, createProtocolConnection,
  type InitializeResult, type ProtocolConnection, type SemanticTokens, type SemanticTokensDelta, type SymbolInformation, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatRange } from '../src/lsp/formatting.js';
import { fileTokens } from '../src/lsp/semantic-tokens.js';
import { callAt } from '../src/lsp/signature.js';
import { Workspace } from '../src/lsp/workspace.js';
import { matchesQuery } from '../src/lsp/workspace-symbols.js';

// The built server, driven over stdio by a real LSP client connection (as test/lsp.test.ts does).
const server = new URL('../dist/lsp/standalone.js', import.meta.url).pathname;

const root = mkdtempSync(join(tmpdir(), 'falco-expr-lsp-editor-'));
mkdirSync(join(root, 'rules'), { recursive: true });

const LISTS = `- list: shells
  items: [bash, sh]

- list: more_shells
  items: [shells, zsh]

- macro: spawned
  condition: evt.type in (execve, execveat)

- macro: never_used
  condition: proc.pid = 1
`;

// Every kind of token: macro, keyword, field (one deprecated), field argument, operator, list, string,
// transformer, modifier, number; inside a folded block scalar, an output and an exception.
const TOKENS = `- rule: Every token
  desc: d
  condition: >
    spawned and not proc.aname[2] in (shells, "quoted x")
    or tolower(proc.name) contains oneof (a, b) and fd.num >= 3 and evt.dir exists
  output: "%proc.name by %proc.aname[2]"
  priority: INFO
  exceptions:
    - name: e
      fields: [proc.pname]
      comps: [startswith]
      values: [[x]]
`;

const UNFORMATTED = `- macro: m1
  condition: (proc.name=bash   and fd.name startswith "/etc")
- macro: m2
  condition: (proc.name=zsh)



- list: l
  items: [a,b]
`;

const listsPath = join(root, 'rules', 'lists.yaml');
writeFileSync(listsPath, LISTS);
const uri = (p: string) => pathToFileURL(p).href;
const listsUri = uri(listsPath);
const tokensUri = uri(join(root, 'rules', 'tokens.yaml'));
const fmtUri = uri(join(root, 'rules', 'fmt.yaml'));

class Client {
  readonly conn: ProtocolConnection;
  readonly proc: ChildProcess;
  readonly errors: string[] = [];
  constructor() {
    this.proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification(PublishDiagnosticsNotification.type, () => undefined);
    this.conn.onNotification(LogMessageNotification.type, (m) => {
      if (m.type === 1) this.errors.push(m.message);
    });
    this.conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => null));
    this.conn.onRequest(RegistrationRequest.type, () => undefined);
    this.conn.listen();
  }
  open(u: string, text: string) {
    return this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'yaml', version: 1, text } });
  }
}

/** The LSP position of the `occurrence`-th `needle` in `text`, plus `delta` characters. */
function pos(text: string, needle: string, delta = 0, occurrence = 0) {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`not found: ${needle}`);
  const off = at + delta;
  const before = text.slice(0, off);
  return { line: before.split('\n').length - 1, character: off - (before.lastIndexOf('\n') + 1) };
}

function applyEdits(text: string, edits: TextEdit[] | null): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'yaml', 1, text), edits ?? []);
}

describe.skipIf(!existsSync(server))('language server editor features over stdio', () => {
  let c: Client;
  let init: InitializeResult;

  beforeAll(async () => {
    c = new Client();
    init = await c.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri(root),
      workspaceFolders: [{ uri: uri(root), name: 'ws' }],
      capabilities: { workspace: { configuration: true } },
    });
    await c.conn.sendNotification(InitializedNotification.type, {});
    await c.open(tokensUri, TOKENS);
    await c.open(fmtUri, UNFORMATTED);
  });

  afterAll(async () => {
    expect(c.errors).toEqual([]);
    await c.conn.sendRequest(ShutdownRequest.type);
    await c.conn.sendNotification(ExitNotification.type);
    if (c.proc.exitCode === null) c.proc.kill();
  });

  it('declares the capabilities and the standard token legend', () => {
    expect(init.capabilities).toMatchObject({
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      workspaceSymbolProvider: true,
      signatureHelpProvider: { triggerCharacters: ['(', ','] },
      codeLensProvider: {},
      semanticTokensProvider: {
        full: { delta: true },
        range: true,
        legend: {
          tokenTypes: ['property', 'parameter', 'operator', 'modifier', 'keyword', 'function', 'macro', 'type', 'string', 'number'],
          tokenModifiers: ['deprecated'],
        },
      },
    });
  });

  it('formats the document with the rules-file formatter', async () => {
    const edits = await c.conn.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: fmtUri }, options: { tabSize: 2, insertSpaces: true } });
    expect(applyEdits(UNFORMATTED, edits)).toBe(`- macro: m1
  condition: proc.name = bash and fd.name startswith /etc

- macro: m2
  condition: proc.name = zsh

- list: l
  items: [a, b]
`);
  });

  // The blank lines between two items belong to the second: formatting m2 leaves those before l alone.
  it('formats a range: the items it touches, and only those', async () => {
    const range = { start: pos(UNFORMATTED, 'm2'), end: pos(UNFORMATTED, 'zsh') };
    const edits = await c.conn.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri: fmtUri }, range, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toHaveLength(1);
    expect(applyEdits(UNFORMATTED, edits)).toBe(`- macro: m1
  condition: (proc.name=bash   and fd.name startswith "/etc")

- macro: m2
  condition: proc.name = zsh



- list: l
  items: [a,b]
`);
  });

  it('gives semantic tokens for every token kind, at their exact place', async () => {
    const r = (await c.conn.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: tokensUri } }))!;
    const types = init.capabilities.semanticTokensProvider!.legend.tokenTypes;
    const lines = TOKENS.split('\n');
    const decoded: Array<[number, number, string, string, number]> = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < r.data.length; i += 5) {
      const [dl, dc, len, type, mods] = r.data.slice(i, i + 5) as [number, number, number, number, number];
      line += dl;
      char = dl ? dc : char + dc;
      decoded.push([line, char, lines[line]!.slice(char, char + len), types[type]!, mods]);
    }
    expect(decoded).toEqual([
      [3, 4, 'spawned', 'macro', 0],
      [3, 12, 'and', 'keyword', 0],
      [3, 16, 'not', 'keyword', 0],
      [3, 20, 'proc.aname', 'property', 0],
      [3, 31, '2', 'parameter', 0],
      [3, 34, 'in', 'operator', 0],
      [3, 38, 'shells', 'type', 0],
      [3, 46, '"quoted x"', 'string', 0],
      [4, 4, 'or', 'keyword', 0],
      [4, 7, 'tolower', 'function', 0],
      [4, 15, 'proc.name', 'property', 0],
      [4, 26, 'contains', 'operator', 0],
      [4, 35, 'oneof', 'modifier', 0],
      [4, 42, 'a', 'string', 0],
      [4, 45, 'b', 'string', 0],
      [4, 48, 'and', 'keyword', 0],
      [4, 52, 'fd.num', 'property', 0],
      [4, 59, '>=', 'operator', 0],
      [4, 62, '3', 'number', 0],
      [4, 64, 'and', 'keyword', 0],
      [4, 68, 'evt.dir', 'property', 1],
      [4, 76, 'exists', 'operator', 0],
      [5, 12, 'proc.name', 'property', 0],
      [5, 26, 'proc.aname', 'property', 0],
      [5, 37, '2', 'parameter', 0],
      [9, 15, 'proc.pname', 'property', 0],
      [10, 14, 'startswith', 'operator', 0],
    ]);
    // A range gives the tokens of the lines asked for.
    const part = (await c.conn.sendRequest(SemanticTokensRangeRequest.type, { textDocument: { uri: tokensUri }, range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } } }))!;
    expect(part.data).toEqual([5, 12, 9, 0, 0, 0, 14, 10, 0, 0, 0, 11, 1, 1, 0]);
    // A delta against the previous result: nothing changed, no edits.
    const delta = (await c.conn.sendRequest(SemanticTokensDeltaRequest.type, { textDocument: { uri: tokensUri }, previousResultId: r.resultId! })) as SemanticTokensDelta | SemanticTokens;
    expect('edits' in delta ? delta.edits : undefined).toEqual([]);
  });

  it('shows the signature of the transformer around the cursor, with the active parameter', async () => {
    const text = `- rule: sig\n  desc: d\n  condition: join("->", (proc.pname, proc.name)) contains sh and concat(proc.name, "x") = y\n  output: o\n  priority: INFO\n`;
    const u = uri(join(root, 'rules', 'sig.yaml'));
    await c.open(u, text);
    const at = async (needle: string, delta: number) =>
      c.conn.sendRequest(SignatureHelpRequest.type, { textDocument: { uri: u }, position: pos(text, needle, delta) });
    const first = await at('join(', 5);
    expect(first?.signatures[0]?.label).toBe('join(separator, list)');
    expect(first?.signatures[0]?.parameters?.map((p) => p.label)).toEqual([[5, 14], [16, 20]]);
    expect(first?.activeParameter).toBe(0);
    expect((await at('(proc.pname', 1))?.activeParameter).toBe(1);
    expect((await at('proc.name))', 3))?.activeParameter).toBe(1);
    expect((await at('concat(', 7))?.signatures[0]?.label).toBe('concat(a, b, ...)');
    expect((await at('"x"', 0))?.activeParameter).toBe(1);
    expect(await at('contains', 0)).toBeNull();
  });

  it('finds rules, macros and lists across the workspace', async () => {
    const syms = (await c.conn.sendRequest(WorkspaceSymbolRequest.type, { query: 'shel' })) as SymbolInformation[];
    expect(syms.map((s) => [s.name, s.kind, s.location.uri, s.location.range.start.line]).sort()).toEqual([
      ['more_shells', 18, listsUri, 3],
      ['shells', 18, listsUri, 0],
    ]);
    const all = (await c.conn.sendRequest(WorkspaceSymbolRequest.type, { query: '' })) as SymbolInformation[];
    expect(all.map((s) => s.name)).toEqual(expect.arrayContaining(['Every token', 'spawned', 'never_used', 'm1', 'm2', 'l', 'sig']));
    expect(all.find((s) => s.name === 'Every token')?.kind).toBe(24);
  });

  it('puts the number of uses of macros and lists in a code lens', async () => {
    await c.open(listsUri, LISTS);
    // The list named among the items of another list is a list token.
    const t = (await c.conn.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: listsUri } }))!;
    expect(t.data.slice(0, 5)).toEqual([4, 10, 6, 7, 0]);
    const lenses = await c.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: listsUri } });
    expect(lenses!.map((l) => [l.range.start.line, l.command?.title])).toEqual([
      [0, '2 uses'],
      [3, 'no uses'],
      [6, '1 use'],
      [9, 'no uses'],
    ]);
  });
});

describe('signature help and workspace symbols, in process', () => {
  it('finds the call around the cursor', () => {
    expect(callAt('join(')).toEqual({ name: 'join', arg: 0 });
    expect(callAt('join(",", (a, ')).toEqual({ name: 'join', arg: 1 });
    expect(callAt('join(",", (a, b)) = x and getopt(proc.args, "a:')).toEqual({ name: 'getopt', arg: 1 });
    expect(callAt('tolower(proc.name) = x')).toBeUndefined();
    expect(callAt('proc.name in (a,')).toBeUndefined();
    expect(callAt('xjoin(')).toBeUndefined();
  });
  it('matches queries as editors do', () => {
    expect(matchesQuery('spawned_process', 'spwn')).toBe(true);
    expect(matchesQuery('spawned_process', 'SP')).toBe(true);
    expect(matchesQuery('spawned_process', 'xyz')).toBe(false);
  });
});

describe('semantic tokens in quoted and block scalars, in process', () => {
  const tokensOf = (text: string) => {
    const ws = new Workspace();
    const f = ws.open(TextDocument.create('file:///t/r.yaml', 'yaml', 1, text));
    const lines = text.split('\n');
    return fileTokens(ws, f).map((t) => [t.line, t.char, lines[t.line]!.slice(t.char, t.char + t.length), t.kind]);
  };

  it('maps escapes and line folds of a double-quoted scalar', () => {
    const text = '- macro: m\n  condition: "proc.name = \\"a b\\" and\n     fd.name in (\\x41, c)"\n';
    expect(tokensOf(text)).toEqual([
      [1, 14, 'proc.name', 'property'],
      [1, 24, '=', 'operator'],
      [1, 26, '\\"a b\\"', 'string'],
      [1, 34, 'and', 'keyword'],
      [2, 5, 'fd.name', 'property'],
      [2, 13, 'in', 'operator'],
      [2, 17, '\\x41', 'string'],
      [2, 23, 'c', 'string'],
    ]);
  });

  it('maps a literal block and a single-quoted scalar, and splits a string folded over two lines', () => {
    const text = "- rule: r\n  condition: |\n      proc.name contains 'it s'\n      and not m\n  output: 'it''s %fd.name'\n- macro: q\n  condition: >\n    proc.name = \"a\n    b\"\n";
    expect(tokensOf(text)).toEqual([
      [2, 6, 'proc.name', 'property'],
      [2, 16, 'contains', 'operator'],
      [2, 25, "'it s'", 'string'],
      [3, 6, 'and', 'keyword'],
      [3, 10, 'not', 'keyword'],
      [3, 14, 'm', 'macro'],
      [4, 18, 'fd.name', 'property'],
      [7, 4, 'proc.name', 'property'],
      [7, 14, '=', 'operator'],
      [7, 16, '"a', 'string'],
      [8, 4, 'b"', 'string'],
    ]);
  });
});

describe('range formatting of a CRLF document, in process', () => {
  it('formats the touched item with the document\'s own line ends', () => {
    const text = '- macro: a\r\n  condition: (x.a=1)\r\n- macro: b\r\n  condition: (y.b=2)\r\n';
    const ws = new Workspace();
    const f = ws.open(TextDocument.create('file:///t/crlf.yaml', 'yaml', 1, text));
    const edits = formatRange(f, { start: { line: 3, character: 0 }, end: { line: 3, character: 5 } });
    expect(applyEdits(text, edits)).toBe('- macro: a\r\n  condition: (x.a=1)\r\n\r\n- macro: b\r\n  condition: y.b = 2\r\n');
  });
});
