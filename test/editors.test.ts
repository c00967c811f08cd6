import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_REQUIRED } from '../src/cli/node-check.js';

// The editor set-ups: the VS Code extension's choice of server, what `vsce package` needs, and the Neovim
// snippet of the README.
const root = new URL('..', import.meta.url).pathname;
const ext = join(root, 'editors/vscode');
const require = createRequire(import.meta.url);
const { chooseServer, bundledServer, nodeIsNewEnough } = require(join(ext, 'server.js')) as {
  chooseServer: (o: { configuredPath?: string; configuredArgs?: string[]; extensionPath: string; nodeVersion: string; exists: (p: string) => boolean }) => unknown;
  bundledServer: (extensionPath: string) => string;
  nodeIsNewEnough: (v: string) => boolean;
};

describe('the VS Code extension', () => {
  const bundled = bundledServer('/ext');

  it('runs the configured command, else the bundled server with VS Code\'s Node, else falco-expr from the PATH', () => {
    const base = { extensionPath: '/ext', nodeVersion: '22.15.0', exists: (p: string) => p === bundled };
    expect(chooseServer({ ...base, configuredPath: '/opt/falco-expr', configuredArgs: ['lsp', '--stdio'] })).toEqual({ kind: 'command', command: '/opt/falco-expr', args: ['lsp', '--stdio'] });
    expect(chooseServer({ ...base, configuredPath: '' })).toEqual({ kind: 'module', module: bundled, args: ['--stdio'] });
    // An older VS Code's Node: the bundled server with the node of the PATH (which checks its own version).
    expect(chooseServer({ ...base, nodeVersion: '20.18.1' })).toEqual({ kind: 'command', command: 'node', args: [bundled, '--stdio'] });
    expect(chooseServer({ ...base, exists: () => false })).toEqual({ kind: 'command', command: 'falco-expr', args: ['lsp', '--stdio'] });
    expect(bundled).toBe('/ext/server/node_modules/falco-expr/dist/lsp/standalone.js');
  });

  it('needs the same Node as the package', () => {
    const [major, minor] = NODE_REQUIRED;
    expect(nodeIsNewEnough(`${major}.${minor}.0`)).toBe(true);
    expect(nodeIsNewEnough(`${major}.${minor - 1}.9`)).toBe(false);
  });

  it('has what vsce package asks for: a repository, a LICENSE, a README without dead links, a bundling step', () => {
    const manifest = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
    expect(manifest.repository?.url).toMatch(/^https:\/\//);
    expect(manifest.license).toBe('Apache-2.0');
    expect(readFileSync(join(ext, 'LICENSE'), 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
    expect(manifest.scripts['vscode:prepublish']).toBe('npm run bundle-server');
    expect(existsSync(join(ext, /node (\S+)$/.exec(manifest.scripts['bundle-server'])![1]!))).toBe(true);
    expect(manifest.contributes.configuration.properties['falco-expr.server.path'].default).toBe('');
    const readme = readFileSync(join(ext, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)]+)\)|`((?:docs|src|editors)\/[^`]+)`/g)].map((m) => m[1] ?? m[2]!).filter((l) => !/^https?:/.test(l));
    for (const l of links) expect(existsSync(join(ext, l)) || existsSync(join(root, l)), l).toBe(true);
    expect(readme).not.toContain('docs/lsp.md');
  });
});

describe('the Neovim snippet of the README', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const lua = /### Neovim[\s\S]*?```lua\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

  it('uses only what Neovim 0.8 has', () => {
    expect(lua).toContain('vim.lsp.start(');
    // Added after 0.8: vim.fs.root (0.10), vim.lsp.config / vim.lsp.enable (0.11), vim.iter (0.10),
    // vim.lsp.start's bufnr option and vim.fs.joinpath (0.9).
    for (const newer of ['vim.fs.root', 'vim.lsp.config', 'vim.lsp.enable', 'vim.iter', 'vim.fs.joinpath', 'bufnr =']) expect(lua).not.toContain(newer);
    const apis = [...lua.matchAll(/\bvim(?:\.[a-z_]+)+/g)].map((m) => m[0]);
    const in08 = new Set(['vim.api.nvim_create_autocmd', 'vim.api.nvim_buf_get_name', 'vim.fs.find', 'vim.fs.dirname', 'vim.lsp.start', 'vim.fn.getcwd']);
    expect(apis.filter((a) => !in08.has(a))).toEqual([]);
  });

  it('runs the server the installed command provides', () => {
    expect(lua).toContain("cmd = { 'falco-expr', 'lsp', '--stdio' }");
  });
});
