import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckedNode } from '../src/check/checked.js';
import { CodegenUnavailableError, generateCondition, planOf } from '../src/eval/codegen.js';
import { checkCondition, compile, type Condition } from '../src/eval/compile.js';
import { RuleEngine } from '../src/rules/engine.js';
import { loadRules, type RuleSet } from '../src/rules/loader.js';
import type { Event, FlatEvent } from '../src/values/event.js';
import { genCondition, rng } from '../scripts/lib/gen-conditions.mjs';
import { corpusRuleFiles, readShared } from './support/shared.js';

/*
 * The two evaluation backends (generated code, closures) against each other: the same result on every condition
 * and event, flat or resolver, and the same explanation. The whole suite also runs once per backend (see
 * vitest.config.ts); here both run side by side.
 */

/** Every constant text a checked tree compares with (events are built around them). */
function constantsOf(n: CheckedNode, out = new Set<string>()): Set<string> {
  switch (n.kind) {
    case 'and':
    case 'or':
      for (const c of n.children) constantsOf(c, out);
      break;
    case 'not':
      constantsOf(n.child, out);
      break;
    case 'compare':
      for (const t of n.texts) out.add(t);
      break;
    default:
      break;
  }
  return out;
}

/** Values around the constants: equal, with a NUL after, prefixes, suffixes, escaped bytes, and non-strings. */
function valuePool(constants: Iterable<string>): unknown[] {
  const pool: unknown[] = ['', 'bash', '/etc/passwd', 'a\u0000b', '\udc80', '\u0000', 0, 1, -1, 1.5, 7n, true, null, ['bash', 'sh'], [], new Uint8Array([0x61, 0])];
  for (const c of constants) {
    pool.push(c, `${c}\u0000x`, `x\u0000${c}`, `x${c}`, `${c}x`, c.slice(0, 1), c.toUpperCase(), `${c}\udc80`, [c], ['a', c], [c, 1], [null, c], [c, 'x\u0000'], [new Uint8Array([0x61]), c], [true, c]);
    const n = Number(c);
    if (Number.isFinite(n)) pool.push(n);
  }
  return pool;
}

const ANCESTRY = ['proc.name', 'proc.pname', 'proc.aname[1]', 'proc.aname[2]', 'proc.aname[3]', 'proc.lineage'];

/** Flat events over the fields a condition reads (and the ancestry fields lineage derives from). */
function events(c: Condition): fc.Arbitrary<FlatEvent> {
  const pool = valuePool(constantsOf(c.checked));
  const keys = [...new Set([...c.fields, 'evt.type', ...(c.fields.some((f) => f.startsWith('proc.')) ? ANCESTRY : [])])];
  const value = fc.constantFrom(...pool);
  return fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length }) as fc.Arbitrary<FlatEvent>;
}

/** The same event as a resolver function. */
const resolver = (ev: FlatEvent): Event => (field: string, arg?: string) => (arg === undefined ? ev[field] : (ev[`${field}[${arg}]`] ?? ev[`${field}.${arg}`]));

function agree(text: string, ev: FlatEvent, options = {}): void {
  const gen = compile(text, { ...options, backend: 'codegen' });
  const clo = compile(text, { ...options, backend: 'closures' });
  for (const e of [ev, resolver(ev)]) {
    const r = clo.evaluate(e);
    expect(gen.evaluate(e), `${text} on ${typeof e === 'function' ? 'a resolver' : JSON.stringify(ev, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`).toBe(r);
    const x = gen.explain(e);
    expect(x).toEqual(clo.explain(e));
    expect(x.result).toBe(r);
  }
}

