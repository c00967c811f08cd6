import type { Diagnostic, Severity } from '../diagnostic.js';
import { findContradictions } from '../check/contradictions.js';
import { operatorWords } from '../language/vocabulary.js';
import type { Expr } from '../syntax/ast.js';
import type { RuleSet } from '../rules/loader.js';
import { placeIn } from '../rules/place.js';

/*
 * Every code a diagnostic can carry, one entry each: what it means, Falco's code for it (Falco's own codes map
 * to themselves), its usual severity, and who finds it. The loader reports what Falco meets while it reads and
 * merges the files (LOAD_ERR_* and the warnings of that step); the parser and the checker report what they
 * meet in a condition; the lint rules (`check`) run over the loaded rule set. `falco-expr lint --rules-list`
 * prints this table, and docs/lint-rules.md is generated from it (scripts/gen-lint-rules.mjs).
 */

/** Who finds a problem: reading the files, parsing a condition, checking it, or a lint rule over the rule set. */
export type Reporter = 'loader' | 'parser' | 'checker' | 'lint';

export interface LintRule {
  code: string;
  /** Falco's code for the problem: the code itself for Falco's codes; the closest one for ours. */
  falcoCode: string;
  severity: Severity;
  /** A short title. */
  description: string;
  /** What it means and what to do, in a sentence or two. */
  details: string;
  reportedBy: Reporter;
  /** For lint rules: the check, over a loaded rule set. */
  check?: (set: RuleSet) => Diagnostic[];
}

const NA_OPS = new Set(['=', '==', '!=', ...operatorWords('list')]);

/** Falco's LOAD_UNSAFE_NA_CHECK: a `ka.*`/`jevt.*` field compared with the placeholder `<NA>`. */
function unsafeNaChecks(e: Expr): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (n: Expr) => {
    if (n.kind === 'and' || n.kind === 'or') n.children.forEach(walk);
    else if (n.kind === 'not') walk(n.child);
    else if (n.kind === 'binary_check' && n.left.kind === 'field' && /^(ka|jevt)\./.test(n.left.name) && NA_OPS.has(n.op)) {
      const values = n.right.kind === 'value' ? [n.right.value] : n.right.kind === 'list' ? n.right.values : [];
      if (values.includes('<NA>')) {
        out.push({ code: 'LOAD_UNSAFE_NA_CHECK', severity: 'warning', message: "Unsafe <NA> comparison in condition: use 'exists' to test whether the field has a value", range: n.range });
      }
    }
  };
  walk(e);
  return out;
}

/** The rules Falco compiles a condition for (source known, the condition compiled). */
function compiledRules(set: RuleSet) {
  return set.rules.filter((r) => r.compiled && r.compiledSource && r.tree);
}

function whole(rule: RuleSet['rules'][number]) {
  const text = rule.compiledSource!;
  return text.locate(0, text.text.length);
}

const neverTrue = (set: RuleSet): Diagnostic[] => {
  const out: Diagnostic[] = [];
  for (const m of set.macros.values()) if (m.ast) for (const d of findContradictions(m.ast)) out.push(placeIn(m.condition, d));
  // Also for a rule whose condition does not compile (an unknown field elsewhere in it).
  for (const r of set.rules) if (r.tree && r.compiledSource) for (const d of findContradictions(r.tree)) out.push(placeIn(r.compiledSource, d));
  return out;
};

const unsafeNa = (set: RuleSet): Diagnostic[] => {
  const out: Diagnostic[] = [];
  for (const rule of compiledRules(set)) {
    // Falco looks for <NA> comparisons in the expanded condition, and warns once per rule.
    const na = unsafeNaChecks(rule.compiled!.ast)[0];
    if (!na) continue;
    const mine = unsafeNaChecks(rule.tree!)[0];
    if (mine) out.push(placeIn(rule.compiledSource!, mine, { file: rule.file, range: rule.range }));
    else out.push({ ...na, ...whole(rule) });
  }
  return out;
};

const noEvttype = (set: RuleSet): Diagnostic[] =>
  compiledRules(set)
    .filter((rule) => rule.source === 'syscall' && rule.warnEvttypes && !rule.compiled!.eventTypes)
    .map((rule) => ({ code: 'LOAD_NO_EVTTYPE', severity: 'warning', message: 'Rule matches too many evt.type values. This has a significant performance penalty.', ...whole(rule) }));

