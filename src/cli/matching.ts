import type { RuleMatching, RuleSelection } from '../rules/engine.js';

/*
 * The engine options `run`, `test` and `eval --rules` share: `--rule-matching first|all` (falco.yaml's
 * `rule_matching`) and `--enable`/`--disable` (falco.yaml's `rules:` section), kept in the order given on the
 * command line because, as in falco.yaml, a later selection overrides an earlier one.
 */

export const MATCHING_OPTIONS = {
  'rule-matching': { type: 'string' },
  enable: { type: 'string', multiple: true },
  disable: { type: 'string', multiple: true },
} as const;

export const MATCHING_HELP = `  --rule-matching first|all
                       Falco's rule_matching: 'first' (default, as falco.yaml) stops at the first rule
                       that matches an event; 'all' reports every match
  --enable RULE|tag:TAG, --disable RULE|tag:TAG
                       enable or disable rules by name ('*' wildcards, as falco.yaml's rules: section) or
                       by tag; repeatable, applied in order after the files' own 'enabled'`;

export class MatchingError extends Error {}

export function ruleMatchingOf(value: unknown): RuleMatching | undefined {
  if (value === undefined) return undefined;
  const v = String(value).toLowerCase();
  if (v !== 'first' && v !== 'all') throw new MatchingError(`--rule-matching must be 'first' or 'all', not '${String(value)}'`);
  return v;
}

/** `--enable`/`--disable` in command-line order. */
export function selectionOf(args: readonly string[]): RuleSelection[] {
  const out: RuleSelection[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^--(enable|disable)(?:=(.*))?$/s.exec(args[i]!);
    if (!m) continue;
    const value = m[2] ?? args[++i];
    if (value === undefined || value === '') throw new MatchingError(`--${m[1]} needs a rule name or tag:TAG`);
    const op = m[1] as 'enable' | 'disable';
    if (value.startsWith('tag:')) out.push({ op, tag: value.slice(4) });
    else out.push({ op, rule: value.startsWith('rule:') ? value.slice(5) : value });
  }
  return out;
}
