import type { Diagnostic } from '../diagnostic.js';
import { LineIndex, RecentTexts } from '../syntax/lines.js';
import { loadRules, type LoadOptions, type RuleSet, type RuleSource } from '../rules/loader.js';
import { lintRule, runLintRules } from './registry.js';
import { itemLocations } from './items.js';
import { VERSION } from '../version.js';
import { plain, type Style } from '../style.js';

/*
 * The linter: every problem of a set of rules files, with Falco's codes where Falco has one and our own where
 * Falco is silent, each located in the user's own file: what the loader reports while it reads and compiles,
 * and what the lint rules of the registry (registry.ts) find in the loaded rule set. Formatters turn the diagnostics into a human report
 * (stylish), JSON, Falco's own validation JSON (`falco -V` with JSON output), or SARIF 2.1.0.
 */

export type LintOptions = LoadOptions;

/** Lints rules files (loaded in order, as Falco loads them). */
export function lint(sources: readonly RuleSource[], options: LintOptions = {}): Diagnostic[] {
  return lintRuleSet(loadRules(sources, options), sources.map((s) => s.path));
}

/** Every diagnostic of a loaded rule set: the loader's and the lint rules', sorted by file (in `fileOrder`) and position. */
export function lintRuleSet(set: RuleSet, fileOrder: string[] = []): Diagnostic[] {
  return sortDiagnostics([...set.diagnostics, ...runLintRules(set)], fileOrder);
}

export function sortDiagnostics(ds: Diagnostic[], fileOrder: string[] = []): Diagnostic[] {
  const rank = (f?: string) => {
    const i = f === undefined ? -1 : fileOrder.indexOf(f);
    return i < 0 ? fileOrder.length : i;
  };
  return [...ds].sort((a, b) => rank(a.file) - rank(b.file) || (a.file ?? '').localeCompare(b.file ?? '') || a.range.start.offset - b.range.start.offset);
}

export function codeDescription(code: string): string | undefined {
  return lintRule(code)?.description;
}

/**
 * The Falco code a diagnostic maps to, for tools built for Falco's validator: Falco's codes are their own; ours
 * map to the code of their registry entry, which holds at the entry's usual severity (a problem of a condition
 * met as a warning is a condition warning, LOAD_COMPILE_CONDITION).
 */
export function falcoCode(d: Diagnostic): string {
  const entry = lintRule(d.code);
  if (entry?.falcoCode === d.code) return d.code;
  if (d.data?.falcoCode !== undefined) return d.data.falcoCode;
  const f = entry?.falcoCode;
  // Falco resolves macros before it compiles, and an unknown one fails the validation step.
  if (f === 'LOAD_ERR_VALIDATE') return f;
  if (d.severity === 'error') return f?.startsWith('LOAD_ERR_') ? f : 'LOAD_ERR_COMPILE_CONDITION';
  return f !== undefined && !f.startsWith('LOAD_ERR_') ? f : 'LOAD_COMPILE_CONDITION';
}

/** Falco's description of one of its codes (`codedesc` in its JSON), or ''. */
function falcoDescription(code: string): string {
  const entry = lintRule(code);
  return entry?.falcoCode === code ? entry.description : '';
}

// --- formatters ----------------------------------------------------------------------------------------------

export interface FormatOptions {
  /** File texts by path, for snippets. */
  texts?: Record<string, string>;
  /** Colours (the command line passes ANSI colours on a terminal); default none. */
  style?: Style;
}

// A report holds many snippets of one file: split it once, not once per diagnostic, so output stays linear.
const splitLines = new RecentTexts((text) => text.split(/\r\n|\r|\n/));
const linesOf = (text: string): string[] => splitLines.get(text);

/** A source line with a caret line under the range (the range's first line only). */
export function snippet(text: string, d: Diagnostic, style: Style = plain): string {
  const lines = linesOf(text);
  const n = d.range.start.line;
  const line = lines[n - 1];
  if (line === undefined) return '';
  const width = d.range.end.line === n ? Math.max(1, d.range.end.column - d.range.start.column) : Math.max(1, line.length - d.range.start.column + 1);
  const gutter = String(n).padStart(5) + ' | ';
  // A byte-order mark is invisible: the caret goes one column left of where counting it would put it.
  const bom = n === 1 && line.charCodeAt(0) === 0xfeff ? 1 : 0;
  const pad = ' '.repeat(gutter.length + Math.max(0, d.range.start.column - 1 - bom)).replace(/./g, ' ');
  const marks = style(d.severity === 'error' ? 'error' : 'warning', '^'.repeat(width));
  // Control characters (a binary file) would garble the terminal: one visible character each.
  const shown = line.slice(bom).replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f\ufffd]/g, '\u00b7');
  return `${style('muted', gutter)}${shown}\n${pad}${marks}`;
}

