/**
 * Falco field transformers: the type rules (for the checking stage and the linter). The runtime functions are
 * in ../eval/transformers.ts. Browser-safe: no Node built-ins, no Buffer.
 *
 * Behaviour follows libsinsp (falcosecurity/libs):
 * - single-argument transformers: `userspace/libsinsp/sinsp_filter_transformers/*.cpp`,
 *   attached by `sinsp_filter_check::add_transformer` (`sinsp_filtercheck.cpp`);
 * - `join`, `concat`, `getopt`: `userspace/libsinsp/sinsp_filtercheck_multivalue_transformer.cpp`;
 * - dispatch by argument count: `sinsp_extractor_compiler::visit(field_transformer_expr)` in `filter.cpp`;
 * - transformer-list elements: `list_check` / `rawnum_check` in `sinsp_filtercheck_rawstring.cpp`.
 *
 * | name     | arguments                          | accepted input (type, list)                         | result                      | `[arg]` |
 * |----------|------------------------------------|-----------------------------------------------------|-----------------------------|---------|
 * | tolower  | exactly 1                          | CHARBUF, FSPATH, FSRELPATH; scalar or list          | same type, same list flag   | no      |
 * | toupper  | exactly 1                          | CHARBUF, FSPATH, FSRELPATH; scalar or list          | same type, same list flag   | no      |
 * | b64      | exactly 1                          | CHARBUF, BYTEBUF; scalar or list                    | same type, same list flag   | no      |
 * | basename | exactly 1                          | CHARBUF, FSPATH, FSRELPATH; scalar or list          | same type, same list flag   | no      |
 * | len      | exactly 1                          | scalar CHARBUF, FSPATH, FSRELPATH, BYTEBUF; any list | UINT64, scalar             | no      |
 * | join     | exactly 2: (separator, list)       | separator not a list; second argument a list        | CHARBUF, scalar             | no      |
 * | concat   | 2 or more                          | every argument CHARBUF (exactly), not a list        | CHARBUF, scalar             | no      |
 * | getopt   | exactly 2: (argv list, optstring)  | argv a CHARBUF list; optstring a CHARBUF scalar     | CHARBUF list; scalar w/ [c] | yes: one option character |
 * | val      | exactly 1 field (right-hand side)  | any field                                           | the field's type and list flag | no   |
 *
 * A value argument (quoted string or number) is always a CHARBUF scalar; a transformer list `( … )` is
 * always a CHARBUF list. `join`, `concat` and `getopt` validate each argument's *base* field info (the
 * innermost field of a nested single-argument transformer; CHARBUF scalar for a nested multi-argument
 * transformer), not its transformed type: `checkTransformer` reproduces that through `base`.
 */

import { utf8Length } from '../bytes.js';
import { paramTypeDisplayName, paramTypeName } from '../language/types.js';
import { transformerSignature, type TransformerParam, type TransformerSignature } from '../language/vocabulary.js';

// ---------------------------------------------------------------------------------------------
// Types


export type TransformerArgKind = 'field' | 'value' | 'transformer' | 'list';

/** A type as libsinsp sees it, e.g. `{ type: 'PT_CHARBUF', isList: true }`. */
export interface TransformerTypeInfo {
  /** A `PT_*` name (`CHARBUF` and plugin spellings such as `string` are accepted too). */
  type: string;
  isList: boolean;
  /** Field name used in upstream's error texts; `NA` for values, lists and multi-argument transformers. */
  name?: string;
}

