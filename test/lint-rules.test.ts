import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCondition } from '../src/eval/compile.js';
import { falcoCode, lint, lintRuleSet } from '../src/lint/index.js';
import { LINT_RULES, lintRule } from '../src/lint/registry.js';
import { rulesListJson, rulesListMarkdown, rulesListText } from '../src/lint/rules-list.js';
import { loadRules } from '../src/rules/loader.js';
import { parse } from '../src/syntax/parser.js';
import { falcoCorpus, falcoProbes } from './support/falco-probes.js';
import { readShared } from './support/shared.js';
import { runCli } from './support/cli.js';

/*
 * The lint rules registry (src/lint/registry.ts) is the one list of diagnostic codes: every code any
 * diagnostic carries is in it, with a documented meaning, and docs/lint-rules.md is generated from it.
 */

const root = new URL('../', import.meta.url);
const FALCO = new Set(LINT_RULES.filter((r) => r.falcoCode === r.code).map((r) => r.code));

describe('the registry', () => {
  it('has one entry per code, each with a meaning and a Falco code of Falco', () => {
    const codes = LINT_RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of LINT_RULES) {
      expect(r.description.length, r.code).toBeGreaterThan(5);
      expect(r.details.length, r.code).toBeGreaterThan(10);
      expect(FALCO.has(r.falcoCode), `${r.code} maps to ${r.falcoCode}`).toBe(true);
      expect(r.check === undefined, r.code).toBe(r.reportedBy !== 'lint');
    }
    // Falco's codes are Falco's (falco_load_result.cpp): LOAD_ERR_* are errors, the other LOAD_* warnings.
    for (const code of FALCO) {
      expect(code.startsWith('LOAD_')).toBe(true);
      expect(lintRule(code)!.severity).toBe(code.startsWith('LOAD_ERR_') ? 'error' : 'warning');
    }
  });

  it('docs/lint-rules.md is generated from it (node scripts/gen-lint-rules.mjs)', () => {
    expect(readFileSync(new URL('docs/lint-rules.md', root), 'utf8')).toBe(rulesListMarkdown());
  });

  it('--rules-list prints every code, as text and as JSON', () => {
    const lines = rulesListText().split('\n');
    expect(lines).toHaveLength(LINT_RULES.length + 1);
    for (const r of LINT_RULES) expect(lines.some((l) => l.startsWith(`${r.code} `))).toBe(true);
    expect((JSON.parse(rulesListJson()) as Array<{ code: string }>).map((r) => r.code)).toEqual(LINT_RULES.map((r) => r.code));
  });

  it('falco-expr lint --rules-list prints them (text, or JSON with --format json)', () => {
    const text = runCli(['lint', '--rules-list']);
    expect(text.code).toBe(0);
    expect(text.out.trimEnd()).toBe(rulesListText());
    const json = runCli(['lint', '--rules-list', '--format', 'json']);
    expect(JSON.parse(json.out)).toEqual(JSON.parse(rulesListJson()));
    expect(runCli(['lint', '--rules-list', '--format', 'sarif']).code).toBe(2);
  });

  it('a diagnostic maps to the Falco code of its entry, at the entry severity', () => {
    for (const r of LINT_RULES) {
      const d = { code: r.code, severity: r.severity, message: '', range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } };
      expect(falcoCode(d), r.code).toBe(r.falcoCode);
    }
  });
});

describe('every code a diagnostic carries is in the registry', () => {
  const seen = new Map<string, string>();
  const note = (codes: Iterable<{ code: string }>, where: string) => {
    for (const d of codes) if (!seen.has(d.code)) seen.set(d.code, where);
  };

  it('on the corpus, the Falco probes and the test conditions', () => {
    const corpus = (f: string) => ({ path: f, text: readShared(`corpus/rules/${f}`) });
    for (const files of [['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'], ['falco-deprecated_rules.yaml'], ['application_rules.yaml'], ['k8s_audit_rules.yaml'], ['aws_cloudtrail_rules.yaml'], ['okta_rules.yaml'], ['github.yaml'], ['gcp_auditlog_rules.yaml']]) {
      note(lint(files.map(corpus)), files.join('+'));
    }
    const probes = new URL('falco-probes/', import.meta.url);
    for (const p of [...falcoProbes(), ...falcoCorpus()]) {
      const base = p.files.every((f) => !f.includes('/')) ? probes : new URL('../', probes);
      try {
        note(lintRuleSet(loadRules(p.files.map((f) => ({ path: f, text: readFileSync(new URL(f, base), 'utf8') })))), p.probe);
      } catch {
        // corpus probes name shared files; they are linted above
      }
    }
    for (const line of readFileSync(new URL('data/libsinsp-compile.jsonl', import.meta.url), 'utf8').split('\n')) {
      if (!line) continue;
      const { condition } = JSON.parse(line) as { condition: string };
      note(checkCondition(condition).diagnostics, condition);
      note(parse(condition).diagnostics, condition);
    }
    const unknown = [...seen].filter(([code]) => !lintRule(code));
    expect(unknown).toEqual([]);
    expect(seen.size).toBeGreaterThan(30);
  });

  it('in the source: every code written as a literal where a diagnostic is made', () => {
    const files = (dir: URL): URL[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(new URL(`${e.name}/`, dir)) : e.name.endsWith('.ts') ? [new URL(e.name, dir)] : []));
    const made = /(?:\bcode: |\breport\(|\bthis\.add\(|\bdiag\(|\bfail\([^)]*, )'([A-Za-z_-]+)'/g;
    const found = new Set<string>();
    for (const f of files(new URL('src/', root))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(made)) found.add(m[1]!);
    }
    const unknown = [...found].filter((c) => !lintRule(c) && /^(LOAD_|[a-z]+-)/.test(c));
    expect(unknown).toEqual([]);
    expect(found.size).toBeGreaterThan(20);
  });
});
