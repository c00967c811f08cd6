/**
 * A battery of conditions for the differential test of our evaluator against sysdig 0.29.3 (Debian's
 * `sysdig`, libsinsp of March 2022), over the three captures of /work/shared/corpus/scap (see CAPTURES).
 *
 * Every condition below was run through `sysdig -r CAPTURE -p '*%evt.num' CONDITION` on all three captures:
 * sysdig accepts it, and `matches` records how many events it matched in each capture, in CAPTURES order
 * (connect_localhost: 8 events, open-multiple-files: 86, syscall: 12; 106 in all). 178 of the 182
 * conditions match some but not all of the 106 events; the other 4 match none on purpose (an IPv6 address
 * against IPv4 fds, `!=` on a field that has a value only where it is equal, and pmatch on a partial path
 * component). A naive evaluator fed sysdigEvents(capture, BATTERY_FIELDS) reproduces sysdig's matches for
 * all of them, given that the filter-only fields (BATTERY_FILTER_ONLY_FIELDS) are derived as libsinsp does:
 * `fd.net`/`fd.ip` from `fd.cip` or `fd.sip`, `fd.port` from `fd.cport` or `fd.sport` (an IP socket that has
 * neither, `fd.type` ipv4 or ipv6, compares the zero address and port), `fd.cnet` from `fd.cip`, `fd.snet` from
 * `fd.sip`.
 *
 * Notes on sysdig 0.29 that shaped the battery:
 * - it prints enter (`>`) and exit (`<`) events, so several conditions pin `evt.dir`; values such as
 *   `fd.typechar = f` and `fd.num = -1` exist on the enter events of open;
 * - `proc.name`, `proc.exe`, `proc.cmdline` are the string `<NA>` (a value, not a missing field) for the
 *   threads sysdig knows nothing about (pids 31699 and 16518), whose `proc.pname`, `user.name` are missing
 *   and whose `user.uid` is 4294967295; `fd.l4proto` is `<NA>` for non-socket fds;
 * - `evt.arg.*` values are the formatted argument text (strings, `evt.arg.res = 0` is a string compare);
 * - `evt.type` only takes known event type names as values, whatever the operator (see SYSDIG_REJECTED).
 *
 * Conditions sysdig 0.29 rejects are in SYSDIG_REJECTED (with sysdig's error), conditions it accepts but
 * whose result cannot be reproduced from the field values it prints are in SYSDIG_DIVERGENT.
 */

/** The three captures, in the order of BatteryCase.matches. Read in place, never copied into the project. */
export const CAPTURES = [
  {
    name: 'connect_localhost',
    url: new URL('../../../shared/corpus/scap/connect_localhost.scap', import.meta.url),
    events: 8,
  },
  {
    name: 'open-multiple-files',
    url: new URL('../../../shared/corpus/scap/open-multiple-files.scap', import.meta.url),
    events: 86,
  },
  {
    name: 'syscall',
    url: new URL('../../../shared/corpus/scap/syscall.scap', import.meta.url),
    events: 12,
  },
] as const;

export type CaptureName = (typeof CAPTURES)[number]['name'];

export interface BatteryCase {
  /** A condition in the syntax sysdig 0.29 accepts. */
  condition: string;
  /** The fields the condition reads, as written in it (filter-only ones included). */
  fields: readonly string[];
  /** How many events sysdig 0.29 matches in each capture, in CAPTURES order. */
  matches: readonly [number, number, number];
}

