/*
 * "Did you mean": the one edit distance of the project, and the names closest to a misspelt word. Below every
 * stage (the field catalog suggests fields with it; the checker, the loader, the command line and the language
 * server suggest macros, keys, options and commands). Adjacent swaps count one edit, and about one edit per four
 * characters is allowed.
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

/** The names closest to `word`, nearest first (ties in name order), at most `limit`. */
export function closestNames(word: string, names: Iterable<string>, limit = 1): string[] {
  const max = editBudget(word);
  const hits: { name: string; d: number }[] = [];
  for (const name of names) {
    if (name === word) continue;
    const d = editDistance(word, name, max);
    if (d <= max) hits.push({ name, d });
  }
  hits.sort((x, y) => x.d - y.d || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return hits.slice(0, limit).map((h) => h.name);
}

/** ` (did you mean 'x'?)` for the closest name, or ''. */
export function didYouMean(word: string, names: Iterable<string>): string {
  const [hint] = closestNames(word, names);
  return hint === undefined ? '' : ` (did you mean '${hint}'?)`;
}
