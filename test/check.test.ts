import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, checkCondition, operatorWords, type CheckedCompare, type CheckedLogic } from '../src/index.js';

/* The checking stage's tree: every decision a planner or code generator needs, made once. */

function compareOf(condition: string, options: Parameters<typeof check>[1] = {}): CheckedCompare {
  const r = check(condition, options);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const n = r.root!;
  expect(n.kind).toBe('compare');
  return n as CheckedCompare;
}

describe('the checked tree', () => {
  it('resolves a plain field to the flat event key and parses its constants', () => {
    const c = compareOf('proc.name startswith bas');
    expect(c.operand).toMatchObject({ kind: 'field', written: 'proc.name', key: 'proc.name', type: 'CHARBUF', isList: false, shape: { kind: 'plain' } });
    expect(c).toMatchObject({ op: 'startswith', class: 'string', texts: ['bas'], constants: [{ kind: 'string', value: 'bas' }] });
  });

  it('parses numbers, addresses and networks for the compared type', () => {
    expect(compareOf('proc.pid in (1, 2)').constants.map((k) => k.kind)).toEqual(['int', 'int']);
    expect(compareOf('fd.sip = 10.0.0.1').constants[0]).toMatchObject({ kind: 'ipv4', value: 0x0a000001 });
    expect(compareOf('fd.snet = 10.0.0.0/8').operand).toMatchObject({ shape: { kind: 'net', source: 'fd.sip' } });
  });

  it('keeps the modifier apart from the operator', () => {
    const c = compareOf('proc.name startswith oneof (a, b)');
    expect(c.op).toBe('startswith');
    expect(c.modifier).toBe('oneof');
    expect(c.constants).toHaveLength(2);
  });

  it('marks libsinsp\'s custom fields by shape', () => {
    expect(compareOf('fd.ip = 10.0.0.1').operand).toMatchObject({ shape: { kind: 'either-side', sides: ['fd.cip', 'fd.sip'] } });
    expect(compareOf('proc.aname = bash').operand).toMatchObject({ shape: { kind: 'ancestors', parent: 'proc.pname' } });
    expect(compareOf('proc.aname[2] = bash').operand).toMatchObject({ shape: { kind: 'plain' } });
  });

  it('types transformer chains', () => {
    const c = compareOf('len(tolower(proc.name)) > 3');
    expect(c.operand).toMatchObject({ kind: 'transformer', transformer: 'len', type: 'UINT64', isList: false });
    expect(c.class).toBe('numeric');
    const t = c.operand.kind === 'transformer' ? c.operand.args[0] : undefined;
    expect(t).toMatchObject({ kind: 'operand', operand: { kind: 'transformer', transformer: 'tolower', type: 'CHARBUF' } });
  });

  it('parses a dynamic field\'s constants as text and, when they are numbers, as numbers', () => {
    expect(compareOf('evt.rawarg.res = 0').numeric).toHaveLength(1);
    expect(compareOf('evt.rawarg.name = abc').numeric).toBeUndefined();
  });

  it('keeps macro origins on the nodes', () => {
    const r = check('m and proc.pid = 1', { macros: { m: 'proc.name = bash' } });
    const root = r.root as CheckedLogic;
    expect(root.children[0]!.origin).toMatchObject({ macro: 'm', via: ['m'] });
    expect(root.children[1]!.origin).toBeUndefined();
  });

  it('compares two operands of the same type', () => {
    const r = check('proc.name = val(proc.pname)');
    expect(r.root).toMatchObject({ kind: 'compare-operands', type: 'CHARBUF', left: { written: 'proc.name' }, right: { written: 'val(proc.pname)' } });
  });

  it('has no tree when there are errors, and the same diagnostics as checkCondition', () => {
    for (const text of ['proc.nmae = x', 'proc.pid contains 1', 'proc.name regex "("', 'evt.type = opne', 'a and', 'm', 'join(proc.name) = x']) {
      const r = check(text);
      expect(r.root).toBeUndefined();
      expect(r.diagnostics).toEqual(checkCondition(text).diagnostics);
    }
  });
});

describe('compile keeps the checked tree it planned from', () => {
  it('is the tree check gives', () => {
    const text = 'proc.name in (bash, sh) and not fd.name startswith /tmp';
    expect(checkCondition(text).condition?.checked).toEqual(check(text).root);
  });
});