export const DIFFERENTIAL_BATTERY: readonly BatteryCase[] = [
  // event type, direction, category, number
  { condition: 'evt.type = open', fields: ['evt.type'], matches: [0, 26, 8] },
  { condition: 'evt.type != open', fields: ['evt.type'], matches: [8, 60, 4] },
  { condition: 'evt.type in (open, close)', fields: ['evt.type'], matches: [0, 52, 8] },
  { condition: 'evt.type in (socket, connect, select)', fields: ['evt.type'], matches: [8, 1, 0] },
  { condition: 'not evt.type in (open, close, fstat)', fields: ['evt.type'], matches: [8, 8, 4] },
  { condition: 'evt.type endswith stat', fields: ['evt.type'], matches: [0, 26, 0] },
  { condition: 'evt.dir = <', fields: ['evt.dir'], matches: [4, 42, 6] },
  { condition: 'evt.dir != "<"', fields: ['evt.dir'], matches: [4, 44, 6] },
  { condition: 'evt.type = open and evt.dir = <', fields: ['evt.type', 'evt.dir'], matches: [0, 13, 4] },
  { condition: 'evt.category = file', fields: ['evt.category'], matches: [0, 78, 8] },
  { condition: 'evt.category != file', fields: ['evt.category'], matches: [8, 8, 4] },
  { condition: 'evt.category icontains NET', fields: ['evt.category'], matches: [8, 0, 0] },
  { condition: 'evt.category pmatch (memory)', fields: ['evt.category'], matches: [0, 2, 4] },
  { condition: 'evt.num > 1100 and evt.num < 1110', fields: ['evt.num'], matches: [0, 9, 0] },
  { condition: 'evt.num in (179, 180, 1098, 191)', fields: ['evt.num'], matches: [1, 1, 2] },
  // results
  { condition: 'evt.rawres = 0', fields: ['evt.rawres'], matches: [0, 27, 0] },
  { condition: 'evt.rawres != 0', fields: ['evt.rawres'], matches: [4, 14, 4] },
  { condition: 'evt.rawres > 0', fields: ['evt.rawres'], matches: [3, 14, 4] },
  { condition: 'evt.rawres < 0', fields: ['evt.rawres'], matches: [1, 0, 0] },
  { condition: 'evt.rawres <= 0', fields: ['evt.rawres'], matches: [1, 27, 0] },
  { condition: 'evt.rawres in (3, 4)', fields: ['evt.rawres'], matches: [1, 13, 4] },
  { condition: 'evt.rawres = -115', fields: ['evt.rawres'], matches: [1, 0, 0] },
  { condition: 'not evt.rawres exists', fields: ['evt.rawres'], matches: [4, 45, 8] },
  { condition: 'evt.res = SUCCESS', fields: ['evt.res'], matches: [3, 41, 4] },
  { condition: 'evt.res != SUCCESS', fields: ['evt.res'], matches: [1, 0, 0] },
  { condition: 'not evt.res = SUCCESS', fields: ['evt.res'], matches: [5, 45, 8] },
  { condition: 'evt.failed = true', fields: ['evt.failed'], matches: [1, 0, 0] },
  { condition: 'evt.failed != true', fields: ['evt.failed'], matches: [7, 86, 12] },
  { condition: 'not evt.failed = false', fields: ['evt.failed'], matches: [1, 0, 0] },
  { condition: 'evt.is_open_read = true', fields: ['evt.is_open_read'], matches: [0, 13, 4] },
  // process and thread
  { condition: 'proc.name = python', fields: ['proc.name'], matches: [0, 86, 0] },
  { condition: 'proc.name != python', fields: ['proc.name'], matches: [8, 0, 12] },
  { condition: 'not proc.name = python', fields: ['proc.name'], matches: [8, 0, 12] },
  { condition: 'proc.name = "<NA>"', fields: ['proc.name'], matches: [4, 0, 12] },
  { condition: `proc.name = 'python'`, fields: ['proc.name'], matches: [0, 86, 0] },
  { condition: 'proc.name in (python, systemd-udevd)', fields: ['proc.name'], matches: [2, 86, 0] },
  { condition: 'proc.name startswith systemd', fields: ['proc.name'], matches: [4, 0, 0] },
  { condition: 'proc.name icontains PYTHON', fields: ['proc.name'], matches: [0, 86, 0] },
  { condition: 'proc.name glob "systemd-*"', fields: ['proc.name'], matches: [4, 0, 0] },
  { condition: 'proc.name pmatch (python)', fields: ['proc.name'], matches: [0, 86, 0] },
  { condition: 'proc.pname = bash', fields: ['proc.pname'], matches: [0, 86, 0] },
  { condition: 'proc.pname exists', fields: ['proc.pname'], matches: [4, 86, 0] },
  { condition: 'not proc.pname exists', fields: ['proc.pname'], matches: [4, 0, 12] },
  { condition: 'proc.pname != bash', fields: ['proc.pname'], matches: [4, 0, 0] },
  { condition: 'not proc.pname = bash', fields: ['proc.pname'], matches: [8, 0, 12] },
  { condition: 'proc.exe glob "/lib/systemd/*"', fields: ['proc.exe'], matches: [4, 0, 0] },
  { condition: 'proc.exe pmatch (/lib/systemd)', fields: ['proc.exe'], matches: [4, 0, 0] },
  { condition: 'proc.exe pmatch (/lib, /usr/bin)', fields: ['proc.exe'], matches: [4, 0, 0] },
  { condition: 'proc.exe pmatch (/lib/sys)', fields: ['proc.exe'], matches: [0, 0, 0] },
  { condition: 'proc.exepath = ""', fields: ['proc.exepath'], matches: [4, 86, 12] },
  { condition: 'proc.cmdline = "python open.py"', fields: ['proc.cmdline'], matches: [0, 86, 0] },
  { condition: 'proc.cmdline glob "* *"', fields: ['proc.cmdline'], matches: [0, 86, 0] },
  { condition: 'proc.cmdline = "<NA>"', fields: ['proc.cmdline'], matches: [4, 0, 12] },
  { condition: 'proc.args = open.py', fields: ['proc.args'], matches: [0, 86, 0] },
  { condition: 'proc.args = ""', fields: ['proc.args'], matches: [8, 0, 12] },
  { condition: 'proc.pid = 16569', fields: ['proc.pid'], matches: [0, 86, 0] },
  { condition: 'proc.pid < 1000', fields: ['proc.pid'], matches: [2, 0, 0] },
  { condition: 'proc.pid >= 16518', fields: ['proc.pid'], matches: [4, 86, 12] },
  { condition: 'proc.pid in (466, 1190)', fields: ['proc.pid'], matches: [4, 0, 0] },
  { condition: 'proc.ppid = -1', fields: ['proc.ppid'], matches: [4, 0, 12] },
  { condition: 'proc.ppid in (1, 2089)', fields: ['proc.ppid'], matches: [4, 86, 0] },
  { condition: 'thread.tid != 31699', fields: ['thread.tid'], matches: [4, 86, 12] },
  { condition: 'thread.tid > 466 and thread.tid < 20000', fields: ['thread.tid'], matches: [2, 86, 12] },
  { condition: 'proc.aname[1] = bash', fields: ['proc.aname[1]'], matches: [0, 86, 0] },
  { condition: 'proc.aname[1] != bash', fields: ['proc.aname[1]'], matches: [4, 0, 0] },
  { condition: 'proc.aname[2] = emacs', fields: ['proc.aname[2]'], matches: [0, 86, 0] },
  { condition: 'proc.aname[3] exists', fields: ['proc.aname[3]'], matches: [0, 86, 0] },
  { condition: 'not proc.aname[2] exists', fields: ['proc.aname[2]'], matches: [8, 0, 12] },
  // user and group
  { condition: 'user.name = root', fields: ['user.name'], matches: [4, 0, 0] },
  { condition: 'user.name != root', fields: ['user.name'], matches: [0, 86, 0] },
  { condition: 'not user.name = root', fields: ['user.name'], matches: [4, 86, 12] },
  { condition: 'user.name exists', fields: ['user.name'], matches: [4, 86, 0] },
  { condition: 'not user.name exists', fields: ['user.name'], matches: [4, 0, 12] },
  { condition: 'user.uid = 0', fields: ['user.uid'], matches: [4, 0, 0] },
  { condition: 'user.uid >= 4294967295', fields: ['user.uid'], matches: [4, 0, 12] },
  { condition: 'user.uid in (0, 501)', fields: ['user.uid'], matches: [4, 86, 0] },
  { condition: 'group.gid = 20', fields: ['group.gid'], matches: [0, 86, 0] },
  // fd number
  { condition: 'fd.num = 3', fields: ['fd.num'], matches: [0, 35, 4] },
  { condition: 'fd.num != 3', fields: ['fd.num'], matches: [8, 43, 4] },
  { condition: 'fd.num = -1', fields: ['fd.num'], matches: [3, 13, 4] },
  { condition: 'fd.num >= 4', fields: ['fd.num'], matches: [5, 30, 0] },
  { condition: 'fd.num in (3, 4)', fields: ['fd.num'], matches: [3, 65, 4] },
  { condition: 'fd.num in (-1, 14, 20)', fields: ['fd.num'], matches: [5, 13, 4] },
  { condition: 'fd.num exists', fields: ['fd.num'], matches: [8, 78, 8] },
  { condition: 'not fd.num exists', fields: ['fd.num'], matches: [0, 8, 4] },
  { condition: 'fd.num <= 4 and fd.num >= 0', fields: ['fd.num'], matches: [3, 65, 4] },
  // fd name and its parts
  { condition: 'fd.name = /tmp/file-1', fields: ['fd.name'], matches: [0, 5, 0] },
  { condition: 'fd.name != /tmp/file-1', fields: ['fd.name'], matches: [5, 60, 4] },
  { condition: 'not fd.name = /tmp/file-1', fields: ['fd.name'], matches: [8, 81, 12] },
  { condition: 'not fd.name exists', fields: ['fd.name'], matches: [3, 21, 8] },
  { condition: 'fd.name = ""', fields: ['fd.name'], matches: [4, 0, 0] },
  { condition: 'fd.name != ""', fields: ['fd.name'], matches: [1, 65, 4] },
  { condition: 'fd.name startswith /tmp/', fields: ['fd.name'], matches: [0, 65, 0] },
  { condition: 'fd.name endswith ".so.6"', fields: ['fd.name'], matches: [0, 0, 1] },
  { condition: 'fd.name contains file-1', fields: ['fd.name'], matches: [0, 25, 0] },
  { condition: 'fd.name icontains FILE-1', fields: ['fd.name'], matches: [0, 25, 0] },
  { condition: 'fd.name glob "/tmp/file-?"', fields: ['fd.name'], matches: [0, 45, 0] },
  { condition: 'fd.name glob "/tmp/file-[!1]"', fields: ['fd.name'], matches: [0, 40, 0] },
  { condition: 'fd.name glob "*/*/*"', fields: ['fd.name'], matches: [0, 65, 4] },
  { condition: 'fd.name pmatch (/tmp/)', fields: ['fd.name'], matches: [0, 65, 0] },
  { condition: 'fd.name pmatch (/tmp/file-1, /dev)', fields: ['fd.name'], matches: [0, 5, 2] },
  { condition: 'fd.name pmatch (/tm)', fields: ['fd.name'], matches: [0, 0, 0] },
  { condition: `fd.name in ("/dev/null", '/etc/ld.so.cache')`, fields: ['fd.name'], matches: [0, 0, 3] },
  // String ordering (strcmp). libsinsp master only takes a number (or a transformer) after `<`/`<=`/`>`/`>=`,
  // which a string field then compares as text; `fd.name > /tmp/file-5` is in SYSDIG_DIVERGENT.
  { condition: 'fd.name <= 127', fields: ['fd.name'], matches: [4, 65, 4] },
  { condition: 'evt.arg.res > 10', fields: ['evt.arg.res'], matches: [1, 1, 0] },
  { condition: 'fd.directory = /tmp', fields: ['fd.directory'], matches: [0, 65, 0] },
  { condition: 'fd.directory != /tmp', fields: ['fd.directory'], matches: [0, 0, 4] },
  { condition: 'not fd.directory = /tmp', fields: ['fd.directory'], matches: [8, 21, 12] },
  { condition: 'fd.directory in (/etc, /dev)', fields: ['fd.directory'], matches: [0, 0, 3] },
  { condition: 'fd.directory pmatch (/lib)', fields: ['fd.directory'], matches: [0, 0, 1] },
  { condition: 'fd.filename = null', fields: ['fd.filename'], matches: [0, 0, 2] },
  { condition: 'fd.filename glob "file-1?"', fields: ['fd.filename'], matches: [0, 20, 0] },
  { condition: 'fd.filename in (file-1, file-2, null)', fields: ['fd.filename'], matches: [0, 10, 2] },
  // fd kind
  { condition: 'fd.typechar = f', fields: ['fd.typechar'], matches: [0, 78, 8] },
  { condition: 'fd.typechar = 4', fields: ['fd.typechar'], matches: [6, 0, 0] },
  { condition: 'fd.typechar != f', fields: ['fd.typechar'], matches: [8, 0, 0] },
  { condition: 'fd.type = file', fields: ['fd.type'], matches: [0, 65, 4] },
  { condition: 'fd.type in (ipv4, unix)', fields: ['fd.type'], matches: [5, 0, 0] },
  { condition: 'not fd.type exists', fields: ['fd.type'], matches: [3, 21, 8] },
  { condition: 'fd.sockfamily = ip', fields: ['fd.sockfamily'], matches: [3, 0, 0] },
  { condition: 'fd.l4proto = tcp', fields: ['fd.l4proto'], matches: [1, 0, 0] },
  { condition: 'fd.l4proto = "<NA>"', fields: ['fd.l4proto'], matches: [4, 65, 4] },
  { condition: 'fd.l4proto != tcp', fields: ['fd.l4proto'], matches: [4, 65, 4] },
  { condition: 'fd.l4proto exists', fields: ['fd.l4proto'], matches: [5, 65, 4] },
  { condition: 'fd.is_server = true', fields: ['fd.is_server'], matches: [1, 0, 0] },
  { condition: 'fd.is_server = false', fields: ['fd.is_server'], matches: [4, 65, 4] },
  { condition: 'not fd.is_server = true', fields: ['fd.is_server'], matches: [7, 86, 12] },
  { condition: 'fd.is_server = false and fd.typechar = 4', fields: ['fd.is_server', 'fd.typechar'], matches: [2, 0, 0] },
  // addresses, networks, ports
  { condition: 'fd.sip = 127.0.0.1', fields: ['fd.sip'], matches: [1, 0, 0] },
  { condition: 'fd.sip != 127.0.0.1', fields: ['fd.sip'], matches: [0, 0, 0] },
  { condition: 'not fd.sip = 127.0.0.1', fields: ['fd.sip'], matches: [7, 86, 12] },
  { condition: 'fd.sip in (127.0.0.1, 10.0.0.1)', fields: ['fd.sip'], matches: [1, 0, 0] },
  { condition: 'not fd.sip exists', fields: ['fd.sip'], matches: [7, 86, 12] },
  { condition: 'fd.cip = 127.0.0.1', fields: ['fd.cip'], matches: [1, 0, 0] },
  { condition: 'fd.rip = 127.0.0.1', fields: ['fd.rip'], matches: [1, 0, 0] },
  { condition: 'fd.sip = ::1', fields: ['fd.sip'], matches: [0, 0, 0] },
  { condition: 'fd.net = 127.0.0.0/8', fields: ['fd.net'], matches: [1, 0, 0] },
  { condition: 'not fd.net = 127.0.0.0/8', fields: ['fd.net'], matches: [7, 86, 12] },
  { condition: 'fd.net in (127.0.0.0/8, 10.0.0.0/8)', fields: ['fd.net'], matches: [1, 0, 0] },
  { condition: 'fd.cnet = 127.0.0.0/8', fields: ['fd.cnet'], matches: [1, 0, 0] },
  { condition: 'fd.snet = 127.0.0.1/32', fields: ['fd.snet'], matches: [1, 0, 0] },
  { condition: 'fd.ip = 127.0.0.1', fields: ['fd.ip'], matches: [1, 0, 0] },
  { condition: 'fd.sport = 80', fields: ['fd.sport'], matches: [1, 0, 0] },
  { condition: 'fd.sport < 1024', fields: ['fd.sport'], matches: [1, 0, 0] },
  { condition: 'fd.cport > 1024', fields: ['fd.cport'], matches: [1, 0, 0] },
  { condition: 'fd.rport = 80', fields: ['fd.rport'], matches: [1, 0, 0] },
  { condition: 'fd.port = 80', fields: ['fd.port'], matches: [1, 0, 0] },
  { condition: 'fd.port = 47192', fields: ['fd.port'], matches: [1, 0, 0] },
  // a fresh IPv4 socket (events 185, 186: fd.type ipv4, no address printed) compares its zero address and port
  { condition: 'fd.net != 127.0.0.0/8', fields: ['fd.net'], matches: [2, 0, 0] },
  { condition: 'fd.ip != 127.0.0.1', fields: ['fd.ip'], matches: [2, 0, 0] },
  { condition: 'fd.port != 80', fields: ['fd.port'], matches: [2, 0, 0] },
  { condition: 'fd.sip = 127.0.0.1 and fd.sport = 80', fields: ['fd.sip', 'fd.sport'], matches: [1, 0, 0] },
  { condition: 'evt.type = connect and fd.net = 127.0.0.0/8 and fd.rport = 80', fields: ['evt.type', 'fd.net', 'fd.rport'], matches: [1, 0, 0] },
  // event arguments
  { condition: 'evt.arg.name = /tmp/file-1', fields: ['evt.arg.name'], matches: [0, 1, 0] },
  { condition: 'not evt.arg.name exists', fields: ['evt.arg.name'], matches: [8, 73, 8] },
  { condition: 'evt.arg.flags = O_RDONLY', fields: ['evt.arg.flags'], matches: [0, 13, 2] },
  { condition: 'evt.arg.flags contains O_CLOEXEC', fields: ['evt.arg.flags'], matches: [0, 0, 2] },
  { condition: 'evt.arg.fd = "<f>/tmp/file-1"', fields: ['evt.arg.fd'], matches: [0, 3, 0] },
  { condition: 'evt.arg.fd in ("<4>", "<u>")', fields: ['evt.arg.fd'], matches: [4, 0, 0] },
  { condition: 'evt.arg.res = 0', fields: ['evt.arg.res'], matches: [0, 27, 0] },
  { condition: 'evt.arg.tuple contains "127.0.0.1"', fields: ['evt.arg.tuple'], matches: [1, 0, 0] },
  { condition: 'evt.arg[0] exists', fields: ['evt.arg[0]'], matches: [8, 73, 8] },
  { condition: 'evt.arg[0] = "<f>/tmp/file-1"', fields: ['evt.arg[0]'], matches: [0, 3, 0] },
  // combinations
  { condition: 'not (proc.name = python or fd.typechar = 4)', fields: ['proc.name', 'fd.typechar'], matches: [2, 0, 12] },
  { condition: '(evt.type = open or evt.type = close) and evt.dir = <', fields: ['evt.type', 'evt.dir'], matches: [0, 26, 4] },
  { condition: 'evt.type = open and not fd.name exists', fields: ['evt.type', 'fd.name'], matches: [0, 13, 4] },
  { condition: 'evt.type in (open, fstat) and (fd.num = 4 or fd.name endswith null)', fields: ['evt.type', 'fd.num', 'fd.name'], matches: [0, 18, 2] },
  { condition: 'not evt.dir = > and not evt.failed = true', fields: ['evt.dir', 'evt.failed'], matches: [3, 42, 6] },
  { condition: 'not(proc.name=python)', fields: ['proc.name'], matches: [8, 0, 12] },
  { condition: 'proc.name=python and(fd.num=3)', fields: ['proc.name', 'fd.num'], matches: [0, 35, 0] },
  { condition: 'proc.name = python and not (fd.name contains file-1 or fd.name contains file-2)', fields: ['proc.name', 'fd.name'], matches: [0, 56, 0] },
  { condition: 'not (not proc.name = python)', fields: ['proc.name'], matches: [0, 86, 0] },
  { condition: 'fd.name exists and not fd.name startswith /tmp', fields: ['fd.name'], matches: [5, 0, 4] },
  { condition: '(proc.pid = 466 or proc.pid = 1190) and evt.dir = <', fields: ['proc.pid', 'evt.dir'], matches: [2, 0, 0] },
  { condition: 'evt.rawres >= 0 and not fd.name exists', fields: ['evt.rawres', 'fd.name'], matches: [0, 2, 0] },
  { condition: 'proc.aname[2] = emacs and evt.type = close and fd.num = 4', fields: ['proc.aname[2]', 'evt.type', 'fd.num'], matches: [0, 12, 0] },
  { condition: 'not (not fd.name exists or fd.name = "")', fields: ['fd.name'], matches: [1, 65, 4] },
  { condition: 'user.name = root or not user.name exists', fields: ['user.name'], matches: [8, 0, 12] },
  { condition: 'proc.name = "<NA>" and fd.typechar = f', fields: ['proc.name', 'fd.typechar'], matches: [0, 0, 8] },
  { condition: '(fd.sip = 127.0.0.1 or fd.cip = 127.0.0.1) and fd.l4proto = tcp', fields: ['fd.sip', 'fd.cip', 'fd.l4proto'], matches: [1, 0, 0] },
  { condition: '((evt.type = open) and (evt.dir = <)) or ((evt.type = close) and (fd.num = 4))', fields: ['evt.type', 'evt.dir', 'fd.num'], matches: [0, 25, 4] },
  { condition: 'not (evt.type = open and evt.dir = >) and fd.typechar = f', fields: ['evt.type', 'evt.dir', 'fd.typechar'], matches: [0, 65, 4] },
];

