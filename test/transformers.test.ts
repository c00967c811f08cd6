import { describe, expect, it } from 'vitest';
import {
  applyTransformer,
  decodeBase64,
  parseOptstring,
  toCString,
  transformB64,
  transformBasename,
  transformConcat,
  transformGetopt,
  transformJoin,
  transformLen,
  transformTolower,
  transformToupper,
  utf8ByteLength,
  type TransformerScalar,
  type TransformerValue,
} from '../src/eval/transformers.js';
import {
  checkTransformer,
  normalizeJoinArgs,
  transformerSignature,
  type TransformerArg,
  type TransformerCheckResult,
} from '../src/check/transformer-types.js';
import { paramTypeDisplayName, paramTypeName as normalizeFieldType } from '../src/language/types.js';

// ---------------------------------------------------------------------------------------------
// Argument descriptors for checkTransformer

const fld = (name: string, type: string, isList = false, flags: string[] = []): TransformerArg => ({
  kind: 'field',
  name,
  type,
  isList,
  flags,
});
const val = (): TransformerArg => ({ kind: 'value', type: 'PT_CHARBUF', isList: false });
const lst = (...elements: TransformerArg[]): TransformerArg => ({ kind: 'list', type: 'PT_CHARBUF', isList: true, elements });
function tr(name: string, args: TransformerArg[], arg?: string): TransformerArg {
  const r = checkTransformer(name, args, arg);
  if ('error' in r) throw new Error(`inner ${name}: ${r.error}`);
  return { kind: 'transformer', ...r };
}
function okOf(r: ReturnType<typeof checkTransformer>): TransformerCheckResult {
  if ('error' in r) throw new Error(r.error);
  return r;
}

// fields as in libsinsp's catalog (../shared/fields/libsinsp.json)
const FD_NAME = fld('fd.name', 'PT_CHARBUF');
const FD_DIRECTORY = fld('fd.directory', 'PT_CHARBUF');
const FD_TYPES = fld('fd.types', 'PT_CHARBUF', true, ['EPF_IS_LIST', 'EPF_ARG_ALLOWED', 'EPF_NO_RHS']);
const EVT_NUM = fld('evt.num', 'PT_UINT64');
const EVT_RAWRES = fld('evt.rawres', 'PT_INT64');
const EVT_RAWARG = fld('evt.rawarg', 'PT_DYN', false, ['EPF_ARG_REQUIRED', 'EPF_NO_RHS', 'EPF_NO_TRANSFORMER']);
const EVT_BUFFER = fld('evt.buffer', 'PT_BYTEBUF');
const PROC_ANAME = fld('proc.aname', 'PT_CHARBUF', false, ['EPF_ARG_ALLOWED', 'EPF_NO_RHS', 'EPF_NO_TRANSFORMER']);
const PROC_ARGS = fld('proc.args', 'PT_CHARBUF');

// every ppm_param_type (driver/ppm_events_public.h)
const ALL_TYPES = [
  'NONE', 'INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'CHARBUF', 'BYTEBUF', 'ERRNO',
  'SOCKADDR', 'SOCKTUPLE', 'FD', 'PID', 'FDLIST', 'FSPATH', 'SYSCALLID', 'SIGTYPE', 'RELTIME', 'ABSTIME', 'PORT',
  'L4PROTO', 'SOCKFAMILY', 'BOOL', 'IPV4ADDR', 'DYN', 'FLAGS8', 'FLAGS16', 'FLAGS32', 'UID', 'GID', 'DOUBLE', 'SIGSET',
  'CHARBUFARRAY', 'CHARBUF_PAIR_ARRAY', 'IPV4NET', 'IPV6ADDR', 'IPV6NET', 'IPADDR', 'IPNET', 'MODE', 'FSRELPATH',
  'ENUMFLAGS8', 'ENUMFLAGS16', 'ENUMFLAGS32', 'FD32', 'PID32',
].map((t) => `PT_${t}`);

// ---------------------------------------------------------------------------------------------
// A tiny evaluator over data-shaped expressions, to transcribe upstream's eval_filter cases.
// The mock event is upstream's: an open of "/tmp/file_to_run" as event number 1.

type Node = string | { f: string } | { list: Node[] } | { tr: string; args: Node[]; arg?: string };
const F = (f: string): Node => ({ f });
const L = (...list: Node[]): Node => ({ list });
const T = (name: string, ...args: Node[]): Node => ({ tr: name, args });
const EVENT: Record<string, TransformerValue> = {
  'fd.name': '/tmp/file_to_run',
  'fd.directory': '/tmp',
  'evt.num': 1n,
  'fd.types': ['file'],
};

function evalNode(n: Node): TransformerValue {
  if (typeof n === 'string') return n;
  if ('f' in n) return EVENT[n.f];
  if ('list' in n) {
    // libsinsp list_check: items flattened, numbers printed, any missing item fails the list
    const out: TransformerScalar[] = [];
    for (const item of n.list) {
      const v = evalNode(item);
      if (v === undefined) return undefined;
      for (const x of Array.isArray(v) ? v : [v]) out.push(typeof x === 'string' ? x : toCString(x));
    }
    return out;
  }
  return applyTransformer(n.tr, n.args.map(evalNode), n.arg);
}

type Op = '=' | '!=' | 'contains' | 'startswith' | '>' | '>=' | '<' | 'intersects';
function compare(lhs: TransformerValue, op: Op, rhs: string | number | string[]): boolean {
  if (lhs === undefined) return false;
  if (op === 'intersects') {
    const set = new Set(rhs as string[]);
    return (lhs as TransformerScalar[]).some((x) => set.has(String(x)));
  }
  if (typeof lhs === 'number') {
    const r = rhs as number;
    return op === '=' ? lhs === r : op === '>' ? lhs > r : op === '>=' ? lhs >= r : op === '<' ? lhs < r : lhs !== r;
  }
  const l = String(lhs);
  const r = String(rhs);
  switch (op) {
    case '=':
      return l === r;
    case '!=':
      return l !== r;
    case 'contains':
      return l.includes(r);
    case 'startswith':
      return l.startsWith(r);
    default:
      throw new Error(op);
  }
}

// ---------------------------------------------------------------------------------------------

