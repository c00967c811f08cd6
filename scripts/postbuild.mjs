// After `tsc`: bundle the programs, and make the package's commands executable (tsc writes new files without the
// execute bit, and `npx falco-expr` in a checkout runs dist/cli/main.cjs directly).
//
// The bundles: the command's modules and their dependencies (chevrotain's 53 modules, yaml's 49, ours) as one
// classic script each, dist/cli/start.cjs (every command but the language server) and dist/cli/lsp.cjs (the
// language server, for dist/lsp/standalone.js and `falco-expr lsp`: vscode-languageserver and the server were a
// third of the one script, read and handed to V8 by every command; `lint falco_rules.yaml` ran 5% fewer
// instructions without them), named with an id of their content in dist/cli/scripts.json. Resolving and reading a
// hundred and fifty small files was a fifth of the command's start-up (`node bench/targets.mjs`); a script, not
// an ES module, so that src/cli/script.ts can keep V8's code cache of the functions a command ran (Node's module
// compile cache keeps only what was compiled at load). The modules a command imports lazily (the REPL, `fields`…)
// stay in the script but run only when imported: a script's functions cost nothing
// until they are called, and the code cache holds only those a command called. dist/cli/main.js and
// dist/lsp/standalone.js run the script, or the modules when there is none. Made with Vite (a devDependency
// already, for the playground): the library (dist/index.js and the rest of dist/) stays as tsc wrote it.
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'vite';

// Node's built-in modules through `process.getBuiltinModule` rather than `require` at the script's top: each one
// as a module of the bundle, so that one imported only by a lazily imported part (node:repl, by the REPL: a
// tenth of `lint`'s start-up when it loaded with the script) loads with that part. The module exports the
// built-in's plain properties (never its getters: importing one of those fails the build, loudly).
const BUILTIN_PREFIX = '\0builtin:';
const builtinsWhenImported = {
  name: 'builtins-when-imported',
  enforce: 'pre',
  resolveId(id, _importer, opts) {
    // A CommonJS dependency's `require('node:…')` stays a `require`, run where it stands.
    if (id.startsWith('node:') && !id.includes('/') && opts?.kind !== 'require-call') return BUILTIN_PREFIX + id;
    return null;
  },
  load(id) {
    if (!id.startsWith(BUILTIN_PREFIX)) return null;
    const name = id.slice(BUILTIN_PREFIX.length);
    const mod = process.getBuiltinModule(name);
    const names = Object.keys(mod).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && !Object.getOwnPropertyDescriptor(mod, k)?.get && k !== 'default');
    return [
      `const m = process.getBuiltinModule(${JSON.stringify(name)});`,
      `export default m;`,
      // Each read as a pure call, so that the bundle keeps only the ones it uses: reading some of node:util's
      // exports loads what they stand for (styleText its colours, diff its differ, …).
      ...names.map((k) => `export const ${k} = /* @__PURE__ */ (() => m.${k})();`),
    ].join('\n');
  },
};

// re2js (a fifth of the lint bundle) only when a condition uses `regex`: in the bundle, `import { RE2JS } from
// 're2js'` (src/values/regex.ts, browser-safe and synchronous) becomes a stand-in that `require`s the package's
// CommonJS build on its first use (through a require the bundler does not follow). Rules files rarely use
// `regex` (the corpus never does).
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
      `let real;`,
      `const load = () => (real ??= process.getBuiltinModule('node:module').createRequire(__filename)('re2js').RE2JS);`,
      `export const RE2JS = new Proxy({}, { get: (_, key) => load()[key] });`,
    ].join('\n');
  },
};

const root = new URL('..', import.meta.url);
const cli = new URL('dist/cli/', root);
for (const f of readdirSync(cli)) if (f.startsWith('bundle-') || f.endsWith('.bundle.js') || f.endsWith('.cjs') || f === 'scripts.json') rmSync(new URL(f, cli));

/**
 * Bundles the module `input` (a URL in dist/) as dist/cli/NAME.cjs, one CommonJS file. `withDependencies`: our
 * modules and the packages they import (the programs' scripts; src/cli/script.ts runs them as a function of
 * exports, require, module, __filename and __dirname), else only the modules given (the command's entry).
 */
async function cjs(name, input, { withDependencies = true, external = [] } = {}) {
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
        input: { [name]: input.pathname },
        external,
        // package.json says "sideEffects": false (true of the library); the programs' entry modules do have effects.
        treeshake: { moduleSideEffects: true },
        // What the script costs each start before it runs: reading it into a string, handing it to V8. Only ASCII
        // (other characters escaped, as \u…), so that it reads into a string of one byte a character (one other
        // character makes it two bytes a character, decoded the slow way); without comments and indentation,
        // which were a quarter of its size. Names are kept, for the stack of an internal error. On `lint
        // falco_rules.yaml`: 4 ms of 86.
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          codeSplitting: false,
          charset: 'ascii',
          comments: { legal: true, annotation: false, jsdoc: false },
          minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
        },
      },
    },
    ssr: withDependencies ? { noExternal: true, target: 'node' } : { target: 'node' },
    plugins: withDependencies ? [builtinsWhenImported, lazyRe2js] : [],
    // yaml's ES module build (the one browsers and the playground load; same code) rather than its CommonJS
    // build, which Node's export conditions pick: ES modules can be tree-shaken (no stringifier in the bundle).
    resolve: { alias: [{ find: /^yaml$/, replacement: new URL('node_modules/yaml/browser/index.js', root).pathname }] },
  });
  return `${name}.cjs`;
}

const manifest = {};
for (const [name, input] of Object.entries({ start: new URL('entry.js', cli), lsp: new URL('../lsp/main.js', cli) })) {
  const file = await cjs(name, input);
  // One character above ASCII would make the script a two-byte string (see the output options above).
  const bytes = readFileSync(new URL(file, cli));
  const wide = bytes.findIndex((b) => b > 0x7f);
  if (wide >= 0) throw new Error(`dist/cli/${file}: a byte above 0x7f at ${wide} (the bundle should escape every non-ASCII character)`);
  const id = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  manifest[name] = { file, id };
}
writeFileSync(new URL('scripts.json', cli), JSON.stringify(manifest, null, 2) + '\n');

// The command itself (package.json's bin): dist/cli/main.js and the four small modules it imports as one CommonJS
// file. An ES module entry starts Node's ES module loader, and each module it imports is one more file to find
// and read: about 5 ms of every start. Without a script (a plain `tsc`), dist/cli/main.js runs the modules: the
// fallback stays a dynamic import of dist/cli/start.js.
await cjs('main', new URL('main.js', cli), { withDependencies: false, external: [new URL('start.js', cli).pathname, './start.js'] });

const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
for (const bin of [...Object.values(pkg.bin), './dist/cli/main.js', './dist/lsp/standalone.js']) chmodSync(new URL(bin, root), 0o755);