/** Every field the battery reads that sysdigEvents can return (all but the filter-only ones). */
export const BATTERY_FIELDS: readonly string[] = [
  'evt.arg.fd', 'evt.arg.flags', 'evt.arg.name', 'evt.arg.res', 'evt.arg.tuple', 'evt.arg[0]', 'evt.category',
  'evt.dir', 'evt.failed', 'evt.is_open_read', 'evt.num', 'evt.rawres', 'evt.res', 'evt.type', 'fd.cip',
  'fd.cport', 'fd.directory', 'fd.filename', 'fd.is_server', 'fd.l4proto', 'fd.name', 'fd.num', 'fd.rip',
  'fd.rport', 'fd.sip', 'fd.sockfamily', 'fd.sport', 'fd.type', 'fd.typechar', 'group.gid', 'proc.aname[1]',
  'proc.aname[2]', 'proc.aname[3]', 'proc.args', 'proc.cmdline', 'proc.exe', 'proc.exepath', 'proc.name',
  'proc.pid', 'proc.pname', 'proc.ppid', 'thread.tid', 'user.name', 'user.uid',
];

/**
 * Fields the battery reads that sysdig 0.29 can filter on but not print; the differential test has to
 * derive them (see the file comment).
 */
export const BATTERY_FILTER_ONLY_FIELDS: readonly string[] = ['fd.cnet', 'fd.ip', 'fd.net', 'fd.port', 'fd.snet'];

