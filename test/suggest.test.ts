import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean } from '../src/check/suggest.js';
import { editBudget, editDistance } from '../src/edit-distance.js';

// The optimal string alignment distance, by the textbook table (no cut-off), to check the fast one against.
function osa(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', '_'), maxLength: 9 });

describe('edit distance', () => {
  it('is the optimal string alignment distance, cut off at max + 1', () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        expect(editDistance(a, b, max)).toBe(Math.min(osa(a, b), max + 1));
      }),
      { numRuns: 2000 },
    );
  });

  it('is symmetric, zero only between equal words, and counts an adjacent swap as one edit', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(editDistance(a, b, 10)).toBe(editDistance(b, a, 10));
        expect(editDistance(a, b, 10) === 0).toBe(a === b);
      }),
    );
    expect(editDistance('proc.nmae', 'proc.name', 3)).toBe(1);
    expect(editDistance('ab', 'ba', 1)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
  });

  it('allows one edit per four characters, from one to three', () => {
    expect(['', 'abc', 'abcd', 'abcdefgh', 'abcdefghijkl', 'a'.repeat(40)].map(editBudget)).toEqual([1, 1, 1, 2, 3, 3]);
  });

  it('proposes the nearest names first, ties in name order, never the word itself', () => {
    expect(closestNames('spawnd_process', ['spawned_process', 'spawned_procs', 'open_read', 'spawnd_process'], 3)).toEqual([
      'spawned_process',
      'spawned_procs',
    ]);
    expect(closestNames('tset', ['test', 'lint', 'eval'])).toEqual(['test']);
    expect(closestNames('zzzz', ['test', 'lint'])).toEqual([]);
    expect(didYouMean('lnit', ['lint', 'run'])).toBe(" (did you mean 'lint'?)");
    expect(didYouMean('qqqq', ['lint', 'run'])).toBe('');
  });
});
