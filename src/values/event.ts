/*
 * Events as the evaluator sees them.
 *
 * An event is either a flat object keyed by the field as written in conditions (`proc.name`, `proc.aname[2]`,
 * `evt.arg.path`, `container.label[app]`), as in Falco's JSON `output_fields` and `sysdig -j` output, or a
 * resolver function for users with their own event model. A missing key (or `undefined`, or `null`) is a
 * field with no value.
 */

/** One value of a field; `undefined`/`null` mean "no value" (every check false); a list is an array. */
export type EventValue = string | number | bigint | boolean | Uint8Array | null | undefined | readonly EventValue[];
export type EventScalar = string | number | bigint | boolean | Uint8Array;
export type FlatEvent = Readonly<Record<string, unknown>>;
export type FieldResolver = (field: string, arg?: string) => unknown;
export type Event = FlatEvent | FieldResolver;

/** Reads one field (canonical name and argument) from an event; `undefined` when it has no value. */
export type FieldGetter = (ev: Event) => unknown;

export interface FieldRef {
  /** Field name in the catalog, e.g. `evt.arg`. */
  field: string;
  /** Argument, e.g. `path` for `evt.arg.path` or `2` for `proc.aname[2]`. */
  arg?: string;
  /** The field as the user wrote it, e.g. `evt.arg.path`. */
  written: string;
}

/** The keys under which a flat event may carry a field, most specific first. */
export function eventKeys(ref: FieldRef): string[] {
  const keys = [ref.written];
  if (ref.arg !== undefined) {
    for (const k of [`${ref.field}[${ref.arg}]`, `${ref.field}.${ref.arg}`]) if (!keys.includes(k)) keys.push(k);
  }
  return keys;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** The one property a flat event holds the field under, when no derivation is involved (for fast paths). */
export function simpleKey(ref: FieldRef): string | undefined {
  const keys = eventKeys(ref);
  return keys.length === 1 && !derivation(ref) ? keys[0] : undefined;
}

/**
 * The properties a flat event carries the field under, in the order the getter tries them (the first present
 * wins), when reading it is only that (no value computed from another field): for generated fast paths.
 */
export function keyChain(ref: FieldRef): string[] | undefined {
  const keys = eventKeys(ref);
  if (!derivation(ref)) return keys;
  const also = (field: string, arg?: string) => (arg === undefined ? [field] : [`${field}[${arg}]`, `${field}.${arg}`]);
  if (ref.field === 'proc.pname' && ref.arg === undefined) return [...keys, ...also('proc.aname', '1')];
  if (ref.field === 'proc.aname' && ref.arg === '1') return [...keys, ...also('proc.pname')];
  if (ref.field === 'proc.aname' && ref.arg === '0') return [...keys, ...also('proc.name')];
  return undefined;
}

/** Makes a getter for a field, with the derivations libsinsp itself makes from other fields of the event. */
export function makeGetter(ref: FieldRef): FieldGetter {
  const keys = eventKeys(ref);
  const derive = derivation(ref);
  const field = ref.field;
  const arg = ref.arg;
  if (keys.length === 1 && !derive) {
    const key = keys[0]!;
    return (ev) => (typeof ev === 'function' ? ev(field, arg) : ev[key]) ?? undefined;
  }
  if (field === 'proc.lineage') {
    return (ev) => {
      if (typeof ev === 'function') {
        const v = ev(field, arg);
        return present(v) ? v : derive!((f, a) => ev(f, a));
      }
      const v = ev[keys[0]!];
      return present(v) ? v : lineageOf(ev);
    };
  }
  return (ev) => {
    if (typeof ev === 'function') {
      const v = ev(field, arg);
      if (present(v) || !derive) return v ?? undefined;
      return derive((f, a) => ev(f, a));
    }
    for (const k of keys) {
      const v = ev[k];
      if (present(v)) return v;
    }
    return derive ? derive((f, a) => lookup(ev, f, a)) : undefined;
  };
}

/** `proc.aname[N]` and `proc.aname.N` for N = 0..63, built once. */
const ANAME_BRACKET = Array.from({ length: 64 }, (_, i) => `proc.aname[${i}]`);
const ANAME_DOT = Array.from({ length: 64 }, (_, i) => `proc.aname.${i}`);

/** `proc.lineage` of a flat event, oldest ancestor first (the hot path of `join(proc.lineage, …)`). */
function lineageOf(ev: FlatEvent): string[] | undefined {
  const name = ev['proc.name'];
  if (!present(name)) return undefined;
  const up: string[] = [];
  for (let i = 1; i < 64; i++) {
    let v = ev[ANAME_BRACKET[i]!] ?? ev[ANAME_DOT[i]!];
    if (!present(v) && i === 1) v = ev['proc.pname'];
    if (!present(v)) break;
    up.push(String(v));
  }
  const out = new Array<string>(up.length + 1);
  for (let j = 0; j < up.length; j++) out[j] = up[up.length - 1 - j]!;
  out[up.length] = String(name);
  return out;
}

function lookup(ev: FlatEvent, field: string, arg?: string): unknown {
  const v = arg === undefined ? ev[field] : (ev[`${field}[${arg}]`] ?? ev[`${field}.${arg}`]);
  return v ?? undefined;
}

type Read = (field: string, arg?: string) => unknown;

/** Fields that libsinsp computes from others, so events that carry the source field still answer them. */
function derivation(ref: FieldRef): ((read: Read) => unknown) | undefined {
  switch (ref.field) {
    case 'fd.directory':
      return (read) => {
        const name = read('fd.name');
        if (typeof name !== 'string' || !name.startsWith('/')) return undefined;
        const i = name.lastIndexOf('/');
        return i === 0 ? '/' : name.slice(0, i);
      };
    case 'fd.filename':
      return (read) => {
        const name = read('fd.name');
        if (typeof name !== 'string' || !name.startsWith('/')) return undefined;
        return name.slice(name.lastIndexOf('/') + 1);
      };
    case 'proc.aname':
      if (ref.arg === '0') return (read) => read('proc.name');
      if (ref.arg === '1') return (read) => read('proc.pname');
      if (ref.arg === undefined) return (read) => ancestors(read) ?? undefined;
      return undefined;
    case 'proc.pname':
      return (read) => read('proc.aname', '1');
    case 'proc.lineage':
      return (read) => {
        const name = read('proc.name');
        if (!present(name)) return undefined;
        const up = ancestors(read) ?? [];
        return [...up].reverse().concat([String(name)]);
      };
    default:
      return undefined;
  }
}

/** Names of the known ancestors, parent first: `proc.aname[1]`, `[2]`, … (or `proc.pname` alone). */
function ancestors(read: Read): string[] | undefined {
  const out: string[] = [];
  for (let i = 1; i < 64; i++) {
    const v = read('proc.aname', String(i)) ?? (i === 1 ? read('proc.pname') : undefined);
    if (!present(v)) break;
    out.push(String(v));
  }
  return out.length ? out : undefined;
}
