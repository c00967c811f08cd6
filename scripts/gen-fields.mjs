#!/usr/bin/env node
// Generates src/fields/generated.ts from the field tables in ../shared/fields (relative to the repo root):
//   libsinsp.json  core fields (name, type PT_*, flags EPF_*, print format, display name, class)
//   plugins.json   plugin fields (name, type string/uint64/..., arg kind "Index, Key, Required", plugin)
//
//   node scripts/gen-fields.mjs            write src/fields/generated.ts
//   node scripts/gen-fields.mjs --check    exit 1 when src/fields/generated.ts is out of date
//   node scripts/gen-fields.mjs --stdout   print the module instead of writing it
//
// The output is deterministic (input order, no timestamps). Tests import `generateFieldsModule` and compare
// its result with the committed file. Unknown types, flags or argument rules make the script fail, so that
// a data update that needs a decision is noticed instead of silently mapped.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_INPUT_DIR = resolve(ROOT, '../shared/fields');
export const DEFAULT_OUTPUT = resolve(ROOT, 'src/fields/generated.ts');

/** libsinsp flags we keep, by our name. Flags not listed here and not in IGNORED_FLAGS are an error. */
const FLAG_NAMES = {
  EPF_IS_LIST: 'list',
  EPF_NO_RHS: 'noRhs',
  EPF_NO_TRANSFORMER: 'noTransformer',
  EPF_FILTER_ONLY: 'filterOnly',
  EPF_PRINT_ONLY: 'printOnly',
  EPF_TABLE_ONLY: 'tableOnly',
  EPF_DEPRECATED: 'deprecated',
};
/** Flags that only matter inside libsinsp (memory handling, UI hints), or that we turn into `arg`. */
const IGNORED_FLAGS = new Set([
  'EPF_NONE', 'EPF_NO_PTR_STABILITY', 'EPF_INFO', 'EPF_CONVERSATION', 'EPF_FORMAT_SUGGESTED',
  'EPF_ARG_REQUIRED', 'EPF_ARG_ALLOWED', 'EPF_ARG_INDEX', 'EPF_ARG_KEY',
]);

const PT_TYPES = new Set([
  'NONE', 'INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'CHARBUF', 'BYTEBUF',
  'ERRNO', 'SOCKADDR', 'SOCKTUPLE', 'FD', 'PID', 'FDLIST', 'FSPATH', 'SYSCALLID', 'SIGTYPE', 'RELTIME',
  'ABSTIME', 'PORT', 'L4PROTO', 'SOCKFAMILY', 'BOOL', 'IPV4ADDR', 'DYN', 'FLAGS8', 'FLAGS16', 'FLAGS32',
  'UID', 'GID', 'DOUBLE', 'SIGSET', 'CHARBUFARRAY', 'CHARBUF_PAIR_ARRAY', 'IPV4NET', 'IPV6ADDR', 'IPV6NET',
  'IPADDR', 'IPNET', 'MODE', 'FSRELPATH', 'ENUMFLAGS8', 'ENUMFLAGS16', 'ENUMFLAGS32', 'FD32', 'PID32',
]);

/** Plugin SDK field types (plugin READMEs spell lists as "string (list)"). */
const PLUGIN_TYPES = {
  string: 'CHARBUF',
  uint64: 'UINT64',
  bool: 'BOOL',
  abstime: 'ABSTIME',
  reltime: 'RELTIME',
  ipaddr: 'IPADDR',
  ipnet: 'IPNET',
};

/** Event source of each plugin's fields; a plugin missing here is an error, `null` means any source. */
const PLUGIN_SOURCES = {
  container: 'syscall',
  k8smeta: 'syscall',
  k8saudit: 'k8s_audit',
  cloudtrail: 'aws_cloudtrail',
  okta: 'okta',
  github: 'github',
  gcpaudit: 'gcp_auditlog',
  json: null,
};

/**
 * Fields of libsinsp's generic event class (libs `sinsp_filtercheck_gen_event.cpp`, flagged FL_GENERIC):
 * they apply to every event source, plugin sources included. The JSON does not carry the class flag.
 */
