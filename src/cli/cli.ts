import { createReadStream, existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ParseArgsConfig } from 'node:util';
import {
  ConditionError,
  checkCondition,
  explainLines,
  format,
  parse,
  stripRanges,
  type Diagnostic,
} from '../index.js';
import { formatFalcoJson, formatJson, formatSarif, formatStylish, lintRuleSet, snippet, sortDiagnostics } from '../lint/index.js';
import { RuleEngine } from '../rules/engine.js';
import { loadRules, type Rule } from '../rules/loader.js';
import { definitionsOf } from '../rules/definitions.js';
import { rulesListJson, rulesListText } from '../lint/rules-list.js';
import { fmtArgsAreFiles, fmtFiles } from './fmt.js';
import { catalogOption, rulesSources } from './catalog-option.js';
import { FieldPresence, fieldsRead } from '../rules/fields-read.js';
import { Profiler, formatProfile } from '../rules/profile.js';
import { MATCHING_HELP, MATCHING_OPTIONS, MatchingError, ruleMatchingOf, selectionOf } from './matching.js';
import { didYouMean } from '../check/suggest.js';
import { parseOptions, plural, readInput, STDIN_NAME, UsageError, VERSION } from './args.js';
import { styleFor, useColor } from './style.js';
import { runScript } from './script.js';
import { codeCacheKey } from './tiering.js';

/** The language server's module, when the build wrote no scripts (named here so that the bundle does not take it in). */
const LSP_MODULE = '../lsp/main.js';

/** Exit codes: 0 clean / true, 1 problems found / false, 2 usage or internal failure. */

