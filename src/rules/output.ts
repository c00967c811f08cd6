import { checkCondition } from '../eval/compile.js';
import { makeGetter, type Event, type FieldGetter } from '../eval/event.js';
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

/** Compiles an output format once; unknown fields print as `<NA>`. */
export function compileOutput(format: string, catalog: FieldCatalog = defaultCatalog): OutputRenderer {
  const parts: Array<string | { name: string; get: FieldGetter }> = [];
  const re = /%(?:(\w+\()|([a-zA-Z][\w.]*(?:\[[^\]]*\])?))/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    let name: string;
    let get: FieldGetter;
    let end: number;
    if (m[1]) {
      let depth = 0;
      end = m.index + 1;
      for (; end < format.length; end++) {
        if (format[end] === '(') depth++;
        else if (format[end] === ')' && --depth === 0) break;
      }
      end++;
      name = format.slice(m.index + 1, end);
      const c = checkCondition(`${name} exists`, { catalog }).condition;
      get = c ? (ev) => c.explain(ev).left?.value : () => undefined;
    } else {
      name = m[2]!.replace(/\.+$/, '');
      end = m.index + 1 + name.length;
      const argm = /^(.*?)\[(.*)\]$/.exec(name);
      const resolved = argm ? catalog.resolve(argm[1]!, argm[2]!) : catalog.resolve(name);
      get = resolved && !resolved.error
        ? makeGetter({ field: resolved.field.name, ...(resolved.arg !== undefined ? { arg: resolved.arg } : {}), written: name })
        : makeGetter({ field: name, written: name });
    }
    parts.push(format.slice(last, m.index), { name, get });
    last = end;
    re.lastIndex = end;
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
