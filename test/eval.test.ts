import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCondition, compile, ConditionError, createCatalog, defineFields, type FlatEvent } from '../src/index.js';

const execve: FlatEvent = {
  'evt.type': 'execve',
  'proc.name': 'bash',
  'proc.pname': 'sshd',
  'proc.aname[2]': 'systemd',
  'proc.pid': 1234,
  'proc.cmdline': 'bash -c "curl http://x"',
  'fd.name': '/etc/shadow',
  'fd.sip': '10.1.2.3',
  'fd.cip': '192.168.0.7',
  'fd.sport': 443,
  'container.label[app]': 'web',
  'evt.arg.path': '/tmp/x',
  'evt.arg[0]': '/tmp/x',
};

const ev = (cond: string, event: FlatEvent = execve, opts = {}) => compile(cond, opts).evaluate(event);

describe('evaluate', () => {
  it.each([
    ['evt.type = execve and proc.name in (bash, sh) and not proc.pname startswith sshd', false],
    ['evt.type = execve and proc.name in (bash, sh) and proc.pname startswith sshd', true],
    ['proc.pid = 1234 and proc.pid > 1000 and proc.pid <= 1234 and proc.pid != 1', true],
    ['proc.pid in (1, 2, 1234)', true],
    ['fd.name pmatch (/etc) and fd.directory = /etc and fd.filename = shadow', true],
    ['fd.name glob "/etc/*ow" and fd.name iglob "/ETC/SH*"', true],
    ['proc.cmdline regex ".*curl.*" and not proc.cmdline regex "curl"', true],
    ['proc.cmdline icontains CURL and proc.cmdline contains "" and proc.cmdline endswith "x\\""', true],
    ['fd.sip = 10.1.2.3 and fd.snet = 10.0.0.0/8 and fd.net = 192.168.0.0/16 and fd.ip = 10.1.2.3', true],
    ['fd.sport = 443 and fd.port = https', true],
    ['container.label[app] = web and evt.arg.path = /tmp/x and evt.arg[0] = /tmp/x', true],
    ['proc.aname = systemd and proc.aname[1] = sshd and proc.aname[2] = systemd and proc.aname[0] = bash', true],
    ['proc.name contains allof (ba, sh) and proc.name = oneof (bash, zsh) and proc.name startswith anyof (x, b)', true],
    ['proc.name = oneof (bash, bash)', false],
    ['proc.name = anyof ()', false],
    ['proc.name != allof (zsh, sh)', true],
    ['toupper(proc.name) = BASH and len(proc.name) = 4 and basename(fd.name) = shadow', true],
    ['join(proc.lineage, "->") = systemd->sshd->bash and join("->", proc.lineage) contains sshd->bash', true],
    ['concat(proc.name, "-", proc.pname) = bash-sshd', true],
    ['proc.name = val(proc.name) and not proc.name = val(proc.pname)', true],
    ['fd.sip exists and not user.name exists and not user.name = root and not user.name != root', true],
  ])('%s is %s', (cond, expected) => {
    expect(ev(cond)).toBe(expected);
  });

  it('matches client-or-server fields as libsinsp does: = when either side matches, != only when both differ', () => {
    const sock = { 'fd.cip': '10.0.0.2', 'fd.sip': '10.0.0.1', 'fd.cport': 40000, 'fd.sport': 443 };
    expect(ev('fd.ip = 10.0.0.1', sock)).toBe(true);
    expect(ev('fd.ip != 10.0.0.1', sock)).toBe(false);
    expect(ev('fd.ip != 10.0.0.9', sock)).toBe(true);
    expect(ev('fd.port in (443, 8443)', sock)).toBe(true);
    expect(ev('fd.net != 10.0.0.0/8', sock)).toBe(false);
    expect(ev('fd.ip = 10.0.0.1', { 'fd.ip': '10.0.0.1' })).toBe(true);
    expect(ev('fd.ip != 10.0.0.1', {})).toBe(false);
    expect(ev('fd.ip exists', { 'fd.sip': '10.0.0.1' })).toBe(true);
  });

  it('reads events through a resolver function', () => {
    const c = compile('proc.name = bash and evt.arg.path startswith /tmp and fd.directory = /etc');
    const calls: string[] = [];
    const resolver = (field: string, arg?: string) => {
      calls.push(arg === undefined ? field : `${field}[${arg}]`);
      return ({ 'proc.name': 'bash', 'evt.arg[path]': '/tmp/a', 'fd.name': '/etc/passwd' } as Record<string, string>)[arg === undefined ? field : `${field}[${arg}]`];
    };
    expect(c.evaluate(resolver)).toBe(true);
    expect(calls).toEqual(['proc.name', 'evt.arg[path]', 'fd.directory', 'fd.name']);
  });

  it('takes numbers, bigints, strings and booleans as event values', () => {
    expect(ev('proc.pid = 1234', { 'proc.pid': 1234n })).toBe(true);
    expect(ev('proc.pid = 1234', { 'proc.pid': '1234' })).toBe(true);
    expect(ev('evt.rawtime > 1700000000000000000', { 'evt.rawtime': 1800000000000000000n })).toBe(true);
    expect(ev('fd.is_server = true', { 'fd.is_server': true })).toBe(true);
  });

  it('expands macros recursively and lists that name lists', () => {
    const opts = {
      macros: { spawned_process: 'evt.type in (execve, execveat)', shell: 'spawned_process and proc.name in (shells)' },
      lists: { shells: ['bash', 'sh', 'zsh_list'], zsh_list: ['zsh'], 'quoted': ['"a b"', "'c'"] },
    };
    expect(ev('shell', execve, opts)).toBe(true);
    expect(ev('shell', { 'evt.type': 'execve', 'proc.name': 'zsh' }, opts)).toBe(true);
    expect(ev('shell', { 'evt.type': 'open', 'proc.name': 'zsh' }, opts)).toBe(false);
    expect(ev('proc.name in quoted', { 'proc.name': 'a b' }, opts)).toBe(true);
    expect(ev('proc.name in (quoted)', { 'proc.name': 'c' }, opts)).toBe(true);
  });

  it('indexes by event type', () => {
    expect([...compile('evt.type in (open, openat) and proc.name = x').eventTypes!].sort()).toEqual(['open', 'openat']);
    expect(compile('evt.type = open or proc.name = x').eventTypes).toBeUndefined();
    expect([...compile('evt.type = open or evt.type = execve').eventTypes!].sort()).toEqual(['execve', 'open']);
  });

  it('explains each check with the values it saw, and marks what short-circuit skipped', () => {
    const x = compile('proc.name = zsh and fd.name startswith /etc or proc.pname = val(proc.name)').explain(execve);
    expect(x.result).toBe(false);
    expect(x.children![0]!.children![0]).toMatchObject({ text: 'proc.name = zsh', result: false, evaluated: true, left: { text: 'proc.name', value: 'bash' } });
    expect(x.children![0]!.children![1]).toMatchObject({ text: 'fd.name startswith /etc', result: true, evaluated: false });
    expect(x.children![1]).toMatchObject({ result: false, evaluated: true, right: { text: 'val(proc.name)', value: 'bash' } });
    const m = compile('shell', { macros: { shell: 'proc.name = bash' } }).explain(execve);
    expect(m).toMatchObject({ kind: 'check', result: true, macro: 'shell' });
  });
});

