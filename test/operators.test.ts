/**
 * Operator semantics conformance: upstream libsinsp cases (transcribed as data from falcosecurity/libs
 * `userspace/libsinsp/test/filter_op_*.ut.cpp`, `filter_compiler.ut.cpp`, `prefix_search.ut.cpp`,
 * `test/filterchecks/cmp_operator_modifiers.cpp`, `invalid_utf8.cpp`, `mock.cpp`), the shared glob and regex
 * conformance files, and property tests.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCheck, compareStrings, makeComparator, type Comparator } from '../src/eval/compare.js';
import { compileGlob, globMatch } from '../src/values/glob.js';
import { buildPathPrefixSet } from '../src/values/pmatch.js';
import { compileRegex, regexError } from '../src/values/regex.js';
import { checkOperator, fieldTypeFromName, type FieldType } from '../src/language/types.js';
import {
  bytesToString, parseConstant, parseIPv6, scanInteger, stringToBytes, toComparable, utf8Length,
  type Constant, type EventValue,
} from '../src/values/constants.js';

/** Builds a comparator from texts, failing the test on a compile error. */
function check(op: string, type: FieldType, values: (string | Uint8Array)[], isList = false): Comparator {
  const c = compileCheck(op, undefined, type, isList, values);
  if ('error' in c) throw new Error(`unexpected compile error for ${op} ${JSON.stringify(values)}: ${c.error}`);
  return c;
}

function compileError(op: string, type: FieldType, values: (string | Uint8Array)[], isList = false): string | undefined {
  const c = compileCheck(op, undefined, type, isList, values);
  return 'error' in c ? c.error : undefined;
}

const bytes = (...b: number[]) => Uint8Array.from(b);

