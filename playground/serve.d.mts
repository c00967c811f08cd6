/** The built playground folder (playground/dist/). */
export declare const distDir: string;
/** Serves `dir` (default: playground/dist) on 127.0.0.1 and a free port until `close()`. */
export declare function serveStatic(dir?: string): Promise<{ url: string; close: () => Promise<void> }>;
