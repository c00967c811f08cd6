import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../src/lsp/actions.js';
import { lintDocument } from '../src/lsp/diagnostics.js';
import { Workspace } from '../src/lsp/workspace.js';
import { format, formatFalcoJson, formatSarif, formatStylish, lint, loadRules, parse, type Diagnostic } from '../src/index.js';

// What a first run meets in rules files (issue 13, points 5 to 9), through the library.
const one = (text: string, path = 'r.yaml') => lint([{ path, text }]);
const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}: ${d.message}`);
const RULE = '- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n';

describe('rules files as they come', () => {
  it('accepts a UTF-8 byte-order mark, as Falco does', () => {
    const withBom = loadRules([{ path: 'r.yaml', text: `\ufeff${RULE}` }]);
    const without = loadRules([{ path: 'r.yaml', text: RULE }]);
    expect(withBom.diagnostics).toEqual([]);
    expect(withBom.rules.map((r) => r.name)).toEqual(without.rules.map((r) => r.name));
    // Positions stay those of the file as read (the mark is the first character).
    const bad = one(`\ufeff${RULE.replace('evt.type = open', 'proc.nmae = x')}`);
    expect(brief(bad)).toEqual(["3:14 unknown-field: unknown field 'proc.nmae' (did you mean 'proc.name'?)"]);
    // The snippet does not print the invisible mark, and its caret stays under the text.
    const macro = '\ufeff- macro: m\n  condition: evt.type = open\n';
    const out = formatStylish(one(macro), { texts: { 'r.yaml': macro } });
    expect(out).toContain('    1 | - macro: m\n          ^^^^^^^^\n');
  });

  it('reports an unclosed ( of a folded condition at the end of the condition, not at the next key', () => {
    const text = '- rule: r\n  desc: d\n  condition: >\n    evt.type = open and\n    (proc.name = bash\n  output: o\n  priority: INFO\n';
    expect(brief(one(text))).toEqual(["5:22 parse-error: expected ')' to close '(' opened at 5:5, found the end of the condition"]);
    const literal = text.replace('condition: >', 'condition: |');
    expect(brief(one(literal))[0]).toMatch(/^5:22 parse-error/);
    // In the editor too (LSP positions count from 0).
    const ws = new Workspace();
    const file = ws.open(TextDocument.create('file:///w/r.yaml', 'yaml', 1, text));
    expect(lintDocument(ws, file).diagnostics.map((d) => [d.range.start, d.message])).toEqual([
      [{ line: 4, character: 21 }, "expected ')' to close '(' opened at 5:5, found the end of the condition"],
    ]);
    // The same for a one-line condition: at its end.
    expect(brief(one(RULE.replace('evt.type = open', '(evt.type = open  '))).map((s) => s.slice(0, 5))).toEqual(['3:30 ']);
  });

  it('gives one clear YAML message per problem, at the place to fix, without the parser\'s code frame', () => {
    const cases: [string, string][] = [
      [RULE.replace('  output', '   output'), "4:4 LOAD_ERR_YAML_PARSE: 'output:' is indented more than 'condition:' above it, so YAML reads it as part of the value of 'condition': indent both keys alike"],
      [RULE.replace('  output', ' output'), "4:2 LOAD_ERR_YAML_PARSE: 'output:' is indented less than the keys of the item above it: indent it like them, or start a new item with '- '"],
      [RULE.replace('  condition', '    condition'), "3:5 LOAD_ERR_YAML_PARSE: 'condition:' is indented more than 'desc:' above it, so YAML reads it as part of the value of 'desc': indent both keys alike"],
      [RULE.replace('evt.type = open', 'evt.type = open and proc.name: x'), "3:43 LOAD_ERR_YAML_PARSE: the value of 'condition' holds ': ', which YAML reads as a mapping: quote the value or write it as a block ('condition: >' and the value on the next lines)"],
      [RULE.replace('evt.type = open', '"evt.type = open'), '3:14 LOAD_ERR_YAML_PARSE: this double-quoted string is not closed: add the closing "'],
      [RULE.replace('  desc', '\tdesc'), '2:1 LOAD_ERR_YAML_PARSE: a tab indents this line: YAML indentation must be spaces'],
    ];
    for (const [text, want] of cases) expect(brief(one(text))).toEqual([want]);
    // No message repeats the position in the parser's words.
    for (const [text] of cases) for (const d of one(text)) expect(d.message).not.toMatch(/at line \d+, column \d+/);
  });

  it('says once that a binary file is not a YAML rules file', () => {
    const elf = '\u007fELF\u0002\u0001\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0002\u0000>\u0000';
    expect(brief(one(elf))).toEqual(['1:1 LOAD_ERR_YAML_PARSE: not a YAML rules file: it holds control characters (binary data?)']);
    // Bytes that are not UTF-8 (a Latin-1 description): a warning, and the rest is read.
    const latin1 = loadRules([{ path: 'r.yaml', text: RULE.replace('desc: d', 'desc: caf\ufffd') }]);
    expect(brief(latin1.diagnostics)).toEqual(['2:12 LOAD_ERR_YAML_PARSE: the file is not valid UTF-8 here: the bytes read as U+FFFD (save it as UTF-8)']);
    expect(latin1.rules.map((r) => r.name)).toEqual(['r']);
    // The snippet shows control characters as dots, not raw bytes.
    const out = formatStylish(one(elf, 'a.out'), { texts: { 'a.out': elf } });
    expect(out).not.toMatch(/[\u0000-\u0008]/);
  });

  it('proposes the closest key and macro', () => {
    expect(brief(one(`${RULE}  enabeld: false\n`))).toEqual(["6:3 LOAD_UNKNOWN_KEY: Unknown key 'enabeld' in rule 'r': Falco ignores it (did you mean 'enabled'?)"]);
    const macros = '- macro: spawned_process\n  condition: evt.type = execve\n- rule: r\n  desc: d\n  condition: spawned_proces and proc.name = bash\n  output: o\n  priority: INFO\n';
    expect(brief(one(macros)).filter((s) => s.includes('undefined-macro'))).toEqual(["5:14 undefined-macro: Undefined macro 'spawned_proces' used in filter. Did you mean 'spawned_process'?"]);
    // The editor offers the same names as quick fixes.
    const ws = new Workspace();
    const file = ws.open(TextDocument.create('file:///w/t.yaml', 'yaml', 1, `${macros}  enabeld: false\n`));
    const lsp = lintDocument(ws, file).diagnostics;
    const titles = (code: string) => {
      const d = lsp.find((x) => x.code === code)!;
      return codeActions(ws, file, d.range, [d]).map((a) => a.title);
    };
    expect(titles('LOAD_UNKNOWN_KEY')).toEqual(["Change to 'enabled'"]);
    expect(titles('undefined-macro')[0]).toBe("Change to 'spawned_process'");
    // Without a close name, the known keys.
    expect(brief(one(`${RULE}  zzz: 1\n`))[0]).toContain('(known keys: rule, condition');
  });
});

describe('the formatters, for library users', () => {
  const text = '- macro: m\n  condition: proc.nmae = x\n- rule: My rule\n  desc: d\n  condition: m and evt.type = open\n  output: o %proc.nme\n  priority: INFO\n';
  const ds = one(text);

  it('SARIF: artifact URIs as the caller makes them, and the project as informationUri', () => {
    const sarif = JSON.parse(formatSarif(ds, { artifactUri: (f) => `file:///work/${f}` }));
    expect(sarif.runs[0].tool.driver.informationUri).toBe('https://github.com/falco-expr/falco-expr');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('file:///work/r.yaml');
  });

  it('Falco JSON: each problem names its item, with Falco\'s item types', () => {
    const json = JSON.parse(formatFalcoJson(ds, ['r.yaml'], { texts: { 'r.yaml': text } }));
    const locs = json.falco_load_results[0].errors.map((e: { context: { locations: { item_type: string; item_name: string }[] } }) =>
      e.context.locations.map((l) => `${l.item_type}:${l.item_name}`));
    // Falco compiles a macro inside the rules that use it: the macro's unknown field is reported at the rule.
    expect(locs).toEqual([
      ['rules content:', 'rule:My rule', 'rule condition:'],
      ['rules content:', 'rule:My rule', 'rule output:'],
    ]);
  });

  it('format(undefined) is the empty text: format(parse(text).ast) never throws', () => {
    expect(format(undefined)).toBe('');
    expect(format(parse('(').ast)).toBe('');
    expect(format(parse('a and(b)').ast)).toBe('a and b');
  });
});

describe('npm run grammar', () => {
  it('runs a script that exists', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const script = /node (\S+)$/.exec(pkg.scripts.grammar)![1]!;
    expect(() => readFileSync(new URL(`../${script}`, import.meta.url))).not.toThrow();
  });
});