// ---------------------------------------------------------------------------------------------------------------
// filter_compiler.ut.cpp: supported_operators (c.buffer) and operators_field_types_compatibility.
// [type after transformers, operator (with modifier), RHS values, compiles upstream]
const COMPILE_MATRIX: [FieldType, string, string[], boolean][] = [
  ["BYTEBUF", "bcontains", ["12ab001fc5"], true], // c.buffer bcontains 12ab001fc5
  ["BYTEBUF", "bstartswith", ["48545450"], true], // c.buffer bstartswith 48545450
  ["BYTEBUF", "bstartswith", ["g"], false], // c.buffer bstartswith g
  ["BYTEBUF", "bstartswith", ["123Z"], false], // c.buffer bstartswith 123Z
  ["BYTEBUF", "bstartswith", ["abc_1"], false], // c.buffer bstartswith abc_1
  ["ABSTIME", "exists", [], true], // evt.rawtime exists
  ["ABSTIME", "=", ["1"], true], // evt.rawtime = 1
  ["ABSTIME", "!=", ["1"], true], // evt.rawtime != 1
  ["ABSTIME", "<", ["1"], true], // evt.rawtime < 1
  ["ABSTIME", "<=", ["1"], true], // evt.rawtime <= 1
  ["ABSTIME", ">", ["1"], true], // evt.rawtime > 1
  ["ABSTIME", ">=", ["1"], true], // evt.rawtime >= 1
  ["ABSTIME", "contains", ["1"], false], // evt.rawtime contains 1
  ["ABSTIME", "in", ["1"], true], // evt.rawtime in (1)
  ["ABSTIME", "intersects", ["1"], true], // evt.rawtime intersects (1)
  ["ABSTIME", "icontains", ["1"], false], // evt.rawtime icontains 1
  ["ABSTIME", "startswith", ["1"], false], // evt.rawtime startswith 1
  ["ABSTIME", "glob", ["1"], false], // evt.rawtime glob 1
  ["ABSTIME", "pmatch", ["1"], false], // evt.rawtime pmatch (1)
  ["ABSTIME", "endswith", ["1"], false], // evt.rawtime endswith 1
  ["ABSTIME", "bcontains", ["303000"], false], // evt.rawtime bcontains 303000
  ["ABSTIME", "bstartswith", ["303000"], false], // evt.rawtime bstartswith 303000
  ["ABSTIME", "iglob", ["1"], false], // evt.rawtime iglob 1
  ["ABSTIME", "regex", ["1"], false], // evt.rawtime regex '1'
  ["BOOL", "exists", [], true], // evt.is_io exists
  ["BOOL", "=", ["true"], true], // evt.is_io = true
  ["BOOL", "!=", ["true"], true], // evt.is_io != true
  ["BOOL", "<", ["true"], false], // evt.is_io < true
  ["BOOL", "<=", ["true"], false], // evt.is_io <= true
  ["BOOL", ">", ["true"], false], // evt.is_io > true
  ["BOOL", ">=", ["true"], false], // evt.is_io >= true
  ["BOOL", "contains", ["true"], false], // evt.is_io contains true
  ["BOOL", "in", ["true"], true], // evt.is_io in (true)
  ["BOOL", "intersects", ["true"], true], // evt.is_io intersects (true)
  ["BOOL", "icontains", ["true"], false], // evt.is_io icontains true
  ["BOOL", "startswith", ["true"], false], // evt.is_io startswith true
  ["BOOL", "glob", ["true"], false], // evt.is_io glob true
  ["BOOL", "pmatch", ["true"], false], // evt.is_io pmatch (true)
  ["BOOL", "endswith", ["true"], false], // evt.is_io endswith true
  ["BOOL", "bcontains", ["7472756500"], false], // evt.is_io bcontains 7472756500
  ["BOOL", "bstartswith", ["7472756500"], false], // evt.is_io bstartswith 7472756500
  ["BOOL", "iglob", ["true"], false], // evt.is_io iglob true
  ["BOOL", "regex", ["1"], false], // evt.is_io regex '1'
  ["BYTEBUF", "exists", [], true], // evt.buffer exists
  ["BYTEBUF", "=", ["test"], true], // evt.buffer = test
  ["BYTEBUF", "!=", ["test"], true], // evt.buffer != test
  ["BYTEBUF", "<", ["1"], false], // evt.buffer < 1
  ["BYTEBUF", "<=", ["2"], false], // evt.buffer <= 2
  ["BYTEBUF", ">", ["3"], false], // evt.buffer > 3
  ["BYTEBUF", ">=", ["4"], false], // evt.buffer >= 4
  ["BYTEBUF", "contains", ["test"], true], // evt.buffer contains test
  ["BYTEBUF", "in", ["test"], true], // evt.buffer in (test)
  ["BYTEBUF", "intersects", ["test"], true], // evt.buffer intersects (test)
  ["BYTEBUF", "icontains", ["test"], false], // evt.buffer icontains test
  ["BYTEBUF", "startswith", ["test"], true], // evt.buffer startswith test
  ["BYTEBUF", "glob", ["test"], false], // evt.buffer glob test
  ["BYTEBUF", "pmatch", ["test"], false], // evt.buffer pmatch (test)
  ["BYTEBUF", "endswith", ["test"], true], // evt.buffer endswith test
  ["BYTEBUF", "bcontains", ["303000"], true], // evt.buffer bcontains 303000
  ["BYTEBUF", "bstartswith", ["303000"], true], // evt.buffer bstartswith 303000
  ["BYTEBUF", "iglob", ["test"], false], // evt.buffer iglob test
  ["BYTEBUF", "regex", [".*"], false], // evt.buffer regex '.*'
  ["CHARBUF", "exists", [], true], // fd.name exists
  ["CHARBUF", "=", ["true"], true], // fd.name = true
  ["CHARBUF", "!=", ["true"], true], // fd.name != true
  ["CHARBUF", "<", ["1"], true], // fd.name < 1
  ["CHARBUF", "<=", ["1"], true], // fd.name <= 1
  ["CHARBUF", ">", ["1"], true], // fd.name > 1
  ["CHARBUF", ">=", ["1"], true], // fd.name >= 1
  ["CHARBUF", "contains", ["true"], true], // fd.name contains true
  ["CHARBUF", "in", ["true"], true], // fd.name in (true)
  ["CHARBUF", "intersects", ["true"], true], // fd.name intersects (true)
  ["CHARBUF", "icontains", ["true"], true], // fd.name icontains true
  ["CHARBUF", "startswith", ["true"], true], // fd.name startswith true
  ["CHARBUF", "glob", ["true"], true], // fd.name glob true
  ["CHARBUF", "pmatch", ["true"], true], // fd.name pmatch (true)
  ["CHARBUF", "endswith", ["true"], true], // fd.name endswith true
  ["CHARBUF", "bcontains", ["303000"], false], // fd.name bcontains 303000
  ["CHARBUF", "bstartswith", ["303000"], false], // fd.name bstartswith 303000
  ["CHARBUF", "iglob", ["true"], true], // fd.name iglob true
  ["CHARBUF", "regex", ["/home/.*/dev"], true], // fd.name regex '/home/.*/dev'
  ["DOUBLE", "exists", [], true], // thread.cpu exists
  ["DOUBLE", "=", ["1"], true], // thread.cpu = 1
  ["DOUBLE", "=", ["1.0"], false], // thread.cpu = 1.0
  ["DOUBLE", "!=", ["1"], true], // thread.cpu != 1
  ["DOUBLE", "<", ["1"], true], // thread.cpu < 1
  ["DOUBLE", "<=", ["1"], true], // thread.cpu <= 1
  ["DOUBLE", ">", ["1"], true], // thread.cpu > 1
  ["DOUBLE", ">=", ["1"], true], // thread.cpu >= 1
  ["DOUBLE", "contains", ["1"], false], // thread.cpu contains 1
  ["DOUBLE", "in", ["1"], true], // thread.cpu in (1)
  ["DOUBLE", "intersects", ["1"], true], // thread.cpu intersects (1)
  ["DOUBLE", "icontains", ["1"], false], // thread.cpu icontains 1
  ["DOUBLE", "startswith", ["1"], false], // thread.cpu startswith 1
  ["DOUBLE", "glob", ["1"], false], // thread.cpu glob 1
  ["DOUBLE", "pmatch", ["1"], false], // thread.cpu pmatch (1)
  ["DOUBLE", "endswith", ["1"], false], // thread.cpu endswith 1
  ["DOUBLE", "bcontains", ["303000"], false], // thread.cpu bcontains 303000
  ["DOUBLE", "bstartswith", ["303000"], false], // thread.cpu bstartswith 303000
  ["DOUBLE", "iglob", ["1"], false], // thread.cpu iglob 1
  ["DOUBLE", "regex", ["1"], false], // thread.cpu regex '1'
  ["INT16", "exists", [], true], // evt.cpu exists
  ["INT16", "=", ["1"], true], // evt.cpu = 1
  ["INT16", "!=", ["1"], true], // evt.cpu != 1
  ["INT16", "<", ["1"], true], // evt.cpu < 1
  ["INT16", "<=", ["1"], true], // evt.cpu <= 1
  ["INT16", ">", ["1"], true], // evt.cpu > 1
  ["INT16", ">=", ["1"], true], // evt.cpu >= 1
  ["INT16", "contains", ["1"], false], // evt.cpu contains 1
  ["INT16", "in", ["1"], true], // evt.cpu in (1)
  ["INT16", "intersects", ["1"], true], // evt.cpu intersects (1)
  ["INT16", "icontains", ["1"], false], // evt.cpu icontains 1
  ["INT16", "startswith", ["1"], false], // evt.cpu startswith 1
  ["INT16", "glob", ["1"], false], // evt.cpu glob 1
  ["INT16", "pmatch", ["1"], false], // evt.cpu pmatch (1)
  ["INT16", "endswith", ["1"], false], // evt.cpu endswith 1
  ["INT16", "bcontains", ["303000"], false], // evt.cpu bcontains 303000
  ["INT16", "bstartswith", ["303000"], false], // evt.cpu bstartswith 303000
  ["INT16", "iglob", ["1"], false], // evt.cpu iglob 1
  ["INT16", "regex", ["1"], false], // evt.cpu regex '1'
  ["INT32", "exists", [], true], // fd.dev exists
  ["INT32", "=", ["1"], true], // fd.dev = 1
  ["INT32", "!=", ["1"], true], // fd.dev != 1
  ["INT32", "<", ["1"], true], // fd.dev < 1
  ["INT32", "<=", ["1"], true], // fd.dev <= 1
  ["INT32", ">", ["1"], true], // fd.dev > 1
  ["INT32", ">=", ["1"], true], // fd.dev >= 1
  ["INT32", "contains", ["1"], false], // fd.dev contains 1
  ["INT32", "in", ["1"], true], // fd.dev in (1)
  ["INT32", "intersects", ["1"], true], // fd.dev intersects (1)
  ["INT32", "icontains", ["1"], false], // fd.dev icontains 1
  ["INT32", "startswith", ["1"], false], // fd.dev startswith 1
  ["INT32", "glob", ["1"], false], // fd.dev glob 1
  ["INT32", "pmatch", ["1"], false], // fd.dev pmatch (1)
  ["INT32", "endswith", ["1"], false], // fd.dev endswith 1
  ["INT32", "bcontains", ["303000"], false], // fd.dev bcontains 303000
  ["INT32", "bstartswith", ["303000"], false], // fd.dev bstartswith 303000
  ["INT32", "iglob", ["1"], false], // fd.dev iglob 1
  ["INT32", "regex", ["1"], false], // fd.dev regex '1'
  ["INT64", "exists", [], true], // proc.pid exists
  ["INT64", "=", ["1"], true], // proc.pid = 1
  ["INT64", "!=", ["1"], true], // proc.pid != 1
  ["INT64", "<", ["1"], true], // proc.pid < 1
  ["INT64", "<=", ["1"], true], // proc.pid <= 1
  ["INT64", ">", ["1"], true], // proc.pid > 1
  ["INT64", ">=", ["1"], true], // proc.pid >= 1
  ["INT64", "contains", ["1"], false], // proc.pid contains 1
  ["INT64", "in", ["1"], true], // proc.pid in (1)
  ["INT64", "intersects", ["1"], true], // proc.pid intersects (1)
  ["INT64", "icontains", ["1"], false], // proc.pid icontains 1
  ["INT64", "startswith", ["1"], false], // proc.pid startswith 1
  ["INT64", "glob", ["1"], false], // proc.pid glob 1
  ["INT64", "pmatch", ["1"], false], // proc.pid pmatch (1)
  ["INT64", "endswith", ["1"], false], // proc.pid endswith 1
  ["INT64", "bcontains", ["303000"], false], // proc.pid bcontains 303000
  ["INT64", "bstartswith", ["303000"], false], // proc.pid bstartswith 303000
  ["INT64", "iglob", ["1"], false], // proc.pid iglob 1
  ["INT64", "regex", ["1"], false], // proc.pid regex '1'
  ["IPADDR", "exists", [], true], // fd.ip exists
  ["IPADDR", "=", ["127.0.0.1"], true], // fd.ip = 127.0.0.1
  ["IPADDR", "!=", ["127.0.0.1"], true], // fd.ip != 127.0.0.1
  ["IPADDR", "<", ["127"], false], // fd.ip < 127
  ["IPADDR", "<=", ["127"], false], // fd.ip <= 127
  ["IPADDR", ">", ["127"], false], // fd.ip > 127
  ["IPADDR", ">=", ["127"], false], // fd.ip >= 127
  ["IPADDR", "contains", ["127.0.0.1"], false], // fd.ip contains 127.0.0.1
  ["IPADDR", "in", ["127.0.0.1"], true], // fd.ip in (127.0.0.1)
  ["IPADDR", "intersects", ["127.0.0.1"], true], // fd.ip intersects (127.0.0.1)
  ["IPADDR", "icontains", ["127.0.0.1"], false], // fd.ip icontains 127.0.0.1
  ["IPADDR", "startswith", ["127.0.0.1"], false], // fd.ip startswith 127.0.0.1
  ["IPADDR", "glob", ["127.0.0.1"], false], // fd.ip glob 127.0.0.1
  ["IPADDR", "pmatch", ["127.0.0.1"], false], // fd.ip pmatch (127.0.0.1)
  ["IPADDR", "endswith", ["127.0.0.1"], false], // fd.ip endswith 127.0.0.1
  ["IPADDR", "bcontains", ["3132372e302e302e3100"], false], // fd.ip bcontains 3132372e302e302e3100
  ["IPADDR", "bstartswith", ["3132372e302e302e3100"], false], // fd.ip bstartswith 3132372e302e302e3100
  ["IPADDR", "iglob", ["127.0.0.1"], false], // fd.ip iglob 127.0.0.1
  ["IPADDR", "regex", [".*"], false], // fd.ip regex '.*'
  ["IPADDR", "== anyof", ["127.0.0.1"], true], // fd.ip == anyof (127.0.0.1)
  ["IPADDR", "== allof", ["127.0.0.1"], true], // fd.ip == allof (127.0.0.1)
  ["IPADDR", "!= anyof", ["127.0.0.1"], true], // fd.ip != anyof (127.0.0.1)
  ["IPADDR", "!= allof", ["127.0.0.1"], true], // fd.ip != allof (127.0.0.1)
  ["IPADDR", "contains anyof", ["127.0.0.1"], false], // fd.ip contains anyof (127.0.0.1)
  ["IPADDR", "regex allof", [".*"], false], // fd.ip regex allof ('.*')
  ["IPNET", "exists", [], true], // fd.net exists
  ["IPNET", "=", ["127.0.0.1/32"], true], // fd.net = 127.0.0.1/32
  ["IPNET", "!=", ["127.0.0.1/32"], true], // fd.net != 127.0.0.1/32
  ["IPNET", "<", ["127"], false], // fd.net < 127
  ["IPNET", "<=", ["127"], false], // fd.net <= 127
  ["IPNET", ">", ["127"], false], // fd.net > 127
  ["IPNET", ">=", ["127"], false], // fd.net >= 127
  ["IPNET", "contains", ["127.0.0.1/32"], false], // fd.net contains 127.0.0.1/32
  ["IPNET", "in", ["127.0.0.1/32"], true], // fd.net in (127.0.0.1/32)
  ["IPNET", "intersects", ["127.0.0.1/32"], true], // fd.net intersects (127.0.0.1/32)
  ["IPNET", "icontains", ["127.0.0.1/32"], false], // fd.net icontains 127.0.0.1/32
  ["IPNET", "startswith", ["127.0.0.1/32"], false], // fd.net startswith 127.0.0.1/32
  ["IPNET", "glob", ["127.0.0.1/32"], false], // fd.net glob 127.0.0.1/32
  ["IPNET", "pmatch", ["127.0.0.1/32"], false], // fd.net pmatch (127.0.0.1/32)
  ["IPNET", "endswith", ["127.0.0.1/32"], false], // fd.net endswith 127.0.0.1/32
  ["IPNET", "bcontains", ["3132372e302e302e312f333200"], false], // fd.net bcontains 3132372e302e302e312f333200
  ["IPNET", "bstartswith", ["3132372e302e302e312f333200"], false], // fd.net bstartswith 3132372e302e302e312f333200
  ["IPNET", "iglob", ["127.0.0.1/32"], false], // fd.net iglob 127.0.0.1/32
  ["IPNET", "regex", [".*"], false], // fd.net regex '.*'
  ["IPNET", "== anyof", ["127.0.0.1/32"], true], // fd.net == anyof (127.0.0.1/32)
  ["IPNET", "== allof", ["127.0.0.1/32"], true], // fd.net == allof (127.0.0.1/32)
  ["IPNET", "!= anyof", ["127.0.0.1/32"], true], // fd.net != anyof (127.0.0.1/32)
  ["IPNET", "!= allof", ["127.0.0.1/32"], true], // fd.net != allof (127.0.0.1/32)
  ["IPNET", "contains anyof", ["127.0.0.1/32"], false], // fd.net contains anyof (127.0.0.1/32)
  ["IPNET", "startswith allof", ["127.0.0.1/32"], false], // fd.net startswith allof (127.0.0.1/32)
  ["PORT", "exists", [], true], // fd.port exists
  ["PORT", "=", ["1"], true], // fd.port = 1
  ["PORT", "!=", ["1"], true], // fd.port != 1
  ["PORT", "<", ["1"], true], // fd.port < 1
  ["PORT", "<=", ["1"], true], // fd.port <= 1
  ["PORT", ">", ["1"], true], // fd.port > 1
  ["PORT", ">=", ["1"], true], // fd.port >= 1
  ["PORT", "contains", ["1"], false], // fd.port contains 1
  ["PORT", "in", ["1"], true], // fd.port in (1)
  ["PORT", "intersects", ["1"], true], // fd.port intersects (1)
  ["PORT", "icontains", ["1"], false], // fd.port icontains 1
  ["PORT", "startswith", ["1"], false], // fd.port startswith 1
  ["PORT", "glob", ["1"], false], // fd.port glob 1
  ["PORT", "pmatch", ["1"], false], // fd.port pmatch (1)
  ["PORT", "endswith", ["1"], false], // fd.port endswith 1
  ["PORT", "bcontains", ["303000"], false], // fd.port bcontains 303000
  ["PORT", "bstartswith", ["303000"], false], // fd.port bstartswith 303000
  ["PORT", "iglob", ["1"], false], // fd.port iglob 1
  ["PORT", "regex", ["1"], false], // fd.port regex '1'
  ["RELTIME", "exists", [], true], // proc.pid.ts exists
  ["RELTIME", "=", ["1"], true], // proc.pid.ts = 1
  ["RELTIME", "!=", ["1"], true], // proc.pid.ts != 1
  ["RELTIME", "<", ["1"], true], // proc.pid.ts < 1
  ["RELTIME", "<=", ["1"], true], // proc.pid.ts <= 1
  ["RELTIME", ">", ["1"], true], // proc.pid.ts > 1
  ["RELTIME", ">=", ["1"], true], // proc.pid.ts >= 1
  ["RELTIME", "contains", ["1"], false], // proc.pid.ts contains 1
  ["RELTIME", "in", ["1"], true], // proc.pid.ts in (1)
  ["RELTIME", "intersects", ["1"], true], // proc.pid.ts intersects (1)
  ["RELTIME", "icontains", ["1"], false], // proc.pid.ts icontains 1
  ["RELTIME", "startswith", ["1"], false], // proc.pid.ts startswith 1
  ["RELTIME", "glob", ["1"], false], // proc.pid.ts glob 1
  ["RELTIME", "pmatch", ["1"], false], // proc.pid.ts pmatch (1)
  ["RELTIME", "endswith", ["1"], false], // proc.pid.ts endswith 1
  ["RELTIME", "bcontains", ["303000"], false], // proc.pid.ts bcontains 303000
  ["RELTIME", "bstartswith", ["303000"], false], // proc.pid.ts bstartswith 303000
  ["RELTIME", "iglob", ["1"], false], // proc.pid.ts iglob 1
  ["RELTIME", "regex", ["1"], false], // proc.pid.ts regex '1'
  ["UINT32", "exists", [], true], // evt.count exists
  ["UINT32", "=", ["1"], true], // evt.count = 1
  ["UINT32", "!=", ["1"], true], // evt.count != 1
  ["UINT32", "<", ["1"], true], // evt.count < 1
  ["UINT32", "<=", ["1"], true], // evt.count <= 1
  ["UINT32", ">", ["1"], true], // evt.count > 1
  ["UINT32", ">=", ["1"], true], // evt.count >= 1
  ["UINT32", "contains", ["1"], false], // evt.count contains 1
  ["UINT32", "in", ["1"], true], // evt.count in (1)
  ["UINT32", "intersects", ["1"], true], // evt.count intersects (1)
  ["UINT32", "icontains", ["1"], false], // evt.count icontains 1
  ["UINT32", "startswith", ["1"], false], // evt.count startswith 1
  ["UINT32", "glob", ["1"], false], // evt.count glob 1
  ["UINT32", "pmatch", ["1"], false], // evt.count pmatch (1)
  ["UINT32", "endswith", ["1"], false], // evt.count endswith 1
  ["UINT32", "bcontains", ["303000"], false], // evt.count bcontains 303000
  ["UINT32", "bstartswith", ["303000"], false], // evt.count bstartswith 303000
  ["UINT32", "iglob", ["1"], false], // evt.count iglob 1
  ["UINT32", "regex", ["1"], false], // evt.count regex '1'
  ["UINT64", "exists", [], true], // evt.num exists
  ["UINT64", "=", ["1"], true], // evt.num = 1
  ["UINT64", "!=", ["1"], true], // evt.num != 1
  ["UINT64", "<", ["1"], true], // evt.num < 1
  ["UINT64", "<=", ["1"], true], // evt.num <= 1
  ["UINT64", ">", ["1"], true], // evt.num > 1
  ["UINT64", ">=", ["1"], true], // evt.num >= 1
  ["UINT64", "contains", ["1"], false], // evt.num contains 1
  ["UINT64", "in", ["1"], true], // evt.num in (1)
  ["UINT64", "intersects", ["1"], true], // evt.num intersects (1)
  ["UINT64", "icontains", ["1"], false], // evt.num icontains 1
  ["UINT64", "startswith", ["1"], false], // evt.num startswith 1
  ["UINT64", "glob", ["1"], false], // evt.num glob 1
  ["UINT64", "pmatch", ["1"], false], // evt.num pmatch (1)
  ["UINT64", "endswith", ["1"], false], // evt.num endswith 1
  ["UINT64", "bcontains", ["303000"], false], // evt.num bcontains 303000
  ["UINT64", "bstartswith", ["303000"], false], // evt.num bstartswith 303000
  ["UINT64", "iglob", ["1"], false], // evt.num iglob 1
  ["UINT64", "regex", ["1"], false], // evt.num regex '1'
];