const HELP: Record<string, string> = {
  main: `falco-expr — lint, evaluate and run Falco rule conditions without Falco

Usage: falco-expr <command> [options]

Commands:
  lint FILE...             lint rules files (loaded in order, as Falco loads them)
  run --rules FILE... --events FILE.jsonl|-
                           apply every enabled rule to JSON-lines events, print alerts as Falco JSON
  eval CONDITION --event JSON|@FILE [--rules FILE...]
                           evaluate one condition against one event (exit 0 true, 1 false)
  test FILE...             run rules unit tests (events and the rules that must and must not fire)
  fields FILE... [--sysdig]
                           the fields the rules read; --sysdig: the sysdig -p format that prints them
  diff OLD.yaml NEW.yaml   rules, macros and lists added, removed, changed, and the version bump needed
  describe FILE... [--rule NAME]
                           what 'falco -L' prints: rules with conditions expanded, fields, events
  repl [--rules FILE...] [--event JSON|@FILE]
                           interactive prompt: type conditions, see results and why
  lsp --stdio              language server for editors
  ast CONDITION            print the parsed tree as JSON
  fmt FILE... | CONDITION  format rules files (--write, --check, --diff), or print one condition canonically

Run 'falco-expr <command> --help' for a command's options.`,
  lint: `Usage: falco-expr lint [options] FILE...

Lints rules files loaded in the order given (put falco_rules.yaml before files that build on it);
'-' reads one from standard input.

Options:
  --format stylish|json|falco-json|sarif   output format (default stylish)
  --fields FILE        field list printed by your own Falco ('falco --list -v' text or JSON), so the
                       catalog matches your Falco and plugins
  --max-warnings N     exit 1 when there are more than N warnings
  --color              colours even when the output is not a terminal (default: on a terminal, unless NO_COLOR)
  --no-color           plain output
  --rules-list         print every diagnostic code (Falco's code, severity, description) and exit;
                       with --format json, as JSON
Exit: 0 no errors, 1 errors (or too many warnings), 2 usage or internal failure.`,
  run: `Usage: falco-expr run --rules FILE... --events FILE.jsonl|- [options]

Applies every enabled rule to each event (one JSON object per line, keyed by field: {"evt.type": "execve",
"proc.name": "bash", ...}) and prints one alert per match as a JSON line in Falco's JSON output shape.
A summary (events, alerts per rule, events/s, and the fields the rules read that the events lack) goes to
stderr at the end. Events may be sysdig's JSON output (sysdig -j -p "$(falco-expr fields --sysdig FILE)"),
read as they come: a null value is a field without a value.

Options:
  --rules FILE         rules file (repeatable; loaded in order)
  --events FILE|-      events, JSON lines ('-' for standard input)
  --fields FILE        field list printed by your own Falco
${MATCHING_HELP}
  --profile            also report, per rule, evaluations, matches and time per evaluation and per event,
                       and the slowest checks (timed on a sample of the events)
  --quiet              no summary
Exit: 0 when the run completed (bad event lines are reported and skipped), 2 on usage errors or rules errors.`,
  eval: `Usage: falco-expr eval CONDITION --event JSON|@FILE [options]
       falco-expr eval --rules FILE... --event JSON|@FILE [options]

Prints true or false. Exit 0 when true, 1 when false, 2 on an error (shown with a caret under the condition).
Without a condition, prints the names of the rules the event fires (exit 0 when one does, 1 when none does),
picked as Falco's engine picks them (--rule-matching); with --explain, every rule evaluated and its tree.

Options:
  --event JSON|@FILE   the event, as a JSON object or @path to a file holding one (@- standard input)
  --rules FILE         rules file whose macros and lists the condition may use (repeatable)
  --explain            also print the evaluation tree with the values each check saw
  --fields FILE        field list printed by your own Falco
${MATCHING_HELP}`,
  repl: `Usage: falco-expr repl [--rules FILE...] [--event JSON|@FILE]

An interactive prompt. Type a condition to evaluate it against the current event: the result and the
evaluation tree with the value each check saw. Long conditions continue on the next line while a parenthesis
is open or the line ends with and/or/not. Tab completes fields, macros, lists, operators and transformers.

Commands: .event [JSON]  .set FIELD VALUE  .unset FIELD  .load EVENTS.jsonl  .next  .prev  .goto N
          .rules FILE...  .ast CONDITION  .fmt CONDITION  .fields PREFIX  .break  .help  .exit
History (1,000 entries) is kept in ~/.falco_expr_history (or $FALCO_EXPR_HISTORY).`,
  ast: `Usage: falco-expr ast CONDITION

Prints the parsed tree as JSON (upstream libsinsp's node kinds; --ranges to include source ranges).`,
  fmt: `Usage: falco-expr fmt [--write | --check | --diff] FILE...
       falco-expr fmt CONDITION
       falco-expr fmt --rules FILE...

Formats Falco rules files: consistent YAML layout, conditions in canonical form (long ones as folded
block scalars broken at and/or), comments kept. Prints the formatted file unless told otherwise; '-' reads
standard input. Arguments are files when there are several, when one is '-', names an existing file or ends
in .yaml/.yml; otherwise the argument is one condition, printed in canonical form. --rules prints the
canonical text of every rule and macro condition of the files.

Options:
  --write    rewrite the files in place
  --check    list the files that would change (exit 1 if any)
  --diff     print a unified diff instead of the file
Exit: 0 done, 1 --check found files to change, 2 usage error or a file with YAML or condition errors
(reported, the file left as it is).`,
};

/** The command being run, for messages about its options. */
let command = '';

function options(args: string[], config: ParseArgsConfig['options']): { values: Record<string, unknown>; positionals: string[] } {
  return parseOptions(command, args, config ?? {});
}

const readText = (path: string, what = 'file') => readInput(path, what);

const catalogFrom = catalogOption;
const sources = rulesSources;

/** --color or --no-color, when given. */
const colorFlag = (values: Record<string, unknown>) => (values['no-color'] ? false : values.color ? true : undefined);

/** --rule-matching, --enable, --disable as RuleEngine options. */
function matchingOf(values: Record<string, unknown>, args: string[]) {
  try {
    const ruleMatching = ruleMatchingOf(values['rule-matching']);
    const selection = selectionOf(args);
    return { ...(ruleMatching ? { ruleMatching } : {}), ...(selection.length ? { selection } : {}) };
  } catch (e) {
    throw e instanceof MatchingError ? new UsageError(e.message) : e;
  }
}

