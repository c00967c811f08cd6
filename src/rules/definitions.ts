import type { RuleSet } from './loader.js';

/** A rule set's macros and lists as a lone condition takes them: macro name → condition text, list name → items. */
export interface Definitions {
  macros: Record<string, string>;
  lists: Record<string, string[]>;
}

/** The macros and lists of a rule set, for checking a condition written outside it (REPL, playground, tests). */
export function definitionsOf(set: RuleSet): Definitions {
  const macros: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  for (const m of set.macros.values()) macros[m.name] = m.condition.text;
  for (const l of set.lists.values()) lists[l.name] = l.items;
  return { macros, lists };
}