// cmp_operator_modifiers.cpp: proc.name = "myexe" (toupper(proc.name) = "MYEXE").
// [LHS value, operator, modifier, RHS list, expected]
const MODIFIER_CASES: [string, string, string, string[], boolean][] = [
  ["myexe", "==", "oneof", ["myexe", "bash"], true],
  ["myexe", "==", "oneof", ["myexe"], true],
  ["myexe", "==", "oneof", ["bash", "sh"], false],
  ["myexe", "==", "oneof", ["myexe", "myexe"], false],
  ["myexe", "==", "anyof", ["myexe", "bash"], true],
  ["myexe", "==", "anyof", ["bash", "sh"], false],
  ["myexe", "==", "anyof", ["myexe", "myexe"], true],
  ["myexe", "==", "allof", ["myexe"], true],
  ["myexe", "==", "allof", ["myexe", "bash"], false],
  ["myexe", "==", "allof", ["bash", "sh"], false],
  ["myexe", "==", "allof", ["myexe", "myexe"], true],
  ["myexe", "!=", "oneof", ["myexe", "myexe", "bash"], true],
  ["myexe", "!=", "oneof", ["myexe", "myexe"], false],
  ["myexe", "!=", "oneof", ["bash", "sh"], false],
  ["myexe", "!=", "oneof", ["myexe", "bash"], true],
  ["myexe", "!=", "anyof", ["bash", "sh"], true],
  ["myexe", "!=", "anyof", ["myexe", "bash"], true],
  ["myexe", "!=", "allof", ["bash", "sh"], true],
  ["myexe", "!=", "allof", ["myexe", "bash"], false],
  ["myexe", "contains", "oneof", ["myex", "bash"], true],
  ["myexe", "contains", "oneof", ["exe"], true],
  ["myexe", "contains", "oneof", ["bash", "sh"], false],
  ["myexe", "contains", "oneof", ["my", "exe"], false],
  ["myexe", "contains", "anyof", ["myex", "bash"], true],
  ["myexe", "contains", "anyof", ["bash", "sh"], false],
  ["myexe", "contains", "anyof", ["my", "exe"], true],
  ["myexe", "contains", "allof", ["my", "exe"], true],
  ["myexe", "contains", "allof", ["myex", "bash"], false],
  ["myexe", "contains", "allof", ["bash", "sh"], false],
  ["myexe", "icontains", "oneof", ["MYEX", "BASH"], true],
  ["myexe", "icontains", "oneof", ["BASH", "SH"], false],
  ["myexe", "icontains", "oneof", ["MY", "EXE"], false],
  ["myexe", "icontains", "anyof", ["MYEX", "BASH"], true],
  ["myexe", "icontains", "anyof", ["BASH", "SH"], false],
  ["myexe", "icontains", "anyof", ["MY", "EXE"], true],
  ["myexe", "icontains", "allof", ["MY", "EXE"], true],
  ["myexe", "icontains", "allof", ["MYEX", "BASH"], false],
  ["myexe", "icontains", "allof", ["BASH", "SH"], false],
  ["myexe", "startswith", "oneof", ["my", "bash"], true],
  ["myexe", "startswith", "oneof", ["bash", "sh"], false],
  ["myexe", "startswith", "oneof", ["my", "mye"], false],
  ["myexe", "startswith", "anyof", ["my", "bash"], true],
  ["myexe", "startswith", "anyof", ["bash", "sh"], false],
  ["myexe", "startswith", "anyof", ["my", "mye"], true],
  ["myexe", "startswith", "allof", ["my", "mye"], true],
  ["myexe", "startswith", "allof", ["my", "bash"], false],
  ["myexe", "startswith", "allof", ["bash", "sh"], false],
  ["myexe", "endswith", "oneof", ["exe", "sh"], true],
  ["myexe", "endswith", "oneof", ["sh", "bash"], false],
  ["myexe", "endswith", "oneof", ["exe", "yexe"], false],
  ["myexe", "endswith", "anyof", ["exe", "sh"], true],
  ["myexe", "endswith", "anyof", ["sh", "bash"], false],
  ["myexe", "endswith", "anyof", ["exe", "yexe"], true],
  ["myexe", "endswith", "allof", ["exe", "yexe"], true],
  ["myexe", "endswith", "allof", ["exe", "sh"], false],
  ["myexe", "endswith", "allof", ["sh", "bash"], false],
  ["myexe", "glob", "oneof", ["my*", "bash"], true],
  ["myexe", "glob", "oneof", ["bash", "sh*"], false],
  ["myexe", "glob", "oneof", ["my*", "*exe"], false],
  ["myexe", "glob", "anyof", ["my*", "bash"], true],
  ["myexe", "glob", "anyof", ["bash", "sh*"], false],
  ["myexe", "glob", "anyof", ["my*", "*exe"], true],
  ["myexe", "glob", "allof", ["my*", "*exe"], true],
  ["myexe", "glob", "allof", ["bash", "sh*"], false],
  ["myexe", "iglob", "oneof", ["MY*", "BASH"], true],
  ["myexe", "iglob", "oneof", ["BASH", "SH*"], false],
  ["myexe", "iglob", "oneof", ["MY*", "*EXE"], false],
  ["myexe", "iglob", "anyof", ["MY*", "BASH"], true],
  ["myexe", "iglob", "anyof", ["BASH", "SH*"], false],
  ["myexe", "iglob", "anyof", ["MY*", "*EXE"], true],
  ["myexe", "iglob", "allof", ["MY*", "*EXE"], true],
  ["myexe", "iglob", "allof", ["BASH", "SH*"], false],
  ["myexe", "regex", "oneof", ["my.*", "b.*"], true],
  ["myexe", "regex", "oneof", ["b.*", "sh.*"], false],
  ["myexe", "regex", "oneof", ["my.*", ".*exe"], false],
  ["myexe", "regex", "anyof", ["my.*", "b.*"], true],
  ["myexe", "regex", "anyof", ["b.*", "sh.*"], false],
  ["myexe", "regex", "anyof", ["my.*", ".*exe"], true],
  ["myexe", "regex", "allof", ["my.*", ".*exe"], true],
  ["myexe", "regex", "allof", ["my.*", "b.*"], false],
  ["myexe", "regex", "allof", ["b.*", "sh.*"], false],
  ["MYEXE", "==", "oneof", ["MYEXE", "BASH"], true],
  ["MYEXE", "==", "oneof", ["BASH", "SH"], false],
  ["MYEXE", "!=", "oneof", ["MYEXE", "BASH"], true],
  ["MYEXE", "!=", "oneof", ["BASH", "SH"], false],
  ["MYEXE", "!=", "allof", ["BASH", "SH"], true],
  ["MYEXE", "!=", "allof", ["MYEXE", "BASH"], false],
  ["myexe", "==", "oneof", [], false],
  ["myexe", "==", "anyof", [], false],
  ["myexe", "==", "allof", [], false],
  ["myexe", "!=", "oneof", [], false],
  ["myexe", "!=", "anyof", [], false],
  ["myexe", "!=", "allof", [], false],
];

