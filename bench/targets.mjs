// The speed targets, each figure beside its reference measured in the same run and process: hand-written
// JavaScript for evaluation, `node -e 0` for start-up, the json format for report output, falco_rules.yaml for
// the language server on a large file, and upstream's C++ parser when one is built on this machine
// (FALCO_EXPR_CXX_PARSER: a program that reads conditions, one JSON string a line, on stdin, parses them
// repeatedly and prints `{"MB/s": N}`; it is never part of the project).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, parse } from '../dist/index.js';
import { formatFalcoJson, formatJson, formatStylish, lint } from '../dist/lint/index.js';
import { corpusConditions, parseSpeed, sharedUrl } from './corpus.mjs';
import { ruleset, typicalEvent } from './eval.mjs';
import { warmLints } from './lint.mjs';

let sink = 0;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const r2 = (x) => +x.toFixed(2);

/** ns per call of `fn(ev)`, median of 5 timed runs of about 100 ms each. */
function nsPerCall(fn, ev) {
  const loop = new Function('fn', 'ev', 'n', 'let h = 0; for (let i = 0; i < n; i++) if (fn(ev)) h++; return h;');
  sink += loop(fn, ev, 200_000);
  const t0 = performance.now();
  sink += loop(fn, ev, 100_000);
  const probe = ((performance.now() - t0) * 1e6) / 100_000;
  const n = Math.max(10_000, Math.round(100e6 / Math.max(probe, 0.5)));
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    sink += loop(fn, ev, n);
    runs.push(((performance.now() - t) * 1e6) / n);
  }
  return median(runs);
}

const ANAME = Array.from({ length: 64 }, (_, i) => `proc.aname[${i}]`);

function evaluation() {
  const ev = typicalEvent();
  const out = {};
  const pair = (label, condition, event, handWritten, limit) => {
    const cond = compile(condition, { backend: 'codegen' });
    const closures = compile(condition, { backend: 'closures' });
    if (cond.evaluate(event) !== handWritten(event) || closures.evaluate(event) !== handWritten(event)) throw new Error(`${label}: compiled and hand-written disagree`);
    const ours = nsPerCall(cond.evaluate, event);
    const ref = nsPerCall(handWritten, event);
    const before = nsPerCall(closures.evaluate, event);
    out[label] = {
      'ns/event': r2(ours), 'hand-written ns/event': r2(ref), ratio: r2(ours / ref), target: `<= ${limit}x`,
      'closures ns/event': r2(before), 'closures ratio': r2(before / ref),
    };
  };
  pair('proc.name = bash and fd.name startswith /etc', 'proc.name = bash and fd.name startswith /etc', ev, (e) => {
    const n = e['proc.name'];
    const f = e['fd.name'];
    return n === 'bash' && typeof f === 'string' && f.startsWith('/etc');
  }, 1.5);
  const lineage = ['systemd', 'sshd', 'sshd', 'bash', 'python3', 'bash'];
  pair('join(proc.lineage, "->") contains bash->python, lineage as an array', 'join(proc.lineage, "->") contains bash->python', { ...ev, 'proc.lineage': lineage }, (e) => {
    const l = e['proc.lineage'];
    return Array.isArray(l) && l.join('->').includes('bash->python');
  }, 1.2);
  pair('join(proc.lineage, "->") contains bash->python, lineage from proc.name and proc.aname[N]', 'join(proc.lineage, "->") contains bash->python', ev, (e) => {
    const name = e['proc.name'];
    if (typeof name !== 'string') return false;
    const up = [];
    for (let i = 1; i < 64; i++) {
      const v = i === 1 ? (e[ANAME[1]] ?? e['proc.pname']) : e[ANAME[i]];
      if (v === undefined) break;
      up.push(v);
    }
    let s = '';
    for (let j = up.length - 1; j >= 0; j--) s += `${up[j]}->`;
    return (s + name).includes('bash->python');
  }, 1.2);
  return out;
}

function parsing() {
  const conditions = corpusConditions();
  return { conditions: conditions.length, ...parseSpeed(conditions, parse), target: '>= 1.2x the C++ parser' };
}

/** Milliseconds from starting the language server to its answer to `initialize`, over stdio. */
function lspStart(env = process.env) {
  const server = new URL('../dist/lsp/standalone.js', import.meta.url).pathname;
  const frame = (msg) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...msg });
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
    let out = '';
    let ms;
    proc.stdout.on('data', (d) => {
      out += d;
      if (ms === undefined && out.includes('"id":1')) {
        ms = performance.now() - t;
        proc.stdin.write(frame({ id: 2, method: 'shutdown' }) + frame({ method: 'exit' }));
      }
    });
    proc.on('exit', () => (ms === undefined ? reject(new Error('the language server ended before answering')) : resolve(ms)));
    proc.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
  });
}