function cmdLint(args: string[]): number {
  const { values, positionals } = options(args, {
    format: { type: 'string', default: 'stylish' },
    fields: { type: 'string' },
    'max-warnings': { type: 'string' },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    'rules-list': { type: 'boolean' },
  });
  if (values.help) return help('lint');
  if (values['rules-list']) return printRulesList(values.format as string);
  if (positionals.length === 0) throw new UsageError('lint needs at least one rules file');
  const srcs = sources(positionals);
  const names = srcs.map((s) => s.path);
  const set = loadRules(srcs, { catalog: catalogFrom(values.fields as string | undefined) });
  const ds = lintRuleSet(set, names);
  const texts = Object.fromEntries(srcs.map((s) => [s.path, s.text]));
  switch (values.format) {
    case 'stylish':
      console.log(formatStylish(ds, { texts, style: styleFor(process.stdout, colorFlag(values)) }));
      break;
    case 'json':
      console.log(formatJson(ds));
      break;
    case 'falco-json':
      console.log(formatFalcoJson(ds, names, { texts }));
      break;
    case 'sarif':
      console.log(formatSarif(ds, { tool: { name: 'falco-expr', version: VERSION }, artifactUri: (f) => (f === STDIN_NAME ? f : pathToFileURL(resolve(f)).href) }));
      break;
    default:
      throw new UsageError(`unknown format '${values.format}' (stylish, json, falco-json, sarif)`);
  }
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.filter((d) => d.severity === 'warning').length;
  const max = values['max-warnings'] === undefined ? Infinity : Number(values['max-warnings']);
  if (!Number.isInteger(max) && max !== Infinity) throw new UsageError(`--max-warnings needs a whole number, not '${values['max-warnings']}'`);
  if (errors === 0 && warnings > max) {
    console.error(`falco-expr: ${plural(warnings, 'warning')}, more than --max-warnings ${max} allows`);
  }
  return errors > 0 || warnings > max ? 1 : 0;
}

function printRulesList(format: string): number {
  if (format !== 'stylish' && format !== 'json') throw new UsageError(`--rules-list prints text or --format json, not '${format}'`);
  console.log(format === 'json' ? rulesListJson() : rulesListText());
  return 0;
}

function conditionError(text: string, ds: Diagnostic[]): string {
  return ds
    .map((d) => `${d.severity}: ${d.message} (${d.code}) at ${d.range.start.line}:${d.range.start.column}\n${snippet(text, d)}`)
    .join('\n');
}