describe('check and compile agree (property)', () => {
  const fields = ['proc.name', 'proc.pid', 'fd.sip', 'fd.net', 'fd.ip', 'proc.aname', 'evt.type', 'evt.rawarg.res', 'proc.nmae', 'tolower(proc.name)', 'len(proc.args)'];
  const values = ['bash', '1', '10.0.0.1', '10.0.0.0/8', '(a, 2)', 'execve', '"("', '0x1', 'val(proc.pname)'];
  const check1 = fc.tuple(fc.constantFrom(...fields), fc.constantFrom(...operatorWords()), fc.constantFrom(...values))
    .map(([f, o, v]) => (o === 'exists' ? `${f} exists` : `${f} ${o} ${v}`));
  const condition = fc.array(check1, { minLength: 1, maxLength: 3 }).chain((cs) =>
    fc.constantFrom(' and ', ' or ', ' and not ').map((sep) => cs.join(sep)));

  it('gives the same diagnostics, and a tree exactly when compile gives a condition', () => {
    fc.assert(fc.property(condition, (text) => {
      const checked = check(text);
      const compiled = checkCondition(text);
      expect(checked.diagnostics).toEqual(compiled.diagnostics);
      expect(checked.root !== undefined).toBe(compiled.condition !== undefined);
      // Compiled regexes are separate objects: compare the rest.
      if (compiled.condition) expect(withoutRegexes(compiled.condition.checked)).toEqual(withoutRegexes(checked.root));
    }), { numRuns: 300 });
  });
});

function withoutRegexes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutRegexes);
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'regex').map(([k, x]) => [k, withoutRegexes(x)]));
}

describe('macros nested very deep', () => {
  it('a chain of macros deeper than the limit is an error at the reference, never a stack overflow', async () => {
    const { lint } = await import('../src/lint/index.js');
    const { MAX_MACRO_NESTING } = await import('../src/check/resolve.js');
    const n = MAX_MACRO_NESTING + 20;
    let text = '- macro: m0\n  condition: proc.name = a\n';
    for (let i = 1; i < n; i++) text += `- macro: m${i}\n  condition: m${i - 1}\n`;
    text += `- rule: r\n  desc: d\n  condition: evt.type = execve and m${n - 1}\n  output: o\n  priority: INFO\n`;
    const diagnostics = lint([{ path: 'deep.yaml', text }]);
    const deep = diagnostics.filter((d) => d.code === 'macro-depth');
    expect(deep.length).toBeGreaterThan(0);
    expect(deep.filter((d) => d.data?.nameKind !== 'macro')).toEqual([]);
    // The rule that reaches the chain is refused; macros no rule uses only get a warning, as Falco does not check them.
    expect(deep.some((d) => d.severity === 'error')).toBe(true);
    // One macro less deep than the limit is fine.
    const ok = lint([{ path: 'ok.yaml', text: text.split(`- macro: m${MAX_MACRO_NESTING}\n`)[0] + `- rule: r\n  desc: d\n  condition: evt.type = execve and m${MAX_MACRO_NESTING - 1}\n  output: o\n  priority: INFO\n` }]);
    expect(ok.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('where a value problem is reported', () => {
  const at = (condition: string) => {
    const d = check(condition).diagnostics.find((x) => x.code === 'invalid-value')!;
    return condition.slice(d.range.start.offset, d.range.end.offset);
  };

  it('at the item of a list that does not parse, not over the whole list', () => {
    expect(at('fd.net in (10.0.0.0/8, ::1/200)')).toBe('::1/200');
    expect(at('fd.net in (1.2.3.4/33, 10.0.0.0/8)')).toBe('1.2.3.4/33');
    expect(at('proc.pid in (1, x, 3)')).toBe('x');
    expect(at('proc.pid in ("1", "y")')).toBe('"y"');
    expect(at('proc.pid = x')).toBe('x');
  });

  it('at the first bad item of any list (generated)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(99999), { maxLength: 4 }), fc.array(fc.oneof(fc.nat(9), fc.constantFrom('a', 'b1', '-')), { minLength: 1, maxLength: 4 }), (good, rest) => {
        fc.pre(rest.some((v) => typeof v === 'string'));
        const items = [...good.map(String), ...rest.map(String)];
        const firstBad = items.find((v) => !/^\d+$/.test(v))!;
        expect(at(`proc.pid in (${items.join(', ')})`)).toBe(firstBad);
      }),
    );
  });
});
