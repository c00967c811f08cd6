// `npm run bundle-server` (run by `vscode:prepublish`, so by `vsce package`): puts the falco-expr package of
// this checkout, with its runtime dependencies, in server/, so that the extension runs without a falco-expr on
// the PATH. It packs the checkout (`npm pack` builds it) and installs the tarball like any user would.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('..', import.meta.url).pathname;
const checkout = join(here, '..', '..');
const server = join(here, 'server');
const npm = (args, cwd) =>
  execFileSync(process.env.npm_execpath ? process.execPath : 'npm', process.env.npm_execpath ? [process.env.npm_execpath, ...args] : args, {
    cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  });

rmSync(server, { recursive: true, force: true });
mkdirSync(server, { recursive: true });
const out = npm(['pack', '--json', '--pack-destination', server], checkout);
const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')));
writeFileSync(join(server, 'package.json'), JSON.stringify({ name: 'falco-expr-vscode-server', private: true }, null, 2) + '\n');
npm(['install', '--omit=dev', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', `./${filename}`], server);
rmSync(join(server, filename));
console.log(`bundled falco-expr into ${join(server, 'node_modules', 'falco-expr')}`);
