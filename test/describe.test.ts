import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeRules, formatDescription, prettyCondition, type Description } from '../src/rules/describe.js';
import { loadRules } from '../src/rules/loader.js';
import { asFalcoString } from '../src/syntax/as-string.js';
import { parse } from '../src/syntax/parser.js';
import { stripRanges } from '../src/syntax/strip.js';
import { readShared } from './support/shared.js';

/*
 * `describe` against Falco's own `falco -L` JSON on nine corpus files (all but the sandbox rules, 1 MB of answers) (test/data/describe, written by
 * scripts/describe-oracle.mjs from Falco's engine 0.63.0 on libsinsp 48dfd53cd), field by field.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/cli/main.cjs');

/** Fields Falco fills from unordered sets: compared as sets. */
const SETS = new Set(['tags', 'macros', 'lists', 'condition_operators', 'condition_fields', 'exception_fields', 'exception_names', 'exception_operators', 'events', 'plugins']);

/**
 * Where Falco's `condition_compiled` is text that does not read back as its own tree (libsinsp's escape_str
 * leaves `(`, `)` and `,` bare and writes an empty value as nothing), and ours, quoted, does.
 */
const FALCO_TEXT_DOES_NOT_PARSE_BACK: Record<string, string[]> = {
  falco_rules: ['rules:Read sensitive file untrusted'],
  'falco-incubating_rules': [
    'rules:System procs network activity', 'rules:Non sudo setuid', 'rules:User mgmt binaries',
    'rules:Mount Launched in Privileged Container', 'macros:system_procs', 'macros:known_user_in_container', 'macros:mount_info',
  ],
  'falco-deprecated_rules': [],
  application_rules: [],
  k8s_audit_rules: [],
  aws_cloudtrail_rules: ['rules:Delete Bucket Public Access Block'],
  github: [],
  okta_rules: [],
  gcp_auditlog_rules: [],
};

const tree = (text: string) => {
  const r = parse(text, { maxDepth: 1000 });
  return r.ast ? JSON.stringify(stripRanges(r.ast)) : undefined;
};

