// After `tsc`: make the package's commands executable (tsc writes new files without the execute bit, and
// `npx falco-expr` in a checkout runs dist/cli/main.js directly).
import { chmodSync, readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
for (const bin of [...Object.values(pkg.bin), './dist/lsp/standalone.js']) chmodSync(new URL(bin, root), 0o755);