function parseEvent(arg: string | undefined): Record<string, unknown> {
  if (arg === undefined) throw new UsageError('--event is required (a JSON object, or @FILE)');
  const text = arg.startsWith('@') ? readText(arg.slice(1), 'event file') : arg;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--event is not valid JSON: ${(e as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new UsageError('--event must be a JSON object keyed by field names');
  return v as Record<string, unknown>;
}

function definitions(rules: string[] | undefined) {
  if (!rules?.length) return {};
  return definitionsOf(loadRules(sources(rules)));
}

function cmdEval(args: string[]): number {
  const { values, positionals } = options(args, {
    event: { type: 'string' },
    rules: { type: 'string', multiple: true },
    explain: { type: 'boolean' },
    fields: { type: 'string' },
    ...MATCHING_OPTIONS,
  });
  if (values.help) return help('eval');
  if (positionals.length === 0 && (values.rules as string[] | undefined)?.length) return evalRules(values, args);
  if (positionals.length !== 1) throw new UsageError('eval needs exactly one condition (quote it)');
  const text = positionals[0]!;
  const event = parseEvent(values.event as string | undefined);
  const r = checkCondition(text, { ...definitions(values.rules as string[] | undefined), catalog: catalogFrom(values.fields as string | undefined) });
  if (!r.condition) {
    console.error(conditionError(text, r.diagnostics));
    return 2;
  }
  for (const w of r.diagnostics) console.error(conditionError(text, [w]));
  const result = r.condition.evaluate(event);
  console.log(String(result));
  if (values.explain) console.log(explainLines(r.condition.explain(event), { style: styleFor(process.stdout) }).join('\n'));
  return result ? 0 : 1;
}

/** `eval --rules FILE... --event JSON` without a condition: the rules the event fires, as Falco's engine picks them. */
function evalRules(values: Record<string, unknown>, args: string[]): number {
  const event = parseEvent(values.event as string | undefined);
  const rules = values.rules as string[];
  const catalog = catalogFrom(values.fields as string | undefined);
  const srcs = sources(rules);
  const set = loadRules(srcs, { catalog });
  const errors = set.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    console.error(formatStylish(sortDiagnostics(errors, rules), { texts: Object.fromEntries(srcs.map((s) => [s.path, s.text])) }));
    return 2;
  }
  const engine = new RuleEngine(set, { catalog, ...matchingOf(values, args) });
  const trace = engine.trace(event);
  for (const t of trace) {
    if (t.matched && !values.explain) console.log(t.rule.name);
    if (values.explain) {
      const style = styleFor(process.stdout);
      console.log(`${t.matched ? style('pass', '✓') : style('fail', '✗')} rule ${t.rule.name}  (${t.rule.file}:${t.rule.range.start.line})`);
      console.log(explainLines(t.rule.compiled!.explain(event), { indent: '  ', style }).join('\n'));
    }
  }
  return trace.some((t) => t.matched) ? 0 : 1;
}

function cmdAst(args: string[]): number {
  const { values, positionals } = options(args, { ranges: { type: 'boolean' } });
  if (values.help) return help('ast');
  if (positionals.length !== 1) throw new UsageError('ast needs exactly one condition (quote it)');
  const text = positionals[0]!;
  const r = parse(text, { maxDepth: 1000 });
  if (!r.ast) {
    console.error(conditionError(text, r.diagnostics));
    return 2;
  }
  console.log(JSON.stringify(values.ranges ? r.ast : stripRanges(r.ast), null, 2));
  return 0;
}

function cmdFmt(args: string[]): number {
  const { values, positionals } = options(args, {
    rules: { type: 'string', multiple: true }, write: { type: 'boolean' }, check: { type: 'boolean' }, diff: { type: 'boolean' },
  });
  if (values.help) return help('fmt');
  if (!values.rules && fmtArgsAreFiles(positionals)) {
    return fmtFiles(positionals, { write: !!values.write, check: !!values.check, diff: !!values.diff, style: styleFor(process.stderr) });
  }
  if (values.write || values.check || values.diff) throw new UsageError('--write, --check and --diff take rules files');
  const rules = values.rules as string[] | undefined;
  if (rules?.length) {
    let failed = false;
    for (const src of sources(rules)) {
      const set = loadRules([src]);
      for (const m of set.macros.values()) {
        const r = parse(m.condition.text, { maxDepth: 1000 });
        if (r.ast) console.log(`# macro ${m.name}\n${format(r.ast)}\n`);
        else failed = true;
      }
      for (const rule of set.rules) {
        const r = parse(rule.condition.text, { maxDepth: 1000 });
        if (r.ast) console.log(`# rule ${rule.name}\n${format(r.ast)}\n`);
        else failed = true;
      }
    }
    return failed ? 1 : 0;
  }
  if (positionals.length !== 1) throw new UsageError('fmt needs a condition or --rules FILE');
  const text = positionals[0]!;
  const r = parse(text, { maxDepth: 1000 });
  if (!r.ast) {
    console.error(conditionError(text, r.diagnostics));
    return 2;
  }
  console.log(format(r.ast));
  return 0;
}

const PRIORITY_TEXT: Record<string, string> = {
  EMERGENCY: 'Emergency', ALERT: 'Alert', CRITICAL: 'Critical', ERROR: 'Error', WARNING: 'Warning', NOTICE: 'Notice',
  INFORMATIONAL: 'Informational', DEBUG: 'Debug',
};

function eventTime(ev: Record<string, unknown>): string {
  const raw = ev['evt.rawtime'] ?? ev['evt.time.iso8601'] ?? ev['evt.time'];
  if (typeof raw === 'number' || typeof raw === 'bigint' || (typeof raw === 'string' && /^\d{16,}$/.test(raw))) {
    const ns = BigInt(raw);
    const ms = Number(ns / 1_000_000n);
    const iso = new Date(ms).toISOString();
    return iso.replace(/\.\d{3}Z$/, `.${(ns % 1_000_000_000n).toString().padStart(9, '0')}Z`);
  }
  if (typeof raw === 'string') {
    // Keep the nanoseconds of an ISO 8601 time, as Falco prints them.
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(raw);
    if (m) return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z`;
    if (!Number.isNaN(Date.parse(raw))) return new Date(raw).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
  }
  return new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

async function cmdRun(args: string[]): Promise<number> {
  const { values } = options(args, {
    rules: { type: 'string', multiple: true },
    events: { type: 'string' },
    fields: { type: 'string' },
    quiet: { type: 'boolean' },
    profile: { type: 'boolean' },
    ...MATCHING_OPTIONS,
  });
  if (values.help) return help('run');
  const rules = values.rules as string[] | undefined;
  if (!rules?.length) throw new UsageError('run needs --rules FILE');
  const eventsPath = values.events as string | undefined;
  if (!eventsPath) throw new UsageError('run needs --events FILE.jsonl (or - for standard input)');
  const catalog = catalogFrom(values.fields as string | undefined);
  const srcs = sources(rules);
  const set = loadRules(srcs, { catalog });
  const errors = set.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const texts = Object.fromEntries(srcs.map((s) => [s.path, s.text]));
    console.error(formatStylish(sortDiagnostics(errors, rules), { texts }));
    console.error('the rules have errors: fix them (falco-expr lint) before running');
    return 2;
  }
  const engine = new RuleEngine(set, { catalog, ...matchingOf(values, args) });
  const presence = new FieldPresence(fieldsRead(engine.rules, catalog));
  const profiler = values.profile ? new Profiler(engine, { catalog }) : undefined;
  const fromStdin = eventsPath === '-';
  if (!fromStdin && (!existsSync(eventsPath) || statSync(eventsPath).isDirectory())) {
    throw new UsageError(`cannot read the events file ${eventsPath}: ${existsSync(eventsPath) ? 'it is a directory, not a file' : 'no such file or directory'}`);
  }
  const total = fromStdin ? 0 : statSync(eventsPath).size;
  // Loaded here, not with the module: node:readline brings Node's streams, which only `run` needs.
  const { createInterface } = await import('node:readline');
  const input = fromStdin ? process.stdin : createReadStream(eventsPath);
  const progress = !fromStdin && process.stderr.isTTY && !values.quiet;
  const counts = new Map<string, number>();
  let events = 0;
  let alerts = 0;
  let bytes = 0;
  let lineNo = 0;
  let bad = 0;
  const started = performance.now();
  let lastDraw = 0;
  const out: string[] = [];
  let flushScheduled = false;
  const flush = () => {
    if (out.length) {
      process.stdout.write(out.join(''));
      out.length = 0;
    }
  };
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    lineNo++;
    bytes += Buffer.byteLength(line) + 1;
    if (line.trim() === '') continue;
    let ev: unknown;
    try {
      ev = JSON.parse(line);
    } catch (e) {
      bad++;
      console.error(`${eventsPath}:${lineNo}: skipped, not valid JSON: ${(e as Error).message}`);
      continue;
    }
    if (!ev || typeof ev !== 'object' || Array.isArray(ev)) {
      bad++;
      console.error(`${eventsPath}:${lineNo}: skipped, not a JSON object`);
      continue;
    }
    events++;
    const event = ev as Record<string, unknown>;
    presence.observe(event);
    for (const a of profiler ? profiler.observe(event) : engine.match(event)) {
      alerts++;
      counts.set(a.rule.name, (counts.get(a.rule.name) ?? 0) + 1);
      out.push(JSON.stringify(alertJson(a.rule, a.output, event)) + '\n');
    }
    if (out.length > 256) flush();
    else if (out.length && !flushScheduled) {
      // Alerts of a live stream (sysdig | falco-expr run) go out once the input at hand is read, not at the end.
      flushScheduled = true;
      setImmediate(() => {
        flushScheduled = false;
        flush();
      });
    }
    if (progress && performance.now() - lastDraw > 100) {
      lastDraw = performance.now();
      const pct = total ? Math.min(100, Math.round((bytes / total) * 100)) : 0;
      const bar = '#'.repeat(Math.round(pct / 5)).padEnd(20, '.');
      process.stderr.write(`\r[${bar}] ${pct}%  ${events} events  ${alerts} alerts`);
    }
  }
  flush();
  if (progress) process.stderr.write('\r\u001b[K');
  const secs = (performance.now() - started) / 1000;
  if (!values.quiet) {
    const lines = [`${plural(events, 'event')}, ${plural(alerts, 'alert')}, ${plural(bad, 'bad line')} skipped, ${Math.round(events / Math.max(secs, 1e-6))} events/s`];
    for (const [rule, n] of [...counts].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(7)}  ${rule}`);
    const lack = presence.report();
    if (events && lack.missing.length) lines.push(`fields the rules read that no event has: ${lack.missing.join(', ')}`);
    if (events && lack.neverValued.length) lines.push(`fields the rules read that no event gave a value: ${lack.neverValued.join(', ')}`);
    console.error(lines.join('\n'));
  }
  if (profiler) console.error('\n' + formatProfile(profiler.report()));
  return 0;
}

