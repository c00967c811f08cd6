import { format } from '../syntax/printer.js';
import { describeRules, type Description, type ListDescription, type MacroDescription, type RuleDescription } from './describe.js';
import type { FieldCatalog } from '../fields/catalog.js';
import type { RuleSet } from './loader.js';

/*
 * What changed between two versions of a ruleset, and the version bump the change needs under the policy of
 * the falcosecurity/rules repository (RELEASE.md, "Versioning a ruleset"), graded as its checker grades it
 * (build/checker/cmd/compare.go, which compares the `falco -L` JSON of both sides: here, `describeRules`):
 *
 * - major: a rule, macro or list removed (or renamed); a rule's source changed; a rule disabled by default; a
 *   rule matching fewer event types, losing tags, or less urgent; a macro matching other event types; a plugin
 *   requirement alternative removed;
 * - minor: a rule, macro or list added; required_engine_version or a plugin requirement raised; a plugin
 *   requirement added;
 * - patch: required_engine_version or a plugin requirement lowered; a plugin requirement removed, or an
 *   alternative added; a rule enabled by default, matching more event types, with other output fields (the
 *   checker compares their number), more tags, more urgent, or exceptions added or removed; list items added
 *   or removed.
 *
 * Unlike the checker, versions compare as semantic versions: the checker reads `required_engine_version`
 * with Go's strconv.Atoi, which gives 0 for "0.57.0", so it never sees a change of a dotted version.
 * Condition, output and description changes the checker does not grade are listed as changes with no bump of
 * their own (RELEASE.md: a condition change is a patch when it keeps the rule's scope, a major change when it
 * does not; only people can tell).
 */

export type Bump = 'major' | 'minor' | 'patch' | 'none';

export interface ItemChange {
  name: string;
  /** Per key that changed (condition: the expanded conditions), its value before and after. */
  changes: Record<string, { before: unknown; after: unknown }>;
}

export interface RulesetDiff {
  /** The bump the changes need: the most dominant of the graded changes. */
  bump: Bump;
  major: string[];
  minor: string[];
  patch: string[];
  rules: { added: string[]; removed: string[]; changed: ItemChange[] };
  macros: { added: string[]; removed: string[]; changed: ItemChange[] };
  lists: { added: string[]; removed: string[]; changed: ItemChange[] };
}

const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];

/** 1 when `a` is more urgent than `b`, -1 when less, 0 otherwise (the checker's compareFalcoPriorities). */
function urgency(a: string, b: string): number {
  const index = (p: string) => {
    let at = Number.MAX_SAFE_INTEGER;
    PRIORITIES.forEach((q, i) => {
      if (q.startsWith(p.toLowerCase())) at = i;
    });
    return at;
  };
  return Math.sign(index(b) - index(a));
}

function semver(v: string | undefined): number[] {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : [0, 0, 0];
}

