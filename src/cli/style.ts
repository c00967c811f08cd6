import { styleText } from 'node:util';
import { plain, type Style, type StyleRole } from '../style.js';

/*
 * Colours on a terminal, for the command line and the REPL: the core marks text with roles (src/style.ts), and
 * this is the one place that turns them into ANSI escapes (Node's `util.styleText`).
 */

const FORMATS: Record<StyleRole, Parameters<typeof styleText>[0]> = {
  error: 'red',
  warning: 'yellow',
  info: 'cyan',
  pass: 'green',
  fail: 'red',
  muted: 'dim',
  strong: 'bold',
  name: 'cyan',
};

/** ANSI colours, always (the caller decided with `useColor`). */
export const ansi: Style = (role, text) => styleText(FORMATS[role], text, { validateStream: false });

/**
 * Whether to colour what goes to a stream: `flag` when given (`--color`, `--no-color`); else not when NO_COLOR
 * is set (non-empty, as no-color.org asks), yes when FORCE_COLOR is (but `0` or `false`), and otherwise when the
 * output is a terminal (`terminal`, default the stream's own `isTTY`) that is not TERM=dumb.
 */
export function useColor(stream: NodeJS.WritableStream, flag?: boolean, terminal?: boolean): boolean {
  if (flag !== undefined) return flag;
  const env = process.env;
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return (terminal ?? !!(stream as { isTTY?: boolean }).isTTY) && env['TERM'] !== 'dumb';
}

/** `ansi` or `plain` for output to `stream` (see `useColor`). */
export function styleFor(stream: NodeJS.WritableStream, flag?: boolean, terminal?: boolean): Style {
  return useColor(stream, flag, terminal) ? ansi : plain;
}