/** Conditions sysdig 0.29 rejects (kept out of the battery), why, and sysdig's error message. */
export const SYSDIG_REJECTED: readonly { condition: string; reason: string; error: string }[] = [
  {
    condition: 'proc.name == python',
    reason: '`==` is not an operator in 0.29 (newer libsinsp accepts it as `=`)',
    error: 'filter error at position 13: syntax error in filter',
  },
  {
    condition: 'fd.name regex "/tmp/file-1.*"',
    reason: 'no `regex` operator in 0.29',
    error: 'filter error at position 8: filter error: unrecognized comparison operator after fd.name',
  },
  {
    condition: 'fd.name iglob "/TMP/*"',
    reason: 'no `iglob` operator in 0.29',
    error: 'filter error at position 8: filter error: unrecognized comparison operator after fd.name',
  },
  {
    condition: 'fd.name bcontains 66696c65',
    reason: 'no `bcontains` operator in 0.29',
    error: 'filter error at position 8: filter error: unrecognized comparison operator after fd.name',
  },
  {
    condition: 'fd.name bstartswith 2f746d70',
    reason: 'no `bstartswith` operator in 0.29',
    error: 'filter error at position 8: filter error: unrecognized comparison operator after fd.name',
  },
  {
    condition: 'fd.name intersects (/tmp/file-1)',
    reason: '0.29 reads `intersects` as `in` followed by `tersects`, so `intersects` is unusable',
    error: `filter error at position 10: expected '(' after 'in/intersects/pmatch' operand`,
  },
  {
    condition: 'fd.num intersects (3)',
    reason: 'same: `intersects` is unusable in 0.29',
    error: `filter error at position 9: expected '(' after 'in/intersects/pmatch' operand`,
  },
  {
    condition: 'proc.name contains oneof (py)',
    reason: 'no operator modifiers (oneof/anyof/allof) in 0.29',
    error: `filter error at position 25: unexpected '(' after proc.name contains oneof`,
  },
  {
    condition: 'tolower(proc.name) = python',
    reason: 'no field transformers in 0.29',
    error: 'filter error at position 6: filter error: unrecognized field tolower at pos 0',
  },
  {
    condition: 'evt.type startswith rt_',
    reason: 'evt.type values must be known event type names, whatever the operator',
    error: 'filter error at position 23: unknown event type rt_',
  },
  {
    condition: 'evt.type glob "*o*"',
    reason: 'same: evt.type values must be known event type names',
    error: 'filter error at position 18: unknown event type *o*',
  },
  {
    condition: 'fd.sip = 127.0.0.0/8',
    reason: 'fd.sip takes addresses only; networks need fd.net/fd.snet/...',
    error: 'filter error at position 20: unrecognized IPv4 address 127.0.0.0/8',
  },
  {
    condition: 'fd.net = ::1/128',
    reason: 'no IPv6 networks in 0.29',
    error: 'filter error at position 16: unrecognized IPv6 address ::1/128',
  },
  {
    condition: 'fd.sip = 127.1',
    reason: 'IPv4 addresses must have four parts',
    error: 'filter error at position 14: unrecognized IPv4 address 127.1',
  },
  {
    condition: 'evt.failed = 1',
    reason: 'booleans are only `true`/`false`',
    error: 'filter error at position 14: filter error: unrecognized boolean value 1',
  },
  {
    condition: 'evt.failed = True',
    reason: 'booleans are only lower-case `true`/`false`',
    error: 'filter error at position 17: filter error: unrecognized boolean value True',
  },
  {
    condition: 'fd.num > 3.5',
    reason: 'integer fields take integers only',
    error: 'filter error at position 12: 3.5 is not a valid number',
  },
  {
    condition: 'fd.num = 0x3',
    reason: 'no hexadecimal numbers',
    error: 'filter error at position 12: 0x3 is not a valid number',
  },
  {
    condition: 'evt.type = open or evt.type = close and evt.dir = >',
    reason: '0.29 refuses to mix `and` and `or` without parentheses',
    error: `filter error at position 52: expression mixes 'and' and 'or' in an ambiguous way. Please use brackets.`,
  },
];

