import { checkCondition } from '../eval/compile.js';
import type { FieldCatalog } from '../fields/catalog.js';
import type { Rule } from './loader.js';

/*
 * The fields rules read, and how to get them out of a capture with sysdig's `-p` format, so that the events
 * sysdig prints (`sysdig -r capture.scap -j -p FORMAT`) carry every value the rules' conditions and outputs need.
 */

/** Fields a rule reads, as written: its compiled condition's (macros and exceptions expanded) and its output's. */
export function fieldsRead(rules: readonly Rule[], catalog?: FieldCatalog): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    for (const f of r.compiled?.fields ?? []) out.add(f);
    for (const f of r.outputFields) {
      if (!f.includes('(')) {
        out.add(f);
        continue;
      }
      // A transformer in the output (`%join("->", proc.lineage)`): the fields it reads.
      const c = checkCondition(`${f} exists`, catalog ? { catalog } : {}).condition;
      for (const x of c?.fields ?? []) out.add(x);
    }
  }
  return [...out].sort();
}

/** Fields libsinsp computes from others, which sysdig cannot print: what to print instead. */
const DERIVED: Record<string, string[]> = {
  'fd.ip': ['fd.cip', 'fd.sip'],
  'fd.net': ['fd.cip', 'fd.sip'],
  'fd.port': ['fd.cport', 'fd.sport'],
  'fd.proto': ['fd.cproto', 'fd.sproto'],
  'fd.cnet': ['fd.cip'],
  'fd.snet': ['fd.sip'],
  'fd.lnet': ['fd.lip'],
  'fd.rnet': ['fd.rip'],
};

/** Any-ancestor fields and the parent field they start from. */
const ANCESTORS: Record<string, string> = {
  'proc.aname': 'proc.pname', 'proc.apid': 'proc.ppid', 'proc.aexe': 'proc.pexe', 'proc.aexepath': 'proc.pexepath',
  'proc.acmdline': 'proc.pcmdline', 'proc.aenv': 'proc.penv',
};

/** The event keys a field's value can come from: itself, or those libsinsp derives it from. */
export function fieldSources(field: string): string[] {
  const base = field.replace(/\[.*$/s, '');
  if (DERIVED[field]) return [field, ...DERIVED[field]];
  if (ANCESTORS[base] && base === field) return [field, ANCESTORS[base]];
  if (field === 'proc.lineage') return [field, 'proc.name'];
  if (field === 'proc.aname[0]') return [field, 'proc.name'];
  if (field === 'proc.aname[1]') return [field, 'proc.pname'];
  if (field === 'proc.pname') return [field, 'proc.aname[1]'];
  if (field === 'fd.directory' || field === 'fd.filename') return [field, 'fd.name'];
  return [field];
}

/**
 * Which fields the rules read that the events lack, watched over a stream of events at little cost: a field
 * leaves the watch list at its first value.
 */
export class FieldPresence {
  private readonly absent = new Map<string, string[]>();
  private readonly valueless = new Map<string, string[]>();

  constructor(fields: readonly string[]) {
    for (const f of fields) {
      this.absent.set(f, fieldSources(f));
      this.valueless.set(f, fieldSources(f));
    }
  }

  observe(ev: Record<string, unknown>): void {
    if (this.valueless.size === 0) return;
    for (const [f, keys] of this.valueless) {
      let seen = false;
      for (const k of keys) {
        if (!(k in ev)) continue;
        this.absent.delete(f);
        if (ev[k] !== null && ev[k] !== undefined) seen = true;
      }
      if (seen) this.valueless.delete(f);
    }
  }

  /** Fields no event had a key for, and fields whose key never had a value (sysdig's `null`). */
  report(): { missing: string[]; neverValued: string[] } {
    return { missing: [...this.absent.keys()].sort(), neverValued: [...this.valueless.keys()].filter((f) => !this.absent.has(f)).sort() };
  }
}

export interface SysdigFormat {
  /** The `-p` format: `*` (print every event) then `%field` for each field. */
  format: string;
  /** The fields printed. */
  fields: string[];
  /** Fields the rules read that sysdig cannot print, with what is printed instead or why nothing is. */
  notes: string[];
}

export interface SysdigOptions {
  /** Ancestors printed for a field that looks at every ancestor (`proc.aname`, `proc.lineage`): default 8. */
  ancestors?: number;
  /**
   * The fields the sysdig at hand knows (`parseSysdigFieldList` of `sysdig -l`): others are left out of the
   * format, with a note, since sysdig refuses a format with a field it does not know.
   */
  known?: ReadonlySet<string>;
}

/** Fields whose argument is written after a dot (`evt.arg.flags`, `k8s.pod.label.app`). */
const DOT_ARG = ['evt.arg', 'evt.rawarg', 'evt.type.is', 'container.label', 'proc.env', 'k8s.pod.label', 'k8s.rc.label', 'k8s.svc.label', 'k8s.ns.label', 'k8s.rs.label', 'k8s.deployment.label'];

/** The field names of `sysdig -l` output (one field a line, its name first). */
export function parseSysdigFieldList(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^([a-z][\w.]*)\s/.exec(line);
    if (m) out.add(m[1]!);
  }
  return out;
}

function knownTo(known: ReadonlySet<string>, field: string): boolean {
  const base = field.replace(/\[.*$/s, '');
  return known.has(base) || DOT_ARG.some((k) => known.has(k) && base.startsWith(k + '.'));
}

/** The sysdig `-p` format that prints every field of `fields` (fields the rules read) or what they derive from. */
export function sysdigFormat(fields: readonly string[], options: SysdigOptions = {}): SysdigFormat {
  const depth = options.ancestors ?? 8;
  const printed = new Set<string>(['evt.num', 'evt.time.iso8601', 'evt.type', 'evt.dir']);
  const notes: string[] = [];
  const ancestors = (field: string) => {
    const parent = ANCESTORS[field]!;
    printed.add(parent);
    for (let i = 2; i <= depth; i++) printed.add(`${field}[${i}]`);
  };
  for (const f of fields) {
    const m = /^([^[]+)(?:\[(.*)\])?$/s.exec(f)!;
    const name = m[1]!;
    const arg = m[2];
    if (DERIVED[f]) {
      for (const d of DERIVED[f]) printed.add(d);
      notes.push(`${f}: sysdig cannot print it; printing ${DERIVED[f].join(' and ')}, which it derives from`);
    } else if (ANCESTORS[name] && arg === undefined) {
      ancestors(name);
      notes.push(`${f}: printing ${ANCESTORS[name]} and ${name}[2..${depth}] (any ancestor up to ${depth} levels)`);
    } else if (f === 'proc.lineage') {
      printed.add('proc.name');
      ancestors('proc.aname');
      notes.push(`proc.lineage: printing proc.name, proc.pname and proc.aname[2..${depth}]`);
    } else if (name === 'proc.aname' && arg === '0') {
      printed.add('proc.name');
    } else if (name === 'proc.aname' && arg === '1') {
      printed.add('proc.pname');
    } else if (name.startsWith('evt.rawarg.')) {
      notes.push(`${f}: sysdig cannot print raw arguments; conditions on it see no value (use evt.arg.${name.slice(11)} for the formatted one)`);
    } else {
      printed.add(f);
    }
  }
  let list = [...printed];
  if (options.known) {
    const unknown = list.filter((f) => !knownTo(options.known!, f));
    for (const f of unknown) notes.push(`${f}: this sysdig does not know the field; left out, so conditions on it see no value`);
    list = list.filter((f) => knownTo(options.known!, f));
  }
  return { format: '*' + list.map((f) => `%${f}`).join(' '), fields: list, notes };
}
