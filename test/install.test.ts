import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_REQUIRED, nodeProblem } from '../src/cli/node-check.js';

// The package as users get it: `npm pack` in a copy of the checkout without dist/ (as a fresh clone), the
// tarball installed globally into a temporary prefix and into a new project, then `falco-expr --version` from
// another directory, `import` and `require`. Offline: the dependencies come from npm's cache, which `npm ci`
// filled. And the one-line answer of an old Node (the machine's /usr/bin/node is Node 20 on Debian 12).
const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npmFound = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
const gitFound = spawnSync('git', ['--version']).status === 0 && existsSync(join(root, '.git'));
const tmp = mkdtempSync(join(tmpdir(), 'falco-expr-install-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// npm run with this Node first on PATH.
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const oldNode = '/usr/bin/node';
const oldNodeVersion = existsSync(oldNode) ? spawnSync(oldNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim() : '';
const hasOldNode = oldNodeVersion !== '' && nodeProblem(oldNodeVersion) !== undefined;

describe('the Node version check', () => {
  it('matches engines.node in package.json', () => {
    expect(pkg.engines.node).toBe(`>=${NODE_REQUIRED[0]}.${NODE_REQUIRED[1]}`);
  });

  it('accepts the required Node and newer, and explains in one line otherwise', () => {
    expect(nodeProblem('22.12.0')).toBeUndefined();
    expect(nodeProblem('22.23.3')).toBeUndefined();
    expect(nodeProblem('24.0.0')).toBeUndefined();
    for (const v of ['20.20.2', '22.11.0', '18.19.1', '8.0.0']) {
      const m = nodeProblem(v)!;
      expect(m).toContain(`this is Node.js ${v}`);
      expect(m).toContain('needs Node.js 22.12 or newer');
      expect(m).not.toContain('\n');
    }
  });

  it.skipIf(!hasOldNode || !existsSync(join(root, 'dist/cli/main.cjs')))(`on ${oldNode} (Node ${oldNodeVersion}): one line from the CLI, the language server and npm test`, () => {
    for (const entry of [['dist/cli/main.cjs', 'lint', 'examples/rules.yaml'], ['dist/cli/main.js', 'lint', 'examples/rules.yaml'], ['dist/lsp/standalone.js', '--stdio'], ['dist/cli/main.cjs', 'lsp', '--stdio']]) {
      const r = spawnSync(oldNode, entry, { cwd: root, encoding: 'utf8', input: '' });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${nodeProblem(oldNodeVersion)}\n`);
    }
    const pretest = spawnSync(oldNode, ['scripts/check-node.mjs'], { cwd: root, encoding: 'utf8' });
    expect(pretest.status).toBe(1);
    expect(pretest.stderr.trim().split('\n')).toEqual([nodeProblem(oldNodeVersion)]);
    expect(spawnSync(process.execPath, ['scripts/check-node.mjs'], { cwd: root }).status).toBe(0);
  });

  it.skipIf(!hasOldNode || !npmFound)('npm ci refuses an unsupported Node (engine-strict in .npmrc)', () => {
    const dir = join(tmp, 'old-node');
    mkdirSync(dir);
    for (const f of ['package.json', 'package-lock.json', '.npmrc']) cpSync(join(root, f), join(dir, f));
    const r = spawnSync('npm', ['ci', '--offline'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${dirname(oldNode)}:${process.env.PATH}` } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('EBADENGINE');
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
  });
});

describe.skipIf(!npmFound || !gitFound)('installing the package', () => {
  let tarball = '';

  it('npm pack in a fresh checkout builds dist/ and packs the package, its LICENSE and no source maps', () => {
    const clone = join(tmp, 'clone');
    // The checkout's files as a clone has them (tracked and new, without ignored ones such as dist/), with the
    // installed node_modules.
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const f of files) if (existsSync(join(root, f))) cpSync(join(root, f), join(clone, f), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
    expect(existsSync(join(clone, 'dist'))).toBe(false);
    const out = npm(['pack', '--json', '--pack-destination', tmp], clone);
    const [info] = JSON.parse(out.slice(out.indexOf('[')));
    // The build leaves the commands executable (`npx falco-expr` in a checkout runs dist/cli/main.cjs itself).
    for (const b of ['dist/cli/main.cjs', 'dist/cli/main.js', 'dist/lsp/standalone.js']) expect(statSync(join(clone, b)).mode & 0o111).toBe(0o111);
    expect(pkg.bin['falco-expr']).toBe('dist/cli/main.cjs');
    for (const b of ['dist/cli/main.cjs', 'dist/cli/main.js']) expect(spawnSync(join(clone, b), ['--version'], { encoding: 'utf8', env }).stdout).toBe(`${pkg.version}\n`);
    tarball = join(tmp, info.filename);
    const paths: string[] = info.files.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.cjs', 'dist/cli/main.js', 'dist/cli/start.cjs', 'dist/cli/scripts.json', 'dist/lsp/standalone.js']));
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(paths.filter((p) => !/^(dist|grammar)\/|^(LICENSE|README\.md|package\.json)$/.test(p))).toEqual([]);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
  }, 180_000);

  it('npm install -g from the tarball puts a working falco-expr on the PATH', () => {
    const prefix = join(tmp, 'prefix');
    npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--ignore-scripts', tarball], tmp);
    const elsewhere = mkdtempSync(join(tmp, 'cwd-'));
    const r = spawnSync(join(prefix, 'bin', 'falco-expr'), ['--version'], { cwd: elsewhere, encoding: 'utf8', env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${pkg.version}\n`);
    writeFileSync(join(elsewhere, 'r.yaml'), '- rule: r\n  desc: d\n  condition: proc.nmae = bash\n  output: o\n  priority: INFO\n');
    const lint = spawnSync(join(prefix, 'bin', 'falco-expr'), ['lint', 'r.yaml'], { cwd: elsewhere, encoding: 'utf8', env });
    expect(lint.status).toBe(1);
    expect(lint.stdout).toContain("r.yaml:3:14  error  unknown field 'proc.nmae' (did you mean 'proc.name'?)");
  }, 120_000);

  // About a minute (npm installs every devDependency into its clone to build it): run under CI (.ci/run sets
  // CI=1), or with CI=1 npx vitest run test/install.test.ts.
  it.skipIf(!process.env.CI)('a project can install it from a git URL: npm builds it (prepare) and links the command', () => {
    // The committed state: a clean clone in CI is exactly what is tested.
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const project = join(tmp, 'from-git');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-falco-expr-from-git', version: '1.0.0', private: true }));
    npm(['install', '--prefer-offline', `git+file://${root}#${head}`], project);
    const elsewhere = mkdtempSync(join(tmp, 'cwd-'));
    const r = spawnSync(join(project, 'node_modules', '.bin', 'falco-expr'), ['--version'], { cwd: elsewhere, encoding: 'utf8', env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${pkg.version}\n`);
    const cjs = spawnSync(process.execPath, ['-e', "console.log(require('falco-expr').compile('proc.name = bash').evaluate({ 'proc.name': 'bash' }))"], { cwd: project, encoding: 'utf8' });
    expect(cjs.stdout).toBe('true\n');
  }, 240_000);

  it('a new project can import and require it, and print diagnostics as the CLI does', () => {
    const project = join(tmp, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-falco-expr', version: '1.0.0', private: true }));
    npm(['install', '--prefer-offline', '--ignore-scripts', tarball], project);
    const cjs = `
      const { compile, lint, formatStylish, formatSarif } = require('falco-expr');
      const ok = compile('proc.name = bash').evaluate({ 'proc.name': 'bash' });
      const ds = lint([{ path: 'r.yaml', text: '- macro: m\\n  condition: proc.name = (x\\n' }]);
      console.log(ok, formatStylish(ds).split('\\n').pop(), JSON.parse(formatSarif(ds)).version);`;
    const r1 = spawnSync(process.execPath, ['-e', cjs], { cwd: project, encoding: 'utf8' });
    expect(r1.stderr).toBe('');
    expect(r1.stdout).toBe('true 1 error, 1 warning 2.1.0\n');
    const esm = `
      import { compile, format, parse } from 'falco-expr';
      console.log(compile('proc.name = bash').evaluate({ 'proc.name': 'zsh' }), format(parse('a and(b)').ast), JSON.stringify(format(parse('(').ast)));`;
    const r2 = spawnSync(process.execPath, ['--input-type=module', '-e', esm], { cwd: project, encoding: 'utf8' });
    expect(r2.stderr).toBe('');
    expect(r2.stdout).toBe('false a and b ""\n');
  }, 120_000);
});
