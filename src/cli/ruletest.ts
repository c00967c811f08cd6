import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Scalar, type YAMLMap } from 'yaml';
import { checkCondition, explainLines, type FieldCatalog } from '../index.js';
import { plain as unstyled, type Style } from '../style.js';
import { formatStylish, sortDiagnostics } from '../lint/index.js';
import { CoverageCollector, type CoverageReport } from '../rules/coverage.js';
import { RuleEngine, type RuleMatching, type RuleSelection } from '../rules/engine.js';
import { loadRules, type RuleSet } from '../rules/loader.js';
import { definitionsOf } from '../rules/definitions.js';
import { lineColumnAt } from '../rules/positions.js';
import { errorInWords, plural } from './args.js';

/*
 * Unit tests for rules, without a kernel or a running Falco. A test file (YAML) names the rules files to load
 * and lists cases, each an event and the rules that must fire and must not fire (or a condition and whether
 * it holds, to test a macro):
 *
 *   rules: [../rules/falco_rules.yaml, my_rules.yaml]     # relative to the test file, loaded in order
 *   rule_matching: all                                     # optional: Falco's rule_matching (default first)
 *   cases:
 *     - name: a shell in a container is reported
 *       event: { evt.type: execve, proc.name: bash, container.id: abc123 }
 *       fire: [Terminal shell in container]
 *       not_fire: [Read sensitive file untrusted]
 *     - name: nothing else fires on a plain ls
 *       event: { evt.type: execve, proc.name: ls }
 *       fire_only: []                                       # exactly these rules fire
 *     - name: the shell macro matches dash
 *       condition: spawned_process and shell_procs
 *       event: { evt.type: execve, proc.name: dash }
 *       expect: true
 */

export interface CaseResult {
  name: string;
  file: string;
  line: number;
  passed: boolean;
  problems: string[];
}

export interface TestFileResult {
  file: string;
  /** Errors that stop the file (bad test file, rules that do not load). */
  errors: string[];
  cases: CaseResult[];
  /** With `coverage`: what the cases exercised in the rules files. */
  coverage?: CoverageReport;
}

export interface TestOptions {
  catalog?: FieldCatalog;
  /** Falco's `rule_matching` (default `first`). */
  ruleMatching?: RuleMatching;
  /** Falco's `rules:` selections, applied after the files' own `enabled`. */
  selection?: readonly RuleSelection[];
  coverage?: boolean;
}

class SpecError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

function plain(n: unknown): unknown {
  if (isScalar(n)) return n.value;
  if (isSeq(n)) return n.items.map(plain);
  if (isMap(n)) return Object.fromEntries(n.items.map((p) => [String((p.key as Scalar).value), plain(p.value)]));
  return n ?? undefined;
}

function names(map: YAMLMap, key: string, line: (n: Node | undefined) => number): string[] | undefined {
  const n = map.get(key, true) as Node | undefined;
  if (n === undefined) return undefined;
  if (!isSeq(n)) throw new SpecError(`'${key}' must be a list of rule names`, line(n));
  return n.items.map((i) => String(plain(i)));
}

