import type { FieldCatalog } from '../fields/catalog.js';

/**
 * What the cursor analysis knows besides the text: the field catalog and the macros and lists in scope (of the
 * rules loaded, or typed in the REPL). The maps may be computed lazily (getters): they are read only when an
 * answer needs them.
 */
export interface AssistContext {
  readonly catalog: FieldCatalog;
  /** Macro name → its condition text. */
  readonly macros: ReadonlyMap<string, string>;
  /** List name → its items. */
  readonly lists: ReadonlyMap<string, readonly string[]>;
  /** Whether insert texts may be snippets (`${1:name}`); default false. */
  readonly snippets?: boolean;
}

/** The macros and lists as maps, from the records the REPL and `checkCondition` use. */
export function definitionMaps(macros: Readonly<Record<string, string>>, lists: Readonly<Record<string, readonly string[]>>): Pick<AssistContext, 'macros' | 'lists'> {
  return { macros: new Map(Object.entries(macros)), lists: new Map(Object.entries(lists)) };
}
