/**
 * Evaluator rules read from libsinsp's source (falcosecurity/libs 48dfd53cd23f) where its answers on real events
 * differed from ours: bytes through transformer chains (`sinsp_filter_transformer::string_transformer`, the
 * multivalue transformers), and the client-or-server fields `fd.ip`, `fd.net`, `fd.port`
 * (`sinsp_filter_check_fd::compare_ip`/`compare_net`/`compare_port`). The differential data in
 * test/differential.libsinsp.test.ts checks the same on the three captures.
 */
import { describe, expect, it } from 'vitest';
import { compile, type FlatEvent } from '../src/index.js';

const ev = (condition: string, event: FlatEvent): boolean => {
  const c = compile(condition);
  const result = c.evaluate(event);
  expect(c.explain(event).result, `explain agrees with evaluate for ${condition}`).toBe(result);
  return result;
};

describe('bytes stay bytes through transformer chains', () => {
  // base64 "sshd" decodes to b2 c8 5d: two bytes that are not UTF-8 and a "]"
  const sshd = { 'proc.name': 'sshd' };

  it('b64 of a string gives its bytes: len counts them, comparisons see them', () => {
    expect(ev('len(b64(proc.name)) = 3', sshd)).toBe(true);
    expect(ev('len(b64(proc.name)) = 7', sshd)).toBe(false);
    expect(ev('b64(proc.name) = "\\xb2\\xc8]"', sshd)).toBe(true);
    expect(ev('b64(proc.name) startswith "\\xb2"', sshd)).toBe(true);
    expect(ev('b64(proc.name) contains "\\xc8"', sshd)).toBe(true);
    expect(ev('b64(proc.name) = "\\xb2\\xc9]"', sshd)).toBe(false);
  });

  it('case changes and basename keep the bytes they do not change', () => {
    expect(ev('toupper(b64(proc.name)) = "\\xb2\\xc8]"', sshd)).toBe(true);
    expect(ev('len(tolower(b64(proc.name))) = 3', sshd)).toBe(true);
    expect(ev('basename(b64(proc.name)) = "\\xb2\\xc8]"', sshd)).toBe(true);
    // "L3Vzci/CwQ==" is "/usr/" followed by c2 c1 (not UTF-8)
    expect(ev('len(basename(b64(proc.name))) = 2', { 'proc.name': 'L3Vzci/CwQ==' })).toBe(true);
  });

  it('concat and join append bytes, so halves of a character join into the character', () => {
    const halves = { 'proc.name': 'ww==', 'proc.pname': 'qQ==' }; // c3 and a9: "é" in two pieces
    expect(ev('concat(b64(proc.name), b64(proc.pname)) = "é"', halves)).toBe(true);
    expect(ev('len(concat(b64(proc.name), b64(proc.pname))) = 2', halves)).toBe(true);
    expect(ev('join("", (b64(proc.name), b64(proc.pname))) = "é"', halves)).toBe(true);
    expect(ev('concat(b64(proc.name), "x") = "\\xc3x"', halves)).toBe(true);
  });

  it('getopt scans bytes: a two-byte character in an option cluster is two option bytes', () => {
    expect(ev('getopt(("-é"), "é") in ("\\xc3", "\\xa9")', {})).toBe(true);
    expect(ev('getopt(("-é"), "é") intersects ("é")', {})).toBe(false);
  });

  it("a join separator from a string transformer keeps its NUL: the C string ends after the first item and separator", () => {
    expect(ev('join(toupper(proc.name), ("a", "b")) = aBASH', { 'proc.name': 'bash' })).toBe(true);
    expect(ev('join(toupper(proc.name), ("a", "b")) = aBASHb', { 'proc.name': 'bash' })).toBe(false);
    expect(ev('join(proc.name, ("a", "b")) = abashb', { 'proc.name': 'bash' })).toBe(true);
    expect(ev('len(join(tolower(proc.name), ("a", "b", "c"))) = 5', { 'proc.name': 'BASH' })).toBe(true);
  });

  it('a NUL inside a value ends it for C-string operators, not for set lookups; getopt scans a transformer value\'s NUL', () => {
    const e = { 'proc.name': 'sshd' }; // "sshdAGFi" decodes to b2 c8 5d 00 61 62
    expect(ev('b64(concat(proc.name, "AGFi")) = "\\xb2\\xc8]"', e)).toBe(true);
    expect(ev('len(b64(concat(proc.name, "AGFi"))) = 3', e)).toBe(true);
    expect(ev('b64(concat(proc.name, "AGFi")) contains ab', e)).toBe(false);
    expect(ev('b64(concat(proc.name, "AGFi")) in ("\\xb2\\xc8]")', e)).toBe(false);
    expect(ev('b64(concat(proc.name, "AGFi")) = anyof ("\\xb2\\xc8]")', e)).toBe(false);
    expect(ev('b64(concat(proc.name, "AGFi")) = oneof ("\\xb2\\xc8]")', e)).toBe(true);
    expect(ev('b64(concat(proc.name, "AA==")) in ("\\xb2\\xc8]")', e)).toBe(true); // a trailing NUL is dropped
    expect(ev('getopt((tolower("-A")), "a") intersects ("?")', {})).toBe(true); // "-a\0": the NUL is an unknown option
    expect(ev('getopt(("-A"), "A") intersects ("?")', {})).toBe(false);
  });
});