function alertJson(rule: Rule, output: { text: string; fields: Record<string, unknown> }, ev: Record<string, unknown>) {
  const time = eventTime(ev);
  const priority = PRIORITY_TEXT[rule.priority] ?? rule.priority;
  return {
    // Falco names the machine it runs on; the event's own host when it has one.
    hostname: typeof ev['evt.hostname'] === 'string' ? ev['evt.hostname'] : hostname(),
    output: `${time.slice(11, 29)}: ${priority} ${output.text}`,
    output_fields: { 'evt.time': time, ...output.fields },
    priority,
    rule: rule.name,
    source: rule.source,
    tags: rule.tags,
    time,
  };
}

async function cmdTest(args: string[]): Promise<number> {
  const { TEST_HELP, runTestCommand } = await import('./testcmd.js');
  const { MATCHING_OPTIONS } = await import('./matching.js');
  const { values, positionals } = options(args, {
    fields: { type: 'string' }, 'no-color': { type: 'boolean' }, ...MATCHING_OPTIONS, coverage: { type: 'boolean' },
    'coverage-format': { type: 'string' }, 'coverage-output': { type: 'string' }, 'coverage-min': { type: 'string' },
  });
  if (values.help) return console.log(TEST_HELP), 0;
  const catalog = values.fields ? catalogFrom(values.fields as string) : undefined;
  const color = useColor(process.stdout, colorFlag(values));
  return runTestCommand({ values, positionals, args, catalog, color, usage: (m) => new UsageError(m) });
}

