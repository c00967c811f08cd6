import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, isScalar, parseAllDocuments, Scalar, visit } from 'yaml';
import { lineColumnAt, mapRange, scalarMap, SourceText } from '../src/rules/positions.js';

/** Every scalar of every document in `src`, with the key it is the value of (if any). */
function scalars(src: string): { key: string | undefined; node: Scalar }[] {
  const out: { key: string | undefined; node: Scalar }[] = [];
  for (const doc of parseAllDocuments(src)) {
    expect(doc.errors).toEqual([]);
    visit(doc, {
      Scalar(key, node, path) {
        const parent = path[path.length - 1];
        const pairKey =
          key === 'value' && parent && 'key' in parent && isScalar(parent.key) ? String(parent.key.value) : undefined;
        out.push({ key: pairKey, node });
      },
    });
  }
  return out;
}

function valueOf(src: string, key: string, nth = 0): Scalar {
  const found = scalars(src).filter((s) => s.key === key);
  const node = found[nth]?.node;
  if (!node) throw new Error(`no scalar for key ${key}`);
  return node;
}

const fmt = (p: { line: number; column: number }) => `${p.line}:${p.column}`;

/** "line:col-line:col" of the `nth` occurrence of `needle` in the value of `key`. */
function locate(src: string, key: string, needle: string, nth = 0): string {
  const node = valueOf(src, key);
  const value = scalarMap(src, node).value;
  let idx = -1;
  for (let k = 0; k <= nth; k++) {
    idx = value.indexOf(needle, idx + 1);
    if (idx < 0) throw new Error(`${JSON.stringify(needle)} not in ${JSON.stringify(value)}`);
  }
  const r = mapRange(src, node, idx, idx + needle.length);
  return `${fmt(r.start)}-${fmt(r.end)}`;
}

/** "line:col" of value index `i` of the value of `key`. */
function at(src: string, key: string, i: number): string {
  const node = valueOf(src, key);
  return fmt(lineColumnAt(src, scalarMap(src, node).offsetAt(i)));
}

const FOLDED = `- rule: x
  condition: >
    evt.type = execve and
    proc.name in (bash, sh)
  output: y
`;

