import { fieldTypeFromName, type FieldType } from '../language/types.js';
import { FIELD_DESCRIPTIONS } from './descriptions.js';
import { EVENT_TABLE_NAMES, SYSCALL_CODE_NAMES } from './event-types.js';
import { FIELD_RECORDS } from './generated.js';
import { editBudget, editDistance } from '../edit-distance.js';

/**
 * The field catalog: which fields exist, their types, whether and how they take an argument, and the
 * event source they belong to. Built from libsinsp's and the plugins' field tables (generated.ts), our own
 * descriptions (descriptions.ts) and our extension `proc.lineage`; users extend it with `define`, or replace
 * it with the list printed by their own Falco (`fromFalcoList`).
 */

/** libsinsp's value types (`ppm_param_type`), spelled without the `PT_` prefix as `falco --list -v` does. */
export type { FieldType };

/** What a field's argument is: a non-negative integer (`index`), a name (`key`), or either (`any`). */
export type ArgKind = 'none' | 'index' | 'key' | 'any';
/**
 * How the argument is written: `f[x]` (`bracket`), `f.x` (`dot`: `evt.rawarg.res`, `thread.cgroup.cpu`), or
 * both (`evt.arg`: brackets take a position, the dotted form an argument name).
 */
export type ArgStyle = 'bracket' | 'dot' | 'both';

export interface FieldArg {
  kind: ArgKind;
  required: boolean;
  style: ArgStyle;
  /** The only values the argument may take, when the set is closed (`evt.abspath.src` / `.dst`). */
  values?: readonly string[];
}

/** The libsinsp flags we keep (EPF_IS_LIST, EPF_NO_RHS, …), by our names. */
export type FieldFlag = 'list' | 'noRhs' | 'noTransformer' | 'filterOnly' | 'printOnly' | 'tableOnly' | 'deprecated';

/** One row of generated.ts (written by scripts/gen-fields.mjs); omitted keys take their defaults. */
export interface FieldRecord {
  name: string;
  type: FieldType;
  /** libsinsp field class (`evt`, `process`, `fd`…); for plugin fields the plugin name is the class. */
  class?: string;
  plugin?: string;
  /** Event source; omitted: any source. */
  source?: string;
  arg?: Exclude<ArgKind, 'none'>;
  argRequired?: boolean;
  argStyle?: Exclude<ArgStyle, 'bracket'>;
  argValues?: readonly string[];
  flags?: readonly FieldFlag[];
}

export interface FieldInfo {
  readonly name: string;
  readonly type: FieldType;
  /** The field yields a list of values (EPF_IS_LIST, plugin `isList`). */
  readonly list: boolean;
  readonly arg: Readonly<FieldArg>;
  /** libsinsp field class (`evt`, `process`, `fd`, `fs.path`…) or plugin name. */
  readonly class: string;
  /** Event source the field applies to (`syscall`, `k8s_audit`…); absent: every source. */
  readonly source?: string;
  /** The plugin that provides the field. */
  readonly plugin?: string;
  readonly description?: string;
  /** Not an upstream field: a falco-expr extension (e.g. `proc.lineage`). */
  readonly extension?: boolean;
  readonly deprecated?: boolean;
  /** Cannot be compared with another field (`val(...)`) nor be one (EPF_NO_RHS). */
  readonly noRhs?: boolean;
  /** Cannot be wrapped in a transformer (EPF_NO_TRANSFORMER). */
  readonly noTransformer?: boolean;
  /** Only usable in conditions, not in outputs (EPF_FILTER_ONLY). */
  readonly filterOnly?: boolean;
  /** Only usable in outputs (EPF_PRINT_ONLY). */
  readonly printOnly?: boolean;
  /** Meant for sysdig's tables (EPF_TABLE_ONLY); Falco does not list it. */
  readonly tableOnly?: boolean;
  /** Left out of completion, suggestions and `falco --list` (table-only and print-only fields). */
  readonly hidden?: boolean;
}

/** What `define` accepts: a name plus whatever should be set or changed. */
export interface FieldDefinition {
  name: string;
  /** A libsinsp type (`CHARBUF`, `PT_UINT64`), Falco's `DYNAMIC`/`LIST(T)`, or a plugin type (`string (list)`). */
  type?: FieldType | string;
  list?: boolean;
  /** An argument kind, or the full rule; `none` removes the argument. */
  arg?: ArgKind | Partial<FieldArg>;
  class?: string;
  /** `null` makes the field apply to every source. */
  source?: string | null;
  plugin?: string;
  description?: string;
  extension?: boolean;
  deprecated?: boolean;
  noRhs?: boolean;
  noTransformer?: boolean;
  filterOnly?: boolean;
  printOnly?: boolean;
  tableOnly?: boolean;
  hidden?: boolean;
}

