// `npm run fuzz -- --runs N [--seed S] [--start I] [--budget MS]`: robustness fuzzing. Feeds generated and
// mutated conditions, and generated and mutated rules files, through parse, format, checkCondition/compile,
// evaluate/explain, loadRules and lint (the built library, dist/), and checks for every input that no exception
// escapes, that every diagnostic lies inside its input (and its line and column match its offset), and that
// format(parse(x)) parses to the same tree. Calls slower than the budget (default 100 ms of CPU time, so that
// a loaded machine does not count; confirmed by two re-runs) are reported as outliers. Input i is made from its own seed, so any run of inputs can be replayed
// alone with --start i --runs 1, and a long run split into chunks. test/fuzz.test.ts runs a small sample.
import { genCondition, genRulesFile, mutate, rng } from './lib/gen-conditions.mjs';

const EVENT_FIELDS = [
  'proc.name', 'proc.pname', 'proc.cmdline', 'proc.args', 'proc.exepath', 'proc.aname[2]', 'proc.aname', 'fd.name',
  'fd.directory', 'fd.num', 'fd.port', 'fd.sip', 'fd.cip', 'fd.sport', 'fd.cport', 'fd.typechar', 'fd.l4proto',
  'evt.type', 'evt.dir', 'evt.rawres', 'evt.arg.fd', 'evt.arg.path', 'user.uid', 'user.name', 'container.id',
  'proc.env', 'proc.env[HOME]', 'k8s.ns.name', 'a.b', 'c.d', 'x.y', 'evt.num', 'evt.time',
];

function randomValue(r) {
  switch (r.int(0, 9)) {
    case 0: return r.int(-5, 70000);
    case 1: return BigInt(r.int(0, 1e9)) * 1000n;
    case 2: return r.pick([null, undefined, true, false, Number.NaN, -0, 1.5]);
    case 3: return Uint8Array.from({ length: r.int(0, 6) }, () => r.int(0, 255));
    case 4: return Array.from({ length: r.int(0, 3) }, () => r.pick(['bash', 'sh', '/tmp', 'x', '']));
    case 5: return r.pick(['127.0.0.1', '::1', '10.0.0.0/8', '0.0.0.0', 'fe80::1', '256.1.1.1', '']);
    default: return r.pick(['bash', 'sh', '/etc/passwd', 'open', 'openat', 'execve', '<NA>', 'x', 'é', '\udcff', 'a b', '1', '-1', '0x1F', 'BASH', 'c2g=']);
  }
}

function randomEvent(r) {
  const ev = {};
  for (let k = r.int(0, 12); k > 0; k--) ev[r.pick(EVENT_FIELDS)] = randomValue(r);
  return ev;
}

/** A condition: grammar-based, mutated, or a few random characters. */
function randomCondition(r) {
  const c = r.int(0, 9);
  if (c < 4) return genCondition(r, { odd: r.pick([0, 0.01, 0.05]), real: r.chance(0.7) });
  if (c < 9) return mutate(r, genCondition(r, { odd: 0.02, real: r.chance(0.5) }));
  const chars = ' \t\n\r\v\f\b\0()[],"\'\\=!<>a.x1_é日🙂';
  return Array.from({ length: r.int(0, 30) }, () => r.pick([...chars])).join('');
}

function randomRulesFile(r) {
  const text = genRulesFile(r);
  return r.chance(0.2) ? mutate(r, text) : text;
}

function sameTree(api, a, b) {
  return JSON.stringify(api.stripRanges(a)) === JSON.stringify(api.stripRanges(b));
}

/**
 * Runs `runs` inputs starting at input `start`. `api` is the library (src or dist). Returns counts, failures
 * (each with the input number to replay it) and calls slower than `budgetMs`.
 */
/** Milliseconds of CPU time of this process where Node tells it (a loaded machine does not count), else of wall time. */
const clock = typeof process !== 'undefined' && typeof process.cpuUsage === 'function'
  ? () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    }
  : () => performance.now();