describe('single-argument transformers: upstream unit cases (filter_transformer.ut.cpp)', () => {
  it('toupper', () => {
    expect(transformToupper('hello')).toBe('HELLO');
    expect(transformToupper('WORLD')).toBe('WORLD');
    expect(transformToupper('eXcItED')).toBe('EXCITED');
    expect(transformToupper('')).toBe('');
    expect(transformToupper(['hello', 'wOrLd', 'ONE_1234'])).toEqual(['HELLO', 'WORLD', 'ONE_1234']);
  });

  it('tolower', () => {
    expect(transformTolower('HELLO')).toBe('hello');
    expect(transformTolower('world')).toBe('world');
    expect(transformTolower('NoT eXcItED')).toBe('not excited');
    expect(transformTolower('')).toBe('');
    expect(transformTolower(['HELLO', 'wOrLd', 'one_1234'])).toEqual(['hello', 'world', 'one_1234']);
  });

  it('b64', () => {
    expect(transformB64('aGVsbG8=')).toBe('hello');
    expect(transformB64('d29ybGQgIQ==')).toBe('world !');
    expect(transformB64('')).toBe('');
  });

  it('basename', () => {
    expect(transformBasename('/home/ubuntu/hello.txt')).toBe('hello.txt');
    expect(transformBasename('/usr/local/bin/cat')).toBe('cat');
    expect(transformBasename('/')).toBe('');
    expect(transformBasename('/hello/')).toBe('');
    expect(transformBasename('hello')).toBe('hello');
    expect(transformBasename('')).toBe('');
  });

  it('len', () => {
    expect(transformLen('/home/ubuntu/hello.txt')).toBe(22);
    expect(transformLen('/')).toBe(1);
    expect(transformLen(['/hello'])).toBe(1);
    expect(transformLen([])).toBe(0);
    expect(transformLen([1n, 2n, 3n, 4n, 5n])).toBe(5);
  });

  it('len_transformer: fd.types, fd.name and a 6-byte buffer', () => {
    expect(transformLen(['file'])).toBe(1);
    expect(transformLen(['ipv4', 'file'])).toBe(2);
    expect(transformLen('/tmp/file_to_run')).toBe(16);
    expect(transformLen(new Uint8Array([1, 2, 3, 4, 5, 6]))).toBe(6);
  });

  it('basename_transformer: basename(fd.name) = file_to_run', () => {
    expect(transformBasename('/tmp/file_to_run')).toBe('file_to_run');
    expect(transformBasename('/tmp/file_to_run')).not.toBe('/tmp/file_to_run');
  });
});

describe('single-argument transformers: supported types (check_unsupported_types)', () => {
  const supported: Record<string, { scalar: string[]; list: string[] | 'all' }> = {
    toupper: { scalar: ['PT_CHARBUF', 'PT_FSPATH', 'PT_FSRELPATH'], list: ['PT_CHARBUF', 'PT_FSPATH', 'PT_FSRELPATH'] },
    tolower: { scalar: ['PT_CHARBUF', 'PT_FSPATH', 'PT_FSRELPATH'], list: ['PT_CHARBUF', 'PT_FSPATH', 'PT_FSRELPATH'] },
    basename: { scalar: ['PT_CHARBUF', 'PT_FSPATH', 'PT_FSRELPATH'], list: ['PT_CHARBUF', 'PT_FSPATH', 'PT_FSRELPATH'] },
    // the unit test's set names FSPATH/FSRELPATH too, but only checks that other types fail; the code
    // (sinsp_filter_transformer_base64.cpp) accepts CHARBUF and BYTEBUF only
    b64: { scalar: ['PT_CHARBUF', 'PT_BYTEBUF'], list: ['PT_CHARBUF', 'PT_BYTEBUF'] },
    len: { scalar: ['PT_CHARBUF', 'PT_FSPATH', 'PT_FSRELPATH', 'PT_BYTEBUF'], list: 'all' },
  };
  for (const [name, s] of Object.entries(supported)) {
    it(name, () => {
      for (const t of ALL_TYPES) {
        for (const isList of [false, true]) {
          const r = checkTransformer(name, [fld('x.y', t, isList)]);
          const want = isList ? s.list === 'all' || s.list.includes(t) : s.scalar.includes(t);
          expect('error' in r, `${name} on ${isList ? 'list ' : ''}${t}`).toBe(!want);
          if (!('error' in r)) {
            if (name === 'len') expect([r.type, r.isList]).toEqual(['PT_UINT64', false]);
            else expect([r.type, r.isList]).toEqual([t, isList]);
          }
        }
      }
    });
  }
});

