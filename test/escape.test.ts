import { describe, expect, it } from 'vitest';
import { parse, quote, unescapeQuoted } from '../src/index.js';

// Facts from libs filter/escaping.cpp and its tests (filter_escaping.ut.cpp), and the parser cases on quoting.
describe('quoted strings', () => {
  it.each([
    ['"some string"', 'some string'],
    ["'single'", 'single'],
    ['"a\\tb\\nc\\rd\\be\\ff"', 'a\tb\nc\rd\be\ff'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"\\/path"', '/path'],
    ['"say \\"hi\\""', 'say "hi"'],
    ["'it\\'s'", "it's"],
    ['"\\x41\\x413"', 'AA3'],
    ['"\\xc3\\xa9t\\xC3\\xA9"', 'été'],
    ['"bad escape \\ "', 'bad escape \\'],
    ['"\\x5c"', '\\'],
    ['""', ''],
  ])('%s reads as %j', (raw, value) => {
    expect(unescapeQuoted(raw)).toEqual({ value });
  });

  it.each([
    ['"\\q"', 'unsupported string escape sequence: \\q'],
    ['"\\x4"', 'truncated hex char escape sequence'],
    ['"\\x+a"', 'invalid hex char escape sequence: +a'],
    ['"\\x-1"', 'invalid hex char escape sequence: -1'],
    ['"\\\'"', 'invalid \\\' escape in "-quoted string'],
    ["'\\\"'", "invalid \\\" escape in '-quoted string"],
  ])('%s is refused: %s', (raw, error) => {
    expect(unescapeQuoted(raw)).toEqual({ error });
  });

  it('escapes as upstream does and reads back the same (escape_str cases)', () => {
    expect(quote('some string')).toBe('"some string"');
    expect(quote('some\\b\\f\\n\\r\\tstring')).toBe('"some\\\\b\\\\f\\\\n\\\\r\\\\tstring"');
    expect(quote('some "quoted string"')).toBe('"some \\"quoted string\\""');
    expect(quote("some 'quoted string'")).toBe('"some \'quoted string\'"');
    for (const s of ['some string', 'some\\b\\f\\n\\r\\tstring', 'some "quoted string"', "some 'quoted string'", 'end\\', '\u0001\u007f', 'é\n']) {
      expect(unescapeQuoted(quote(s))).toEqual({ value: s });
    }
  });

  it('cannot close a string ending in an escaped backslash, as upstream', () => {
    expect(parse('a.b = "abc\\\\"').ast).toBeUndefined();
    expect(parse('a.b = "abc\\x5c"').ast).toMatchObject({ right: { value: 'abc\\' } });
  });

  it('reports an escape error at the string', () => {
    const d = parse('a.b = "\\q"').diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ message: 'unsupported string escape sequence: \\q', range: { start: { offset: 6 }, end: { offset: 10 } } });
  });
});

describe('bytes that are not UTF-8', () => {
  it('are kept as escaped bytes and printed back as \\xHH', () => {
    const ff = unescapeQuoted('"a\\xffb\\xfe"');
    expect(ff.value).toBe('a\udcffb\udcfe');
    expect(quote(ff.value!)).toBe('"a\\xffb\\xfe"');
    expect(unescapeQuoted('"\\xe9t\\xc3\\xa9"').value).toBe('\udce9té');
  });
});
