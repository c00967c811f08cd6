import type { Node } from 'yaml';
import type { Diagnostic, Range } from '../diagnostic.js';
import type { FieldCatalog } from '../fields/catalog.js';
import type { Condition } from '../eval/compile.js';
import type { Expr } from '../syntax/ast.js';
import { RuleCompiler } from './compile-rules.js';
import { Reader, type Priority } from './reader.js';
import type { Piece, SourcedText } from './sourced-text.js';
import { LoadState } from './state.js';
import { markUsage } from './usage.js';

/*
 * Falco rules files, loaded as Falco loads them (falco `userspace/engine/rule_loader_reader.cpp`,
 * `rule_loader_collector.cpp`, `rule_loader_compiler.cpp`), one job per file:
 *   reader.ts         the YAML items read and merged (appends, overrides), what makes Falco refuse a file
 *   exceptions.ts     exceptions turned into condition text
 *   compile-rules.ts  lists pasted, macros and rules parsed once and compiled
 *   outputs.ts        outputs checked as Falco's formatter meets them
 *   usage.ts          which macros and lists are used
 * This file holds the rule set's types and runs the jobs in order. Lint rules over the loaded rule set (unused
 * items, contradictions, missing evt.type…) live in src/lint/registry.ts. Every diagnostic carries the file
 * and a range in that file, also for text inside a condition written as a block scalar, a quoted scalar or a
 * flow sequence.
 */

export { FALCO_ENGINE_VERSION, PRIORITIES, type Priority } from './reader.js';
export { exceptionProblem, exceptionText } from './exceptions.js';
export { SourcedText } from './sourced-text.js';

export interface RuleSource {
  path: string;
  text: string;
}

export interface ListDef {
  name: string;
  items: string[];
  file: string;
  range: Range;
  /** Ranges of the items, for navigation. */
  itemRanges: Array<{ file: string; range: Range }>;
  used: boolean;
  index: number;
  visibility: number;
  /** The items once lists named in them are expanded, as Falco pastes them (one level, lists defined before). */
  compiledItems?: string[];
}

export interface MacroDef {
  name: string;
  condition: SourcedText;
  file: string;
  range: Range;
  used: boolean;
  index: number;
  visibility: number;
  ast?: Expr;
}

export interface ExceptionDef {
  name: string;
  fields: string | string[] | undefined;
  comps: string | string[] | undefined;
  values: unknown[];
  file: string;
  node: Node;
  source: string;
}

export interface Rule {
  name: string;
  condition: SourcedText;
  output: string;
  outputPiece?: Piece;
  desc: string;
  priority: Priority;
  source: string;
  tags: string[];
  enabled: boolean;
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
  exceptions: ExceptionDef[];
  file: string;
  range: Range;
  /** The condition text Falco compiles: the condition with the exceptions appended. */
  compiledText?: string;
  /** Where each part of `compiledText` is written (the condition, its appends, the exceptions). */
  compiledSource?: SourcedText;
  /** That text once the lists are pasted into it, as Falco parses it. */
  pastedText?: string;
  compiled?: Condition;
  /**
   * The condition as Falco parses it (exceptions appended, lists pasted), with ranges in `compiledSource`'s
   * text; macros are not expanded (`compiled.ast` is). Set when the rule's condition parses.
   */
  tree?: Expr;
  /** Fields the output reads (`%proc.name`). */
  outputFields: string[];
  index: number;
  /** Extra keys kept as given (capture, capture_duration…). */
  extra: Record<string, unknown>;
  unknownSource?: boolean;
}

export interface LoadOptions {
  catalog?: FieldCatalog;
  /** Event sources known to the engine; default: syscall and the sources of the catalog's plugin fields. */
  sources?: Iterable<string>;
  /**
   * An editor's load after a keystroke: a large file is parsed item by item, reusing the items of the last load
   * of the same path that the edit did not touch (src/rules/yaml-items.ts). The positions of a rule set loaded
   * before for that path are no longer good afterwards, so only a caller that drops it can ask for this.
   */
  incremental?: boolean;
}

export interface RuleSet {
  rules: Rule[];
  macros: Map<string, MacroDef>;
  lists: Map<string, ListDef>;
  diagnostics: Diagnostic[];
  requiredEngineVersion?: string;
  requiredPluginVersions: Array<Array<{ name: string; version: string }>>;
}

/** Loads rules files in order, as Falco does, and compiles every rule. Never throws on bad input. */
export function loadRules(sources: readonly RuleSource[], options: LoadOptions = {}): RuleSet {
  const st = new LoadState(options);
  const reader = new Reader(st);
  for (const s of sources) reader.readFile(s);
  const usedLists = new RuleCompiler(st).compileAll();
  markUsage(st, usedLists);
  return {
    rules: [...st.rules.values()].sort((a, b) => a.index - b.index),
    macros: st.macros,
    lists: st.lists,
    diagnostics: st.diagnostics,
    ...(st.engineVersion !== undefined ? { requiredEngineVersion: st.engineVersion } : {}),
    requiredPluginVersions: st.pluginVersions,
  };
}
