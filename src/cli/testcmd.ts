import { writeFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { FieldCatalog } from '../fields/catalog.js';
import { formatCoverageLcov, formatCoverageText, mergeCoverage, type CoverageReport } from '../rules/coverage.js';
import { MATCHING_HELP, ruleMatchingOf, selectionOf, MatchingError } from './matching.js';
import { formatTestResults, runTestFile } from './ruletest.js';
import { ansi } from './style.js';
import { plain } from '../style.js';

/* `falco-expr test`: the unit tests of rules, and what they cover. */

export const TEST_HELP = `Usage: falco-expr test FILE... [options]

Runs rules unit tests without a kernel or a running Falco. A test file (YAML) names the rules files to load
(relative to the test file, in order) and lists cases:

  rules: [rules.yaml]
  rule_matching: first                            # optional, as falco.yaml (first or all)
  cases:
    - name: a shell in a container is reported
      event: { evt.type: execve, proc.name: bash, container.id: abc123 }
      fire: [Shell spawned in a container]        # these rules must fire
      not_fire: [Read sensitive file]             # these must not
    - name: nothing fires on ls
      event: { evt.type: execve, proc.name: ls }
      fire_only: []                               # exactly these rules fire
    - name: a macro, tested on its own
      condition: spawned_process and proc.name in (shell_binaries)
      event: { evt.type: execve, proc.name: dash }
      expect: true

A failing case shows the evaluation tree of the rule with the values each check saw, and says when an
earlier rule matched first (rule_matching: first).

Options:
${MATCHING_HELP}
  --coverage           report what the cases exercised, per rules file: rules fired and not fired, macros
                       and lists used, each check seen true and false, exceptions matching and not
  --coverage-format text|lcov|json
                       the coverage report's format (default text; lcov and json go to standard output, or
                       to --coverage-output, and the test report then goes to standard error)
  --coverage-output FILE
                       write the coverage report to FILE
  --coverage-min PERCENT
                       fail (exit 1) when less than PERCENT of the coverage goals are met (implies --coverage)
  --fields FILE        field list printed by your own Falco
  --no-color           plain output
Exit: 0 all passed, 1 a case failed (or coverage below --coverage-min), 2 a test file or its rules could not
be loaded.`;

export interface TestCommandDeps {
  values: Record<string, unknown>;
  positionals: string[];
  args: string[];
  catalog: FieldCatalog | undefined;
  color: boolean;
  usage: (message: string) => Error;
}

export function coverageJson(report: CoverageReport): string {
  return JSON.stringify(report, null, 2);
}

/** Rules files named relative to the working directory, as the user wrote them (lcov readers expect that). */
function relativePaths(report: CoverageReport): CoverageReport {
  const rel = (f: string) => {
    if (!isAbsolute(f)) return f;
    const r = relative(process.cwd(), f);
    return r.startsWith('..') ? f : r;
  };
  return { ...report, files: report.files.map((f) => ({ ...f, file: rel(f.file), items: f.items.map((i) => ({ ...i, file: rel(i.file) })) })) };
}

export function runTestCommand(d: TestCommandDeps): number {
  const { values, positionals } = d;
  if (positionals.length === 0) throw d.usage('test needs at least one test file');
  let ruleMatching;
  let selection;
  try {
    ruleMatching = ruleMatchingOf(values['rule-matching']);
    selection = selectionOf(d.args);
  } catch (e) {
    if (e instanceof MatchingError) throw d.usage(e.message);
    throw e;
  }
  const format = (values['coverage-format'] as string | undefined) ?? 'text';
  if (!['text', 'lcov', 'json'].includes(format)) throw d.usage(`unknown coverage format '${format}' (text, lcov, json)`);
  let min: number | undefined;
  if (values['coverage-min'] !== undefined) {
    min = Number(String(values['coverage-min']).replace(/%$/, ''));
    if (!Number.isFinite(min) || min < 0 || min > 100) throw d.usage('--coverage-min needs a percentage between 0 and 100');
  }
  const coverage = !!values.coverage || min !== undefined || values['coverage-format'] !== undefined || values['coverage-output'] !== undefined;
  const results = positionals.map((f) =>
    runTestFile(f, {
      ...(d.catalog ? { catalog: d.catalog } : {}),
      ...(ruleMatching ? { ruleMatching } : {}),
      ...(selection.length ? { selection } : {}),
      coverage,
    }),
  );
  const report = formatTestResults(results, d.color ? ansi : plain);
  const output = values['coverage-output'] as string | undefined;
  const machine = coverage && format !== 'text' && !output;
  (machine ? console.error : console.log)(report.text);
  let belowMin = false;
  if (coverage) {
    const merged = relativePaths(mergeCoverage(results.flatMap((r) => (r.coverage ? [r.coverage] : []))));
    const text = format === 'lcov' ? formatCoverageLcov(merged) : format === 'json' ? coverageJson(merged) + '\n' : formatCoverageText(merged) + '\n';
    if (output) writeFileSync(output, text);
    else if (machine) process.stdout.write(text);
    else console.log('\n' + text.trimEnd());
    if (min !== undefined && merged.counts.percent < min) {
      belowMin = true;
      console.error(`coverage ${merged.counts.percent.toFixed(1)}% is below --coverage-min ${min}%`);
    }
  }
  if (report.errors) return 2;
  return report.failed || belowMin ? 1 : 0;
}