describe('operator × type compatibility (filter_compiler.ut.cpp)', () => {
  it.each(COMPILE_MATRIX)('%s %s %j compiles: %s', (type, op, values, ok) => {
    const err = compileError(op, type, values);
    expect(err === undefined, err).toBe(ok);
  });

  it('gives upstream error texts', () => {
    expect(checkOperator('contains', undefined, 'UINT64', false)).toBe("filter error: 'contains' operator not supported for numeric filters");
    expect(checkOperator('<', undefined, 'BOOL', false)).toBe("filter error: '<' operator not supported for numeric filters");
    expect(checkOperator('bcontains', undefined, 'CHARBUF', false)).toBe("filter error: 'bcontains' operator not supported for string filters");
    expect(checkOperator('icontains', undefined, 'BYTEBUF', false)).toBe("filter error: 'icontains' operator not supported for buffer filters");
    expect(checkOperator('glob', undefined, 'IPNET', false)).toBe("filter error: 'glob' operator not supported for ip address and network filters");
    expect(checkOperator('contains', 'anyof', 'IPADDR', false)).toBe("filter error: 'contains' with modifier not supported for ip address and network filters");
    expect(checkOperator('contains anyof', undefined, 'IPADDR', false)).toBe("filter error: 'contains' with modifier not supported for ip address and network filters");
    expect(checkOperator('==', 'anyof', 'IPNET', false)).toBeUndefined();
    expect(checkOperator('==', undefined, 'CHARBUF', true)).toBe("filter error: '=' operator not supported list filters");
    expect(checkOperator('in', undefined, 'INT64', true)).toBe("filter error: list filters are not supported for type 'INT64'");
    expect(checkOperator('in', undefined, 'IPV6ADDR', true)).toBe("filter error: list filters are not supported for type '<NA>'");
    expect(checkOperator('intersects', undefined, 'IPNET', true)).toBeUndefined();
    expect(checkOperator('=', undefined, 'UID', false)).toBe("filter error: '=' operator not supported for type 'UID'");
    expect(checkOperator('=', undefined, 'DYN', false)).toBe("filter error: '=' operator not supported for type 'DYNAMIC'");
    expect(checkOperator('exists', undefined, 'UID', true)).toBeUndefined();
    expect(checkOperator('like', undefined, 'CHARBUF', false)).toBe("unrecognized filter comparison operator 'like'");
    expect(checkOperator('=', 'someof', 'CHARBUF', false)).toBe("unrecognized filter comparison modifier 'someof'");
    // len(proc.name) contains 3: the transformed type (UINT64) is what is checked
    expect(checkOperator('contains', undefined, 'UINT64', false)).toMatch(/numeric filters$/);
  });

  it('maps catalog type names', () => {
    expect(fieldTypeFromName('PT_CHARBUF')).toEqual({ type: 'CHARBUF', isList: false });
    expect(fieldTypeFromName('string (list)')).toEqual({ type: 'CHARBUF', isList: true });
    expect(fieldTypeFromName('uint64')).toEqual({ type: 'UINT64', isList: false });
    expect(fieldTypeFromName('PT_DYN')).toEqual({ type: 'DYN', isList: false });
    expect(fieldTypeFromName('nope')).toBeUndefined();
  });
});

describe('constant parsing (value_parser.cpp, sinsp_numparser)', () => {
  const val = (text: string | Uint8Array, type: FieldType, op = '=') => {
    const c = parseConstant(text, type, op);
    if ('error' in c) throw new Error(c.error);
    return c;
  };
  const err = (text: string | Uint8Array, type: FieldType, op = '=') => {
    const c = parseConstant(text, type, op);
    return 'error' in c ? c.error : undefined;
  };

  it('parses integers like sscanf("%d%c") with C casts', () => {
    expect(val('1', 'INT16')).toEqual({ kind: 'int', value: 1 });
    expect(val(' 12', 'INT64')).toEqual({ kind: 'int', value: 12 });
    expect(val('+7', 'UINT32')).toEqual({ kind: 'int', value: 7 });
    expect(val('200', 'INT8')).toEqual({ kind: 'int', value: -56 });
    expect(val('2147483648', 'INT32')).toEqual({ kind: 'int', value: -2147483648 });
    expect(val('-1', 'UINT8')).toEqual({ kind: 'int', value: 255 });
    expect(val('-1', 'UINT32')).toEqual({ kind: 'int', value: 4294967295 });
    expect(val('4294967296', 'UINT8')).toEqual({ kind: 'int', value: 0 });
    expect(val('-1', 'UINT64')).toEqual({ kind: 'int', value: 18446744073709551615n });
    expect(val('18446744073709551616', 'UINT64')).toEqual({ kind: 'int', value: 18446744073709551615n });
    expect(val('9223372036854775808', 'INT64')).toEqual({ kind: 'int', value: 9223372036854775807n });
    expect(val('-9223372036854775809', 'PID')).toEqual({ kind: 'int', value: -9223372036854775808n });
    expect(val('70000', 'FLAGS16')).toEqual({ kind: 'int', value: 4464 });
    expect(val('1', 'DOUBLE')).toEqual({ kind: 'double', value: 1 });
    for (const bad of ['0x10', '1.5', '1e+5', '1.', '12 ', '', ' ', '+', 'abc', '1a']) {
      expect(err(bad, 'INT64')).toBe(`${bad} is not a valid number`);
    }
    expect(err('1.0', 'DOUBLE')).toBe('1.0 is not a valid number'); // thread.cpu = 1.0
    expect(scanInteger('-5', false, 64)).toBe(18446744073709551611n);
  });

  it('parses booleans, ports and service names', () => {
    expect(val('true', 'BOOL')).toEqual({ kind: 'bool', value: 1 });
    expect(val('false', 'BOOL')).toEqual({ kind: 'bool', value: 0 });
    expect(err('1', 'BOOL')).toBe('filter error: unrecognized boolean value 1');
    expect(err('True', 'BOOL')).toBe('filter error: unrecognized boolean value True');
    expect(val('80', 'PORT')).toEqual({ kind: 'int', value: 80 });
    expect(val('', 'PORT')).toEqual({ kind: 'int', value: 0 });
    expect(val('65536', 'PORT')).toEqual({ kind: 'int', value: 0 });
    expect(val('http', 'PORT')).toEqual({ kind: 'int', value: 80 });
    expect(val('https', 'PORT')).toEqual({ kind: 'int', value: 443 });
    expect(val('ssh', 'PORT')).toEqual({ kind: 'int', value: 22 });
    expect(val('domain', 'PORT')).toEqual({ kind: 'int', value: 53 });
    expect(val('mysql', 'PORT')).toEqual({ kind: 'int', value: 3306 });
    expect(val('postgresql', 'PORT')).toEqual({ kind: 'int', value: 5432 });
    expect(err('dns', 'PORT')).toBe('unrecognized protocol dns');
    expect(err('-1', 'PORT')).toBe('unrecognized protocol -1');
    expect(err('99999999999', 'PORT')).toBe('stoi');
  });

  it('parses IP addresses strictly (inet_pton)', () => {
    expect(val('10.0.0.1', 'IPV4ADDR')).toEqual({ kind: 'ipv4', value: 0x0a000001 });
    expect(val('255.255.255.255', 'IPADDR')).toEqual({ kind: 'ipv4', value: 0xffffffff });
    for (const bad of ['01.2.3.4', '1.2.3', '1.2.3.4.', '256.1.1.1', '1.2.3.4 ', ' 1.2.3.4', '1..2.3', 'a.b.c.d']) {
      expect(err(bad, 'IPV4ADDR')).toBe(`unrecognized IPv4 address ${bad}`);
    }
    const v6 = (t: string) => {
      const c = val(t, 'IPV6ADDR');
      return c.kind === 'ipv6' ? Array.from(c.value) : undefined;
    };
    expect(v6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(v6('::')).toEqual(new Array(16).fill(0));
    expect(v6('2001:DB8::ff00:42:8329')).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0x42, 0x83, 0x29]);
    expect(v6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]);
    expect(v6('1:2:3:4:5:6:7::')).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0]);
    expect(v6('0:0:0:0:0:0:0:1')).toEqual(v6('::1'));
    for (const bad of ['1::2::3', ':1', '1:', ':::', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', 'g::', '::1.2.3', '']) {
      expect(err(bad, 'IPV6ADDR')).toBe(`unrecognized IPv6 address ${bad}`);
    }
    // IPADDR routes on '.', so an IPv4-mapped IPv6 text goes to the IPv4 parser and fails (spec §9.9).
    expect(err('::ffff:1.2.3.4', 'IPADDR')).toBe('unrecognized IPv4 address ::ffff:1.2.3.4');
    expect(val('::1', 'IPADDR').kind).toBe('ipv6');
  });

  it('parses networks with upstream texts', () => {
    expect(val('10.0.0.0/8', 'IPNET')).toEqual({ kind: 'ipv4net', addr: 0x0a000000, mask: 0xff000000, bits: 8 });
    expect(val('0.0.0.0/0', 'IPV4NET')).toEqual({ kind: 'ipv4net', addr: 0, mask: 0, bits: 0 });
    expect(val('10.0.0.0/264', 'IPNET')).toMatchObject({ bits: 8 }); // parseu8 truncates
    expect(err('10.0.0.0', 'IPNET')).toBe('unrecognized IP network 10.0.0.0');
    expect(err('10.0.0/8', 'IPNET')).toBe('unrecognized IP address 10.0.0/8');
    expect(err('10.0.0.0/33', 'IPNET')).toBe('invalid netmask 33');
    expect(err('10.0.0.0/x', 'IPNET')).toBe('x is not a valid number');
    expect(err('10.0.0.0/', 'IPNET')).toBe(' is not a valid number');
    expect(val('2001:db8::/32', 'IPNET')).toMatchObject({ kind: 'ipv6net', bits: 32 });
    expect(err('2001:db8::', 'IPNET')).toBe('invalid v6 netmask: 2001:db8::');
    expect(err('2001:db8::/0', 'IPV6NET')).toBe('invalid v6 netmask 0');
    expect(err('2001:db8::/129', 'IPNET')).toBe('invalid v6 netmask 129');
    expect(err('2001:db8::/256', 'IPNET')).toBe('invalid v6 netmask 256');
    expect(err('zz::/64', 'IPNET')).toBe('unrecognized IPv6 address zz::/64');
  });

  it('refuses NUL bytes except for bytebufs (filter_nul_byte_value)', () => {
    const nul = 'filter error: filter value cannot contain a NUL byte (\\x00)';
    for (const op of ['=', 'contains', 'icontains', 'startswith', 'endswith', 'pmatch', 'glob', 'regex']) {
      expect(compileError(op, 'CHARBUF', [op === 'glob' ? '\0?' : '\0'])).toBe(nul);
    }
    expect(compileError('=', 'BYTEBUF', ['\0'])).toBeUndefined();
    expect(compileError('=', 'UINT64', [bytes(0x31, 0)])).toBe(nul);
    const hexOnly = 'filter error: bcontains and bstartswith operator support hex strings only';
    expect(compileError('bcontains', 'BYTEBUF', ['\0'])).toBe(hexOnly);
    expect(compileError('bstartswith', 'BYTEBUF', ['\0'])).toBe(hexOnly);
    expect(compileError('bcontains', 'BYTEBUF', ['2'])).toBe(hexOnly);
    expect(compileError('bcontains', 'BYTEBUF', ['2g'])).toBe(hexOnly);
  });

  it('limits values to 255 bytes (mock.cpp value_too_long)', () => {
    expect(compileError('=', 'CHARBUF', ['a'.repeat(255)])).toBeUndefined();
    expect(compileError('=', 'CHARBUF', ['a'.repeat(257)])).toBe(`filter parameter too long (used=258, available=256):${'a'.repeat(257)}`);
    expect(compileError('=', 'CHARBUF', ['a'.repeat(256)])).toBe(`filter parameter too long (used=257, available=256):${'a'.repeat(256)}`);
    expect(compileError('=', 'CHARBUF', ['é'.repeat(128)])).toMatch(/^filter parameter too long \(used=257, available=256\)/);
    expect(compileError('pmatch', 'FSPATH', ['/' + 'x'.repeat(255)])).toMatch(/^filter parameter too long/);
    expect(compileError('regex', 'CHARBUF', ['a'.repeat(256)])).toMatch(/^filter parameter too long/);
    expect(compileError('=', 'BYTEBUF', ['a'.repeat(255)])).toBeUndefined();
    expect(compileError('=', 'BYTEBUF', ['a'.repeat(257)])).toBe('filter parameter too long (byte buf)');
    expect(compileError('=', 'BYTEBUF', ['a'.repeat(256)])).toBe('filter parameter too long (byte buf)');
  });

  it('compiles regexes with RE2 POSIX rules', () => {
    expect(compileError('regex', 'CHARBUF', ['\\d+'])).toBe('invalid regex pattern: invalid escape sequence: \\d');
    expect(compileError('regex', 'CHARBUF', ['/home/.*/dev'])).toBeUndefined();
  });

  it('round-trips bytes that are not UTF-8', () => {
    const b = bytes(0x2f, 0x70, 0xff, 0xc3, 0xa9, 0xc3);
    const s = bytesToString(b);
    expect(s).toBe('/p\udcffé\udcc3');
    expect(Array.from(stringToBytes(s))).toEqual(Array.from(b));
    expect(utf8Length(s)).toBe(6);
    expect(utf8Length('a\u{1F600}é')).toBe(7);
  });
});

