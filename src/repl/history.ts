import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/*
 * The REPL's history file: one entry per line, oldest first, at most HISTORY_SIZE. Written whole to a
 * temporary file then renamed over the old one, so that a crash, a full disk or two REPLs at once never leave
 * a half-written file. A condition typed on several lines is one entry, its lines joined by spaces.
 */

export const HISTORY_SIZE = 1000;

/** Entries, newest first (readline's order). A missing or unreadable file is an empty history. */
export function readHistory(path: string): string[] {
  if (!existsSync(path)) return [];
  try {
    const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/** Writes entries (newest first) atomically; errors are returned, not thrown (history is a convenience). */
export function writeHistory(path: string, entries: readonly string[]): Error | undefined {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const oldestFirst = entries.slice(0, HISTORY_SIZE).filter((e) => !/[\r\n]/.test(e)).reverse();
    writeFileSync(tmp, oldestFirst.length ? oldestFirst.join('\n') + '\n' : '', { mode: 0o600 });
    renameSync(tmp, path);
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

/**
 * readline's history after a multi-line entry: its lines (newest first at the front) replaced by the one
 * joined entry, so that Up recalls the whole condition.
 */
export function joinEntry(history: readonly string[], input: string): string[] {
  const lines = input.split(/\r?\n/).filter((l) => l.trim() !== '');
  const joined = lines.map((l) => l.trim()).join(' ');
  const rest = [...history];
  for (let i = lines.length - 1; i >= 0 && rest.length; i--) {
    if (rest[0] === lines[i]) rest.shift();
  }
  if (rest[0] !== joined) rest.unshift(joined);
  return rest.slice(0, HISTORY_SIZE);
}