async function startUp() {
  const path = sharedUrl('corpus/rules/falco_rules.yaml').pathname;
  const bin = new URL('../dist/cli/main.cjs', import.meta.url).pathname; // package.json's bin
  // A compile cache of this run's own, so that the command's code cache (src/cli/script.ts) is the one its first
  // run below writes, as a user's is after a first lint: not one another command line wrote (a test's lint of
  // a small file, say, which holds fewer of the functions this file needs).
  const env = { ...process.env, NODE_COMPILE_CACHE: mkdtempSync(join(tmpdir(), 'falco-expr-bench-')) };
  const time = (args) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    return performance.now() - t;
  };
  const firstMs = time([bin, 'lint', path]);
  const lintMs = [];
  const nodeMs = [];
  for (let i = 0; i < 21; i++) {
    lintMs.push(time([bin, 'lint', path]));
    nodeMs.push(time(['-e', '0']));
  }
  const lspMs = [];
  await lspStart(env); // writes the server's code cache
  for (let i = 0; i < 5; i++) lspMs.push(await lspStart(env));
  const warm = warmLints();
  return {
    'lint falco_rules.yaml, first run (writes the code cache) ms': r2(firstMs),
    'lint falco_rules.yaml, whole process ms': r2(median(lintMs)),
    'node -e 0 ms': r2(median(nodeMs)),
    ratio: r2(median(lintMs) / median(nodeMs)),
    target: '<= 4x',
    'language server start to initialize answered ms': r2(median(lspMs)),
    'language server / node -e 0': r2(median(lspMs) / median(nodeMs)),
    'lint falco_rules.yaml in-process, warm ms': r2(median(warm)),
    'in-process target': '<= 5 ms',
  };
}

/** A rules file of `n` rules with three problems each (an unknown field, an unused list, a missing output field). */
function problemFile(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(`- list: unused_${i}\n  items: [a, b]\n\n- rule: rule ${i}\n  desc: generated\n  condition: evt.type = open and proc.nmae = bash${i} and fd.name startswith /etc\n  output: "opened %fd.nmae by %proc.name"\n  priority: WARNING\n`);
  }
  return out.join('\n');
}

function output() {
  const path = '/generated/problems.yaml';
  const text = problemFile(2000);
  const ds = lint([{ path, text }]);
  const time = (fn) => {
    fn();
    const runs = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      sink += fn().length;
      runs.push(performance.now() - t);
    }
    return median(runs);
  };
  // What a user waits for: the lint and its report, per format.
  const texts = { [path]: text };
  const json = time(() => formatJson(lint([{ path, text }])));
  const stylish = time(() => formatStylish(lint([{ path, text }]), { texts }));
  const falco = time(() => formatFalcoJson(lint([{ path, text }]), [path], { texts }));
  return {
    bytes: text.length,
    problems: ds.length,
    'lint + json ms': r2(json),
    'lint + stylish ms': r2(stylish),
    'lint + falco-json ms': r2(falco),
    'stylish / json': r2(stylish / json),
    'falco-json / json': r2(falco / json),
    target: '<= 2x json',
  };
}

/** The default ruleset over the event mix: the rule-set function against today's indexed closures, same run. */
function rules() {
  const f = ruleset().figures;
  const pick = (k) => f[k];
  return {
    'indexed closures events/s': pick('events/s (indexed)'),
    'rule-set function events/s': pick('events/s (RuleEngine.match, rule-set function)'),
    ratio: pick('rule-set function / indexed closures'),
    'indexed closures events/s (events with candidate rules only)': pick('events/s (indexed, events with candidate rules only)'),
    'rule-set function events/s (events with candidate rules only)': pick('events/s (RuleEngine.match, rule-set function, events with candidate rules only)'),
    'ratio (events with candidate rules only)': pick('rule-set function / indexed closures (events with candidate rules only)'),
    'RuleEngine.match with closures events/s': pick('events/s (RuleEngine.match, closures)'),
    target: '>= 2x',
  };
}

const PARTS = { evaluation, ruleset: rules, parse: parsing, 'start-up': startUp, output };

/** Every target, or only `parts` (`node bench/targets.mjs parse start-up`). */
export async function run(parts = Object.keys(PARTS)) {
  const out = { name: 'targets' };
  for (const p of parts) {
    if (!PARTS[p]) throw new Error(`unknown part '${p}' (${Object.keys(PARTS).join(', ')})`);
    out[p] = await PARTS[p]();
  }
  if (sink === 0.5) console.log(sink);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const parts = process.argv.slice(2);
  console.log(JSON.stringify(await run(parts.length ? parts : undefined), null, 2));
}