export function runTestFile(path: string, opts: TestOptions | FieldCatalog = {}): TestFileResult {
  const options: TestOptions = 'resolve' in opts ? { catalog: opts as FieldCatalog } : (opts as TestOptions);
  const catalog = options.catalog;
  const result: TestFileResult = { file: path, errors: [], cases: [] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    result.errors.push(`cannot read the test file ${path}: ${errorInWords(e)}`);
    return result;
  }
  const doc = parseDocument(text);
  const line = (n: Node | undefined) => (n?.range ? lineColumnAt(text, n.range[0]).line : 1);
  if (doc.errors.length) {
    result.errors.push(...doc.errors.map((e) => `${path}:${lineColumnAt(text, e.pos[0]).line}: ${e.message.split('\n')[0]}`));
    return result;
  }
  try {
    const root = doc.contents;
    if (!isMap(root)) throw new SpecError("a test file is a mapping with 'rules' and 'cases'", 1);
    const rulesNode = root.get('rules', true) as Node | undefined;
    // The file may say how Falco matches (falco.yaml's rule_matching); the command line's option wins.
    const matchingNode = root.get('rule_matching', true) as Node | undefined;
    const fileMatching = matchingNode === undefined ? undefined : plain(matchingNode);
    if (fileMatching !== undefined && fileMatching !== 'first' && fileMatching !== 'all') {
      throw new SpecError("'rule_matching' must be 'first' or 'all'", line(matchingNode));
    }
    const ruleMatching = options.ruleMatching ?? (fileMatching as RuleMatching | undefined);
    const rulesFiles = rulesNode === undefined ? [] : isSeq(rulesNode) ? rulesNode.items.map((i) => String(plain(i))) : [String(plain(rulesNode))];
    if (!rulesFiles.length) throw new SpecError("'rules' must name at least one rules file", line(root));
    const base = dirname(path);
    const sources = rulesFiles.map((f) => {
      const p = resolve(base, f);
      try {
        return { path: p, text: readFileSync(p, 'utf8') };
      } catch (e) {
        throw new SpecError(`cannot read the rules file ${f} (${p}): ${errorInWords(e)}`, line(rulesNode));
      }
    });
    const set: RuleSet = loadRules(sources, catalog ? { catalog } : {});
    const loadErrors = set.diagnostics.filter((d) => d.severity === 'error');
    if (loadErrors.length) {
      const texts = Object.fromEntries(sources.map((s) => [s.path, s.text]));
      throw new SpecError(`the rules do not load:\n${formatStylish(sortDiagnostics(loadErrors), { texts })}`, line(rulesNode));
    }
    const engine = new RuleEngine(set, {
      ...(catalog ? { catalog } : {}),
      ...(ruleMatching ? { ruleMatching } : {}),
      ...(options.selection ? { selection: options.selection } : {}),
    });
    const running = new Set(engine.rules);
    const collector = options.coverage ? new CoverageCollector(set, engine, catalog ? { catalog } : {}) : undefined;
    const byName = new Map(set.rules.map((r) => [r.name, r]));
    const { macros, lists } = definitionsOf(set);
    const casesNode = root.get('cases', true) as Node | undefined;
    if (!isSeq(casesNode)) throw new SpecError("'cases' must be a list", line(casesNode ?? root));
    casesNode.items.forEach((item, i) => {
      const at = line(item as Node);
      const name = isMap(item) && item.has('name') ? String(item.get('name')) : `case ${i + 1}`;
      const c: CaseResult = { name, file: path, line: at, passed: true, problems: [] };
      result.cases.push(c);
      try {
        if (!isMap(item)) throw new SpecError('a case is a mapping', at);
        const ev = plain(item.get('event', true));
        if (!ev || typeof ev !== 'object' || Array.isArray(ev)) throw new SpecError("'event' must be a mapping of field values", at);
        const event = ev as Record<string, unknown>;
        const fire = names(item, 'fire', line);
        const notFire = names(item, 'not_fire', line);
        const only = names(item, 'fire_only', line);
        for (const n of [...(fire ?? []), ...(notFire ?? []), ...(only ?? [])]) {
          if (!byName.has(n)) throw new SpecError(`no rule named '${n}' in the rules files`, at);
        }
        const condition = item.get('condition');
        if (condition !== undefined) {
          const r = checkCondition(String(condition), { macros, lists, ...(catalog ? { catalog } : {}) });
          if (!r.condition) throw new SpecError(`the condition does not compile: ${r.diagnostics[0]?.message}`, at);
          const want = item.get('expect');
          if (typeof want !== 'boolean') throw new SpecError("a case with 'condition' needs 'expect: true' or 'expect: false'", at);
          const x = r.condition.explain(event);
          collector?.observeCondition(x);
          if (x.result !== want) c.problems.push(`the condition is ${x.result}, expected ${want}`, ...explainLines(x, { indent: '      ' }));
        }
        if (fire === undefined && notFire === undefined && only === undefined && condition === undefined) {
          throw new SpecError("a case needs 'fire', 'not_fire', 'fire_only' or 'condition'", at);
        }
        const fired = new Set(engine.match(event).map((a) => a.rule.name));
        collector?.observe(engine, event);
        const why = (rule: string) => {
          const r = byName.get(rule)!;
          if (!running.has(r)) return [r.enabled ? '      (the rule is disabled by the rule selection)' : '      (the rule is disabled)'];
          return r.compiled ? explainLines(r.compiled.explain(event), { indent: '      ' }) : [];
        };
        /** Why a rule whose condition holds did not fire: an earlier rule matched first. */
        const notFired = (name: string): string => {
          const r = byName.get(name)!;
          if (!running.has(r) || !r.compiled?.evaluate(event)) return `expected '${name}' to fire, it did not:`;
          const trace = engine.trace(event);
          const winner = trace.find((t) => t.matched && t.rule.source === r.source && t.rule !== r)?.rule;
          if (!winner) return `expected '${name}' to fire, it did not:`;
          const at = `${winner.file}:${winner.range.start.line}`;
          if (engine.ruleMatching === 'first') return `expected '${name}' to fire, it did not: its condition holds, but it is shadowed by rule '${winner.name}' at ${at} (rule_matching: first stops at the first match)`;
          return `expected '${name}' to fire, it did not: its condition holds, but rule '${winner.name}' at ${at}, indexed by the event's type, matched, and Falco then skips the rules with no event type restriction`;
        };
        for (const n of fire ?? []) if (!fired.has(n)) c.problems.push(notFired(n), ...why(n));
        for (const n of notFire ?? []) if (fired.has(n)) c.problems.push(`expected '${n}' not to fire, it did:`, ...why(n));
        if (only) {
          for (const n of only) if (!fired.has(n)) c.problems.push(notFired(n), ...why(n));
          for (const n of fired) if (!only.includes(n)) c.problems.push(`'${n}' fired, but only [${only.join(', ')}] should`, ...why(n));
        }
      } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        c.problems.push(`${path}:${e.line}: ${e.message}`);
      }
      c.passed = c.problems.length === 0;
    });
    if (collector) result.coverage = collector.report();
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    result.errors.push(`${path}:${e.line}: ${e.message}`);
  }
  return result;
}

/** The report `falco-expr test` prints. */
export function formatTestResults(results: TestFileResult[], style: Style = unstyled): { text: string; failed: number; passed: number; errors: number } {
  const out: string[] = [];
  let failed = 0;
  let passed = 0;
  let errors = 0;
  for (const r of results) {
    out.push(r.file);
    for (const e of r.errors) {
      errors++;
      out.push(`  ${style('error', 'error')} ${e}`);
    }
    for (const c of r.cases) {
      if (c.passed) {
        passed++;
        out.push(`  ${style('pass', '✓')} ${c.name}`);
      } else {
        failed++;
        out.push(`  ${style('fail', '✗')} ${c.name}  (${c.file}:${c.line})`);
        for (const p of c.problems) out.push(p.startsWith(' ') ? p : `      ${p}`);
      }
    }
  }
  out.push('', `${passed} passed, ${failed} failed${errors ? `, ${plural(errors, 'error')}` : ''}`);
  return { text: out.join('\n'), failed, passed, errors };
}
