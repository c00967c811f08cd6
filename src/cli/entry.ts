import { main } from './cli.js';

/**
 * Runs the command line `argv` (without `node` and the program) and returns its exit code. dist/cli/main.cjs
 * (package.json's bin) and dist/cli/main.js call it in the bundled script (src/cli/script.ts), src/cli/start.ts
 * on the modules when there is no script.
 */
export async function run(argv: string[]): Promise<number> {
  // A reader that goes away (`falco-expr run … | head`) ends the output quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  return main(argv);
}

/**
 * The command is done: end now rather than after the tasks V8 and Node still run when the event loop drains (a
 * final garbage collection, mostly), unless output is still queued (a pipe on some systems).
 */
export function finish(code: number): void {
  process.exitCode = code;
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
}