async function cmdRepl(args: string[]): Promise<number> {
  const { values } = options(args, { rules: { type: 'string', multiple: true }, event: { type: 'string' }, fields: { type: 'string' } });
  if (values.help) return help('repl');
  const { startRepl } = await import('../repl/repl.js');
  const event = values.event === undefined ? {} : parseEvent(values.event as string);
  const r = startRepl({
    ...(values.rules ? { rules: values.rules as string[] } : {}),
    event,
    catalog: catalogFrom(values.fields as string | undefined),
    ...(process.env.FALCO_EXPR_TERMINAL === '1' ? { terminal: true } : {}),
  });
  await new Promise<void>((done) => r.server.on('exit', () => done()));
  return 0;
}

/** Every command, for "did you mean" (test, fields, diff, describe and lsp keep their help in their own modules). */
const COMMANDS = ['lint', 'run', 'eval', 'test', 'fields', 'diff', 'describe', 'repl', 'lsp', 'ast', 'fmt'];

function help(cmd: string): number {
  console.log(HELP[cmd]);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  command = cmd ?? '';
  try {
    switch (cmd) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        return help('main');
      case '--version':
        console.log(VERSION);
        return 0;
      case 'lint':
        return cmdLint(rest);
      case 'run':
        return await cmdRun(rest);
      case 'eval':
        return cmdEval(rest);
      case 'ast':
        return cmdAst(rest);
      case 'fmt':
        return cmdFmt(rest);
      case 'test':
        return await cmdTest(rest);
      case 'repl':
        return await cmdRepl(rest);
      case 'fields':
        return (await import('./fields.js')).runFields(rest, (m) => new UsageError(m));
      case 'diff':
        return (await import('./diff.js')).runDiff(rest, (m) => new UsageError(m));
      case 'describe':
        return (await import('./describe.js')).runDescribe(rest, (m) => new UsageError(m));
      case 'lsp': {
        // The server runs from a script of its own (dist/cli/lsp.cjs, as for dist/lsp/standalone.js), so that
        // its code and vscode-languageserver's, a third of the command's script, are not in the script every
        // other command reads and hands to V8 at each start.
        const script = runScript(new URL('./', import.meta.url), 'lsp', codeCacheKey(['lsp', ...rest], false));
        const { runLsp } = (script ?? (await import(/* @vite-ignore */ LSP_MODULE))) as typeof import('../lsp/main.js');
        return await runLsp(rest);
      }
      default:
        throw new UsageError(`unknown command '${cmd}'${didYouMean(cmd, COMMANDS)}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`falco-expr: ${e.message}${e.message.includes('--help') ? '' : "\nRun 'falco-expr --help' for usage."}`);
      return 2;
    }
    if (e instanceof ConditionError) {
      console.error(e.message);
      return 2;
    }
    console.error(`falco-expr: internal error: ${(e as Error).stack ?? e}`);
    return 2;
  }
}