describe('join (multivalue_transformer_join)', () => {
  const cases: Array<[string, Node, Op, string, boolean]> = [
    ['join(fd.name, (fd.name,fd.directory))', T('join', F('fd.name'), L(F('fd.name'), F('fd.directory'))), '=', '/tmp/file_to_run/tmp/file_to_run/tmp', true],
    ['join("-", (fd.name,fd.directory))', T('join', '-', L(F('fd.name'), F('fd.directory'))), '=', '/tmp/file_to_run-/tmp', true],
    ['join("-", ("aaa","bbb"))', T('join', '-', L('aaa', 'bbb')), '=', 'aaa-bbb', true],
    ['join("->", ("aaa","bbb"))', T('join', '->', L('aaa', 'bbb')), '=', 'aaa->bbb', true],
    ['join("->", ("aaa"))', T('join', '->', L('aaa')), '=', 'aaa', true],
    ['join("->", (fd.name, "aaa"))', T('join', '->', L(F('fd.name'), 'aaa')), '=', '/tmp/file_to_run->aaa', true],
    ['join("->", (fd.name, "aaa", fd.directory))', T('join', '->', L(F('fd.name'), 'aaa', F('fd.directory'))), '=', '/tmp/file_to_run->aaa->/tmp', true],
    ['join("->", (toupper(fd.name), "aaa"))', T('join', '->', L(T('toupper', F('fd.name')), 'aaa')), '=', '/TMP/FILE_TO_RUN->aaa', true],
    ['join("->", ( "aaa", toupper(fd.name)))', T('join', '->', L('aaa', T('toupper', F('fd.name')))), '=', 'aaa->/TMP/FILE_TO_RUN', true],
    [
      'join("-", (fd.directory, join("->", ( "aaa", toupper(fd.name)))))',
      T('join', '-', L(F('fd.directory'), T('join', '->', L('aaa', T('toupper', F('fd.name')))))),
      '=',
      '/tmp-aaa->/TMP/FILE_TO_RUN',
      true,
    ],
    ['join(",", ("aaa","bbb"))', T('join', ',', L('aaa', 'bbb')), '=', 'aaa,bbb', true],
    ['join(",", ("aaa","bbb"))', T('join', ',', L('aaa', 'bbb')), '=', 'aaa-bbb', false],
    ['join(",", (evt.num, evt.num))', T('join', ',', L(F('evt.num'), F('evt.num'))), '=', '1,1', true],
    ['join(",", ())', T('join', ',', L()), '=', '', true],
    ['join(",", ())', T('join', ',', L()), '=', ',', false],
  ];
  for (const [text, node, op, rhs, want] of cases) {
    it(`${text} ${op} ${JSON.stringify(rhs)} is ${want}`, () => expect(compare(evalNode(node), op, rhs)).toBe(want));
  }

  it('compile errors', () => {
    expect(checkTransformer('join', [val()])).toEqual({ error: "unknown field transfomer 'join'" });
    expect(checkTransformer('join', [val(), val(), val()])).toEqual({ error: 'join() requires exactly 2 arguments: separator and list' });
    expect(checkTransformer('join', [FD_TYPES, lst(val(), val())])).toEqual({
      error: 'join() first argument (separator) must be a single value, not a list',
    });
    expect(checkTransformer('join', [lst(val(), val()), lst(val(), val())])).toEqual({
      error: 'join() first argument (separator) must be a single value, not a list',
    });
    // upstream refuses join(("a", "b"), "a"); our field-first extension accepts it (see below)
    expect(checkTransformer('join', [lst(val(), val()), val()], undefined, { fieldFirstJoin: false })).toEqual({
      error: 'join() first argument (separator) must be a single value, not a list',
    });
    expect(checkTransformer('join', [val(), val()])).toEqual({ error: 'join() second argument must be a list' });
    expect(checkTransformer('join', [val(), lst(val())], 'x')).toEqual({ error: "transformer 'join' does not support field arguments" });
  });

  it('result and argument types (multivalue_transformer.argument_types/result_type)', () => {
    const r = okOf(checkTransformer('join', [val(), lst(val(), val(), val())]));
    expect([r.type, r.isList]).toEqual(['PT_CHARBUF', false]);
    expect(r.reordered).toBeUndefined();
    expect(r.warnings).toBeUndefined();
    // the separator may be a field
    expect(okOf(checkTransformer('join', [FD_NAME, lst(FD_NAME, FD_DIRECTORY)])).type).toBe('PT_CHARBUF');
    // a list-valued field is a list
    expect(okOf(checkTransformer('join', [val(), FD_TYPES])).type).toBe('PT_CHARBUF');
  });

  it('upstream looks at base field info: a nested getopt() is not a list to join', () => {
    const g = tr('getopt', [lst(val()), val()]);
    expect(g.isList).toBe(true);
    expect(checkTransformer('join', [val(), g])).toEqual({ error: 'join() second argument must be a list' });
    // while len() of a list field still counts as a list for join's separator check
    expect(checkTransformer('join', [tr('len', [FD_TYPES]), lst(val())])).toEqual({
      error: 'join() first argument (separator) must be a single value, not a list',
    });
  });

  it('warnings for accepted but surprising calls', () => {
    const w1 = okOf(checkTransformer('join', [tr('toupper', [FD_NAME]), lst(val(), val())])).warnings ?? [];
    expect(w1.join('\n')).toMatch(/terminating NUL/);
    const w2 = okOf(checkTransformer('join', [val(), lst(tr('len', [FD_NAME]), fld('evt.is_wait', 'PT_BOOL'), EVT_NUM)])).warnings ?? [];
    expect(w2).toHaveLength(2); // len() and the BOOL item; evt.num (UINT64) is printed in decimal
  });
});

describe('join field-first extension (spec README §3)', () => {
  const lineage = fld('proc.lineage', 'PT_CHARBUF', true);

  it('normalizeJoinArgs swaps list-first calls', () => {
    const sep = val();
    expect(normalizeJoinArgs([lineage, sep])).toEqual({ args: [sep, lineage], reordered: true });
    expect(normalizeJoinArgs([sep, lineage])).toEqual({ args: [sep, lineage], reordered: false });
    const l = lst(val(), val());
    expect(normalizeJoinArgs([l, sep])).toEqual({ args: [sep, l], reordered: true });
    // two scalars or two lists: unchanged (upstream's error follows)
    expect(normalizeJoinArgs([sep, sep]).reordered).toBe(false);
    expect(normalizeJoinArgs([l, l]).reordered).toBe(false);
    // upstream accepts the written order (base info): never swapped
    const weird = [tr('getopt', [lst(val()), val()]), tr('len', [FD_TYPES])];
    expect(normalizeJoinArgs(weird).reordered).toBe(false);
    expect(okOf(checkTransformer('join', weird)).reordered).toBeUndefined();
  });

  it('checkTransformer accepts join(proc.lineage, "->") and flags the reorder', () => {
    const r = okOf(checkTransformer('join', [lineage, val()]));
    expect(r).toMatchObject({ type: 'PT_CHARBUF', isList: false, reordered: true });
    expect(okOf(checkTransformer('join', [lst(val(), val()), val()])).reordered).toBe(true);
  });

  it('runtime accepts either order', () => {
    const anc = ['bash', 'python', 'sh'];
    expect(transformJoin(anc, '->')).toBe('bash->python->sh');
    expect(transformJoin('->', anc)).toBe('bash->python->sh');
    expect(applyTransformer('join', [anc, '->'])).toBe('bash->python->sh');
    expect(compare(applyTransformer('join', [anc, '->']), 'contains', 'bash->python')).toBe(true);
  });
});

describe('join / concat runtime details', () => {
  it('no value in, no value out', () => {
    expect(transformJoin(undefined, ['a'])).toBeUndefined();
    expect(transformJoin('-', undefined)).toBeUndefined();
    expect(transformConcat('a', undefined)).toBeUndefined();
    expect(transformConcat(undefined, 'a')).toBeUndefined();
  });
  it('items are C strings; numbers are printed', () => {
    expect(transformJoin('-', ['a\0b', 'c'])).toBe('a-c');
    expect(transformJoin(',', [1n, 2, -3n])).toBe('1,2,-3');
    expect(transformConcat('a\0x', 'b')).toBe('ab');
    expect(transformConcat(['x', 'y'], 'b')).toBe('xb');
    expect(transformConcat([], 'b')).toBeUndefined();
  });
});

