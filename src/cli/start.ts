import { finish, run } from './entry.js';

// The command on the modules themselves, when the build made no bundled script (a plain `tsc`).
finish(await run(process.argv.slice(2)));
