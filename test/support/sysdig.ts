/**
 * Runs Debian's `sysdig` (0.29.3, built on a March 2022 libsinsp) over a capture file, for differential tests
 * of our evaluator against libsinsp's own filter engine.
 *
 * What sysdig 0.29 does, as observed on the corpus captures (see differential-battery.ts for the captures):
 *
 * - It prints every event it reads, enter events (`evt.dir` = `>`) and exit events (`<`) alike, numbered
 *   consecutively by `evt.num`; it does not print (or let a filter match) the `procinfo` events of a capture.
 *   Newer libsinsp drops enter events of old captures, so its `evt.num`s differ for the same file.
 * - `-p FORMAT` without a leading `*` silently skips every event for which one of the format's fields has no
 *   value; with a leading `*` it prints all events. With `-j` each event is one JSON object on its own line,
 *   keyed by field name as written in the format (`proc.aname[2]`, `evt.arg.name`); the keys come out sorted,
 *   not in format order. A field without a value is `null` (the text output prints `<NA>` for it instead).
 *   Numeric fields (decimal integer types: `evt.num`, `evt.rawres`, `proc.pid`, `fd.num`, `fd.sport`,
 *   `user.uid`, ...) are JSON numbers, boolean fields (`evt.failed`, `fd.is_server`, ...) JSON booleans, and
 *   everything else strings: IP addresses, `evt.arg.*` (always the formatted argument text, so `evt.arg.res`
 *   is `"0"` and `evt.arg.fd` is `"<f>/tmp/file-1"`), and hexadecimal integer fields such as `fd.dev`.
 * - The string `"<NA>"` in the JSON output is a real value, not a missing one: for threads sysdig knows
 *   nothing about it sets `proc.name`, `proc.exe` and `proc.cmdline` to `<NA>`, and `fd.l4proto` is `<NA>`
 *   for non-socket fds; the filter sees these values (`proc.name = "<NA>"` and `fd.l4proto exists` match).
 * - Some fields cannot be printed at all ("is filter only and cannot be used as a display field"):
 *   see FILTER_ONLY_FIELDS. `evt.rawarg.*` can be filtered on but aborts the output with "wrong event type";
 *   `proc.aname` without an index is printed under the key `""` (and means `proc.aname[0]` there, while in a
 *   filter it compares against every ancestor). sysdigEvents refuses all of them.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A field value in our evaluator's event shape. */
export type SysdigValue = string | number | boolean;
/** One event: field name as written in conditions → value; a missing key means the field has no value. */
export type SysdigEvent = Record<string, SysdigValue>;

/** The sysdig binary; override with the SYSDIG environment variable. */
const SYSDIG = process.env['SYSDIG'] ?? 'sysdig';

/** Fields sysdig 0.29 accepts in filters but refuses to print; sysdigEvents cannot return them. */
export const FILTER_ONLY_FIELDS: readonly string[] = [
  'fd.net', 'fd.cnet', 'fd.snet', 'fd.lnet', 'fd.rnet', 'fd.ip', 'fd.port', 'fd.proto', 'evt.around',
];

const MAX_BUFFER = 256 * 1024 * 1024;

let available: boolean | undefined;

/** Whether a working `sysdig` is on the PATH (checked once). */
export function hasSysdig(): boolean {
  if (available === undefined) {
    try {
      execFileSync(SYSDIG, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

function scapPath(scap: string | URL): string {
  return scap instanceof URL ? fileURLToPath(scap) : scap;
}

function runSysdig(args: string[]): string {
  try {
    return execFileSync(SYSDIG, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: MAX_BUFFER,
      timeout: 120_000,
    });
  } catch (error) {
    const e = error as { status?: number | null; stderr?: string | Buffer; stdout?: string | Buffer; message?: string };
    const stderr = String(e.stderr ?? '').trim();
    const stdout = String(e.stdout ?? '').trim();
    const detail = stderr || stdout.split('\n').slice(-3).join('\n') || e.message || 'unknown error';
    throw new Error(`sysdig ${args.map((a) => JSON.stringify(a)).join(' ')} failed (exit ${e.status ?? '?'}): ${detail}`);
  }
}

const FIELD_NAME = /^[A-Za-z][\w.]*(\[[^\]\s%]+\])?$/;

/**
 * JSON.parse reviver: integers beyond Number.MAX_SAFE_INTEGER (only nanosecond timestamps such as
 * `evt.rawtime` get there) are kept as their exact decimal text instead of being rounded.
 */
function keepBigIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined
    && /^-?\d+$/.test(context.source)) {
    return context.source;
  }
  return value;
}