describe('concat (multivalue_transformer_concat)', () => {
  const cases: Array<[string, Node, string, boolean]> = [
    ['concat(fd.name, fd.directory)', T('concat', F('fd.name'), F('fd.directory')), '/tmp/file_to_run/tmp', true],
    ['concat("aaa", "bbb")', T('concat', 'aaa', 'bbb'), 'aaabbb', true],
    ['concat("aaa", "bbb", "ccc")', T('concat', 'aaa', 'bbb', 'ccc'), 'aaabbbccc', true],
    ['concat(fd.name, "aaa")', T('concat', F('fd.name'), 'aaa'), '/tmp/file_to_runaaa', true],
    ['concat(fd.name, "aaa", fd.directory)', T('concat', F('fd.name'), 'aaa', F('fd.directory')), '/tmp/file_to_runaaa/tmp', true],
    ['concat(toupper(fd.name), "aaa")', T('concat', T('toupper', F('fd.name')), 'aaa'), '/TMP/FILE_TO_RUNaaa', true],
    ['concat("aaa", toupper(fd.name))', T('concat', 'aaa', T('toupper', F('fd.name'))), 'aaa/TMP/FILE_TO_RUN', true],
    [
      'concat(fd.directory, concat("aaa", toupper(fd.name)))',
      T('concat', F('fd.directory'), T('concat', 'aaa', T('toupper', F('fd.name')))),
      '/tmpaaa/TMP/FILE_TO_RUN',
      true,
    ],
    ['concat("aaa", "bbb")', T('concat', 'aaa', 'bbb'), 'aaa-bbb', false],
  ];
  for (const [text, node, rhs, want] of cases) {
    it(`${text} = ${rhs} is ${want}`, () => expect(compare(evalNode(node), '=', rhs)).toBe(want));
  }

  it('compile errors', () => {
    expect(checkTransformer('concat', [val()])).toEqual({ error: "unknown field transfomer 'concat'" });
    expect(checkTransformer('concat', [])).toEqual({ error: 'concat() requires at least 2 arguments' });
    expect(checkTransformer('concat', [FD_TYPES, val()])).toEqual({ error: 'concat() arguments must be strings' });
    expect(checkTransformer('concat', [lst(val(), val()), val()])).toEqual({ error: 'concat() arguments must be strings' });
    expect(checkTransformer('concat', [val(), lst(val(), val())])).toEqual({ error: 'concat() arguments must be strings' });
    expect(checkTransformer('concat', [lst(val(), val()), lst(val(), val())])).toEqual({ error: 'concat() arguments must be strings' });
    // only exactly CHARBUF passes: paths and numbers are refused
    expect(checkTransformer('concat', [fld('x.path', 'PT_FSPATH'), val()])).toEqual({ error: 'concat() arguments must be strings' });
    expect(checkTransformer('concat', [EVT_NUM, val()])).toEqual({ error: 'concat() arguments must be strings' });
    expect(checkTransformer('concat', [val(), val()], 'x')).toEqual({ error: "transformer 'concat' does not support field arguments" });
  });

  it('result and argument types', () => {
    const r = okOf(checkTransformer('concat', [val(), val(), val()]));
    expect([r.type, r.isList]).toEqual(['PT_CHARBUF', false]);
  });

  it('base field info: concat(len(fd.name), ...) passes with a warning', () => {
    const r = okOf(checkTransformer('concat', [tr('len', [FD_NAME]), val()]));
    expect(r.warnings?.[0]).toMatch(/argument 1 is UINT64/);
  });
});

describe('outer transformers on multivalue results (multivalue_transformer_with_outer_transformer)', () => {
  const J = T('join', '-', L(F('fd.name'), F('fd.directory')));
  const C = T('concat', F('fd.name'), F('fd.directory'));
  const cases: Array<[string, Node, Op, string | number, boolean]> = [
    ['toupper(join("-", (fd.name, fd.directory)))', T('toupper', J), '=', '/TMP/FILE_TO_RUN-/TMP', true],
    ['toupper(join("-", ("aaa", "bbb")))', T('toupper', T('join', '-', L('aaa', 'bbb'))), '=', 'AAA-BBB', true],
    ['tolower(join("-", (fd.name, fd.directory)))', T('tolower', J), '=', '/tmp/file_to_run-/tmp', true],
    ['tolower(join("-", ("AAA", "BBB")))', T('tolower', T('join', '-', L('AAA', 'BBB'))), '=', 'aaa-bbb', true],
    ['len(join("-", (fd.name, fd.directory)))', T('len', J), '=', 21, true],
    ['len(join("-", ("aaa", "bbb")))', T('len', T('join', '-', L('aaa', 'bbb'))), '=', 7, true],
    ['join("-", ("aaa", "bbb"))', T('join', '-', L('aaa', 'bbb')), '=', 'aaa-bbb', true],
    ['b64(join("W", ("YWFhL", "JiYg")))', T('b64', T('join', 'W', L('YWFhL', 'JiYg'))), '=', 'aaa-bbb', true],
    ['toupper(tolower(join("-", (fd.name, fd.directory))))', T('toupper', T('tolower', J)), '=', '/TMP/FILE_TO_RUN-/TMP', true],
    ['toupper(join(...)) contains /TMP', T('toupper', J), 'contains', '/TMP', true],
    ['toupper(join(...)) startswith /TMP', T('toupper', J), 'startswith', '/TMP', true],
    ['len(join(...)) > 20', T('len', J), '>', 20, true],
    ['len(join(...)) >= 21', T('len', J), '>=', 21, true],
    ['len(join(...)) < 22', T('len', J), '<', 22, true],
    ['toupper(concat(fd.name, fd.directory))', T('toupper', C), '=', '/TMP/FILE_TO_RUN/TMP', true],
    ['toupper(concat("aaa", "bbb"))', T('toupper', T('concat', 'aaa', 'bbb')), '=', 'AAABBB', true],
    ['tolower(concat(fd.name, fd.directory))', T('tolower', C), '=', '/tmp/file_to_run/tmp', true],
    ['tolower(concat("AAA", "BBB"))', T('tolower', T('concat', 'AAA', 'BBB')), '=', 'aaabbb', true],
    ['len(concat(fd.name, fd.directory))', T('len', C), '=', 20, true],
    ['len(concat("aaa", "bbb"))', T('len', T('concat', 'aaa', 'bbb')), '=', 6, true],
    ['b64(concat("YWFh", "YmJi"))', T('b64', T('concat', 'YWFh', 'YmJi')), '=', 'aaabbb', true],
    ['toupper(tolower(concat(fd.name, fd.directory)))', T('toupper', T('tolower', C)), '=', '/TMP/FILE_TO_RUN/TMP', true],
    ['toupper(concat(...)) contains /TMP', T('toupper', C), 'contains', '/TMP', true],
    ['toupper(concat(...)) startswith /TMP', T('toupper', C), 'startswith', '/TMP', true],
    ['len(concat(...)) > 19', T('len', C), '>', 19, true],
    ['len(concat(...)) >= 20', T('len', C), '>=', 20, true],
    ['len(concat(...)) < 21', T('len', C), '<', 21, true],
  ];
  for (const [text, node, op, rhs, want] of cases) {
    it(`${text} ${op} ${rhs} is ${want}`, () => expect(compare(evalNode(node), op, rhs)).toBe(want));
  }

  it('outer transformers type-check on the multivalue result', () => {
    const j = tr('join', [val(), lst(FD_NAME, FD_DIRECTORY)]);
    expect(okOf(checkTransformer('toupper', [j])).type).toBe('PT_CHARBUF');
    expect(okOf(checkTransformer('len', [j])).type).toBe('PT_UINT64');
    expect(okOf(checkTransformer('b64', [j])).type).toBe('PT_CHARBUF');
    const g = tr('getopt', [lst(val()), val()]);
    expect(okOf(checkTransformer('toupper', [g]))).toMatchObject({ type: 'PT_CHARBUF', isList: true });
    const lenG = okOf(checkTransformer('len', [g]));
    expect(lenG).toMatchObject({ type: 'PT_UINT64', isList: false });
    expect(lenG.warnings?.[0]).toMatch(/first item/);
    // a multivalue result is the internal field "NA" in messages
    expect(checkTransformer('len', [tr('len', [j])])).toEqual({
      error: "can't add field transformer: type 'UINT64' is not supported by 'len' transformer applied on field 'NA'",
    });
  });
});