const GENERIC_FIELDS = new Set([
  'evt.num', 'evt.time', 'evt.time.s', 'evt.time.iso8601', 'evt.datetime', 'evt.datetime.s', 'evt.rawtime',
  'evt.rawtime.s', 'evt.rawtime.ns', 'evt.reltime', 'evt.reltime.s', 'evt.reltime.ns', 'evt.pluginname',
  'evt.plugininfo', 'evt.source', 'evt.is_async', 'evt.asynctype', 'evt.hostname',
]);

/**
 * libsinsp core fields only say "argument allowed/required"; how the argument is written and what it may be
 * is coded in each filtercheck's parse_field_name/extract_arg (libs sinsp_filtercheck_event.cpp, _fd.cpp,
 * _thread.cpp). style: 'bracket' `f[x]` (default), 'dot' `f.x`, 'both' (brackets take an index, the dotted
 * form a name). `required` overrides the flag where upstream accepts the bare name anyway.
 */
const CORE_ARGS = {
  'evt.type.is': { kind: 'key', style: 'dot' }, // evt.type.is.open
  'evt.arg': { kind: 'any', style: 'both' }, // evt.arg[0] by position, evt.arg.fd by name
  'evt.rawarg': { kind: 'key', style: 'dot' }, // brackets are refused: "must be expressed explicitly"
  'evt.around': { kind: 'index' }, // milliseconds
  'evt.abspath': { kind: 'key', style: 'dot', required: false, values: ['src', 'dst'] },
  'fd.types': { kind: 'index' }, // an fd number
  'proc.aexe': { kind: 'index' },
  'proc.aexepath': { kind: 'index' },
  'proc.aname': { kind: 'index' },
  'proc.acmdline': { kind: 'index' },
  'proc.apid': { kind: 'index' },
  'proc.args': { kind: 'index' },
  'proc.aargs': { kind: 'index' },
  'proc.env': { kind: 'any' }, // a variable name, or digits for a position
  'proc.aenv': { kind: 'any' },
  'thread.cgroup': { kind: 'key', style: 'dot' }, // thread.cgroup.cpuacct
};

/** Names of libsinsp's internal placeholder entries (raw string / reference / static checks): not fields. */
const PLACEHOLDER_NAMES = new Set(['NA']);

function fail(message) {
  throw new Error(`gen-fields: ${message}`);
}

/** Splits a flags entry; the JSON keeps some C++ casts such as "(filtercheck_field_flags)(EPF_A". */
function normaliseFlags(flags) {
  const out = [];
  for (const raw of flags) {
    for (const m of String(raw).matchAll(/EPF_[A-Z_]+/g)) out.push(m[0]);
  }
  return out;
}

function coreRecord(f) {
  const type = String(f.type).replace(/^PT_/, '');
  if (!PT_TYPES.has(type)) fail(`${f.name}: unknown type ${f.type}`);
  const epf = normaliseFlags(f.flags ?? []);
  const flags = [];
  for (const flag of epf) {
    if (FLAG_NAMES[flag]) flags.push(FLAG_NAMES[flag]);
    else if (!IGNORED_FLAGS.has(flag)) fail(`${f.name}: unknown flag ${flag}`);
  }
  const rec = { name: f.name, type, class: f.cls || fail(`${f.name}: no class`) };
  if (!GENERIC_FIELDS.has(f.name)) rec.source = 'syscall';
  const required = epf.includes('EPF_ARG_REQUIRED');
  const allowed = required || epf.includes('EPF_ARG_ALLOWED');
  const spec = CORE_ARGS[f.name];
  if (allowed !== Boolean(spec)) {
    fail(`${f.name}: argument flags (${allowed ? 'takes one' : 'none'}) disagree with CORE_ARGS; update it`);
  }
  if (spec) {
    rec.arg = spec.kind;
    if (spec.required ?? required) rec.argRequired = true;
    if (spec.style && spec.style !== 'bracket') rec.argStyle = spec.style;
    if (spec.values) rec.argValues = spec.values;
  }
  if (flags.length) rec.flags = [...new Set(flags)];
  return rec;
}

function parsePluginArg(name, text) {
  const parts = String(text).split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 1 && parts[0] === 'None') return {};
  let index = false;
  let key = false;
  let required = false;
  for (const p of parts) {
    if (p === 'Index') index = true;
    else if (p === 'Key') key = true;
    else if (p === 'Required') required = true;
    else fail(`${name}: unknown argument rule "${text}"`);
  }
  if (!index && !key) fail(`${name}: argument rule "${text}" names no kind`);
  const out = { arg: index && key ? 'any' : index ? 'index' : 'key' };
  if (required) out.argRequired = true;
  return out;
}

