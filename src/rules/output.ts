import { compileValue } from '../eval/compile.js';
import { makeGetter, type Event, type FieldGetter } from '../values/event.js';
import { defaultCatalog, type FieldCatalog } from '../fields/catalog.js';

/*
 * Rule outputs: `%proc.name`, `%proc.aname[2]`, `%evt.arg.flags` and transformers such as `%toupper(proc.name)`
 * are filled from the event; a field with no value prints as `<NA>`, as Falco does.
 */

export interface RenderedOutput {
  text: string;
  fields: Record<string, unknown>;
}

export type OutputRenderer = (event: Event) => RenderedOutput;

function show(v: unknown): string {
  if (v === undefined || v === null) return '<NA>';
  if (Array.isArray(v)) return `(${v.map(show).join(',')})`;
  if (v instanceof Uint8Array) return Array.from(v, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  return String(v);
}

/** A `%…` placeholder of an output format: a field (`%proc.name`, `%proc.aname[2]`) or a transformer. */
export interface Placeholder {
  /** Offset of the `%`. */
  start: number;
  /** Offset just after the placeholder. */
  end: number;
  /** The text after `%`: `proc.name`, `proc.aname[2]`, `toupper(proc.name)`. */
  text: string;
  transformer: boolean;
  /** For fields: the name and the argument (`proc.aname`, `2`). */
  name?: string;
  arg?: string;
}

/** The placeholders of an output format, in order. */
export function outputPlaceholders(format: string): Placeholder[] {
  const out: Placeholder[] = [];
  const re = /%(?:(\w+\()|([a-zA-Z][\w.]*(?:\[[^\]]*\])?))/g;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    if (m[1]) {
      // A transformer, e.g. %toupper(proc.name): up to its closing parenthesis.
      let depth = 0;
      let end = m.index + 1;
      for (; end < format.length; end++) {
        if (format[end] === '(') depth++;
        else if (format[end] === ')' && --depth === 0) break;
      }
      end = Math.min(end + 1, format.length);
      out.push({ start: m.index, end, text: format.slice(m.index + 1, end), transformer: true });
      re.lastIndex = end;
      continue;
    }
    const text = m[2]!.replace(/\.+$/, ''); // a sentence's final dot is not part of the field
    const argm = /^(.*?)\[(.*)\]$/.exec(text);
    out.push({ start: m.index, end: m.index + 1 + text.length, text, transformer: false, name: argm ? argm[1]! : text, ...(argm ? { arg: argm[2]! } : {}) });
    re.lastIndex = m.index + 1 + text.length;
  }
  return out;
}

/** Compiles an output format once; unknown fields print as `<NA>`. */
export function compileOutput(format: string, catalog: FieldCatalog = defaultCatalog): OutputRenderer {
  const parts: Array<string | { name: string; get: FieldGetter }> = [];
  let last = 0;
  for (const p of outputPlaceholders(format)) {
    let get: FieldGetter;
    if (p.transformer) {
      get = compileValue(p.text, { catalog }) ?? (() => undefined);
    } else {
      const resolved = catalog.resolve(p.name!, p.arg);
      get = resolved && !resolved.error
        ? makeGetter({ field: resolved.field.name, ...(resolved.arg !== undefined ? { arg: resolved.arg } : {}), written: p.text })
        : makeGetter({ field: p.text, written: p.text });
    }
    parts.push(format.slice(last, p.start), { name: p.text, get });
    last = p.end;
  }
  parts.push(format.slice(last));
  return (event) => {
    let text = '';
    const fields: Record<string, unknown> = {};
    for (const p of parts) {
      if (typeof p === 'string') text += p;
      else {
        const v = p.get(event);
        fields[p.name] = v === undefined ? null : typeof v === 'bigint' ? v.toString() : v;
        text += show(v);
      }
    }
    return { text, fields };
  };
}