describe('getopt (multivalue_transformer_getopt)', () => {
  // [argv, optstring, rhs list of `intersects`, expected]
  const listCases: Array<[string[], string, string[], boolean]> = [
    [['-n', ''], 'n', ['n'], true],
    [['-t', 'hello'], 't:', ['t', 'hello'], true],
    [['-nt', 'hello'], 'nt:', ['n', 't', 'hello'], true],
    [['-thello'], 't:', ['t', 'hello'], true],
    [['-n', '-t', 'hello'], 'nt:', ['n', 't', 'hello'], true],
    [['-n'], 'n', ['t'], false],
    [['-n', '--', '-t'], 'nt:', ['n'], true],
    [['-n', '--', '-t'], 'nt:', ['t'], false],
    [['-x', '-n'], 'n', ['?', 'n'], true],
    [['-x', '-n'], 'n', ['x'], false],
    [['-l', '-p', '8080', '-e', '/bin/sh'], 'lp:e:', ['l', 'p', 'e', '8080', '/bin/sh'], true],
    [['-lpe', '/bin/sh'], 'lp:e:', ['l', 'p', 'e'], true],
    [['-lpe', '/bin/sh'], 'lpe:', ['/bin/sh'], true],
    [['-n', '-t'], '', ['n'], false],
    [['-n', '-t'], '', ['t'], false],
    [[''], 'n', ['n'], false],
    [['arg1', 'arg2', 'arg3'], 'n', ['n'], false],
    [['arg1', '-n', 'arg2'], 'n', ['n'], false],
    [['-', '-n'], 'n', ['n'], false],
    [['-'], 'n', ['n'], false],
    [['-t'], 't:', [''], true],
    [['-t'], 't:', ['?'], false],
    [['-t'], 't:', ['t'], false],
    [['-t'], ':t:', [''], true],
    [['-t'], ':t:', [':'], false],
    [['-n', '--', '--'], 'n', ['n'], true],
    [['--', '-n'], 'n', ['n'], false],
    [['-nat', 'hello'], 'na:t', ['n', 'a', 't'], true],
    [['-abcvalue'], 'abc:', ['a', 'b', 'c', 'value'], true],
    [['-abc', 'value'], 'abc:', ['a', 'b', 'c', 'value'], true],
    [['-n', '-n', '-n'], 'n', ['n'], true],
    [['-v', '-v', '-v'], 'v', ['v'], true],
    [['-t', 'val1', '-t', 'val2'], 't:', ['t', 'val1', 'val2'], true],
    [['-p', '8080'], 'p:', ['p', '8080'], true],
    [['-p8080'], 'p:', ['p', '8080'], true],
    [['-n', '42'], 'n:', ['n', '42'], true],
    [['-t', '-123'], 't:', ['t', '-123'], true],
    [['-f', '/etc/passwd'], 'f:', ['f', '/etc/passwd'], true],
    [['-f', './relative/path'], 'f:', ['f', './relative/path'], true],
    [['-u', 'http://example.com:8080/path'], 'u:', ['u', 'http://example.com:8080/path'], true],
    [['-t', ''], 't:', ['t', ''], true],
    [['-p', '22', '-i', 'keyfile', 'user@host'], 'p:i:', ['p', '22', 'i', 'keyfile'], true],
    [['-xzf', 'file.tar.gz'], 'xzf:', ['x', 'z', 'f', 'file.tar.gz'], true],
    [['-X', 'POST', '-H', 'header', '-d', 'data', 'url'], 'X:H:d:', ['X', 'POST', 'H', 'header', 'd', 'data'], true],
    [['-e', '/bin/sh', 'attacker.com', '4444'], 'e:', ['e', '/bin/sh'], true],
    [['-rn', 'pattern', '/path'], 'rn', ['r', 'n'], true],
    [['-it', '-p', '8080:80', '-v', '/host:/container', 'image'], 'itp:v:', ['i', 't', 'p', '8080:80', 'v', '/host:/container'], true],
    [['-a', '1', '-b', '2', '-c', '3'], 'a:b:c:', ['a', '1', 'b', '2', 'c', '3'], true],
    [['-abc'], 'abc', ['a', 'b', 'c'], true],
    [['-a', 'val', '-b'], 'a:b', ['a', 'val', 'b'], true],
    [['-abcdefg'], 'abcdefg', ['a', 'b', 'c', 'd', 'e', 'f', 'g'], true],
    [['-1', '-2', '-3'], '123', ['1', '2', '3'], true],
    [['-a1b2c3'], 'a1b2c3', ['a', '1', 'b', '2', 'c', '3'], true],
    [['regular_file', '-f', 'another_file'], 'f:', ['f', 'another_file'], false],
    [['-f', 'another_file', 'regular_file'], 'f:', ['f', 'another_file'], true],
    [['-t', ' '], 't:', ['t', ' '], true],
    [['', '-n', ''], 'n', ['n'], false],
    [['-@', '-+'], '@+', ['@', '+'], true],
    [['-nx'], 'n', ['n', '?'], true],
    [['--exec'], 'e:', ['?'], false],
    [['--exec'], 'e:', ['e'], false],
    [['--exec', '-n'], 'n', ['n'], true],
    [['-n', 'file', '-t'], 'nt', ['n'], true],
    [['-n', 'file', '-t'], 'nt', ['t'], false],
    [['-abcdefghijklmnopqrstuvwxyz'], 'abcdefghijklmnopqrstuvwxyz', ['a', 'b', 'c', 'z'], true],
    [['-a', '-b', '-c', '-d', '-e', '-f'], 'abcdef', ['a', 'b', 'c', 'd', 'e', 'f'], true],
    [
      ['-t', 'this_is_a_very_long_argument_value_that_might_test_buffer_handling'],
      't:',
      ['t', 'this_is_a_very_long_argument_value_that_might_test_buffer_handling'],
      true,
    ],
  ];
  for (const [argv, optstring, rhs, want] of listCases) {
    it(`getopt(${JSON.stringify(argv)}, ${JSON.stringify(optstring)}) intersects ${JSON.stringify(rhs)} is ${want}`, () => {
      expect(compare(transformGetopt(argv, optstring), 'intersects', rhs)).toBe(want);
    });
  }

  // [argv, optstring, selector, op, rhs, expected]
  const selectorCases: Array<[string[], string, string, '=' | '!=', string, boolean]> = [
    [['-n', '-t', 'hello'], 'nt:', 't', '=', 'hello', true],
    [['-n', '-t', 'hello'], 'nt:', 't', '=', 'n', false],
    [['-n', '-t', 'hello'], 'nt:', 'n', '=', 'n', true],
    [['-t', 'v1', '-t', 'v2'], 't:', 't', '=', 'v2', true],
    [['-t?'], 't:', 't', '=', '?', true],
    [['-t:'], ':t:', 't', '=', ':', true],
    [['-t'], 't:', 't', '!=', '', false],
    [['-t'], 't:', 't', '=', '', true],
    [['-t'], 't:', 't', '=', '?', false],
    [['-t'], ':t:', 't', '=', ':', false],
    [['-n'], 'nt:', 't', '!=', '', false],
    [['-t', 'v1', '-t'], 't:', 't', '=', 'v1', false],
    [['-t', 'v1', '-t'], 't:', 't', '=', '', true],
  ];
  for (const [argv, optstring, sel, op, rhs, want] of selectorCases) {
    it(`getopt(${JSON.stringify(argv)}, ${JSON.stringify(optstring)})[${sel}] ${op} ${JSON.stringify(rhs)} is ${want}`, () => {
      expect(compare(applyTransformer('getopt', [argv, optstring], sel), op, rhs)).toBe(want);
    });
  }

  it('exact outputs (list mode)', () => {
    expect(transformGetopt(['-nt', 'hello'], 'nt:')).toEqual(['n', 't', 'hello']);
    expect(transformGetopt(['-lpe', '/bin/sh'], 'lp:e:')).toEqual(['l', 'p', 'e']);
    expect(transformGetopt(['-lpe', '/bin/sh'], 'lpe:')).toEqual(['l', 'p', 'e', '/bin/sh']);
    expect(transformGetopt(['-x', '-n'], 'n')).toEqual(['?', 'n']);
    expect(transformGetopt(['-t'], 't:')).toEqual(['']); // missing argument: "" instead of "t"
    expect(transformGetopt(['-n', '-t'], 'nt:')).toEqual(['n', '']);
    expect(transformGetopt(['-t', '-n'], 't:n')).toEqual(['t', '-n']); // next token taken even if it starts with "-"
    expect(transformGetopt(['-o', 'out', 'file', '-v'], 'o:v')).toEqual(['o', 'out']); // stops at first non-option
    expect(transformGetopt(['-n', '-', '-t'], 'nt')).toEqual(['n']); // "-" alone stops
    expect(transformGetopt(['---', '-n'], 'n')).toEqual(['n']); // "--x" forms are skipped as long options
    expect(transformGetopt(['-a:b'], 'ab')).toEqual(['a', '?', 'b']); // ":" is never an option
    expect(transformGetopt(['-a', 'x'], 'a::')).toEqual(['a', 'x']); // "::" treated like ":"
    expect(transformGetopt(['-:'], ':')).toEqual(['?']);
    expect(transformGetopt([], 'n')).toEqual([]);
    expect(transformGetopt(['-n', 'a', 'b'], 'n')).toEqual(['n']);
  });

  it('no value', () => {
    expect(transformGetopt(undefined, 'n')).toBeUndefined();
    expect(transformGetopt(['-n'], undefined)).toBeUndefined();
    expect(transformGetopt(['-n'], 'nt:', 't')).toBeUndefined(); // option absent in selector mode
    expect(transformGetopt(['-x'], 'x', 'y')).toBeUndefined();
  });

  it('selector mode', () => {
    expect(transformGetopt(['-v', '-v'], 'v', 'v')).toBe('v');
    expect(transformGetopt(['-ofile'], 'o:', 'o')).toBe('file');
    expect(transformGetopt(['-o', 'file'], 'o:', 'o')).toBe('file');
    expect(transformGetopt(['-vofile'], 'vo:', 'v')).toBe('v');
    expect(() => transformGetopt(['-n'], 'n', '')).toThrow('getopt() field argument must be a single option character');
  });

  it('parseOptstring', () => {
    const s = parseOptstring(':ab:c::d');
    expect(s.leadingColon).toBe(true);
    expect([...s.options].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...s.withArgument].sort()).toEqual(['b', 'c']);
    expect(parseOptstring('').options.size).toBe(0);
  });

  it('non-ASCII bytes are single option bytes, as upstream scans bytes', () => {
    expect(transformGetopt(['-é'], 'n')).toEqual(['?', '?']);
    expect(transformGetopt(['-t', 'café'], 't:')).toEqual(['t', 'café']);
    expect(transformGetopt(['-tcafé'], 't:', 't')).toBe('café');
  });

  it('compile errors', () => {
    expect(checkTransformer('getopt', [lst(val())])).toEqual({ error: "unknown field transfomer 'getopt'" });
    expect(checkTransformer('getopt', [lst(val()), val(), val()])).toEqual({
      error: 'getopt() requires exactly 2 arguments: args list and optstring',
    });
    expect(checkTransformer('getopt', [val(), val()])).toEqual({ error: 'getopt() first argument must be a list' });
    expect(checkTransformer('getopt', [lst(val()), lst(val())])).toEqual({
      error: 'getopt() second argument (optstring) must be a single value',
    });
    expect(checkTransformer('getopt', [lst(val()), val()], '')).toEqual({
      error: 'getopt() field argument must be a single option character',
    });
    expect(checkTransformer('getopt', [lst(val()), val()], 'ab')).toEqual({
      error: 'getopt() field argument must be a single option character',
    });
    expect(checkTransformer('getopt', [lst(val()), val()], 'é')).toEqual({
      error: 'getopt() field argument must be a single option character',
    });
    // proc.args is a single string upstream, not a list
    expect(checkTransformer('getopt', [PROC_ARGS, val()])).toEqual({ error: 'getopt() first argument must be a list' });
    expect(checkTransformer('getopt', [fld('x.l', 'PT_UINT64', true), val()])).toEqual({ error: 'getopt() arguments must be strings' });
    expect(checkTransformer('getopt', [FD_TYPES, EVT_NUM])).toEqual({ error: 'getopt() arguments must be strings' });
  });

  it('result types (multivalue_transformer_getopt.result_type)', () => {
    expect(okOf(checkTransformer('getopt', [lst(val(), val(), val()), val()]))).toMatchObject({ type: 'PT_CHARBUF', isList: true });
    expect(okOf(checkTransformer('getopt', [lst(val()), val()], 't'))).toMatchObject({ type: 'PT_CHARBUF', isList: false });
    expect(okOf(checkTransformer('getopt', [FD_TYPES, FD_NAME])).isList).toBe(true);
  });
});

