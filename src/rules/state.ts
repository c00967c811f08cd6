import type { Diagnostic, DiagnosticData, Range, RelatedLocation, Severity } from '../diagnostic.js';
import { checkCondition } from '../eval/compile.js';
import { defaultCatalog, type FieldCatalog } from '../fields/catalog.js';
import type { Expr } from '../syntax/ast.js';
import type { ListDef, LoadOptions, MacroDef, Rule } from './loader.js';

/*
 * What the jobs of a load share: the items read so far, the diagnostics, and the conditions of the loader's own
 * making already checked. The reader (reader.ts) fills it, the compiler (compile-rules.ts), the outputs
 * (outputs.ts) and the usage (usage.ts) read it; loader.ts runs them in order.
 */

export class LoadState {
  readonly catalog: FieldCatalog;
  readonly knownSources: Set<string>;
  /** See LoadOptions.incremental. */
  readonly incremental: boolean;
  readonly diagnostics: Diagnostic[] = [];
  readonly lists = new Map<string, ListDef>();
  readonly macros = new Map<string, MacroDef>();
  readonly rules = new Map<string, Rule>();
  /** Definition order across files (appends move an item's visibility, not its place). */
  index = 0;
  /** The file (in load order) where each macro and rule was first defined: Falco compiles after each file. */
  fileIndex = -1;
  readonly macroFile = new Map<string, number>();
  readonly ruleFile = new Map<string, number>();
  engineVersion?: string;
  readonly pluginVersions: Array<Array<{ name: string; version: string }>> = [];
  /** Each rule's condition as parsed (lists pasted), or undefined when it does not parse: parsed once per load. */
  readonly parsedRules = new Map<Rule, Expr | undefined>();
  private readonly checked = new Map<string, ReturnType<typeof checkCondition>>();

  constructor(options: LoadOptions) {
    this.catalog = options.catalog ?? defaultCatalog;
    this.incremental = options.incremental === true;
    this.knownSources = new Set(options.sources ?? ['syscall', ...[...this.catalog.all()].map((f) => f.source).filter((s): s is string => !!s)]);
  }

  /** A condition of the loader's own making (an output expression, an exception's field), checked once per text. */
  check(text: string): ReturnType<typeof checkCondition> {
    let r = this.checked.get(text);
    if (!r) {
      r = checkCondition(text, { catalog: this.catalog });
      this.checked.set(text, r);
    }
    return r;
  }

  add(code: string, severity: Severity, message: string, file: string, range: Range, falco?: Diagnostic['falco'], data?: DiagnosticData, related?: RelatedLocation[]): void {
    this.diagnostics.push({ code, severity, message, range, file, ...(falco ? { falco } : {}), ...(related?.length ? { related } : {}), ...(data ? { data } : {}) });
  }
}

/**
 * Errors Falco's skip-if-unknown-filter skips a rule for: an unknown field or event type, or an argument given
 * to a field that takes none (libsinsp does not know `proc.name[1]` as a field).
 */
export function isUnknownFilter(d: Diagnostic, catalog: FieldCatalog): boolean {
  if (d.code === 'unknown-field' || d.code === 'unknown-event-type') return true;
  const name = d.code === 'field-argument' && d.data?.nameKind === 'field' ? d.data.name : undefined;
  return name !== undefined && catalog.resolve(name)?.field.arg.kind === 'none';
}
