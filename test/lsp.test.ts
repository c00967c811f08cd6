import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest, CompletionRequest, CompletionResolveRequest, ConfigurationRequest, DefinitionRequest,
  DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification,
  DocumentSymbolRequest, ExitNotification, FoldingRangeRequest, HoverRequest, InitializedNotification,
  InitializeRequest, LogMessageNotification, PrepareRenameRequest, PublishDiagnosticsNotification, ReferencesRequest, RegistrationRequest,
  RenameRequest, ShutdownRequest, StreamMessageReader, StreamMessageWriter, createProtocolConnection,
  type CompletionItem, type CompletionList, type Diagnostic, type DocumentSymbol, type Hover, type Location,
  type MarkupContent, type ProtocolConnection, type PublishDiagnosticsParams, type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { defaultCatalog } from '../src/fields/catalog.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../src/lsp/actions.js';
import { contextAt } from '../src/assist/cursor.js';
import { lintDocument } from '../src/lsp/diagnostics.js';
import { Workspace } from '../src/lsp/workspace.js';

// The built server, started as an editor starts it, and driven over stdio by a real LSP client connection.
const server = new URL('../dist/lsp/standalone.js', import.meta.url).pathname;

const tmp = mkdtempSync(join(tmpdir(), 'falco-expr-lsp-'));
const root = join(tmp, 'ws');
const outside = join(tmp, 'elsewhere');
mkdirSync(join(root, 'rules'), { recursive: true });
mkdirSync(outside, { recursive: true });

const BASE = `- list: shell_binaries
  items: [bash, sh, zsh]

- macro: spawned_process
  condition: (evt.type in (execve, execveat) and evt.dir=<)

- macro: container
  condition: (container.id != host)

- macro: lonely
  condition: proc.name = lonely
`;

const CUSTOM = `- rule: Shell in container
  desc: a shell was spawned in a container
  condition: spawned_process and container and extra_check and proc.name in (shell_binaries) and proc.nme = bash
  output: "Shell (user=%user.name command=%proc.cmdline)"
  priority: WARNING
  tags: [shell]

- rule: Joined ancestors
  desc: join written field-first
  condition: >
    spawned_process and
    join(fd.types, ",") = "file,ipv4"
  output: "%proc.name"
  priority: NOTICE
`;

const EXTRA = `- macro: extra_check
  condition: proc.pid > 1
`;

// Named second in the settings: appends to the macro of the first settings file.
const EXTRA2 = `- macro: extra_check
  condition: and proc.pid < 100000
  override:
    condition: append
`;

const BROKEN = `- rule: broken
  desc: "never closed
  condition: [proc.name =
  output: {
- macro
`;

const basePath = join(root, 'rules', 'base.yaml');
const customPath = join(root, 'rules', 'custom.yaml');
const extraPath = join(outside, 'extra.yaml');
const extra2Path = join(outside, 'extra2.yaml');
writeFileSync(basePath, BASE);
writeFileSync(customPath, CUSTOM);
writeFileSync(extraPath, EXTRA);
writeFileSync(extra2Path, EXTRA2);
writeFileSync(join(root, 'not-rules.yaml'), 'apiVersion: v1\nkind: Pod\n');
const uri = (p: string) => pathToFileURL(p).href;
const baseUri = uri(basePath);
const customUri = uri(customPath);
const brokenUri = uri(join(root, 'rules', 'broken.yaml'));

/** Offset → LSP position in a text. */
function pos(text: string, needle: string, delta = 0, occurrence = 0) {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`not found: ${needle}`);
  const off = at + delta;
  const before = text.slice(0, off);
  const line = before.split('\n').length - 1;
  return { line, character: off - (before.lastIndexOf('\n') + 1) };
}

