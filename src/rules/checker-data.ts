import type { Diagnostic, DiagnosticData } from '../diagnostic.js';

/*
 * TEMPORARY bridge, to delete once the checker fills `Diagnostic.data` itself (the checking stage's `[data]`
 * commit: `data.macro` for a problem met inside a macro, `data.name`/`nameKind`/`suggestion` for what the
 * problem is about). Until then the checker's diagnostics come with their meaning in words only, and this is
 * the one place that reads them: everything after it (the loader, the linter, the language server's quick
 * fixes) reads `data`. Data the checker already gives always wins.
 */

const IN_MACRO = / \(in macro '([^']+)'\)/;
const DID_YOU_MEAN = / \(did you mean '([^']+)'\?\)/;

/** `d` with the data the checker's message carries in words, for the codes whose consumers need it. */
export function withCheckerData(d: Diagnostic): Diagnostic {
  const data: DiagnosticData = {};
  const macro = IN_MACRO.exec(d.message)?.[1];
  if (macro !== undefined) data.macro = macro;
  const quoted = /'([^']+)'/.exec(d.message)?.[1];
  switch (d.code) {
    case 'unknown-field': {
      if (quoted !== undefined) Object.assign(data, { name: quoted, nameKind: 'field' });
      const hint = DID_YOU_MEAN.exec(d.message)?.[1];
      if (hint !== undefined) data.suggestion = hint;
      break;
    }
    case 'undefined-macro':
      if (quoted !== undefined) Object.assign(data, { name: quoted, nameKind: 'macro' });
      break;
    case 'deprecated-field':
    case 'print-only-field':
      if (quoted !== undefined) Object.assign(data, { name: quoted, nameKind: 'field' });
      break;
    case 'field-argument': {
      const field = /^field (\S+) /.exec(d.message)?.[1] ?? /^the argument of (\S+) /.exec(d.message)?.[1];
      if (field !== undefined) Object.assign(data, { name: field, nameKind: 'field' });
      break;
    }
  }
  if (Object.keys(data).length === 0) return d;
  return { ...d, data: { ...data, ...d.data } };
}
