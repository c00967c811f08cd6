/**
 * falco-expr: the Falco rule condition language for JavaScript — parse, format and evaluate conditions, and
 * load and lint Falco rules files. Everything exported here runs in Node and in browsers.
 */
export type { Diagnostic, Position, Range, Severity } from './diagnostic.js';
export { VERSION } from './version.js';
export { plain, type Style, type StyleRole } from './style.js';
export {
  explainLines, explainView, explainValue, type ExplainView, type ExplainStatus, type ExplainLinesOptions,
} from './eval/explain-format.js';
export * from './syntax/index.js';
export {
  OPERATORS, MODIFIERS, TRANSFORMERS, KEYWORDS, operator, operatorWords, modifier, transformerSignature, splitOperator,
  type OperatorWord, type OperatorKind, type ModifierWord, type TransformerSignature, type TransformerParam, type ComparisonClass,
} from './language/vocabulary.js';
export {
  FieldCatalog, createCatalog, defaultCatalog, defineFields, fromFalcoList, parseFalcoFieldList, builtinFields, eventTypeNames,
  type FieldInfo, type FieldDefinition, type FieldType, type ResolvedField,
} from './fields/catalog.js';
export { Resolver, expandLists, type Definitions } from './check/resolve.js';
export { eventTypesOf } from './check/evttypes.js';
export { check, type CheckOptions, type CheckedCondition } from './check/checker.js';
export type {
  CheckedNode, CheckedLogic, CheckedNot, CheckedCheck, CheckedExists, CheckedCompare, CheckedCompareOperands, CheckedOperand,
  CheckedField, CheckedTransformer, CheckedTransformerArg, CheckedOrigin, FieldShape,
} from './check/checked.js';
export type { Constant } from './values/constants.js';
export {
  compile, checkCondition, ConditionError, type Condition, type CompileOptions, type CheckResult, type Explanation,
} from './eval/compile.js';
export { CodegenUnavailableError, type Backend } from './eval/codegen.js';
export type { Event, FlatEvent, FieldResolver } from './values/event.js';
export {
  loadRules, PRIORITIES, type RuleSource, type RuleSet, type Rule, type MacroDef, type ListDef, type LoadOptions, type Priority,
} from './rules/loader.js';
export { definitionsOf, type Definitions as RuleSetDefinitions } from './rules/definitions.js';
export { formatRules, FORMAT_WIDTH, type FormatRulesOptions, type FormatRulesResult, type FormatChunk } from './rules/format.js';
export {
  RuleEngine, matchesWildcard, selectRules, type Alert, type EngineOptions, type Evaluation, type RuleMatching, type RuleSelection,
} from './rules/engine.js';
export {
  CoverageCollector, mergeCoverage, formatCoverageText, formatCoverageLcov, uncovered, goals as coverageGoals,
  type CoverageItem, type CoverageKind, type CoverageReport, type FileCoverage, type CoverageCounts, type CoverageOptions,
} from './rules/coverage.js';
export type { RenderedOutput } from './rules/output.js';
export {
  describeRules, describeRule, formatDescription, prettyCondition, SUGGESTED_OUTPUT_FIELDS,
  type Description, type RuleDescription, type MacroDescription, type ListDescription, type DescribeOptions,
} from './rules/describe.js';
export { diffRulesets, formatDiff, type RulesetDiff, type Bump, type ItemChange } from './rules/diff.js';
export { Profiler, formatProfile, type Profile, type RuleProfile, type CheckProfile, type ProfileOptions } from './rules/profile.js';
export { asFalcoString } from './syntax/as-string.js';
export * from './assist/index.js';
export { fieldsRead, sysdigFormat, parseSysdigFieldList, type SysdigFormat, type SysdigOptions } from './rules/fields-read.js';
export {
  lint, lintRuleSet, sortDiagnostics, codeDescription, formatStylish, formatJson, formatFalcoJson, formatSarif, snippet,
  type LintOptions, type FormatOptions, type SarifOptions,
} from './lint/index.js';
