/**
 * `pmatch`: path-prefix search over a set of paths (libs `prefix_search.h/.cpp`, `path_prefix_search`).
 *
 * - Paths are split on `/` and empty components are dropped, so `/var/run`, `var/run` and `//var//run/` are the
 *   same path; a synthetic root component makes `/` a valid search path that matches everything.
 * - A subject matches when some search path is a component-wise prefix of it: `/var` matches `/var` and
 *   `/var/x`, not `/va`, `/variable`; the search path `/var/run` does not match `/var`.
 * - Adding a path that is a prefix of an existing one replaces the longer one; adding a longer one under an
 *   existing prefix changes nothing.
 * - A component containing `?`, `*` or `[` is a glob component, matched against one subject component with
 *   `fnmatch` (flags 0), so wildcards never cross `/`.
 *
 * Deliberate difference: upstream's glob loop advances its component iterator in place, so when several glob
 * siblings exist and the first matching one's subtree fails, later siblings are tested against the wrong
 * component (an upstream bug, spec 4.7). We test every glob sibling against the same component.
 *
 * Matching walks the subject string by index: no splitting, no allocation except a component slice for
 * levels with many exact children (a Map lookup).
 */
import { compileGlobRange } from './glob.js';

/** A search-path entry: `TERMINAL` when a search path ends here, otherwise the subtree below it. */
const TERMINAL = null;
type Entry = Node | typeof TERMINAL;

interface GlobChild {
  pattern: string;
  match: (s: string, from: number, to: number) => boolean;
  entry: Entry;
}

class Node {
  /** Exact components. */
  readonly dirs = new Map<string, Entry>();
  /** Exact component keys, for a scan without slicing when there are few. */
  keys: string[] = [];
  readonly globs: GlobChild[] = [];
}

const SMALL = 8;

function isGlobComponent(c: string): boolean {
  return c.indexOf('?') >= 0 || c.indexOf('*') >= 0 || c.indexOf('[') >= 0;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((c) => c.length > 0);
}

function addComponents(node: Node, comps: string[], i: number): void {
  const key = comps[i]!;
  const last = i === comps.length - 1;
  if (isGlobComponent(key)) {
    const g = node.globs.find((x) => x.pattern === key);
    if (g === undefined) {
      node.globs.push({ pattern: key, match: compileGlobRange(key, false), entry: last ? TERMINAL : subtree(comps, i + 1) });
    } else if (last) {
      g.entry = TERMINAL;
    } else if (g.entry !== TERMINAL) {
      addComponents(g.entry, comps, i + 1);
    }
    return;
  }
  if (!node.dirs.has(key)) {
    node.dirs.set(key, last ? TERMINAL : subtree(comps, i + 1));
    node.keys.push(key);
  } else if (last) {
    node.dirs.set(key, TERMINAL);
  } else {
    const e = node.dirs.get(key)!;
    if (e !== TERMINAL) addComponents(e, comps, i + 1);
  }
}

function subtree(comps: string[], i: number): Node {
  const n = new Node();
  addComponents(n, comps, i);
  return n;
}

function skipSlashes(s: string, pos: number, end: number): number {
  while (pos < end && s.charCodeAt(pos) === 0x2f) pos++;
  return pos;
}

function matchEntry(entry: Entry, s: string, pos: number, end: number): boolean {
  pos = skipSlashes(s, pos, end);
  // Nothing left in the subject: only a search path ending exactly here matches.
  if (pos >= end) return entry === TERMINAL;
  if (entry === TERMINAL) return true;
  return matchNode(entry, s, pos, end);
}

function matchNode(node: Node, s: string, pos: number, end: number): boolean {
  let compEnd = s.indexOf('/', pos);
  if (compEnd < 0 || compEnd > end) compEnd = end;
  const len = compEnd - pos;
  const keys = node.keys;
  if (keys.length > 0) {
    let child: Entry | undefined;
    if (keys.length <= SMALL) {
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k]!;
        if (key.length === len && s.startsWith(key, pos)) {
          child = node.dirs.get(key);
          break;
        }
      }
    } else {
      child = node.dirs.get(s.slice(pos, compEnd));
    }
    if (child !== undefined && matchEntry(child, s, compEnd, end)) return true;
  }
  const globs = node.globs;
  for (let g = 0; g < globs.length; g++) {
    const gl = globs[g]!;
    if (gl.match(s, pos, compEnd) && matchEntry(gl.entry, s, compEnd, end)) return true;
  }
  return false;
}

export interface PathPrefixSet {
  /**
   * True when one of the search paths is a component-wise prefix of `path`, taken whole (libsinsp matches the
   * value's full length, trailing NULs dropped by the caller, so a NUL inside is part of a component).
   */
  match(path: string): boolean;
  /** The search tree in upstream's `as_string` layout (sorted, exact components before glob ones). */
  toString(): string;
}

/** Builds the search set once from the (already parsed, NUL-free) right-hand-side paths. */
export function buildPathPrefixSet(paths: Iterable<string>): PathPrefixSet {
  // The synthetic "root" component: the top node has a single child, "root".
  const top = new Node();
  for (const p of paths) addComponents(top, ['root', ...splitPath(p)], 0);
  const rootEntry = top.dirs.get('root');
  return {
    match(path: string): boolean {
      if (rootEntry === undefined) return false;
      return matchEntry(rootEntry, path, 0, path.length);
    },
    toString(): string {
      const lines: string[] = [];
      const walk = (node: Node, indent: string) => {
        const entries: [string, Entry][] = [
          ...[...node.dirs.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
          ...node.globs.map((g): [string, Entry] => [g.pattern, g.entry]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
        ];
        for (const [k, e] of entries) {
          lines.push(`${indent}${k} ->`);
          if (e !== TERMINAL) walk(e, indent + '    ');
        }
      };
      walk(top, '');
      return lines.map((l) => l + '\n').join('');
    },
  };
}
