// Generated from package.json by scripts/gen-version.mjs (run by `npm version`): do not edit.

/** The package's version. */
export const VERSION = '0.1.0';
