import { createCatalog, defaultCatalog, fromFalcoList, parseFalcoFieldList, type FieldCatalog } from '../fields/catalog.js';
import { formatStylish, sortDiagnostics } from '../lint/index.js';
import { loadRules, type RuleSet, type RuleSource } from '../rules/loader.js';
import { readInput, STDIN_NAME, UsageError } from './args.js';

/*
 * The inputs most commands share: the rules files (`-`: standard input) and `--fields FILE`, the field list of
 * the user's own Falco. Read with errors in words; a field list that holds no fields is refused, not taken as
 * an empty catalog (which would make every field "unknown").
 */

export const FIELDS_OPTION_HELP = `  --fields FILE        field list printed by your own Falco ('falco --list -v' text or JSON)`;

/** The catalog of `--fields FILE`, or the default catalog. */
export function catalogOption(fieldsFile: string | undefined): FieldCatalog {
  if (!fieldsFile) return defaultCatalog;
  const text = readInput(fieldsFile, '--fields file');
  let listed: number;
  try {
    listed = parseFalcoFieldList(text).fields.length;
  } catch (e) {
    throw new UsageError(`--fields ${fieldsFile} is not a Falco field list: ${(e as Error).message}`);
  }
  if (listed === 0) {
    throw new UsageError(`--fields ${fieldsFile} holds no field definitions: give it the output of 'falco --list -v' (text, --format markdown or json)`);
  }
  return fromFalcoList(text, { base: createCatalog() });
}

/** Rules files by path (`-`: standard input, named <stdin> in messages). */
export function rulesSources(paths: readonly string[]): RuleSource[] {
  return paths.map((path) => ({ path: path === '-' ? STDIN_NAME : path, text: readInput(path, 'rules file') }));
}

/** Loads rules files for a command that needs them whole: on errors, prints them and gives undefined. */
export function loadRulesOrReport(sources: readonly RuleSource[], catalog: FieldCatalog): RuleSet | undefined {
  const set = loadRules(sources, { catalog });
  const errors = set.diagnostics.filter((d) => d.severity === 'error');
  if (!errors.length) return set;
  console.error(formatStylish(sortDiagnostics(errors, sources.map((s) => s.path)), { texts: Object.fromEntries(sources.map((s) => [s.path, s.text])) }));
  return undefined;
}