describe('single-argument transformer compile errors (filter_compiler.ut.cpp)', () => {
  it('field argument', () => {
    expect(checkTransformer('toupper', [FD_NAME], 'x')).toEqual({
      error: "filter error: transformer 'toupper' does not support field arguments",
    });
    expect(checkTransformer('val', [fld('proc.name', 'PT_CHARBUF')], 'x')).toEqual({
      error: "filter error: transformer 'val' does not support field arguments",
    });
  });
  it('wrong input type', () => {
    for (const name of ['toupper', 'tolower', 'b64']) {
      expect(checkTransformer(name, [EVT_RAWRES])).toEqual({
        error: `can't add field transformer: type 'INT64' is not supported by '${name}' transformer applied on field 'evt.rawres'`,
      });
    }
    expect(checkTransformer('basename', [fld('fd.types', 'PT_UINT64', true)])).toEqual({
      error: "can't add field transformer: type 'UINT64' is not supported by 'basename' transformer applied on list field 'fd.types'",
    });
    expect(checkTransformer('b64', [fld('x.path', 'PT_FSPATH')])).toEqual({
      error: "can't add field transformer: type 'FSPATH' is not supported by 'b64' transformer applied on field 'x.path'",
    });
    // nested: the type after the inner transformer counts, the base field names the message
    expect(checkTransformer('toupper', [tr('len', [FD_NAME])])).toEqual({
      error: "can't add field transformer: type 'UINT64' is not supported by 'toupper' transformer applied on field 'fd.name'",
    });
  });
  it('fields that refuse transformers', () => {
    expect(checkTransformer('toupper', [EVT_RAWARG])).toEqual({ error: "field 'evt.rawarg' does not support transformers" });
    expect(checkTransformer('len', [PROC_ANAME])).toEqual({ error: "field 'proc.aname' does not support transformers" });
    // only single-argument transformers check the flag
    expect('error' in checkTransformer('join', [val(), lst(PROC_ANAME, FD_NAME)])).toBe(false);
    expect('error' in checkTransformer('concat', [PROC_ANAME, FD_NAME])).toBe(false);
  });
  it('arity and names', () => {
    expect(checkTransformer('tolower', [FD_NAME, FD_NAME])).toEqual({ error: 'unknown multivalue transformer' });
    expect(checkTransformer('tolower', [])).toEqual({ error: 'unknown multivalue transformer' });
    expect(checkTransformer('nope', [FD_NAME])).toEqual({ error: "unknown field transfomer 'nope'" });
    expect(checkTransformer('val', [val()])).toEqual({ error: "expected a field within 'val' transformer" });
    expect(checkTransformer('val', [FD_NAME, FD_NAME])).toEqual({ error: "expected a ')' token closing the transformer" });
  });
  it('values and transformer lists', () => {
    // a value argument is a CHARBUF string whatever it looks like (numbers included)
    expect(okOf(checkTransformer('len', [{ kind: 'value', type: 'PT_UINT64', isList: false }])).type).toBe('PT_UINT64');
    expect(okOf(checkTransformer('toupper', [{ kind: 'value', type: 'PT_UINT64', isList: false }])).type).toBe('PT_CHARBUF');
    // a transformer list is a CHARBUF list
    expect(okOf(checkTransformer('toupper', [lst(val(), val())]))).toMatchObject({ type: 'PT_CHARBUF', isList: true });
    expect(okOf(checkTransformer('len', [lst(val(), val())]))).toMatchObject({ type: 'PT_UINT64', isList: false });
  });
  it('val keeps the field type', () => {
    expect(okOf(checkTransformer('val', [FD_TYPES]))).toMatchObject({ type: 'PT_CHARBUF', isList: true });
    expect(okOf(checkTransformer('val', [EVT_NUM]))).toMatchObject({ type: 'PT_UINT64', isList: false });
  });
  it('len on buffers, b64 on buffers', () => {
    expect(okOf(checkTransformer('len', [EVT_BUFFER])).type).toBe('PT_UINT64');
    expect(okOf(checkTransformer('b64', [EVT_BUFFER])).type).toBe('PT_BYTEBUF');
  });
  it('type spellings', () => {
    expect(okOf(checkTransformer('toupper', [fld('container.name', 'string')])).type).toBe('PT_CHARBUF');
    expect(okOf(checkTransformer('toupper', [fld('x.y', 'CHARBUF')])).type).toBe('PT_CHARBUF');
    expect(normalizeFieldType('string (list)')).toBe('PT_CHARBUF');
    expect(paramTypeDisplayName('PT_DYN')).toBe('DYNAMIC');
    expect(paramTypeDisplayName('PT_IPV6ADDR')).toBe('<NA>');
  });
});