/**
 * Conditions sysdig 0.29 accepts but whose result cannot be reproduced from the values sysdigEvents returns
 * (or that hit a 0.29 bug, or where 0.29 differs from current libsinsp, our authority), with sysdig's match
 * counts in CAPTURES order. Kept out of the battery.
 */
export const SYSDIG_DIVERGENT: readonly { condition: string; reason: string; matches: readonly [number, number, number] }[] = [
  {
    condition: 'not not proc.name = python',
    reason: '0.29 bug: `not not X` (without parentheses) evaluates as `not X`; `not (not X)` is right',
    matches: [8, 0, 12],
  },
  {
    condition: 'fd.name in ()',
    reason: '0.29 treats an empty list as matching the empty string (the 4 socket exits with fd.name "")',
    matches: [4, 0, 0],
  },
  {
    condition: 'proc.name==python',
    reason: 'without spaces 0.29 reads `=` then the value `=python`, so nothing matches',
    matches: [0, 0, 0],
  },
  {
    condition: 'proc.aname = bash',
    reason: 'proc.aname without index compares every ancestor; sysdig cannot print it (prints proc.aname[0] under key "")',
    matches: [0, 86, 0],
  },
  {
    condition: 'fd.name > /tmp/file-5',
    reason: '0.29 accepts a string after `>`; libsinsp master (our authority) only takes a number or a transformer '
      + 'after `<`/`<=`/`>`/`>=` ("expected a number value or a field with a valid transformer"), so we refuse it '
      + 'at parse time. The battery tests string ordering with `fd.name <= 127` and `evt.arg.res > 10` instead',
    matches: [1, 20, 0],
  },
  {
    condition: 'evt.rawarg.res = 0',
    reason: 'evt.rawarg.* filters work but printing them aborts with "wrong event type"',
    matches: [0, 27, 0],
  },
];