describe.each(Object.keys(FALCO_TEXT_DOES_NOT_PARSE_BACK))("describe matches Falco's -L JSON: %s", (name) => {
  const data = JSON.parse(readFileSync(join(root, `test/data/describe/${name}.jsonl`), 'utf8')) as { files: string[]; falco_describe_results: Description };
  const theirs = data.falco_describe_results;
  const set = loadRules(data.files.map((f) => ({ path: f, text: readShared(`corpus/rules/${f}`) })));
  const ours = describeRules(set);

  it('has the same top level, and the same rules, macros and lists in the same order', () => {
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    expect(ours.required_engine_version).toBe(theirs.required_engine_version);
    expect(ours.required_plugin_versions).toEqual(theirs.required_plugin_versions);
    for (const kind of ['rules', 'macros', 'lists'] as const) {
      expect(ours[kind]!.map((x) => x.info.name)).toEqual(theirs[kind]!.map((x) => x.info.name));
    }
  });

  it('fills every field Falco fills, with the same values', () => {
    const mismatches: string[] = [];
    const textOnly: string[] = [];
    for (const kind of ['rules', 'macros', 'lists'] as const) {
      const mine = new Map(ours[kind]!.map((x) => [x.info.name, x] as const));
      for (const t of theirs[kind]!) {
        const o = mine.get(t.info.name)!;
        for (const part of ['info', 'details'] as const) {
          const tp = t[part] as Record<string, unknown>;
          const op = o[part] as Record<string, unknown>;
          expect(Object.keys(op).sort(), `${kind} ${t.info.name} ${part} keys`).toEqual(Object.keys(tp).sort());
          for (const [k, tv] of Object.entries(tp)) {
            const ov = op[k];
            if (k === 'condition_compiled') {
              if (tree(ov as string) === tree(tv as string)) continue;
              textOnly.push(`${kind}:${t.info.name}`);
              continue;
            }
            const norm = (v: unknown) => (SETS.has(k) && Array.isArray(v) ? [...v].sort() : v);
            if (JSON.stringify(norm(ov)) !== JSON.stringify(norm(tv))) mismatches.push(`${kind} ${t.info.name} ${part}.${k}: ours ${JSON.stringify(ov)?.slice(0, 200)} Falco ${JSON.stringify(tv)?.slice(0, 200)}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(textOnly).toEqual(FALCO_TEXT_DOES_NOT_PARSE_BACK[name]);
  });

  it('writes a condition_compiled that parses back to the compiled tree, and Falco\'s text does not where they differ', () => {
    for (const r of set.rules) {
      const d = ours.rules.find((x) => x.info.name === r.name)!;
      expect(tree(d.details.condition_compiled), r.name).toBe(JSON.stringify(stripRanges(r.compiled!.ast)));
    }
    for (const id of FALCO_TEXT_DOES_NOT_PARSE_BACK[name]!) {
      const [kind, n] = id.split(/:(.*)/s) as ['rules' | 'macros', string];
      const falcoText = theirs[kind]!.find((x) => x.info.name === n)!.details.condition_compiled;
      const ourText = ours[kind]!.find((x) => x.info.name === n)!.details.condition_compiled;
      // Falco's text reads back as another tree (or not at all): re-printed, it is not Falco's text.
      const back = parse(falcoText, { maxDepth: 1000 }).ast;
      expect(back === undefined || asFalcoString(back) !== falcoText || tree(ourText) !== tree(falcoText), id).toBe(true);
    }
  });
});

describe('describe options and text', () => {
  const text = readFileSync(join(root, 'examples/rules.yaml'), 'utf8');
  const set = loadRules([{ path: 'examples/rules.yaml', text }]);

  it('appends the six suggested container fields to syscall outputs when asked', () => {
    const d = describeRules(set, { suggestedOutput: true, rule: 'Read sensitive file' });
    expect(Object.keys(d)).toEqual(['rules']);
    expect(d.rules[0]!.details.output_compiled).toBe('Sensitive file opened (file=%fd.name process=%proc.name user=%user.name) container_id=%container.id container_name=%container.name container_image_repository=%container.image.repository container_image_tag=%container.image.tag k8s_pod_name=%k8s.pod.name k8s_ns_name=%k8s.ns.name');
    expect(d.rules[0]!.details.output_fields).toEqual(['fd.name', 'proc.name', 'user.name', 'container.id', 'container.name', 'container.image.repository', 'container.image.tag', 'k8s.pod.name', 'k8s.ns.name']);
    expect(d.rules[0]!.details.plugins).toEqual(['container']);
    expect(() => describeRules(set, { rule: 'nope' })).toThrow('Rule "nope" is not loaded');
  });

  it('computes events as libsinsp: negations, != and the evt.num invariant', () => {
    const ev = (cond: string) => {
      const s = loadRules([{ path: 'e.yaml', text: `- rule: r\n  desc: d\n  condition: ${cond}\n  output: o\n  priority: INFO\n` }]);
      return describeRules(s).rules[0]!.details.events;
    };
    expect(ev('evt.type in (open, openat) and proc.name = x')).toEqual(['asyncevent', 'open', 'openat']);
    expect(ev('evt.num = 0 and proc.name = x')).toEqual(['asyncevent']);
    const notOpen = ev('not evt.type = open and proc.name = x');
    expect(notOpen).not.toContain('open');
    expect(notOpen).toContain('openat');
    expect(ev('evt.type != open and proc.name = x')).toEqual(notOpen);
    expect(ev('not (evt.type = open or evt.type = close)')).toEqual(notOpen.filter((e) => e !== 'close'));
    expect(ev('proc.name = x').length).toBe(465);
  });

  it('prints the expanded condition for people, one conjunct a line', () => {
    const out = formatDescription(set, { rule: 'Shell spawned in a container' });
    expect(out.split('\n').slice(0, 8)).toEqual([
      'rule: Shell spawned in a container  (examples/rules.yaml:27)',
      '  Warning, source syscall, tags container, mitre_execution, shell',
      '  macros: container, spawned_process',
      '  lists: package_managers, shell_binaries',
      '  exceptions: trusted_images',
      '  fields: container.id, container.image.repository, evt.type, proc.name, proc.pname',
      '  events: execve, execveat',
      '  condition (expanded):',
    ]);
    // The pretty text is the same tree.
    for (const r of set.rules) expect(tree(prettyCondition(r.compiled!.ast))).toBe(JSON.stringify(stripRanges(r.compiled!.ast)));
  });
});

describe.skipIf(!existsSync(bin))('falco-expr describe', () => {
  it('prints JSON or text, and one rule', () => {
    const json = spawnSync(process.execPath, [bin, 'describe', '--format', 'json', 'examples/rules.yaml'], { cwd: root, encoding: 'utf8' });
    expect(json.status).toBe(0);
    const d = JSON.parse(json.stdout) as Description;
    expect(d.rules.map((r) => r.info.name)).toHaveLength(4);
    expect(d.required_engine_version).toBe('0.50.0');
    const one = spawnSync(process.execPath, [bin, 'describe', 'examples/rules.yaml', '--rule', 'Read sensitive file'], { cwd: root, encoding: 'utf8' });
    expect(one.stdout).toContain('rule: Read sensitive file  (examples/rules.yaml:45)');
    const none = spawnSync(process.execPath, [bin, 'describe', 'examples/rules.yaml', '--rule', 'nope'], { cwd: root, encoding: 'utf8' });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('Rule "nope" is not loaded');
    const noFields = spawnSync(process.execPath, [bin, 'describe', 'examples/rules.yaml', '--fields', 'no/such/list.txt'], { cwd: root, encoding: 'utf8' });
    expect(noFields.status).toBe(2);
    expect(noFields.stderr).toContain('cannot read the --fields file no/such/list.txt: no such file or directory');
  });
});