describe('string operators (flt_compare_string)', () => {
  it('contains / icontains (filter_op_contains.ut.cpp)', () => {
    const flags = 'O_RDWR|O_CREAT'; // evt.arg.flags renders the flags as text
    const name = '/opt/dir/SUBDIR/file.txt';
    expect(check('contains', 'CHARBUF', ['O_CREAT'])(flags)).toBe(true);
    expect(check('contains', 'CHARBUF', ['O_TMPFILE'])(flags)).toBe(false);
    expect(check('icontains', 'CHARBUF', ['O_CREAT'])(flags)).toBe(true);
    expect(check('contains', 'FSPATH', ['/dir'])(name)).toBe(true);
    expect(check('icontains', 'FSPATH', ['/subdir'])(name)).toBe(true);
    expect(check('icontains', 'FSPATH', ['notthis'])(name)).toBe(false);
  });

  it('follows C-string semantics', () => {
    expect(check('contains', 'CHARBUF', [''])('anything')).toBe(true);
    expect(check('contains', 'CHARBUF', [''])('')).toBe(true);
    expect(check('icontains', 'CHARBUF', [''])('x')).toBe(true);
    expect(check('startswith', 'CHARBUF', [''])('x')).toBe(true);
    expect(check('endswith', 'CHARBUF', [''])('x')).toBe(true);
    expect(check('=', 'CHARBUF', ['abc'])('abc\0def')).toBe(true);
    expect(check('!=', 'CHARBUF', ['abc'])('abc\0def')).toBe(false);
    expect(check('=', 'CHARBUF', ['abc'])('abcdef')).toBe(false);
    expect(check('contains', 'CHARBUF', ['def'])('abc\0def')).toBe(false);
    expect(check('endswith', 'CHARBUF', ['c'])('abc\0def')).toBe(true);
    expect(check('glob', 'CHARBUF', ['*c'])('abc\0def')).toBe(true);
    // set lookups (in, intersects, = anyof, != allof, pmatch) take the whole value but its trailing NULs
    // (craft_filter_value); checked on libsinsp: b64(concat(proc.name, "AGFi")) in ("\xb2\xc8]") matches nothing
    expect(check('in', 'CHARBUF', ['abc'])('abc\0def')).toBe(false);
    expect(check('in', 'CHARBUF', ['abc'])('abc\0\0')).toBe(true);
    expect(check('pmatch', 'CHARBUF', ['/abc'])('/abc\0def')).toBe(false);
    expect(check('=', 'CHARBUF', [''])('')).toBe(true);
    expect(check('startswith', 'CHARBUF', ['abcd'])('abc')).toBe(false);
    expect(check('endswith', 'CHARBUF', ['xabc'])('abc')).toBe(false);
  });

  it('icontains folds ASCII only (strcasestr, C locale)', () => {
    expect(check('icontains', 'CHARBUF', ['BASH'])('/bin/Bash')).toBe(true);
    expect(check('icontains', 'CHARBUF', ['É'])('é')).toBe(false);
    expect(check('icontains', 'CHARBUF', ['é'])('xéy')).toBe(true);
    expect(check('icontains', 'CHARBUF', ['aab'])('aaab')).toBe(true);
    expect(check('contains', 'CHARBUF', ['BASH'])('bash')).toBe(false);
  });

  it('orders by unsigned bytes (strcmp)', () => {
    expect(check('<', 'CHARBUF', ['b'])('a')).toBe(true);
    expect(check('<', 'CHARBUF', ['a'])('')).toBe(true);
    expect(check('<=', 'CHARBUF', ['abc'])('abc')).toBe(true);
    expect(check('>', 'CHARBUF', ['abc'])('abcd')).toBe(true);
    expect(check('>=', 'CHARBUF', ['b'])('a')).toBe(false);
    expect(check('>', 'CHARBUF', ['z'])('é')).toBe(true); // 0xC3 > 0x7A
    expect(check('<', 'CHARBUF', ['a'])('B')).toBe(true);
    // U+FFFF (EF BF BF) < U+10000 (F0 90 80 80): UTF-16 order would say otherwise
    expect(compareStrings('\uffff', '\u{10000}')).toBeLessThan(0);
    expect(compareStrings('\ue000', '\ud800\udc00')).toBeLessThan(0);
    expect(check('<', 'CHARBUF', ['\u{10000}'])('\uffff')).toBe(true);
    expect(check('<', 'CHARBUF', ['1'])('10')).toBe(false);
  });

  it('compares raw bytes that are not UTF-8 (invalid_utf8.cpp)', () => {
    const fdName = bytes(0x2f, 0x70, 0xff, 0x2f, 0x71, 0xff); // "/p\xff/q\xff"
    const xff = bytes(0xff);
    expect(check('=', 'FSPATH', [bytes(0x2f, 0x70, 0xff, 0x2f, 0x71, 0xff)])(fdName)).toBe(true);
    expect(check('contains', 'FSPATH', [xff])(fdName)).toBe(true);
    expect(check('glob', 'FSPATH', ['/p?/q?'])(fdName)).toBe(true);
    expect(check('in', 'FSPATH', [bytes(0x2f, 0x70, 0xff, 0x2f, 0x71, 0xff)])(fdName)).toBe(true);
    expect(check('endswith', 'FSPATH', [xff])(fdName)).toBe(true);
    expect(check('contains', 'FSPATH', [bytes(0xfe)])(fdName)).toBe(false);
    // the regex subject is UTF-8 sanitised: the invalid byte becomes U+FFFD, matched by '.'
    expect(check('regex', 'FSPATH', ['/p./q.'])(fdName)).toBe(true);
    expect(check('regex', 'FSPATH', ['/p./q'])(fdName)).toBe(false);
    // the same value given as a string with escaped bytes
    const s = bytesToString(fdName);
    expect(check('contains', 'CHARBUF', [xff])(s)).toBe(true);
    expect(check('regex', 'CHARBUF', ['/p./q.'])(s)).toBe(true);
    const procName = bytes(0x62, 0x61, 0x64, 0xff); // "bad\xff"
    expect(check('glob', 'CHARBUF', ['bad?'])(procName)).toBe(true);
    expect(check('contains', 'CHARBUF', [bytes(0xfe)])(procName)).toBe(false);
    expect(check('glob', 'CHARBUF', ['/tmp/c?/'])(bytes(0x2f, 0x74, 0x6d, 0x70, 0x2f, 0x63, 0xff, 0x2f))).toBe(true);
  });

  it('regex operator (filter_regex_operator_evaluation)', () => {
    expect(check('regex', 'CHARBUF', ['^[s]{1}ysca[l]{2}$'])('syscall')).toBe(true);
    expect(check('regex', 'CHARBUF', ['yscal.*'])('syscall')).toBe(false);
    expect(check('regex', 'CHARBUF', ['.*yscal'])('syscall')).toBe(false);
    expect(check('regex', 'CHARBUF', ['syscal.*'])('syscall')).toBe(true);
    expect(check('regex', 'CHARBUF', ['^unknown$'])('syscall')).toBe(false);
    expect(check('regex', 'CHARBUF', ['^[A-Z]+$'])('SYSCALL')).toBe(true);
  });

  it('= with several values compares with the first (mock.cpp single_value_CO_EQ_list)', () => {
    expect(check('=', 'CHARBUF', ['charbuf', 'not-charbuf'])('charbuf')).toBe(true);
    expect(check('in', 'CHARBUF', ['charbuf', 'not-charbuf'])('charbuf')).toBe(true);
    expect(check('in', 'CHARBUF', [])('charbuf')).toBe(false);
  });

  it('missing values make every operator false', () => {
    for (const op of ['=', '!=', 'contains', '<', 'glob', 'regex', 'in', 'pmatch']) {
      expect(check(op, 'CHARBUF', ['x'])(undefined)).toBe(false);
      expect(check(op, 'CHARBUF', ['x'])(null)).toBe(false);
    }
    expect(check('exists', 'CHARBUF', [])(undefined)).toBe(false);
    expect(check('exists', 'CHARBUF', [])('')).toBe(true);
    expect(check('!=', 'UINT64', ['1'])(undefined)).toBe(false);
    expect(check('!=', 'IPADDR', ['10.0.0.1'])(undefined)).toBe(false);
  });
});