/** One argument of a transformer call, as the compiler describes it to `checkTransformer`. */
export interface TransformerArg {
  kind: TransformerArgKind;
  /** The argument's type after its own transformers. Ignored for `value` (CHARBUF) and `list` (CHARBUF list). */
  type: string;
  isList: boolean;
  /** For a field: its name, used in error texts. */
  name?: string;
  /** For a field: catalog flags (`EPF_NO_TRANSFORMER` refuses single-argument transformers). */
  flags?: readonly string[];
  /**
   * For a nested transformer: the type info upstream's `join`/`concat`/`getopt` validation looks at.
   * Pass the `base` of the inner `checkTransformer` result (spreading the result does it). When absent,
   * `type`/`isList` are used.
   */
  base?: TransformerTypeInfo;
  /** For a nested transformer: its name (spreading the inner result sets it). */
  transformer?: string;
  /** For a transformer list: its items, only used for portability warnings. */
  elements?: readonly TransformerArg[];
}

export interface TransformerCheckResult {
  /** Result type (`PT_*`) and list flag after this transformer. */
  type: string;
  isList: boolean;
  /** What an enclosing `join`/`concat`/`getopt` will validate (upstream looks at base field info). */
  base: TransformerTypeInfo;
  /** This transformer's name, so the result can be spread into a `TransformerArg` of kind `transformer`. */
  transformer: string;
  /** `join` was written field-first (`join(list, sep)`); the arguments must be swapped to upstream's order. */
  reordered?: true;
  /** Accepted by Falco but likely not what the author meant (for the linter). */
  warnings?: string[];
}
export interface TransformerCheckError {
  error: string;
}

export type { TransformerParam, TransformerSignature };
export { transformerSignature };

// ---------------------------------------------------------------------------------------------
// Type checking

function ok(type: string, isList: boolean, base: TransformerTypeInfo, transformer: string, warnings: string[]): TransformerCheckResult {
  const res: TransformerCheckResult = { type, isList, base, transformer };
  if (warnings.length > 0) res.warnings = warnings;
  return res;
}

/** The argument's own (transformed) type, with upstream's fixed types for values and lists. */
function currentInfo(a: TransformerArg): TransformerTypeInfo {
  if (a.kind === 'value') return { type: 'PT_CHARBUF', isList: false, name: 'NA' };
  if (a.kind === 'list') return { type: 'PT_CHARBUF', isList: true, name: 'NA' };
  return { type: paramTypeName(a.type), isList: a.isList, name: a.name ?? a.base?.name ?? 'NA' };
}

/** What upstream's `argument_types()` sees: the base field info of the argument's check. */
function baseInfo(a: TransformerArg): TransformerTypeInfo {
  if (a.kind === 'value') return { type: 'PT_CHARBUF', isList: false, name: 'NA' };
  if (a.kind === 'list') return { type: 'PT_CHARBUF', isList: true, name: 'NA' };
  if (a.kind === 'transformer' && a.base) {
    return { type: paramTypeName(a.base.type), isList: a.base.isList, name: a.base.name ?? 'NA' };
  }
  return { type: paramTypeName(a.type), isList: a.isList, name: a.name ?? 'NA' };
}

function singleArgAccepts(name: string, type: string, isList: boolean): boolean {
  const sig = transformerSignature(name);
  const param = sig?.kind === 'single' ? sig.params[0] : undefined;
  if (!param) return false;
  const types = isList ? (param.listTypes ?? param.types) : param.types;
  return types === 'any' || types.includes(type);
}

const STRINGY = new Set<string>(['PT_CHARBUF', 'PT_FSPATH', 'PT_FSRELPATH']);
const NUMERIC_TO_TEXT = new Set<string>(['PT_PID', 'PT_INT64', 'PT_UINT64']);
const STRING_OUTPUT_TRANSFORMERS = new Set<string>(['tolower', 'toupper', 'b64', 'basename']);