describe('generated code and closures agree', () => {
  // Conditions the fast paths cover, with constants holding NUL bytes and escaped bytes among them.
  const field = fc.constantFrom('proc.name', 'fd.name', 'evt.type', 'proc.pname', 'fd.directory', 'proc.cmdline', 'proc.aname', 'proc.aname[2]', 'fd.ip', 'proc.pid', 'evt.rawres');
  const operand = fc.oneof(
    { weight: 4, arbitrary: field },
    fc.constantFrom('join(proc.lineage, "->")', 'join(proc.aname, ",")', 'tolower(proc.name)', 'join(proc.args, "")'),
  );
  const op = fc.constantFrom('=', '!=', 'in', 'intersects', 'startswith', 'endswith', 'contains', 'icontains', 'glob', 'pmatch', '<', '>=', 'exists');
  const text = fc.constantFrom('bash', '/etc', 'open', 'sh->bash', 'ba', '', 'a\\x00b', '\\x80', 'é', '1', '0', 'BaSh');
  const check = fc.tuple(operand, op, fc.array(text, { minLength: 1, maxLength: 6 }), fc.constantFrom('', '', '', '', ' anyof', ' allof')).map(([o, p, ks, m]) => {
    if (p === 'exists') return `${o} exists`;
    const list = `(${ks.map((k) => JSON.stringify(k).replace(/\\\\/g, '\\')).join(', ')})`;
    if (p === 'in' || p === 'intersects' || p === 'pmatch') return `${o} ${p} ${list}`;
    return m ? `${o} ${p}${m} ${list}` : `${o} ${p} ${JSON.stringify(ks[0]).replace(/\\\\/g, '\\')}`;
  }).filter((c) => checkCondition(c).condition !== undefined);
  const condition = fc.array(fc.tuple(fc.constantFrom('', 'not '), check), { minLength: 1, maxLength: 4 }).chain((cs) =>
    fc.array(fc.constantFrom(' and ', ' or '), { minLength: cs.length - 1, maxLength: cs.length - 1 }).map((ops) =>
      cs.map(([n, c], i) => `${i ? ops[i - 1] : ''}${n}${c}`).join('')));

  it('on fast-path conditions and generated flat and resolver events', () => {
    let compiled = 0;
    fc.assert(fc.property(condition, fc.integer(), (text, seed) => {
      const r = checkCondition(text, { backend: 'closures' });
      if (!r.condition) return;
      compiled++;
      for (const ev of fc.sample(events(r.condition), { numRuns: 12, seed })) agree(text, ev);
    }), { numRuns: 700 });
    expect(compiled).toBeGreaterThan(650);
  });

  it('on one string check, with values around its constant', () => {
    const ops = fc.constantFrom('=', '!=', 'contains', 'icontains', 'startswith', 'endswith', 'in');
    const field = fc.constantFrom('proc.name', 'proc.pname', 'fd.name', 'proc.aname[1]');
    fc.assert(fc.property(field, ops, text, fc.integer(), (f, o, k, seed) => {
      const lit = JSON.stringify(k).replace(/\\\\/g, '\\');
      const cond = o === 'in' ? `${f} in (${lit}, other)` : `${f} ${o} ${lit}`;
      const c = checkCondition(cond).condition;
      if (!c) return;
      const pool = valuePool([c.checked.kind === 'compare' ? c.checked.texts[0]! : k, 'xBASHx', 'bAsH']);
      const [v] = fc.sample(fc.constantFrom(...pool), { numRuns: 1, seed });
      agree(cond, { [f === 'proc.aname[1]' ? 'proc.pname' : f]: v });
    }), { numRuns: 3000 });
  });

  it('on string checks with a modifier, values around the constants', () => {
    const ops = fc.constantFrom('=', '!=', 'contains', 'icontains', 'startswith', 'endswith', 'glob', 'bcontains');
    const field = fc.constantFrom('proc.name', 'proc.pname', 'fd.name', 'proc.aname[1]', 'proc.aname', 'proc.args');
    const constants = fc.array(fc.constantFrom('bash', 'ba', 'sh', 'BASH', '', 'a\\x00b', '\\x80', 'é', '/etc'), { minLength: 1, maxLength: 4 });
    let compiled = 0;
    fc.assert(fc.property(field, ops, fc.constantFrom('oneof', 'anyof', 'allof'), constants, fc.integer(), (f, o, m, ks, seed) => {
      const cond = `${f} ${o} ${m} (${ks.map((k) => JSON.stringify(k).replace(/\\\\/g, '\\')).join(', ')})`;
      const c = checkCondition(cond).condition;
      if (!c) return;
      compiled++;
      const pool = valuePool([...constantsOf(c.checked), 'xBASHx', 'bAsH', 'bash sh']);
      for (const v of fc.sample(fc.constantFrom(...pool), { numRuns: 6, seed })) agree(cond, { [f === 'proc.aname[1]' ? 'proc.pname' : f]: v });
    }), { numRuns: 2000 });
    expect(compiled).toBeGreaterThan(500);
  });

  it('on client-or-server and network fields, over sockets of each family', () => {
    const field = fc.constantFrom('fd.ip', 'fd.net', 'fd.port', 'fd.proto', 'fd.cnet', 'fd.snet', 'fd.lnet', 'fd.sip', 'fd.cport');
    const constant = fc.constantFrom('10.0.0.1', '10.0.0.0/8', '0.0.0.0', '0.0.0.0/0', '::', '::1', 'fe80::/10', '192.168.1.7', '80', '0', 'tcp', 'udp');
    const op = fc.constantFrom('=', '!=', 'in', 'exists', '<', '>=');
    const address = fc.constantFrom<unknown>('10.0.0.1', '10.1.2.3', '192.168.1.7', '0.0.0.0', '::1', 'fe80::1', '::', 'x', '', 167772161, null, 80, 0);
    const ev = fc.record({
      'fd.type': fc.constantFrom<unknown>('ipv4', 'ipv6', 'file', 'unix', undefined),
      'fd.ip': fc.option(address, { nil: undefined }),
      'fd.net': fc.option(address, { nil: undefined }),
      'fd.cip': fc.option(address, { nil: undefined }),
      'fd.sip': fc.option(address, { nil: undefined }),
      'fd.lip': fc.option(address, { nil: undefined }),
      'fd.cport': fc.option(fc.constantFrom<unknown>(80, 0, 51234, '80', null), { nil: undefined }),
      'fd.sport': fc.option(fc.constantFrom<unknown>(80, 0, 443, null), { nil: undefined }),
      'fd.port': fc.option(fc.constantFrom<unknown>(80, 0), { nil: undefined }),
      'fd.l4proto': fc.option(fc.constantFrom<unknown>('tcp', 'udp', null), { nil: undefined }),
      'fd.num': fc.option(fc.constantFrom<unknown>(3, null), { nil: undefined }),
    }, { requiredKeys: [] });
    let compiled = 0;
    fc.assert(fc.property(field, op, fc.array(constant, { minLength: 1, maxLength: 3 }), ev, (f, o, ks, e) => {
      const text = o === 'exists' ? `${f} exists` : o === 'in' ? `${f} in (${ks.join(', ')})` : `${f} ${o} ${ks[0]}`;
      if (!checkCondition(text).condition) return;
      compiled++;
      agree(text, e as FlatEvent);
    }), { numRuns: 4000 });
    expect(compiled).toBeGreaterThan(800);
  });

  it('on join over lists and over the lineage fields, items of every kind', () => {
    const item = fc.constantFrom<unknown>('a', 'b', 'ab', 'a\u0000', '\udc80', '', 1, 0, null, true, new Uint8Array([0x61]), 'a->b');
    const opAndConstant = fc.tuple(fc.constantFrom('=', '!=', 'contains', 'startswith', 'endswith', 'in', 'glob'), fc.constantFrom('a', 'a->b', 'b', 'a,1', '97->a', '->a', 'a->', 'ab'));
    const ev = fc.record({
      'proc.lineage': fc.option(fc.oneof(fc.array(item, { maxLength: 4 }), item), { nil: undefined }),
      'proc.args': fc.option(fc.array(item, { maxLength: 3 }), { nil: undefined }),
      'proc.name': fc.option(item, { nil: undefined }),
      'proc.pname': fc.option(item, { nil: undefined }),
      'proc.aname[1]': fc.option(item, { nil: undefined }),
      'proc.aname.2': fc.option(item, { nil: undefined }),
      'proc.aname[3]': fc.option(item, { nil: undefined }),
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.constant('proc.lineage'), fc.constantFrom('->', ',', ''), opAndConstant, ev, (f, sep, [op, k], e) => {
      const text = `join(${f}, ${JSON.stringify(sep)}) ${op} ${op === 'in' ? `(${JSON.stringify(k)}, b)` : JSON.stringify(k)}`;
      agree(text, e as FlatEvent);
    }), { numRuns: 3000 });
  });

  it('on integer and boolean checks, at the edges of each type', () => {
    const field = fc.constantFrom('user.uid', 'proc.pid', 'evt.rawres', 'fd.num', 'proc.duration', 'evt.is_open_read', 'proc.is_exe_writable', 'proc.pname', 'proc.aname[1]');
    const k = fc.constantFrom('0', '1', '-1', '5', '4294967295', '4294967296', '9007199254740993', 'true', 'false', 'bash');
    const op = fc.constantFrom('=', '!=', '<', '<=', '>', '>=', 'in', 'exists');
    const value = fc.constantFrom<unknown>(0, 1, -1, 5, 4, 6, 1.5, -0, 4294967295, 4294967296, 2 ** 53, -(2 ** 53), 9007199254740993n, 5n, '5', ' 5', '0x5', true, false, null, 'bash', [5], NaN, Infinity);
    const ev = fc.dictionary(fc.constantFrom('user.uid', 'proc.pid', 'evt.rawres', 'fd.num', 'proc.duration', 'evt.is_open_read', 'proc.is_exe_writable', 'proc.pname', 'proc.aname[1]', 'proc.aname.1', 'proc.name'), value, { maxKeys: 6 });
    let compiled = 0;
    fc.assert(fc.property(field, op, fc.array(k, { minLength: 1, maxLength: 3 }), ev, (f, o, ks, e) => {
      const text = o === 'exists' ? `${f} exists` : o === 'in' ? `${f} in (${ks.join(', ')})` : `${f} ${o} ${ks[0]}`;
      if (!checkCondition(text).condition) return;
      compiled++;
      agree(text, e as FlatEvent);
    }), { numRuns: 4000 });
    expect(compiled).toBeGreaterThan(1000);
  });

  it("on the parser generator's conditions (scripts/lib/gen-conditions.mjs)", () => {
    const r = rng(12);
    let compiled = 0;
    for (let i = 0; i < 4000 && compiled < 400; i++) {
      const text = genCondition(r, { real: true });
      const c = checkCondition(text, { strict: false, backend: 'closures' }).condition;
      if (!c) continue;
      compiled++;
      for (const ev of fc.sample(events(c), { numRuns: 5, seed: i })) agree(text, ev, { strict: false });
    }
    expect(compiled).toBeGreaterThan(100);
  });

  it('on every rule of the corpus, over events built around its constants', () => {
    let rules = 0;
    for (const file of corpusRuleFiles()) {
      const set = loadRules([{ path: file, text: readShared(`corpus/rules/${file}`) }]);
      for (const rule of set.rules) {
        const c = rule.compiled;
        if (!c) continue;
        const plan = planOf(c)!;
        const gen = generateCondition(plan, true)!;
        rules++;
        for (const ev of fc.sample(events(c), { numRuns: 20, seed: rules })) expect(gen(ev), `${rule.name}`).toBe(plan.pred(ev));
      }
    }
    expect(rules).toBeGreaterThan(100);
  });

  it('writes the fast checks as code, with constant property keys', () => {
    const src = compile('proc.name = bash and fd.name startswith /etc or fd.name in (a, b, c, d, e, f)', { backend: 'codegen' }).evaluate.toString();
    expect(src).toContain('ev["proc.name"]');
    expect(src).toContain('v.charCodeAt(0) === 47 && v.charCodeAt(1) === 101'); // startswith /etc, unit by unit
    expect(src).toContain('.has(v)');
    // Client-or-server fields and modifiers are written as code too.
    const net = compile('fd.net = 10.0.0.0/8 and proc.name contains anyof (a, b, c)', { backend: 'codegen' }).evaluate.toString();
    expect(net).toContain('ev["fd.cip"]');
    expect(net).toContain('v.includes("a") || v.includes("b") || v.includes("c")');
    // Constants are literals only as JSON strings: a quote or a line break cannot break out of them.
    const odd = compile('proc.name = "a\\"); throw 1; (\\"" or proc.name = "x\ny"', { backend: 'codegen' });
    expect(odd.evaluate({ 'proc.name': 'a"); throw 1; ("' })).toBe(true);
    expect(odd.evaluate({ 'proc.name': 'x\ny' })).toBe(true);
  });
});

