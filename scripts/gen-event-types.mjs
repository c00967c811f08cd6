#!/usr/bin/env node
// Generates src/fields/event-types.ts: the names libsinsp accepts as `evt.type` values, read from the event
// tables of a falcosecurity/libs checkout given as the argument:
//   driver/event_table.c         `g_event_info[]`: one `[PPME_...] = {"name", ...}` entry per event code
//   driver/ppm_events_public.h   `PPM_SC_FIELDS`: one `PPM_SC_X(NAME, code)` per system call code
//
//   node scripts/gen-event-types.mjs /path/to/falcosecurity-libs            write src/fields/event-types.ts
//   node scripts/gen-event-types.mjs /path/to/falcosecurity-libs --check    exit 1 when the committed file differs
//   node scripts/gen-event-types.mjs /path/to/falcosecurity-libs --stdout   print the module instead
//
// libsinsp (`sinsp_filter_check_event::validate_filter_value`) accepts a value of `evt.type` when it equals
// the name of an event of g_event_info (every code below PPM_EVENT_MAX, so both directions and old versions)
// or the lower-cased name of a system call code (`scap_get_ppm_sc_name`; a code without a name has the empty
// name), or an async event name of a loaded plugin (not known here). The output keeps the two lists apart, each sorted and without repeats, and is
// deterministic. A table the parser does not understand (no entries, an entry without a name, codes that do
// not cover 0..MAX-1) makes the script fail instead of writing a partial list. Tests import `renderModule`
// and `parseEventTable`/`parseSyscallCodes` (they need no libs checkout).

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUTPUT = resolve(ROOT, 'src/fields/event-types.ts');

/**
 * The text without its C comments (kept as blanks, so that nothing joins): the tables comment entries out
 * (`/*PPM_SC_X(NA_1, 382)*\/`), and a commented entry is not in the table.
 */
export function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, ' '));
}

/** `PPME_X = 12,` lines of the `ppm_event_code` enum, and `PPM_EVENT_MAX = N`. */
export function parseEventCodes(header) {
  header = stripComments(header);
  const codes = new Map();
  for (const m of header.matchAll(/^\s*(PPME_[A-Z0-9_]+|PPM_EVENT_MAX)\s*=\s*(\d+)\s*,?/gm)) codes.set(m[1], Number(m[2]));
  const max = codes.get('PPM_EVENT_MAX');
  if (max === undefined) throw new Error('ppm_events_public.h: no PPM_EVENT_MAX');
  codes.delete('PPM_EVENT_MAX');
  return { codes, max };
}

/**
 * The names of `g_event_info[]`, by event code: `[PPME_GENERIC_E] = {"syscall", ...}` (the name is the first
 * member, possibly on the next line). Every code 0..max-1 must have exactly one entry.
 */
export function parseEventTable(table, header) {
  table = stripComments(table);
  const { codes, max } = parseEventCodes(header);
  const start = table.indexOf('g_event_info[]');
  if (start < 0) throw new Error('event_table.c: no g_event_info[]');
  const names = new Array(max);
  for (const m of table.slice(start).matchAll(/\[\s*(PPME_[A-Z0-9_]+)\s*\]\s*=\s*\{\s*"([^"\\]*)"/g)) {
    const code = codes.get(m[1]);
    if (code === undefined) throw new Error(`event_table.c: ${m[1]} is not in the ppm_event_code enum`);
    if (code >= max) throw new Error(`event_table.c: ${m[1]} = ${code} is not below PPM_EVENT_MAX (${max})`);
    if (names[code] !== undefined) throw new Error(`event_table.c: two entries for ${m[1]}`);
    names[code] = m[2];
  }
  for (let i = 0; i < max; i++) if (names[i] === undefined) throw new Error(`event_table.c: no entry for event code ${i}`);
  return names;
}

