import { editBudget, editDistance } from '../edit-distance.js';

/*
 * "Did you mean" for names that are not fields: macros, keys of rules file items, options, commands. The same
 * distance and budget as the field suggestions (../edit-distance.ts: adjacent swaps count one edit, about one
 * edit per four characters).
 */

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
