import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestNames } from '../check/suggest.js';

/*
 * Command-line plumbing shared by the commands: options with a "did you mean" for unknown ones, input files
 * (`-` for standard input) read with errors in words, and plurals.
 */

export { VERSION } from '../version.js';

/** A mistake in the command line or its inputs: printed as one line, exit 2. */
export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `args` for `command`; unknown options and missing values are usage errors in words. */
export function parseOptions(command: string, args: string[], config: Options): { values: Record<string, unknown>; positionals: string[] } {
  const all: Options = { help: { type: 'boolean', short: 'h' }, ...config };
  const longs = Object.keys(all);
  const shorts = new Map(Object.entries(all).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0]!;
      const opt = all[name];
      if (!opt) {
        const hint = closestNames(name, longs)[0];
        throw new UsageError(
          `unknown option '--${name}' for ${command}${hint ? ` (did you mean '--${hint}'?)` : ''}: 'falco-expr ${command} --help' lists the options`,
        );
      }
      if (opt.type === 'string' && !a.includes('=')) {
        if (i + 1 >= args.length) throw new UsageError(`option '--${name}' needs a value`);
        i++; // the value, which may start with '-' (`--events -`)
      }
    } else if (a.startsWith('-') && a.length > 1) {
      const name = shorts.get(a[1]!);
      if (!name) throw new UsageError(`unknown option '${a}' for ${command}: 'falco-expr ${command} --help' lists the options`);
      if (all[name]!.type === 'string' && a.length === 2) i++;
    }
  }
  try {
    const r = parseArgs({ args, options: all, allowPositionals: true, strict: true });
    return { values: r.values as Record<string, unknown>, positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

const ERRNO: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the path is too long',
  EAGAIN: 'no input available (standard input is non-blocking)',
};

/** A file system error in words: "no such file or directory". */
export function errorInWords(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (code && ERRNO[code]) ?? (e as Error)?.message ?? String(e);
}

/** The display name of standard input in messages and diagnostics. */
export const STDIN_NAME = '<stdin>';

/** Reads a text file, or standard input for `-`; `what` says what the file is for ("rules file"). */
export function readInput(path: string, what = 'file'): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the ${what} ${path === '-' ? 'from standard input' : path}: ${errorInWords(e)}`);
  }
}

/** `1 event`, `2 events`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
