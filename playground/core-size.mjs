#!/usr/bin/env node
// Measures the browser bundle of the package root (`src/index.ts`, what `import … from 'falco-expr'` loads):
// one minified ES module built with Vite in library mode, every dependency bundled, then gzipped. Fails when a
// Node built-in is imported (the core must be browser-safe) or when the gzip size is over the budget.
//
//   node playground/core-size.mjs [--json] [--budget BYTES]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const budgetArg = args.indexOf('--budget');
/**
 * Gzip budget of the core, in bytes (chevrotain, re2js and yaml are most of it; the cursor analysis of src/assist,
 * which every front end shares, about 9.5 KB of it; the lint rules registry, every code with its meaning, 3.7 KB;
 * the generated-code backend of src/eval/codegen.ts and the rule-set function, about 4 KB with client-or-server
 * fields, modifiers and the lineage reader written as code; the loader's conditions kept across loads, 0.5 KB).
 */
const budget = budgetArg >= 0 ? Number(args[budgetArg + 1]) : 234_000;

export async function measureCore() {
  const out = mkdtempSync(join(tmpdir(), 'falco-expr-core-'));
  const byPackage = new Map();
  try {
    await build({
      configFile: false,
      root,
      logLevel: 'silent',
      build: {
        outDir: out,
        emptyOutDir: true,
        minify: true,
        sourcemap: false,
        reportCompressedSize: false,
        lib: { entry: join(root, 'src/index.ts'), formats: ['es'], fileName: () => 'core.js' },
      },
      plugins: [
        {
          name: 'no-node-builtins',
          enforce: 'pre',
          resolveId(id, importer) {
            if (id.startsWith('node:') || builtinModules.includes(id)) {
              this.error(`the core imports the Node built-in '${id}' (from ${importer}): it must stay browser-safe`);
            }
            return null;
          },
        },
        {
          name: 'size-by-package',
          generateBundle(_options, bundle) {
            for (const chunk of Object.values(bundle)) {
              if (chunk.type !== 'chunk') continue;
              for (const [id, m] of Object.entries(chunk.modules)) {
                const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1] ?? 'falco-expr (src)';
                byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + m.renderedLength);
              }
            }
          },
        },
      ],
    });
    const code = readFileSync(join(out, 'core.js'));
    return {
      minified: code.length,
      gzip: gzipSync(code, { level: 9 }).length,
      // Rendered (tree-shaken, before minification) bytes per package, largest first.
      byPackage: Object.fromEntries([...byPackage].sort((a, b) => b[1] - a[1])),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await measureCore();
  if (json) console.log(JSON.stringify({ ...r, budget }, null, 2));
  else {
    const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
    console.log(`falco-expr core (package root, all dependencies bundled):`);
    console.log(`  minified  ${r.minified} bytes (${kb(r.minified)})`);
    console.log(`  gzip      ${r.gzip} bytes (${kb(r.gzip)}), budget ${budget} bytes`);
    console.log('  by package (tree-shaken, before minification):');
    for (const [p, n] of Object.entries(r.byPackage)) console.log(`    ${p.padEnd(22)} ${kb(n)}`);
  }
  if (r.gzip > budget) {
    console.error(`the core is ${r.gzip} bytes gzipped, over the budget of ${budget}`);
    process.exit(1);
  }
}
