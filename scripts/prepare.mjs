// `prepare` (npm runs it after `npm ci`/`npm install` in a checkout, before `npm pack`/`npm publish`, and when
// installing from a git URL): build dist/. npm installs the devDependencies first, except for a global install
// from a git URL (npm/cli#8440), where tsc would be missing: then install them here first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const npm = (args) => {
  const r = process.env.npm_execpath
    ? spawnSync(process.execPath, [process.env.npm_execpath, ...args], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!existsSync(new URL('../node_modules/typescript/package.json', import.meta.url))) {
  npm(['install', '--global=false', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund', '--prefer-offline']);
}
npm(['run', 'build']);