describe('where code generation is not allowed', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const refuse = () => {
    // What a page with a strict Content Security Policy does.
    vi.stubGlobal('Function', function Refused() {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source");
    });
  };

  it('auto falls back to the closures, with the same results', () => {
    refuse();
    const c = compile('proc.name = bash and fd.name startswith /etc', { backend: 'auto' });
    expect(c.evaluate).toBe(planOf(c)!.pred);
    expect(c.evaluate({ 'proc.name': 'bash', 'fd.name': '/etc/x' })).toBe(true);
    expect(c.evaluate({ 'proc.name': 'bash', 'fd.name': '/tmp' })).toBe(false);
    const set = loadRules([{ path: 'r.yaml', text: '- rule: r\n  desc: d\n  condition: evt.type = open and proc.name = bash\n  output: o\n  priority: NOTICE\n' }]);
    expect(new RuleEngine(set, { backend: 'auto' }).match({ 'evt.type': 'open', 'proc.name': 'bash' }).map((a) => a.rule.name)).toEqual(['r']);
  });

  it('codegen says why it cannot', () => {
    refuse();
    expect(() => compile('proc.name = bash', { backend: 'codegen' })).toThrow(CodegenUnavailableError);
    expect(compile('proc.name = bash', { backend: 'closures' }).evaluate({ 'proc.name': 'bash' })).toBe(true);
  });

  it('generates nothing while rules are only loaded or linted (auto: code on the first read of evaluate)', () => {
    const Real = globalThis.Function;
    let made = 0;
    vi.stubGlobal('Function', function Counting(...args: string[]) {
      made++;
      return new Real(...args);
    });
    const set = loadRules([{ path: 'f.yaml', text: readShared('corpus/rules/falco_rules.yaml') }]);
    expect(made).toBe(0);
    const c = compile('proc.name = bash', { backend: 'auto' });
    expect(made).toBe(0);
    expect(c.evaluate({ 'proc.name': 'bash' })).toBe(true);
    expect(made).toBe(1);
    expect(set.rules.length).toBeGreaterThan(10);
  });

  it('generates again once allowed', () => {
    refuse();
    compile('proc.name = bash', { backend: 'auto' });
    vi.unstubAllGlobals();
    const c = compile('proc.name = bash', { backend: 'auto' });
    expect(c.evaluate).not.toBe(planOf(c)!.pred);
  });
});

