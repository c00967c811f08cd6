import {
  CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, ResponseError,
  ErrorCodes, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from './actions.js';
import { complete, resolveCompletion } from './completion.js';
import { LintScheduler } from './diagnostics.js';
import { hover } from './hover.js';
import { definition, prepareRename, references, rename, RenameError } from './navigation.js';
import { documentSymbols, foldingRanges } from './symbols.js';
import { EDITOR_CAPABILITIES, registerEditorFeatures } from './editor-features.js';
import { readSettings, uriToPath, Workspace, type RulesFile } from './workspace.js';
import { VERSION } from '../version.js';

/*
 * The language server: wires the LSP requests of a connection to the features. Every handler is guarded:
 * an exception is logged and the request answered with an empty result, so broken input never stops the
 * server. `falco-expr/stats` answers with the lint timings (used by bench/lsp.mjs).
 */

export const STATS_REQUEST = 'falco-expr/stats';

export interface ServerHandle {
  workspace: Workspace;
  scheduler: LintScheduler;
}

export interface ServerOptions {
  /** Called on the client's `exit` notification with the exit code LSP asks for (0 after `shutdown`). */
  onExit?: (code: number) => void;
}

export function startServer(connection: Connection, options: ServerOptions = {}): ServerHandle {
  const ws = new Workspace();
  ws.log = (m) => connection.console.warn(m);
  const documents = new TextDocuments(TextDocument);
  let snippets = false;
  let canConfigure = false;
  let canWatch = false;
  let canFolders = false;
  let initOptions: unknown;

  const scheduler = new LintScheduler(
    ws,
    (r) => void connection.sendDiagnostics({ uri: r.uri, version: r.version, diagnostics: r.diagnostics }),
    (e) => connection.console.error(`falco-expr: lint failed: ${(e as Error)?.stack ?? String(e)}`),
  );

  function guard<P, R>(name: string, fallback: R, fn: (p: P) => R): (p: P) => R {
    return (p: P) => {
      try {
        return fn(p);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        connection.console.error(`falco-expr: ${name} failed: ${(e as Error)?.stack ?? String(e)}`);
        return fallback;
      }
    };
  }

  const fileOf = (uri: string): RulesFile | undefined => ws.get(uri);

  function relintAll(): void {
    scheduler.schedule(ws.openFiles().map((f) => f.uri));
  }

  let scanned = false;
  /** Settings: the initialization options, overridden by the client's `falco-expr` configuration section. */
  async function refreshSettings(): Promise<void> {
    let settings = readSettings(initOptions);
    if (canConfigure) {
      try {
        const section: unknown = await connection.workspace.getConfiguration('falco-expr');
        settings = readSettings(section, settings);
      } catch {
        // The client could not answer: keep the initialization options.
      }
    }
    const changed = JSON.stringify(settings) !== JSON.stringify(ws.settings);
    ws.settings = settings;
    if (changed || !scanned) {
      scanned = true;
      ws.loadCatalog();
      ws.scan();
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    initOptions = params.initializationOptions;
    ws.settings = readSettings(initOptions);
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? (params.rootUri ? [uriToPath(params.rootUri)] : params.rootPath ? [params.rootPath] : []);
    ws.folders = folders.filter((f) => !/^[a-z][a-z0-9+.-]*:/i.test(f) || /^[a-z]:[\\/]/i.test(f));
    const caps = params.capabilities;
    snippets = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
    canConfigure = caps.workspace?.configuration === true;
    canWatch = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canFolders = caps.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ['.', '%', '(', '[', ','], resolveProvider: true },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...EDITOR_CAPABILITIES,
      },
      serverInfo: { name: 'falco-expr', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    try {
      if (canConfigure) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
      if (canWatch) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
      }
      if (canFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard('workspace folders', undefined, (e) => {
            for (const r of e.removed) ws.folders = ws.folders.filter((f) => f !== uriToPath(r.uri));
            for (const a of e.added) ws.folders.push(uriToPath(a.uri));
            ws.scan();
            relintAll();
          }),
        );
      }
      await refreshSettings();
    } catch (e) {
      connection.console.error(`falco-expr: initialization: ${(e as Error)?.stack ?? String(e)}`);
    }
    relintAll();
    scheduler.start();
  });

  connection.onDidChangeConfiguration(async (change) => {
    try {
      if (!canConfigure && change.settings) {
        initOptions = (change.settings as Record<string, unknown>)['falco-expr'] ?? change.settings;
      }
      await refreshSettings();
    } catch (e) {
      connection.console.error(`falco-expr: settings: ${(e as Error)?.stack ?? String(e)}`);
    }
    relintAll();
  });

  connection.onDidChangeWatchedFiles(
    guard('watched files', undefined, (p) => {
      const changed: RulesFile[] = [];
      for (const c of p.changes) {
        ws.diskChanged(c.uri, c.type === FileChangeType.Deleted);
        const f = ws.get(c.uri);
        if (f) changed.push(f);
      }
      const uris = new Set<string>();
      for (const f of changed) for (const d of ws.dependents(f)) uris.add(d.uri);
      // A deleted file may have defined what open documents use: lint them all again.
      if (p.changes.some((c) => c.type === FileChangeType.Deleted)) for (const f of ws.openFiles()) uris.add(f.uri);
      scheduler.schedule([...uris]);
    }),
  );

  documents.onDidOpen(
    guard('open', undefined, (e) => {
      const f = ws.open(e.document);
      scheduler.schedule([f.uri], true);
      scheduler.schedule(ws.dependents(f).map((d) => d.uri));
    }),
  );
  documents.onDidChangeContent(
    guard('change', undefined, (e) => {
      let f = fileOf(e.document.uri);
      if (!f || f.doc !== e.document) f = ws.open(e.document);
      else ws.touched(f.uri);
      scheduler.schedule([f.uri], true);
      scheduler.schedule(ws.dependents(f).map((d) => d.uri));
    }),
  );
  documents.onDidClose(
    guard('close', undefined, (e) => {
      const f = fileOf(e.document.uri);
      const deps = f ? ws.dependents(f).map((d) => d.uri) : [];
      ws.close(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      scheduler.schedule(deps);
    }),
  );

  /** A document the features apply to: a rules file (other YAML files get nothing). */
  const rulesFileOf = (uri: string): RulesFile | undefined => {
    const f = fileOf(uri);
    return f && ws.looksLikeRules(f) ? f : undefined;
  };
  const at = (uri: string, pos: { line: number; character: number }) => {
    const f = rulesFileOf(uri);
    return f ? { f, offset: f.doc.offsetAt(pos) } : undefined;
  };

  connection.onCompletion(
    guard('completion', { isIncomplete: false, items: [] }, (p) => {
      // An empty file may become a rules file: offer the items.
      const f = fileOf(p.textDocument.uri);
      const blank = f && !ws.looksLikeRules(f) && f.doc.getText().split(/\r\n|\r|\n/).every((l) => /^\s*(#.*)?$/.test(l));
      const a = blank ? { f, offset: f.doc.offsetAt(p.position) } : at(p.textDocument.uri, p.position);
      return a ? complete(ws, a.f, a.offset, { snippets }) : { isIncomplete: false, items: [] };
    }),
  );
  connection.onCompletionResolve((item) => {
    try {
      return resolveCompletion(ws, item);
    } catch (e) {
      connection.console.error(`falco-expr: completion resolve failed: ${(e as Error)?.stack ?? String(e)}`);
      return item;
    }
  });
  connection.onHover(
    guard('hover', null, (p) => {
      const a = at(p.textDocument.uri, p.position);
      return a ? hover(ws, a.f, a.offset) : null;
    }),
  );
  connection.onDefinition(
    guard('definition', [], (p) => {
      const a = at(p.textDocument.uri, p.position);
      return a ? definition(ws, a.f, a.offset) : [];
    }),
  );
  connection.onReferences(
    guard('references', [], (p) => {
      const a = at(p.textDocument.uri, p.position);
      return a ? references(ws, a.f, a.offset, p.context.includeDeclaration) : [];
    }),
  );
  connection.onPrepareRename(
    guard('prepare rename', null, (p) => {
      const a = at(p.textDocument.uri, p.position);
      return a ? prepareRename(ws, a.f, a.offset) : null;
    }),
  );
  connection.onRenameRequest(
    guard('rename', null, (p) => {
      const a = at(p.textDocument.uri, p.position);
      if (!a) return null;
      try {
        return rename(ws, a.f, a.offset, p.newName);
      } catch (e) {
        if (e instanceof RenameError) throw new ResponseError(ErrorCodes.InvalidParams, e.message);
        throw e;
      }
    }),
  );
  connection.onDocumentSymbol(
    guard('document symbols', [], (p) => {
      const f = rulesFileOf(p.textDocument.uri);
      return f ? documentSymbols(ws, f) : [];
    }),
  );
  connection.onFoldingRanges(
    guard('folding', [], (p) => {
      const f = rulesFileOf(p.textDocument.uri);
      return f ? foldingRanges(ws, f) : [];
    }),
  );
  connection.onCodeAction(
    guard('code actions', [], (p) => {
      const f = rulesFileOf(p.textDocument.uri);
      return f ? codeActions(ws, f, p.range, p.context.diagnostics) : [];
    }),
  );
  registerEditorFeatures(connection, ws, rulesFileOf, guard);
  connection.onRequest(STATS_REQUEST, () => {
    const recent = [...scheduler.stats.recent].sort((a, b) => a - b);
    return { ...scheduler.stats, medianMs: recent.length ? recent[Math.floor(recent.length / 2)] : 0 };
  });
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
    scheduler.dispose();
  });
  connection.onExit(() => options.onExit?.(shutdown ? 0 : 1));

  documents.listen(connection);
  return { workspace: ws, scheduler };
}
