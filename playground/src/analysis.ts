import {
  CoverageCollector, RuleEngine, checkCondition, codeDescription, definitionsOf, lintRuleSet, loadRules, uncovered,
  type Alert, type Condition, type CoverageReport, type Diagnostic, type Explanation, type Rule, type RuleSet,
} from 'falco-expr';

/*
 * What the page computes, with the package root only: the rules file loaded and linted, a condition checked
 * against the rules' macros and lists, and an event run through either. Each step is memoised on its input text,
 * so the editors' linters and the result pane share one computation.
 */

export const RULES_FILE = 'rules.yaml';

export interface RulesAnalysis {
  text: string;
  set: RuleSet;
  diagnostics: Diagnostic[];
  engine: RuleEngine;
  /** Macro name → condition text, list name → items: the definitions a lone condition can use. */
  macros: Record<string, string>;
  lists: Record<string, string[]>;
}

let lastRules: RulesAnalysis | undefined;

export function analyzeRules(text: string): RulesAnalysis {
  if (lastRules?.text === text) return lastRules;
  const sources = [{ path: RULES_FILE, text }];
  // Loaded once: the lint rules run over the same rule set the engine uses.
  const set = loadRules(sources);
  const { macros, lists } = definitionsOf(set);
  lastRules = { text, set, diagnostics: lintRuleSet(set, [RULES_FILE]), engine: new RuleEngine(set), macros, lists };
  return lastRules;
}

export interface ConditionAnalysis {
  text: string;
  rulesText: string;
  condition?: Condition;
  diagnostics: Diagnostic[];
}

let lastCondition: ConditionAnalysis | undefined;

/** Checks a condition with the macros and lists of the rules file. */
export function analyzeCondition(text: string, rulesText: string): ConditionAnalysis {
  if (lastCondition?.text === text && lastCondition.rulesText === rulesText) return lastCondition;
  const { macros, lists } = analyzeRules(rulesText);
  const r = checkCondition(text, { macros, lists });
  lastCondition = { text, rulesText, diagnostics: r.diagnostics, ...(r.condition ? { condition: r.condition } : {}) };
  return lastCondition;
}

export type EventParse = { event: Record<string, unknown>; error?: undefined } | { event?: undefined; error: string };

export function parseEvent(text: string): EventParse {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { error: `The event is not valid JSON: ${(e as Error).message}` };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    return { error: 'The event must be a JSON object keyed by field name, e.g. {"evt.type": "execve", "proc.name": "bash"}' };
  }
  return { event: v as Record<string, unknown> };
}

export interface RuleOutcome {
  rule: Rule;
  status: 'fired' | 'quiet' | 'shadowed' | 'disabled' | 'broken';
  alert?: Alert;
  /** For a shadowed rule: the rule that matched first (Falco's rule_matching: first). */
  shadowedBy?: Rule;
  explanation?: Explanation;
}

/** Every rule of the file with what it does on the event: fired (with its output), quiet, disabled or broken. */
export function runRules(analysis: RulesAnalysis, event: Record<string, unknown>): RuleOutcome[] {
  const alerts = new Map(analysis.engine.match(event).map((a) => [a.rule, a]));
  return analysis.set.rules.map((rule) => {
    const alert = alerts.get(rule);
    if (!rule.compiled) return { rule, status: 'broken' };
    const explanation = rule.compiled.explain(event);
    if (!rule.enabled) return { rule, status: 'disabled', explanation };
    if (alert) return { rule, status: 'fired', alert, explanation };
    // Its condition holds, but an earlier rule of its source matched first: Falco stops there.
    const first = explanation.result ? [...alerts.keys()].find((r) => r.source === rule.source) : undefined;
    return first ? { rule, status: 'shadowed', shadowedBy: first, explanation } : { rule, status: 'quiet', explanation };
  });
}

export interface SampleCoverage {
  report: CoverageReport;
  /** Goals not met, as `line:column  what`. */
  uncovered: string[];
}

let lastCoverage: { analysis: RulesAnalysis; coverage: SampleCoverage } | undefined;

/** What the sample events exercise in the open rules (the coverage `falco-expr test --coverage` reports). */
export function sampleCoverage(analysis: RulesAnalysis, events: ReadonlyArray<Record<string, unknown>>): SampleCoverage {
  if (lastCoverage?.analysis === analysis) return lastCoverage.coverage;
  const collector = new CoverageCollector(analysis.set, analysis.engine);
  for (const e of events) collector.observe(analysis.engine, e);
  const report = collector.report();
  const coverage = { report, uncovered: uncovered(report).map((u) => u.slice(RULES_FILE.length + 1)) };
  lastCoverage = { analysis, coverage };
  return coverage;
}

export function describeCode(code: string): string | undefined {
  return codeDescription(code);
}
