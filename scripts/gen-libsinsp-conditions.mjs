#!/usr/bin/env node
// Generates the conditions of the libsinsp differential set (test/data/libsinsp-differential.jsonl) from the
// field values of the three captures' events (../shared/corpus/scap/*.events.jsonl, relative to the repo root).
//
//   node scripts/gen-libsinsp-conditions.mjs            one JSON string (a condition) per line, on stdout
//
// Deterministic (no clock, a fixed seed, input order): test/differential.libsinsp.test.ts calls
// `generateConditions()` and requires exactly the conditions of the committed data, so the data cannot drift
// from the generator. The answers in the data come from upstream libsinsp (see scripts/label-libsinsp-conditions.mjs).
//
// What it covers: every field of the events files with the operators of its type (and some it refuses), the
// modifiers oneof/anyof/allof, the transformers alone and in chains (bytes from b64 included), val(), the
// filter-only fields fd.net/fd.ip/fd.port/fd.proto/fd.*net, evt.type values known and unknown, exists and
// not exists on every field, negations and and/or combinations of the above.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CAPTURE_NAMES = ['connect_localhost', 'open-multiple-files', 'syscall'];
const eventsPath = (name) => resolve(ROOT, `../shared/corpus/scap/${name}.events.jsonl`);

/** Field kinds, as libsinsp types them (checked by the test through our catalog). */
const STRING_FIELDS = [
  'evt.type', 'evt.dir', 'evt.category', 'evt.res', 'evt.args', 'evt.arg.flags', 'evt.arg.name', 'evt.arg.fd',
  'evt.arg.res', 'proc.name', 'proc.pname', 'proc.exe', 'proc.exepath', 'proc.cmdline', 'proc.args', 'proc.cwd',
  'proc.aname[1]', 'proc.aname[2]', 'proc.aname[3]', 'proc.aname[4]', 'user.name', 'group.name', 'fd.name',
  'fd.directory', 'fd.filename', 'fd.typechar', 'fd.type', 'fd.l4proto', 'fd.sockfamily',
];
const NUMBER_FIELDS = [
  'evt.num', 'evt.rawres', 'proc.tty', 'proc.pid', 'proc.ppid', 'proc.vpid', 'proc.apid[1]', 'proc.apid[2]',
  'thread.tid', 'user.uid', 'group.gid', 'fd.num',
];
const BOOL_FIELDS = ['evt.failed', 'evt.is_open_read', 'evt.is_open_write', 'proc.is_exe_writable', 'fd.is_server'];
const IP_FIELDS = ['fd.sip', 'fd.cip', 'fd.lip', 'fd.rip'];
const PORT_FIELDS = ['fd.sport', 'fd.cport', 'fd.lport', 'fd.rport'];
/** Fields that get every operator of their type (the others get the common ones). */
const FULL_STRING_FIELDS = ['proc.name', 'proc.cmdline', 'proc.exe', 'proc.args', 'proc.aname[2]', 'user.name', 'fd.name', 'fd.directory', 'evt.category', 'evt.arg.fd'];
const FULL_NUMBER_FIELDS = ['evt.rawres', 'proc.pid', 'user.uid', 'fd.num', 'evt.num', 'proc.tty'];
export const EVENT_FIELDS = [...STRING_FIELDS, ...NUMBER_FIELDS, ...BOOL_FIELDS, ...IP_FIELDS, ...PORT_FIELDS];

/** A small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value as condition text: bare when it is a plain word, else double-quoted with `\` and `"` escaped. */
export function q(v) {
  const s = String(v);
  if (/^[A-Za-z0-9_/][A-Za-z0-9_./:-]*$/.test(s) && !/^(and|or|not|exists|in|val)$/.test(s)) return s;
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
const list = (vs) => `(${vs.map(q).join(', ')})`;

/** Values of each field over the three captures, most frequent first (ties: first seen). */
function fieldValues(captures) {
  const byField = new Map();
  for (const events of captures) {
    for (const e of events) {
      for (const [k, v] of Object.entries(e)) {
        let m = byField.get(k);
        if (!m) byField.set(k, (m = new Map()));
        m.set(v, (m.get(v) ?? 0) + 1);
      }
    }
  }
  const out = new Map();
  for (const [k, m] of byField) out.set(k, [...m].sort((a, b) => b[1] - a[1]).map(([v]) => v));
  return out;
}

export function loadCaptures() {
  return CAPTURE_NAMES.map((n) => readFileSync(eventsPath(n), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)));
}