export type FieldArgErrorReason =
  | 'arg-missing' // the field requires an argument
  | 'arg-unexpected' // the field takes no argument, or got two
  | 'arg-not-index' // the argument must be a non-negative integer
  | 'arg-empty'
  | 'arg-style' // brackets where the field wants `.name`, or the reverse
  | 'arg-value'; // not one of the field's allowed values

export interface FieldArgError {
  reason: FieldArgErrorReason;
  message: string;
}

export interface ResolvedField {
  field: FieldInfo;
  /** The argument as written: `2` for `proc.aname[2]`, `path` for `evt.arg.path`. */
  arg?: string;
  argStyle?: 'bracket' | 'dot';
  /** Set when the field exists but its argument is wrong or missing. */
  error?: FieldArgError;
}

const FLAG_KEYS = ['deprecated', 'noRhs', 'noTransformer', 'filterOnly', 'printOnly', 'tableOnly'] as const;
const OPTIONAL_KEYS = [
  'plugin', 'description', 'extension', 'hidden', ...FLAG_KEYS,
] as const satisfies readonly (keyof FieldInfo & keyof FieldDefinition)[];

/** FieldInfo objects made here (complete and frozen): `define` stores them as they are. */
const MADE_HERE = new WeakSet<object>();

const NO_ARG: Readonly<FieldArg> = Object.freeze({ kind: 'none', required: false, style: 'bracket' });
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
const INDEX = /^[0-9]+$/;
/**
 * Reads a type as the data sources spell it: `CHARBUF`, `PT_CHARBUF`, Falco's `DYNAMIC` and `LIST(CHARBUF)`,
 * or plugin SDK types `string`, `uint64`, `bool`, `abstime`, `reltime`, `ipaddr`, `string (list)`
 * (the one reader of type names: `fieldTypeFromName`).
 */
export function parseFieldType(text: string): { type: FieldType; list: boolean } | undefined {
  const t = fieldTypeFromName(text);
  return t && { type: t.type, list: t.isList };
}

