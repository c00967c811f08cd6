import type { Connection, ServerCapabilities } from 'vscode-languageserver';
import { codeLenses } from './codelens.js';
import { formatDocument, formatRange } from './formatting.js';
import { SEMANTIC_TOKENS_LEGEND, SemanticTokensProvider } from './semantic-tokens.js';
import { signatureHelp } from './signature.js';
import { workspaceSymbols } from './workspace-symbols.js';
import type { RulesFile, Workspace } from './workspace.js';

/*
 * Formatting, range formatting, semantic tokens, signature help, workspace symbols and code lenses: their
 * capabilities and handlers, registered by server.ts. Each feature is in its own file.
 */

export const EDITOR_CAPABILITIES: ServerCapabilities = {
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
  semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: true },
  signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [' '] },
  workspaceSymbolProvider: true,
  codeLensProvider: { resolveProvider: false },
};

type Guard = <P, R>(name: string, fallback: R, fn: (p: P) => R) => (p: P) => R;

export function registerEditorFeatures(connection: Connection, ws: Workspace, rulesFileOf: (uri: string) => RulesFile | undefined, guard: Guard): void {
  const tokens = new SemanticTokensProvider(ws);
  connection.onDocumentFormatting(
    guard('formatting', [], (p: { textDocument: { uri: string } }) => {
      const f = rulesFileOf(p.textDocument.uri);
      return f ? formatDocument(f) : [];
    }),
  );
  connection.onDocumentRangeFormatting(
    guard('range formatting', [], (p: { textDocument: { uri: string }; range: Parameters<typeof formatRange>[1] }) => {
      const f = rulesFileOf(p.textDocument.uri);
      return f ? formatRange(f, p.range) : [];
    }),
  );
  const empty = { data: [] as number[] };
  connection.languages.semanticTokens.on(
    guard('semantic tokens', empty, (p: { textDocument: { uri: string } }) => {
      const f = rulesFileOf(p.textDocument.uri);
      return f ? tokens.full(f) : empty;
    }),
  );
  connection.languages.semanticTokens.onDelta(
    guard('semantic tokens delta', empty, (p: { textDocument: { uri: string }; previousResultId: string }) => {
      const f = rulesFileOf(p.textDocument.uri);
      return f ? tokens.delta(f, p.previousResultId) : empty;
    }),
  );
  connection.languages.semanticTokens.onRange(
    guard('semantic tokens range', empty, (p: { textDocument: { uri: string }; range: Parameters<SemanticTokensProvider['range']>[1] }) => {
      const f = rulesFileOf(p.textDocument.uri);
      return f ? tokens.range(f, p.range) : empty;
    }),
  );
  connection.onSignatureHelp(
    guard('signature help', null, (p: { textDocument: { uri: string }; position: { line: number; character: number } }) => {
      const f = rulesFileOf(p.textDocument.uri);
      return f ? signatureHelp(ws, f, f.doc.offsetAt(p.position)) : null;
    }),
  );
  connection.onWorkspaceSymbol(guard('workspace symbols', [], (p: { query: string }) => workspaceSymbols(ws, p.query)));
  connection.onCodeLens(
    guard('code lens', [], (p: { textDocument: { uri: string } }) => {
      const f = rulesFileOf(p.textDocument.uri);
      return f ? codeLenses(ws, f) : [];
    }),
  );
}
