#!/usr/bin/env node
// Labels the probe rules files under test/falco-probes/ with Falco's own answers, as test data.
//
//   FALCO_LOAD=/path/to/falco-load node scripts/label-falco-probes.mjs
//
// FALCO_LOAD is a program of your own that loads rules files into Falco's engine (falcosecurity/falco,
// userspace/engine) the way `falco -V FILE... -L -o json_output=true` does and prints the same JSON
// ({"falco_load_results": [...], "falco_describe_results": {...}}). It is not part of this repository: build
// it yourself (see test/falco-probes/README.md). The tests only read the committed expected.jsonl.
//
// A probe is a `*.yaml` file (loaded alone) or a directory of `*.yaml` files (loaded in name order). The
// corpus sets below (../shared/corpus/rules, loaded in order as Falco would) go to corpus.jsonl.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = new URL('../test/falco-probes/', import.meta.url).pathname;
const bin = process.env.FALCO_LOAD;
if (!bin) {
  console.error('set FALCO_LOAD to a falco-load program (see the header of this script)');
  process.exit(2);
}

const shared = new URL('../../shared/corpus/rules/', import.meta.url).pathname;
const CORPUS = [
  ['falco_rules.yaml'],
  ['falco_rules.yaml', 'falco-incubating_rules.yaml'],
  ['falco_rules.yaml', 'falco-sandbox_rules.yaml'],
  ['falco-deprecated_rules.yaml'],
  ['application_rules.yaml'],
  ['k8s_audit_rules.yaml'],
  ['aws_cloudtrail_rules.yaml'],
  ['github.yaml'],
  ['okta_rules.yaml'],
  ['gcp_auditlog_rules.yaml'],
];
const probes = [];
for (const name of readdirSync(dir).sort()) {
  const p = join(dir, name);
  if (statSync(p).isDirectory()) {
    const files = readdirSync(p).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(p, f));
    if (files.length) probes.push({ probe: name, files });
  } else if (name.endsWith('.yaml')) probes.push({ probe: name.replace(/\.yaml$/, ''), files: [p] });
}

// Falco lists every event type for an unrestricted condition; above this many we record "all".
const MANY = 100;

const problem = (files) => (x) => ({
  code: x.code,
  message: x.message,
  locations: (x.context?.locations ?? []).map((l) => ({
    item_type: l.item_type,
    item_name: l.item_name,
    file: files.indexOf(l.position?.name),
    line: l.position?.line,
    column: l.position?.column,
  })),
});

function label({ probe, files }, base) {
  let stdout;
  try {
    stdout = execFileSync(bin, files, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  } catch (e) {
    stdout = e.stdout;
    if (!stdout) throw e;
  }
  const res = JSON.parse(stdout);
  const rel = files.map((f) => relative(base, f));
  const p = problem(files);
  const record = {
    probe,
    files: rel,
    results: res.falco_load_results.map((r) => ({
      successful: r.successful,
      errors: r.errors.map(p),
      warnings: r.warnings.map(p),
    })),
  };
  const d = res.falco_describe_results;
  if (d) {
    record.required_engine_version = d.required_engine_version;
    record.required_plugin_versions = d.required_plugin_versions;
    record.rules = d.rules.map((r) => {
      const ev = r.details.events.filter((e) => e !== 'asyncevent');
      return {
        name: r.info.name,
        enabled: r.info.enabled,
        priority: r.info.priority,
        source: r.info.source,
        tags: [...r.info.tags].sort(),
        capture: r.info.capture,
        capture_duration: r.info.capture_duration,
        output_compiled: r.details.output_compiled,
        output_fields: r.details.output_fields,
        condition_compiled: r.details.condition_compiled,
        events: r.info.source === 'syscall' ? (ev.length > MANY ? 'all' : [...new Set(ev)].sort()) : undefined,
        macros: [...r.details.macros].sort(),
        lists: [...r.details.lists].sort(),
      };
    });
    record.macros = d.macros.map((m) => ({ name: m.info.name, used: m.details.used, condition_compiled: m.details.condition_compiled }));
    record.lists = d.lists.map((l) => ({ name: l.info.name, used: l.details.used, items_compiled: l.details.items_compiled }));
  }
  return JSON.stringify(record);
}

const out = probes.map((p) => label(p, dir));
writeFileSync(join(dir, 'expected.jsonl'), out.join('\n') + '\n');
console.error(`${out.length} probes labelled into test/falco-probes/expected.jsonl`);
const corpus = CORPUS.map((files) => label({ probe: files.join('+'), files: files.map((f) => join(shared, f)) }, shared));
writeFileSync(join(dir, 'corpus.jsonl'), corpus.join('\n') + '\n');
console.error(`${corpus.length} corpus loads labelled into test/falco-probes/corpus.jsonl`);