function b64(s) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(s)));
}

/** Every condition of the set, in a fixed order, without repeats. */
export function generateConditions(captures = loadCaptures()) {
  const values = fieldValues(captures);
  const out = [];
  const seen = new Set();
  // `atom`: a plain check that compiles, usable inside the and/or/not combinations at the end
  const atoms = [];
  const add = (c, atom = false) => {
    if (!seen.has(c)) {
      seen.add(c);
      out.push(c);
      if (atom) atoms.push(c);
    }
  };
  const atom = (c) => add(c, true);
  const vals = (f) => (values.get(f) ?? []).filter((v) => v !== null && v !== undefined);
  const common = (f) => vals(f)[0];
  const rare = (f) => vals(f)[vals(f).length - 1];
  const nonEmpty = (f) => vals(f).filter((v) => String(v) !== '');

  // -- exists on every field, and its negation
  for (const f of EVENT_FIELDS) {
    atom(`${f} exists`);
    add(`not ${f} exists`);
  }

  // -- strings: every operator and modifier on some fields, the common ones on the others
  for (const f of STRING_FIELDS) {
    const full = FULL_STRING_FIELDS.includes(f);
    if (f === 'evt.type') continue;
    const vs = nonEmpty(f);
    if (vs.length === 0) continue;
    const v1 = String(vs[0]);
    const v2 = String(vs[vs.length - 1]);
    const mid = v1.length > 2 ? v1.slice(1, Math.max(2, Math.min(v1.length - 1, 5))) : v1;
    const pre = v1.slice(0, Math.max(1, Math.min(4, v1.length - 1)));
    const suf = v1.slice(-Math.max(1, Math.min(3, v1.length - 1)));
    atom(`${f} = ${q(v1)}`);
    atom(`${f} != ${q(v1)}`);
    atom(`${f} = ${q(v2)}`);
    add(`not ${f} = ${q(v1)}`);
    atom(`${f} in ${list([v1, v2])}`);
    add(`${f} in ${list([v2, 'zz-none'])}`);
    atom(`${f} contains ${q(mid)}`);
    atom(`${f} startswith ${q(pre)}`);
    atom(`${f} endswith ${q(suf)}`);
    atom(`${f} glob ${q(`${pre}*`)}`);
    add(`${f} < ${q(v1)}`);
    atom(`tolower(${f}) = ${q(v1.toLowerCase())}`);
    add(`len(${f}) = ${new TextEncoder().encode(v1).length}`);
    if (!full) continue;
    add(`${f} intersects ${list([v1])}`);
    atom(`${f} icontains ${q(mid.toUpperCase())}`);
    add(`${f} glob ${q(`*${suf}`)}`);
    atom(`${f} iglob ${q(`${pre.toUpperCase()}*`)}`);
    add(`${f} regex ${q(`^${pre.replace(/[.*+?()[\]{}|\\^$]/g, '\\$&')}.*`)}`);
    add(`${f} >= ${q(v2)}`);
    add(`${f} > ${q(mid)}`);
    atom(`${f} pmatch ${list([v1])}`);
    atom(`${f} contains anyof ${list([mid, 'zz-none'])}`);
    add(`${f} startswith oneof ${list([pre, v1])}`);
    add(`${f} = allof ${list([v1])}`);
    atom(`${f} != anyof ${list([v1, v2])}`);
    add(`${f} endswith allof ${list([suf, v1])}`);
    add(`${f} bcontains ${q(Buffer.from(mid).toString('hex'))}`);
    add(`toupper(${f}) = ${q(v1.toUpperCase())}`);
    atom(`toupper(${f}) contains ${q(mid.toUpperCase())}`);
    atom(`len(${f}) > 5`);
    add(`basename(${f}) = ${q(v1.slice(v1.lastIndexOf('/') + 1))}`);
    add(`b64(${f}) exists`);
    add(`concat(${f}, "x") = ${q(`${v1}x`)}`);
    add(`${f} = ""`);
  }
  // empty strings, where the events have some
  for (const f of STRING_FIELDS) if (vals(f).some((v) => v === '')) add(`${f} != ""`);

  // -- evt.type: values must be event type names
  for (const c of [
    'evt.type = open', 'evt.type = procinfo', 'evt.type != procinfo', 'evt.type in (open, close, fstat)',
    'evt.type in (socket, connect)', 'evt.type = NA', 'evt.type = syscall', 'evt.type = mmap2', 'evt.type < open',
    'evt.type > open', 'evt.type startswith open', 'evt.type endswith stat', 'evt.type contains close',
    'evt.type pmatch (open)', 'evt.type = oneof (open, close)', 'evt.type != allof (open, close)',
    'evt.type = opne', 'evt.type in (open, bogus)', 'evt.type startswith op', 'evt.type glob "open*"',
    'evt.type regex "^open$"', 'evt.type = OPEN', 'toupper(evt.type) = OPEN', 'toupper(evt.type) = open',
    'tolower(evt.type) = open', 'len(evt.type) = 4', 'len(evt.type) = x', 'basename(evt.type) = close',
    'evt.type = val(proc.name)', 'concat(evt.type, "x") = openx', 'evt.type contains anyof (open, zz)',
    'evt.asynctype = bogus', 'evt.type exists', 'evt.type = ""', 'evt.type = na_1', 'evt.type = unknown', 'syscall.type = bogus', 'not evt.type = procinfo and not evt.type = open',
  ]) add(c);
  for (const c of ['evt.type = open', 'evt.type != procinfo', 'evt.type in (open, close, fstat)', 'evt.type in (socket, connect)']) atom(c);

  // -- numbers
  for (const f of NUMBER_FIELDS) {
    const vs = vals(f);
    if (vs.length === 0) continue;
    const n1 = vs[0];
    const n2 = vs[vs.length - 1];
    atom(`${f} = ${n1}`);
    atom(`${f} != ${n1}`);
    add(`${f} = ${n2}`);
    atom(`${f} < ${n1}`);
    add(`${f} <= ${n1}`);
    atom(`${f} > ${n2}`);
    atom(`${f} >= ${n2}`);
    atom(`${f} in (${n1}, ${n2})`);
    add(`${f} intersects (${n1})`);
    atom(`${f} = anyof (${n1}, ${n2})`);
    atom(`${f} != allof (${n1}, ${n2})`);
    add(`${f} = oneof (${n1}, ${n1})`);
    add(`not ${f} = ${n1}`);
    if (!FULL_NUMBER_FIELDS.includes(f)) continue;
    add(`${f} = -1`);
    add(`${f} > 4294967295`);
    add(`${f} = abc`);
    add(`${f} = 1.5`);
    add(`${f} = 0x10`);
    add(`${f} contains 1`);
    add(`${f} startswith 1`);
    add(`len(${f}) = 1`);
    add(`tolower(${f}) = 1`);
  }
  // -- booleans
  for (const f of BOOL_FIELDS) {
    for (const c of [`${f} = true`, `${f} = false`, `${f} != true`, `${f} in (true)`]) atom(c);
    for (const c of [`${f} = 1`, `${f} = True`, `${f} < true`, `not ${f} = false`, `${f} = anyof (true, false)`]) add(c);
  }
  // -- addresses and ports
  for (const f of IP_FIELDS) {
    for (const c of [`${f} = 127.0.0.1`, `${f} != 127.0.0.1`, `${f} in (10.0.0.1, 127.0.0.1)`]) atom(c);
    for (const c of [`${f} != 10.0.0.1`, `${f} = ::1`, `${f} != ::1`, `${f} = 127.0.0.0/8`, `${f} = 127.1`, `${f} contains 127`, `${f} = anyof (127.0.0.1)`, `${f} intersects (127.0.0.1)`]) add(c);
  }
  for (const f of PORT_FIELDS) {
    for (const c of [`${f} = 80`, `${f} != 80`, `${f} < 1024`]) atom(c);
    for (const c of [`${f} >= 1024`, `${f} in (80, 443)`, `${f} = http`, `${f} = ssh`, `${f} = nosuchservice`, `${f} = 65536`]) add(c);
  }
  for (const f of ['fd.net', 'fd.cnet', 'fd.snet', 'fd.lnet', 'fd.rnet']) {
    for (const c of [`${f} = 127.0.0.0/8`, `${f} != 127.0.0.0/8`]) atom(c);
    for (const c of [`${f} = 10.0.0.0/8`, `${f} != 10.0.0.0/8`, `${f} in (127.0.0.0/8)`, `${f} = 0.0.0.0/8`,
      `${f} = ::1/128`, `${f} != ::1/128`, `${f} = 127.0.0.1`, `${f} exists`, `not ${f} exists`, `${f} < 127.0.0.0/8`]) add(c);
  }
  for (const c of ['fd.ip = 127.0.0.1', 'fd.ip != 127.0.0.1', 'fd.port = 80', 'fd.port != 80', 'fd.port < 100', 'fd.ip exists', 'fd.port exists']) atom(c);
  for (const c of ['fd.ip = 0.0.0.0', 'fd.ip != 0.0.0.0', 'fd.ip in (127.0.0.1, 10.0.0.1)', 'fd.ip = ::1',
    'fd.ip != ::1', 'fd.ip = ::', 'fd.ip exists', 'not fd.ip exists', 'fd.ip = 127.0.0.0/8', 'fd.ip contains 1', 'not fd.ip = 127.0.0.1',
    'fd.port = 80', 'fd.port != 80', 'fd.port = 47192', 'fd.port = 0', 'fd.port != 0', 'fd.port < 100', 'fd.port > 100', 'fd.port <= 80',
    'fd.port >= 47192', 'fd.port in (80, 22)', 'fd.port = http', 'fd.port exists', 'not fd.port exists', 'not fd.port = 80',
    'fd.proto = 80', 'fd.proto != 80', 'fd.proto = http', 'fd.proto = 0', 'fd.proto exists', 'not fd.proto exists', 'fd.proto = tcp',
    'fd.net exists', 'not fd.net exists', 'fd.net = 127.0.0.0/8 and fd.port = 80', 'fd.ip = val(fd.sip)', 'fd.sip = val(fd.cip)',
    'fd.sport > val(fd.cport)', 'fd.lport = val(fd.cport)', 'fd.rip = val(fd.sip)', 'toupper(fd.ip) = x', 'fd.net intersects (127.0.0.0/8)',
    // operators and modifiers on the client-or-server fields, past their first value
    'fd.ip intersects (127.0.0.1)', 'fd.port intersects (80)', 'fd.ip = anyof (10.0.0.1, 127.0.0.1)', 'fd.ip != allof (10.0.0.1, 127.0.0.1)',
    'fd.port = anyof (22, 80)', 'fd.port in (22, 80)', 'fd.net in (10.0.0.0/8, 127.0.0.0/8)', 'fd.net = anyof (10.0.0.0/8, 127.0.0.0/8)',
    'fd.sip in (10.0.0.1, 127.0.0.1)', 'fd.snet in (10.0.0.0/8, 127.0.0.0/8)']) add(c);

  // -- transformers: chains, bytes, multi-argument
  for (const c of [
    'len(b64(proc.name)) = 3', 'len(b64(proc.name)) = 7', 'b64(proc.name) exists', 'b64(proc.name) = "\\xb2\\xc8]"',
    'len(b64(proc.name)) > 0', 'toupper(b64(proc.name)) exists', 'len(toupper(b64(proc.name))) = 3', 'basename(b64(proc.name)) exists',
    'b64(b64(proc.name)) exists', 'len(b64(user.name)) = 3', 'b64(user.name) exists', 'b64(fd.typechar) exists',
    `b64(proc.args) exists`, 'len(b64(evt.arg.res)) = 0',
    'toupper(basename(proc.exe)) = DOCKERD', 'basename(tolower(proc.exe)) = bash', 'len(tolower(fd.name)) > 10',
    'len(basename(fd.name)) = 6', 'tolower(toupper(proc.name)) = bash', 'toupper(tolower(proc.cmdline)) startswith DOCKERD',
    'len(len(proc.name)) = 1', 'basename(proc.cwd) = ""', 'basename(fd.directory) = tmp', 'len(proc.exepath) = 0',
    'concat(proc.name, "-", proc.pname) = "bash-sshd"', 'concat(proc.name, proc.pname) startswith bash',
    'concat(proc.name, "/", fd.filename) contains python', 'concat(toupper(proc.name), "x") = BASHx',
    'len(concat(proc.name, proc.pname)) > 8', 'concat(proc.exe, proc.name) exists', 'concat(fd.name, "") = /tmp/file-1',
    'concat(proc.name) = bash', 'concat(proc.pid, "x") = 1x', 'concat(fd.name, proc.name) = x',
    'join(",", (proc.name, proc.pname)) = "bash,sshd"', 'join("->", (proc.aname[2], proc.pname, proc.name)) contains "bash->"',
    'join(",", (proc.name, proc.pid)) startswith "bash,"', 'join("", (proc.name)) = bash', 'join(",", ()) = ""',
    'join(toupper(proc.name), ("a", "b")) = aBASH', 'len(join(",", (proc.name, proc.pname))) = 9',
    'join(",", (proc.name, fd.name)) exists', 'join(proc.name, ("x", "y")) = xbashy', 'join(",", proc.name) = bash',
    'getopt(("-l", "x"), "l:")[l] = x', 'getopt((proc.name, "-l"), "l:") intersects (l)', 'getopt(("-ab", "-c", "v"), "abc:") in (a, b, c, v)',
    'getopt(("-a", "--long", "-b"), "ab") intersects (b)', 'getopt(("-z"), "ab") in ("?")', 'getopt(("-c"), "c:")[c] = ""',
    'getopt(("-Hfd", "x"), "H:")[H] = fd', 'len(getopt(("-a"), "a")) = 1', 'len(getopt(("-a", "-b"), "ab")) = 1',
    'getopt(("-a"), "a")[ab] exists', 'getopt(proc.args, "H:")[H] exists', 'getopt(("-x", proc.name), "x:")[x] = bash',
    'tolower(proc.name) = val(proc.pname)', 'proc.name = val(proc.pname)', 'proc.name != val(proc.pname)',
    'proc.name = val(proc.aname[1])', 'proc.exe endswith val(proc.name)', 'proc.cmdline startswith val(proc.name)',
    'proc.pid = val(thread.tid)', 'proc.pid != val(proc.vpid)', 'proc.ppid = val(proc.pid)', 'user.uid = val(group.gid)',
    'evt.num > val(thread.tid)', 'proc.pid = val(proc.name)', 'proc.name contains val(user.name)', 'proc.name in (val(proc.pname))',
    'fd.name = val(evt.arg.name)', 'fd.filename = val(fd.name)', 'proc.name = val(toupper(proc.pname))',
    'toupper(proc.name) = val(proc.name)', 'len(proc.name) = val(proc.pid)', 'proc.name = val(proc.pname, proc.name)',
    'concat(proc.name, "x") = val(proc.pname)', 'join(",", (proc.name)) = val(proc.pname)', 'proc.pname = val(proc.name)',
    'proc.name pmatch val(proc.pname)', 'proc.name regex val(proc.pname)', 'unknown.field = 1', 'proc.nmae = bash',
    'tolower(proc.pid) = 1', 'toupper(fd.num) = 1', 'b64(proc.pid) exists', 'basename(evt.num) = 1', 'len(proc.pid) = 1',
    'nosuch(proc.name) = x', 'tolower(proc.aname) = bash', 'len(fd.sip) = 4',
  ]) add(c);
  // bytes through chains: "sshd" and "root" are base64 for bytes that are not UTF-8 (b2 c8 5d, ae 8a 2d); "AA==" and
  // "AGFi" add a NUL (and "ab" after it)
  for (const c of [
    'b64(user.name) = "\\xae\\x8a-"', 'b64(proc.name) in ("\\xb2\\xc8]")', 'b64(proc.name) icontains "\\xC8"', 'b64(proc.name) endswith "\\xc8]"',
    'b64(proc.name) glob "\\xb2*"', 'b64(proc.name) > "\\xb1"', 'b64(proc.name) regex "^.\\\\]"', 'b64(proc.name) = oneof ("\\xb2\\xc8]", x)',
    'concat(b64(proc.name), "x") = "\\xb2\\xc8]x"', 'len(concat(b64(proc.name), "x")) = 4', 'join("", (b64(proc.name), "x")) = "\\xb2\\xc8]x"',
    'join(b64(proc.name), ("a", "b")) = "a\\xb2\\xc8]"', 'len(b64(concat(proc.name, "AA=="))) = 3', 'b64(concat(proc.name, "AA==")) = "\\xb2\\xc8]"',
    'b64(concat(proc.name, "AGFi")) = "\\xb2\\xc8]"', 'b64(concat(proc.name, "AGFi")) in ("\\xb2\\xc8]")', 'len(b64(concat(proc.name, "AGFi"))) = 3',
    'toupper(b64(concat(proc.name, "AGFi"))) = "\\xb2\\xc8]"', 'len(toupper(b64(concat(proc.name, "AA==")))) = 3',
    'concat(b64(concat(proc.name, "AGFi")), "x") = "\\xb2\\xc8]x"', 'b64(concat(proc.name, "AGFi")) contains ab',
    'getopt((concat("-", b64(proc.name))), "]") in ("?", "]")', 'getopt((concat("-", b64(proc.name))), "]") intersects ("\\xb2")',
    'getopt((concat("-x", b64(proc.name))), "x:")[x] = "\\xb2\\xc8]"', 'basename(b64(concat("L3Vzci8", proc.name))) exists',
    'b64(concat(proc.name, "==")) exists', 'b64(concat("YQ", proc.name)) exists', 'len(b64(toupper(proc.name))) = 3',
    'tolower(b64(user.name)) = "\\xae\\x8a-"', 'b64(b64(user.name)) exists',
    // a NUL inside: C-string operators stop at it, set lookups do not; transformer values keep their NUL in lists
    'b64(concat(proc.name, "AGFi")) regex "ab"', 'b64(concat(proc.name, "AGFi")) pmatch ("\\xb2\\xc8]")',
    'b64(concat(proc.name, "AGFi")) = anyof ("\\xb2\\xc8]")', 'b64(concat(proc.name, "AGFi")) != allof ("\\xb2\\xc8]")',
    'b64(concat(proc.name, "AGFi")) intersects ("\\xb2\\xc8]")', 'b64(concat(proc.name, "AGFi")) = oneof ("\\xb2\\xc8]")',
    'b64(concat(proc.name, "AA==")) in ("\\xb2\\xc8]")', 'join(toupper(proc.name), ("a", "b")) in (aSSHD)',
    'join(toupper(proc.name), ("a", "b")) = aSSHD', 'getopt((tolower("-A")), "a") intersects ("?")', 'getopt((tolower("-A")), "a") in ("a")',
    'getopt(("-A"), "A") in ("A")', 'getopt((tolower("-A"), "x"), "a:")[a] = ""', 'getopt(("-a", tolower("X")), "a:")[a] = x',
    'getopt(("-ab"), tolower("A")) in (a, "?")', 'join(",", (tolower(proc.name), proc.pname)) = "sshd,sshd"',
    'concat(tolower(proc.name), proc.pname) = sshdsshd', 'join(basename(proc.exe), (proc.name, proc.pname)) startswith sshd',
  ]) add(c);

  // base64 texts that decode to names of the captures (b64 over real values)
  for (const f of ['proc.name', 'user.name']) {
    const v = String(common(f));
    add(`b64(${f}) != ${q(b64(v))}`);
  }

  // -- chains of one-argument transformers over real values, by a fixed seed: the value the chain gives for the
  // field's most common value (so most chains match somewhere), compared with several operators
  const chainRand = rng(0xc4a1);
  const ONE = {
    tolower: (v) => v.replace(/[A-Z]+/g, (m) => m.toLowerCase()),
    toupper: (v) => v.replace(/[a-z]+/g, (m) => m.toUpperCase()),
    basename: (v) => v.slice(v.lastIndexOf('/') + 1),
  };
  const names = Object.keys(ONE);
  for (const f of ['proc.name', 'proc.exe', 'proc.cmdline', 'fd.name', 'proc.cwd', 'user.name', 'evt.arg.fd', 'proc.pname']) {
    const v = String(nonEmpty(f)[0] ?? '');
    for (let i = 0; i < 8; i++) {
      const depth = 1 + Math.floor(chainRand() * 3);
      let text = f;
      let out = v;
      for (let d = 0; d < depth; d++) {
        const t = names[Math.floor(chainRand() * names.length)];
        text = `${t}(${text})`;
        out = ONE[t](out);
      }
      const op = ['=', 'contains', 'startswith', 'in', 'endswith', '!='][i % 6];
      const piece = op === 'contains' ? out.slice(1, 4) : op === 'startswith' ? out.slice(0, 3) : op === 'endswith' ? out.slice(-3) : out;
      add(op === 'in' ? `${text} in ${list([piece, 'zz'])}` : `${text} ${op} ${q(piece)}`);
      if (i % 4 === 0) add(`len(${text}) = ${new TextEncoder().encode(out).length}`);
      if (i % 4 === 1) add(`concat(${text}, "/", ${f}) startswith ${q(out.slice(0, 2) || 'x')}`);
    }
  }

  // -- ancestors
  for (const c of ['proc.aname = sshd', 'proc.aname = systemd', 'proc.aname != systemd', 'proc.aname in (screen, emacs)', 'proc.aname exists',
    'not proc.aname exists', 'proc.aname[1] = val(proc.pname)', 'proc.apid = 1', 'proc.apid != 1', 'proc.aname startswith ss', 'proc.aname[0] = bash',
    'proc.apid[0] = val(proc.pid)', 'proc.aname[2] = sshd and proc.aname[3] = sshd', 'proc.apid in (1, 2)', 'proc.aname in (bash, zsh)',
    'proc.aname = anyof (zz, bash)', 'proc.apid intersects (1)']) add(c);

  // -- combinations: and/or/not over the simple checks above, chosen by a fixed seed
  const rand = rng(0x5eed);
  const pick = () => atoms[Math.floor(rand() * atoms.length)];
  for (let i = 0; i < 120; i++) {
    const a = pick();
    const b = pick();
    const c = pick();
    switch (i % 8) {
      case 0: add(`${a} and ${b}`); break;
      case 1: add(`${a} or ${b}`); break;
      case 2: add(`not (${a} or ${b})`); break;
      case 3: add(`not (${a} and ${b})`); break;
      case 4: add(`(${a} or ${b}) and ${c}`); break;
      case 5: add(`${a} and not ${b}`); break;
      case 6: add(`not ${a} or not ${b}`); break;
      default: add(`(${a} and ${b}) or not (${c})`); break;
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const c of generateConditions()) process.stdout.write(`${JSON.stringify(c)}\n`);
}