describe('numeric operators (filter_op_numeric_compare.ut.cpp)', () => {
  it('evt.cpu (INT16) = 1', () => {
    const v = 1;
    const cases: [string, string, boolean][] = [
      ['<', '300', true], ['>', '300', false], ['<', '2', true], ['>', '-500', true], ['<', '500', true],
      ['<=', '500', true], ['<=', '1025', true], ['>=', '1025', false],
    ];
    for (const [op, rhs, exp] of cases) expect(check(op, 'INT16', [rhs])(v), `${op} ${rhs}`).toBe(exp);
  });

  it('evt.rawarg.res (ERRNO) = -22', () => {
    const v = -22;
    const cases: [string, string, boolean][] = [
      ['>', '0', false], ['<', '0', true], ['>', '4294967295', false], ['<', '-1', true], ['>', '-65535', true],
    ];
    for (const [op, rhs, exp] of cases) expect(check(op, 'ERRNO', [rhs])(v), `${op} ${rhs}`).toBe(exp);
  });

  it('fd.num (INT64) = -1', () => {
    const v = -1;
    const cases: [string, string, boolean][] = [
      ['>=', '0', false], ['>', '0', false], ['<', '0', true], ['>', '4294967295', false], ['<', '-1', false],
      ['>', '-65535', true],
    ];
    for (const [op, rhs, exp] of cases) expect(check(op, 'INT64', [rhs])(v), `${op} ${rhs}`).toBe(exp);
  });

  it('compares unsigned 64-bit values exactly', () => {
    const big = 18446744073709551615n;
    expect(check('=', 'UINT64', ['18446744073709551615'])(big)).toBe(true);
    expect(check('=', 'UINT64', ['-1'])(big)).toBe(true);
    expect(check('>', 'UINT64', ['9007199254740993'])(9007199254740994n)).toBe(true);
    expect(check('=', 'UINT64', ['9007199254740993'])(9007199254740992)).toBe(false);
    expect(check('=', 'UINT64', ['5'])(5n)).toBe(true);
    expect(check('in', 'UINT64', ['5', '18446744073709551615'])(5n)).toBe(true);
    expect(check('in', 'UINT64', ['5', '18446744073709551615'])(big)).toBe(true);
    expect(check('in', 'UINT64', ['5', '18446744073709551615'])(6)).toBe(false);
    // event values outside the type's range wrap like the C types
    expect(check('=', 'UINT64', ['18446744073709551615'])(-1)).toBe(true);
    expect(check('=', 'UINT8', ['255'])(-1)).toBe(true);
    expect(check('=', 'INT64', ['-1'])('-1')).toBe(true);
  });

  it('compares doubles, bools and ports', () => {
    expect(check('=', 'DOUBLE', ['1'])(1)).toBe(true);
    expect(check('<', 'DOUBLE', ['1'])(0.5)).toBe(true);
    expect(check('in', 'DOUBLE', ['1', '2'])(2)).toBe(true);
    expect(check('=', 'BOOL', ['true'])(true)).toBe(true);
    expect(check('!=', 'BOOL', ['true'])(false)).toBe(true);
    expect(check('=', 'BOOL', ['false'])(0)).toBe(true);
    expect(check('in', 'BOOL', ['true'])(true)).toBe(true);
    expect(check('intersects', 'BOOL', ['false'])(true)).toBe(false);
    expect(check('=', 'PORT', ['https'])(443)).toBe(true);
    expect(check('in', 'PORT', ['http', 'https'])(80)).toBe(true);
    expect(check('>', 'PORT', ['1024'])(8080)).toBe(true);
  });
});

describe('bytebuf operators (filter_op_bytebuf.ut.cpp)', () => {
  const hello = bytes(0x68, 0x65, 0x6c, 0x6c, 0x6f);
  it('bcontains / bstartswith on "hello"', () => {
    const cases: [string, string, boolean][] = [
      ['bcontains', '68656c6c6f', true], ['bcontains', '656c6C', true], ['bcontains', '20', false],
      ['bcontains', '656c6cAA', false], ['bstartswith', '68', true], ['bstartswith', '68656c6c6f', true],
      ['bstartswith', '65', false], ['bstartswith', '656c6C', false], ['bstartswith', '20', false],
      ['bstartswith', '656c6cAA', false],
    ];
    for (const [op, rhs, exp] of cases) {
      expect(check(op, 'BYTEBUF', [rhs])(hello), `${op} ${rhs}`).toBe(exp);
      expect(check(op, 'BYTEBUF', [rhs])('hello'), `${op} ${rhs} (string)`).toBe(exp);
    }
    for (const op of ['bcontains', 'bstartswith']) {
      expect(compileError(op, 'BYTEBUF', ['2'])).toBeDefined();
      expect(compileError(op, 'BYTEBUF', ['2g'])).toBeDefined();
    }
    expect(check('bcontains', 'BYTEBUF', [''])(hello)).toBe(true);
    expect(check('contains', 'BYTEBUF', ['ell'])(hello)).toBe(true);
    expect(check('startswith', 'BYTEBUF', ['he'])(hello)).toBe(true);
    expect(check('endswith', 'BYTEBUF', ['llo'])(hello)).toBe(true);
    expect(check('endswith', 'BYTEBUF', ['hhello'])(hello)).toBe(false);
    expect(check('in', 'BYTEBUF', ['x', 'hello'])(hello)).toBe(true);
  });

  it('matches NUL bytes in "a\\0b"', () => {
    const v = bytes(0x61, 0x00, 0x62);
    expect(check('=', 'BYTEBUF', ['a\0b'])(v)).toBe(true);
    expect(check('=', 'BYTEBUF', ['ab'])(v)).toBe(false);
    expect(check('!=', 'BYTEBUF', ['ab'])(v)).toBe(true);
    expect(check('bcontains', 'BYTEBUF', ['610062'])(v)).toBe(true);
    expect(check('bcontains', 'BYTEBUF', ['610162'])(v)).toBe(false);
    expect(check('bstartswith', 'BYTEBUF', ['6100'])(v)).toBe(true);
    expect(check('bstartswith', 'BYTEBUF', ['6101'])(v)).toBe(false);
    expect(check('contains', 'BYTEBUF', ['b'])(v)).toBe(true);
  });

  it('matches bytes that are not UTF-8 in a string value', () => {
    // "é" is C3 A9: a partial sequence still matches bytewise
    expect(check('bcontains', 'BYTEBUF', ['c3'])('xé')).toBe(true);
    expect(check('bstartswith', 'BYTEBUF', ['78c3a9'])('xé')).toBe(true);
    expect(check('bcontains', 'BYTEBUF', ['ff'])(bytes(1, 0xff, 2))).toBe(true);
  });
});

describe('pmatch (filter_op_pmatch.ut.cpp, prefix_search.ut.cpp)', () => {
  it('fd.name = /opt/dir/subdir/file.txt', () => {
    const v = '/opt/dir/subdir/file.txt';
    const cases: [string[], boolean][] = [
      [['/opt/dir'], true], [['/opt/dir/subdir'], true], [['/opt/dir2'], false], [['/opt/dir', '/opt/dir2'], true],
      [['/opt/dir3', '/opt/dir2'], false], [['/opt/*'], true], [['/opt/*/subdir'], true], [['/opt/di?/subdir'], true],
      [['/opt/dii?/subdir'], false], [['/opt/di[r]/subdir'], true], [['/opt/di[!r]/subdir'], false],
      [['/opt/di[t]/subdir'], false], [['/opt/di/subdir'], false], [['/opt/*/subdir2'], false], [['/opt/*/*'], true],
      [['/opt/*/*/subsubdir'], false],
    ];
    for (const [paths, exp] of cases) expect(check('pmatch', 'FSPATH', paths)(v), paths.join(',')).toBe(exp);
  });

  it('basic', () => {
    const t = buildPathPrefixSet(['/var/run', '/var/run/dmesg', '/etc/', '/lib', '/usr/lib', '/usr/local']);
    expect(t.match('/var/run/docker')).toBe(true);
    expect(t.match('/boot')).toBe(false);
    expect(t.match('/var/lib/messages')).toBe(false);
    expect(t.match('/var')).toBe(false);
    expect(t.match('/var/run')).toBe(true);
    expect(t.match('/usr')).toBe(false);
    expect(t.match('var/run')).toBe(true);
    expect(t.match('//var//run/')).toBe(true);
    expect(t.match('/variable')).toBe(false);
    expect(t.match('/etc')).toBe(true);
  });

  it('as_string', () => {
    const t = buildPathPrefixSet(['/var/run', '/var/run/dmesg', '/etc/', '/lib', '/tmp/*', '/opt/data/*', '/usr/lib', '/usr/local']);
    expect(t.toString()).toBe(
      'root ->\n    etc ->\n    lib ->\n    opt ->\n        data ->\n            * ->\n    tmp ->\n        * ->\n' +
        '    usr ->\n        lib ->\n        local ->\n    var ->\n        run ->\n',
    );
  });

  it('glob', () => {
    const t = buildPathPrefixSet(['/opt/*/subdir', '/opt2/*', '/opt3/*/subdir2/*']);
    expect(t.match('/opt')).toBe(false);
    expect(t.match('/opt/dir/subdir')).toBe(true);
    expect(t.match('/opt/dir/subdir/file.txt')).toBe(true);
    expect(t.match('/opt3/dir/subdir2')).toBe(false);
    expect(t.match('/opt3/dir/subdir2/file.txt')).toBe(true);
  });

  it('subpaths', () => {
    const paths = ['/var/log/messages', '/etc/', '/lib', '/usr/local/lib64'];
    let s = buildPathPrefixSet(paths).toString();
    expect(s).toContain('lib64');
    expect(s).toContain('messages');
    paths.push('/usr/local/new');
    s = buildPathPrefixSet(paths).toString();
    expect(s).toContain('lib64');
    expect(s).toContain('new');
    paths.push('/usr/local');
    s = buildPathPrefixSet(paths).toString();
    expect(s).not.toContain('lib64');
    expect(s).not.toContain('new');
    paths.push('/usr/local/lib64', '/usr/local/new');
    s = buildPathPrefixSet(paths).toString();
    expect(s).not.toContain('lib64');
    expect(s).not.toContain('new');
    paths.push('/usr');
    expect(buildPathPrefixSet(paths).toString()).not.toContain('local');
    paths.push('/var');
    s = buildPathPrefixSet(paths).toString();
    expect(s).not.toContain('log');
    expect(s).not.toContain('messages');
    paths.push('/');
    expect(buildPathPrefixSet(paths).toString()).not.toContain('var');
  });

  it('root_dir_match', () => {
    const t = buildPathPrefixSet(['/']);
    for (const p of ['/', '/one', '/one/two', '/one/two/three', '']) expect(t.match(p)).toBe(true);
  });

  it('root_dir_maps and many siblings', () => {
    expect(buildPathPrefixSet(['/etc', '/']).match('/owe/two')).toBe(true);
    const many = Array.from({ length: 50 }, (_, i) => `/d${i}/x`);
    const t = buildPathPrefixSet(many);
    expect(t.match('/d42/x/y')).toBe(true);
    expect(t.match('/d42/y')).toBe(false);
    expect(t.match('/d4')).toBe(false);
  });

  it('tries every glob sibling (upstream iterator bug not reproduced)', () => {
    const t = buildPathPrefixSet(['/a/*/x', '/a/b*/y']);
    expect(t.match('/a/bc/y')).toBe(true);
    expect(t.match('/a/bc/x')).toBe(true);
    expect(t.match('/a/bc/z')).toBe(false);
  });
});