/** Warnings for the items of a transformer list (upstream `list_check` / `rawnum_check`). */
function listElementWarnings(where: string, list: TransformerArg): string[] {
  const out: string[] = [];
  (list.elements ?? []).forEach((el, i) => {
    if (el.kind === 'value') return;
    const cur = currentInfo(el);
    const base = baseInfo(el);
    if (STRINGY.has(cur.type) || cur.type === 'PT_BYTEBUF') return;
    if (NUMERIC_TO_TEXT.has(base.type) && cur.type === base.type) return; // printed in decimal upstream
    out.push(
      `${where}: list item ${i + 1} has type ${paramTypeDisplayName(cur.type)}; Falco converts only ` +
        'PID/INT64/UINT64 fields to text and appends the raw bytes of any other value',
    );
  });
  return out;
}

/**
 * Type-checks one transformer call the way libsinsp compiles it, with upstream's error texts.
 * `args` are the call's arguments in source order, `arg` the trailing `[arg]` if any.
 *
 * `options.fieldFirstJoin` (default true) accepts our extension `join(list, separator)`: the arguments
 * are checked in upstream's order and the result carries `reordered: true` (the linter warns, the
 * evaluator swaps them). With `false`, the field-first form gets upstream's error.
 */
export function checkTransformer(
  name: string,
  args: readonly TransformerArg[],
  arg?: string,
  options: { fieldFirstJoin?: boolean } = {},
): TransformerCheckResult | TransformerCheckError {
  const warnings: string[] = [];

  if (name === 'val') {
    if (args.length !== 1) return { error: "expected a ')' token closing the transformer" };
    const a = args[0]!;
    if (a.kind !== 'field') return { error: "expected a field within 'val' transformer" };
    if (arg !== undefined) return { error: "filter error: transformer 'val' does not support field arguments" };
    const info = currentInfo(a);
    return ok(info.type, info.isList, baseInfo(a), 'val', warnings);
  }

  if (args.length === 1) {
    // filter.cpp: one argument → a single-argument transformer added onto the argument's check
    if (arg !== undefined) return { error: `filter error: transformer '${name}' does not support field arguments` };
    if (transformerSignature(name)?.kind !== 'single') {
      return { error: `unknown field transfomer '${name}'` }; // sic, upstream's spelling
    }
    const a = args[0]!;
    const cur = currentInfo(a);
    if (a.kind === 'field' && a.flags?.includes('EPF_NO_TRANSFORMER')) {
      return { error: `field '${cur.name}' does not support transformers` };
    }
    if (!singleArgAccepts(name, cur.type, cur.isList)) {
      return {
        error:
          `can't add field transformer: type '${paramTypeDisplayName(cur.type)}' is not supported by '${name}' ` +
          `transformer applied on ${cur.isList ? 'list ' : ''}field '${cur.name}'`,
      };
    }
    const base = baseInfo(a);
    if (name === 'len' && cur.isList && a.kind === 'transformer' && !base.isList) {
      warnings.push(
        "len() of a getopt() list: Falco measures the first item's length instead of counting the items",
      );
    }
    if (name === 'len') return ok('PT_UINT64', false, base, name, warnings);
    return ok(cur.type, cur.isList, base, name, warnings);
  }

  // two or more arguments (or none): multi-argument transformers
  let list = args;
  let reordered = false;
  if (name === 'join' && options.fieldFirstJoin !== false) {
    const n = normalizeJoinArgs(args);
    list = n.args;
    reordered = n.reordered;
  }
  const types = list.map(baseInfo);
  const multiBase: TransformerTypeInfo = { type: 'PT_CHARBUF', isList: false, name: 'NA' };
  let result: TransformerCheckResult;

  switch (name) {
    case 'join': {
      if (types.length !== 2) return { error: 'join() requires exactly 2 arguments: separator and list' };
      if (types[0]!.isList) return { error: 'join() first argument (separator) must be a single value, not a list' };
      if (!types[1]!.isList) return { error: 'join() second argument must be a list' };
      const sep = list[0]!;
      const items = list[1]!;
      if (sep.kind === 'transformer' && sep.transformer && STRING_OUTPUT_TRANSFORMERS.has(sep.transformer)) {
        warnings.push(
          `join() separator comes from ${sep.transformer}(): Falco keeps its terminating NUL, so the result ` +
            'ends after the first item',
        );
      }
      const sepType = currentInfo(sep).type;
      if (sep.kind !== 'value' && !STRINGY.has(sepType)) {
        warnings.push(`join() separator has type ${paramTypeDisplayName(sepType)}; Falco uses its raw bytes`);
      }
      if (items.kind === 'list') warnings.push(...listElementWarnings('join()', items));
      else {
        const t = currentInfo(items).type;
        if (!STRINGY.has(t)) warnings.push(`join() list has type ${paramTypeDisplayName(t)}; Falco appends the raw bytes of its items`);
      }
      result = ok('PT_CHARBUF', false, multiBase, name, warnings);
      break;
    }
    case 'concat': {
      if (types.length < 2) return { error: 'concat() requires at least 2 arguments' };
      if (types.some((t) => t.type !== 'PT_CHARBUF' || t.isList)) return { error: 'concat() arguments must be strings' };
      list.forEach((a, i) => {
        const cur = currentInfo(a);
        if (cur.type !== 'PT_CHARBUF' || cur.isList) {
          warnings.push(
            `concat() argument ${i + 1} is ${paramTypeDisplayName(cur.type)}${cur.isList ? ' (list)' : ''} after ` +
              'its transformers; Falco accepts it but appends only ' +
              (cur.isList ? 'the first item' : 'its raw bytes'),
          );
        }
      });
      result = ok('PT_CHARBUF', false, multiBase, name, warnings);
      break;
    }
    case 'getopt': {
      if (types.length !== 2) return { error: 'getopt() requires exactly 2 arguments: args list and optstring' };
      if (!types[0]!.isList) return { error: 'getopt() first argument must be a list' };
      if (types[1]!.isList) return { error: 'getopt() second argument (optstring) must be a single value' };
      if (types[0]!.type !== 'PT_CHARBUF' || types[1]!.type !== 'PT_CHARBUF') {
        return { error: 'getopt() arguments must be strings' };
      }
      if (list[0]!.kind === 'list') warnings.push(...listElementWarnings('getopt()', list[0]!));
      if (arg !== undefined) {
        if (utf8Length(arg) !== 1) return { error: 'getopt() field argument must be a single option character' };
        return ok('PT_CHARBUF', false, multiBase, name, warnings);
      }
      return ok('PT_CHARBUF', true, multiBase, name, warnings);
    }
    default:
      return { error: 'unknown multivalue transformer' };
  }

  // join and concat refuse a field argument (checked after the arguments, as upstream does)
  if (arg !== undefined) return { error: `transformer '${name}' does not support field arguments` };
  if (reordered) result.reordered = true;
  return result;
}

/**
 * Our extension: `join(list, separator)` is accepted besides upstream's `join(separator, list)`.
 * With two arguments that upstream would refuse in the written order, the first multi-valued and the
 * second single-valued, they are swapped into upstream's order and `reordered` is true; otherwise the
 * arguments are returned unchanged. "Multi-valued" is the argument's own list flag (a `list` kind always,
 * a `value` never); "upstream would refuse" looks at `base` when given, as upstream does.
 */
export function normalizeJoinArgs<T extends { kind?: string; isList: boolean; base?: { isList: boolean } }>(
  args: readonly T[],
): { args: T[]; reordered: boolean } {
  if (args.length === 2) {
    const [a, b] = args as [T, T];
    const multi = (x: T) => (x.kind === 'list' ? true : x.kind === 'value' ? false : x.isList);
    const baseList = (x: T) => (x.kind === 'list' ? true : x.kind === 'value' ? false : (x.base?.isList ?? x.isList));
    const upstreamAccepts = !baseList(a) && baseList(b);
    if (!upstreamAccepts && multi(a) && !multi(b)) return { args: [b, a], reordered: true };
  }
  return { args: [...args], reordered: false };
}

