import type { Range } from '../diagnostic.js';
import type { Expr } from '../syntax/ast.js';
import { LineIndex } from '../syntax/lines.js';

/**
 * Lists, as Falco's engine resolves them (falco `rule_loader_compiler.cpp`: `compile_list_infos`,
 * `resolve_list`): a list's items name other lists one level deep, and only lists defined before it; then
 * every list, in definition order, is pasted as text into each condition wherever its name stands as a word
 * (between blanks, parentheses, commas, `=` or the ends of the text), quoted items with blanks, before the
 * condition is parsed. So a quoted list name is a plain string, and `proc.name = names` becomes
 * `proc.name = a, b`.
 */

/** Anything that maps offsets of its text to file ranges. */
export interface Locatable {
  readonly text: string;
  locate(start: number, end: number): { file: string; range: Range };
}

const BLANKS = ' \t\n\r';
const DELIMS = BLANKS + '(),=';

/** Falco's `quote_item`: an item with a blank is quoted unless it starts with a quote. */
export function quoteItem(e: string): string {
  return e.includes(' ') && e[0] !== '"' && e[0] !== "'" ? `"${e}"` : e;
}

/** A text derived from another by pasting lists: each character remembers where it came from. */
/**
 * A run of characters of a pasted text: `len` characters that are the base text's from `base` on
 * (`pasted` false), or pasted items that all stand for the list name at [`base`, `baseEnd`) of the base text.
 */
interface Segment {
  len: number;
  base: number;
  baseEnd: number;
  pasted: boolean;
}

/** A text derived from another by pasting lists: each character remembers where it came from. */
export class PastedText implements Locatable {
  constructor(
    readonly base: Locatable,
    readonly text: string,
    private readonly segments: readonly Segment[] = [{ len: base.text.length, base: 0, baseEnd: base.text.length, pasted: false }],
  ) {}

  static of(base: Locatable): PastedText {
    return new PastedText(base, base.text);
  }

  /** The same pasting over another base of the same text (the same condition read again, elsewhere in a file). */
  withBase(base: Locatable): PastedText {
    if (base.text !== this.base.text) throw new Error('withBase: another text');
    return base === this.base ? this : new PastedText(base, this.text, this.segments);
  }

  /** The base range [from, to) the character at `i` stands for. */
  private origin(i: number): [number, number] {
    let at = 0;
    for (const g of this.segments) {
      if (i < at + g.len) return g.pasted ? [g.base, g.baseEnd] : [g.base + (i - at), g.base + (i - at) + 1];
      at += g.len;
    }
    return [this.base.text.length, this.base.text.length];
  }

  private baseOffsets(start: number, end: number): [number, number] {
    const n = this.text.length;
    const s = start < n ? this.origin(start)[0] : this.base.text.length;
    const e = end > start && end - 1 < n ? this.origin(end - 1)[1] : s;
    return [s, Math.max(s, e)];
  }

  locate(start: number, end: number): { file: string; range: Range } {
    const [s, e] = this.baseOffsets(start, end);
    return this.base.locate(s, e);
  }

  /** The text before pasting that [start, end) comes from: a list's name when it lies in pasted items. */
  baseText(start: number, end: number): string {
    const [s, e] = this.baseOffsets(start, end);
    return this.base.text.slice(s, e);
  }

  /** A range of this text as the range of the text before pasting (a pasted value: its list's name). */
  baseRange(r: Range, lines: LineIndex = new LineIndex(this.base.text)): Range {
    const [s, e] = this.baseOffsets(r.start.offset, r.end.offset);
    return { start: lines.positionAt(s), end: lines.positionAt(e) };
  }

  /** A tree parsed from this text, with its ranges in the text before pasting. */
  rebase(e: Expr): Expr {
    if (this.text === this.base.text) return e;
    // A line index of its own: the shared one of positions.ts holds the file's text.
    const lines = new LineIndex(this.base.text);
    // A copy of each node with the same keys (made in one step: adding keys one by one to an empty object was
    // a runtime call each in cold code), whose object-valued keys are then replaced.
    const walk = (x: unknown): unknown => {
      if (Array.isArray(x)) return x.map(walk);
      if (!x || typeof x !== 'object') return x;
      const out: Record<string, unknown> = { ...x };
      for (const k in out) {
        const v = out[k];
        if (!v || typeof v !== 'object') continue;
        if (k === 'range') out[k] = this.baseRange(v as Range, lines);
        else if (k === 'valueRanges') out[k] = (v as Range[]).map((r) => this.baseRange(r, lines));
        else out[k] = walk(v);
      }
      return out;
    };
    return walk(e) as Expr;
  }

