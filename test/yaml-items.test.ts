import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { createCatalog, builtinFields } from '../src/fields/catalog.js';
import { lint } from '../src/lint/index.js';
import { forgetPastes } from '../src/rules/compile-rules.js';
import { loadRules } from '../src/rules/loader.js';
import { itemDocument, itemParsing, itemStarts } from '../src/rules/yaml-items.js';
import { corpusRuleFiles, readShared } from './support/shared.js';

/*
 * A rules file parsed item by item (src/rules/yaml-items.ts) must give the document a parse of the whole text
 * gives: same nodes, values and ranges, after any sequence of edits (the pieces of earlier texts are reused and
 * moved), and the same diagnostics from a lint.
 */

/** Every node with its kind, value and range, in document order. */
function shape(n: unknown): unknown {
  if (isPair(n)) return [shape(n.key), shape(n.value)];
  if (isScalar(n)) return { s: n.type, v: n.value, r: n.range };
  if (isMap(n) || isSeq(n)) return { c: isMap(n) ? 'map' : 'seq', f: !!n.flow, r: n.range, i: n.items.map(shape) };
  return n === null || n === undefined ? null : { other: String(n) };
}

const whole = (text: string) => {
  const docs = parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length !== 1 || list[0]!.errors.length || list[0]!.warnings.length) return undefined;
  return (list[0]!.contents as Node | null);
};
const itemsOf = (n: unknown) => (isSeq(n) ? n.items.map(shape) : shape(n));

const corpus = corpusRuleFiles().map((f) => ({ name: f, text: readShared(`corpus/rules/${f}`) }));

/** An edit at a line start, a line end or inside a line, with text that often breaks items apart or joins them. */
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  cut: fc.integer({ min: 0, max: 40 }),
  insert: fc.constantFrom('', ' ', 'x', '\n', '\n- ', '- ', '\n- rule: r\n  condition: a\n', '#', '"', "'", '[', ':', '  ', '\t', '&a ', '*a', '---\n', '|\n', 'evt.type = open and '),
  lineStart: fc.boolean(),
});
type Edit = { at: number; cut: number; insert: string; lineStart: boolean };

function apply(text: string, e: Edit): string {
  let i = Math.floor(e.at * text.length);
  if (e.lineStart) i = text.lastIndexOf('\n', i - 1) + 1;
  return text.slice(0, i) + e.insert + text.slice(Math.min(text.length, i + e.cut));
}

describe('rules files parsed item by item', () => {
  it('cuts the corpus files at their items', () => {
    for (const { name, text } of corpus) {
      const starts = itemStarts(text);
      const n = starts?.length ?? 0;
      const items = (whole(text) as { items?: unknown[] } | undefined)?.items?.length;
      expect({ name, n }).toEqual({ name, n: starts ? items : 0 });
    }
    // Every corpus file but those with anchors or aliases is cut.
    expect(corpus.filter(({ text }) => itemStarts(text)).length).toBeGreaterThanOrEqual(8);
  });

  it('gives the nodes and ranges of a whole parse, for the corpus files and after random edits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(edit, { minLength: 1, maxLength: 6 }), ({ text }, edits) => {
        let t = text;
        for (const e of edits) {
          t = apply(t, e);
          const split = itemDocument('edited.yaml', t, 0);
          if (!split) continue;
          const full = whole(t);
          expect(full).toBeDefined();
          expect(itemsOf(split.contents)).toEqual(itemsOf(full));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the same text twice in a file, moved, and back: the pieces are reused per file', () => {
    const base = corpus.find((c) => c.name === 'falco_rules.yaml')!.text;
    const twice = `${base}\n${base}`;
    const other = itemDocument('other.yaml', base, 0)!;
    const otherShape = JSON.stringify(itemsOf(other.contents));
    for (const t of [twice, `# a line\n${twice}`, twice, `${twice}\n- list: l\n  items: [a]\n`, `# a line\n${twice}`]) {
      expect(itemsOf(itemDocument('twice.yaml', t, 0)!.contents)).toEqual(itemsOf(whole(t)));
    }
    // Another file's document is not moved by these parses.
    expect(JSON.stringify(itemsOf(other.contents))).toBe(otherShape);
  });

  it('a load that is not incremental never moves the positions of an earlier load of the same path', () => {
    const text = corpus.find((c) => c.name === 'falco_rules.yaml')!.text;
    const where = (set: ReturnType<typeof loadRules>) => set.rules.map((r) => JSON.stringify(r.condition.locate(0, 1)));
    const first = loadRules([{ path: 'same.yaml', text }]);
    const before = where(first);
    loadRules([{ path: 'same.yaml', text: `# moved\n${text}` }]);
    expect(where(first)).toEqual(before);
    const moved = loadRules([{ path: 'same.yaml', text: `# moved\n${text}` }], { incremental: true });
    expect(where(moved)).toEqual(where(loadRules([{ path: 'other.yaml', text: `# moved\n${text}` }])).map((s) => s.replace('other.yaml', 'same.yaml')));
  });

  it('an incremental lint after random edits equals a first lint of the same text, parsed whole', () => {
    const view = (ds: ReturnType<typeof lint>) => ds.map((d) => `${d.range.start.offset}-${d.range.end.offset} ${d.code} ${d.severity} ${d.message}`);
    fc.assert(
      fc.property(fc.constantFrom(...corpus.filter((c) => c.text.length >= itemParsing.minBytes)), fc.array(edit, { minLength: 1, maxLength: 4 }), ({ name, text }, edits) => {
        let t = text;
        for (const e of edits) {
          t = apply(t, e);
          const fast = view(lint([{ path: name, text: t }], { incremental: true }));
          // (nothing kept from the loads before: its own catalog, no pasted and parsed conditions)
          forgetPastes();
          const slow = view(lint([{ path: name, text: t }], { catalog: createCatalog(builtinFields()) }));
          expect(fast).toEqual(slow);
        }
      }),
      { numRuns: 25 },
    );
  });
});
