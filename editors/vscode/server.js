// How the extension starts the falco-expr language server, kept apart from the VS Code API so that it can be
// tested (test/editors.test.ts). In order:
//   1. `falco-expr.server.path`, when set: that command, with `falco-expr.server.args`;
//   2. the server bundled in the extension (server/, made by `npm run bundle-server` before packaging), run
//      with VS Code's own Node when it is new enough (VS Code 1.101+ ships Node 22.15), else with `node` from
//      the PATH (whose version the server checks, saying in one line what it needs);
//   3. `falco-expr` from the PATH.
'use strict';
const path = require('path');

const NEEDED = [22, 12];

function nodeIsNewEnough(version) {
  const [major = 0, minor = 0] = String(version).split('.').map((n) => parseInt(n, 10) || 0);
  return major > NEEDED[0] || (major === NEEDED[0] && minor >= NEEDED[1]);
}

/** The bundled server's entry file, under the extension's folder. */
function bundledServer(extensionPath) {
  return path.join(extensionPath, 'server', 'node_modules', 'falco-expr', 'dist', 'lsp', 'standalone.js');
}

/**
 * What to run: `{ kind: 'command', command, args }` or `{ kind: 'module', module, args }` (a script for the
 * extension host's Node), from the settings, the extension's folder, this Node's version and a file test.
 */
function chooseServer({ configuredPath, configuredArgs, extensionPath, nodeVersion, exists }) {
  if (configuredPath) return { kind: 'command', command: configuredPath, args: configuredArgs || ['lsp', '--stdio'] };
  const bundled = bundledServer(extensionPath);
  if (exists(bundled)) {
    return nodeIsNewEnough(nodeVersion)
      ? { kind: 'module', module: bundled, args: ['--stdio'] }
      : { kind: 'command', command: 'node', args: [bundled, '--stdio'] };
  }
  return { kind: 'command', command: 'falco-expr', args: configuredArgs || ['lsp', '--stdio'] };
}

module.exports = { chooseServer, bundledServer, nodeIsNewEnough };
