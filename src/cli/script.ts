import type { Script } from 'node:vm';

/*
 * The programs' bundled scripts (scripts/postbuild.mjs writes them and dist/cli/scripts.json, which names each
 * with an id of its content) and V8's code cache for them.
 *
 * Node's module compile cache keeps what V8 compiled when a module was loaded: its top-level code, not the
 * functions compiled later as the command calls them, which a short command spends a good part of its time
 * compiling (on `lint falco_rules.yaml`, about a quarter of the process). A script run through `node:vm` can
 * hand V8 a cache made after the command ran (`createCachedData` then holds every function compiled so far), so
 * the next start deserialises the compiled functions instead of compiling them. One cache per script and command,
 * written once when there is none (or V8 refused it: another Node, other V8 flags), in Node's compile cache
 * directory (per Node version and user; NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE=1 turns both
 * caches off). Writing costs the first run a few milliseconds; a cache that cannot be read or written only costs
 * speed.
 *
 * The built-in modules come from `process.getBuiltinModule`, when called: their ES module faces read every
 * export (node:fs's streams and promises among them), a few milliseconds of every start, and an old Node must get
 * to the version check (src/cli/node-check.ts) before anything it lacks is used.
 */

interface ScriptEntry {
  file: string;
  id: string;
}

/** A script's exports, as its CommonJS `module.exports`. */
export type ScriptExports = Record<string, unknown>;

/**
 * Runs the bundled script `name` of `dir` (a URL of dist/cli/) and returns its exports, or undefined when the
 * build wrote no scripts (a plain `tsc`). `cacheKey` names the command, whose compiled functions the code cache
 * keeps; none when undefined. The cache is written as the process exits, unless it exits with a usage error (2),
 * which has compiled little of the command.
 */
export function runScript(dir: URL, name: string, cacheKey: string | undefined): ScriptExports | undefined {
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const { constants, Script } = process.getBuiltinModule('node:vm');
  const { createRequire } = process.getBuiltinModule('node:module');
  const { dirname } = process.getBuiltinModule('node:path');
  let entries: Record<string, ScriptEntry>;
  try {
    entries = JSON.parse(readFileSync(new URL('scripts.json', dir), 'utf8')) as Record<string, ScriptEntry>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const entry = entries[name];
  if (!entry) throw new Error(`dist/cli/scripts.json names no script '${name}'`);
  const filename = process.getBuiltinModule('node:url').fileURLToPath(new URL(entry.file, dir));
  // ASCII (scripts/postbuild.mjs checks it), so it decodes on UTF-8's fast path into a string of one byte a
  // character: half the time and memory of the two-byte string one other character makes.
  const source = readFileSync(filename, 'utf8');
  const cacheFile = cacheKey === undefined ? undefined : cachePath(entry, cacheKey);
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // No cache yet.
    }
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename,
    cachedData,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    process.once('exit', (code) => {
      if (code !== 2) writeCache(cacheFile, script, cacheKey!);
    });
  }
  const module = { exports: {} as ScriptExports };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(filename), module, filename, dirname(filename));
  return module.exports;
}

/** Where the code cache of `entry` for `cacheKey` is kept, or undefined when Node's compile cache is off. */
export function cachePath(entry: ScriptEntry, cacheKey: string): string | undefined {
  const dir = (process.getBuiltinModule('node:module') as { getCompileCacheDir?: () => string | undefined }).getCompileCacheDir?.();
  if (!dir || !/^[\w.-]+$/.test(cacheKey)) return undefined;
  return process.getBuiltinModule('node:path').join(dir, `falco-expr-${entry.id}-${cacheKey}.v8cache`);
}

/** Caches of other builds are removed when a new one is written and they were written this long ago. */
const STALE_MS = 30 * 24 * 3600 * 1000;

function writeCache(file: string, script: Script, cacheKey: string): void {
  const { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = process.getBuiltinModule('node:fs');
  const { basename, dirname, join } = process.getBuiltinModule('node:path');
  // Written aside and renamed: a command starting meanwhile reads the old cache or the whole new one.
  const aside = `${file}.${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(aside, script.createCachedData());
    renameSync(aside, file);
  } catch {
    rmSync(aside, { force: true });
    return;
  }
  // Another build's cache for the same command goes once it is old: an upgraded install leaves its caches
  // behind, while two installs in use (a global one and a project's) keep theirs.
  try {
    const dir = dirname(file);
    const suffix = `-${cacheKey}.v8cache`;
    for (const f of readdirSync(dir)) {
      // Another build's: `falco-expr-` and an id, then this command's suffix.
      if (f === basename(file) || !f.endsWith(suffix) || !/^falco-expr-[0-9a-f]+$/.test(f.slice(0, -suffix.length))) continue;
      const path = join(dir, f);
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
    }
  } catch {
    // Only disk space is at stake.
  }
}