/**
 * Every event of `scap` with the values of `fields` (plus `evt.num`, always included), as sysdig 0.29
 * extracts them, in our evaluator's event shape. One sysdig run: `sysdig -r SCAP -j -p '*%evt.num %f1 %f2 …'`.
 *
 * Conversion (sysdig's JSON already types values by field type):
 * - JSON `null` (field has no value for the event) → key absent;
 * - JSON numbers → numbers (integers beyond 2^53 → their decimal string, see keepBigIntegers);
 * - JSON booleans → booleans; JSON strings → strings, unchanged, `""` included;
 * - `"<NA>"` strings stay values (sysdig's filter treats them as values, see the file comment), unless
 *   `options.naAsMissing` is set, which drops them like nulls.
 * Fields that sysdig cannot print (FILTER_ONLY_FIELDS, `evt.rawarg.*`, `proc.aname` without index) throw.
 */
export function sysdigEvents(
  scap: string | URL,
  fields: string[],
  options: { naAsMissing?: boolean } = {},
): Array<Record<string, string | number | boolean>> {
  const wanted = [...new Set(['evt.num', ...fields])];
  for (const field of wanted) {
    if (!FIELD_NAME.test(field)) throw new Error(`sysdigEvents: not a field name: ${JSON.stringify(field)}`);
    if (FILTER_ONLY_FIELDS.includes(field) || field.startsWith('evt.rawarg.') || field === 'proc.aname') {
      throw new Error(`sysdigEvents: sysdig 0.29 cannot print ${field} (usable in filters only)`);
    }
  }
  const format = '*' + wanted.map((f) => `%${f}`).join(' ');
  const stdout = runSysdig(['-r', scapPath(scap), '-j', '-p', format]);
  const events: SysdigEvent[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const raw = JSON.parse(line, keepBigIntegers as (key: string, value: unknown) => unknown) as Record<string, unknown>;
    if (events.length === 0) {
      const lost = wanted.filter((f) => !(f in raw));
      if (lost.length > 0) throw new Error(`sysdigEvents: sysdig printed no key for ${lost.join(', ')}`);
    }
    const event: SysdigEvent = {};
    for (const [key, value] of Object.entries(raw)) {
      if (value === null || value === undefined) continue;
      if (options.naAsMissing && value === '<NA>') continue;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        event[key] = value;
      } else {
        event[key] = JSON.stringify(value);
      }
    }
    events.push(event);
  }
  return events;
}

/**
 * The `evt.num` of every event of `scap` that `condition` matches, as sysdig 0.29 filters them
 * (`sysdig -r SCAP -p '*%evt.num' CONDITION`). Throws, with sysdig's stderr, when sysdig rejects the condition.
 */
export function sysdigMatches(scap: string | URL, condition: string): number[] {
  const stdout = runSysdig(['-r', scapPath(scap), '-p', '*%evt.num', condition]);
  const nums: number[] = [];
  for (const line of stdout.split('\n')) {
    const text = line.trim();
    if (text === '') continue;
    if (!/^\d+$/.test(text)) throw new Error(`sysdigMatches: unexpected sysdig output line ${JSON.stringify(line)}`);
    nums.push(Number(text));
  }
  return nums;
}
