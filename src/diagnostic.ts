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
}
