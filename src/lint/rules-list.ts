import { LINT_RULES, type LintRule } from './registry.js';

/*
 * The registry printed: `falco-expr lint --rules-list` (text or JSON) and docs/lint-rules.md (Markdown, written by
 * scripts/gen-lint-rules.mjs and checked against the registry by test/lint-rules.test.ts).
 */

const COLUMNS: Array<[title: string, value: (r: LintRule) => string]> = [
  ['code', (r) => r.code],
  ['falco code', (r) => (r.falcoCode === r.code ? '(Falco)' : r.falcoCode)],
  ['severity', (r) => r.severity],
  ['reported by', (r) => r.reportedBy],
  ['description', (r) => r.description],
];

/** One line per code, in aligned columns. */
export function rulesListText(): string {
  const rows = [COLUMNS.map(([t]) => t), ...LINT_RULES.map((r) => COLUMNS.map(([, v]) => v(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** The registry as JSON: an array of entries (the check functions left out). */
export function rulesListJson(): string {
  return JSON.stringify(LINT_RULES.map(({ code, falcoCode, severity, reportedBy, description, details }) => ({ code, falcoCode, severity, reportedBy, description, details })), null, 2);
}

const REPORTERS: Record<LintRule['reportedBy'], string> = {
  loader: 'the loader, reading and merging the rules files',
  parser: 'the parser, on a condition',
  checker: 'the checker, on a parsed condition',
  lint: 'a lint rule, over the loaded rule set',
};

/** docs/lint-rules.md. */
export function rulesListMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const out = [
    '# Lint rules',
    '',
    '<!-- Generated from src/lint/registry.ts by scripts/gen-lint-rules.mjs: edit the registry, not this file. -->',
    '',
    "Every code a falco-expr diagnostic can carry. Falco's own codes (`LOAD_*`, from Falco's `falco_load_result.cpp`)",
    "keep their meaning; our codes name what Falco is silent or less precise about, and each maps to the Falco code",
    "that `--format falco-json` reports it under. `falco-expr lint --rules-list` prints the same table",
    '(`--format json` for JSON).',
    '',
    'Reported by: ' + Object.entries(REPORTERS).map(([k, v]) => `\`${k}\`: ${v}`).join('; ') + '.',
    '',
    '| code | Falco code | severity | reported by | meaning |',
    '|---|---|---|---|---|',
    ...LINT_RULES.map((r) => `| \`${r.code}\` | ${r.falcoCode === r.code ? '(Falco)' : `\`${r.falcoCode}\``} | ${r.severity} | ${r.reportedBy} | **${cell(r.description)}.** ${cell(r.details)} |`),
    '',
  ];
  return out.join('\n');
}
