// Exact mapping from positions inside a YAML scalar's value back to the YAML source text.
//
// The `yaml` package gives every parsed node `range = [start, valueEnd, nodeEnd]` (source offsets), but
// the value of a scalar is not a slice of the source: plain and quoted scalars fold line breaks, quoted
// scalars have escapes, block scalars strip indentation and fold or chomp line breaks. `scalarMap`
// re-reads the scalar's source text with the same rules the `yaml` package applies (see
// node_modules/yaml/dist/compose/resolve-flow-scalar.js and resolve-block-scalar.js), recording for each
// value character the source text that produced it, and checks the value it rebuilds against the one
// the package produced (`exact`).
//
// Conventions: a value character copied from the source maps to that source character; an escape
// (`\n`, `\x41`, `''`, ...) maps to the escape's first character and spans the whole escape; a space or
// line feed produced by folding maps to the source line break it stands for (the `\r` of a CRLF).

import { LineIndex, RecentTexts } from '../syntax/lines.js';
import { Parser, type Scalar } from 'yaml';
import type { Position, Range } from '../diagnostic.js';

export interface ScalarMap {
  /** Source offset of value index i (0 <= i <= value.length; i = value.length maps to just after the last char). */
  offsetAt(i: number): number;
  /** Source offset just after the source text that produced value char i (for i = value.length: same as offsetAt). */
  endOffsetAt(i: number): number;
  /** The scalar's value as rebuilt from the source (equal to the parsed value when `exact`). */
  readonly value: string;
  /** True when the rebuilt value equals the value the `yaml` package parsed, i.e. every offset is exact. */
  readonly exact: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Line/column

/** Line and column lookups in one source text (see ../syntax/lines.ts). */
export class SourceText extends LineIndex {}

const sourceTexts = new RecentTexts((text) => new SourceText(text));
const sourceText = (source: string): SourceText => sourceTexts.get(source);

/** 1-based line/column of a 0-based offset in `source`. */
export function lineColumnAt(source: string, offset: number): Position {
  return sourceText(source).positionAt(offset);
}

// ---------------------------------------------------------------------------------------------------------
// Public mapping API

const cache = new WeakMap<object, { start: number; length: number; map: ScalarMap }>();

/**
 * The map from `node`'s value indices to offsets in `source` (the text `node` was parsed from). Kept per node
 * while the node starts at the same offset of a text of the same length (a node is moved when the text before
 * it changes, src/rules/yaml-items.ts): comparing the texts would read a whole file each time.
 */
export function scalarMap(source: string, node: Scalar): ScalarMap {
  const hit = cache.get(node);
  const start = node.range?.[0] ?? -1;
  if (hit && hit.start === start && hit.length === source.length) return hit.map;
  const map = buildMap(source, node);
  cache.set(node, { start, length: source.length, map });
  return map;
}

/**
 * The source range of the value range [start, end) of `node` (indices clamped to the value; an empty or
 * reversed range is the zero-width range at `start`). The end is the end of the source text of value char
 * end - 1, so a range ending at a folded line end stops right after its last character.
 */
export function mapRange(source: string, node: Scalar, start: number, end: number): Range {
  const map = scalarMap(source, node);
  const text = sourceText(source);
  const s = Math.max(0, Math.min(start, map.value.length));
  const e = Math.max(s, Math.min(end, map.value.length));
  const from = map.offsetAt(s);
  const to = e > s ? Math.max(from, map.endOffsetAt(e - 1)) : from;
  return { start: text.positionAt(from), end: text.positionAt(to) };
}

// ---------------------------------------------------------------------------------------------------------
// Building the map

type Span = readonly [start: number, end: number];

/** Accumulates value characters with the source span of each. */
class Builder {
  readonly chars: string[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** Fold characters whose line break is decided when the next copied character arrives. */
  private deferred: number[] = [];
  /** Line breaks passed since the last copied character. */
  private breaks: Span[] = [];

  constructor(private readonly origin: number) {}

  private push(ch: string, start: number, end: number): void {
    this.chars.push(ch);
    this.starts.push(start);
    this.ends.push(end);
  }

  /** A value character (or several UTF-16 units) produced by source text [start, end). */
  char(ch: string, start: number, end = start + 1): void {
    this.flush();
    for (let k = 0; k < ch.length; k++) this.push(ch[k]!, start, end);
  }

  /** Source text copied verbatim, starting at `start`. */
  copy(text: string, start: number): void {
    this.flush();
    for (let k = 0; k < text.length; k++) this.push(text[k]!, start + k, start + k + 1);
  }

  /** A fold character standing for a known source line break. */
  foldAt(ch: string, span: Span): void {
    this.flush();
    this.push(ch, span[0], span[1]);
  }

  /** A line break in the source that folded characters may stand for. */
  lineBreak(span: Span): void {
    this.breaks.push(span);
  }

  /** A fold character standing for one of the line breaks passed since the last copied character. */
  fold(ch: string): void {
    this.deferred.push(this.chars.length);
    this.push(ch, -1, -1);
  }

  /**
   * Resolve the deferred fold characters: n of them between two copied characters stand for the last n of
   * the line breaks between them (YAML folding drops the first line break of a run, never a later one).
   */
  flush(): void {
    const n = this.deferred.length;
    if (n) {
      const m = this.breaks.length;
      for (let k = 0; k < n; k++) {
        const span = this.breaks[m - n + k] ?? this.breaks[m - 1] ?? this.atEnd();
        const idx = this.deferred[k]!;
        this.starts[idx] = span[0];
        this.ends[idx] = span[1];
      }
      this.deferred = [];
    }
    this.breaks = [];
  }

  /** A zero-width span just after the last value character resolved so far. */
  atEnd(): Span {
    for (let k = this.ends.length - 1; k >= 0; k--) if (this.ends[k]! >= 0) return [this.ends[k]!, this.ends[k]!];
    return [this.origin, this.origin];
  }

  get value(): string {
    return this.chars.join('');
  }
}

function buildMap(source: string, node: Scalar): ScalarMap {
  const range = node.range;
  if (!range) throw new Error('scalarMap: the node has no source range (was it parsed from source?)');
  const [start, valueEnd] = range;
  const expected =
    typeof (node as { source?: unknown }).source === 'string'
      ? (node as { source: string }).source
      : typeof node.value === 'string'
        ? node.value
        : undefined;

  let b: Builder;
  switch (node.type) {
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      b = blockScalar(source, node, start, valueEnd, expected);
      break;
    case 'QUOTE_DOUBLE':
      b = doubleQuoted(source.slice(start, valueEnd), start);
      break;
    case 'QUOTE_SINGLE':
      b = singleQuoted(source.slice(start, valueEnd), start);
      break;
    default:
      b = unfoldLines(source.slice(start, valueEnd), start);
  }
  b.flush();
  const value = b.value;
  return makeMap(b, value, expected === undefined || expected === value);
}

function makeMap(b: Builder, value: string, exact: boolean): ScalarMap {
  const { starts, ends } = b;
  const n = starts.length;
  const tail = n ? ends[n - 1]! : b.atEnd()[0];
  const index = (i: number) => Math.max(0, Math.min(Math.trunc(i) || 0, n));
  return {
    value,
    exact,
    offsetAt: (i) => {
      const k = index(i);
      return k < n ? starts[k]! : tail;
    },
    endOffsetAt: (i) => {
      const k = index(i);
      return k < n ? ends[k]! : tail;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Flow scalars (mirrors resolve-flow-scalar.js)

/** Plain scalars (and the inside of single-quoted ones): line folding with whitespace trimming. */
function unfoldLines(text: string, base: number, b = new Builder(base)): Builder {
  // Lines end at '\n' (an immediately preceding '\r' belongs to the break).
  let nl = text.indexOf('\n');
  if (nl < 0) {
    b.copy(text, base);
    return b;
  }
  const isWs = (c: string | undefined) => c === ' ' || c === '\t';
  const breakSpan = (at: number, lineStart: number): Span =>
    at > lineStart && text[at - 1] === '\r' ? [base + at - 1, base + at + 1] : [base + at, base + at + 1];

  // First line: trailing whitespace trimmed.
  let contentEnd = nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
  let e = contentEnd;
  while (e > 0 && isWs(text[e - 1])) e--;
  b.copy(text.slice(0, e), base);
  b.lineBreak(breakSpan(nl, 0));
  let sep: ' ' | '\n' = ' ';
  let pos = nl + 1;
  while ((nl = text.indexOf('\n', pos)) >= 0) {
    contentEnd = nl > pos && text[nl - 1] === '\r' ? nl - 1 : nl;
    let s = pos;
    while (s < contentEnd && isWs(text[s])) s++;
    let t = contentEnd;
    while (t > s && isWs(text[t - 1])) t--;
    if (s === t) {
      if (sep === '\n') b.fold('\n');
      else sep = '\n';
    } else {
      b.fold(sep);
      b.copy(text.slice(s, t), base + s);
      sep = ' ';
    }
    b.lineBreak(breakSpan(nl, pos));
    pos = nl + 1;
  }
  // Last line: leading whitespace trimmed, the rest kept.
  let s = pos;
  while (s < text.length && isWs(text[s])) s++;
  b.fold(sep);
  b.copy(text.slice(s), base + s);
  return b;
}

function singleQuoted(text: string, base: number): Builder {
  const inner = new Builder(base + 1);
  unfoldLines(text.slice(1, -1), base + 1, inner);
  inner.flush();
  // `''` is one quote, spanning both source quotes.
  const out = new Builder(base + 1);
  const { chars, starts, ends } = inner;
  for (let k = 0; k < chars.length; k++) {
    if (chars[k] === "'" && chars[k + 1] === "'") {
      out.char("'", starts[k]!, ends[k + 1]!);
      k++;
    } else out.char(chars[k]!, starts[k]!, ends[k]!);
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

function doubleQuoted(text: string, base: number): Builder {
  const b = new Builder(base + 1);
  for (let i = 1; i < text.length - 1; ++i) {
    const ch = text[i]!;
    if (ch === '\r' && text[i + 1] === '\n') continue;
    if (ch === '\n') {
      // Fold: one line break is a space; n > 1 line breaks (with blank lines between) are n - 1 newlines.
      const breaks: Span[] = [text[i - 1] === '\r' ? [base + i - 1, base + i + 1] : [base + i, base + i + 1]];
      let next = text[i + 1];
      while (next === ' ' || next === '\t' || next === '\n' || next === '\r') {
        if (next === '\r' && text[i + 2] !== '\n') break;
        if (next === '\n') breaks.push(text[i] === '\r' ? [base + i, base + i + 2] : [base + i + 1, base + i + 2]);
        i += 1;
        next = text[i + 1];
      }
      if (breaks.length === 1) b.foldAt(' ', breaks[0]!);
      else for (const br of breaks.slice(1)) b.foldAt('\n', br);
    } else if (ch === '\\') {
      const at = i;
      let next = text[++i];
      const cc = next === undefined ? undefined : ESCAPES[next];
      if (cc) b.char(cc, base + at, base + i + 1);
      else if (next === '\n') {
        // Escaped line break: nothing, and the next line's leading whitespace is skipped.
        next = text[i + 1];
        while (next === ' ' || next === '\t') next = text[++i + 1];
      } else if (next === '\r' && text[i + 1] === '\n') {
        next = text[++i + 1];
        while (next === ' ' || next === '\t') next = text[++i + 1];
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const code = text.substr(i + 1, length);
        const ok = code.length === length && /^[0-9a-fA-F]+$/.test(code);
        const cp = ok ? parseInt(code, 16) : NaN;
        let decoded: string | undefined;
        try {
          decoded = String.fromCodePoint(cp);
        } catch {
          decoded = undefined;
        }
        if (decoded !== undefined) b.char(decoded, base + at, base + i + 1 + length);
        else b.copy(text.substr(at, length + 2), base + at);
        i += length;
      } else {
        b.copy(text.substr(at, 2), base + at);
      }
    } else if (ch === ' ' || ch === '\t') {
      // Whitespace before a line break is dropped.
      const wsStart = i;
      let next = text[i + 1];
      while (next === ' ' || next === '\t') next = text[++i + 1];
      if (next !== '\n' && !(next === '\r' && text[i + 2] === '\n')) b.copy(text.slice(wsStart, i + 1), base + wsStart);
    } else {
      b.char(ch, base + i);
    }
  }
  return b;
}

// ---------------------------------------------------------------------------------------------------------
// Block scalars (mirrors resolve-block-scalar.js)

interface Header {
  mode: string;
  indent: number;
  chomp: string;
  /** Offset of the first content line (just after the header's line break). */
  contentStart: number;
}

function blockHeader(source: string, start: number, end: number): Header {
  const mode = source[start]!;
  let indent = 0;
  let chomp = '';
  let i = start + 1;
  for (; i < end; i++) {
    const ch = source[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '#') break;
    if (!chomp && (ch === '-' || ch === '+')) chomp = ch;
    else {
      const n = Number(ch);
      if (!indent && n) indent = n;
    }
  }
  const nl = source.indexOf('\n', i);
  const contentStart = nl < 0 || nl >= end ? end : nl + 1;
  return { mode, indent, chomp, contentStart };
}

/** [indent, content] per line, as the `yaml` package splits a block scalar (content keeps a CRLF's '\r'). */
interface Line {
  indent: number;
  content: string;
  /** Offset of the line's first character (its indentation). */
  at: number;
  /** The line break ending this line, if any. */
  brk: Span | undefined;
}

function splitLines(source: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  let at = from;
  for (;;) {
    const nl = source.indexOf('\n', at);
    const end = nl < 0 || nl >= to ? to : nl;
    let s = at;
    while (s < end && source[s] === ' ') s++;
    const content = source.slice(s, end);
    const brk: Span | undefined =
      end < to ? (content.endsWith('\r') ? [end - 1, end + 1] : [end, end + 1]) : undefined;
    lines.push({ indent: s - at, content, at, brk });
    if (end >= to) break;
    at = end + 1;
  }
  return lines;
}

function blockScalar(source: string, node: Scalar, start: number, end: number, expected: string | undefined): Builder {
  const header = blockHeader(source, start, end);
  const text = source.slice(header.contentStart, end);
  const lines = text ? splitLines(source, header.contentStart, end) : [];
  if (header.indent === 0) return blockValue(header, lines, 0);
  // With an explicit indentation indicator, the content indentation is relative to the parent's
  // indentation as the `yaml` parser tracks it: read it from the CST token.
  const token = (node as { srcToken?: { type?: string; indent?: number } }).srcToken;
  const parentIndent =
    token?.type === 'block-scalar' && typeof token.indent === 'number' ? token.indent : blockIndents(source).get(start);
  if (parentIndent !== undefined) return blockValue(header, lines, parentIndent);
  // Not found (the node was not parsed from `source` as is): take the parent indentation that rebuilds the value.
  let first: Builder | undefined;
  const maxIndent = lines.reduce((m, l) => Math.max(m, l.indent), 0);
  for (let p = 0; p <= maxIndent; p++) {
    const b = blockValue(header, lines, p);
    first ??= b;
    b.flush();
    if (expected === undefined || b.value === expected) return b;
  }
  return first ?? blockValue(header, lines, 0);
}

/** Offset → parser indentation of every block scalar in `source`. */
const blockIndentsOf = new RecentTexts(indentsOf);
const blockIndents = (source: string): Map<number, number> => blockIndentsOf.get(source);

function indentsOf(source: string): Map<number, number> {
  const indents = new Map<number, number>();
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) for (const y of x) visit(y);
    else if (x && typeof x === 'object') {
      const t = x as { type?: unknown; offset?: unknown; indent?: unknown };
      if (t.type === 'block-scalar' && typeof t.offset === 'number' && typeof t.indent === 'number') {
        indents.set(t.offset, t.indent);
        return;
      }
      for (const v of Object.values(x)) if (v && typeof v === 'object') visit(v);
    }
  };
  for (const token of new Parser().parse(source)) visit(token);
  return indents;
}

function blockValue(header: Header, lines: Line[], parentIndent: number): Builder {
  const b = new Builder(header.contentStart);
  const folded = header.mode === '>';
  const isEmpty = (c: string) => c === '' || c === '\r';
  const brk = (i: number): Span => lines[i]?.brk ?? b.atEnd();

  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if (isEmpty(lines[i]!.content)) chompStart = i;
    else break;
  }
  if (chompStart === 0) {
    if (header.chomp === '+' && lines.length > 0) {
      const n = Math.max(1, lines.length - 1);
      for (let k = 0; k < n; k++) b.foldAt('\n', brk(k));
    }
    return b;
  }

  let trimIndent = parentIndent + header.indent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const { indent, content } = lines[i]!;
    if (isEmpty(content)) {
      if (header.indent === 0 && indent > trimIndent) trimIndent = indent;
    } else {
      if (header.indent === 0) trimIndent = indent;
      contentStart = i;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i]!.indent > trimIndent) chompStart = i + 1;
  }

  // Leading blank lines keep their extra indentation and their line breaks.
  for (let i = 0; i < contentStart; ++i) {
    const l = lines[i]!;
    if (l.indent > trimIndent) b.copy(' '.repeat(l.indent - trimIndent), l.at + trimIndent);
    b.foldAt('\n', brk(i));
  }

  let sep = '';
  let prevMoreIndented = false;
  for (let i = contentStart; i < chompStart; ++i) {
    const l = lines[i]!;
    if (i > contentStart) b.lineBreak(brk(i - 1));
    let content = l.content;
    if (content.endsWith('\r')) content = content.slice(0, -1);
    let indent = l.indent;
    if (content && indent < trimIndent) indent = 0; // BAD_INDENT: the package drops the indentation
    const contentAt = l.at + l.indent;
    const extra = (): void => {
      if (indent > trimIndent) b.copy(' '.repeat(indent - trimIndent), l.at + trimIndent);
    };
    if (!folded) {
      for (const c of sep) b.fold(c);
      extra();
      b.copy(content, contentAt);
      sep = '\n';
    } else if (indent > trimIndent || content[0] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      for (const c of sep) b.fold(c);
      extra();
      b.copy(content, contentAt);
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') b.fold('\n');
      else sep = '\n';
    } else {
      for (const c of sep) b.fold(c);
      b.copy(content, contentAt);
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  b.flush();

  // Chomping: the final line break and trailing blank lines.
  switch (header.chomp) {
    case '-':
      break;
    case '+': {
      for (let i = chompStart; i < lines.length; ++i) {
        const l = lines[i]!;
        b.foldAt('\n', brk(i - 1));
        if (l.indent > trimIndent) b.copy(' '.repeat(l.indent - trimIndent), l.at + trimIndent);
      }
      if (b.chars[b.chars.length - 1] !== '\n') b.foldAt('\n', brk(lines.length - 1));
      break;
    }
    default:
      b.foldAt('\n', brk(chompStart - 1));
  }
  return b;
}