describe('basename edge cases (sinsp_filter_transformer_basename.cpp)', () => {
  const cases: Array<[string, string]> = [
    ['/a/b', 'b'],
    ['/a/b/', ''],
    ['a/b', 'b'],
    ['a/', ''],
    ['//', ''],
    ['/a//b', 'b'],
    ['.', '.'],
    ['..', '..'],
    ['/..', '..'],
    ['no_slash', 'no_slash'],
    ['/tmp/file\0\0', 'file'], // trailing NULs are dropped first
    ['C:\\dir\\file', 'C:\\dir\\file'], // only "/" separates
  ];
  for (const [input, want] of cases) {
    it(`basename(${JSON.stringify(input)}) = ${JSON.stringify(want)}`, () => expect(transformBasename(input)).toBe(want));
  }
  it('lists and no value', () => {
    expect(transformBasename(['/a/b', '/c/', 'd'])).toEqual(['b', '', 'd']);
    expect(transformBasename(undefined)).toBeUndefined();
    expect(transformBasename([])).toEqual([]);
  });
});

describe('b64 edge cases (libsinsp base64.h decodeWithoutPadding)', () => {
  const ok: Array<[string, string]> = [
    ['YQ', 'a'],
    ['YQ=', 'a'],
    ['YQ==', 'a'],
    ['YWE', 'aa'],
    ['YWE=', 'aa'],
    ['YWFh', 'aaa'],
    ['YWFh=', 'aaa'], // one or two trailing '=' are dropped whatever the length
    ['YWFh==', 'aaa'],
    ['Pz8/', '???'],
    ['Pj4+', '>>>'],
    ['w6k=', 'é'],
    ['YWFh\0', 'aaa'], // trailing NULs dropped first
    ['YQBi', 'a\0b'], // the decoded NUL is kept: C-string operators stop at it, set lookups (in, pmatch) do not
  ];
  for (const [input, want] of ok) {
    it(`b64(${JSON.stringify(input)}) = ${JSON.stringify(want)}`, () => expect(transformB64(input)).toBe(want));
  }
  const bad = ['=', '==', 'Y', 'YWFhY', 'YQ===', 'Y=Q=', 'YR==', 'YWF=', 'YW Fh', 'YW-h', 'YW_h', 'YWFh\n', 'éé', 'YWFh=a'];
  for (const input of bad) {
    it(`b64(${JSON.stringify(input)}) has no value`, () => expect(transformB64(input)).toBeUndefined());
  }
  it('a list fails as a whole', () => {
    expect(transformB64(['YQ==', 'YWE='])).toEqual(['a', 'aa']);
    expect(transformB64(['YQ==', '!'])).toBeUndefined();
  });
  it('bytes in, bytes out with the NUL upstream appends', () => {
    const enc = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
    expect(transformB64(enc('YWFh'))).toEqual(new Uint8Array([0x61, 0x61, 0x61, 0]));
    expect(transformB64(enc('YQA='))).toEqual(new Uint8Array([0x61, 0])); // already ends with NUL
    expect(transformB64(new Uint8Array(0))).toEqual(new Uint8Array([0]));
    expect(transformB64(enc('@@@@'))).toBeUndefined();
    expect(transformLen(transformB64(enc('YWFh')))).toBe(4);
  });
  it('decodeBase64 gives raw bytes', () => {
    expect(decodeBase64('AAEC/w==')).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
    expect(decodeBase64('A')).toBeUndefined();
  });
});

