/**
 * Imports the bundled form of a program's modules (`bundled`, written by scripts/postbuild.mjs next to them)
 * or, when the build made none (a plain `tsc`), the modules themselves (`modules`). Both are URLs.
 */
export async function importBundled(bundled: URL, modules: URL): Promise<unknown> {
  try {
    return await import(bundled.href);
  } catch (e) {
    const err = e as { code?: unknown; url?: unknown; message?: unknown };
    const missing = err?.code === 'ERR_MODULE_NOT_FOUND' && (err.url === bundled.href || String(err.message).includes(bundled.pathname));
    if (!missing) throw e;
    return import(modules.href);
  }
}
