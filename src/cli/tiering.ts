/**
 * Whether a command runs briefly: every command but the language server and the REPL, which run for as long as
 * their user, where V8's defaults (optimised code sooner) serve them better (a keystroke's lint in
 * falco_rules.yaml took about twice as long with the short-run settings).
 */
export function runsBriefly(command: string | undefined): boolean {
  return command !== 'lsp' && command !== 'repl';
}

/**
 * A command runs for a fraction of a second: V8's optimising compiler (TurboFan) would compile a few dozen hot
 * functions on a background thread and the command ends before that pays back. Measured on `falco-expr lint
 * falco_rules.yaml` (bench/targets.mjs start-up), that work was about a quarter of the process's CPU time. So the
 * command asks for ten times as many calls before optimising a function: a long run (a large file, `test` over
 * many events) still gets optimised code, a little later. Must run before the command's modules load, since
 * V8 reads the setting when a function is first set up. Only the programs call this, for the commands that run
 * briefly, never the library. Returns whether it set the flags: FALCO_EXPR_V8_DEFAULTS=1 keeps V8's defaults
 * (to compare).
 */
export function tuneTieringForShortRuns(command?: string): boolean {
  if (process.env.FALCO_EXPR_V8_DEFAULTS === '1') return false;
  try {
    loadBuiltinsBeforeFlags(command);
    // From process.getBuiltinModule: the ES module face of node:v8 would load more than this one function.
    const { setFlagsFromString } = process.getBuiltinModule('node:v8');
    setFlagsFromString('--invocation-count-for-turbofan=30000');
    // The young generation starts at 1 MB and doubles as it fills: linting falco_rules.yaml went through ten
    // scavenges while it grew. Growing it eight times at a step takes half as many (its maximum is unchanged).
    setFlagsFromString('--semi-space-growth-factor=8');
    return true;
  } catch {
    // Only speed is at stake.
    return false;
  }
}

/**
 * Loads the built-in modules a command uses before the flags change. Node compiles its built-in modules from a
 * code cache made with V8's default flags: once a flag changes, V8 refuses that cache, and a built-in module
 * loaded later is compiled from its source. Loaded first, they come from the cache: the script's runner
 * (node:vm), the option parser (util.parseArgs), standard output and error (a pipe's brings node:net), and the
 * event reader and clock of `run` (node:readline, file streams, perf_hooks). On `lint falco_rules.yaml` with its
 * output to a pipe, 2% of the instructions the process runs.
 */
function loadBuiltinsBeforeFlags(command: string | undefined): void {
  process.getBuiltinModule('node:vm');
  void process.getBuiltinModule('node:util').parseArgs;
  void process.stdout;
  void process.stderr;
  if (command === 'run') {
    process.getBuiltinModule('node:readline');
    void process.getBuiltinModule('node:fs').ReadStream;
    void globalThis.performance;
  }
}

/**
 * The key of the code cache for a command line (src/cli/script.ts): the command, and whether the short-run
 * tiering is set (V8 refuses a cache made under other flags). None for a command line that only asks for help
 * or the version: such a run compiles little of the command, and its cache would be the one kept.
 */
export function codeCacheKey(argv: readonly string[], tuned: boolean): string | undefined {
  const [command] = argv;
  if (command === undefined || !/^[a-z]+$/.test(command) || command === 'help') return undefined;
  if (argv.some((a) => a === '--help' || a === '-h' || a === '--version')) return undefined;
  return tuned ? command : `${command}-v8-defaults`;
}