describe('tolower/toupper/len details', () => {
  it('ASCII only (C locale)', () => {
    expect(transformToupper('straße é ÿ')).toBe('STRAßE é ÿ');
    expect(transformTolower('ÀÉ ABC')).toBe('ÀÉ abc');
    expect(transformToupper('a\0\0')).toBe('A');
  });
  it('len counts UTF-8 bytes up to the first NUL', () => {
    expect(transformLen('é')).toBe(2);
    expect(transformLen('€')).toBe(3);
    expect(transformLen('😀')).toBe(4);
    expect(transformLen('ab\0cd')).toBe(2);
    expect(transformLen('')).toBe(0);
    expect(transformLen(undefined)).toBeUndefined();
    expect(utf8ByteLength('\ud800')).toBe(3);
  });
  it('wrong runtime kinds throw', () => {
    expect(() => transformToupper(5)).toThrow(TypeError);
    expect(() => transformBasename(new Uint8Array(1))).toThrow(TypeError);
    expect(() => transformLen(true)).toThrow(TypeError);
  });
});

describe('applyTransformer and transformerSignature', () => {
  it('dispatches', () => {
    expect(applyTransformer('val', ['x'])).toBe('x');
    expect(applyTransformer('len', [['a', 'b']])).toBe(2);
    expect(applyTransformer('concat', ['a', 'b', 'c'])).toBe('abc');
    expect(applyTransformer('getopt', [['-n'], 'n'])).toEqual(['n']);
    expect(() => applyTransformer('tolower', ['a', 'b'])).toThrow();
    expect(() => applyTransformer('join', ['a'])).toThrow('join() requires exactly 2 arguments: separator and list');
    expect(() => applyTransformer('nope', ['a'])).toThrow("unknown field transfomer 'nope'");
  });
  it('signatures', () => {
    for (const n of ['tolower', 'toupper', 'b64', 'basename', 'len']) {
      expect(transformerSignature(n)).toMatchObject({ kind: 'single', minArgs: 1, maxArgs: 1, fieldArg: false });
    }
    expect(transformerSignature('join')).toMatchObject({ minArgs: 2, maxArgs: 2, fieldArg: false, result: { type: 'PT_CHARBUF', isList: false } });
    expect(transformerSignature('concat')).toMatchObject({ minArgs: 2, maxArgs: Infinity, fieldArg: false });
    expect(transformerSignature('getopt')).toMatchObject({ minArgs: 2, maxArgs: 2, fieldArg: true, result: { isList: true } });
    expect(transformerSignature('val')?.kind).toBe('identity');
    expect(transformerSignature('len')?.result).toEqual({ type: 'PT_UINT64', isList: false });
    expect(transformerSignature('storage')).toBeUndefined();
    expect(transformerSignature('toString')).toBeUndefined();
  });
});
