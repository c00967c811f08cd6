import { isCollection, isPair, isSeq, parseAllDocuments, YAMLSeq, type Document, type Node } from 'yaml';

/*
 * A rules file parsed item by item, so that an edit costs the items it touched. A rules file is a YAML block
 * sequence at column 0 whose items (`- rule: …`, `- macro: …`) do not depend on each other as YAML, so the
 * text is cut at the lines that start with `- ` and each piece is parsed alone. The next text of the same file
 * is compared with the last one: the pieces before the edit are kept as they are, those after it are kept with
 * their node ranges moved by the edit's length, and only the lines between are cut and parsed again (a piece
 * met there with a text parsed before, as when an item is moved, reuses that parse). The
 * result is the document a parse of the whole text gives (same nodes, values and ranges: test/yaml-items.test.ts
 * compares them); whenever that cannot be told from a line scan (other text at column 0, documents,
 * directives, anchors and aliases, flow style at the top, a piece with a YAML error or warning) the answer is
 * `undefined` and the caller parses the whole text. The reader uses it for loads with `incremental` (the
 * language server), whose rule sets for a path are dropped when the next text of that path is loaded.
 */

const OPTIONS = { keepSourceTokens: false, uniqueKeys: false } as const;

interface Parsed {
  /** Where the piece starts in the text its nodes' ranges refer to now. */
  base: number;
  items: Node[];
}

/**
 * What was parsed last for one file: its text, document, item starts and pieces (one per start). The nodes of a
 * piece are moved in place when the piece moves, so a document is only good until the next parse for the same
 * file. A file has two slots, so that a text and a variant of it (the file as a document and as the masked text
 * other documents load) do not undo each other's work.
 */
interface Last {
  text: string;
  doc: Document.Parsed;
  starts: number[];
  pieces: Parsed[];
}

const files = new Map<string, Array<Last | undefined>>();
/** Files whose pieces are kept (the most recently parsed). */
const KEEP_FILES = 16;

/** Texts below `minBytes` are parsed whole (cutting them up costs more than it saves). */
export const itemParsing = { minBytes: 16 * 1024 };

/**
 * Anchors (`&a`) and aliases (`*a`) reach across items; a text that may hold one is parsed whole. They can only
 * open a node: at a line's start, after `- `, `? `, `: `, or `[`, `{`, `,` in flow style (what this finds in
 * quoted text or comments only sends the text to the whole parse).
 */
const ANCHOR_OR_ALIAS = /(?:^|[-?:,[{])[ \t]*[&*][^\s]/m;

/**
 * Offsets where the top-level items start in the lines of [from, to) (line starts), pushed to `out`; false when
 * those lines are not a plain list of items.
 */
function scanStarts(text: string, from: number, to: number, out: number[]): boolean {
  if (ANCHOR_OR_ALIAS.test(from === 0 && to === text.length ? text : text.slice(from, to))) return false;
  let at = from;
  while (at < to) {
    let eol = text.indexOf('\n', at);
    if (eol < 0) eol = text.length;
    const c = text.charCodeAt(at);
    if (c === 0x2d /* - */) {
      // `- ` opens an item; `---`, `-x`, a lone `-` are left to the whole-text parse
      if (text.charCodeAt(at + 1) !== 0x20) return false;
      out.push(at);
    } else if (c !== 0x20 && c !== 0x23 /* # */ && c !== 0x0a && c !== 0x0d) {
      // a key, flow style, `...`, `%` directives, a BOM, a tab in a line that is not blank: other text at column 0
      if (c !== 0x09 || !/^[ \t]*\r?$/.test(text.slice(at, eol))) return false;
    }
    at = eol + 1;
  }
  return true;
}

/** Offsets where the top-level items start, or undefined when the text is not a plain list of items. */
export function itemStarts(text: string): number[] | undefined {
  const starts: number[] = [];
  return scanStarts(text, 0, text.length, starts) && starts.length ? starts : undefined;
}

/** Length of the common prefix of two strings (compared by blocks, natively). */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let p = 0;
  let step = 1 << 16;
  while (p < n && step > 0) {
    const len = Math.min(step, n - p);
    if (a.substr(p, len) === b.substr(p, len)) p += len;
    else step >>= 1;
  }
  return p;
}

/** Length of the common suffix of two strings, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let q = 0;
  let step = 1 << 16;
  while (q < max && step > 0) {
    const len = Math.min(step, max - q);
    if (a.substr(a.length - q - len, len) === b.substr(b.length - q - len, len)) q += len;
    else step >>= 1;
  }
  return q;
}

function shift(node: Node, delta: number): void {
  const r = node.range;
  if (r) {
    r[0] += delta;
    r[1] += delta;
    r[2] += delta;
  }
  if (isCollection(node)) {
    for (const it of node.items) {
      if (isPair(it)) {
        if (it.key && typeof it.key === 'object') shift(it.key as Node, delta);
        if (it.value && typeof it.value === 'object') shift(it.value as Node, delta);
      } else if (it && typeof it === 'object') shift(it as Node, delta);
    }
  }
}

function moveTo(p: Parsed, base: number): Parsed {
  if (p.base !== base) {
    for (const n of p.items) if (n && typeof n === 'object') shift(n, base - p.base);
    p.base = base;
  }
  return p;
}

/** The items of one piece parsed alone, or undefined when the piece is not exactly one clean sequence. */
function parsePiece(piece: string, base: number): Parsed | undefined {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(piece, OPTIONS) as Document.Parsed[];
  } catch {
    return undefined;
  }
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const doc = docs[0]!;
  if (doc.errors.length || doc.warnings.length || !isSeq(doc.contents)) return undefined;
  const items = doc.contents.items as Node[];
  for (const n of items) if (n && typeof n === 'object') shift(n, base);
  return { base, items };
}