function pluginRecord(f) {
  const m = /^([a-z0-9]+)(\s*\(list\))?$/.exec(String(f.type).trim());
  const type = m && PLUGIN_TYPES[m[1]];
  if (!type) fail(`${f.name}: unknown plugin type ${f.type}`);
  if (!(f.plugin in PLUGIN_SOURCES)) fail(`${f.name}: no event source known for plugin ${f.plugin}`);
  const rec = { name: f.name, type, plugin: f.plugin };
  const source = PLUGIN_SOURCES[f.plugin];
  if (source) rec.source = source;
  Object.assign(rec, parsePluginArg(f.name, f.arg));
  if (m[2]) rec.flags = ['list'];
  return rec;
}

const KEY_ORDER = ['name', 'type', 'class', 'plugin', 'source', 'arg', 'argRequired', 'argStyle', 'argValues', 'flags'];

/** A TypeScript literal in the project's style: single-quoted strings, `, ` between array items. */
function literal(value) {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'string') return /^[^'\\\n\r\u2028\u2029]*$/.test(value) ? `'${value}'` : JSON.stringify(value);
  return JSON.stringify(value);
}

function formatRecord(rec) {
  const parts = [];
  for (const k of KEY_ORDER) if (rec[k] !== undefined) parts.push(`${k}: ${literal(rec[k])}`);
  return `  { ${parts.join(', ')} },`;
}

/** Builds the records from the parsed JSON of libsinsp.json and plugins.json. */
export function buildRecords(libsinsp, plugins) {
  if (!Array.isArray(libsinsp) || !Array.isArray(plugins)) fail('inputs must be JSON arrays');
  const records = [];
  const seen = new Set();
  for (const f of libsinsp) {
    if (PLACEHOLDER_NAMES.has(f.name)) continue;
    records.push(coreRecord(f));
  }
  for (const f of plugins) records.push(pluginRecord(f));
  for (const r of records) {
    if (seen.has(r.name)) fail(`duplicate field ${r.name}`);
    seen.add(r.name);
  }
  for (const name of GENERIC_FIELDS) if (!seen.has(name)) fail(`generic field ${name} missing from libsinsp.json`);
  for (const name of Object.keys(CORE_ARGS)) if (!seen.has(name)) fail(`CORE_ARGS names unknown field ${name}`);
  return records;
}

/** Returns the text of src/fields/generated.ts for the parsed inputs. */
export function generateFieldsModule(libsinsp, plugins) {
  const records = buildRecords(libsinsp, plugins);
  const core = records.filter((r) => !r.plugin).length;
  const lines = [
    '// GENERATED FILE, do not edit. Written by scripts/gen-fields.mjs (`node scripts/gen-fields.mjs`) from',
    `// ../shared/fields/libsinsp.json (${core} libsinsp fields) and ../shared/fields/plugins.json`,
    `// (${records.length - core} plugin fields). Descriptions live in descriptions.ts.`,
    "import type { FieldRecord } from './catalog.js';",
    '',
    'export const FIELD_RECORDS: readonly FieldRecord[] = [',
    ...records.map(formatRecord),
    '];',
    '',
  ];
  return lines.join('\n');
}

export function readInputs(dir = DEFAULT_INPUT_DIR) {
  return {
    libsinsp: JSON.parse(readFileSync(resolve(dir, 'libsinsp.json'), 'utf8')),
    plugins: JSON.parse(readFileSync(resolve(dir, 'plugins.json'), 'utf8')),
  };
}

function main(argv) {
  const { libsinsp, plugins } = readInputs();
  const text = generateFieldsModule(libsinsp, plugins);
  if (argv.includes('--stdout')) {
    process.stdout.write(text);
    return 0;
  }
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(DEFAULT_OUTPUT, 'utf8');
    } catch {
      // missing file: out of date
    }
    if (current !== text) {
      process.stderr.write('src/fields/generated.ts is out of date: run node scripts/gen-fields.mjs\n');
      return 1;
    }
    return 0;
  }
  writeFileSync(DEFAULT_OUTPUT, text);
  process.stdout.write(`wrote ${DEFAULT_OUTPUT}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
