import { describeRules, formatDescription } from '../rules/describe.js';
import { catalogOption, FIELDS_OPTION_HELP, loadRulesOrReport, rulesSources } from './catalog-option.js';
import { parseOptions } from './args.js';

/* `falco-expr describe`: what `falco -L` prints, for the rules files given. */

export const DESCRIBE_HELP = `Usage: falco-expr describe FILE... [--rule NAME] [options]

Describes the rules, macros and lists of rules files (loaded in order) as 'falco -L' does. The text output
shows, per rule, its macros, lists, exceptions, fields, event types and its condition with macros, lists and
exceptions expanded. --format json prints what 'falco -L' prints with json_output: the same shape and field
names (required_engine_version, rules[].info and rules[].details with condition_compiled, events,
condition_fields, output_fields, exception_fields, ...; macros[] and lists[] with used, items_compiled, ...).

Options:
  --rule NAME          only this rule (as 'falco -l NAME'; JSON then holds only 'rules')
  --format text|json   output format (default text)
  --suggested-output   append the container fields Falco's stock falco.yaml adds to every syscall rule's
                       output (append_output: suggested_output: true)
${FIELDS_OPTION_HELP}
Exit: 0 described, 1 the rules do not load or the rule is not there, 2 usage error.`;

export function runDescribe(args: string[], usage: (m: string) => Error): number {
  const { values: raw, positionals } = parseOptions('describe', args, { fields: { type: 'string' }, rule: { type: 'string' }, format: { type: 'string', default: 'text' }, 'suggested-output': { type: 'boolean' } });
  const values = raw as { fields?: string; format?: string; help?: boolean; rule?: string; 'suggested-output'?: boolean };
  if (values.help) {
    console.log(DESCRIBE_HELP);
    return 0;
  }
  if (!positionals.length) throw usage('describe needs at least one rules file');
  if (values.format !== 'text' && values.format !== 'json') throw usage(`unknown format '${values.format}' (text, json)`);
  const srcs = rulesSources(positionals);
  const catalog = catalogOption(values.fields);
  const set = loadRulesOrReport(srcs, catalog);
  if (!set) return 1;
  const options = { ...(values.rule !== undefined ? { rule: values.rule } : {}), suggestedOutput: !!values['suggested-output'], catalog };
  try {
    console.log(values.format === 'json' ? JSON.stringify(describeRules(set, options)) : formatDescription(set, options));
  } catch (e) {
    console.error(`falco-expr: ${(e as Error).message}`);
    return 1;
  }
  return 0;
}
