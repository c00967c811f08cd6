/*
 * The Node.js version check that runs before anything needing Node 22 is loaded (the parser library uses
 * `Object.groupBy`, the package relies on `require(esm)`). This module imports nothing, and the entry files that
 * use it import everything else dynamically, so an old Node reaches this check and prints one line instead of a
 * stack trace. Keep it in sync with `engines.node` in package.json (test/install.test.ts checks).
 */

export const NODE_REQUIRED = [22, 12] as const;

/** The one-line explanation when `version` (default: this Node's) is too old, else undefined. */
export function nodeProblem(version: string = process.versions.node): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map((n) => parseInt(n, 10) || 0);
  const [needMajor, needMinor] = NODE_REQUIRED;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return (
    `falco-expr needs Node.js ${needMajor}.${needMinor} or newer (this is Node.js ${version}): ` +
    `get it from https://nodejs.org/en/download or with \`npm install -g node@${needMajor}\``
  );
}