describe('fd.ip, fd.net and fd.port answer from the fd itself', () => {
  const file = { 'evt.type': 'openat', 'fd.num': 3, 'fd.type': 'file', 'fd.typechar': 'f', 'fd.name': '/etc/passwd' };
  const unix = { 'evt.type': 'connect', 'fd.num': 4, 'fd.type': 'unix', 'fd.typechar': 'u', 'fd.name': '' };
  const fresh4 = { 'evt.type': 'socket', 'fd.num': 3, 'fd.type': 'ipv4', 'fd.typechar': '4', 'fd.l4proto': '<NA>' };
  const fresh6 = { 'evt.type': 'socket', 'fd.num': 3, 'fd.type': 'ipv6', 'fd.typechar': '6' };
  const connected = { ...fresh4, 'fd.cip': '127.0.0.1', 'fd.sip': '10.0.0.1', 'fd.cport': 47192, 'fd.sport': 80 };
  const noFd = { 'evt.type': 'procinfo', 'proc.name': 'systemd' };

  it('exists on every event with an fd, files and unix sockets too, and only there', () => {
    for (const f of ['fd.ip', 'fd.net', 'fd.port', 'fd.proto']) {
      for (const e of [file, unix, fresh4, fresh6, connected]) expect(ev(`${f} exists`, e), `${f} exists on ${e['fd.type']}`).toBe(true);
      expect(ev(`${f} exists`, noFd), `${f} exists without fd`).toBe(false);
      expect(ev(`not ${f} exists`, file)).toBe(false);
    }
    // events that carry only addresses (Falco output fields) still have an fd
    expect(ev('fd.ip exists', { 'fd.sip': '10.0.0.1' })).toBe(true);
    expect(ev('fd.port exists', { 'fd.sport': 22 })).toBe(true);
    expect(ev('fd.net exists', { 'fd.name': '/etc/passwd', 'fd.l4proto': '<NA>' })).toBe(true);
    // fd.num, fd.name and fd.typechar come from the event's arguments too, without the fd: no witness
    expect(ev('fd.ip exists', { 'fd.num': 3, 'fd.name': '/etc/passwd', 'fd.typechar': 'f' })).toBe(false);
  });

  it('compares nothing but exists on fds that are not IP sockets', () => {
    for (const c of ['fd.ip = 0.0.0.0', 'fd.ip != 127.0.0.1', 'fd.net != 127.0.0.0/8', 'fd.port != 80', 'fd.port = 0', 'fd.port < 100']) {
      expect(ev(c, file), `${c} on a file`).toBe(false);
      expect(ev(c, unix), `${c} on a unix socket`).toBe(false);
    }
  });

  it('compares the zero address and port of an IP socket with no addresses yet', () => {
    expect(ev('fd.ip != 127.0.0.1', fresh4)).toBe(true);
    expect(ev('fd.ip = 0.0.0.0', fresh4)).toBe(true);
    expect(ev('fd.ip in (1.2.3.4, 0.0.0.0)', fresh4)).toBe(true);
    expect(ev('fd.ip = 127.0.0.1', fresh4)).toBe(false);
    expect(ev('fd.net != 127.0.0.0/8', fresh4)).toBe(true);
    expect(ev('fd.net = 0.0.0.0/8', fresh4)).toBe(true);
    expect(ev('fd.port != 80', fresh4)).toBe(true);
    expect(ev('fd.port = 0', fresh4)).toBe(true);
    expect(ev('fd.port < 1024', fresh4)).toBe(true);
    expect(ev('fd.port > 0', fresh4)).toBe(false);
    expect(ev('fd.ip = ::', fresh6)).toBe(true);
    expect(ev('fd.ip != ::1', fresh6)).toBe(true);
    expect(ev('fd.port = 0', fresh6)).toBe(true);
  });

  it('compares both sides of a connected socket: = and in on either, != on both', () => {
    expect(ev('fd.ip = 10.0.0.1', connected)).toBe(true);
    expect(ev('fd.ip != 10.0.0.1', connected)).toBe(false);
    expect(ev('fd.ip != 10.9.9.9', connected)).toBe(true);
    expect(ev('fd.ip = 0.0.0.0', connected)).toBe(false);
    expect(ev('fd.port = 80', connected)).toBe(true);
    expect(ev('fd.port != 80', connected)).toBe(false);
    expect(ev('fd.net = 127.0.0.0/8', connected)).toBe(true);
    expect(ev('fd.net != 127.0.0.0/8', connected)).toBe(false);
  });
});
