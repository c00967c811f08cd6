import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The whole suite runs twice: with generated code (the default backend, `auto`) and with closures, the fallback
// where a page forbids `new Function` (test/support/backend.ts sets the default backend from the project's env).
export default defineConfig({
  // The playground's modules import the package root by name, as the page does (see playground/vite.config.ts).
  resolve: { alias: { 'falco-expr': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30000,
    setupFiles: ['test/support/backend.ts'],
    projects: [
      { extends: true, test: { name: 'codegen', env: { FALCO_EXPR_BACKEND: 'auto' } } },
      { extends: true, test: { name: 'closures', env: { FALCO_EXPR_BACKEND: 'closures' } } },
    ],
  },
});
