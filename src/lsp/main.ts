/*
 * `falco-expr lsp --stdio`: the language server on standard input and output. Importing this module starts
 * nothing; `runLsp` loads the server (and vscode-languageserver) when it is called.
 */

export const LSP_USAGE = `Usage: falco-expr lsp [--stdio]

Runs the falco-expr language server for Falco rules files, speaking the Language Server Protocol on
standard input and output (the only transport; --stdio may be omitted).

Settings (workspace configuration section "falco-expr", or initializationOptions):
  rulesFiles     rules files loaded before every document, in order (e.g. ["rules/falco_rules.yaml"])
  fieldsFile     the output of \`falco --list\` to take the fields from (default: built-in fields)
  debounceMs     most time between two lints while typing (twice the last lint's time, up
                 to this), ms (default 100)
  scanWorkspace  look for rules files in the workspace folders (default true)
`;

/**
 * Starts the language server on stdio. The returned promise settles when the client ends the session; the
 * protocol library then ends the process itself (exit code 0 after a `shutdown` request, 1 otherwise), as the
 * LSP specification asks.
 */
export async function runLsp(argv: string[]): Promise<number> {
  for (const a of argv) {
    if (a === '--help' || a === '-h') {
      process.stdout.write(LSP_USAGE);
      return 0;
    }
    // `--clientProcessId` is handled by vscode-languageserver (it watches the editor's process).
    if (a !== '--stdio' && !a.startsWith('--clientProcessId') && !/^\d+$/.test(a)) {
      process.stderr.write(`falco-expr lsp: unknown option '${a}' (only --stdio is supported)\n\n${LSP_USAGE}`);
      return 2;
    }
  }
  const { createConnection, ProposedFeatures } = await import('vscode-languageserver/node');
  const { startServer } = await import('./server.js');
  // Given as streams, the library also ends the process when the editor closes our standard input.
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  // Anything printed to stdout would corrupt the protocol stream: send console output to the client's log.
  const toLog = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.log = toLog;
  console.info = toLog;
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  console.debug = toLog;
  return new Promise<number>((resolve) => {
    startServer(connection, { onExit: resolve });
    connection.listen();
  });
}
