import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex, RecentTexts } from '../src/syntax/lines.js';

// Lines end at \n, \r\n or \r; columns count UTF-16 code units from 1.
function naive(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

describe('line index', () => {
  it('gives the line and column of every offset, for every kind of line end', () => {
    const text = fc.array(fc.constantFrom('a', 'é', '\n', '\r', '\r\n', ' ', '\t'), { maxLength: 60 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const ix = new LineIndex(t);
        for (let o = 0; o <= t.length; o++) {
          const p = ix.positionAt(o);
          const want = naive(t, o);
          if (p.line !== want.line || p.column !== want.column || p.offset !== o) return false;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('works on the text of an edited document (a string built from pieces)', () => {
    let t = 'a\nb\r\nc';
    for (let i = 0; i < 50; i++) t = t.slice(0, 2) + `x${i}\n` + t.slice(2);
    const ix = new LineIndex(t);
    expect(ix.positionAt(t.length)).toEqual({ ...naive(t, t.length), offset: t.length });
  });
});

describe('recent texts', () => {
  it('computes once per text, keeps several texts, and forgets the oldest', () => {
    const built: string[] = [];
    const cache = new RecentTexts((t) => {
      built.push(t);
      return t.length;
    }, 2);
    expect(cache.get('abc')).toBe(3);
    expect(cache.get(['a', 'b', 'c'].join(''))).toBe(3); // an equal copy is a hit
    expect(cache.get('de')).toBe(2);
    expect(cache.get('abc')).toBe(3);
    expect(built).toEqual(['abc', 'de']);
    cache.get('fghi'); // evicts 'de', the least recently used
    cache.get('de');
    expect(built).toEqual(['abc', 'de', 'fghi', 'de']);
  });
});