export function fuzz(api, { runs, seed = 1, start = 0, budgetMs = 100, onProgress, onProblem } = {}) {
  const report = { runs: 0, conditions: 0, rulesFiles: 0, accepted: 0, compiled: 0, evaluations: 0, failures: [], slow: [], maxMs: {} };
  let current;
  const fail = (what, detail) => {
    const f = { index: current.index, kind: current.kind, input: current.input, what, ...(detail === undefined ? {} : { detail: String(detail) }) };
    report.failures.push(f);
    onProblem?.('FAIL', f);
  };
  /** Runs `f`, catching what escapes and timing it; an over-budget call is re-run twice and the best time kept. */
  const call = (name, f) => {
    let result;
    let ms = Infinity;
    for (let attempt = 0; attempt < 3; attempt++) {
      const t0 = clock();
      try {
        result = f();
      } catch (e) {
        fail(`${name} threw`, e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : e);
        return { threw: e };
      }
      ms = Math.min(ms, clock() - t0);
      if (ms <= budgetMs) break;
    }
    report.maxMs[name] = Math.max(report.maxMs[name] ?? 0, ms);
    if (ms > budgetMs) {
      const s = { index: current.index, kind: current.kind, call: name, ms: Math.round(ms), input: current.input };
      report.slow.push(s);
      onProblem?.('SLOW', s);
    }
    return { result };
  };
  const checkDiagnostics = (name, text, diagnostics, file) => {
    if (!Array.isArray(diagnostics)) return fail(`${name}: diagnostics is not an array`);
    for (const d of diagnostics) {
      if (typeof d.message !== 'string' || d.message === '' || /undefined|NaN|\[object /.test(d.message)) fail(`${name}: bad message`, d.message);
      if (!['error', 'warning', 'info', 'hint'].includes(d.severity)) fail(`${name}: bad severity`, d.severity);
      if (file !== undefined && d.file !== undefined && d.file !== file) continue;
      const { start: s, end: e } = d.range ?? {};
      if (!s || !e || !(s.offset >= 0 && s.offset <= e.offset && e.offset <= text.length)) {
        fail(`${name}: diagnostic outside the input`, `${JSON.stringify(d.range)} (${d.message}) in ${text.length} characters`);
        continue;
      }
      for (const p of [s, e]) {
        const q = api.positionAt(text, p.offset);
        if (q.line !== p.line || q.column !== p.column) fail(`${name}: line/column do not match the offset`, `${JSON.stringify(p)} vs ${JSON.stringify(q)} (${d.message})`);
      }
    }
  };

  for (let i = start; i < start + runs; i++) {
    const r = rng((seed * 1_000_003 + i) >>> 0);
    const isRules = r.chance(0.15);
    const input = isRules ? randomRulesFile(r) : randomCondition(r);
    current = { index: i, kind: isRules ? 'rules' : 'condition', input };
    report.runs++;
    if (isRules) {
      report.rulesFiles++;
      const path = 'fuzz.yaml';
      const sources = [{ path, text: input }];
      const loaded = call('loadRules', () => api.loadRules(sources));
      if (loaded.result) {
        checkDiagnostics('loadRules', input, loaded.result.diagnostics, path);
        for (const rule of loaded.result.rules ?? []) {
          if (!rule.compiled) continue;
          for (let k = 0; k < 2; k++) {
            const ev = randomEvent(r);
            call('rule.evaluate', () => rule.compiled.evaluate(ev));
            report.evaluations++;
          }
        }
        if (api.RuleEngine) {
          const engine = call('RuleEngine', () => new api.RuleEngine(loaded.result));
          if (engine.result) {
            const ev = { 'evt.type': r.pick(['open', 'execve', 'connect']), ...randomEvent(r) };
            call('RuleEngine.match', () => engine.result.match(ev));
          }
        }
      }
      const linted = call('lint', () => api.lint(sources));
      if (linted.result) checkDiagnostics('lint', input, linted.result, path);
    } else {
      report.conditions++;
      const parsed = call('parse', () => api.parse(input));
      if (!parsed.result) continue;
      checkDiagnostics('parse', input, parsed.result.diagnostics);
      const { ast } = parsed.result;
      if (ast !== undefined && parsed.result.diagnostics.some((d) => d.severity === 'error')) fail('parse: a tree beside errors');
      if (ast === undefined && parsed.result.diagnostics.length === 0) fail('parse: neither a tree nor a diagnostic');
      const deep = call('parse (Falco depth)', () => api.parse(input, { maxDepth: api.FALCO_MAX_DEPTH }));
      if (deep.result) checkDiagnostics('parse (Falco depth)', input, deep.result.diagnostics);
      if (ast) {
        report.accepted++;
        if (!deep.result?.ast) fail('parse: accepted with the default depth limit, refused with Falco\'s');
        const text = call('format', () => api.format(ast));
        if (typeof text.result === 'string') {
          const again = call('parse(format)', () => api.parse(text.result, { maxDepth: api.FALCO_MAX_DEPTH }));
          if (again.result && !again.result.ast) fail('format(parse(x)) does not parse', `${JSON.stringify(text.result)}: ${again.result.diagnostics[0]?.message}`);
          else if (again.result && !sameTree(api, again.result.ast, ast)) fail('format(parse(x)) parses to another tree', JSON.stringify(text.result));
        } else if (!text.threw) fail('format did not return a string');
      }
      const checked = call('checkCondition', () => api.checkCondition(input));
      if (!checked.result) continue;
      checkDiagnostics('checkCondition', input, checked.result.diagnostics);
      const compiled = call('compile', () => {
        try {
          return api.compile(input);
        } catch (e) {
          if (e instanceof api.ConditionError) return undefined;
          throw e;
        }
      });
      if (!!compiled.result !== !!checked.result.condition && !compiled.threw) fail('compile and checkCondition disagree');
      const cond = checked.result.condition;
      if (cond) {
        report.compiled++;
        for (let k = 0; k < 3; k++) {
          const ev = randomEvent(r);
          const v = call('evaluate', () => cond.evaluate(ev));
          const x = call('explain', () => cond.explain(ev));
          report.evaluations++;
          if (typeof v.result !== 'boolean' && !v.threw) fail('evaluate did not return a boolean', v.result);
          else if (x.result && x.result.value !== undefined && x.result.value !== v.result) fail('explain and evaluate disagree', JSON.stringify(ev));
        }
      }
    }
    if (onProgress && (i - start + 1) % 10000 === 0) onProgress(report, i + 1);
  }
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, def) => {
    const k = args.indexOf(`--${name}`);
    return k >= 0 ? Number(args[k + 1]) : def;
  };
  const runs = opt('runs', 10000);
  const seed = opt('seed', 1);
  const start = opt('start', 0);
  const budgetMs = opt('budget', 100);
  const api = await import('../dist/index.js');
  const t0 = performance.now();
  const report = fuzz(api, {
    runs, seed, start, budgetMs,
    onProgress: (rep, n) => console.error(`${n - start}/${runs} inputs, ${rep.failures.length} failures, ${rep.slow.length} slow, ${((performance.now() - t0) / 1000).toFixed(0)} s`),
    onProblem: (what, p) => console.error(what, JSON.stringify(p)),
  });
  const seconds = (performance.now() - t0) / 1000;
  const { failures, slow, maxMs, ...counts } = report;
  console.log(JSON.stringify({ seed, start, ...counts, failures: failures.length, slow: slow.length, seconds: Math.round(seconds) }));
  console.log('slowest call of each kind (ms of CPU):', JSON.stringify(Object.fromEntries(Object.entries(maxMs).map(([k, v]) => [k, +v.toFixed(1)]))));
  for (const f of failures.slice(0, 50)) console.log('FAIL', JSON.stringify(f));
  for (const s of slow.slice(0, 50)) console.log('SLOW', JSON.stringify(s));
  process.exitCode = failures.length > 0 ? 1 : 0;
}