/** How much of `text` a last parse shares with it (prefix and suffix), to choose the slot to start from. */
function shared(last: Last | undefined, text: string): { p: number; q: number } | undefined {
  if (!last) return undefined;
  const p = commonPrefix(last.text, text);
  const q = commonSuffix(last.text, text, Math.min(last.text.length, text.length) - p);
  return { p, q };
}

/**
 * The document of a rules file's text built from its items parsed one by one, reusing (and moving) the pieces
 * of the last text parsed for the same file, or undefined when the whole text must be parsed. The nodes of the
 * document before are moved by this call: a caller keeps only the last document of a file.
 */
export function itemDocument(file: string, text: string, minBytes = itemParsing.minBytes): Document.Parsed | undefined {
  if (text.length < minBytes) return undefined;
  let slots = files.get(file);
  for (const l of slots ?? []) if (l?.text === text) return l.doc;
  if (slots) files.delete(file);
  else slots = [undefined, undefined];
  files.set(file, slots);
  if (files.size > KEEP_FILES) files.delete(files.keys().next().value!);
  // Start from the slot that shares more with the text (the other one is kept as it is).
  const s0 = shared(slots[0], text);
  const s1 = shared(slots[1], text);
  const score = (s: { p: number; q: number } | undefined) => (s ? s.p + s.q : -1);
  const slot = !slots[0] ? 0 : !slots[1] ? (score(s0) > text.length / 2 ? 0 : 1) : score(s0) >= score(s1) ? 0 : 1;
  const last = slots[slot];
  const same = slot === 0 ? s0 : s1;
  slots[slot] = undefined;
  // The lines that differ: [a, b) in the new text, [a, b - delta) in the last one.
  const delta = last ? text.length - last.text.length : 0;
  let a = 0;
  let b = text.length;
  if (last && same) {
    a = same.p === 0 ? 0 : text.lastIndexOf('\n', same.p - 1) + 1;
    const e = text.indexOf('\n', text.length - same.q);
    b = e < 0 ? text.length : e + 1;
    if (b < a) b = a;
  }
  const starts: number[] = [];
  const oldStarts = last?.starts ?? [];
  let k = 0;
  while (k < oldStarts.length && oldStarts[k]! < a) starts.push(oldStarts[k++]!);
  const keptBefore = starts.length;
  if (!scanStarts(text, a, b, starts)) return undefined;
  const scannedTo = starts.length;
  while (k < oldStarts.length && oldStarts[k]! < b - delta) k++;
  const firstAfter = k;
  for (; k < oldStarts.length; k++) starts.push(oldStarts[k]! + delta);
  if (!starts.length) return undefined;
  const oldPieces = last?.pieces ?? [];
  // The old pieces of the lines that differ, by text: a piece found there again is not parsed again.
  let byText: Map<string, Parsed[]> | undefined;
  const reuse = (piece: string, base: number): Parsed | undefined => {
    if (!last) return undefined;
    if (!byText) {
      byText = new Map();
      // (only those between the kept ones: a piece is never handed out twice)
      for (let j = keptBefore; j < firstAfter; j++) {
        const t = last.text.slice(j === 0 ? 0 : oldStarts[j]!, j + 1 < oldStarts.length ? oldStarts[j + 1]! : last.text.length);
        const l = byText.get(t);
        if (l) l.push(oldPieces[j]!);
        else byText.set(t, [oldPieces[j]!]);
      }
    }
    const l = byText.get(piece);
    const p = l?.shift();
    return p ? moveTo(p, base) : undefined;
  };
  const pieces: Parsed[] = [];
  const seq = new YAMLSeq();
  const oldAfter = firstAfter - scannedTo; // index in the old pieces = index in the new ones + oldAfter, after the scan
  for (let i = 0; i < starts.length; i++) {
    const from = i === 0 ? 0 : starts[i]!;
    const to = i + 1 < starts.length ? starts[i + 1]! : text.length;
    let parsed: Parsed | undefined;
    // A piece that ends before the lines that differ is the same piece at the same place.
    if (i + 1 < keptBefore || (i + 1 === keptBefore && to <= a && i + 1 < starts.length && starts[i + 1]! === oldStarts[i + 1])) parsed = oldPieces[i];
    // A piece that starts after them is the same piece moved by the edit (not the first old piece: that one
    // also holds the lines before its item).
    else if (i >= scannedTo && from >= b && i + oldAfter > 0) parsed = moveTo(oldPieces[i + oldAfter]!, from);
    else {
      const piece = text.slice(from, to);
      parsed = reuse(piece, from) ?? parsePiece(piece, from);
    }
    if (!parsed) return undefined;
    pieces.push(parsed);
    for (const n of parsed.items) seq.items.push(n);
  }
  const end = seq.items[seq.items.length - 1] as Node | undefined;
  if (end?.range) seq.range = [starts[0]!, end.range[1], end.range[2]];
  const doc = { errors: [], warnings: [], contents: seq } as unknown as Document.Parsed;
  slots[slot] = { text, doc, starts, pieces };
  return doc;
}
