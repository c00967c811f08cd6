/*
 * Node's module compile cache (Node 22.1+): the compiled code of every module the command loads is kept on disk
 * and reused by the next start, which then skips most of the compiling. The directory is Node's default
 * (`node-compile-cache` under the system's temporary directory: writable for a global install too, and shared
 * by versions since entries are keyed by each file's content), or NODE_COMPILE_CACHE when set;
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off. Only the programs call this, never the library.
 */
export function useCompileCache(): void {
  try {
    (process.getBuiltinModule('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  } catch {
    // A cache that cannot be used only costs speed.
  }
}