  /**
   * Falco's `resolve_list` for one list, whose items are already quoted and joined (`sub`, see `pasteText`);
   * `used` tells whether the name was found.
   */
  paste(name: string, sub: string): { text: PastedText; used: boolean } {
    if (name === '') return { text: this, used: false };
    let cnd = this.text;
    let start = cnd.indexOf(name);
    if (start < 0) return { text: this, used: false };
    let segs: Segment[] = [...this.segments];
    let used = false;
    while (start >= 0) {
      let end = start + name.length;
      if ((start === 0 || DELIMS.includes(cnd[start - 1]!)) && (end >= cnd.length || DELIMS.includes(cnd[end]!))) {
        const here = new PastedText(this.base, cnd, segs);
        const nameFrom = here.origin(start)[0];
        const nameTo = here.origin(end - 1)[1];
        while (start > 0 && BLANKS.includes(cnd[start - 1]!)) start--;
        while (end < cnd.length && BLANKS.includes(cnd[end]!)) end++;
        if (sub === '') {
          if (start > 0 && cnd[start - 1] === ',') start--;
          else if (end < cnd.length && cnd[end] === ',') end++;
        }
        const pasted = (start > 0 ? ' ' : '') + sub + ' ';
        cnd = cnd.slice(0, start) + pasted + (end <= cnd.length ? cnd.slice(end) : '');
        segs = splice(segs, start, end, { len: pasted.length, base: nameFrom, baseEnd: nameTo, pasted: true });
        start += sub.length + 1;
        used = true;
      }
      start = cnd.indexOf(name, start + 1);
    }
    return used ? { text: new PastedText(this.base, cnd, segs), used } : { text: this, used };
  }
}

/** Replaces the characters [start, end) of the segments' text by one segment. */
function splice(segs: readonly Segment[], start: number, end: number, put: Segment): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  let placed = false;
  for (const g of segs) {
    const gs = at;
    const ge = at + g.len;
    at = ge;
    // The part of g before `start`.
    if (gs < start) {
      const len = Math.min(ge, start) - gs;
      out.push(g.pasted ? { ...g, len } : { ...g, len, baseEnd: g.base + len });
    }
    if (!placed && ge >= start) {
      out.push(put);
      placed = true;
    }
    // The part of g after `end`.
    if (ge > end) {
      const from = Math.max(gs, end);
      const len = ge - from;
      out.push(g.pasted ? { ...g, len } : { len, base: g.base + (from - gs), baseEnd: g.base + (from - gs) + len, pasted: false });
    }
  }
  if (!placed) out.push(put);
  return out.filter((g) => g.len > 0);
}

export interface ListInput {
  name: string;
  items: readonly string[];
  index: number;
  visibility: number;
}

/** Falco's `compile_list_infos`: items naming a list defined before expand to that list's own items, once. */
export function compileLists(lists: readonly ListInput[]): { items: Map<string, string[]>; usedByLists: Set<string> } {
  const byName = new Map(lists.map((l) => [l.name, l]));
  const items = new Map<string, string[]>();
  const usedByLists = new Set<string>();
  for (const l of lists) {
    const out: string[] = [];
    for (const item of l.items) {
      const ref = byName.get(item);
      if (ref && ref.index < l.visibility) {
        usedByLists.add(ref.name);
        out.push(...ref.items);
      } else out.push(item);
    }
    items.set(l.name, out);
  }
  return { items, usedByLists };
}

/** The text Falco pastes for a list's items: each quoted when it has a blank, joined with `, `. */
export function pasteText(items: readonly string[]): string {
  return items.map(quoteItem).join(', ');
}

/**
 * Pastes every list (in definition order) into a condition; `lists` gives each name with its `pasteText` (a map,
 * or its entries, which a caller pasting into many conditions makes once).
 * Returns the text and the names pasted.
 */
export function pasteLists(base: Locatable, lists: Iterable<readonly [string, string]>): { text: PastedText; used: string[] } {
  let t = PastedText.of(base);
  const used: string[] = [];
  for (const [name, sub] of lists) {
    const r = t.paste(name, sub);
    t = r.text;
    if (r.used) used.push(name);
  }
  return { text: t, used };
}
