// A minimal VS Code client for the falco-expr language server: it starts the server (see server.js for which
// one) for YAML files; the server decides which of them are Falco rules files (the others get no diagnostics).
'use strict';
const fs = require('fs');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { chooseServer } = require('./server');

/** @type {LanguageClient | undefined} */
let client;

function formattingEnabled(document) {
  return vscode.workspace.getConfiguration('falco-expr', document.uri).get('format.enable', true);
}

async function activate(context) {
  const config = vscode.workspace.getConfiguration('falco-expr');
  const choice = chooseServer({
    configuredPath: config.get('server.path'),
    configuredArgs: config.get('server.args'),
    extensionPath: context.extensionPath,
    nodeVersion: process.versions.node,
    exists: (p) => fs.existsSync(p),
  });
  const run =
    choice.kind === 'module'
      ? { module: choice.module, args: choice.args, transport: TransportKind.stdio }
      : { command: choice.command, args: choice.args, transport: TransportKind.stdio, options: { shell: process.platform === 'win32' } };
  client = new LanguageClient(
    'falco-expr',
    'Falco rules (falco-expr)',
    { run, debug: run },
    {
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'untitled', language: 'yaml' },
      ],
      // Settings changes are sent to the server, which also asks for the `falco-expr` section itself.
      synchronize: { configurationSection: 'falco-expr' },
      // Formatting can be switched off (falco-expr.format.enable); the server formats rules files only and
      // answers no edits for other YAML files. Semantic tokens need nothing here: the server sends its legend
      // of standard token types, which every theme colours.
      middleware: {
        provideDocumentFormattingEdits: (document, options, token, next) =>
          formattingEnabled(document) ? next(document, options, token) : [],
        provideDocumentRangeFormattingEdits: (document, range, options, token, next) =>
          formattingEnabled(document) ? next(document, range, options, token) : [],
      },
    },
  );
  context.subscriptions.push(
    vscode.commands.registerCommand('falco-expr.restartServer', () => client && client.restart()),
  );
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