describe('IP and network operators (filter_op_net_compare.ut.cpp)', () => {
  it('IPv4 connection 172.40.111.222 → 142.251.111.147', () => {
    const server = '142.251.111.147';
    const client = '172.40.111.222';
    expect(check('==', 'IPADDR', ['142.251.111.147'])(server)).toBe(true);
    expect(check('==', 'IPADDR', ['172.40.111.222'])(client)).toBe(true);
    expect(check('!=', 'IPADDR', ['142.251.111.147'])(server)).toBe(false);
    expect(check('!=', 'IPADDR', ['0:0:0:0:0:0:0:1'])(server)).toBe(true);
    expect(check('==', 'IPADDR', ['0:0:0:0:0:0:0:1'])(server)).toBe(false);
    // fd.net compares the server side here
    const net: [string, string, boolean][] = [
      ['==', '142.0.0.0/4', true], ['==', '142.251.0.0/8', true], ['==', '142.251.111.0/16', true],
      ['!=', '10.0.0.0/8', true], ['!=', '2001:db8:abcd:0012::0/64', true], ['==', '10.0.0.0/8', false],
      ['==', '2001:db8:abcd:0012::0/64', false],
    ];
    for (const [op, rhs, exp] of net) expect(check(op, 'IPNET', [rhs])(server), `${op} ${rhs}`).toBe(exp);
  });

  it('modifiers on fd.sip', () => {
    const v = '142.251.111.147';
    const cases: [string, string[], boolean][] = [
      ['== anyof', ['142.251.111.147'], true], ['== anyof', ['10.0.0.1', '142.251.111.147'], true],
      ['== anyof', ['10.0.0.1', '192.168.0.1'], false], ['== allof', ['142.251.111.147'], true],
      ['== allof', ['142.251.111.147', '10.0.0.1'], false], ['== oneof', ['142.251.111.147'], true],
      ['== oneof', ['10.0.0.1', '142.251.111.147'], true], ['== oneof', ['10.0.0.1', '192.168.0.1'], false],
      ['!= anyof', ['10.0.0.1'], true], ['!= anyof', ['142.251.111.147'], false],
      ['!= allof', ['10.0.0.1', '192.168.0.1'], true],
    ];
    for (const [op, rhs, exp] of cases) expect(check(op, 'IPADDR', rhs)(v), `${op} ${rhs}`).toBe(exp);
    expect(check('== anyof', 'IPNET', ['10.0.0.0/8', '142.0.0.0/8'])(v)).toBe(true);
    expect(check('!= allof', 'IPNET', ['10.0.0.0/8', '::1/128'])(v)).toBe(true);
  });

  it('IPv6 connection ::1 → 2001:4860:4860::8888', () => {
    const server = '2001:4860:4860::8888';
    expect(check('==', 'IPADDR', ['2001:4860:4860::8888'])(server)).toBe(true);
    expect(check('==', 'IPADDR', ['::1'])('::1')).toBe(true);
    expect(check('!=', 'IPADDR', ['2001:4860:4860::8888'])(server)).toBe(false);
    expect(check('!=', 'IPADDR', ['127.0.0.1'])(server)).toBe(true);
    expect(check('==', 'IPADDR', ['127.0.0.1'])(server)).toBe(false);
    const net: [string, string, boolean][] = [
      ['==', '2001::0/16', true], ['==', '2001:4860::0/32', true], ['==', '2001:4860:4860::8888/48', true],
      ['!=', '10::0/16', true], ['!=', '10.0.0.0/8', true], ['==', '10.0.0.0/8', false],
      ['==', '2001:db8:abcd:0012::0/64', false],
    ];
    for (const [op, rhs, exp] of net) expect(check(op, 'IPNET', [rhs])(server), `${op} ${rhs}`).toBe(exp);
  });

  it('accepts bytes and numbers as event values, in sets and lists', () => {
    expect(check('=', 'IPV4ADDR', ['10.0.0.1'])(bytes(10, 0, 0, 1))).toBe(true);
    expect(check('=', 'IPV4ADDR', ['10.0.0.1'])(0x0a000001)).toBe(true);
    expect(check('in', 'IPADDR', ['10.0.0.1', '::1'])('::1')).toBe(true);
    expect(check('in', 'IPADDR', ['10.0.0.1', '10.0.0.2'])('10.0.0.2')).toBe(true);
    expect(check('in', 'IPADDR', ['10.0.0.1', '10.0.0.2'])('::1')).toBe(false);
    expect(check('in', 'IPNET', ['10.0.0.0/8', '192.168.0.0/16'])('192.168.3.4')).toBe(true);
    expect(check('=', 'IPV6NET', ['fe80::/10'])('febf::1')).toBe(true);
    expect(check('=', 'IPV6NET', ['fe80::/10'])('fec0::1')).toBe(false);
    expect(check('=', 'IPV6NET', ['::1/128'])('::1')).toBe(true);
    expect(check('=', 'IPV4NET', ['0.0.0.0/0'])('1.2.3.4')).toBe(true);
    expect(check('=', 'IPADDR', ['10.0.0.1'])('not an ip')).toBe(false);
    expect(check('!=', 'IPADDR', ['10.0.0.1'])('not an ip')).toBe(false);
    const lst = check('intersects', 'IPNET', ['10.0.0.0/8'], true);
    expect(lst(['192.168.0.1', '10.1.2.3'])).toBe(true);
    expect(check('in', 'IPNET', ['10.0.0.0/8'], true)(['192.168.0.1', '10.1.2.3'])).toBe(false);
    expect(check('in', 'IPADDR', ['10.0.0.1', '::1'], true)(['::1', '10.0.0.1'])).toBe(true);
  });
});

describe('modifiers (cmp_operator_modifiers.cpp, filter_str_op_modifier_evaluation)', () => {
  it.each(MODIFIER_CASES)('%s %s %s %j → %s', (lhs, op, mod, values, exp) => {
    const c = compileCheck(op, mod, 'CHARBUF', false, values);
    if ('error' in c) throw new Error(c.error);
    expect(c(lhs)).toBe(exp);
  });

  it('compound expressions', () => {
    const v = 'myexe';
    const m = (op: string, values: string[]) => check(op, 'CHARBUF', values)(v);
    expect(m('== oneof', ['myexe']) && m('!= allof', ['bash', 'sh'])).toBe(true);
    expect(m('== oneof', ['myexe']) && m('!= allof', ['myexe', 'bash'])).toBe(false);
    expect(m('== anyof', ['myexe', 'bash']) || m('!= oneof', ['myexe'])).toBe(true);
  });

  it('evt.type = getcwd', () => {
    const v = 'getcwd';
    const cases: [string, string[], boolean][] = [
      ['== oneof', ['getcwd', 'openat'], true], ['== oneof', ['getcwd'], true], ['== oneof', ['openat', 'execve'], false],
      ['== oneof', [], false], ['== anyof', ['getcwd', 'openat'], true], ['== anyof', ['getcwd'], true],
      ['== anyof', ['openat', 'execve'], false], ['== anyof', [], false], ['== allof', ['getcwd'], true],
      ['== allof', ['getcwd', 'openat'], false], ['== allof', ['openat'], false], ['== allof', [], false],
    ];
    for (const [op, rhs, exp] of cases) expect(check(op, 'CHARBUF', rhs)(v), `${op} ${rhs}`).toBe(exp);
    expect(check('== oneof', 'CHARBUF', ['SYSCALL', 'NA'])('SYSCALL')).toBe(true);
    expect(check('== oneof', 'CHARBUF', ['UNKNOWN', 'NA'])('SYSCALL')).toBe(false);
  });

  it('works on other types and bytebufs', () => {
    expect(check('= anyof', 'UINT64', ['1', '2'])(2)).toBe(true);
    expect(check('!= allof', 'UINT64', ['1', '2'])(3)).toBe(true);
    expect(check('= oneof', 'INT64', ['1', '1'])(1)).toBe(false);
    expect(check('bcontains anyof', 'BYTEBUF', ['68', '7a'])('hello')).toBe(true);
    expect(check('bstartswith allof', 'BYTEBUF', ['68', '6865'])('hello')).toBe(true);
    expect(check('contains oneof', 'BYTEBUF', ['ll', 'zz'])(bytes(0x68, 0x65, 0x6c, 0x6c, 0x6f))).toBe(true);
  });
});

describe('list fields (mock.cpp, spec §4.11)', () => {
  const list = ['value1', 'charbuf'];
  it('in is a subset test, intersects an intersection test', () => {
    expect(check('in', 'CHARBUF', ['value1'], true)(list)).toBe(false);
    expect(check('intersects', 'CHARBUF', ['value1'], true)(list)).toBe(true);
    expect(check('in', 'CHARBUF', ['value1', 'charbuf', 'x'], true)(list)).toBe(true);
    // list_CO_IN_rhs_filter_list: test.list in val(test.another_list) — the same two values
    expect(check('in', 'CHARBUF', list, true)(list)).toBe(true);
    expect(check('intersects', 'CHARBUF', list, true)(list)).toBe(true);
    expect(check('in', 'CHARBUF', ['a'], true)([])).toBe(true);
    expect(check('intersects', 'CHARBUF', ['a'], true)([])).toBe(false);
    expect(check('exists', 'CHARBUF', [], true)([])).toBe(true);
    expect(check('in', 'CHARBUF', ['a'], true)(undefined)).toBe(false);
    // docs: (b,c,d) in (a,b,c) is false, intersects is true
    expect(check('in', 'CHARBUF', ['a', 'b', 'c'], true)(['b', 'c', 'd'])).toBe(false);
    expect(check('intersects', 'CHARBUF', ['a', 'b', 'c'], true)(['b', 'c', 'd'])).toBe(true);
    expect(check('in', 'UINT64', ['1', '2'], true)([1, 2n, 2])).toBe(true);
    expect(check('in', 'BOOL', ['true'], true)([true, true])).toBe(true);
    expect(check('intersects', 'RELTIME', ['5'], true)([1, 2])).toBe(false);
  });

  it('refuses other operators on lists', () => {
    expect(compileError('=', 'CHARBUF', ['charbuf'], true)).toBe("filter error: '=' operator not supported list filters");
    expect(() => makeComparator('=', undefined, 'CHARBUF', true, [])).toThrow(/not supported list filters/);
  });
});