describe('compile errors', () => {
  const errorsOf = (cond: string, opts = {}) => {
    try {
      compile(cond, opts);
    } catch (e) {
      expect(e).toBeInstanceOf(ConditionError);
      return (e as ConditionError).diagnostics.map((d) => [d.code, d.range.start.column, d.message]);
    }
    throw new Error('compiled');
  };

  it('reports every problem with its position', () => {
    expect(errorsOf('proc.pid = abc and proc.nmae = x and fd.net = 10.0.0.0/33 and undefined_macro')).toEqual([
      ['invalid-value', 12, 'abc is not a valid number'],
      ['unknown-field', 20, "unknown field 'proc.nmae' (did you mean 'proc.name'?)"],
      ['invalid-value', 47, 'invalid netmask 33'],
      ['undefined-macro', 63, "Undefined macro 'undefined_macro' used in filter."],
    ]);
  });

  it.each([
    ['proc.name bcontains zz', 'operator-type', "'bcontains' operator not supported for string filters"],
    ['evt.buffer bcontains 6g', 'invalid-value', 'bcontains and bstartswith operator support hex strings only'],
    ["proc.name regex '['", 'invalid-regex', 'invalid regex pattern: missing ]: ['],
    ['proc.name regex "\\\\d+"', 'invalid-regex', 'invalid regex pattern: invalid escape sequence: \\d'],
    ['proc.pid contains 1', 'operator-type', "'contains' operator not supported for numeric filters"],
    ['proc.pid = 0x10', 'invalid-value', '0x10 is not a valid number'],
    ['fd.sip = 300.1.1.1', 'invalid-value', 'unrecognized IPv4 address 300.1.1.1'],
    ['fd.sip startswith 10', 'operator-type', "'startswith' operator not supported for ip address and network filters"],
    ['toupper(proc.pid) = 1', 'invalid-transformer', "can't add field transformer: type 'INT64' is not supported by 'toupper' transformer applied on field 'proc.pid'"],
    ['toupper(proc.name)[x] = 1', 'invalid-transformer', "transformer 'toupper' does not support field arguments"],
    ['join("-") = x', 'invalid-transformer', "unknown field transfomer 'join'"],
    ['concat(proc.name) = x', 'invalid-transformer', "unknown field transfomer 'concat'"],
    ['proc.name = val(proc.pid)', 'invalid-rhs', "field 'proc.name' has type 'CHARBUF' while the right-hand side field 'val(proc.pid)' has incompatible type 'INT64'"],
    ['proc.name regex val(proc.pname)', 'invalid-rhs', "operator 'REGEX' doesn't support right-hand side fields"],
    ['evt.arg = x', 'field-argument', 'field evt.arg needs an argument: evt.arg[N] or evt.arg.NAME'],
    ['proc.aname[x] = x', 'field-argument', "the argument of proc.aname must be a non-negative integer, not 'x'"],
    ['shell', 'macro-cycle', "reference loop in macro 'shell' (shell → loop → shell)"],
  ])('%s', (cond, code, message) => {
    const found = errorsOf(cond, { macros: { shell: 'loop', loop: 'shell' } });
    expect(found[0]).toEqual([code, expect.any(Number), message]);
  });

  it('reports problems inside a macro at the reference, naming the macro', () => {
    const r = checkCondition('evt.type = open and m', { macros: { m: 'proc.pid = abc' } });
    expect(r.condition).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ message: "abc is not a valid number (in macro 'm')", range: expect.objectContaining({ start: { line: 1, column: 21, offset: 20 } }) }),
    ]);
  });

  it('reads unknown fields as strings when not strict, with a warning', () => {
    const r = checkCondition('my.field = x', { strict: false });
    expect(r.condition!.evaluate({ 'my.field': 'x' })).toBe(true);
    expect(r.diagnostics[0]).toMatchObject({ code: 'unknown-field', severity: 'warning' });
  });

  it('uses fields defined by the user', () => {
    const catalog = createCatalog().define([{ name: 'my.count', type: 'UINT64' }]);
    expect(compile('my.count > 3', { catalog }).evaluate({ 'my.count': 4 })).toBe(true);
    expect(() => compile('my.count > 3', { catalog: createCatalog() })).toThrow(ConditionError);
    defineFields([{ name: 'my.other', type: 'CHARBUF' }]);
    expect(compile('my.other = x').evaluate({ 'my.other': 'x' })).toBe(true);
  });

  it('warns where upstream warns', () => {
    const codes = compile('proc.name = proc.pname and proc.name regex "bash.*" and join(proc.lineage, ",") = x').warnings.map((w) => w.code);
    expect(codes).toEqual(['value-is-field', 'regex-simpler', 'join-order']);
  });
});

