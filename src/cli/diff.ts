import { diffRulesets, formatDiff, type Bump } from '../rules/diff.js';
import { catalogOption, FIELDS_OPTION_HELP, loadRulesOrReport, rulesSources } from './catalog-option.js';
import { parseOptions } from './args.js';

/* `falco-expr diff`: what changed between two versions of a rules file, and the version bump it needs. */

export const DIFF_HELP = `Usage: falco-expr diff OLD.yaml NEW.yaml [options]

Lists the rules, macros and lists added, removed and changed between two versions of a rules file (a changed
condition shown expanded, before and after), and the semantic version bump the change needs under the
falcosecurity/rules policy (RELEASE.md), graded as its checker (build/checker compare) grades it: major
(removals, a rule disabled, fewer events, fewer tags, lower priority, a macro's events changed), minor
(additions, higher required versions), patch (list items, exceptions, output fields, more events or tags,
higher priority, a rule enabled).

Options:
  --base FILE          a rules file loaded before both versions (repeatable), e.g. falco_rules.yaml under
                       falco-incubating_rules.yaml
  --format text|json   output format (default text)
  --fail-on major|minor|patch
                       exit 1 when the change needs at least this bump (for CI: --fail-on major flags a
                       breaking change)
${FIELDS_OPTION_HELP}
Exit: 0 compared (and below --fail-on), 1 the change needs the --fail-on bump or more, 2 usage error or a
version that does not load.`;

const ORDER: Bump[] = ['none', 'patch', 'minor', 'major'];

export function runDiff(args: string[], usage: (m: string) => Error): number {
  const { values: raw, positionals } = parseOptions('diff', args, { fields: { type: 'string' }, base: { type: 'string', multiple: true }, format: { type: 'string', default: 'text' }, 'fail-on': { type: 'string' } });
  const values = raw as { base?: string[]; fields?: string; format?: string; help?: boolean; 'fail-on'?: string };
  if (values.help) {
    console.log(DIFF_HELP);
    return 0;
  }
  if (positionals.length !== 2) throw usage('diff needs two rules files: OLD.yaml NEW.yaml');
  if (values.format !== 'text' && values.format !== 'json') throw usage(`unknown format '${values.format}' (text, json)`);
  const failOn = values['fail-on'] as Bump | undefined;
  if (failOn !== undefined && !['major', 'minor', 'patch'].includes(failOn)) throw usage(`--fail-on must be major, minor or patch, not '${failOn}'`);
  const base = rulesSources(values.base ?? []);
  const catalog = catalogOption(values.fields);
  const load = (file: string) => {
    const set = loadRulesOrReport([...base, ...rulesSources([file])], catalog);
    if (!set) console.error(`falco-expr: ${file} does not load`);
    return set;
  };
  const before = load(positionals[0]!);
  const after = load(positionals[1]!);
  if (!before || !after) return 2;
  const d = diffRulesets(before, after, { catalog });
  console.log(values.format === 'json' ? JSON.stringify(d, null, 2) : formatDiff(d));
  return failOn && ORDER.indexOf(d.bump) >= ORDER.indexOf(failOn) ? 1 : 0;
}
