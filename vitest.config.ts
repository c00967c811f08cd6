import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The playground's modules import the package root by name, as the page does (see playground/vite.config.ts).
  resolve: { alias: { 'falco-expr': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30000,
  },
});