/** The lower-cased names of `PPM_SC_FIELDS` (`PPM_SC_X(OPEN, 5)` → `open`), by code; codes must be 0..n-1. */
export function parseSyscallCodes(header) {
  header = stripComments(header);
  const start = header.indexOf('#define PPM_SC_FIELDS');
  if (start < 0) throw new Error('ppm_events_public.h: no PPM_SC_FIELDS');
  const names = [];
  // The macro ends at the first line that does not end with a backslash.
  let body = '';
  for (const line of header.slice(start).split('\n')) {
    body += line + '\n';
    if (!line.trimEnd().endsWith('\\')) break;
  }
  for (const m of body.matchAll(/PPM_SC_X\(\s*([A-Z0-9_]+)\s*,\s*(\d+)\s*\)/g)) {
    const code = Number(m[2]);
    if (names[code] !== undefined) throw new Error(`PPM_SC_FIELDS: two names for code ${code}`);
    names[code] = m[1].toLowerCase();
  }
  if (names.length === 0) throw new Error('PPM_SC_FIELDS: no PPM_SC_X entries');
  // A code without a name (382 is commented out) has the empty name upstream (the table is zero-filled), which
  // `evt.type = ""` then matches: libsinsp accepts that condition.
  for (let i = 0; i < names.length; i++) if (names[i] === undefined) names[i] = '';
  return names;
}

const sortedUnique = (xs) => [...new Set(xs)].sort();

function quoteList(names) {
  const lines = [];
  let line = ' ';
  for (const n of names) {
    const item = ` '${n}',`;
    if (line.length + item.length > 118) {
      lines.push(line);
      line = ' ';
    }
    line += item;
  }
  if (line.trim()) lines.push(line);
  return lines.join('\n');
}

/**
 * The module text for the two lists. `source` describes where they were read (`falcosecurity/libs <commit>`).
 * Deterministic: the same lists give the same text.
 */
export function renderModule({ events, syscalls, source, eventCodes, syscallCodes }) {
  const ev = sortedUnique(events);
  const sc = sortedUnique(syscalls);
  return `// GENERATED FILE, do not edit. Written by scripts/gen-event-types.mjs from ${source}:
// driver/event_table.c (g_event_info, ${eventCodes} event codes, ${ev.length} names) and
// driver/ppm_events_public.h (PPM_SC_FIELDS, ${syscallCodes} system call codes, ${sc.length} names).

/** The names of libsinsp's event table (\`g_event_info\`), both directions and every version. */
export const EVENT_TABLE_NAMES: readonly string[] = [
${quoteList(ev)}
];

/** The lower-cased names of libsinsp's system call codes (\`PPM_SC_FIELDS\`, as \`scap_get_ppm_sc_name\` gives them). */
export const SYSCALL_CODE_NAMES: readonly string[] = [
${quoteList(sc)}
];
`;
}

function sourceOf(dir) {
  try {
    const commit = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `falcosecurity/libs ${commit.slice(0, 12)}`;
  } catch {
    return 'falcosecurity/libs';
  }
}

export function generateFromCheckout(dir, source = sourceOf(dir)) {
  const table = readFileSync(resolve(dir, 'driver/event_table.c'), 'utf8');
  const header = readFileSync(resolve(dir, 'driver/ppm_events_public.h'), 'utf8');
  const events = parseEventTable(table, header);
  const syscalls = parseSyscallCodes(header);
  return renderModule({ events, syscalls, source, eventCodes: events.length, syscallCodes: syscalls.length });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  const sourceArg = args.find((a) => a.startsWith('--source='));
  if (!dir) {
    console.error('usage: node scripts/gen-event-types.mjs LIBS_CHECKOUT [--check|--stdout] [--source="falcosecurity/libs COMMIT"]');
    process.exit(2);
  }
  const text = generateFromCheckout(dir, sourceArg ? sourceArg.slice('--source='.length) : undefined);
  if (args.includes('--stdout')) process.stdout.write(text);
  else if (args.includes('--check')) {
    const current = readFileSync(DEFAULT_OUTPUT, 'utf8');
    if (current !== text) {
      console.error(`${DEFAULT_OUTPUT} is out of date: run node scripts/gen-event-types.mjs ${dir}`);
      process.exit(1);
    }
  } else writeFileSync(DEFAULT_OUTPUT, text);
}
