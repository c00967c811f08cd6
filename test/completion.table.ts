/**
 * One table drives completion in every front end (test/completion.test.ts): the core's cursor analysis, the
 * language server's completion handler, the REPL's Tab completer and the playground's completion sources must
 * offer the same labels at each row's cursor (`|`). Presentation may differ (the REPL shows `tolower(`, the
 * language server adds text edits); the labels may not.
 */

/** The macros and lists every row can use (a rules file above the row's text, the REPL's `.rules`, the playground's rules). */
export const DEFINITIONS = `- list: shell_binaries
  items: [bash, sh]
- list: package_managers
  items: [apt, dnf]
- macro: spawned_process
  condition: evt.type = execve
- macro: container
  condition: container.id != host
`;

export interface CompletionRow {
  name: string;
  /**
   * `condition`: a one-line condition (the REPL's prompt, the playground's condition editor, and the `condition:`
   * of a rule in the language server and the playground's rules editor); `rules`: a rules file after DEFINITIONS.
   */
  in: 'condition' | 'rules';
  /** The text, `|` marking the cursor. */
  text: string;
  includes?: string[];
  excludes?: string[];
  /** Exactly these labels, in any order. */
  exactly?: string[];
}

const PRIORITIES = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG'];
const LISTS = ['shell_binaries', 'package_managers'];

export const ROWS: CompletionRow[] = [
  // The playground offered nothing for the first word of a one-line `condition:`.
  { name: 'the first word of a one-line condition', in: 'rules', text: '- rule: r\n  desc: d\n  condition: pro|', includes: ['proc.name', 'proc.pname'], excludes: ['fd.name'] },
  { name: 'the first word of a condition', in: 'condition', text: 'pro|', includes: ['proc.name', 'proc.pname', 'proc.aname'] },
  { name: 'a field after a connective', in: 'condition', text: 'evt.type = execve and fd.na|', includes: ['fd.name', 'fd.nameraw'], excludes: ['proc.name'] },
  { name: 'macros and fields at the start of a check', in: 'condition', text: 'evt.type = execve and cont|', includes: ['container', 'container.id', 'container.image.repository'] },
  { name: 'macros after not', in: 'condition', text: 'not spa|', includes: ['spawned_process'] },
  { name: 'transformers at the start of a check', in: 'condition', text: 'tol|', includes: ['tolower'] },
  { name: 'fields inside a transformer', in: 'condition', text: 'tolower(proc.na|', includes: ['proc.name'], excludes: ['tolower'] },
  // The REPL offered every field after `in (`.
  { name: 'lists inside the parentheses of in', in: 'condition', text: 'proc.name in (|', exactly: LISTS },
  { name: 'lists inside the parentheses of in, partly typed', in: 'condition', text: 'proc.name in (sh|', exactly: ['shell_binaries'] },
  { name: 'lists after another item of in', in: 'condition', text: 'proc.name in (shell_binaries, |', exactly: LISTS },
  { name: 'lists after in', in: 'condition', text: 'proc.name in |', exactly: LISTS },
  { name: 'lists after pmatch', in: 'condition', text: 'fd.name pmatch (|', exactly: LISTS },
  { name: 'lists after a modifier', in: 'condition', text: 'proc.name startswith oneof (|', exactly: LISTS },
  {
    name: 'the operators of a string field', in: 'condition', text: 'proc.name |',
    includes: ['=', '!=', 'contains', 'icontains', 'startswith', 'endswith', 'glob', 'iglob', 'regex', 'in', 'intersects', 'pmatch', 'exists'],
    excludes: ['bcontains', 'bstartswith', 'oneof'],
  },
  {
    name: 'the operators of a numeric field', in: 'condition', text: 'proc.pid |',
    includes: ['=', '!=', '<', '<=', '>', '>=', 'in', 'exists'], excludes: ['contains', 'startswith', 'glob', 'pmatch', 'bcontains'],
  },
  { name: 'the operators of a buffer field', in: 'condition', text: 'evt.buffer |', includes: ['bcontains', 'bstartswith', 'contains', 'exists'], excludes: ['icontains', 'glob', 'pmatch', '<'] },
  { name: 'the operators of a transformed field', in: 'condition', text: 'len(proc.args) |', includes: ['>', '<'], excludes: ['contains'] },
  { name: 'an operator being typed', in: 'condition', text: 'proc.name st|', includes: ['startswith'] },
  { name: 'modifiers after a string operator', in: 'condition', text: 'proc.name startswith |', includes: ['oneof', 'anyof', 'allof', 'val', 'tolower'] },
  { name: 'modifiers after =', in: 'condition', text: 'proc.name = |', includes: ['oneof', 'val'] },
  { name: 'no modifier after a numeric operator', in: 'condition', text: 'proc.pid > |', includes: ['val'], excludes: ['oneof', 'anyof', 'allof'] },
  { name: 'the booleans after a boolean field', in: 'condition', text: 'evt.failed = |', includes: ['true', 'false', 'oneof'] },
  { name: 'and and or after a check', in: 'condition', text: 'proc.name = bash |', exactly: ['and', 'or'] },
  { name: 'and and or after a macro', in: 'condition', text: 'spawned_process |', exactly: ['and', 'or'] },
  { name: 'nothing inside a quoted string', in: 'condition', text: 'proc.name = "a b|', exactly: [] },
  { name: 'a field argument from a closed set', in: 'condition', text: 'evt.abspath[|', exactly: ['src', 'dst'] },
  // YAML positions of a rules file.
  { name: 'the keys of a rule', in: 'rules', text: '- rule: r\n  desc: d\n  |', includes: ['condition', 'output', 'priority', 'enabled', 'exceptions', 'source'], excludes: ['desc', 'items'] },
  { name: 'the keys of a macro', in: 'rules', text: '- macro: m\n  |', exactly: ['condition', 'override', 'append'] },
  { name: 'the keys of a list', in: 'rules', text: '- list: l\n  |', exactly: ['items', 'override', 'append'] },
  { name: 'the keys of an exception', in: 'rules', text: '- rule: r\n  exceptions:\n    - |', exactly: ['name', 'fields', 'comps', 'values'] },
  { name: 'the item kinds', in: 'rules', text: '- |', includes: ['rule', 'macro', 'list', 'required_engine_version', 'required_plugin_versions'] },
  { name: 'the priorities', in: 'rules', text: '- rule: r\n  priority: |', exactly: PRIORITIES },
  { name: 'the booleans of enabled', in: 'rules', text: '- rule: r\n  enabled: |', exactly: ['true', 'false'] },
  { name: 'append or replace under override', in: 'rules', text: '- rule: r\n  override:\n    condition: |', exactly: ['append', 'replace'] },
  { name: 'fields after % in an output', in: 'rules', text: '- rule: r\n  desc: d\n  condition: proc.name = x\n  output: shell %proc.na|', includes: ['proc.name'], excludes: ['tolower'] },
  { name: 'lists among the items of a list', in: 'rules', text: '- list: more_shells\n  items: [zsh, shell_b|]', exactly: ['shell_binaries'] },
  { name: 'lists in a block condition', in: 'rules', text: '- rule: r\n  desc: d\n  condition: >\n    spawned_process and\n    proc.name in (|)', exactly: LISTS },
];
