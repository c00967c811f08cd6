import { describe, expect, it } from 'vitest';
import { parse, FALCO_MAX_DEPTH } from '../src/index.js';

function errors(text: string) {
  return parse(text).diagnostics.map((d) => ({ at: `${d.range.start.line}:${d.range.start.column}`, message: d.message }));
}

describe('syntax errors people can act on', () => {
  it.each([
    ['a andb', '1:3', "expected a blank or '(' after 'and'"],
    ['a and b or', '1:9', "expected a blank or '(' after 'or'"],
    ['proc.name = bash and (fd.name = x', '1:34', "expected ')' to close '(' opened at 1:22, found the end of the condition"],
    ['proc.name in (a, b', '1:19', "expected ')' to close the list opened at 1:14, found the end of the condition"],
    ['proc.name in (a,)', '1:17', "expected a string value, found ')'"],
    ['proc.name exist', '1:11', 'expected an operator (exists, =, ==, !=, <, <=, >, >=, contains, icontains, bcontains, startswith, bstartswith, endswith, glob, iglob, regex, in, intersects, pmatch), found \'exist\''],
    ['proc.pid > abc', '1:12', "expected a number or a transformer such as tolower(…) or val(…), found 'abc'"],
    ['proc.name = "bash', '1:13', 'expected a string value or a transformer such as tolower(…) or val(…), found a quoted string that is never closed (no matching ")'],
    ['proc.name = "\\q"', '1:13', 'unsupported string escape sequence: \\q'],
    ["proc.name = 'a\\\"'", '1:13', 'invalid \\" escape in \'-quoted string'],
    ['b64 (proc.name) exists', '1:5', "unexpected '(': write 'b64(' with no blank between the transformer and its '('"],
    ['upper(proc.name) = X', '1:6', "'upper' is not a transformer (transformers: tolower, toupper, b64, basename, len, join, concat, getopt; val on the right side)"],
    ['proc.aname [2] = bash', '1:12', "no blank is allowed before '[': the field argument must follow the name directly"],
    ['a not b', '1:3', "unexpected 'not': write 'and not' or 'or not' to combine checks"],
    ['a)', '1:2', "unexpected ')': it closes no '('"],
    ['proc.name = x y', '1:15', "unexpected 'y' after 'x': expected 'and', 'or' or the end of the condition"],
  ])('%j', (text, at, message) => {
    expect(errors(text)[0]).toEqual({ at, message });
  });

  it('answers a non-string with a diagnostic, not an exception', () => {
    for (const bad of [undefined, null, 42, {}]) {
      expect(parse(bad as unknown as string).diagnostics[0]!.message).toMatch(/^a condition must be a string/);
    }
  });

  it('reports an empty condition', () => {
    expect(errors('')).toEqual([{ at: '1:1', message: 'the condition is empty' }]);
    expect(errors('  \n ')).toEqual([{ at: '2:2', message: 'the condition is empty' }]);
  });

  it('reports several mistakes in one pass', () => {
    const found = errors('proc.name in (a,) and fd.name = "\\q" and evt.type exist');
    expect(found.map((e) => e.at)).toEqual(['1:17', '1:33', '1:51']);
  });

  it('gives positions on later lines', () => {
    expect(errors('proc.name = bash and\n  fd.name exist')[0]!.at).toBe('2:11');
  });
});

describe('depth limit', () => {
  const nest = (n: number, inner = 'a') => '('.repeat(n) + inner + ')'.repeat(n);

  it('mirrors libsinsp: 19 nested parentheses parse, 20 do not (default limit 100)', () => {
    expect(parse(nest(19)).ast).toBeDefined();
    const r = parse(nest(20));
    expect(r.ast).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.code).toBe('parse-depth');
    expect(r.diagnostics[0]!.message).toContain('depth limit of 100');
  });

  it("mirrors Falco's limit of 1000 for rules and macros", () => {
    expect(parse(nest(199), { maxDepth: FALCO_MAX_DEPTH }).ast).toBeDefined();
    expect(parse(nest(200), { maxDepth: FALCO_MAX_DEPTH }).ast).toBeUndefined();
  });

  it('never overflows the stack on huge input', () => {
    const r = parse('('.repeat(100_000));
    expect(r.diagnostics[0]!.code).toBe('parse-depth');
    const r2 = parse('not '.repeat(50_000) + 'a');
    expect(r2.ast).toEqual(expect.objectContaining({ kind: 'identifier' }));
    const r3 = parse(Array.from({ length: 20_000 }, (_, i) => `m${i}`).join(' and '));
    expect(r3.ast?.kind).toBe('and');
    const r4 = parse(nest(5000), { maxDepth: 1e9 });
    expect(r4.ast === undefined || r4.ast.kind === 'identifier').toBe(true);
  });
});