describe('laws', () => {
  const names = ['bash', 'sh', 'zsh', 'python', 'BASH', ''];
  const event = fc.record(
    { 'proc.name': fc.constantFrom(...names), 'proc.pname': fc.constantFrom(...names), 'proc.pid': fc.integer({ min: 0, max: 5 }) },
    { requiredKeys: [] },
  );
  const atom = fc.oneof(
    fc.constantFrom(...names.filter(Boolean)).map((n) => `proc.name = ${n}`),
    fc.constantFrom(...names.filter(Boolean)).map((n) => `proc.pname startswith ${n}`),
    fc.integer({ min: 0, max: 5 }).map((n) => `proc.pid > ${n}`),
    fc.constant('proc.name exists'),
    fc.constant('proc.name icontains SH'),
  );
  const run = (cond: string, e: FlatEvent) => compile(cond).evaluate(e);

  it("De Morgan and double negation", () => {
    fc.assert(fc.property(atom, atom, event, (a, b, e) => {
      expect(run(`not (${a} and ${b})`, e)).toBe(run(`not ${a} or not ${b}`, e));
      expect(run(`not (${a} or ${b})`, e)).toBe(run(`not ${a} and not ${b}`, e));
      expect(run(`not (not ${a})`, e)).toBe(run(a, e));
      expect(run(`not not ${a}`, e)).toBe(run(a, e));
    }), { numRuns: 300 });
  });

  const value = fc.constantFrom(...names.filter(Boolean));
  const strOp = fc.constantFrom('=', '!=', 'contains', 'icontains', 'startswith', 'endswith', 'glob', 'iglob');

  it('x in (a, b) is x = a or x = b', () => {
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), event, (vs, e) => {
      expect(run(`proc.name in (${vs.join(', ')})`, e)).toBe(run(vs.map((v) => `proc.name = ${v}`).join(' or '), e));
    }), { numRuns: 300 });
  });

  it('anyof is an or, allof an and, oneof exactly one, of single checks', () => {
    fc.assert(fc.property(strOp, fc.array(value, { minLength: 1, maxLength: 4 }), event, (op, vs, e) => {
      const singles = vs.map((v) => run(`proc.name ${op} ${v}`, e));
      const present = e['proc.name'] !== undefined;
      expect(run(`proc.name ${op} anyof (${vs.join(', ')})`, e)).toBe(present && singles.some(Boolean));
      expect(run(`proc.name ${op} allof (${vs.join(', ')})`, e)).toBe(present && singles.every(Boolean));
      expect(run(`proc.name ${op} oneof (${vs.join(', ')})`, e)).toBe(present && singles.filter(Boolean).length === 1);
      expect(run(`proc.name ${op} anyof (${vs.join(', ')})`, e)).toBe(run(vs.map((v) => `proc.name ${op} ${v}`).join(' or '), e));
    }), { numRuns: 300 });
  });

  it('a check on a missing field is false, and its negation true', () => {
    fc.assert(fc.property(strOp, value, (op, v) => {
      expect(run(`proc.name ${op} ${v}`, {})).toBe(false);
      expect(run(`not proc.name ${op} ${v}`, {})).toBe(true);
    }), { numRuns: 100 });
  });
});

