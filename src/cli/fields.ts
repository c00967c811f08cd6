import { execFileSync } from 'node:child_process';
import { fieldsRead, parseSysdigFieldList, sysdigFormat } from '../rules/fields-read.js';
import { catalogOption, FIELDS_OPTION_HELP, loadRulesOrReport, rulesSources } from './catalog-option.js';
import { parseOptions, readInput } from './args.js';

/* `falco-expr fields`: the fields rules read, and the sysdig -p format that prints them from a capture. */

export const FIELDS_HELP = `Usage: falco-expr fields FILE... [--sysdig] [options]

Prints the fields the enabled rules of the rules files read (conditions with macros and exceptions expanded,
and outputs), one a line. With --sysdig, prints the format for sysdig's -p option that extracts every one of
them from a capture, so that rules run on a capture without Falco:

  sysdig -r capture.scap -j -p "$(falco-expr fields --sysdig rules.yaml)" | falco-expr run --rules rules.yaml --events -

Fields sysdig cannot print are replaced by those they derive from (fd.net by fd.cip and fd.sip, proc.aname
by proc.pname and proc.aname[2..N]); what was replaced or left out is said on standard error.

Options:
  --sysdig             print sysdig's -p format instead of the field list
  --sysdig-fields FILE the output of 'sysdig -l' for the sysdig that will read the capture (default: run
                       'sysdig -l', or $SYSDIG -l, when it is installed); fields it does not know are left out
  --ancestors N        ancestors to print for fields on any ancestor (proc.aname, proc.lineage; default 8)
  --source SOURCE      only rules of this source (default syscall)
${FIELDS_OPTION_HELP}
Exit: 0 printed, 1 the rules do not load, 2 usage error.`;

export function runFields(args: string[], usage: (m: string) => Error): number {
  const { values: raw, positionals } = parseOptions('fields', args, { fields: { type: 'string' }, sysdig: { type: 'boolean' }, 'sysdig-fields': { type: 'string' }, ancestors: { type: 'string' }, source: { type: 'string', default: 'syscall' } });
  const values = raw as { ancestors?: string; fields?: string; help?: boolean; source?: string; sysdig?: boolean; 'sysdig-fields'?: string };
  if (values.help) {
    console.log(FIELDS_HELP);
    return 0;
  }
  if (!positionals.length) throw usage('fields needs at least one rules file');
  const ancestors = values.ancestors === undefined ? undefined : Number(values.ancestors);
  if (ancestors !== undefined && (!Number.isInteger(ancestors) || ancestors < 1 || ancestors > 63)) throw usage('--ancestors needs a number from 1 to 63');
  const srcs = rulesSources(positionals);
  const catalog = catalogOption(values.fields);
  const set = loadRulesOrReport(srcs, catalog);
  if (!set) return 1;
  const fields = fieldsRead(set.rules.filter((r) => r.enabled && r.source === values.source), catalog);
  if (!values.sysdig) {
    if (fields.length) console.log(fields.join('\n'));
    return 0;
  }
  let known: Set<string> | undefined;
  const listFile = values['sysdig-fields'];
  if (listFile !== undefined) {
    known = parseSysdigFieldList(readInput(listFile, '--sysdig-fields file'));
  } else {
    try {
      known = parseSysdigFieldList(execFileSync(process.env.SYSDIG ?? 'sysdig', ['-l'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000, maxBuffer: 1 << 24 }));
    } catch {
      console.error('note: no sysdig to ask which fields it knows (sysdig -l): every field is in the format');
    }
  }
  const f = sysdigFormat(fields, { ...(ancestors === undefined ? {} : { ancestors }), ...(known?.size ? { known } : {}) });
  for (const n of f.notes) console.error(`note: ${n}`);
  console.log(f.format);
  return 0;
}
