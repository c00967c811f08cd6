// Writes src/version.ts from package.json's version. `npm version` runs it (the `version` script) and stages
// the file with the bumped package.json; test/version.test.ts fails when the two disagree.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const file = new URL('src/version.ts', root);
const text = `// Generated from package.json by scripts/gen-version.mjs (run by \`npm version\`): do not edit.\n\n/** The package's version. */\nexport const VERSION = '${version}';\n`;
let old = '';
try {
  old = readFileSync(file, 'utf8');
} catch {}
if (old !== text) writeFileSync(file, text);
