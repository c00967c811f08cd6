// `npm test` runs this first (pretest): on a Node older than package.json's `engines.node`, one line saying
// what is needed instead of hundreds of failing tests. The CLI has the same check (src/cli/node-check.ts).
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const [needMajor, needMinor] = pkg.engines.node.replace(/^>=\s*/, '').split('.').map(Number);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < needMajor || (major === needMajor && minor < needMinor)) {
  console.error(
    `falco-expr needs Node.js ${needMajor}.${needMinor} or newer (this is Node.js ${process.versions.node}): ` +
      `get it from https://nodejs.org/en/download or with \`npm install -g node@${needMajor}\``,
  );
  process.exit(1);
}
