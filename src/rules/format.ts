import { Composer, Parser, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { messageNaming, type Diagnostic } from '../diagnostic.js';
import type { Expr } from '../syntax/ast.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import { format as printCondition } from '../syntax/printer.js';
import { stripRanges } from '../syntax/strip.js';
import { lineColumnAt, mapRange } from './positions.js';

/*
 * The rules-file formatter: one layout, almost no options, in the spirit of gofmt and Prettier.
 *
 * - Items at column 0, one blank line between items, keys two columns in, nested collections two more.
 * - Keys stay in the order written: the order is the author's (rule, desc, condition, output… is a
 *   convention, not a rule), comments sit next to keys, and a reorder would make every diff of a
 *   hand-written file noisy.
 * - Rule and macro conditions are printed in canonical form (syntax/printer.ts). A condition that fits in
 *   WIDTH columns stays on the key's line; a longer one becomes a folded block scalar (`condition: >`),
 *   broken before its top-level `and`/`or`, nested groups indented two columns per depth, long lists filled.
 *   The fragment of an appending item (`append: true`, `override: {condition: append}`) is not a condition
 *   on its own (Falco concatenates text), so it is kept as written.
 * - Sequences of scalars (`items`, `tags`, exception `fields`/`comps`) are flow sequences filled up to
 *   WIDTH; exception `values` one tuple per line; scalars other than conditions keep their source text
 *   (outputs and descriptions as written), re-indented.
 * - Comments stay where they are (own-line comments before the key or item they precede, trailing comments
 *   on their line); line endings become `\n`; one final newline.
 *
 * The result is checked before it is returned: it must parse, hold the same data, the same conditions
 * (compared as trees) and the same comments. A file with YAML or condition errors, or one using YAML
 * features rules files do not use (anchors, aliases, tags, several documents), is returned unchanged.
 */

export const FORMAT_WIDTH = 100;

export interface FormatRulesOptions {
  /** Reported in diagnostics. */
  path?: string;
}

/** A piece of the file: text [start, end) of the input (offsets in the input as given) and what it becomes. */
export interface FormatChunk {
  start: number;
  end: number;
  text: string;
}

export interface FormatRulesResult {
  /** The formatted text; the input unchanged when `diagnostics` has errors or the file cannot be formatted. */
  text: string;
  changed: boolean;
  /** YAML and condition errors (the file is then left as it is). */
  diagnostics: Diagnostic[];
  /** The formatted file cut at top-level items (concatenated, the texts make `text`), for range formatting. */
  chunks: FormatChunk[];
  /** Why the file was left as it is without errors (unsupported YAML), if it was. */
  skipped?: string;
}

/** Formats a Falco rules file (see the comment at the top of this file). Never throws. */
export function formatRules(input: string, options: FormatRulesOptions = {}): FormatRulesResult {
  const unchanged = (diagnostics: Diagnostic[], skipped?: string): FormatRulesResult => ({
    text: input,
    changed: false,
    diagnostics,
    chunks: [{ start: 0, end: input.length, text: input }],
    ...(skipped ? { skipped } : {}),
  });
  const text = input.replace(/\r\n?/g, '\n');
  const crs = crPositions(input);
  const toInput = (offset: number) => offset + countBelow(crs, offset);
  let docs: Document.Parsed[];
  let cst: unknown[];
  try {
    ({ docs, cst } = parseYaml(text));
  } catch (e) {
    return unchanged([diag(options, input, 0, 0, `YAML: ${(e as Error).message}`, 'LOAD_ERR_YAML_PARSE')]);
  }
  const errors: Diagnostic[] = [];
  for (const d of docs) {
    for (const e of d.errors) errors.push(diag(options, input, toInput(e.pos[0]), toInput(e.pos[1]), e.message.split('\n')[0]!, 'LOAD_ERR_YAML_PARSE'));
  }
  if (errors.length) return unchanged(errors);
  const comments = collectComments(cst);
  if (comments === undefined) return unchanged([], 'anchors, aliases, tags or directives are not formatted');
  if (docs.length > 1) return unchanged([], 'a file with several YAML documents is not formatted');
  const doc = docs[0];
  // Condition errors: the file is left as it is, with each error in place.
  if (doc) {
    for (const c of conditionsOf(doc)) {
      if (c.append) continue;
      const value = String(c.node.value);
      const r = parse(value, { maxDepth: FALCO_MAX_DEPTH });
      if (!r.ast) {
        for (const d of r.diagnostics) {
          const range = mapRange(text, c.node, d.range.start.offset, d.range.end.offset);
          // A message naming a place in the condition ("opened at 1:5") names it in the file.
          const related = d.related?.[0];
          const at = related && lineColumnAt(input, toInput(mapRange(text, c.node, related.range.start.offset, related.range.start.offset + 1).start.offset));
          const message = at ? messageNaming(d, `${at.line}:${at.column}`) : d.message;
          errors.push(diag(options, input, toInput(range.start.offset), toInput(range.end.offset), message, d.code));
        }
      }
    }
  }
  if (errors.length) return unchanged(errors);

  let chunks: FormatChunk[];
  try {
    const conditions = new Set<Node>(doc ? conditionsOf(doc).filter((c) => !c.append).map((c) => c.node) : []);
    chunks = new Emitter(text, comments, conditions).file(doc, cst);
  } catch (e) {
    // A formatter bug must not cost the user anything: the file stays as it is, and says why.
    return unchanged([], e instanceof Unsupported ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}; left as it is`);
  }
  const out = chunks.map((c) => c.text).join('');
  const problem = verify(doc, out, comments);
  if (problem) return unchanged([], `internal: the formatted text would differ (${problem}); left as it is`);
  const mapped = chunks.map((c) => ({ start: toInput(c.start), end: toInput(c.end), text: c.text }));
  return { text: out, changed: out !== input, diagnostics: [], chunks: mapped };
}

class Unsupported extends Error {}

function diag(options: FormatRulesOptions, source: string, start: number, end: number, message: string, code: string): Diagnostic {
  return {
    code,
    severity: 'error',
    message,
    range: { start: lineColumnAt(source, start), end: lineColumnAt(source, end) },
    ...(options.path !== undefined ? { file: options.path } : {}),
  };
}

function crPositions(input: string): number[] {
  // Offsets (in the normalised text) where a `\r` was dropped.
  const out: number[] = [];
  let removed = 0;
  for (let i = input.indexOf('\r'); i >= 0; i = input.indexOf('\r', i + 1)) {
    if (input[i + 1] === '\n') {
      out.push(i - removed);
      removed++;
    }
  }
  return out;
}

function countBelow(sorted: number[], offset: number): number {
  // How many dropped `\r` came before `offset` (a `\r` at the offset itself stays after it).
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------------------
// Comments

interface Comment {
  offset: number;
  text: string;
  /** True when something other than blanks precedes it on its line. */
  trailing: boolean;
}

/** The documents of a YAML text and its CST, lexed once (source tokens kept: block scalars need them). */
function parseYaml(text: string): { docs: Document.Parsed[]; cst: unknown[] } {
  const cst = [...new Parser().parse(text)];
  const docs = [...new Composer({ uniqueKeys: false, keepSourceTokens: true }).compose(cst as never, false, text.length)] as Document.Parsed[];
  return { docs, cst };
}

/** The fields of CST tokens that hold other tokens (yaml's `cst.d.ts`). */
const CST_CHILDREN = ['start', 'key', 'sep', 'value', 'end', 'props', 'items'] as const;
const UNSUPPORTED_TOKENS = new Set(['anchor', 'tag', 'alias', 'directive-line', 'doc-end', 'explicit-key-ind']);

/** Every comment of the CST, or undefined when the file uses YAML features the formatter leaves alone. */
function collectComments(tokens: unknown[]): Comment[] | undefined {
  const found: Array<{ offset: number; source: string }> = [];
  let unsupported = false;
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
      return;
    }
    if (!x || typeof x !== 'object') return;
    const t = x as Record<string, unknown> & { type?: string; offset?: number; source?: unknown };
    if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') found.push({ offset: t.offset, source: t.source });
    if (t.type !== undefined && UNSUPPORTED_TOKENS.has(t.type)) unsupported = true;
    for (const k of CST_CHILDREN) {
      const v = t[k];
      if (v && typeof v === 'object') visit(v);
    }
  };
  visit(tokens);
  if (unsupported) return undefined;
  found.sort((a, b) => a.offset - b.offset);
  return found.map((c) => ({ offset: c.offset, text: c.source.trimEnd(), trailing: false }));
}

// ---------------------------------------------------------------------------------------------------------
// Conditions

interface ConditionNode {
  node: Scalar;
  append: boolean;
}

/** The condition scalars of rules and macros, and whether each is an appended fragment. */
function conditionsOf(doc: Document.Parsed): ConditionNode[] {
  const out: ConditionNode[] = [];
  const root = doc.contents;
  if (!isSeq(root)) return out;
  for (const item of root.items) {
    if (!isMap(item) || !(item.has('rule') || item.has('macro'))) continue;
    if (item.has('list') || item.has('required_engine_version') || item.has('required_plugin_versions')) continue;
    const node = item.get('condition', true) as unknown;
    if (!isScalar(node) || typeof node.value !== 'string' || (node.value as string).trim() === '') continue;
    out.push({ node, append: isAppend(item, 'condition') });
  }
  return out;
}

function isAppend(item: YAMLMap, key: string): boolean {
  const a = item.get('append', true);
  if (isScalar(a) && (a.value === true || /^(true|yes|on|y)$/i.test(String(a.value)))) return true;
  const ov = item.get('override', true);
  if (isMap(ov)) {
    const v = ov.get(key, true);
    if (isScalar(v) && String(v.value) === 'append') return true;
  }
  // Anything unusual (an `override` that is not a mapping): treat as append, so the text is kept.
  return ov !== undefined && !isMap(ov);
}

/** Canonical condition lines, each relative to the block's indentation (continuations carry extra spaces). */
export function conditionLines(ast: Expr, base: number, width = FORMAT_WIDTH): string[] {
  return new Layout(base, width).lines(ast, '', 0, '');
}

class Layout {
  constructor(private readonly base: number, private readonly width: number) {}

  private fits(line: string): boolean {
    return this.base + line.length <= this.width;
  }

  /** Lines for `e`: the first starts with `lead`, the others are indented by `cont`; the last ends with `tail`. */
  lines(e: Expr, lead: string, cont: number, tail: string): string[] {
    const flat = lead + printCondition(e) + tail;
    if (this.fits(flat)) return [flat];
    switch (e.kind) {
      case 'and':
      case 'or': {
        const out: string[] = [];
        e.children.forEach((c, i) => {
          const l = i === 0 ? lead : `${' '.repeat(cont)}${e.kind} `;
          const t = i === e.children.length - 1 ? tail : '';
          out.push(...this.child(c, l, cont, t));
        });
        return out;
      }
      case 'not': {
        const c = e.child;
        if (c.kind === 'and' || c.kind === 'or' || c.kind === 'not') return this.group(c, `${lead}not `, cont, tail);
        return this.lines(c, `${lead}not `, cont, tail);
      }
      case 'binary_check':
        if (e.right.kind === 'list' && e.right.values.length > 1) {
          const head = `${lead}${printCondition(e.left)} ${e.op} (`;
          const items = e.right.values.map((v) => printCondition({ kind: 'list', values: [v], range: e.range }).slice(1, -1));
          return this.fill(head, items, cont + 2, `)${tail}`);
        }
        return [flat];
      default:
        return [flat];
    }
  }

  private child(c: Expr, lead: string, cont: number, tail: string): string[] {
    // An `and` inside an `or` needs no parentheses (the printer writes none), but in a condition laid out
    // over lines they tell the reader how it groups, as the Falco rules files write it: always put.
    if (c.kind === 'and' || c.kind === 'or') return this.group(c, lead, cont, tail);
    return this.lines(c, lead, cont, tail);
  }

  private group(c: Expr, lead: string, cont: number, tail: string): string[] {
    const flat = `${lead}(${printCondition(c)})${tail}`;
    if (this.fits(flat)) return [flat];
    return this.lines(c, `${lead}(`, cont + 2, `)${tail}`);
  }

  private fill(head: string, items: string[], cont: number, tail: string): string[] {
    const out: string[] = [];
    let line = head;
    let first = true;
    items.forEach((item, i) => {
      const piece = item + (i === items.length - 1 ? tail : ',');
      if (first) {
        line += piece;
        first = false;
      } else if (this.fits(`${line} ${piece}`)) line += ` ${piece}`;
      else {
        out.push(line);
        line = ' '.repeat(cont) + piece;
      }
    });
    out.push(line);
    return out;
  }
}

/** True when `s` can be written as a plain scalar on a key's line and read back as the same string. */
function plainSafe(s: string): boolean {
  if (!/^[A-Za-z0-9_(./]/.test(s)) return false;
  if (/: |\s#|:$|[\t\n\r]|\s$/.test(s)) return false;
  // Not read back as a number, boolean or null.
  return !/^(?:true|false|yes|no|on|off|null|~|[-+]?(?:\.?[0-9][0-9_.]*(?:e[-+]?[0-9]+)?|\.inf|\.nan)|0x[0-9a-f]+|0o[0-7]+)$/i.test(s);
}

// ---------------------------------------------------------------------------------------------------------
// The emitter

interface Line {
  text: string;
  /** Lines inside a block scalar are never given trailing comments. */
  block?: boolean;
}

/**
 * The lines after the first of a value written over several lines, moved by `shift` columns as the first one
 * moved (never left of `min`); blank lines stay blank, and trailing blanks go when `trimEnd`.
 */
function pushContinuation(lines: Line[], parts: readonly string[], min: number, shift: number, trimEnd: boolean): void {
  for (const p of parts.slice(1)) {
    const body = p.trimStart();
    if (body === '') {
      lines.push({ text: '' });
      continue;
    }
    const ind = p.length - body.length;
    lines.push({ text: ' '.repeat(Math.max(min, ind + shift)) + (trimEnd ? body.trimEnd() : body) });
  }
}

const FLOW_SAFE_PLAIN = /^[^\s,[\]{}#&*!|>'"%@`?:-][^,[\]{}]*$|^[-?:][^\s,[\]{}][^,[\]{}]*$/;

class Emitter {
  private next = 0;

  constructor(private readonly src: string, private readonly comments: Comment[], private readonly conditions: ReadonlySet<Node>) {
    for (const c of comments) {
      const lineStart = src.lastIndexOf('\n', c.offset - 1) + 1;
      c.trailing = src.slice(lineStart, c.offset).trim() !== '';
    }
  }

  /** The whole file as chunks: one per top-level item (with the comments before it). */
  file(doc: Document.Parsed | undefined, cst: unknown[]): FormatChunk[] {
    const src = this.src;
    const root = doc?.contents;
    // A `---` before the items (YAML's document start, which some files begin with) is kept.
    const docToken = cst.find((t) => (t as { type?: string }).type === 'document') as { start?: Array<{ type: string; offset: number }> } | undefined;
    const docStart = docToken?.start?.find((s) => s.type === 'doc-start');
    const head: Line[] = [];
    if (docStart) {
      this.leading(head, docStart.offset, 0, true);
      head.push({ text: '---' });
      this.trailing(head, docStart.offset + 3);
    }
    if (!doc || root === null || root === undefined || (isScalar(root) && root.value === null)) {
      // Comments only (or nothing).
      const lines: Line[] = [...head];
      this.leading(lines, src.length, 0, true);
      return [{ start: 0, end: src.length, text: joinLines(lines) }];
    }
    if (!isSeq(root) || root.flow) throw new Unsupported('not a rules file (the top level is not a block sequence)');
    const chunks: FormatChunk[] = [];
    let chunkStart = 0;
    root.items.forEach((item, i) => {
      const n = item as Node;
      const start = this.nodeStart(n);
      const lines: Line[] = i === 0 ? head : [{ text: '' }];
      this.leading(lines, start, 0, true);
      this.seqItem(lines, n, 0);
      // Indented comments right after the item (a key commented out) stay in it, at the keys' indentation.
      const nextStart = i === root.items.length - 1 ? src.length : this.nodeStart(root.items[i + 1] as Node);
      while (this.next < this.comments.length) {
        const c = this.comments[this.next]!;
        if (c.offset >= nextStart || c.trailing || this.columnOf(c.offset) === 0) break;
        lines.push({ text: `  ${c.text}` });
        this.next++;
      }
      const end = i === root.items.length - 1 ? src.length : this.chunkBoundary(this.nodeStart(root.items[i + 1] as Node));
      if (i === root.items.length - 1) {
        const rest: Line[] = [];
        this.leading(rest, src.length, 0, true);
        if (rest.length) lines.push({ text: '' }, ...rest);
      }
      chunks.push({ start: chunkStart, end, text: joinLines(lines) });
      chunkStart = end;
    });
    if (!chunks.length) {
      const lines: Line[] = [];
      this.leading(lines, src.length, 0, true);
      chunks.push({ start: 0, end: src.length, text: joinLines(lines) });
    }
    if (this.next < this.comments.length) throw new Unsupported('internal: a comment was not placed');
    return chunks;
  }

  /** Where the chunk of the item starting at `itemStart` begins: the line of its first unplaced comment. */
  private chunkBoundary(itemStart: number): number {
    let at = itemStart;
    for (let k = this.next; k < this.comments.length && this.comments[k]!.offset < itemStart; k++) {
      at = Math.min(at, this.comments[k]!.offset);
      break;
    }
    // The `-` of the item is before its map's range: go to the start of the line, then back over the blank
    // lines before it (they belong to the item's chunk, whose text starts with the blank line between items).
    let line = this.src.lastIndexOf('\n', at - 1) + 1;
    while (line > 0 && this.src.slice(this.src.lastIndexOf('\n', line - 2) + 1, line).trim() === '') {
      line = this.src.lastIndexOf('\n', line - 2) + 1;
    }
    return line;
  }

  private nodeStart(n: Node | null | undefined): number {
    if (!n) return this.src.length;
    const r = n.range;
    if (!r) return this.src.length;
    // For a sequence item, the `-` indicator precedes the node.
    return r[0];
  }

  /**
   * Own-line comments before `before`, written at `indent`. With `blanks`, a blank line of the source
   * between comments (or between the last comment and what follows) is kept (at most one).
   */
  private leading(lines: Line[], before: number, indent: number, blanks: boolean): void {
    const src = this.src;
    while (this.next < this.comments.length && this.comments[this.next]!.offset < before) {
      // An own-line comment, or a trailing one no node took (after a lone `-`): on a line of its own.
      const c = this.comments[this.next++]!;
      lines.push({ text: ' '.repeat(indent) + c.text });
      if (blanks) {
        const lineEnd = src.indexOf('\n', c.offset);
        const nextAt = this.next < this.comments.length && this.comments[this.next]!.offset < before ? this.comments[this.next]!.offset : before;
        const between = lineEnd < 0 ? '' : src.slice(lineEnd + 1, src.lastIndexOf('\n', nextAt - 1) + 1);
        if (/\n\s*\n|^\s*\n/.test(between) && lines[lines.length - 1]?.text !== '') lines.push({ text: '' });
      }
    }
  }

  /** A trailing comment on the source line where `end` is, appended to the last line. */
  private trailing(lines: Line[], end: number): void {
    const c = this.comments[this.next];
    if (!c || !c.trailing) return;
    // A value that ends with its line (a block scalar) has nothing after it on that line.
    if (end > 0 && this.src[end - 1] === '\n') return;
    const between = this.src.slice(end, c.offset);
    if (between.includes('\n')) return;
    const last = lines[lines.length - 1];
    if (!last || last.block) return;
    this.next++;
    last.text += ` ${c.text}`;
  }

  /** Comments inside [start, end) that a verbatim copy carries: marked as placed. */
  private skipInside(start: number, end: number): boolean {
    let any = false;
    while (this.next < this.comments.length && this.comments[this.next]!.offset >= start && this.comments[this.next]!.offset < end) {
      this.next++;
      any = true;
    }
    return any;
  }

  private hasCommentIn(start: number, end: number): boolean {
    for (let k = this.next; k < this.comments.length; k++) {
      const o = this.comments[k]!.offset;
      if (o >= end) return false;
      if (o >= start) return true;
    }
    return false;
  }

  /** `- ` and the node, at `indent` (the column of the `-`). */
  private seqItem(lines: Line[], n: Node | null, indent: number): void {
    const pad = ' '.repeat(indent);
    if (n === null || (isScalar(n) && n.value === null && !n.range)) {
      lines.push({ text: `${pad}-` });
      return;
    }
    if (isMap(n) && !n.flow && n.items.length) {
      this.mapPairs(lines, n, indent + 2, `${pad}- `);
      return;
    }
    if (isSeq(n) && !n.flow && n.items.length) {
      // A block sequence inside a sequence: `- - a` is rare; write it as a flow sequence when possible.
      const flow = this.flowText(n);
      if (flow !== undefined) {
        lines.push({ text: `${pad}- ${flow}` });
        this.trailing(lines, n.range![1]);
        return;
      }
      throw new Unsupported('a block sequence directly inside a sequence is not formatted');
    }
    const first = `${pad}- `;
    this.inlineValue(lines, n, first, indent, indent + 2, undefined);
  }

  /** The pairs of a block map, keys at `indent`; the first line starts with `firstLead` when given. */
  private mapPairs(lines: Line[], map: YAMLMap, indent: number, firstLead?: string): void {
    const pad = ' '.repeat(indent);
    map.items.forEach((pair, i) => {
      const key = pair.key as Node | null;
      if (!isScalar(key) || !key.range) throw new Unsupported('a mapping key that is not a scalar');
      if (i > 0 || firstLead === undefined) this.leading(lines, key.range[0], indent, false);
      const keyText = this.src.slice(key.range[0], key.range[1]);
      if (keyText.includes('\n')) throw new Unsupported('a multi-line key');
      const lead = `${i === 0 && firstLead !== undefined ? firstLead : pad}${keyText}:`;
      // The conditions formatted are those checked (the first `condition` of a rule or macro that does not append).
      this.pairValue(lines, pair, lead, indent, this.conditions.has(pair.value as Node));
    });
  }

  private pairValue(lines: Line[], pair: Pair, lead: string, indent: number, isCondition: boolean): void {
    const v = pair.value as Node | null;
    const keyEnd = (pair.key as Node).range![1];
    if (v === null || (isScalar(v) && v.value === null && (v.range ? v.range[0] === v.range[1] : true))) {
      lines.push({ text: lead });
      this.trailing(lines, keyEnd);
      return;
    }
    if (isCondition && isScalar(v) && typeof v.value === 'string') {
      const ast = parse(v.value, { maxDepth: FALCO_MAX_DEPTH }).ast;
      if (ast) {
        this.condition(lines, v, ast, lead, indent);
        return;
      }
    }
    if (isSeq(v)) return this.seqValue(lines, v, lead, indent, keyEnd);
    if (isMap(v)) {
      if (!v.items.length) {
        lines.push({ text: `${lead} {}` });
        this.skipInside(v.range![0], v.range![1]);
        this.trailing(lines, v.range![1]);
        return;
      }
      if (v.flow && this.hasCommentIn(v.range![0], v.range![1])) return this.verbatim(lines, v, lead, indent);
      lines.push({ text: lead });
      this.keyLineComment(lines, keyEnd, v.range![0]);
      this.mapPairs(lines, v, indent + 2);
      return;
    }
    this.inlineValue(lines, v, `${lead} `, indent, indent + 2, keyEnd);
  }

  /** A trailing comment between a `key:` and its collection value (on the key's line). */
  private keyLineComment(lines: Line[], keyEnd: number, valueStart: number): void {
    const c = this.comments[this.next];
    if (c && c.offset >= keyEnd && c.offset < valueStart && c.trailing && !this.src.slice(keyEnd, c.offset).includes('\n')) {
      lines[lines.length - 1]!.text += ` ${c.text}`;
      this.next++;
    }
  }

  private condition(lines: Line[], v: Scalar, ast: Expr, lead: string, indent: number): void {
    const [start, valueEnd] = v.range!;
    const headerComments: string[] = [];
    while (this.next < this.comments.length && this.comments[this.next]!.offset >= start && this.comments[this.next]!.offset < valueEnd) {
      headerComments.push(this.comments[this.next++]!.text);
    }
    const one = printCondition(ast);
    const suffix = headerComments.length ? ` ${headerComments.join(' ')}` : '';
    if (plainSafe(one) && lead.length + 1 + one.length <= FORMAT_WIDTH) {
      lines.push({ text: `${lead} ${one}${suffix}` });
      this.trailing(lines, valueEnd);
      return;
    }
    lines.push({ text: `${lead} >${suffix}` });
    // A comment after a one-line condition goes after the block's header.
    this.trailing(lines, valueEnd);
    const base = indent + 2;
    for (const l of conditionLines(ast, base)) lines.push({ text: ' '.repeat(base) + l, block: true });
  }

  /** A scalar (or a flow collection) after `lead`, keeping its source text; continuation lines re-indented. */
  private inlineValue(lines: Line[], v: Node, lead: string, indent: number, contentIndent: number, keyEnd: number | undefined): void {
    if (isScalar(v) && (v.type === 'BLOCK_FOLDED' || v.type === 'BLOCK_LITERAL')) return this.blockScalar(lines, v, lead, contentIndent);
    if ((isSeq(v) || isMap(v)) && v.flow) return this.verbatim(lines, v, lead.trimEnd(), indent);
    if (!isScalar(v) || !v.range) throw new Unsupported('an unexpected node');
    const [start, valueEnd] = v.range;
    const text = this.src.slice(start, valueEnd);
    const parts = text.split('\n');
    if (parts.length === 1) {
      lines.push({ text: lead + text });
      this.trailing(lines, valueEnd);
      return;
    }
    // A multi-line plain or quoted scalar: folding ignores the indentation of continuation lines (as long as
    // they are indented more than the key); keep their alignment relative to the first line.
    const oldCol = this.columnOf(start);
    let newCol = lead.length;
    if (keyEnd !== undefined && this.src.slice(keyEnd, start).includes('\n')) {
      // Written on the lines under its key: kept there.
      lines.push({ text: lead.trimEnd() });
      newCol = contentIndent;
      lines.push({ text: ' '.repeat(newCol) + parts[0]!.trimEnd() });
    } else lines.push({ text: lead + parts[0]!.trimEnd() });
    pushContinuation(lines, parts, contentIndent, newCol - oldCol, v.type === 'PLAIN');
    this.trailing(lines, valueEnd);
  }

  private columnOf(offset: number): number {
    return offset - (this.src.lastIndexOf('\n', offset - 1) + 1);
  }

  private blockScalar(lines: Line[], v: Scalar, lead: string, contentIndent: number): void {
    const [start, valueEnd] = v.range!;
    const src = this.src;
    const headerEnd = src.indexOf('\n', start);
    const header = src.slice(start, headerEnd < 0 || headerEnd > valueEnd ? valueEnd : headerEnd).trimEnd();
    const m = /^[|>]([1-9]?)([-+]?)([1-9]?)/.exec(header)!;
    // With keep chomping the blank lines after the scalar are part of its value: the blank line between items
    // would change it.
    if (m[2] === '+') throw new Unsupported('a block scalar that keeps its final line breaks (|+, >+) is not formatted');
    this.skipInside(start, headerEnd < 0 ? valueEnd : headerEnd);
    lines.push({ text: lead + header });
    if (headerEnd < 0 || headerEnd >= valueEnd) return;
    const explicit = Number(m[1] || m[3] || 0);
    const body = src.slice(headerEnd + 1, valueEnd).split('\n');
    if (body[body.length - 1] === '') body.pop();
    while (body.length && body[body.length - 1]!.trim() === '') body.pop();
    let oldIndent: number;
    let newIndent = contentIndent;
    if (explicit) {
      const token = (v as { srcToken?: { indent?: number } }).srcToken;
      const parent = typeof token?.indent === 'number' ? token.indent : undefined;
      if (parent === undefined) throw new Unsupported('a block scalar with an indentation indicator');
      oldIndent = parent + explicit;
      newIndent = contentIndent - 2 + explicit;
    } else {
      const firstText = body.find((l) => l.trim() !== '');
      oldIndent = firstText === undefined ? 0 : firstText.length - firstText.trimStart().length;
      // Leading blank lines longer than the first text line set the indentation (the package's rule).
      for (const l of body) {
        if (l.trim() !== '') break;
        if (l.length > oldIndent) oldIndent = l.length;
      }
    }
    for (const l of body) {
      if (l.trim() === '' && l.length <= oldIndent) {
        lines.push({ text: '', block: true });
        continue;
      }
      const ind = l.length - l.trimStart().length;
      if (ind < oldIndent) throw new Unsupported('a block scalar line indented less than its block');
      lines.push({ text: ' '.repeat(newIndent) + l.slice(oldIndent), block: true });
    }
  }

  /** The source text of a node, the first line after `lead`, the others shifted with it. */
  private verbatim(lines: Line[], v: Node, lead: string, indent: number): void {
    const [start, valueEnd] = v.range!;
    this.skipInside(start, valueEnd);
    const text = this.src.slice(start, valueEnd);
    const parts = text.split('\n');
    const oldCol = this.columnOf(start);
    const newCol = lead.length + 1;
    lines.push({ text: `${lead} ${parts[0]!.trimEnd()}` });
    pushContinuation(lines, parts, indent + 1, newCol - oldCol, true);
    this.trailing(lines, valueEnd);
  }

  private seqValue(lines: Line[], v: YAMLSeq, lead: string, indent: number, keyEnd: number): void {
    const [start, end] = v.range!;
    if (!v.items.length) {
      lines.push({ text: `${lead} []` });
      this.skipInside(start, end);
      this.trailing(lines, end);
      return;
    }
    const commented = this.hasCommentIn(start, end);
    const allScalars = v.items.every((i) => isScalar(i) && !(i.type === 'BLOCK_FOLDED' || i.type === 'BLOCK_LITERAL'));
    // A list of scalars (items, tags, exception fields and comps, the values of an exception with a single
    // field): a flow list filled to the width.
    if (allScalars && !commented) {
      const texts = v.items.map((i) => this.flowScalar(i as Scalar));
      if (texts.every((t): t is string => t !== undefined)) {
        this.fillFlow(lines, lead, texts, indent + 2);
        this.trailing(lines, end);
        return;
      }
    }
    if (v.flow && commented) return this.verbatim(lines, v, lead, indent);
    // A block sequence: one element per line, at the key's indentation plus two.
    lines.push({ text: lead });
    this.keyLineComment(lines, keyEnd, start);
    const itemIndent = indent + 2;
    for (const item of v.items) {
      const n = item as Node;
      this.leading(lines, this.nodeStart(n), itemIndent, false);
      if (isSeq(n) && this.flowText(n) !== undefined && !this.hasCommentIn(n.range![0], n.range![1])) {
        lines.push({ text: `${' '.repeat(itemIndent)}- ${this.flowText(n)}` });
        this.skipInside(n.range![0], n.range![1]);
        this.trailing(lines, n.range![1]);
      } else if (isSeq(n) && n.flow) {
        this.verbatim(lines, n, `${' '.repeat(itemIndent)}-`, itemIndent);
      } else this.seqItem(lines, n, itemIndent);
    }
  }

  /** A flow sequence `[a, b, [c, d]]` of scalars and flow-able sequences, or undefined. */
  private flowText(n: YAMLSeq): string | undefined {
    const parts: string[] = [];
    for (const i of n.items) {
      if (isScalar(i) && !(i.type === 'BLOCK_FOLDED' || i.type === 'BLOCK_LITERAL')) {
        const t = this.flowScalar(i);
        if (t === undefined) return undefined;
        parts.push(t);
      } else if (isSeq(i)) {
        const t = this.flowText(i);
        if (t === undefined) return undefined;
        parts.push(t);
      } else return undefined;
    }
    return `[${parts.join(', ')}]`;
  }

  /** A scalar's text for a flow sequence: its source when that is valid there, else quoted. */
  private flowScalar(s: Scalar): string | undefined {
    if (!s.range) return undefined;
    const text = this.src.slice(s.range[0], s.range[1]);
    if (!text.includes('\n')) {
      if (s.type === 'QUOTE_SINGLE' || s.type === 'QUOTE_DOUBLE') return text;
      if (s.type === 'PLAIN' && FLOW_SAFE_PLAIN.test(text) && !/: |\s#|:$/.test(text)) return text;
    }
    if (typeof s.value !== 'string') return undefined;
    return quoteYaml(s.value);
  }

  private fillFlow(lines: Line[], lead: string, items: string[], contIndent: number): void {
    const one = `${lead} [${items.join(', ')}]`;
    if (one.length <= FORMAT_WIDTH) {
      lines.push({ text: one });
      return;
    }
    lines.push({ text: `${lead} [` });
    const pad = ' '.repeat(contIndent);
    let line = '';
    items.forEach((item, i) => {
      const piece = item + (i === items.length - 1 ? '' : ',');
      if (line === '') line = pad + piece;
      else if (line.length + 1 + piece.length <= FORMAT_WIDTH) line += ` ${piece}`;
      else {
        lines.push({ text: line });
        line = pad + piece;
      }
    });
    lines.push({ text: line });
    lines.push({ text: `${pad}]` });
  }
}

/** A YAML quoted scalar for a string value (single quotes when they need no escapes). */
function quoteYaml(v: string): string {
  if (!/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v)) return `'${v.replace(/'/g, "''")}'`;
  return JSON.stringify(v);
}

function joinLines(lines: Line[]): string {
  return lines.map((l) => `${l.text.replace(/[ \t]+$/, (m) => (l.block ? m : ''))}\n`).join('');
}

// ---------------------------------------------------------------------------------------------------------
// Verification

/** Why `out` would not mean what `text` means, or undefined when it means the same. */
function verify(doc: Document.Parsed | undefined, out: string, comments: Comment[]): string | undefined {
  let docs: Document.Parsed[];
  let cst: unknown[];
  try {
    ({ docs, cst } = parseYaml(out));
  } catch (e) {
    return `YAML: ${(e as Error).message}`;
  }
  if (docs.length !== (doc ? 1 : 0) && !(docs.length <= 1 && !doc)) return 'documents';
  const after = docs[0];
  if (after?.errors.length) return `YAML: ${after.errors[0]!.message.split('\n')[0]}`;
  const a = meaning(doc);
  const b = meaning(after);
  if (a !== b) return 'data';
  const outComments = collectComments(cst) ?? [];
  const norm = (cs: Comment[]) => cs.map((c) => c.text.trim()).sort().join('\n');
  if (norm(outComments) !== norm(comments)) return 'comments';
  return undefined;
}

/** The data of a rules document with every non-appended condition replaced by its tree. */
function meaning(doc: Document.Parsed | undefined): string {
  if (!doc) return 'null';
  const conds = new Set(conditionsOf(doc).filter((c) => !c.append).map((c) => c.node));
  const walk = (n: unknown): unknown => {
    if (n === null || n === undefined) return null;
    if (isScalar(n)) {
      if (conds.has(n)) {
        const ast = parse(String(n.value), { maxDepth: FALCO_MAX_DEPTH }).ast;
        return { condition: ast ? stripRanges(ast) : String(n.value) };
      }
      return n.value;
    }
    if (isSeq(n)) return n.items.map(walk);
    if (isMap(n)) return n.items.map((p) => [walk(p.key), walk(p.value)]);
    return String(n);
  };
  return JSON.stringify(walk(doc.contents));
}