describe('the rule-set function', () => {
  const sets: Array<[string, RuleSet]> = corpusRuleFiles()
    .filter((f) => f.startsWith('falco'))
    .map((f) => [f, loadRules([{ path: f, text: readShared(`corpus/rules/${f}`) }])]);

  /** Events of the rules' own types, built around all the rules' constants. */
  function ruleEvents(set: RuleSet): fc.Arbitrary<FlatEvent> {
    const constants = new Set<string>();
    const fields = new Set<string>(ANCESTRY);
    const types = new Set<string>(['open', 'weird']);
    for (const r of set.rules) {
      if (!r.compiled) continue;
      constantsOf(r.compiled.checked, constants);
      for (const f of r.compiled.fields) fields.add(f);
      for (const t of r.compiled.eventTypes ?? []) types.add(t);
    }
    const pool = valuePool([...constants].slice(0, 400));
    return fc.tuple(fc.constantFrom(...types), fc.dictionary(fc.constantFrom(...fields), fc.constantFrom(...pool), { maxKeys: 30 }))
      .map(([t, ev]) => ({ ...ev, 'evt.type': t }));
  }

  for (const [file, set] of sets) {
    it(`matches as the closures do on ${file}, first and all`, () => {
      for (const ruleMatching of ['first', 'all'] as const) {
        const gen = new RuleEngine(set, { backend: 'codegen', ruleMatching });
        const clo = new RuleEngine(set, { backend: 'closures', ruleMatching });
        fc.assert(fc.property(ruleEvents(set), (ev) => {
          const names = (e: RuleEngine, x: Event) => e.match(x).map((a) => a.rule.name);
          expect(names(gen, ev)).toEqual(names(clo, ev));
          expect(names(gen, resolver(ev))).toEqual(names(clo, ev));
          // trace (kept on each rule's own condition) tells the same story.
          expect(gen.trace(ev).filter((t) => t.matched).map((t) => t.rule.name)).toEqual(names(clo, ev));
        }), { numRuns: 300 });
      }
    });
  }

  it('folds the checks on evt.type for each event type, and keeps the order and rule_matching', () => {
    const rule = (name: string, condition: string) => `- rule: ${name}\n  desc: d\n  condition: ${condition}\n  output: ${name} %proc.name\n  priority: NOTICE\n`;
    const text = [
      rule('A', 'evt.type in (open, openat) and (evt.type = open or proc.name = bash)'),
      rule('B', 'evt.type = openat and not evt.type = openat'),
      rule('C', 'evt.type in (open, openat)'),
      rule('Untyped', 'proc.name = bash or evt.type != open'),
    ].join('\n');
    const set = loadRules([{ path: 'r.yaml', text }]);
    const names = (e: RuleEngine, ev: FlatEvent) => e.match(ev).map((a) => a.rule.name);
    for (const ruleMatching of ['first', 'all'] as const) {
      const gen = new RuleEngine(set, { backend: 'codegen', ruleMatching });
      const clo = new RuleEngine(set, { backend: 'closures', ruleMatching });
      for (const t of ['open', 'openat', 'execve']) {
        for (const name of ['bash', 'sh', undefined]) {
          const ev = { 'evt.type': t, ...(name ? { 'proc.name': name } : {}) };
          expect(names(gen, ev), `${ruleMatching} ${JSON.stringify(ev)}`).toEqual(names(clo, ev));
        }
      }
    }
    const first = new RuleEngine(set, { backend: 'codegen' });
    expect(names(first, { 'evt.type': 'open' })).toEqual(['A']);
    expect(names(first, { 'evt.type': 'openat' })).toEqual(['C']);
    expect(names(new RuleEngine(set, { backend: 'codegen', ruleMatching: 'all' }), { 'evt.type': 'open' })).toEqual(['A', 'C']);
    expect(names(first, { 'evt.type': 'execve' })).toEqual(['Untyped']);
    expect(first.match({ 'evt.type': 'open', 'proc.name': 'zsh' })[0]!.output.text).toBe('A zsh');
  });
});
