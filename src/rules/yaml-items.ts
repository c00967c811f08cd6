import { isCollection, isPair, isSeq, parseAllDocuments, YAMLSeq, type Document, type Node } from 'yaml';

/*
 * A rules file parsed item by item, so that an edit costs the items it touched. A rules file is a YAML block
 * sequence at column 0 whose items (`- rule: …`, `- macro: …`) do not depend on each other as YAML, so the
 * text is cut at the lines that start with `- ` and each piece is parsed alone; a piece met again (the same
 * text, at the same or another offset) reuses its parse, its node ranges shifted to the new offset. The
 * result is the document a parse of the whole text gives (same nodes, values and ranges: test/yaml-items.test.ts
 * compares them); whenever that cannot be told from a line scan (other text at column 0, documents,
 * directives, anchors and aliases, flow style at the top, a piece with a YAML error or warning) the answer is
 * `undefined` and the caller parses the whole text.
 */

const OPTIONS = { keepSourceTokens: false, uniqueKeys: false } as const;

interface Parsed {
  /** Where the piece starts in the text its nodes' ranges refer to now. */
  base: number;
  items: Node[];
}

/**
 * What was parsed last for one file: its text and document, and its pieces by text (several for a text met at
 * several offsets). The nodes of a piece are moved in place when the piece moves, so a document is only good
 * until the next parse for the same file: `last` is the one kept.
 */
interface FilePieces {
  last?: { text: string; doc: Document.Parsed };
  pieces: Map<string, Parsed[]>;
}

const files = new Map<string, FilePieces>();
/** Files whose pieces are kept (the most recently parsed). */
const KEEP_FILES = 16;

/**
 * Texts below `minBytes` are parsed whole (cutting them up costs more than it saves); `enabled: false` parses
 * every text whole (tests compare both ways).
 */
export const itemParsing = { enabled: true, minBytes: 16 * 1024 };

/**
 * Anchors (`&a`) and aliases (`*a`) reach across items; a text that may hold one is parsed whole. They can only
 * open a node: at a line's start, after `- `, `? `, `: `, or `[`, `{`, `,` in flow style (what this finds in
 * quoted text or comments only sends the text to the whole parse).
 */
const ANCHOR_OR_ALIAS = /(?:^|[-?:,[{])[ \t]*[&*][^\s]/m;

/** Offsets where the top-level items start, or undefined when the text is not a plain list of items. */
export function itemStarts(text: string): number[] | undefined {
  if (ANCHOR_OR_ALIAS.test(text)) return undefined;
  const starts: number[] = [];
  let at = 0;
  const n = text.length;
  while (at < n) {
    let eol = text.indexOf('\n', at);
    if (eol < 0) eol = n;
    const c = text.charCodeAt(at);
    if (c === 0x2d /* - */) {
      const next = text.charCodeAt(at + 1);
      // `- ` opens an item; `---`, `-x`, a lone `-` are left to the whole-text parse
      if (next !== 0x20) return undefined;
      starts.push(at);
    } else if (c !== 0x20 && c !== 0x23 /* # */ && c !== 0x0a && c !== 0x0d) {
      // a tab, a key, flow style, `...`, `%` directives, a BOM: other text at column 0
      if (c === 0x09 && /^[ \t]*\r?$/.test(text.slice(at, eol))) {
        at = eol + 1;
        continue;
      }
      return undefined;
    }
    at = eol + 1;
  }
  return starts.length ? starts : undefined;
}

function shift(node: Node, delta: number): void {
  if (node.range) node.range = [node.range[0] + delta, node.range[1] + delta, node.range[2] + delta];
  if (isCollection(node)) {
    for (const it of node.items) {
      if (isPair(it)) {
        if (it.key && typeof it.key === 'object') shift(it.key as Node, delta);
        if (it.value && typeof it.value === 'object') shift(it.value as Node, delta);
      } else if (it && typeof it === 'object') shift(it as Node, delta);
    }
  }
}

/** The items of one piece parsed alone, or undefined when the piece is not exactly one clean sequence. */
function parsePiece(piece: string): Node[] | undefined {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(piece, OPTIONS) as Document.Parsed[];
  } catch {
    return undefined;
  }
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const doc = docs[0]!;
  if (doc.errors.length || doc.warnings.length || !isSeq(doc.contents)) return undefined;
  return doc.contents.items as Node[];
}

/**
 * The document of a rules file's text built from its items parsed one by one, reusing (and moving) the pieces
 * parsed before for the same file, or undefined when the whole text must be parsed. The nodes of the document
 * before are moved by this call: a caller keeps only the last document of a file.
 */
export function itemDocument(file: string, text: string, minBytes = itemParsing.minBytes): Document.Parsed | undefined {
  if (!itemParsing.enabled || text.length < minBytes) return undefined;
  let fp = files.get(file);
  if (fp?.last?.text === text) return fp.last.doc;
  const starts = itemStarts(text);
  if (!starts) return undefined;
  if (fp) files.delete(file);
  else fp = { pieces: new Map() };
  files.set(file, fp);
  if (files.size > KEEP_FILES) files.delete(files.keys().next().value!);
  const old = fp.pieces;
  const pieces = new Map<string, Parsed[]>();
  const taken = new Set<Parsed>();
  const seq = new YAMLSeq();
  for (let i = 0; i < starts.length; i++) {
    // The first piece also holds the comments before the first item.
    const from = i === 0 ? 0 : starts[i]!;
    const to = i + 1 < starts.length ? starts[i + 1]! : text.length;
    const piece = text.slice(from, to);
    const before = old.get(piece);
    let parsed: Parsed | undefined;
    if (before) {
      parsed = before.find((p) => p.base === from && !taken.has(p)) ?? before.find((p) => !taken.has(p));
      if (parsed && parsed.base !== from) {
        for (const n of parsed.items) if (n && typeof n === 'object') shift(n, from - parsed.base);
        parsed.base = from;
      }
    }
    if (!parsed) {
      const items = parsePiece(piece);
      if (!items) {
        fp.last = undefined;
        fp.pieces = new Map([...old, ...pieces]);
        return undefined;
      }
      for (const n of items) if (n && typeof n === 'object') shift(n, from);
      parsed = { base: from, items };
    }
    taken.add(parsed);
    const same = pieces.get(piece);
    if (same) same.push(parsed);
    else pieces.set(piece, [parsed]);
    for (const n of parsed.items) seq.items.push(n);
  }
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (last?.range) seq.range = [starts[0]!, last.range[1], last.range[2]];
  const doc = { errors: [], warnings: [], contents: seq } as unknown as Document.Parsed;
  fp.pieces = pieces;
  fp.last = { text, doc };
  return doc;
}
