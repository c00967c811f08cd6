/*
 * The one edit distance of the project, for every "did you mean": below every stage, so that the field catalog
 * (fields) and src/check/suggest.ts (macros, lists, keys, options, commands) share it and its budget.
 */

/** Optimal string alignment distance (edits, with adjacent swaps counting one), or `max + 1` past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return Math.min(prev[b.length]!, max + 1);
}

/** The most edits a suggestion for `word` may be away: one per four characters, at least one, at most three. */
export function editBudget(word: string): number {
  return Math.max(1, Math.min(3, Math.floor(word.length / 4)));
}
