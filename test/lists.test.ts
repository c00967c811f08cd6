import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLists, PastedText, pasteText, type Locatable } from '../src/rules/lists.js';

// Falco's `resolve_list` (falco userspace/engine/rule_loader_compiler.cpp) written the plain way, one offset per
// character, as the model of PastedText.
function model(text: string, lists: Array<[string, string]>): { text: string; from: number[]; to: number[] } {
  const blanks = ' \t\n\r';
  const delims = blanks + '(),=';
  let cnd = text;
  let from = [...text].map((_, i) => i);
  let to = from.map((i) => i + 1);
  for (const [name, sub] of lists) {
    let start = cnd.indexOf(name);
    while (start >= 0) {
      let end = start + name.length;
      if ((start === 0 || delims.includes(cnd[start - 1]!)) && (end >= cnd.length || delims.includes(cnd[end]!))) {
        const nf = from[start]!;
        const nt = to[end - 1]!;
        while (start > 0 && blanks.includes(cnd[start - 1]!)) start--;
        while (end < cnd.length && blanks.includes(cnd[end]!)) end++;
        if (sub === '') {
          if (start > 0 && cnd[start - 1] === ',') start--;
          else if (end < cnd.length && cnd[end] === ',') end++;
        }
        const p = (start > 0 ? ' ' : '') + sub + ' ';
        cnd = cnd.slice(0, start) + p + cnd.slice(end);
        from = [...from.slice(0, start), ...Array<number>(p.length).fill(nf), ...from.slice(end)];
        to = [...to.slice(0, start), ...Array<number>(p.length).fill(nt), ...to.slice(end)];
        start += sub.length + 1;
      }
      start = cnd.indexOf(name, start + 1);
    }
  }
  return { text: cnd, from, to };
}

const base = (text: string): Locatable => ({
  text,
  locate: (s, e) => ({ file: 'f', range: { start: { line: 1, column: s + 1, offset: s }, end: { line: 1, column: e + 1, offset: e } } }),
});

describe('lists pasted as Falco pastes them', () => {
  it('gives the text and the origin of every character that the plain algorithm gives', () => {
    const word = fc.constantFrom('a', 'b', 'ab', 'x', ' ', '  ', '(', ')', ',', '=', 'in', '"', '\n', '\t', 'a,');
    const list = fc.tuple(fc.constantFrom('a', 'b', 'ab', 'x'), fc.array(fc.constantFrom('p', 'q r', 'a', '"s t"', ''), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 24 }), fc.array(list, { maxLength: 4 }), (words, defs) => {
        const text = words.join('');
        const lists = defs.map(([n, items]) => [n, pasteText(items)] as [string, string]);
        let t = PastedText.of(base(text));
        for (const [n, sub] of lists) t = t.paste(n, sub).text;
        const m = model(text, lists);
        expect(t.text).toBe(m.text);
        for (let i = 0; i < m.text.length; i++) {
          const r = t.locate(i, i + 1).range;
          expect([r.start.offset, r.end.offset]).toEqual([m.from[i], Math.max(m.from[i]!, m.to[i]!)]);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('quotes items with a blank, and an empty list takes a comma with it', () => {
    const t = PastedText.of(base('x in (l) and y in (a, e)')).paste('l', pasteText(['my prog', '"q r"', 'b'])).text.paste('e', '').text;
    expect(t.text).toBe('x in ( "my prog", "q r", b ) and y in (a  )');
  });

  it('expands lists inside lists one level deep, and only lists defined before', () => {
    const { items, usedByLists } = compileLists([
      { name: 'a', items: ['x'], index: 0, visibility: 0 },
      { name: 'b', items: ['a', 'later'], index: 1, visibility: 1 },
      { name: 'c', items: ['b'], index: 2, visibility: 2 },
      { name: 'later', items: ['z'], index: 3, visibility: 3 },
    ]);
    expect(Object.fromEntries(items)).toEqual({ a: ['x'], b: ['x', 'later'], c: ['a', 'later'], later: ['z'] });
    expect([...usedByLists].sort()).toEqual(['a', 'b']);
  });
});
