// Regenerates test/data/describe/*.jsonl: what Falco's engine prints for `falco -L` (JSON) on the corpus rules
// files, for test/describe.test.ts. Needs a Falco engine tool that loads rules files and prints
// {"falco_describe_results": ...} (FALCO_LOAD, default /work/oracles/bin/falco-load); the tests only read the
// data written here.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const tool = process.env.FALCO_LOAD ?? '/work/oracles/bin/falco-load';
const corpus = new URL('../../shared/corpus/rules/', import.meta.url);
for (const file of [
  'falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-deprecated_rules.yaml', 'application_rules.yaml', 'k8s_audit_rules.yaml',
  'aws_cloudtrail_rules.yaml', 'github.yaml', 'okta_rules.yaml', 'gcp_auditlog_rules.yaml',
]) {
  const out = JSON.parse(execFileSync(tool, [file], { cwd: corpus, encoding: 'utf8', maxBuffer: 1 << 28 }));
  const line = JSON.stringify({ files: [file], falco_describe_results: out.falco_describe_results });
  writeFileSync(new URL(`../test/data/describe/${file.replace(/\.yaml$/, '')}.jsonl`, import.meta.url), line + '\n');
  console.log(file, line.length);
}
