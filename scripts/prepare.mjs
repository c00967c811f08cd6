// `prepare` builds dist/: npm runs it after `npm ci`/`npm install` in a checkout, before `npm pack`/`npm
// publish`, and when a project installs the package from a git URL (devDependencies installed first). A global
// install from a git URL is the exception: npm installs no devDependencies for it (npm/cli#8440), so say what
// works instead of failing on a missing tsc.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../node_modules/typescript/package.json', import.meta.url))) {
  console.error(
    'falco-expr: cannot build: TypeScript (a devDependency) is not installed. npm does not install devDependencies ' +
      'for a global install from a git URL: run `npm install -g "$(npm pack GIT-URL | tail -n 1)"` instead, or ' +
      '`npm ci` first in a checkout.',
  );
  process.exit(1);
}
const r = process.env.npm_execpath
  ? spawnSync(process.execPath, [process.env.npm_execpath, 'run', 'build'], { stdio: 'inherit' })
  : spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(r.status ?? 1);