describe('positions inside YAML scalars', () => {
  const cases: [name: string, src: string, key: string, needle: string, nth: number, expected: string][] = [
    ['folded: token on the second line', FOLDED, 'condition', 'proc.name', 0, '4:5-4:14'],
    ['folded: last token', FOLDED, 'condition', 'sh', 1, '4:25-4:27'],
    ['folded: a range across the fold', FOLDED, 'condition', 'and proc', 0, '3:23-4:9'],
    ['folded CRLF', FOLDED.replace(/\n/g, '\r\n'), 'condition', 'proc.name', 0, '4:5-4:14'],
    ['folded strip, blank and more-indented lines', 'cond: >-\n  a and\n  b\n\n  c\n    more\n  d\n', 'cond', 'd', 1, '7:3-7:4'],
    ['folded: more-indented line keeps its extra indentation', 'cond: >-\n  a and\n  b\n\n  c\n    more\n  d\n', 'cond', '  more', 0, '6:3-6:9'],
    ['folded keep with leading blank line', 'a: >+\n\n  x\n\n\n', 'a', 'x', 0, '3:3-3:4'],
    ['folded with a comment after the header and after the scalar', 'c: > # hi\n  one\n  two\n# done\nd: 1\n', 'c', 'two', 0, '3:3-3:6'],
    ['literal', 'c: |\n  evt.type = open\n  and proc.name = x\n', 'c', 'proc.name', 0, '3:7-3:16'],
    ['literal with tabs', 'c: |\n  a\tb\n  \tc\n', 'c', '\tc', 0, '3:3-3:5'],
    ['literal strip, indentation indicator', '- rule: r\n  condition: |2-\n       evt.type = open\n     and proc.name = x\n', 'condition', 'proc.name', 0, '4:10-4:19'],
    ['literal indentation indicator keeps leading spaces', '- rule: r\n  condition: |2-\n       evt.type = open\n     and proc.name = x\n', 'condition', '   evt', 0, '3:5-3:11'],
    ['literal keep', 'c: |+\n  x\n\n\nd: 1\n', 'c', 'x', 0, '2:3-2:4'],
    ['literal with a comment-like line', 'c: | # comment\n  x\n  # not a comment\n# real comment\nd: 1\n', 'c', '# not', 0, '3:3-3:8'],
    ['literal CRLF', 'c: |\r\n  evt.type = open\r\n  and proc.name = x\r\n', 'c', 'proc.name', 0, '3:7-3:16'],
    ['plain over several lines', 'rule: x\ncondition: evt.type = execve\n  and   proc.name = bash   \n \n  and not fd.name = x # comment\n', 'condition', 'proc.name', 0, '3:9-3:18'],
    ['plain: after a blank line', 'rule: x\ncondition: evt.type = execve\n  and   proc.name = bash   \n \n  and not fd.name = x # comment\n', 'condition', 'fd.name', 0, '5:11-5:18'],
    ['plain with a tab inside', 'c: a\tb c\n', 'c', 'b c', 0, '1:6-1:9'],
    ['plain CRLF', 'c: a\r\n  b\r\n\r\n  c\r\n', 'c', 'c', 0, '4:3-4:4'],
    ['single-quoted with an escaped quote', "c: 'it''s a\n  multi   line\n\n  text'\n", 'c', "'s", 0, '1:7-1:10'],
    ['single-quoted folding', "c: 'it''s a\n  multi   line\n\n  text'\n", 'c', 'text', 0, '4:3-4:7'],
    ['double-quoted escapes', 'c: "evt.type = \\"x\\" and\\t\\x41 \\u263A \\U0001F600\n  proc.name = \\\n  bash\\\\"\n', 'c', '"x"', 0, '1:16-1:21'],
    ['double-quoted \\x escape', 'c: "evt.type = \\"x\\" and\\t\\x41 \\u263A \\U0001F600\n  proc.name = \\\n  bash\\\\"\n', 'c', '\tA', 0, '1:25-1:31'],
    ['double-quoted \\u escape', 'c: "evt.type = \\"x\\" and\\t\\x41 \\u263A \\U0001F600\n  proc.name = \\\n  bash\\\\"\n', 'c', '☺', 0, '1:32-1:38'],
    ['double-quoted \\U escape (surrogate pair)', 'c: "evt.type = \\"x\\" and\\t\\x41 \\u263A \\U0001F600\n  proc.name = \\\n  bash\\\\"\n', 'c', '😀', 0, '1:39-1:49'],
    ['double-quoted after a fold', 'c: "evt.type = \\"x\\" and\\t\\x41 \\u263A \\U0001F600\n  proc.name = \\\n  bash\\\\"\n', 'c', 'proc.name', 0, '2:3-2:12'],
    ['double-quoted after an escaped line break', 'c: "evt.type = \\"x\\" and\\t\\x41 \\u263A \\U0001F600\n  proc.name = \\\n  bash\\\\"\n', 'c', 'bash\\', 0, '3:3-3:9'],
    ['double-quoted CRLF with blank line', 'c: "a  \r\n\r\n   b"\r\n', 'c', 'b', 0, '3:4-3:5'],
    ['several documents', 'a: 1\n---\nc: >\n  x\n  y\n', 'c', 'y', 0, '5:3-5:4'],
    ['nested', '- list: l\n  items:\n    - k: v\n      cond: a and\n        b\n', 'cond', 'b', 0, '5:9-5:10'],
  ];
  it.each(cases)('%s', (_name, src, key, needle, nth, expected) => {
    expect(locate(src, key, needle, nth)).toBe(expected);
  });

  it('scalars without a key (root, sequence items)', () => {
    const rootValue = (src: string, needle: string) => {
      const node = scalars(src).find((s) => scalarMap(src, s.node).value.includes(needle))!.node;
      const i = scalarMap(src, node).value.indexOf(needle);
      const r = mapRange(src, node, i, i + needle.length);
      return `${fmt(r.start)}-${fmt(r.end)}`;
    };
    expect(rootValue('- |1\n  x\n', 'x')).toBe('2:3-2:4');
    expect(rootValue('--- |\n  a\n  b\n', 'b')).toBe('3:3-3:4');
    expect(rootValue('--- >2\n   a\n  b\n', 'b')).toBe('3:3-3:4');
  });

  it('tags, anchors and source tokens', () => {
    const src = 'a: !!str |2\n    x\n   y\nb: &anchor "p\n  q"\nc: !custom >-\n  r\n  s\n';
    expect(locate(src, 'a', 'y')).toBe('3:4-3:5');
    expect(locate(src, 'b', 'q')).toBe('5:3-5:4');
    expect(locate(src, 'c', 's')).toBe('8:3-8:4');
    // With keepSourceTokens the indentation comes from the node's own CST token.
    const doc = parseAllDocuments(src, { keepSourceTokens: true })[0]!;
    const node = doc.get('a', true) as Scalar;
    expect(node.srcToken?.type).toBe('block-scalar');
    const map = scalarMap(src, node);
    expect(map.exact).toBe(true);
    expect(fmt(lineColumnAt(src, map.offsetAt(map.value.indexOf('y'))))).toBe('3:4');
  });

  it('scalars inside flow collections', () => {
    const src = 'items: [a, "b c", d, \'e\n   f\']\nmap: {k: v w, q: "x\n  y"}\n';
    const values = scalars(src).map((s) => s.node);
    const locateIn = (value: string, needle: string) => {
      const node = values.find((n) => n.value === value)!;
      const i = value.indexOf(needle);
      return fmt(mapRange(src, node, i, i + needle.length).start);
    };
    expect(locateIn('b c', 'c')).toBe('1:15');
    expect(locateIn('d', 'd')).toBe('1:19');
    expect(locateIn('e f', 'f')).toBe('2:4');
    expect(locateIn('e f', ' ')).toBe('1:24');
    expect(locateIn('v w', 'w')).toBe('3:12');
    expect(locateIn('x y', 'y')).toBe('4:3');
  });

  it('folded characters map to the line break they stand for', () => {
    // The space between `and` and `proc.name` stands for the end of line 3.
    const value = scalarMap(FOLDED, valueOf(FOLDED, 'condition')).value;
    expect(at(FOLDED, 'condition', value.indexOf(' proc'))).toBe('3:26');
    // The clipped final line feed is the end of line 4, the end of the value just after it.
    expect(at(FOLDED, 'condition', value.length - 1)).toBe('4:28');
    expect(at(FOLDED, 'condition', value.length)).toBe('5:1');
    const CRLF = FOLDED.replace(/\n/g, '\r\n');
    expect(at(CRLF, 'condition', value.indexOf(' proc'))).toBe('3:26');
    // Blank lines: the first line break of a run is dropped; the kept ones are the later ones.
    const blank = 'cond: >-\n  a and\n  b\n\n  c\n    more\n  d\n';
    const v2 = scalarMap(blank, valueOf(blank, 'cond')).value;
    expect(v2).toBe('a and b\nc\n  more\nd');
    expect(at(blank, 'cond', v2.indexOf('\nc'))).toBe('4:1');
    expect(at(blank, 'cond', v2.indexOf('\n  more'))).toBe('5:4');
    expect(at(blank, 'cond', v2.indexOf('\nd'))).toBe('6:9');
    // CRLF: a fold maps to the '\r' that starts the line break.
    const crlfPlain = 'c: a\r\n  b\r\n\r\n  c\r\n';
    expect(scalarMap(crlfPlain, valueOf(crlfPlain, 'c')).value).toBe('a b\nc');
    expect([1, 3].map((i) => at(crlfPlain, 'c', i))).toEqual(['1:5', '3:1']);
    const crlfSingle = "c: 'a \r\n  b\r\n\r\n  c'\r\n";
    expect([1, 3].map((i) => at(crlfSingle, 'c', i))).toEqual(['1:7', '3:1']);
    const crlfDouble = 'c: "a \r\n  b\r\n\r\n  c"\r\n';
    expect([1, 3].map((i) => at(crlfDouble, 'c', i))).toEqual(['1:7', '3:1']);
    const crlfLiteral = 'c: |\r\n  a\r\n\r\n  b\r\n';
    expect([1, 2, 4].map((i) => at(crlfLiteral, 'c', i))).toEqual(['2:4', '3:1', '4:4']);
    // A block scalar at the end of the file without a final line break: the clipped line feed is zero-width there.
    const eof = 'c: |\n  ab';
    expect(scalarMap(eof, valueOf(eof, 'c')).value).toBe('ab\n');
    expect([2, 3].map((i) => at(eof, 'c', i))).toEqual(['2:5', '2:5']);
    const plain = 'c: a\n\n\n  b\n';
    expect(scalarMap(plain, valueOf(plain, 'c')).value).toBe('a\n\nb');
    expect(at(plain, 'c', 1)).toBe('2:1');
    expect(at(plain, 'c', 2)).toBe('3:1');
    const keep = 'c: |+\n  x\n\n\nd: 1\n';
    expect(scalarMap(keep, valueOf(keep, 'c')).value).toBe('x\n\n\n');
    expect([1, 2, 3].map((i) => at(keep, 'c', i))).toEqual(['2:4', '3:1', '4:1']);
  });

  it('empty and end positions', () => {
    expect(at('c: ""\n', 'c', 0)).toBe('1:5');
    expect(at("c: ''\n", 'c', 0)).toBe('1:5');
    expect(at('c: "ab"\n', 'c', 2)).toBe('1:7');
    expect(at('c: a\\x\n', 'c', 3)).toBe('1:7');
    expect(at('c: "a\\x41"\n', 'c', 2)).toBe('1:10');
    const src = 'c: |-\n  abc\nd: 1\n';
    expect(at(src, 'c', 3)).toBe('2:6');
    const r = mapRange(src, valueOf(src, 'c'), 1, 1);
    expect(r.start).toEqual(r.end);
    expect(fmt(r.start)).toBe('2:4');
  });

  it('lineColumnAt / SourceText', () => {
    const text = 'ab\r\ncd\ref\ngh';
    const st = new SourceText(text);
    expect(st.positionAt(0)).toEqual({ line: 1, column: 1, offset: 0 });
    expect(st.positionAt(2)).toEqual({ line: 1, column: 3, offset: 2 });
    expect(st.positionAt(4)).toEqual({ line: 2, column: 1, offset: 4 });
    expect(st.positionAt(7)).toEqual({ line: 3, column: 1, offset: 7 });
    expect(st.positionAt(10)).toEqual({ line: 4, column: 1, offset: 10 });
    expect(st.positionAt(12)).toEqual({ line: 4, column: 3, offset: 12 });
    expect(lineColumnAt(text, 5)).toEqual(st.positionAt(5));
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property: values serialized by the yaml package in every style map back exactly.

/** Asserts the map of every scalar in `src` against the source; returns how many scalars were checked. */
function checkAll(src: string, only?: (node: Scalar) => boolean): number {
  let n = 0;
  for (const { node } of scalars(src)) {
    if (only && !only(node)) continue;
    checkScalar(src, node);
    n++;
  }
  return n;
}

function checkScalar(src: string, node: Scalar): void {
  const map = scalarMap(src, node);
  const value = typeof node.source === 'string' ? node.source : String(node.value);
  expect(map.value).toBe(value);
  expect(map.exact).toBe(true);
  const [start, , end] = node.range!;
  const fail = (i: number, why: string) => {
    throw new Error(`value[${i}] = ${JSON.stringify(value[i])} of ${JSON.stringify(value)}: ${why} in ${JSON.stringify(src)}`);
  };
  let prev = -1;
  for (let i = 0; i <= value.length; i++) {
    const off = map.offsetAt(i);
    const offEnd = map.endOffsetAt(i);
    if (off < start || offEnd > end) fail(i, `maps to [${off}, ${offEnd}) outside the node [${start}, ${end}]`);
    if (off < prev || offEnd < off) fail(i, `maps to [${off}, ${offEnd}) after ${prev}`);
    prev = off;
    if (i === value.length) break;
    const v = value[i]!;
    const s = src[off];
    const escaped = node.type === 'QUOTE_DOUBLE' && s === '\\';
    const quote = node.type === 'QUOTE_SINGLE' && v === "'" && src.slice(off, offEnd) === "''";
    const lineBreak = (s === '\n' && offEnd === off + 1) || (s === '\r' && src.slice(off, offEnd) === '\r\n');
    if (/\s/.test(v)) {
      // Whitespace is itself, an escape, or a line break it was folded from.
      // (A block scalar's final line feed at the end of the file, with no line break there, is zero-width.)
      const atEof = off === offEnd && off === src.length && v === '\n';
      if (!((s === v && offEnd === off + 1) || escaped || lineBreak || atEof)) fail(i, `maps to ${JSON.stringify(src.slice(off, offEnd))}`);
    } else if (!escaped && !quote && !(s === v && offEnd === off + 1)) {
      fail(i, `maps to ${JSON.stringify(src.slice(off, offEnd))}`);
    }
  }
}

const word = fc.stringMatching(/^[a-z][a-z._]{0,7}$/);
const token = fc.oneof(
  { weight: 6, arbitrary: word },
  { weight: 1, arbitrary: fc.constantFrom('(', ')', '=', '!=', "'q'", '"d"', '\\', '#x', 'a:b', ',', '[', ']', '{', '}', 'é', '😀', '\t', '\\n') },
);
const line = fc.tuple(fc.nat(3), fc.array(token, { minLength: 0, maxLength: 8 }), fc.constantFrom(' ', ' ', '  ', '\t')).map(
  ([indent, words, gap]) => ' '.repeat(indent === 3 ? 2 : 0) + words.join(gap),
);
const multiLine = fc.array(line, { minLength: 1, maxLength: 6 }).map((lines) => lines.join('\n'));
const STYLES = [Scalar.PLAIN, Scalar.QUOTE_SINGLE, Scalar.QUOTE_DOUBLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED] as const;

describe('property: every style, as the yaml package writes it', () => {
  it('maps every value character to the source character that produced it', () => {
    fc.assert(
      fc.property(
        multiLine,
        fc.constantFrom(...STYLES),
        fc.constantFrom('map', 'seq', 'nested', 'flow'),
        fc.constantFrom(0, 20, 40, 80),
        fc.boolean(),
        (text, style, shape, lineWidth, crlf) => {
          const data =
            shape === 'map' ? { condition: text } : shape === 'seq' ? [text] : shape === 'nested' ? [{ rule: 'r', condition: text, x: 1 }] : { items: [text, 'b'] };
          const doc = new Document(data);
          if (shape === 'flow') (doc.get('items', true) as { flow: boolean }).flow = true;
          visit(doc, {
            Scalar(_k, node) {
              if (node.value === text) node.type = style;
            },
          });
          let src = doc.toString({ lineWidth, minContentWidth: 0 });
          if (crlf) src = src.replace(/\n/g, '\r\n');
          // Each scalar whose value came back (the yaml package may pick another style when one is impossible).
          const back = parseAllDocuments(src);
          if (back.some((d) => d.errors.length)) return; // not our concern here
          for (const d of back) {
            visit(d, {
              Scalar(_k, node) {
                checkScalar(src, node);
              },
            });
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('the generator gets every style from the yaml package', () => {
    const kept = new Set<string>();
    for (const style of STYLES) {
      for (const text of ['evt.type = execve and proc.name in (bash, sh)', 'evt.type = execve and\nproc.name in (bash, sh)\n\n  more']) {
        const doc = new Document({ condition: text });
        visit(doc, { Scalar(_k, n) { if (n.value === text) n.type = style; } });
        const src = doc.toString({ lineWidth: 20, minContentWidth: 0 });
        const node = valueOf(src, 'condition');
        kept.add(node.type!);
        checkScalar(src, node);
      }
    }
    expect([...kept].sort()).toEqual([...STYLES].sort());
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property: hand-written YAML sources (blank and whitespace-only lines, trailing blanks, tabs, escapes,
// escaped line breaks, indentation indicators, chomping, CRLF) that the serializer never produces.

const ws = fc.constantFrom('', '', '', ' ', '  ', '\t', ' \t');
const srcWord = fc.oneof({ weight: 5, arbitrary: word }, { weight: 1, arbitrary: fc.constantFrom('(x)', 'a=b', 'é', '😀', '-', '#x', 'q.r') });
const srcLine = fc.tuple(ws, fc.array(srcWord, { maxLength: 5 }), fc.constantFrom(' ', '  ', ' \t '), ws);
const DQ_ESCAPES = ['\\n', '\\t', '\\\\', '\\"', '\\x41', '\\u263A', '\\U0001F600', '\\ ', '\\/', '\\0', '\\_'];
const dqWord = fc.oneof({ weight: 4, arbitrary: word }, { weight: 2, arbitrary: fc.constantFrom(...DQ_ESCAPES) });
const dqLine = fc.tuple(ws, fc.array(dqWord, { maxLength: 5 }), fc.constantFrom(' ', '  ', ' \t '), fc.constantFrom('', ' ', '\\', ' \\', '\t'));
const sqWord = fc.oneof({ weight: 4, arbitrary: word }, { weight: 1, arbitrary: fc.constantFrom("''", "it''s", "''''") });

/** A flow scalar (plain, single- or double-quoted) over several lines, indented by `indent` after the first. */
const flowSource = (indent: string) =>
  fc.oneof(
    fc
      .array(srcLine, { minLength: 1, maxLength: 5 })
      .map((lines) =>
        lines.map(([lead, words, gap, trail], k) => (k ? indent + lead : '') + (words.length ? words.join(gap) : k ? '' : 'w') + trail).join('\n'),
      ),
    fc
      .array(fc.tuple(ws, fc.array(sqWord, { maxLength: 4 }), ws), { minLength: 1, maxLength: 5 })
      .map((lines) => "'" + lines.map(([lead, words, trail], k) => (k ? indent : '') + lead + words.join(' ') + trail).join('\n') + "'"),
    fc
      .array(dqLine, { minLength: 1, maxLength: 5 })
      .map((lines) => '"' + lines.map(([lead, words, gap, trail], k) => (k ? indent : '') + lead + words.join(gap) + trail).join('\n') + '"'),
  );

/** A block scalar: header, content lines (extra indentation, blank lines, tabs) and trailing blank lines. */
const blockSource = (indent: string) =>
  fc
    .tuple(
      fc.constantFrom('|', '>'),
      fc.constantFrom('', '1', '2', '3'),
      fc.constantFrom('', '-', '+'),
      fc.constantFrom('', ' # comment'),
      fc.array(fc.tuple(fc.constantFrom(0, 0, 0, 1, 2), fc.array(fc.oneof(word, fc.constantFrom('\t', 'a\tb', '#c')), { maxLength: 4 }), ws), {
        minLength: 1,
        maxLength: 6,
      }),
      fc.constantFrom('', '\n', '\n\n', '\n  \n'),
    )
    .map(([mode, digit, chomp, comment, lines, trailing]) => {
      const base = indent + ' '.repeat(digit ? Number(digit) - 1 : 1);
      const body = lines
        .map(([extra, words, trail]) => (words.length ? base + ' '.repeat(extra) + words.join(' ') + trail : trail.replace(/\t/g, '')))
        .join('\n');
      return `${mode}${digit}${chomp}${comment}\n${body}\n${trailing}`;
    });

const handWritten = fc.tuple(fc.constantFrom('map', 'seq', 'flow', 'eof'), fc.boolean(), fc.boolean()).chain(([shape, block, crlf]) => {
  const indent = shape === 'seq' ? '    ' : '  ';
  return (block && shape !== 'flow' ? blockSource(indent) : flowSource(indent)).map((scalar) => {
    const src =
      shape === 'map'
        ? `rule: r\ncondition: ${scalar}\nnext: 1\n`
        : shape === 'seq'
          ? `- rule: r\n  condition: ${scalar}\n  next: 1\n`
          : shape === 'flow'
            ? `items: [a, ${scalar}, b]\n`
            : `rule: r\ncondition: ${scalar.replace(/\n[ \t\n]*$/, '')}`;
    return crlf ? src.replace(/\n/g, '\r\n') : src;
  });
});

describe('property: hand-written YAML sources', () => {
  it('maps every value character to the source character that produced it', () => {
    let runs = 0;
    let parsed = 0;
    const types = new Set<string>();
    fc.assert(
      fc.property(handWritten, (src) => {
        runs++;
        const docs = parseAllDocuments(src);
        if (docs.some((d) => d.errors.length)) return;
        parsed++;
        for (const d of docs) {
          visit(d, {
            Scalar(_k, node) {
              types.add(node.type!);
              checkScalar(src, node);
            },
          });
        }
      }),
      { numRuns: 3000 },
    );
    expect(parsed).toBeGreaterThan(runs / 3);
    expect([...types].sort()).toEqual([...STYLES].sort());
  });
});

// ---------------------------------------------------------------------------------------------------------
// The Falco rules corpus: every condition maps exactly.

describe('corpus conditions', () => {
  const dir = new URL('../../shared/corpus/rules/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

  it('has rule files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', (file) => {
    const src = readFileSync(new URL(`../../shared/corpus/rules/${file}`, import.meta.url), 'utf8');
    let n = 0;
    for (const doc of parseAllDocuments(src)) {
      visit(doc, {
        Pair(_k, pair) {
          if (isScalar(pair.key) && pair.key.value === 'condition' && isScalar(pair.value)) {
            checkScalar(src, pair.value);
            n++;
          }
        },
      });
    }
    expect(n).toBeGreaterThan(0);
    // All the other scalars too.
    expect(checkAll(src)).toBeGreaterThan(n);
  });
});