const unusedMacros = (set: RuleSet): Diagnostic[] =>
  [...set.macros.values()].filter((m) => !m.used).map((m) => ({
    code: 'LOAD_UNUSED_MACRO', severity: 'warning', message: `Macro '${m.name}' not referred to by any other rule/macro`, range: m.range, file: m.file, data: { name: m.name, nameKind: 'macro' },
  }));

const unusedLists = (set: RuleSet): Diagnostic[] =>
  [...set.lists.values()].filter((l) => !l.used).map((l) => ({
    code: 'LOAD_UNUSED_LIST', severity: 'warning', message: `List '${l.name}' not referred to by any other rule/macro`, range: l.range, file: l.file, data: { name: l.name, nameKind: 'list' },
  }));

type Entry = [code: string, falcoCode: string, severity: Severity, reportedBy: Reporter, description: string, details: string, check?: LintRule['check']];

/* Lint rules run in this order; their diagnostics are sorted with the loader's afterwards. */
const ENTRIES: Entry[] = [
  // --- Falco's codes (falco `falco_load_result.cpp`) ---------------------------------------------------------
  ['LOAD_ERR_FILE_READ', 'LOAD_ERR_FILE_READ', 'error', 'loader', 'File read error', 'The rules file cannot be read.'],
  ['LOAD_ERR_YAML_PARSE', 'LOAD_ERR_YAML_PARSE', 'error', 'loader', 'YAML parse error', 'The file is not valid YAML (or not text); Falco stops at the first such error. As a warning: YAML that Falco reads but that is likely a mistake.'],
  ['LOAD_ERR_YAML_VALIDATE', 'LOAD_ERR_YAML_VALIDATE', 'error', 'loader', 'Error validating internal structure of YAML file', 'An item lacks a required key, a value has the wrong shape (a scalar where a sequence belongs, an empty value), or an override is malformed; Falco refuses the file.'],
  ['LOAD_ERR_COMPILE_CONDITION', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'loader', 'Error compiling condition', "A rule's condition does not compile in Falco's engine: here, a field of another event source than the rule's."],
  ['LOAD_ERR_COMPILE_OUTPUT', 'LOAD_ERR_COMPILE_OUTPUT', 'error', 'loader', 'Error compiling output', "A rule's output names an unknown field, a field of another source, or an invalid %transformer(...) expression, or is empty."],
  ['LOAD_ERR_VALIDATE', 'LOAD_ERR_VALIDATE', 'error', 'loader', 'Error validating rule/macro/list/exception objects', "An append to an item that does not exist, an exception whose fields, comps and values do not fit together, a rule redefined with another source, an engine or plugin version Falco refuses."],
  ['LOAD_ERR_EXTENSION', 'LOAD_ERR_EXTENSION', 'error', 'loader', 'Error in extension item', "Falco's code for errors in extension items; falco-expr reads no extension items and does not report it."],
  ['LOAD_UNKNOWN_SOURCE', 'LOAD_UNKNOWN_SOURCE', 'warning', 'loader', 'Unknown event source', "The rule's `source` is not an event source the engine knows: Falco skips the rule."],
  ['LOAD_UNSAFE_NA_CHECK', 'LOAD_UNSAFE_NA_CHECK', 'warning', 'lint', 'Unsafe <NA> comparison in condition', "A `ka.*` or `jevt.*` field is compared with `<NA>`, the text a missing value prints as; test `exists` instead. Falco warns once per rule.", unsafeNa],
  ['LOAD_NO_EVTTYPE', 'LOAD_NO_EVTTYPE', 'warning', 'lint', 'Condition has no event-type restriction', 'A syscall rule whose condition does not restrict `evt.type` is evaluated for every event: a significant performance penalty. Silence it with `warn_evttypes: false`.', noEvttype],
  ['LOAD_UNKNOWN_FILTER', 'LOAD_UNKNOWN_FILTER', 'warning', 'loader', 'Unknown field or event-type in condition or output', 'A rule with `skip-if-unknown-filter: true` uses a field or event type this engine does not know: Falco skips the rule instead of refusing the file.'],
  ['LOAD_UNUSED_MACRO', 'LOAD_UNUSED_MACRO', 'warning', 'lint', 'Unused macro', 'No rule or macro refers to the macro.', unusedMacros],
  ['LOAD_UNUSED_LIST', 'LOAD_UNUSED_LIST', 'warning', 'lint', 'Unused list', 'No rule, macro or list refers to the list.', unusedLists],
  ['LOAD_UNKNOWN_ITEM', 'LOAD_UNKNOWN_ITEM', 'warning', 'loader', 'Unknown rules file item', 'A top-level item that is not a rule, macro, list, required_engine_version or required_plugin_versions: Falco ignores it.'],
  ['LOAD_DEPRECATED_ITEM', 'LOAD_DEPRECATED_ITEM', 'warning', 'loader', 'Used deprecated item', "A deprecated key (`append: true`, `enabled` alone), field (`evt.dir`, `evt.latency`…) or output field (`%container.info`)."],
  ['LOAD_WARNING_EXTENSION', 'LOAD_WARNING_EXTENSION', 'warning', 'loader', 'Warning in extension item', "Falco's code for warnings in extension items; falco-expr does not report it."],
  ['LOAD_APPEND_NO_VALUES', 'LOAD_APPEND_NO_VALUES', 'warning', 'loader', 'Overriding/appending with no values', 'An exception appended or overridden without values adds nothing.'],
  ['LOAD_EXCEPTION_NAME_NOT_UNIQUE', 'LOAD_EXCEPTION_NAME_NOT_UNIQUE', 'warning', 'loader', 'Multiple exceptions defined with the same name', 'Two exceptions of one rule have the same name.'],
  ['LOAD_INVALID_MACRO_NAME', 'LOAD_INVALID_MACRO_NAME', 'warning', 'loader', 'Invalid macro name', 'A macro name should be a letter then letters, digits or underscores; other names cannot be referred to in a condition.'],
  ['LOAD_INVALID_LIST_NAME', 'LOAD_INVALID_LIST_NAME', 'warning', 'loader', 'Invalid list name', 'A list name should have no blanks, parentheses, quotes, `=` or commas.'],
  ['LOAD_COMPILE_CONDITION', 'LOAD_COMPILE_CONDITION', 'warning', 'checker', 'Warning in rule condition', "libsinsp's compile warnings, given once for each rule that compiles the check (see value-is-field, value-is-transformer, regex-simpler)."],
  ['LOAD_UNKNOWN_KEY', 'LOAD_UNKNOWN_KEY', 'warning', 'loader', 'Unknown key in item definition', 'A key Falco does not know in a rule, macro or list: Falco ignores it (often a misspelt key).'],
  // --- ours -----------------------------------------------------------------------------------------------------
  ['parse-error', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'parser', 'Syntax error in a condition', 'The condition does not parse; the message says what was expected.'],
  ['parse-depth', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'parser', 'Condition nested deeper than Falco accepts', "The condition nests deeper than libsinsp's parser allows."],
  ['unknown-field', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Unknown field', 'A field the catalog does not know (with a "did you mean" when one is close); as a warning when unknown fields are allowed and read as strings.'],
  ['field-argument', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Missing or invalid field argument', 'A field that needs an argument has none, or one of the wrong kind, or a field that takes none has one.'],
  ['operator-type', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Operator not valid for the field type', "The operator (or modifier) is not defined for the field's type."],
  ['invalid-value', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Value not valid for the field type', "A value that does not parse as the field's type (a number, an address, a network, a boolean…)."],
  ['unknown-event-type', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'evt.type value that is not an event type name', '`evt.type` compared with a name that is no event type.'],
  ['invalid-regex', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Invalid RE2 regular expression', 'The pattern of `regex` is not a valid RE2 expression.'],
  ['invalid-transformer', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Invalid transformer use', 'A transformer applied to a field or value it does not accept, or with the wrong arguments.'],
  ['invalid-rhs', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Invalid field comparison', 'The right side (a field, `val()`, a transformer) cannot be compared with the left side.'],
  ['invalid-check', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Check that cannot be compiled', 'A check the compiler refused for a reason the message gives.'],
  ['unsupported-type', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Field type conditions cannot compare', 'A field whose type no condition operator accepts.'],
  ['internal', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Internal error', 'A tree the checker did not expect: a bug in falco-expr, please report it.'],
  ['undefined-macro', 'LOAD_ERR_VALIDATE', 'error', 'checker', 'Undefined macro', 'A name that is neither a field nor a macro visible here (defined earlier, or in this or an earlier file).'],
  ['macro-depth', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Macros nested too deep', 'Macros nested inside one another more than 500 deep (falco-expr expands at most that many; real rules nest fewer than 10).'],
  ['macro-cycle', 'LOAD_ERR_VALIDATE', 'error', 'checker', 'Macro reference loop', 'A macro refers to itself, directly or through other macros.'],
  ['list-cycle', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'List that includes itself', 'A list names itself among its items, directly or through other lists.'],
  ['macro-invalid', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Macro does not compile', 'A macro the condition refers to does not parse.'],
  ['list-as-value', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'List used as a single value', 'A list of several items where the operator takes one value.'],
  ['list-needs-parentheses', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'loader', 'List name without parentheses', "`in shells` without parentheses: Falco pastes a list's items as text, so this only works for a list of exactly one item. Write `in (shells)`."],
  ['join-order', 'LOAD_COMPILE_CONDITION', 'warning', 'checker', 'join() argument order Falco does not accept', "`join(list, separator)` is a falco-expr extension: Falco expects `join(separator, list)`."],
  ['transformer-portability', 'LOAD_COMPILE_CONDITION', 'warning', 'checker', 'Transformer behaves differently in Falco', 'A transformer use whose result differs between libsinsp versions or from what the text suggests.'],
  ['value-is-field', 'LOAD_COMPILE_CONDITION', 'warning', 'checker', 'Field name used as a value', "A value that is a field's name, compared as a string: write `val(field)` to compare with the field."],
  ['value-is-transformer', 'LOAD_COMPILE_CONDITION', 'warning', 'checker', 'Transformer used as a value', 'A value that reads as a transformer call, compared as a string.'],
  ['regex-simpler', 'LOAD_COMPILE_CONDITION', 'warning', 'checker', 'Regex replaceable by a simpler operator', 'A `regex` whose pattern is a plain prefix, suffix, substring or equality: `startswith`, `endswith`, `contains` or `=` is faster.'],
  ['never-true', 'LOAD_COMPILE_CONDITION', 'warning', 'lint', 'Condition can never be true', 'Checks joined by `and` that contradict each other (`evt.type = open and evt.type = execve`): the rule or macro never matches.', neverTrue],
  ['duplicate-definition', 'LOAD_COMPILE_CONDITION', 'warning', 'loader', 'Item defined more than once', 'A rule, macro or list defined twice in one file: the second replaces the first, which is silently lost.'],
  ['print-only-field', 'LOAD_ERR_COMPILE_CONDITION', 'error', 'checker', 'Output-only field in a condition', 'A field that only outputs can print, used in a condition.'],
  ['deprecated-field', 'LOAD_DEPRECATED_ITEM', 'warning', 'checker', 'Deprecated field', 'A field libsinsp marks as deprecated.'],
  ['unknown-exception-key', 'LOAD_COMPILE_CONDITION', 'warning', 'loader', 'Unknown key in an exception', 'A key other than name, fields, comps and values in an exception: Falco ignores it.'],
  ['output-field-argument', 'LOAD_COMPILE_CONDITION', 'warning', 'loader', 'Invalid field argument in an output', "An output field with a missing or wrong argument: Falco's formatter does not check it, and the field prints nothing."],
  ['filter-only-output', 'LOAD_COMPILE_CONDITION', 'warning', 'loader', 'Condition-only field in an output', 'A field that only conditions can use, in an output: Falco prints nothing for it.'],
];

export const LINT_RULES: readonly LintRule[] = ENTRIES.map(([code, falcoCode, severity, reportedBy, description, details, check]) => ({
  code, falcoCode, severity, reportedBy, description, details, ...(check ? { check } : {}),
}));

const BY_CODE = new Map(LINT_RULES.map((r) => [r.code, r]));

/** The registry entry of a code. */
export function lintRule(code: string): LintRule | undefined {
  return BY_CODE.get(code);
}

/** The order the lint rules run in: problems at one position are listed in this order. */
const RUN_ORDER = ['never-true', 'LOAD_UNSAFE_NA_CHECK', 'LOAD_NO_EVTTYPE', 'LOAD_UNUSED_MACRO', 'LOAD_UNUSED_LIST'];
const CHECKS = LINT_RULES.filter((r) => r.check).sort((a, b) => RUN_ORDER.indexOf(a.code) - RUN_ORDER.indexOf(b.code));

/** The diagnostics of every lint rule over a loaded rule set (unsorted). */
export function runLintRules(set: RuleSet): Diagnostic[] {
  return CHECKS.flatMap((r) => r.check!(set));
}
