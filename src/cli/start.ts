import { main } from './cli.js';

// A reader that goes away (`falco-expr run … | head`) ends the output quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2));
// The command is done: end now rather than after the tasks V8 and Node still run when the event loop drains (a
// final garbage collection, mostly), unless output is still queued (a pipe on some systems).
if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
