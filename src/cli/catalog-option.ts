import { readFileSync } from 'node:fs';
import { createCatalog, defaultCatalog, fromFalcoList, type FieldCatalog } from '../fields/catalog.js';

/** `--fields FILE`: the field list of the user's own Falco (`falco --list -v` text or JSON), else the default catalog. */
export const FIELDS_OPTION_HELP = `  --fields FILE        field list printed by your own Falco ('falco --list -v' text or JSON)`;

export function catalogOption(file: string | undefined, usage: (m: string) => Error): FieldCatalog {
  if (file === undefined) return defaultCatalog;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw usage(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return fromFalcoList(text, { base: createCatalog() });
}
