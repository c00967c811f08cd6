import type { DiagnosticData, Range, Severity } from '../diagnostic.js';
import type { FieldCatalog } from '../fields/catalog.js';
import type { Rule } from './loader.js';
import { outputPlaceholders } from './output.js';
import { mapRange } from './positions.js';
import { isUnknownFilter, type LoadState } from './state.js';

/*
 * A rule's output checked as Falco's formatter meets it (falco `rule_loader_compiler.cpp`, `compile_rule_infos`):
 * every `%field` and `%transformer(...)` known to the rule's source, deprecated fields, `%container.info`.
 */

/** Fields Falco warns about as deprecated (falco `falco_load_result.cpp`), in conditions and in outputs. */
export const FALCO_DEPRECATED_FIELDS = new Set(['evt.dir', 'evt.latency', 'evt.latency.s', 'evt.latency.ns', 'evt.latency.human', 'evt.wait_latency']);
export const EVT_DIR_NOTE = ": Falco no longer sees enter events, so 'evt.dir = <' is always true and 'evt.dir = >' always false";
export const LATENCY_NOTE = ': Falco no longer sees enter events, so it has no value';

export interface OutputProblem {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  /** A field or transformer Falco does not know (skip-if-unknown-filter skips the rule for it). */
  unknown: boolean;
  data?: DiagnosticData;
}

/** What an output text says for one source and catalog: its problems at offsets in the text, the fields it prints. */
interface OutputAnalysis {
  problems: Array<{ start: number; end: number; message: string; unknown: boolean; severity: Severity; code: string; data?: DiagnosticData }>;
  fields: string[];
  containerInfo: boolean;
}

/**
 * The analyses of the outputs met, per catalog (and its version) and by source and text: an editor's keystroke
 * loads every rule again, and their outputs rarely change (a tenth of a keystroke's lint in falco_rules.yaml).
 */
const analyses = new WeakMap<FieldCatalog, { version: number; byText: Map<string, OutputAnalysis> }>();
const ANALYSES_KEPT = 4096;

function analyse(st: LoadState, source: string, output: string): OutputAnalysis {
  let kept = analyses.get(st.catalog);
  if (!kept || kept.version !== st.catalog.version) analyses.set(st.catalog, (kept = { version: st.catalog.version, byText: new Map() }));
  const key = `${source}\u0000${output}`;
  let a = kept.byText.get(key);
  if (a) return a;
  a = { problems: [], fields: [], containerInfo: false };
  const { problems, fields } = a;
  const add = (start: number, end: number, message: string, unknown: boolean, severity: Severity = 'error', code = 'LOAD_ERR_COMPILE_OUTPUT', data?: DiagnosticData) =>
    problems.push({ start, end, message, unknown, severity, code, ...(data ? { data } : {}) });
  for (const p of outputPlaceholders(output)) {
    if (p.name === 'container.info' && p.arg === undefined && !p.transformer) {
      // Falco drops it from the output, with a deprecation warning at the rule.
      a.containerInfo = true;
      continue;
    }
    if (p.transformer) {
      const r = st.check(`${p.text} exists`);
      if (!r.condition) add(p.start, p.end, `invalid output expression '${p.text}': ${r.diagnostics[0]?.message ?? ''}`, r.diagnostics.some((d) => isUnknownFilter(d, st.catalog)));
      else fields.push(p.text);
      continue;
    }
    const resolved = st.catalog.resolve(p.name!, p.arg);
    if (!resolved || (resolved.field.source && resolved.field.source !== source)) {
      const hint = resolved ? undefined : st.catalog.suggest(p.name!, 1)[0];
      const other = resolved ? ` (a field of the '${resolved.field.source}' source, not of '${source}')` : '';
      add(p.start, p.end, `unknown field '${p.text}' in output${other}${hint ? ` (did you mean '${hint}'?)` : ''}`, true, 'error', 'LOAD_ERR_COMPILE_OUTPUT', { name: p.text, nameKind: 'field', ...(hint ? { suggestion: hint } : {}) });
    } else if (resolved.error) {
      // Falco's formatter does not check field arguments (the field prints nothing); we warn.
      add(p.start, p.end, `${resolved.error.message}: the field prints nothing in the output`, false, 'warning', 'output-field-argument');
    } else {
      if (resolved.field.filterOnly) add(p.start, p.end, `field '${p.text}' can only be used in conditions: Falco prints nothing for it in an output`, false, 'warning', 'filter-only-output');
      fields.push(p.text);
    }
  }
  if (kept.byText.size >= ANALYSES_KEPT) kept.byText.delete(kept.byText.keys().next().value!);
  kept.byText.set(key, a);
  return a;
}

/** The output's problems, as Falco's formatter would meet them; `unknown` for fields it does not know. */
export function checkOutput(st: LoadState, rule: Rule): OutputProblem[] {
  const piece = rule.outputPiece;
  const where = (start: number, end: number) => {
    if (!piece?.node) return { file: rule.file, range: rule.range };
    // The output was trimmed: offsets count from the first non-blank character of the scalar's value.
    const lead = piece.text.length - piece.text.trimStart().length;
    return { file: piece.file, range: mapRange(piece.source, piece.node, start + lead, end + lead) };
  };
  const a = analyse(st, rule.source, rule.output);
  const problems: OutputProblem[] = a.problems.map(({ start, end, ...p }) => ({ ...p, ...where(start, end) }));
  if (a.containerInfo) {
    problems.push({ code: 'LOAD_DEPRECATED_ITEM', severity: 'warning', message: "'%container.info' is deprecated and Falco removes it from the output: the container plugin adds the container fields itself", file: rule.file, range: rule.range, unknown: false });
    rule.output = rule.output.split('%container.info').join('');
  }
  // Falco looks for the deprecated fields' names anywhere in the output text.
  for (const name of FALCO_DEPRECATED_FIELDS) {
    const i = rule.output.indexOf(name);
    if (i >= 0) problems.push({ code: 'LOAD_DEPRECATED_ITEM', severity: 'warning', message: `field '${name}' in the output is deprecated${name === 'evt.dir' ? EVT_DIR_NOTE : LATENCY_NOTE}`, unknown: false, ...where(i, i + name.length) });
  }
  if (rule.output.trim() === '') problems.push({ code: 'LOAD_ERR_COMPILE_OUTPUT', severity: 'error', message: 'the output is empty', unknown: false, ...where(0, 0) });
  // A copy: the rule's list is its own.
  rule.outputFields = [...a.fields];
  return problems;
}