describe('fast paths', () => {
  // Flat events take fused fast paths for common string checks; a resolver function always takes the general
  // comparator. Both must agree on every value, NUL bytes included (libsinsp compares C strings).
  const str = fc.string({ unit: fc.constantFrom('a', 'b', '/', '\u0000', 'é'), maxLength: 6 });
  const op = fc.constantFrom('=', '!=', 'startswith', 'endswith', 'contains', 'in');
  it('agree with the general comparator', () => {
    fc.assert(fc.property(op, fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '/', 'é'), maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.option(str, { nil: undefined }), (o, ks, v) => {
      const rhs = o === 'in' ? `(${ks.map((k) => JSON.stringify(k)).join(', ')})` : JSON.stringify(ks[0]);
      const c = compile(`fd.name ${o} ${rhs}`);
      const flat = v === undefined ? {} : { 'fd.name': v };
      expect(c.evaluate(flat)).toBe(c.evaluate((f: string) => (f === 'fd.name' ? v : undefined)));
    }), { numRuns: 3000 });
  });
});

describe('regex fast path', () => {
  it('gives RE2\'s answers for literal patterns with .* around them', async () => {
    const { compileRegex } = await import('../src/values/regex.js');
    const { RE2JS } = await import('re2js');
    const piece = fc.constantFrom('a', 'b', '/', '.', '\n', 'é', 'ab');
    const lit = fc.array(fc.constantFrom('a', 'b', '/', '\\.', 'é'), { maxLength: 3 }).map((x) => x.join(''));
    fc.assert(fc.property(fc.boolean(), lit, fc.boolean(), fc.array(piece, { maxLength: 6 }), (before, l, after, parts) => {
      const pattern = `${before ? '.*' : ''}${l}${after ? '.*' : ''}`;
      const subject = parts.join('');
      const ours = compileRegex(pattern);
      if ('error' in ours) throw new Error(ours.error);
      expect(ours.test(subject)).toBe(RE2JS.compile(pattern, RE2JS.MULTILINE).testExact(subject));
    }), { numRuns: 2000 });
  });
});

describe('any-ancestor fields', () => {
  it('match when one ancestor does, with every operator: != when one ancestor differs (libsinsp compare_full_aname)', () => {
    const e = { 'proc.name': 'sh', 'proc.aname[1]': 'bash', 'proc.aname[2]': 'sshd', 'proc.aname[3]': 'systemd' };
    expect(ev('proc.aname = sshd', e)).toBe(true);
    expect(ev('proc.aname in (cron, systemd)', e)).toBe(true);
    expect(ev('proc.aname = cron', e)).toBe(false);
    expect(ev('proc.aname != cron', e)).toBe(true);
    expect(ev('proc.aname != sshd', e)).toBe(true);
    expect(ev('proc.aname != sshd', { 'proc.aname[1]': 'sshd' })).toBe(false);
    expect(ev('proc.aname = bash', { 'proc.pname': 'bash' })).toBe(true);
    expect(ev('proc.aname = bash', { 'proc.aname': ['zsh', 'bash'] })).toBe(true);
    expect(ev('proc.aname = bash', {})).toBe(false);
    expect(ev('proc.aname != bash', {})).toBe(false);
    expect(ev('proc.apid = 1', { 'proc.ppid': 1 })).toBe(true);
    expect(compile('proc.aname = sshd').explain(e).left!.value).toEqual(['bash', 'sshd', 'systemd']);
  });
});