describe('event value conversion', () => {
  it('converts per type', () => {
    expect(toComparable('10.0.0.1', 'IPADDR')).toEqual({ kind: 'ipv4', value: 0x0a000001 });
    expect(toComparable('::1', 'IPNET')?.kind).toBe('ipv6');
    expect(toComparable(300, 'UINT8')).toEqual({ kind: 'int', value: 44 });
    expect(toComparable(-1, 'UINT64')).toEqual({ kind: 'int', value: 18446744073709551615n });
    expect(toComparable(2n ** 63n, 'INT64')).toEqual({ kind: 'int', value: -(2n ** 63n) });
    expect(toComparable('42', 'PID')).toEqual({ kind: 'int', value: 42 });
    expect(toComparable(true, 'BOOL')).toEqual({ kind: 'bool', value: 1 });
    expect(toComparable('a\0b', 'CHARBUF')).toEqual({ kind: 'string', value: 'a' });
    expect(toComparable('x', 'UINT64')).toBeUndefined();
    expect(toComparable(undefined, 'CHARBUF')).toBeUndefined();
    const v6 = new Uint8Array(16);
    expect(parseIPv6('fe80::1%eth0', v6)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Shared conformance files

interface GlobCase { p: string; s: string; glob: boolean; iglob: boolean }
const GLOB_CASES: GlobCase[] = JSON.parse(
  readFileSync(new URL('../../shared/conformance/glob-cases.json', import.meta.url), 'utf8'),
) as GlobCase[];

describe('glob conformance (glibc fnmatch)', () => {
  it('has the cases', () => expect(GLOB_CASES.length).toBeGreaterThanOrEqual(50));
  it.each(GLOB_CASES)('$p ~ $s: glob $glob, iglob $iglob', ({ p, s, glob, iglob }) => {
    expect(compileGlob(p, false)(s)).toBe(glob);
    expect(compileGlob(p, true)(s)).toBe(iglob);
    expect(check('glob', 'CHARBUF', [p])(s)).toBe(glob);
    expect(check('iglob', 'CHARBUF', [p])(s)).toBe(iglob);
  });

  it('more fnmatch details', () => {
    const cases: [string, string, boolean][] = [
      ['[[:alpha:][:digit:]]', '5', true], ['[[:foo:]]', 'f', false], ['[a[:foo:]]', 'a', true],
      ['[a[:foo:]]', 'b', false], ['[[:alpha:]-z]', '-', true], ['[a-c-e]', '-', true], ['[a-c-e]', 'e', true],
      ['[[.a.]]', 'a', true], ['[[=a=]]', 'a', true], ['[[=a=]]', 'b', false], ['[!a-c]', 'd', true],
      ['[!a-c]', 'b', false], ['*[', 'x[', true], ['[*', '[xyz', true], ['[[', '[[', false], ['a\\', 'a', false],
      ['[\\', '[\\', false], ['[]', '[]', true], ['[]]', ']', true], ['*a*', 'bab', true], ['*.txt', 'a.txt.bak', false],
      ['?*?', 'ab', true], ['?*?', 'a', false], ['\u{1F600}?', '\u{1F600}x', true], ['?', '\u{1F600}', true],
      ['[\u{1F600}]', '\u{1F600}', true], ['**a', 'xa', true], ['', '', true], ['', 'a', false],
    ];
    for (const [p, s, exp] of cases) expect(globMatch(p, s), `${p} ~ ${s}`).toBe(exp);
    expect(globMatch('[[:upper:]]', 'A', true)).toBe(true);
    expect(globMatch('[[:upper:]]', 'a', true)).toBe(false);
    expect(globMatch('É*', 'été', true)).toBe(true);
    expect(globMatch('[A-C]x', 'bX', true)).toBe(true);
  });

  it('runs in linear time', () => {
    const s = 'a'.repeat(5000);
    const t0 = performance.now();
    expect(compileGlob('a*a*a*a*a*a*b', false)(s)).toBe(false);
    expect(compileGlob('a*a*a*a*a*a*b', true)(s)).toBe(false);
    expect(compileGlob('*?*?*?*?*?*?*b', false)(s)).toBe(false);
    expect(compileGlob('[a]*[a]*[a]*[a]*[a]*[a]*[b]', false)(s)).toBe(false);
    expect(compileGlob('*' + 'a'.repeat(100) + 'b', false)(s)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('linear time (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1000, max: 20000 }), (k, n) => {
        const p = Array.from({ length: k }, () => 'a').join('*') + '*b';
        const t0 = performance.now();
        const r = compileGlob(p, false)('a'.repeat(n));
        return r === false && performance.now() - t0 < 200;
      }),
      { numRuns: 30 },
    );
  });
});

const REGEX_ROWS: { pattern: string; input: string; outcome: string; error: string }[] = readFileSync(
  new URL('../../shared/conformance/regex-posix.tsv', import.meta.url),
  'utf8',
)
  .split('\n')
  .slice(1)
  .filter((l) => l.length > 0)
  .map((l) => {
    const [pattern = '', input = '', outcome = '', error = ''] = l.split('\t');
    return { pattern, input, outcome, error };
  });

describe('regex conformance (RE2::POSIX)', () => {
  it('has the rows', () => expect(REGEX_ROWS.length).toBeGreaterThanOrEqual(30));
  it.each(REGEX_ROWS)('$pattern on $input → $outcome', ({ pattern, input, outcome, error }) => {
    const re = compileRegex(pattern);
    if (outcome === 'E') {
      expect('error' in re ? re.error : undefined).toBe(error);
    } else {
      if ('error' in re) throw new Error(re.error);
      expect(re.test(input)).toBe(outcome === 'T');
    }
  });

  it('more RE2 POSIX details', () => {
    const ok: [string, string, boolean][] = [
      ['a**', 'aaa', true], ['x+?', 'xx', true], ['^*a', 'a', true], ['a{2}{3}', 'aaaaaa', true], ['a{,2}', 'a{,2}', true],
      ['a{01}', 'a{01}', true], ['{', '{', true], ['a{1000}', 'a'.repeat(1000), true], ['\\x41\\x{42}\\103', 'ABC', true],
      ['[]a]+', ']a', true], ['[^]a]', 'b', true], ['[a-]+', 'a-', true], ['[-a]', '-', true], ['\\_\\.\\-', '_.-', true],
      ['.', '\n', false], ['[^a]', '\n', true], ['[[:^alpha:]]', '\n', true], ['a$\\n^b', 'a\nb', true],
      ['[[:word:]]+', 'a_1', true], ['(a|)+', 'aa', true], ['()', '', true], ['a|', '', true], ['\\n', '\n', true],
      ['[\\x{1F600}-\\x{1F64F}]', '\u{1F601}', true], ['.', '\u{1F600}', true], ['..', '\u{1F600}', false],
    ];
    for (const [p, s, exp] of ok) {
      const re = compileRegex(p);
      if ('error' in re) throw new Error(`${p}: ${re.error}`);
      expect(re.test(s), `${p} on ${JSON.stringify(s)}`).toBe(exp);
    }
    const bad: [string, string][] = [
      ['(a', 'missing ): (a'], ['a)', 'unexpected ): a)'], ['[a', 'missing ]: [a'], ['a\\', 'trailing \\'],
      ['*a', 'no argument for repetition operator: *'], ['a|*', 'no argument for repetition operator: *'],
      ['(*)', 'no argument for repetition operator: *'], ['{2}', 'no argument for repetition operator: {2}'],
      ['a{2,1}', 'invalid repetition size: {2,1}'], ['(a{2}){501}', 'invalid repetition size: {501}'],
      ['[z-a]', 'invalid character class range: z-a'], ['[a-b-c]', 'invalid character class range: -c'],
      ['[[:foo:]]', 'invalid character class range: [:foo:]'], ['\\8', 'invalid escape sequence: \\8'],
      ['\\x4g', 'invalid escape sequence: \\x4g'], ['\\x{}', 'invalid escape sequence: \\x{}'],
      ['\\B', 'invalid escape sequence: \\B'], ['\\z', 'invalid escape sequence: \\z'], ['\\C', 'invalid escape sequence: \\C'],
      ['\\PL', 'invalid escape sequence: \\P'], ['(?P<n>a)', 'no argument for repetition operator: ?'],
      ['\\é', 'invalid escape sequence: \\é'],
    ];
    for (const [p, e] of bad) expect(regexError(p), p).toBe(e);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

const ALPHABET = ['a', 'b', 'A', '/', '.', 'é', '*', '?'];
const smallString = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 6 }).map((a) => a.join(''));
const rhsString = fc.array(fc.constantFrom('a', 'b', 'A', '/', 'é'), { maxLength: 3 }).map((a) => a.join(''));
const STRING_OPS = ['=', '!=', 'contains', 'icontains', 'startswith', 'endswith', 'glob', 'iglob', '<', '>='];

describe('properties', () => {
  it('anyof ≡ OR, allof ≡ AND, oneof ≡ exactly one (strings)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STRING_OPS.filter((o) => o !== '<' && o !== '>=')), smallString, fc.array(rhsString, { maxLength: 4 }), (op, v, rhs) => {
        const singles = rhs.map((r) => check(op, 'CHARBUF', [r])(v));
        const count = singles.filter(Boolean).length;
        const any = check(`${op} anyof`, 'CHARBUF', rhs)(v);
        const all = check(`${op} allof`, 'CHARBUF', rhs)(v);
        const one = check(`${op} oneof`, 'CHARBUF', rhs)(v);
        const n = rhs.length;
        return any === count > 0 && all === (n > 0 && count === n) && one === (count === 1);
      }),
      { numRuns: 500 },
    );
  });

  it('anyof ≡ OR, allof ≡ AND, oneof ≡ exactly one (numbers, IPs)', () => {
    fc.assert(
      fc.property(fc.constantFrom('=', '!='), fc.integer({ min: 0, max: 4 }), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }), (op, v, rhs) => {
        const texts = rhs.map(String);
        const ips = rhs.map((r) => `10.0.0.${r}`);
        for (const [type, vals, value] of [['INT64', texts, v], ['UINT16', texts, v], ['IPADDR', ips, `10.0.0.${v}`]] as [FieldType, string[], EventValue][]) {
          const count = vals.filter((r) => check(op, type, [r])(value)).length;
          if (check(`${op} anyof`, type, vals)(value) !== count > 0) return false;
          if (check(`${op} allof`, type, vals)(value) !== (vals.length > 0 && count === vals.length)) return false;
          if (check(`${op} oneof`, type, vals)(value) !== (count === 1)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('in (a, b) ≡ = a or = b; intersects ≡ in for scalars', () => {
    fc.assert(
      fc.property(smallString, rhsString, rhsString, (v, a, b) => {
        const inAB = check('in', 'CHARBUF', [a, b])(v);
        return inAB === (check('=', 'CHARBUF', [a])(v) || check('=', 'CHARBUF', [b])(v)) && inAB === check('intersects', 'CHARBUF', [a, b])(v);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v, a, b) => {
        const vv = v % 3n === 0n ? a : v;
        const inAB = check('in', 'UINT64', [String(a), String(b)])(vv);
        return inAB === (check('=', 'UINT64', [String(a)])(vv) || check('=', 'UINT64', [String(b)])(vv));
      }),
      { numRuns: 300 },
    );
  });

  it('list in ≡ every element in the set; intersects ≡ some', () => {
    fc.assert(
      fc.property(fc.array(rhsString, { maxLength: 4 }), fc.array(rhsString, { maxLength: 4 }), (vals, rhs) => {
        const set = new Set(rhs);
        return (
          check('in', 'CHARBUF', rhs, true)(vals) === vals.every((x) => set.has(x)) &&
          check('intersects', 'CHARBUF', rhs, true)(vals) === vals.some((x) => set.has(x))
        );
      }),
    );
  });

  it('string ordering agrees with UTF-8 byte order', () => {
    const cmpBytes = (a: string, b: string) => {
      const x = stringToBytes(a);
      const y = stringToBytes(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    };
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => Math.sign(compareStrings(a, b)) === Math.sign(cmpBytes(a, b))),
      { numRuns: 500 },
    );
  });

  it('glob without wildcards is equality; "*x*" is contains', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z./]{0,6}$/), fc.stringMatching(/^[a-z./]{0,6}$/), (p, s) =>
        globMatch(p, s) === (p === s) && globMatch(`*${p}*`, s) === s.includes(p) && globMatch(`${p}*`, s) === s.startsWith(p),
      ),
    );
  });

  it('bytes ↔ string round trip', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 20 }), (b) => {
      const back = stringToBytes(bytesToString(b));
      return back.length === b.length && back.every((x, i) => x === b[i]);
    }));
  });
});

// Type-level use of the exported Constant type (keeps the import meaningful).
const _unused: Constant | undefined = undefined;
void _unused;
