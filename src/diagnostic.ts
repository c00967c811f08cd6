/** A position in the user's text: 1-based line and column, 0-based offset (UTF-16 code units). */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A half-open range [start, end) in the user's text. */
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Another place a diagnostic is about: the macro's definition, the parenthesis a `)` would close. */
export interface RelatedLocation {
  message: string;
  range: Range;
  /** Path of the file, when it is not the diagnostic's own. */
  file?: string;
}

/**
 * What a diagnostic is about, as data, so that no consumer reads its message: the loader, the language server's
 * quick fixes and the report formats look here.
 */
export interface DiagnosticData {
  /** The problem lies in the body of this macro (reached from the condition being checked). */
  macro?: string;
  /** The problem lies in the items of this list. */
  list?: string;
  /** The problem lies in the condition text built from this exception of the rule. */
  exception?: string;
  /** The name the diagnostic is about: the unknown field, the undefined macro or list, the unused item. */
  name?: string;
  /** The kind of `name`. */
  nameKind?: 'field' | 'macro' | 'list' | 'rule' | 'key' | 'transformer' | 'event-type';
  /** A likely intended spelling of `name` ("did you mean"). */
  suggestion?: string;
  /** Text that a quick fix writes over the diagnostic's range. */
  replacement?: string;
  /** Falco's own code for the problem (`LOAD_ERR_COMPILE_CONDITION`, `LOAD_UNUSED_MACRO` …), where Falco has one. */
  falcoCode?: string;
  /**
   * The message with `RELATED_POSITION` where it names the position of `related[0]` ("opened at 1:5"): a
   * consumer that moves the ranges into another text (a condition inside a YAML file) rebuilds the message
   * with `messageNaming`.
   */
  template?: string;
}

/** The placeholder of `DiagnosticData.template` for the position of the first related location. */
export const RELATED_POSITION = '{related}';

/** The message of `d` naming `position` (`line:column`, or `file:line:column`) for its first related location. */
export function messageNaming(d: Diagnostic, position: string): string {
  const template = d.data?.template;
  return template === undefined ? d.message : template.split(RELATED_POSITION).join(position);
}

/** The one diagnostic type shared by the parser, checker, loader, linter, CLI and language server. */
export interface Diagnostic {
  /** Stable machine-readable code, e.g. `parse-error` or Falco's own `LOAD_ERR_COMPILE_CONDITION`. */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Path of the file the range refers to, when the text came from a file. */
  file?: string;
  /**
   * Where Falco's own validator reports this problem, when that is elsewhere: an error inside a macro is
   * reported by Falco at the rule whose compilation meets it. `--format falco-json` uses it.
   */
  falco?: { file?: string; range: Range };
  /** Other places the diagnostic is about. */
  related?: RelatedLocation[];
  /** What the diagnostic is about, as data (see `DiagnosticData`). */
  data?: DiagnosticData;
}