/** Human output: `file:line:col  severity  message  code`, a snippet with a caret, and a summary line. */
export function formatStylish(ds: readonly Diagnostic[], opts: FormatOptions = {}): string {
  const style = opts.style ?? plain;
  const out: string[] = [];
  for (const d of ds) {
    const where = `${d.file ?? '<condition>'}:${d.range.start.line}:${d.range.start.column}`;
    out.push(`${style('strong', where)}  ${style(d.severity === 'error' || d.severity === 'warning' ? d.severity : 'info', d.severity)}  ${d.message}  ${style('muted', d.code)}`);
    const text = d.file !== undefined ? opts.texts?.[d.file] : undefined;
    if (text !== undefined) out.push(snippet(text, d, style), '');
  }
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.filter((d) => d.severity === 'warning').length;
  out.push(ds.length === 0 ? 'no problems' : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return out.join('\n');
}

/** Our JSON: an array of diagnostics as they are. */
export function formatJson(ds: readonly Diagnostic[]): string {
  return JSON.stringify(ds, null, 2);
}

/** Falco's `context.locations` of a diagnostic: the file, then the item (type and name), then its part. */
const lineIndexes = new RecentTexts((text) => new LineIndex(text));
const lineIndexOf = (text: string): LineIndex => lineIndexes.get(text);

function falcoLocations(name: string, text: string | undefined, d: Diagnostic) {
  const here = { name, line: d.range.start.line - 1, column: d.range.start.column - 1, offset: d.range.start.offset };
  const [item, part] = text === undefined ? [] : itemLocations(text, d.range.start.offset);
  if (!item) return [{ item_type: 'rules content', item_name: '', position: here }];
  const at = lineIndexOf(text!).positionAt(item.offset);
  return [
    { item_type: 'rules content', item_name: '', position: { name, line: 0, column: 0, offset: 0 } },
    { item_type: item.itemType, item_name: item.itemName, position: { name, line: at.line - 1, column: at.column - 1, offset: at.offset } },
    part ? { item_type: part.itemType, item_name: '', position: here } : { item_type: item.itemType, item_name: item.itemName, position: here },
  ];
}

/**
 * Falco's validation result shape (`falco -V FILE -o json_output=true`): one entry per file with
 * `successful`, `errors` and `warnings`, each item with `code`, `codedesc`, `message` and a `context` holding
 * the location (0-based line and column, as Falco prints yaml-cpp marks) and a snippet. Our own codes are
 * mapped to the closest Falco code, and kept in `falco_expr_code`.
 */
export function formatFalcoJson(ds: readonly Diagnostic[], files: readonly string[], opts: FormatOptions = {}): string {
  const results = files.map((name) => {
    const mine = ds.filter((d) => (d.falco ? d.falco.file ?? d.file : d.file) === name);
    const item = (d: Diagnostic) => {
      const code = falcoCode(d);
      const text = opts.texts?.[name];
      // Report the problem where Falco does (see Diagnostic.falco), keeping ours in the snippet's place.
      const at = d.falco?.range ?? d.range;
      return {
        code,
        codedesc: falcoDescription(code),
        message: d.message,
        context: {
          // Falco reports yaml-cpp marks: line and column count from 0. Its locations go from the file to the
          // item (type and name) to the part of it; the last one is where the problem is (where Falco puts it:
          // see Diagnostic.falco).
          locations: falcoLocations(name, text, d.falco ? { ...d, range: at } : d),
          snippet: text === undefined ? '' : snippet(text, d.falco ? { ...d, range: at } : d),
        },
        ...(code !== d.code ? { falco_expr_code: d.code } : {}),
      };
    };
    const errors = mine.filter((d) => d.severity === 'error').map(item);
    const warnings = mine.filter((d) => d.severity === 'warning').map(item);
    return { name, successful: errors.length === 0, errors, warnings };
  });
  return JSON.stringify({ falco_load_results: results }, null, 2);
}

/** The project's page, for tools that link to the program that wrote a report. */
export const PROJECT_URL = 'https://github.com/falco-expr/falco-expr';

export interface SarifOptions {
  tool?: { name: string; version: string };
  /**
   * The artifact URI of a diagnostic's file. SARIF wants URIs: the CLI gives `file://` URIs of absolute paths
   * (this module runs in browsers and has no notion of a working directory). Default: the path as written.
   */
  artifactUri?: (file: string) => string;
}

/** SARIF 2.1.0 for code-scanning UIs. */
export function formatSarif(ds: readonly Diagnostic[], opts: SarifOptions = {}): string {
  const tool = opts.tool ?? { name: 'falco-expr', version: VERSION };
  const uri = opts.artifactUri ?? ((f: string) => f);
  const codes = [...new Set(ds.map((d) => d.code))].sort();
  const level = (s: Diagnostic['severity']) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            informationUri: PROJECT_URL,
            rules: codes.map((id) => ({ id, shortDescription: { text: codeDescription(id) ?? id } })),
          },
        },
        results: ds.map((d) => ({
          ruleId: d.code,
          ruleIndex: codes.indexOf(d.code),
          level: level(d.severity),
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file === undefined ? 'condition' : uri(d.file) },
                region: {
                  startLine: d.range.start.line,
                  startColumn: d.range.start.column,
                  endLine: d.range.end.line,
                  endColumn: d.range.end.column,
                  charOffset: d.range.start.offset,
                  charLength: Math.max(0, d.range.end.offset - d.range.start.offset),
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
