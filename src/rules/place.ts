import { messageNaming, type Diagnostic, type Range, type RelatedLocation } from '../diagnostic.js';
import type { Locatable } from './lists.js';

/*
 * A diagnostic about a condition (ranges in the condition's text) moved into the rules files: its range and
 * its related locations mapped like one another, its message rebuilt where it names a related position, and
 * the place Falco reports it at when that is another item (see `Diagnostic.falco`).
 */

/** Where an item is: a file and a range in it. */
export interface Place {
  file: string;
  range: Range;
}

/**
 * `d`, with ranges in `text`, placed in the files. `home`: the item Falco reports the problem at (a rule's),
 * when the problem may lie elsewhere (in an appended exception, in a macro).
 */
export function placeIn(text: Locatable, d: Diagnostic, home?: Place): Diagnostic & { file: string } {
  const at = text.locate(d.range.start.offset, d.range.end.offset);
  const related = d.related?.map((r): RelatedLocation => {
    const p = text.locate(r.range.start.offset, Math.max(r.range.end.offset, r.range.start.offset + 1));
    return { message: r.message, range: p.range, ...(p.file !== at.file ? { file: p.file } : {}) };
  });
  // A message that names a related position ("opened at 1:5") names it in the file.
  const first = related?.[0];
  const message = first ? messageNaming(d, `${first.file !== undefined ? `${first.file}:` : ''}${first.range.start.line}:${first.range.start.column}`) : d.message;
  const falco = falcoAt(d.falco, home, at);
  return {
    code: d.code,
    severity: d.severity,
    message,
    range: at.range,
    file: at.file,
    ...(falco ? { falco } : {}),
    ...(related?.length ? { related } : {}),
    ...(d.data ? { data: d.data } : {}),
  };
}

/** Where Falco reports a problem we place at `at`: `falco` if given, else `home` when `at` lies outside it. */
export function falcoAt(falco: Diagnostic['falco'], home: Place | undefined, at: Place): Diagnostic['falco'] {
  if (falco) return falco;
  if (!home) return undefined;
  const inside = at.file === home.file && at.range.start.offset >= home.range.start.offset && at.range.start.offset <= home.range.end.offset;
  return inside ? undefined : home;
}