class Client {
  readonly conn: ProtocolConnection;
  readonly proc: ChildProcess;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private waiters: Array<{ uri: string; ok: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  stderr = '';
  /** Errors the server logged (a handler that failed and answered empty). */
  readonly errors: string[] = [];
  exitCode: Promise<number | null>;

  constructor(settings: unknown) {
    this.proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.exitCode = new Promise((r) => this.proc.on('exit', (code) => r(code)));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || !w.ok(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.conn.onNotification(LogMessageNotification.type, (m) => {
      if (m.type === 1) this.errors.push(m.message);
    });
    this.conn.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === 'falco-expr' ? settings : null)));
    this.conn.onRequest(RegistrationRequest.type, () => undefined);
    this.conn.listen();
  }

  /** The next diagnostics published for `uri` that satisfy `ok`. */
  diagnosticsFor(uri: string, ok: (p: PublishDiagnosticsParams) => boolean = () => true, ms = 10000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri}; stderr: ${this.stderr}`)), ms);
      this.waiters.push({ uri, ok, resolve: (p) => (clearTimeout(t), resolve(p)) });
    });
  }

  open(u: string, text: string, version = 1) {
    return this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'yaml', version, text } });
  }
}

const md = (h: Hover | null) => (h?.contents as MarkupContent | undefined)?.value ?? '';
const labels = (r: CompletionList | CompletionItem[] | null) => (Array.isArray(r) ? r : (r?.items ?? [])).map((i) => i.label);

describe.skipIf(!existsSync(server))('language server over stdio', () => {
  let c: Client;
  let customDiags: Diagnostic[];

  beforeAll(async () => {
    c = new Client({ rulesFiles: [extraPath, extra2Path] });
    const init = await c.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri(root),
      workspaceFolders: [{ uri: uri(root), name: 'ws' }],
      initializationOptions: { rulesFiles: [extraPath] },
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ['markdown'] } },
      },
    });
    expect(init.capabilities.completionProvider).toBeTruthy();
    expect(init.capabilities.renameProvider).toMatchObject({ prepareProvider: true });
    await c.conn.sendNotification(InitializedNotification.type, {});
    const first = c.diagnosticsFor(customUri);
    await c.open(customUri, CUSTOM);
    customDiags = (await first).diagnostics;
  });

  afterAll(async () => {
    if (c.proc.exitCode === null) c.proc.kill();
  });

  describe('diagnostics', () => {
    it('reports the linter diagnostics at exact ranges inside the condition', () => {
      const unknown = customDiags.find((d) => d.code === 'unknown-field');
      expect(unknown).toMatchObject({ severity: 1, source: 'falco-expr', message: "unknown field 'proc.nme' (did you mean 'proc.name'?)" });
      const start = pos(CUSTOM, 'proc.nme');
      expect(unknown!.range).toEqual({ start, end: { line: start.line, character: start.character + 'proc.nme'.length } });
    });

    it('resolves macros and lists of other workspace files and of the configured rules files', () => {
      expect(customDiags.filter((d) => d.code === 'undefined-macro')).toEqual([]);
      expect(customDiags.filter((d) => /Undefined|undefined/.test(String(d.message)))).toEqual([]);
    });

    it('locates diagnostics inside folded block scalars', () => {
      const join = customDiags.find((d) => d.code === 'join-order');
      expect(join).toBeTruthy();
      const start = pos(CUSTOM, 'join(fd.types');
      expect(join!.range.start).toEqual(start);
      expect(join!.range.end).toEqual(pos(CUSTOM, '",")', 4));
    });

    it('publishes fresh diagnostics after an incremental edit', async () => {
      const fixed = c.diagnosticsFor(customUri, (p) => p.version === 2);
      const start = pos(CUSTOM, 'proc.nme');
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: customUri, version: 2 },
        contentChanges: [{ range: { start, end: { line: start.line, character: start.character + 8 } }, text: 'proc.name' }],
      });
      const p = await fixed;
      expect(p.diagnostics.filter((d) => d.code === 'unknown-field')).toEqual([]);
      // Back to the original text for the other tests.
      const back = c.diagnosticsFor(customUri, (q) => q.version === 3);
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: customUri, version: 3 }, contentChanges: [{ text: CUSTOM }] });
      expect((await back).diagnostics.some((d) => d.code === 'unknown-field')).toBe(true);
    });

    it('re-lints a document when a file it depends on changes in the editor', async () => {
      const again = c.diagnosticsFor(customUri, (p) => p.diagnostics.some((d) => d.code === 'undefined-macro'));
      await c.open(baseUri, BASE.replace('- macro: container', '- macro: container_renamed'));
      const p = await again;
      expect(p.diagnostics.find((d) => d.code === 'undefined-macro')?.message).toMatch(/container/);
      const restored = c.diagnosticsFor(customUri, (q) => !q.diagnostics.some((d) => d.code === 'undefined-macro'));
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: baseUri, version: 2 }, contentChanges: [{ text: BASE }] });
      await restored;
    });

    it('loads the configured rules files first, in order', async () => {
      const p = c.diagnosticsFor(uri(extra2Path));
      await c.open(uri(extra2Path), EXTRA2);
      expect((await p).diagnostics).toEqual([]);
    });

    it("warns about unused macros only when no workspace file uses them", async () => {
      const p = c.diagnosticsFor(baseUri, (q) => q.version === 3);
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: baseUri, version: 3 }, contentChanges: [{ text: BASE }] });
      const unused = (await p).diagnostics.filter((d) => d.code === 'LOAD_UNUSED_MACRO');
      expect(unused.map((d) => d.message)).toEqual(["Macro 'lonely' not referred to by any other rule/macro"]);
      expect(unused[0]!.tags).toEqual([1]);
    });

    it('picks up rules files that change on disk', async () => {
      const text = CUSTOM.replace('extra_check and', 'extra_check and disk_macro and');
      const before = c.diagnosticsFor(customUri, (q) => q.version === 4);
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: customUri, version: 4 }, contentChanges: [{ text }] });
      expect((await before).diagnostics.find((d) => d.code === 'undefined-macro')?.message).toMatch(/disk_macro/);
      const diskPath = join(root, 'rules', 'disk.yaml');
      writeFileSync(diskPath, '- macro: disk_macro\n  condition: fd.num >= 0\n');
      const after = c.diagnosticsFor(customUri, (q) => !q.diagnostics.some((d) => d.code === 'undefined-macro'));
      await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri(diskPath), type: 1 }] });
      await after;
      const back = c.diagnosticsFor(customUri, (q) => q.version === 5);
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: customUri, version: 5 }, contentChanges: [{ text: CUSTOM }] });
      await back;
    });
  });

  describe('completion', () => {
    const complete = (u: string, position: { line: number; character: number }) =>
      c.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: u }, position }) as Promise<CompletionList>;

    it('offers fields with type and description', async () => {
      const r = await complete(customUri, pos(CUSTOM, 'proc.name in', 5));
      const item = r.items.find((i) => i.label === 'proc.name');
      expect(item).toMatchObject({ detail: 'CHARBUF', kind: 5 });
      expect(item!.textEdit).toMatchObject({ newText: 'proc.name' });
      expect(r.items.every((i) => String(i.label).startsWith('proc.'))).toBe(true);
      const resolved = await c.conn.sendRequest(CompletionResolveRequest.type, item!);
      expect((resolved.documentation as MarkupContent).value).toMatch(/proc\.name/);
    });

    it('offers macros, transformers and not at the start of a check', async () => {
      const r = await complete(customUri, pos(CUSTOM, 'container and extra_check', 0));
      expect(labels(r)).toEqual(expect.arrayContaining(['spawned_process', 'container', 'extra_check', 'tolower', 'not', 'evt.type']));
    });

    it('offers the operators valid for the field type', async () => {
      const text = CUSTOM.replace('proc.nme = bash', 'proc.pid ');
      const done = c.diagnosticsFor(customUri, (p) => p.version === 10);
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: customUri, version: 10 }, contentChanges: [{ text }] });
      await done;
      const r = labels(await complete(customUri, pos(text, 'proc.pid ', 9)));
      expect(r).toEqual(expect.arrayContaining(['=', '>', 'in', 'exists']));
      expect(r).not.toContain('contains');
      const s = labels(await complete(customUri, pos(text, 'proc.name in', 10)));
      expect(s).toEqual(expect.arrayContaining(['contains', 'startswith', 'glob', 'in', 'pmatch']));
      const back = c.diagnosticsFor(customUri, (p) => p.version === 11);
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: customUri, version: 11 }, contentChanges: [{ text: CUSTOM }] });
      await back;
    });

    it('offers lists after a list operator', async () => {
      const r = labels(await complete(customUri, pos(CUSTOM, 'shell_binaries)', 0)));
      expect(r).toContain('shell_binaries');
      expect(r).not.toContain('proc.name');
    });

    it('offers output fields after %', async () => {
      const r = labels(await complete(customUri, pos(CUSTOM, '%user.name', 1)));
      expect(r).toEqual(expect.arrayContaining(['user.name', 'proc.cmdline']));
    });

    it('offers priorities and rule keys in YAML positions', async () => {
      const r = labels(await complete(customUri, pos(CUSTOM, 'WARNING', 0)));
      expect(r).toEqual(['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG']);
      const text = CUSTOM.replace('  tags: [shell]\n', '  tags: [shell]\n  \n');
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: customUri, version: 12 }, contentChanges: [{ text }] });
      const keys = labels(await complete(customUri, pos(text, '  tags: [shell]\n  ', 18)));
      expect(keys).toEqual(expect.arrayContaining(['enabled', 'exceptions', 'source']));
      expect(keys).not.toContain('condition');
      const items = labels(await complete(customUri, pos(text, '- rule: Joined', 2)));
      expect(items).toEqual(expect.arrayContaining(['rule', 'macro', 'list']));
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: customUri, version: 13 }, contentChanges: [{ text: CUSTOM }] });
    });
  });

  describe('hover', () => {
    const hover = (u: string, position: { line: number; character: number }) => c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position });

    it("shows a field's type, flags and description", async () => {
      const h = await hover(customUri, pos(CUSTOM, 'proc.name in', 3));
      expect(md(h)).toMatch(/\*\*proc\.name\*\* `CHARBUF`/);
      expect(md(h)).toMatch(/class `process`/);
      expect(h!.range).toEqual({ start: pos(CUSTOM, 'proc.name in'), end: pos(CUSTOM, 'proc.name in', 9) });
    });

    it("shows a macro's definition and its expanded condition", async () => {
      const h = md(await hover(customUri, pos(CUSTOM, 'spawned_process and container', 2)));
      expect(h).toMatch(/macro\*\* `spawned_process`/);
      expect(h).toMatch(/base\.yaml:4/);
      expect(h).toMatch(/evt\.type in \(execve, execveat\)/);
      const h2 = md(await hover(customUri, pos(CUSTOM, 'container and extra', 2)));
      expect(h2).toMatch(/container\.id != host/);
    });

    it("shows a list's items", async () => {
      const h = md(await hover(customUri, pos(CUSTOM, 'shell_binaries', 3)));
      expect(h).toMatch(/list\*\* `shell_binaries` — 3 items/);
      expect(h).toMatch(/bash, sh, zsh/);
    });

    it('explains the diagnostic under the cursor', async () => {
      const h = md(await hover(customUri, pos(CUSTOM, 'proc.nme', 2)));
      expect(h).toMatch(/`unknown-field` — Unknown field/);
      expect(h).toMatch(/did you mean 'proc\.name'/);
    });
  });

  describe('navigation', () => {
    it('goes to the definition of a macro in another file', async () => {
      const r = (await c.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: customUri }, position: pos(CUSTOM, 'spawned_process', 3) })) as Location[];
      expect(r).toEqual([{ uri: baseUri, range: { start: pos(BASE, 'spawned_process'), end: pos(BASE, 'spawned_process', 15) } }]);
      const extra = (await c.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: customUri }, position: pos(CUSTOM, 'extra_check', 1) })) as Location[];
      expect(extra).toEqual([{ uri: uri(extraPath), range: { start: pos(EXTRA, 'extra_check'), end: pos(EXTRA, 'extra_check', 11) } }]);
    });

    it('finds references of a list across files', async () => {
      const r = (await c.conn.sendRequest(ReferencesRequest.type, { textDocument: { uri: baseUri }, position: pos(BASE, 'shell_binaries', 2), context: { includeDeclaration: true } })) ?? [];
      expect(r.map((l) => `${l.uri === baseUri ? 'base' : 'custom'}:${l.range.start.line}:${l.range.start.character}`).sort()).toEqual(
        [`base:0:8`, `custom:${pos(CUSTOM, 'shell_binaries').line}:${pos(CUSTOM, 'shell_binaries').character}`].sort(),
      );
    });

    it('renames a macro in every file', async () => {
      const prep = await c.conn.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: customUri }, position: pos(CUSTOM, 'container and', 1) });
      expect(prep).toMatchObject({ placeholder: 'container' });
      const edit = (await c.conn.sendRequest(RenameRequest.type, { textDocument: { uri: customUri }, position: pos(CUSTOM, 'container and', 1), newName: 'in_container' })) as WorkspaceEdit;
      expect(edit.changes![baseUri]).toEqual([{ range: { start: pos(BASE, 'container\n'), end: pos(BASE, 'container\n', 9) }, newText: 'in_container' }]);
      expect(edit.changes![customUri]).toEqual([{ range: { start: pos(CUSTOM, 'container and'), end: pos(CUSTOM, 'container and', 9) }, newText: 'in_container' }]);
      await expect(c.conn.sendRequest(RenameRequest.type, { textDocument: { uri: customUri }, position: pos(CUSTOM, 'container and', 1), newName: 'bad name' })).rejects.toThrow(/not a valid macro name/);
    });

    it('lists rules, macros and lists as document symbols, and folds items', async () => {
      const syms = (await c.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: baseUri } })) as DocumentSymbol[];
      expect(syms.map((s) => [s.name, s.kind])).toEqual([['shell_binaries', 18], ['spawned_process', 12], ['container', 12], ['lonely', 12]]);
      const folds = (await c.conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: customUri } })) ?? [];
      expect(folds).toEqual(expect.arrayContaining([{ startLine: 0, endLine: 5 }, { startLine: 7, endLine: 13 }]));
    });
  });

  describe('code actions', () => {
    const actions = (d: Diagnostic) => c.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: customUri }, range: d.range, context: { diagnostics: [d] } });

    it("fixes an unknown field with the linter's suggestion", async () => {
      const d = customDiags.find((x) => x.code === 'unknown-field')!;
      const r = (await actions(d)) ?? [];
      const fix = r.find((a) => a.title === "Change to 'proc.name'");
      expect(fix).toBeTruthy();
      expect((fix as { edit: WorkspaceEdit }).edit.changes![customUri]![0]).toEqual({ range: d.range, newText: 'proc.name' });
    });

    it("rewrites join to Falco's argument order", async () => {
      const d = customDiags.find((x) => x.code === 'join-order')!;
      const r = (await actions(d)) ?? [];
      const fix = r.find((a) => /join\(separator, list\)/.test(a.title)) as { edit: WorkspaceEdit } | undefined;
      expect(fix!.edit.changes![customUri]![0]!.newText).toBe('",", fd.types');
    });

    it('adds a missing macro or list skeleton', async () => {
      const text = CUSTOM.replace('extra_check and', 'missing_macro and proc.name in my_list and');
      const p = c.diagnosticsFor(customUri, (q) => q.version === 20);
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: customUri, version: 20 }, contentChanges: [{ text }] });
      const diags = (await p).diagnostics;
      const d = diags.find((x) => x.code === 'undefined-macro')!;
      expect(d.message).toMatch(/missing_macro/);
      const r = ((await actions(d)) ?? []).map((a) => a as { title: string; edit: WorkspaceEdit });
      const add = r.find((a) => a.title === "Add macro 'missing_macro'")!;
      expect(add.edit.changes![customUri]![0]).toEqual({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '- macro: missing_macro\n  condition: (evt.num = 0)\n\n' });
      const at = pos(text, 'my_list', 2);
      const l = ((await c.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: customUri }, range: { start: at, end: at }, context: { diagnostics: [] } })) ?? []).map((a) => a as { title: string; edit: WorkspaceEdit });
      expect(l.find((a) => a.title === "Add list 'my_list'")!.edit.changes![customUri]![0]!.newText).toBe('- list: my_list\n  items: []\n\n');
      const back = c.diagnosticsFor(customUri, (q) => q.version === 21);
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: customUri, version: 21 }, contentChanges: [{ text: CUSTOM }] });
      await back;
    });
  });

  describe('robustness', () => {
    it('survives a broken YAML document and keeps answering', async () => {
      const p = c.diagnosticsFor(brokenUri);
      await c.open(brokenUri, BROKEN);
      const diags = (await p).diagnostics;
      expect(diags.length).toBeGreaterThan(0);
      expect(diags.every((d) => d.code === 'LOAD_ERR_YAML_PARSE')).toBe(true);
      const everywhere = [];
      const lines = BROKEN.split('\n');
      for (let line = 0; line < lines.length; line++) {
        for (let character = 0; character <= lines[line]!.length; character += 3) {
          const at = { textDocument: { uri: brokenUri }, position: { line, character } };
          everywhere.push(
            c.conn.sendRequest(CompletionRequest.type, at),
            c.conn.sendRequest(HoverRequest.type, at),
            c.conn.sendRequest(DefinitionRequest.type, at),
            c.conn.sendRequest(PrepareRenameRequest.type, at),
          );
        }
      }
      everywhere.push(c.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: brokenUri } }), c.conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: brokenUri } }));
      await Promise.all(everywhere);
      // Typing through the broken text, character by character.
      for (let i = 1; i <= BROKEN.length; i += 7) {
        await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: brokenUri, version: 100 + i }, contentChanges: [{ text: BROKEN.slice(0, i) }] });
      }
      await c.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: brokenUri } });
      const h = await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: customUri }, position: pos(CUSTOM, 'proc.name in', 3) });
      expect(md(h)).toMatch(/proc\.name/);
      expect(c.proc.exitCode).toBe(null);
      expect(c.errors).toEqual([]);
    });

    it('ignores YAML files that are not rules files', async () => {
      const u = uri(join(root, 'not-rules.yaml'));
      const p = c.diagnosticsFor(u);
      await c.open(u, 'apiVersion: v1\nkind: Pod\n');
      expect((await p).diagnostics).toEqual([]);
      expect(await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: { line: 1, character: 1 } })).toBe(null);
      expect(labels(await c.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: u }, position: { line: 2, character: 0 } }))).toEqual([]);
      // An empty YAML file may become a rules file: its first line offers the items.
      const e = uri(join(root, 'new.yaml'));
      await c.open(e, '');
      const items = (await c.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: e }, position: { line: 0, character: 0 } })) as CompletionList;
      expect(items.items.find((i) => i.label === 'rule')?.textEdit?.newText).toMatch(/^- rule: \$\{1:name\}\n  desc: /);
    });

    it('shuts down and exits with code 0', async () => {
      await c.conn.sendRequest(ShutdownRequest.type);
      await c.conn.sendNotification(ExitNotification.type);
      expect(await c.exitCode).toBe(0);
    });
  });
});

describe('condition context at the cursor', () => {
  const ctx = (before: string, macros: string[] = []) => contextAt(before, defaultCatalog, (n) => macros.includes(n));

  it('tells what is expected from the text before the cursor', () => {
    expect(ctx('')).toMatchObject({ expect: { kind: 'check' }, partial: '' });
    expect(ctx('evt.type = open and pro')).toMatchObject({ expect: { kind: 'check' }, partial: 'pro' });
    expect(ctx('proc.name ')).toMatchObject({ expect: { kind: 'operator', operand: { text: 'proc.name', type: 'CHARBUF' } } });
    expect(ctx('tolower(proc.name) ')).toMatchObject({ expect: { kind: 'operator', operand: { type: 'CHARBUF' } } });
    expect(ctx('len(proc.args) ')).toMatchObject({ expect: { kind: 'operator', operand: { type: 'UINT64' } } });
    expect(ctx('proc.name in (')).toMatchObject({ expect: { kind: 'list', inParens: true } });
    expect(ctx('proc.name in (a, ')).toMatchObject({ expect: { kind: 'list', inParens: true } });
    expect(ctx('proc.name startswith ')).toMatchObject({ expect: { kind: 'value', op: 'startswith' } });
    expect(ctx('proc.name startswith oneof ')).toMatchObject({ expect: { kind: 'list', op: 'startswith oneof' } });
    expect(ctx('proc.name = bash ')).toMatchObject({ expect: { kind: 'connective' } });
    expect(ctx('my_macro ', ['my_macro'])).toMatchObject({ expect: { kind: 'connective' } });
    expect(ctx('(a_macro and not ', ['a_macro'])).toMatchObject({ expect: { kind: 'check' } });
    expect(ctx('proc.name = "a b')).toMatchObject({ expect: { kind: 'none' } });
    expect(ctx('evt.abspath[')).toMatchObject({ expect: { kind: 'fieldArg', field: 'evt.abspath' } });
    expect(ctx('proc.name !')).toMatchObject({ expect: { kind: 'operator' }, partial: '!' });
  });
});

describe('diagnostics of a document, in process', () => {
  it('reports a mistake inside a macro once, in the macro, not in the rules that use it', () => {
    const ws = new Workspace();
    const text = '- macro: m1\n  condition: proc.nme = x\n- rule: r1\n  desc: d\n  condition: evt.type = open and m1\n  output: o\n  priority: INFO\n';
    const file = ws.open(TextDocument.create('file:///w/m.yaml', 'yaml', 1, text));
    const ds = lintDocument(ws, file).diagnostics.filter((d) => d.code === 'unknown-field');
    expect(ds.map((d) => d.range)).toEqual([{ start: { line: 1, character: 13 }, end: { line: 1, character: 21 } }]);
  });

  it('blanks out the rules of the files a document needs, keeping offsets, macros and lists', () => {
    const ws = new Workspace();
    const base = '- macro: m\n  condition: proc.name = a\n- rule: R1\n  desc: d\n  condition: m and proc.nme = 1\n  output: o\n  priority: INFO\n- list: l\n  items: [a]\n';
    ws.open(TextDocument.create('file:///w/base.yaml', 'yaml', 1, base));
    const custom = ws.open(TextDocument.create('file:///w/custom.yaml', 'yaml', 1, '- rule: R2\n  desc: d\n  condition: m and proc.name in (l)\n  output: o\n  priority: INFO\n'));
    const loaded = ws.load(custom);
    expect(loaded.files.map((f) => f.uri)).toEqual(['file:///w/base.yaml', 'file:///w/custom.yaml']);
    expect(loaded.set.macros.get('m')?.range.start.line).toBe(1);
    expect(loaded.set.lists.get('l')?.range.start.line).toBe(8);
    expect(loaded.set.rules.map((r) => r.name)).toEqual(['R2']);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('puts parentheses around a list name written without them', () => {
    const ws = new Workspace();
    const text = '- list: shells\n  items: [bash, sh]\n- rule: r\n  desc: d\n  condition: evt.type = execve and proc.name in shells\n  output: o\n  priority: INFO\n';
    const file = ws.open(TextDocument.create('file:///w/p.yaml', 'yaml', 1, text));
    const d = lintDocument(ws, file).diagnostics.find((x) => x.code === 'list-needs-parentheses');
    expect(d).toBeTruthy();
    const fix = codeActions(ws, file, d!.range, [d!]).find((a) => a.title === 'Write (shells)');
    expect(fix?.edit?.changes?.['file:///w/p.yaml']).toEqual([{ range: d!.range, newText: '(shells)' }]);
  });
});