function compareVersions(a: string | undefined, b: string | undefined): number {
  const x = semver(a);
  const y = semver(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return Math.sign(x[i]! - y[i]!);
  return 0;
}

/** Items of `a` not in `b`. */
const minus = (a: readonly string[], b: readonly string[]) => {
  const s = new Set(b);
  return [...new Set(a)].filter((x) => !s.has(x));
};

type Requirement = NonNullable<Description['required_plugin_versions']>[number];
const requirements = (r: Requirement) => [{ name: r.name, version: r.version }, ...r.alternatives];
const findRequirement = (d: Description, plugin: string) => (d.required_plugin_versions ?? []).find((r) => requirements(r).some((x) => x.name === plugin));
const versionOf = (r: Requirement, plugin: string) => requirements(r).find((x) => x.name === plugin)?.version;

function grade(left: Description, right: Description): { major: string[]; minor: string[]; patch: string[] } {
  const major: string[] = [];
  const minor: string[] = [];
  const patch: string[] = [];
  const engine = compareVersions(left.required_engine_version, right.required_engine_version);
  if (engine > 0) patch.push(`Required engine version was decremented from ${left.required_engine_version} to ${right.required_engine_version}`);
  if (engine < 0) minor.push(`Required engine version was incremented from ${left.required_engine_version} to ${right.required_engine_version}`);
  for (const l of left.required_plugin_versions ?? []) {
    const reqs = requirements(l);
    const removed: string[] = [];
    const removedAlternatives: string[] = [];
    for (const req of reqs) {
      const r = findRequirement(right, req.name);
      if (!r) {
        removed.push(`Version dependency to plugin \`${req.name}\` has removed`);
        if (l.alternatives.length > 0) removedAlternatives.push(`Version dependency alternative to plugin \`${req.name}\` has removed`);
        continue;
      }
      const c = compareVersions(req.version, versionOf(r, req.name));
      if (c > 0) patch.push(`Version dependency to plugin \`${req.name}\` has been decremented`);
      if (c < 0) minor.push(`Version dependency to plugin \`${req.name}\` has been incremented`);
    }
    // Removing a whole requirement is a patch; removing some of its alternatives is major.
    if (removed.length === reqs.length) patch.push(...removed);
    if (removedAlternatives.length < reqs.length) major.push(...removedAlternatives);
  }
  for (const r of right.required_plugin_versions ?? []) {
    const reqs = requirements(r);
    const l = reqs.map((x) => findRequirement(left, x.name)).find((x) => x !== undefined);
    if (!l) {
      minor.push(`Version dependency to plugin \`${r.name}\` has added`);
      continue;
    }
    for (const x of reqs) if (versionOf(l, x.name) === undefined) patch.push(`Version dependency alternative to plugin \`${x.name}\` has added`);
  }
  const names = (xs: Array<{ info: { name: string } }> | undefined) => (xs ?? []).map((x) => x.info.name);
  for (const [kind, label] of [['rules', 'Rule'], ['macros', 'Macro'], ['lists', 'List']] as const) {
    for (const n of minus(names(left[kind]), names(right[kind]))) major.push(`${label} \`${n}\` has been removed`);
    for (const n of minus(names(right[kind]), names(left[kind]))) minor.push(`${label} \`${n}\` has been added`);
  }
  const rightRules = new Map(right.rules.map((r) => [r.info.name, r]));
  for (const l of left.rules) {
    const r = rightRules.get(l.info.name);
    if (!r) continue;
    const n = l.info.name;
    if (l.info.source !== r.info.source) major.push(`Rule \`${n}\` has different source (before='${l.info.source}', after='${r.info.source}')`);
    if (l.info.enabled && !r.info.enabled) major.push(`Rule \`${n}\` has been disabled at default`);
    if (minus(l.details.events, r.details.events).length) major.push(`Rule \`${n}\` matches less events than before`);
    if (minus(l.info.tags, r.info.tags).length) major.push(`Rule \`${n}\` has less tags than before`);
    if (urgency(l.info.priority, r.info.priority) > 0) major.push(`Rule \`${n}\` has a less urgent priority than before`);
    if (!l.info.enabled && r.info.enabled) patch.push(`Rule \`${n}\` has been enabled at default`);
    if (minus(r.details.events, l.details.events).length) patch.push(`Rule \`${n}\` matches more events than before`);
    if (l.details.output_fields.length !== r.details.output_fields.length) patch.push(`Rule \`${n}\` changed its output fields`);
    if (minus(r.info.tags, l.info.tags).length) patch.push(`Rule \`${n}\` has more tags than before`);
    if (urgency(r.info.priority, l.info.priority) > 0) patch.push(`Rule \`${n}\` has a more urgent priority than before`);
    if (minus(l.details.exception_names, r.details.exception_names).length || minus(r.details.exception_names, l.details.exception_names).length) {
      patch.push(`Rule '${n}' has some exceptions added or removed`);
    }
  }
  const rightMacros = new Map((right.macros ?? []).map((m) => [m.info.name, m]));
  for (const l of left.macros ?? []) {
    const r = rightMacros.get(l.info.name);
    if (r && (minus(l.details.events, r.details.events).length || minus(r.details.events, l.details.events).length)) {
      major.push(`Macro \`${l.info.name}\` matches different events than before`);
    }
  }
  const rightLists = new Map((right.lists ?? []).map((x) => [x.info.name, x]));
  for (const l of left.lists ?? []) {
    const r = rightLists.get(l.info.name);
    if (r && (minus(l.info.items, r.info.items).length || minus(r.info.items, l.info.items).length)) {
      patch.push(`List \`${l.info.name}\` has some item added or removed`);
    }
  }
  return { major, minor, patch };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function changed<T extends { info: { name: string } }>(
  left: readonly T[] | undefined,
  right: readonly T[] | undefined,
  keys: (x: T) => Record<string, unknown>,
  keysAfter: (x: T) => Record<string, unknown> = keys,
): { added: string[]; removed: string[]; changed: ItemChange[] } {
  const l = new Map((left ?? []).map((x) => [x.info.name, x]));
  const r = new Map((right ?? []).map((x) => [x.info.name, x]));
  const out: ItemChange[] = [];
  for (const [name, a] of l) {
    const b = r.get(name);
    if (!b) continue;
    const ka = keys(a);
    const kb = keysAfter(b);
    const changes: ItemChange['changes'] = {};
    for (const k of Object.keys(ka)) if (!same(ka[k], kb[k])) changes[k] = { before: ka[k], after: kb[k] };
    if (Object.keys(changes).length) out.push({ name, changes });
  }
  return { added: [...r.keys()].filter((n) => !l.has(n)), removed: [...l.keys()].filter((n) => !r.has(n)), changed: out };
}

/** The expanded condition of a described item, in canonical text (comparable across versions). */
function expanded(set: RuleSet, kind: 'rule' | 'macro', name: string): string | undefined {
  if (kind === 'rule') {
    const r = set.rules.find((x) => x.name === name);
    return r?.compiled ? format(r.compiled.ast) : r?.compiledText;
  }
  return undefined;
}

/** Compares two loaded rulesets: the changes, and the version bump they need. */
export function diffRulesets(before: RuleSet, after: RuleSet, options: { catalog?: FieldCatalog } = {}): RulesetDiff {
  const left = describeRules(before, options);
  const right = describeRules(after, options);
  const graded = grade(left, right);
  const bump: Bump = graded.major.length ? 'major' : graded.minor.length ? 'minor' : graded.patch.length ? 'patch' : 'none';
  const ruleKeys = (set: RuleSet) => (x: RuleDescription) => ({
    condition: expanded(set, 'rule', x.info.name) ?? x.details.condition_compiled,
    output: x.info.output,
    priority: x.info.priority,
    enabled: x.info.enabled,
    source: x.info.source,
    tags: x.info.tags,
    exceptions: x.details.exception_names,
    events: x.details.events,
    description: x.info.description,
  });
  const macroKeys = (x: MacroDescription) => ({ condition: x.details.condition_compiled, events: x.details.events });
  const listKeys = (x: ListDescription) => ({ items: x.details.items_compiled });
  const rules = changed(left.rules, right.rules, ruleKeys(before), ruleKeys(after));
  return {
    bump,
    ...graded,
    rules,
    macros: changed(left.macros, right.macros, macroKeys),
    lists: changed(left.lists, right.lists, listKeys),
  };
}

/** The text `falco-expr diff` prints: the checker's three sections, then every change, conditions before/after. */
export function formatDiff(d: RulesetDiff): string {
  const out: string[] = [];
  for (const [label, items] of [['Major', d.major], ['Minor', d.minor], ['Patch', d.patch]] as const) {
    if (!items.length) continue;
    out.push(`**${label}** changes:`, ...items.map((s) => `* ${s}`), '');
  }
  out.push(`version bump needed: ${d.bump}`);
  for (const [kind, x] of [['rule', d.rules], ['macro', d.macros], ['list', d.lists]] as const) {
    for (const n of x.added) out.push(`+ ${kind} ${n}`);
    for (const n of x.removed) out.push(`- ${kind} ${n}`);
    for (const c of x.changed) {
      out.push(`~ ${kind} ${c.name}`);
      for (const [k, v] of Object.entries(c.changes)) {
        if (k === 'events' && Array.isArray(v.before) && Array.isArray(v.after)) {
          const gone = minus(v.before as string[], v.after as string[]);
          const added = minus(v.after as string[], v.before as string[]);
          out.push(`    events:${added.length ? ` +${added.join(' +')}` : ''}${gone.length ? ` -${gone.join(' -')}` : ''}`);
        } else if (k === 'items' && Array.isArray(v.before) && Array.isArray(v.after)) {
          const gone = minus(v.before as string[], v.after as string[]);
          const added = minus(v.after as string[], v.before as string[]);
          out.push(`    items:${added.length ? ` +${added.join(' +')}` : ''}${gone.length ? ` -${gone.join(' -')}` : ''}${!added.length && !gone.length ? ' reordered' : ''}`);
        } else {
          out.push(`    ${k} before: ${typeof v.before === 'string' ? v.before.trim() : JSON.stringify(v.before)}`);
          out.push(`    ${k} after:  ${typeof v.after === 'string' ? v.after.trim() : JSON.stringify(v.after)}`);
        }
      }
    }
  }
  return out.join('\n');
}
