/*
 * What a piece of report text is, so that a front end can colour it: the core's reports (lint's stylish
 * format and snippets, explain trees) mark their parts with a role through a `Style` and know nothing of
 * terminals; the command line and the REPL pass ANSI colours (src/cli/style.ts), everything else `plain`.
 */

/**
 * `error`, `warning`, `info`: a severity (and a caret under an error or a warning); `pass`, `fail`: a result
 * (✓, ✗, `true`, `false`); `muted`: secondary text (codes, gutters, what was not evaluated); `strong`:
 * headings and locations; `name`: a field or value name before its value.
 */
export type StyleRole = 'error' | 'warning' | 'info' | 'pass' | 'fail' | 'muted' | 'strong' | 'name';

/** Wraps `text` for its role. */
export type Style = (role: StyleRole, text: string) => string;

/** No styling: the text as it is. */
export const plain: Style = (_role, text) => text;