function firstSegment(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

function freezeInfo(info: FieldInfo): FieldInfo {
  Object.freeze(info.arg);
  if (info.arg.values) Object.freeze(info.arg.values);
  MADE_HERE.add(info);
  return Object.freeze(info);
}

const NO_FLAGS: readonly FieldFlag[] = [];

function fromRecord(r: FieldRecord, description: string | undefined): FieldInfo {
  // Most records have no flags and none more than two: every start builds a thousand of these.
  const flags = r.flags ?? NO_FLAGS;
  const info: { -readonly [K in keyof FieldInfo]: FieldInfo[K] } = {
    name: r.name,
    type: r.type,
    list: flags.includes('list'),
    arg: r.arg
      ? { kind: r.arg, required: r.argRequired === true, style: r.argStyle ?? 'bracket', ...(r.argValues ? { values: [...r.argValues] } : {}) }
      : NO_ARG,
    class: r.class ?? r.plugin ?? firstSegment(r.name),
  };
  if (r.source !== undefined) info.source = r.source;
  if (r.plugin !== undefined) info.plugin = r.plugin;
  if (description !== undefined) info.description = description;
  if (flags.length) for (const k of FLAG_KEYS) if (flags.includes(k)) info[k] = true;
  if (info.tableOnly || info.printOnly) info.hidden = true;
  return freezeInfo(info);
}

function normaliseArg(arg: ArgKind | Partial<FieldArg>, prev: Readonly<FieldArg> | undefined): Readonly<FieldArg> {
  if (typeof arg === 'string') {
    if (arg === 'none') return NO_ARG;
    return { kind: arg, required: false, style: 'bracket' };
  }
  // A partial rule changes only what it names.
  const had = prev && prev.kind !== 'none' ? prev : undefined;
  const kind = arg.kind ?? had?.kind ?? 'any';
  if (kind === 'none') return NO_ARG;
  const out: FieldArg = { kind, required: arg.required ?? had?.required ?? false, style: arg.style ?? had?.style ?? 'bracket' };
  const values = arg.values ?? (had?.kind === kind ? had.values : undefined);
  if (values) out.values = [...values];
  return out;
}

/** Turns a definition into a FieldInfo, on top of the field's previous definition when there is one. */
function toFieldInfo(def: FieldDefinition, prev: FieldInfo | undefined): FieldInfo {
  if (!def || typeof def.name !== 'string' || !FIELD_NAME.test(def.name)) {
    throw new TypeError(`invalid field name ${JSON.stringify(def?.name)}: expected parts like proc.name`);
  }
  let type = prev?.type ?? 'CHARBUF';
  let list = prev?.list ?? false;
  if (def.type !== undefined) {
    const parsed = parseFieldType(def.type);
    if (!parsed) throw new TypeError(`field ${def.name}: unknown type ${JSON.stringify(def.type)}`);
    type = parsed.type;
    if (parsed.list) list = true; // `string (list)`, `LIST(CHARBUF)`; a plain type leaves `list` as it was
  }
  if (def.list !== undefined) list = def.list;
  const info: { -readonly [K in keyof FieldInfo]: FieldInfo[K] } = {
    name: def.name,
    type,
    list,
    arg: def.arg !== undefined ? normaliseArg(def.arg, prev?.arg) : (prev?.arg ?? NO_ARG),
    class: def.class ?? prev?.class ?? def.plugin ?? firstSegment(def.name),
  };
  const source = def.source === undefined ? prev?.source : def.source ?? undefined;
  if (source !== undefined) info.source = source;
  for (const k of OPTIONAL_KEYS) {
    const v = def[k] !== undefined ? def[k] : prev?.[k];
    if (v !== undefined && v !== false) (info as Record<string, unknown>)[k] = v;
  }
  if (def.hidden === undefined && (info.tableOnly || info.printOnly)) info.hidden = true;
  return freezeInfo(info);
}

function describeArg(field: FieldInfo): string {
  const { kind, style } = field.arg;
  const what = kind === 'index' ? 'N' : kind === 'key' ? 'NAME' : 'N or NAME';
  if (style === 'dot') return `${field.name}.${what}`;
  if (style === 'both') return `${field.name}[N] or ${field.name}.NAME`;
  return `${field.name}[${what}]`;
}

function argError(reason: FieldArgErrorReason, message: string): FieldArgError {
  return { reason, message };
}

/** Checks an argument against the field's rule; `style` says how it was written. */
function checkArg(field: FieldInfo, arg: string, style: 'bracket' | 'dot'): FieldArgError | undefined {
  const rule = field.arg;
  if (rule.kind === 'none') return argError('arg-unexpected', `field ${field.name} takes no argument`);
  if (style === 'bracket' && rule.style === 'dot') {
    return argError('arg-style', `field ${field.name} takes its argument after a dot: ${field.name}.${arg}`);
  }
  if (style === 'dot' && rule.style === 'bracket') {
    return argError('arg-style', `field ${field.name} takes its argument in brackets: ${field.name}[${arg}]`);
  }
  if (arg === '') return argError('arg-empty', `the argument of ${field.name} is empty`);
  const index = rule.kind === 'index' || (rule.style === 'both' && style === 'bracket');
  if (index && !INDEX.test(arg)) {
    return argError('arg-not-index', `the argument of ${field.name} must be a non-negative integer, not '${arg}'`);
  }
  if (rule.values && !rule.values.includes(arg)) {
    return argError('arg-value', `the argument of ${field.name} must be one of ${rule.values.join(', ')}, not '${arg}'`);
  }
  return undefined;
}

export interface ByPrefixOptions {
  /** Include hidden (table-only, print-only) fields. */
  hidden?: boolean;
  /** Include deprecated fields. */
  deprecated?: boolean;
}

export class FieldCatalog implements Iterable<FieldInfo> {
  #fields = new Map<string, FieldInfo>();
  #sorted: FieldInfo[] | undefined;
  #byClass: Map<string, FieldInfo[]> | undefined;

  constructor(fields?: Iterable<FieldDefinition>) {
    if (fields) this.define(fields);
  }

  /** Builds a catalog from the output of the user's own `falco --list` (see `fromFalcoList`). */
  static fromFalcoList(text: string, options?: FromFalcoListOptions): FieldCatalog {
    return fromFalcoList(text, options);
  }

  get size(): number {
    return this.#fields.size;
  }

  [Symbol.iterator](): Iterator<FieldInfo> {
    return this.#fields.values();
  }

  /** The field with exactly this name (no argument resolution). */
  get(name: string): FieldInfo | undefined {
    return this.#fields.get(name);
  }

  has(name: string): boolean {
    return this.#fields.has(name);
  }

  /** Every field, in definition order. */
  all(): FieldInfo[] {
    return [...this.#fields.values()];
  }

  /** Fields usable with an event source: its own fields and the source-independent ones. */
  forSource(source: string): FieldInfo[] {
    return this.all().filter((f) => f.source === undefined || f.source === source);
  }

  /**
   * Adds or changes fields. A definition for a known name is applied on top of the existing field (so
   * `{ name: 'proc.name', description: '…' }` only changes the description); later definitions win.
   */
  define(fields: FieldDefinition | Iterable<FieldDefinition>): this {
    const list = Symbol.iterator in Object(fields) ? (fields as Iterable<FieldDefinition>) : [fields as FieldDefinition];
    for (const def of list) {
      // A FieldInfo taken from a catalog is complete: it replaces the field as it is.
      const info = MADE_HERE.has(def) ? (def as FieldInfo) : toFieldInfo(def, this.#fields.get(def?.name));
      this.#fields.set(info.name, info);
    }
    this.#sorted = undefined;
    this.#byClass = undefined;
    this.#version++;
    return this;
  }

  #version = 0;
  /** Counts the changes (`define`): work kept for a catalog (the loader's checks) is valid for one version. */
  get version(): number {
    return this.#version;
  }

  /** An independent copy. */
  clone(): FieldCatalog {
    const copy = new FieldCatalog();
    for (const f of this.#fields.values()) copy.#fields.set(f.name, f);
    return copy;
  }

  /**
   * Resolves a field as written in a condition or output. `text` is the name as written (`proc.name`,
   * `evt.arg.path`, or with its bracket argument, `proc.aname[2]`); `arg` is the bracket argument when the
   * parser has split it off. An exact name wins; otherwise the longest dotted prefix that is a field
   * taking an argument, the rest being the argument (`evt.arg.path` is `evt.arg` with `path`). Returns
   * undefined for unknown names; a known field with a bad or missing argument comes back with `error`.
   */
  resolve(text: string, arg?: string): ResolvedField | undefined {
    if (arg === undefined) {
      const m = /^([^[\]]+)\[([^\]]*)\]$/.exec(text);
      if (m) return this.resolve(m[1]!, m[2]!);
    }
    const exact = this.#fields.get(text);
    if (exact) {
      if (arg === undefined) {
        if (exact.arg.required) {
          return { field: exact, error: argError('arg-missing', `field ${exact.name} needs an argument: ${describeArg(exact)}`) };
        }
        return { field: exact };
      }
      const error = checkArg(exact, arg, 'bracket');
      return { field: exact, arg, argStyle: 'bracket', ...(error ? { error } : {}) };
    }
    let dot = text.lastIndexOf('.');
    while (dot > 0) {
      const field = this.#fields.get(text.slice(0, dot));
      if (field && field.arg.kind !== 'none') {
        const dotted = text.slice(dot + 1);
        if (arg !== undefined) {
          const error = argError('arg-unexpected', `field ${field.name} already has the argument '${dotted}'; remove [${arg}]`);
          return { field, arg: dotted, argStyle: 'dot', error };
        }
        const error = checkArg(field, dotted, 'dot');
        return { field, arg: dotted, argStyle: 'dot', ...(error ? { error } : {}) };
      }
      dot = text.lastIndexOf('.', dot - 1);
    }
    return undefined;
  }

  /** Fields whose name starts with `prefix`, sorted by name (for completion). */
  byPrefix(prefix: string, options: ByPrefixOptions = {}): FieldInfo[] {
    const sorted = (this.#sorted ??= this.all().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.name < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: FieldInfo[] = [];
    for (let i = lo; i < sorted.length && sorted[i]!.name.startsWith(prefix); i++) {
      const f = sorted[i]!;
      if ((f.hidden && !options.hidden) || (f.deprecated && !options.deprecated)) continue;
      out.push(f);
    }
    return out;
  }

  /**
   * "Did you mean": the closest field names by edit distance (adjacent swaps count one edit), looking first
   * among fields with the same first part (`proc.` for `proc.nmae`), then everywhere. Hidden fields are
   * never proposed; deprecated ones only after the others at the same distance.
   */
  suggest(name: string, limit = 3): string[] {
    const bare = name.replace(/\[[^\]]*\]$/, '');
    const max = editBudget(bare);
    const byClass = (this.#byClass ??= this.#groupByFirstSegment());
    const rank = (pool: Iterable<FieldInfo>): string[] => {
      const hits: { f: FieldInfo; d: number }[] = [];
      for (const f of pool) {
        if (f.hidden || f.name === bare) continue;
        const d = editDistance(bare, f.name, max);
        if (d <= max) hits.push({ f, d });
      }
      hits.sort((x, y) => x.d - y.d || Number(!!x.f.deprecated) - Number(!!y.f.deprecated) || (x.f.name < y.f.name ? -1 : 1));
      return hits.slice(0, limit).map((h) => h.f.name);
    };
    const local = rank(byClass.get(firstSegment(bare)) ?? []);
    return local.length ? local : rank(this.#fields.values());
  }

  #groupByFirstSegment(): Map<string, FieldInfo[]> {
    const map = new Map<string, FieldInfo[]>();
    for (const f of this.#fields.values()) {
      const key = firstSegment(f.name);
      let group = map.get(key);
      if (!group) map.set(key, (group = []));
      group.push(f);
    }
    return map;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Importing the field list printed by the user's own Falco
// ---------------------------------------------------------------------------------------------------------
//
// Formats, as printed by Falco master (falco userspace/engine/falco_engine.cpp `list_fields`,
// field_formatter.cpp) through libsinsp (libs userspace/libsinsp/filter.cpp, filter_fieldclass_info::
// as_string / as_markdown / as_json):
//   text      `falco --list [SOURCE]` (and `-v`, which adds "(Type: T)"): per class a dashed line,
//             "Field Class:", optional "Description:" and "Event Sources:" lines, a blank line, then
//             one field per line, the name padded to column 30, then "(TAGS) description" wrapped
//             with a 30-column indent (a name longer than 30 gets a line of its own). Tags: ARG_REQUIRED,
//             ARG_ALLOWED, ARG_INDEX, ARG_KEY, EPF_IS_LIST, EPF_NO_RHS, EPF_NO_TRANSFORMER, FILTER_ONLY,
//             EPF_TABLE_ONLY, EPF_DEPRECATED (older libs: "FILTER ONLY").
//   markdown  `falco --list --format markdown` (formerly `--markdown`): "## Field Class: C", "Event
//             Sources: …", then rows "`name` | TYPE or LIST(TYPE) | description". No argument info.
//   json      `falco --list --format json`: {"fieldclasses":[{name, desc?, event_sources?, fields:[{name,
//             type, desc, is_list, argument: null | {required, type: ["INDEX","KEY"]}}]}]}.
//   names     `falco --list -N` (one name a line) and `falco --list -N --format json` ({"fieldnames":[…]}).
// Falco never lists deprecated, table-only or print-only fields; plugin classes are named "NAME (plugin)".

export type FalcoListFormat = 'text' | 'markdown' | 'json' | 'names';

/** One field as a Falco listing describes it; absent properties were not printed in that format. */
export interface FalcoListedField {
  name: string;
  type?: FieldType;
  list?: boolean;
  /** `kind` is absent when Falco only says that an argument is taken. */
  arg?: { required: boolean; kind?: ArgKind };
  class?: string;
  plugin?: string;
  sources?: string[];
  description?: string;
  noRhs?: boolean;
  noTransformer?: boolean;
  filterOnly?: boolean;
  tableOnly?: boolean;
  deprecated?: boolean;
}

export interface FalcoFieldList {
  format: FalcoListFormat;
  fields: FalcoListedField[];
}

const TEXT_TAGS = new Set([
  'ARG_REQUIRED', 'ARG_ALLOWED', 'ARG_INDEX', 'ARG_KEY', 'EPF_IS_LIST', 'EPF_NO_RHS', 'EPF_NO_TRANSFORMER',
  'FILTER_ONLY', 'FILTER ONLY', 'EPF_TABLE_ONLY', 'EPF_DEPRECATED', 'IDX_REQUIRED', 'IDX_ALLOWED',
]);
const NAME_COLUMN = 30;

function argFrom(required: boolean, index: boolean, key: boolean): { required: boolean; kind?: ArgKind } {
  const kind: ArgKind | undefined = index && key ? 'any' : index ? 'index' : key ? 'key' : undefined;
  return kind ? { required, kind } : { required };
}

function parseClassName(text: string): { class: string; plugin?: string } {
  const m = /^(\S+)\s*(\(plugin\))?/.exec(text.trim());
  const cls = m?.[1] ?? text.trim();
  return m?.[2] ? { class: cls, plugin: cls } : { class: cls };
}

interface ClassContext {
  class?: string;
  plugin?: string;
  sources?: string[];
}

function withClass(field: FalcoListedField, ctx: ClassContext): FalcoListedField {
  if (ctx.class !== undefined) field.class = ctx.class;
  if (ctx.plugin !== undefined) field.plugin = ctx.plugin;
  if (ctx.sources?.length) field.sources = ctx.sources;
  return field;
}

function parseTextDescription(field: FalcoListedField, text: string): void {
  let rest = text.trim();
  const typed = /^\(Type: ([^)]*)\)\s*/.exec(rest);
  if (typed) {
    const t = parseFieldType(typed[1]!);
    field.type = t?.type ?? 'DYN';
    rest = rest.slice(typed[0].length);
  }
  const tagged = /^\(([^()]*)\)\s*/.exec(rest);
  const tags = tagged ? tagged[1]!.split(',').map((s) => s.trim()) : [];
  if (tagged && tags.length && tags.every((t) => TEXT_TAGS.has(t))) {
    rest = rest.slice(tagged[0].length);
  } else {
    tags.length = 0;
  }
  const has = (...names: string[]) => names.some((n) => tags.includes(n));
  // The tags are always printed, so a missing tag means a false flag and no ARG_* tag means no argument.
  field.arg = has('ARG_REQUIRED', 'ARG_ALLOWED', 'IDX_REQUIRED', 'IDX_ALLOWED')
    ? argFrom(has('ARG_REQUIRED', 'IDX_REQUIRED'), has('ARG_INDEX'), has('ARG_KEY'))
    : { required: false, kind: 'none' };
  field.list = has('EPF_IS_LIST');
  field.noRhs = has('EPF_NO_RHS');
  field.noTransformer = has('EPF_NO_TRANSFORMER');
  field.filterOnly = has('FILTER_ONLY', 'FILTER ONLY');
  field.tableOnly = has('EPF_TABLE_ONLY');
  field.deprecated = has('EPF_DEPRECATED');
  if (rest) field.description = rest;
}

function parseText(lines: string[]): FalcoListedField[] {
  const fields: FalcoListedField[] = [];
  let ctx: ClassContext = {};
  let inHeader = false;
  let current: { field: FalcoListedField; text: string[] } | undefined;
  const flush = () => {
    if (current) parseTextDescription(current.field, current.text.join(' '));
    current = undefined;
  };
  for (const line of lines) {
    if (/^-{10,}\s*$/.test(line)) {
      flush();
      ctx = {};
      inHeader = true;
      continue;
    }
    if (inHeader) {
      const cls = /^Field Class:\s*(.*)$/.exec(line);
      const src = /^Event Sources:\s*(.*)$/.exec(line);
      if (cls) ctx = { ...ctx, ...parseClassName(cls[1]!) };
      else if (src) ctx.sources = src[1]!.trim().split(/\s+/).filter(Boolean);
      else if (line.trim() === '') inHeader = false;
      continue; // "Description:" and its continuation lines
    }
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) {
      current?.text.push(line.trim());
      continue;
    }
    flush();
    const token = /^\S+/.exec(line)![0];
    let name = token;
    let rest = line.slice(token.length);
    // A name of exactly 30 characters runs into its description (setw(30) pads nothing), while a longer
    // name stands alone on its line: text after a long token, or a tag list glued to it, means the former.
    if (token.length > NAME_COLUMN && (rest.trim() !== '' || token[NAME_COLUMN] === '(')) {
      name = line.slice(0, NAME_COLUMN);
      rest = line.slice(NAME_COLUMN);
    }
    if (!FIELD_NAME.test(name)) continue;
    current = { field: withClass({ name }, ctx), text: [rest.trim()] };
    fields.push(current.field);
  }
  flush();
  return fields;
}

function parseMarkdown(lines: string[]): FalcoListedField[] {
  const fields: FalcoListedField[] = [];
  let ctx: ClassContext = {};
  for (const line of lines) {
    const cls = /^##\s*Field Class:\s*(.*)$/.exec(line);
    if (cls) {
      ctx = parseClassName(cls[1]!);
      continue;
    }
    const src = /^Event Sources:\s*(.*)$/.exec(line);
    if (src) {
      ctx.sources = src[1]!.trim().split(/\s+/).filter(Boolean);
      continue;
    }
    const row = /^\s*\|?\s*`([^`]+)`\s*\|\s*([^|]*?)\s*\|\s*(.*?)\s*\|?\s*$/.exec(line);
    if (!row || !FIELD_NAME.test(row[1]!)) continue;
    const field = withClass({ name: row[1]! }, ctx);
    const t = parseFieldType(row[2]!);
    field.type = t?.type ?? 'DYN';
    field.list = t?.list ?? false;
    if (row[3]) field.description = row[3];
    fields.push(field);
  }
  return fields;
}

function parseJson(root: unknown): { format: FalcoListFormat; fields: FalcoListedField[] } {
  const obj = (root ?? {}) as { fieldclasses?: unknown; fieldnames?: unknown };
  if (Array.isArray(obj.fieldnames)) {
    return { format: 'names', fields: obj.fieldnames.filter((n): n is string => typeof n === 'string').map((name) => ({ name })) };
  }
  if (!Array.isArray(obj.fieldclasses)) {
    throw new SyntaxError('not a Falco field list: expected "fieldclasses" or "fieldnames"');
  }
  const fields: FalcoListedField[] = [];
  for (const c of obj.fieldclasses as Record<string, unknown>[]) {
    const ctx: ClassContext = typeof c?.name === 'string' ? parseClassName(c.name) : {};
    if (Array.isArray(c?.event_sources)) ctx.sources = c.event_sources.filter((s): s is string => typeof s === 'string');
    for (const f of Array.isArray(c?.fields) ? (c.fields as Record<string, unknown>[]) : []) {
      if (typeof f?.name !== 'string') continue;
      const field = withClass({ name: f.name }, ctx);
      if (typeof f.type === 'string') field.type = parseFieldType(f.type)?.type ?? 'DYN';
      if (typeof f.is_list === 'boolean') field.list = f.is_list;
      if (typeof f.desc === 'string' && f.desc) field.description = f.desc;
      if (f.is_deprecated === true) field.deprecated = true;
      const a = f.argument as { required?: unknown; type?: unknown } | null | undefined;
      if (a === null) field.arg = { required: false, kind: 'none' };
      else if (a && typeof a === 'object') {
        const types = Array.isArray(a.type) ? a.type : [];
        field.arg = argFrom(a.required === true, types.includes('INDEX'), types.includes('KEY'));
      }
      fields.push(field);
    }
  }
  return { format: 'json', fields };
}

/** Parses any of the listing formats described above; throws SyntaxError for malformed JSON. */
export function parseFalcoFieldList(text: string): FalcoFieldList {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return parseJson(JSON.parse(trimmed));
  const lines = text.split(/\r?\n/);
  if (lines.some((l) => /^##\s*Field Class:/.test(l))) return { format: 'markdown', fields: parseMarkdown(lines) };
  if (lines.some((l) => /^Field Class:/.test(l))) return { format: 'text', fields: parseText(lines) };
  const names = lines.map((l) => l.trim()).filter((l) => FIELD_NAME.test(l));
  return { format: 'names', fields: names.map((name) => ({ name })) };
}

export interface FromFalcoListOptions {
  /**
   * Where to take what the listing does not say (types in plain text, argument kinds, flags, our
   * descriptions) and the fields Falco never lists (deprecated, table-only, print-only, our extensions).
   * Default: a fresh built-in catalog. `null`: only what the listing says (unknown types become DYN).
   */
  base?: FieldCatalog | null;
}

function mergeListed(l: FalcoListedField, b: FieldInfo | undefined): FieldDefinition {
  const def: FieldDefinition = { name: l.name };
  def.type = l.type ?? b?.type ?? 'DYN';
  def.list = l.list ?? b?.list ?? false;
  if (!l.arg) {
    def.arg = b?.arg ?? { kind: 'any', required: false };
  } else if (l.arg.kind === 'none') {
    def.arg = 'none';
  } else {
    const same = b && b.arg.kind !== 'none' ? b.arg : undefined;
    // Our rule wins where it knows that upstream's parser accepts the bare name anyway (evt.abspath).
    const required = l.arg.required && (same ? same.required : true);
    def.arg = {
      kind: l.arg.kind ?? same?.kind ?? 'any',
      required,
      style: same?.style ?? 'bracket',
      ...(same?.values ? { values: same.values } : {}),
    };
  }
  def.class = l.class ?? b?.class ?? firstSegment(l.name);
  const plugin = l.plugin ?? b?.plugin;
  if (plugin) def.plugin = plugin;
  def.source = l.sources ? (l.sources.length === 1 ? l.sources[0]! : null) : (b?.source ?? null);
  const description = l.description ?? b?.description;
  if (description) def.description = description;
  for (const k of ['noRhs', 'noTransformer', 'filterOnly', 'tableOnly', 'deprecated'] as const) {
    if (l[k] ?? b?.[k]) def[k] = true;
  }
  if (b?.printOnly) def.printOnly = true;
  if (b?.extension) def.extension = true;
  if (def.tableOnly || def.printOnly) def.hidden = true;
  return def;
}

/**
 * Builds a catalog from the output of the user's own `falco --list` in any format above, so that the
 * catalog matches their Falco version and plugins. Fields the listing names are defined from it (filling
 * gaps from `base`); fields Falco never lists are kept from `base`.
 */
export function fromFalcoList(text: string, options: FromFalcoListOptions = {}): FieldCatalog {
  const base = options.base === undefined ? createCatalog() : options.base;
  const listed = parseFalcoFieldList(text);
  const catalog = new FieldCatalog();
  const seen = new Set<string>();
  for (const l of listed.fields) {
    if (seen.has(l.name)) continue;
    seen.add(l.name);
    catalog.define(mergeListed(l, base?.get(l.name)));
  }
  if (base) {
    for (const f of base) {
      if (!seen.has(f.name) && (f.deprecated || f.tableOnly || f.printOnly || f.extension)) catalog.define(f);
    }
  }
  return catalog;
}

// ---------------------------------------------------------------------------------------------------------
// Built-in fields
// ---------------------------------------------------------------------------------------------------------

/** Our extension (spec §3): not an upstream field. */
const LINEAGE: FieldDefinition = {
  name: 'proc.lineage',
  type: 'CHARBUF',
  list: true,
  class: 'process',
  source: 'syscall',
  extension: true,
  description:
    FIELD_DESCRIPTIONS['proc.lineage'] ??
    "Names of the process's known ancestors, from the oldest down to the process itself.",
};

let builtins: readonly FieldInfo[] | undefined;

/** libsinsp and plugin fields with our descriptions, plus our extensions; built once, shared (frozen). */
export function builtinFields(): readonly FieldInfo[] {
  if (!builtins) {
    const list = FIELD_RECORDS.map((r) => fromRecord(r, FIELD_DESCRIPTIONS[r.name]));
    list.push(toFieldInfo(LINEAGE, undefined));
    builtins = Object.freeze(list);
  }
  return builtins;
}

export interface CreateCatalogOptions {
  /** Start from the built-in fields (default true). */
  builtins?: boolean;
}

/** A new, independent catalog: the built-in fields (unless turned off) plus `fields`. */
export function createCatalog(fields: Iterable<FieldDefinition> = [], options: CreateCatalogOptions = {}): FieldCatalog {
  const catalog = new FieldCatalog();
  if (options.builtins !== false) catalog.define(builtinFields());
  return catalog.define(fields);
}

/** The shared catalog used when none is given. */
export const defaultCatalog: FieldCatalog = createCatalog();

/** Adds or changes fields of the default catalog (later definitions win). */
export function defineFields(fields: FieldDefinition | Iterable<FieldDefinition>): FieldCatalog {
  return defaultCatalog.define(fields);
}

let eventTypes: ReadonlySet<string> | undefined;

/**
 * The values libsinsp accepts for `evt.type` (`sinsp_filter_check_event::validate_filter_value`): the names of
 * its event table and of its system call codes (event-types.ts, generated from libsinsp's tables). A plugin's
 * async event names are accepted too when the plugin is loaded: pass them as `asyncEventTypes` to `compile`.
 */
export function eventTypeNames(): ReadonlySet<string> {
  eventTypes ??= new Set([...EVENT_TABLE_NAMES, ...SYSCALL_CODE_NAMES]);
  return eventTypes;
}
