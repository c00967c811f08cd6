import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/*
 * The playground, built into a static folder (playground/dist) that any static host can serve. The page imports
 * `falco-expr`, aliased to the package root's source (src/index.ts): the same entry Node users import, so the
 * build proves the root entry is browser-safe. A Node built-in anywhere in what the page imports fails the build.
 */

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const noNodeBuiltins: Plugin = {
  name: 'falco-expr:no-node-builtins',
  enforce: 'pre',
  resolveId(id, importer) {
    if (id.startsWith('node:') || builtinModules.includes(id)) {
      this.error(`'${id}' is a Node built-in, imported by ${importer ?? 'the page'}: the package root must stay browser-safe`);
    }
    return null;
  },
};

export default defineConfig({
  root: here('.'),
  base: './',
  resolve: { alias: { 'falco-expr': here('../src/index.ts') } },
  plugins: [noNodeBuiltins],
  server: { fs: { allow: [here('..')] } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
});
