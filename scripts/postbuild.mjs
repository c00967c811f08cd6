// After `tsc`: bundle the programs, and make the package's commands executable (tsc writes new files without the
// execute bit, and `npx falco-expr` in a checkout runs dist/cli/main.js directly).
//
// The bundle: the command's modules and their dependencies (chevrotain's 53 modules, yaml's 49, ours) as a few
// files, dist/cli/start.bundle.js and dist/cli/lsp.bundle.js plus shared `bundle-*.js` chunks, one per
// dynamically imported part (the REPL, the language server, `fields`…), so that a command still loads only what
// it needs. Resolving and reading a hundred and fifty small files was a fifth of the command's start-up
// (`node bench/targets.mjs`). dist/cli/main.js and dist/lsp/standalone.js load the bundle, or the modules when
// there is none. Made with Vite (a devDependency already, for the playground): the library (dist/index.js and
// the rest of dist/) stays as tsc wrote it.
import { chmodSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'vite';

// Node's built-in modules through `require` rather than `import`: the ES module face of a built-in reads every one
// of its exports, so `import { readFileSync } from 'node:fs'` also loads the streams and fs/promises behind
// node:fs's lazy getters (a few milliseconds of every start). The module a bundle imports instead exports the
// built-in's plain properties (never its getters: importing one of those fails the build, loudly).
const requireBuiltin = createRequire(import.meta.url);
const BUILTIN_PREFIX = '\0builtin:';
const builtinsByRequire = {
  name: 'builtins-by-require',
  enforce: 'pre',
  resolveId(id) {
    if (id.startsWith('node:') && !id.includes('/') && id !== 'node:module') return BUILTIN_PREFIX + id;
    return null;
  },
  load(id) {
    if (!id.startsWith(BUILTIN_PREFIX)) return null;
    const name = id.slice(BUILTIN_PREFIX.length);
    const mod = requireBuiltin(name);
    const names = Object.keys(mod).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && !Object.getOwnPropertyDescriptor(mod, k)?.get && k !== 'default');
    return [
      `import { createRequire } from 'node:module';`,
      `const m = createRequire(import.meta.url)(${JSON.stringify(name)});`,
      `export default m;`,
      ...names.map((k) => `export const ${k} = m.${k};`),
    ].join('\n');
  },
};

// re2js (a fifth of the lint bundle) only when a condition uses `regex`: in the bundle, `import { RE2JS } from
// 're2js'` (src/values/regex.ts, browser-safe and synchronous) becomes a stand-in that `require`s the package's
// CommonJS build on its first use. Rules files rarely use `regex` (the corpus never does).
const LAZY_RE2JS = '\0lazy:re2js';
const lazyRe2js = {
  name: 'lazy-re2js',
  enforce: 'pre',
  resolveId(id) {
    return id === 're2js' ? LAZY_RE2JS : null;
  },
  load(id) {
    if (id !== LAZY_RE2JS) return null;
    return [
      `import { createRequire } from 'node:module';`,
      `let real;`,
      `const load = () => (real ??= createRequire(import.meta.url)('re2js').RE2JS);`,
      `export const RE2JS = new Proxy({}, { get: (_, key) => load()[key] });`,
    ].join('\n');
  },
};

const root = new URL('..', import.meta.url);
const cli = new URL('dist/cli/', root);
for (const f of readdirSync(cli)) if (f.startsWith('bundle-') || f.endsWith('.bundle.js')) rmSync(new URL(f, cli));

await build({
  configFile: false,
  logLevel: 'warn',
  root: root.pathname,
  build: {
    ssr: true,
    outDir: cli.pathname,
    emptyOutDir: false,
    minify: false,
    target: 'node22',
    rollupOptions: {
      input: { 'start.bundle': new URL('start.js', cli).pathname, 'lsp.bundle': new URL('../lsp/main.js', cli).pathname },
      // package.json says "sideEffects": false (true of the library); the programs' entry modules do have effects.
      treeshake: { moduleSideEffects: true },
      // Chunks sit next to the entry points, in dist/cli (removed and rewritten at every build).
      output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'bundle-[name]-[hash].js' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
  plugins: [builtinsByRequire, lazyRe2js],
  // yaml's ES module build (the one browsers and the playground load; same code) rather than its CommonJS build,
  // which Node's export conditions pick: ES modules can be tree-shaken (no stringifier in the bundle) and start
  // without CommonJS wrappers, which were 5 ms of the command's start-up.
  resolve: { alias: [{ find: /^yaml$/, replacement: new URL('node_modules/yaml/browser/index.js', root).pathname }] },
});

const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
for (const bin of [...Object.values(pkg.bin), './dist/lsp/standalone.js']) chmodSync(new URL(bin, root), 0o755);
