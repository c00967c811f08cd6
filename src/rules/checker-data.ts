import type { Diagnostic, DiagnosticData } from '../diagnostic.js';

/*
 * TEMPORARY bridge, to delete once the checker names the field in `data` for these two codes too (it does for
 * the others since the `[data]` commit): the field of a `deprecated-field` warning (Falco warns once per rule
 * and field) and of a `field-argument` error (an argument given to a field that takes none makes Falco's
 * skip-if-unknown-filter skip the rule). Until then this is the one place that reads them from the message;
 * everything after it reads `data`. Data the checker gives always wins.
 */

/** `d` with `data.name` for the codes whose field the checker does not name yet. */
export function withCheckerData(d: Diagnostic): Diagnostic {
  if (d.data?.name !== undefined) return d;
  let name: string | undefined;
  if (d.code === 'deprecated-field') name = /^field '([^']+)'/.exec(d.message)?.[1];
  else if (d.code === 'field-argument') name = /^field (\S+) /.exec(d.message)?.[1] ?? /^the argument of (\S+) /.exec(d.message)?.[1];
  if (name === undefined) return d;
  const data: DiagnosticData = { ...d.data, name, nameKind: 'field' };
  return { ...d, data };
}
