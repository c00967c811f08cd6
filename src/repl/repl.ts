import { homedir } from 'node:os';
import { join } from 'node:path';
import repl, { type REPLServer } from 'node:repl';
import { styleText } from 'node:util';
import type { Readable, Writable } from 'node:stream';
import {
  checkCondition,
  defaultCatalog,
  explainLines,
  format,
  parse,
  stripRanges,
  type Diagnostic,
  type FieldCatalog,
} from '../index.js';
import { completeCondition, conditionTokens, definitionMaps, type TokenClass, type TokenScope } from '../assist/index.js';
import { comparisonClass } from '../language/types.js';
import { toComparable } from '../values/constants.js';
import { snippet } from '../lint/index.js';
import { readInput } from '../cli/args.js';
import { ansi, useColor } from '../cli/style.js';
import { plain, type Style } from '../style.js';
import { HISTORY_SIZE, joinEntry, readHistory, writeHistory } from './history.js';
import { loadRules } from '../rules/loader.js';
import { definitionsOf } from '../rules/definitions.js';

/*
 * An interactive prompt for trying conditions: type a condition, see whether the current event matches and
 * why (the explain tree, in colour). Commands set and step through events, load rules files (their macros and
 * lists become usable), show the tree and the canonical text, and browse the field catalog. Nothing typed
 * can crash it: every error is shown with a caret under the condition.
 */

export interface ReplOptions {
  input?: Readable;
  output?: Writable;
  /** Line editing, colours and Tab completion; default: whether the output is a terminal. */
  terminal?: boolean;
  rules?: string[];
  event?: Record<string, unknown>;
  catalog?: FieldCatalog;
  /** History file; `false` for none. Default ~/.falco_expr_history (or $FALCO_EXPR_HISTORY). */
  history?: string | false;
}

type Event = Record<string, unknown>;

/** The colour of each token class of the core's tokenizer (../assist/tokens.ts), for Node's `util.styleText`. */
const TOKEN_FORMATS: Partial<Record<TokenClass, Parameters<typeof styleText>[0]>> = {
  field: 'blue', argument: 'cyan', operator: 'yellow', modifier: ['yellow', 'italic'], keyword: ['magenta', 'bold'],
  transformer: ['cyan', 'italic'], macro: 'magenta', list: ['magenta', 'underline'], string: 'green', number: 'yellow', invalid: 'red',
};

/** A condition in colour: the core's token classes, each in its colour (plain text when colours are off). */
export function highlight(text: string, on: boolean, scope: TokenScope = { isList: () => false }): string {
  if (!on) return text;
  let out = '';
  let at = 0;
  for (const t of conditionTokens(text, scope)) {
    const format = TOKEN_FORMATS[t.cls];
    if (!format) continue;
    out += text.slice(at, t.start) + styleText(format, text.slice(t.start, t.end), { validateStream: false });
    at = t.end;
  }
  return out + text.slice(at);
}

export class ConditionRepl {
  readonly server: REPLServer;
  private event: Event;
  private events: Event[] = [];
  private cursor = -1;
  private macros: Record<string, string> = {};
  private lists: Record<string, string[]> = {};
  private readonly catalog: FieldCatalog;
  private readonly color: boolean;
  private readonly style: Style;
  private readonly out: Writable;
  private historyFile: string | undefined;

  constructor(opts: ReplOptions = {}) {
    this.out = opts.output ?? process.stdout;
    const terminal = opts.terminal ?? !!(this.out as NodeJS.WriteStream).isTTY;
    this.color = useColor(this.out, undefined, terminal);
    this.style = this.color ? ansi : plain;
    this.catalog = opts.catalog ?? defaultCatalog;
    this.event = opts.event ?? {};
    if (opts.rules?.length) this.loadRulesFiles(opts.rules);
    if (terminal) {
      this.print(
        this.style(
          'muted',
          'falco-expr REPL: type a condition to evaluate it against the current event (.set FIELD VALUE to build one). ' +
            '.help lists the commands, Tab completes, .exit or Ctrl+D quits.',
        ),
      );
    }
    this.server = repl.start({
      prompt: 'falco> ',
      input: opts.input ?? process.stdin,
      output: this.out,
      terminal,
      useColors: this.color,
      ignoreUndefined: true,
      eval: (cmd, _ctx, _file, cb) => this.evaluate(cmd, cb),
      writer: (v: unknown) => String(v),
      completer: (line: string) => this.complete(line),
      historySize: HISTORY_SIZE,
    } as repl.ReplOptions);
    this.defineCommands();
    const history = opts.history ?? process.env.FALCO_EXPR_HISTORY ?? join(homedir(), '.falco_expr_history');
    if (history && terminal) {
      // Our own history file rather than Node's (30 entries by default, one per line typed).
      this.historyFile = history;
      this.readline.history = readHistory(history);
      this.server.on('exit', () => writeHistory(history, this.readline.history));
    }
  }

  /** The REPL's line editor (REPLServer is a readline Interface; its `history` is not in the typings). */
  private get readline(): { history: string[] } {
    return this.server as unknown as { history: string[] };
  }

  /** After a complete entry: a multi-line one becomes one history entry; the file is rewritten. */
  private remember(input: string): void {
    if (!this.historyFile) return;
    if (/\n./.test(input.replace(/\n+$/, ''))) this.readline.history = joinEntry(this.readline.history, input);
    writeHistory(this.historyFile, this.readline.history);
  }

  private print(s: string): void {
    this.out.write(s.endsWith('\n') ? s : s + '\n');
  }

  private evaluate(cmd: string, cb: (err: Error | null, result?: unknown) => void): void {
    try {
      const text = cmd.replace(/\n$/, '');
      if (text.trim() === '') return cb(null);
      const parsed = parse(text, { maxDepth: 1000 });
      // A condition cut short (an open parenthesis, a trailing `and`) continues on the next line.
      const atEnd = parsed.diagnostics.every((d) => d.range.start.offset >= text.trimEnd().length);
      if (!parsed.ast && ((atEnd && openParens(text) > 0) || /(\band|\bor|\bnot|,)\s*$/.test(text))) {
        return cb(new repl.Recoverable(new Error('incomplete condition')));
      }
      this.remember(text);
      const r = checkCondition(text, { macros: this.macros, lists: this.lists, catalog: this.catalog });
      if (!r.condition) {
        this.print(this.errors(text, r.diagnostics));
        return cb(null);
      }
      for (const w of r.diagnostics) this.print(this.errors(text, [w]));
      const x = r.condition.explain(this.event);
      const s = this.style;
      this.print(`${x.result ? s('pass', 'true') : s('fail', 'false')}\n${explainLines(x, { style: s, checkText: (t) => this.highlight(t) }).join('\n')}`);
      cb(null);
    } catch (e) {
      this.print(`internal error: ${(e as Error).message}`);
      cb(null);
    }
  }

  private highlight(text: string): string {
    return highlight(text, this.color, { isList: (name) => Object.hasOwn(this.lists, name), isMacro: (name) => Object.hasOwn(this.macros, name) });
  }

  private errors(text: string, ds: Diagnostic[]): string {
    const s = this.style;
    return ds
      .map((d) => `${d.severity === 'error' ? s('error', 'error') : s('info', d.severity)}: ${d.message} ${s('muted', `(${d.code})`)}\n${snippet(text, d, s)}`)
      .join('\n');
  }

  loadRulesFiles(paths: string[]): string {
    const set = loadRules(paths.map((path) => ({ path, text: readInput(path, 'rules file') })), { catalog: this.catalog });
    // New objects: compiled conditions may hold on to the previous ones.
    const defs = definitionsOf(set);
    this.macros = { ...this.macros, ...defs.macros };
    this.lists = { ...this.lists, ...defs.lists };
    const errors = set.diagnostics.filter((d) => d.severity === 'error').length;
    return `loaded ${paths.length} file(s): ${set.rules.length} rules, ${set.macros.size} macros, ${set.lists.size} lists${errors ? `, ${errors} errors (run falco-expr lint)` : ''}`;
  }

  private showEvent(): string {
    const where = this.events.length ? `event ${this.cursor + 1} of ${this.events.length}\n` : '';
    return where + JSON.stringify(this.event, null, 2);
  }

  /** The event value `.set` stores for a field, checked against the field's type; throws when it does not fit. */
  private fieldValue(name: string, raw: string): unknown {
    const resolved = this.catalog.resolve(name);
    if (!resolved) {
      const hint = this.catalog.suggest(name.replace(/\[.*$/, ''), 1)[0];
      throw new Error(`unknown field '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
    if (resolved.error) throw new Error(`${name}: ${resolved.error.message}`);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare string
    }
    const f = resolved.field;
    const cls = comparisonClass(f.type);
    if (cls === 'numeric' || cls === 'bool' || cls === 'ip') {
      const items = Array.isArray(value) ? value : [value];
      if (Array.isArray(value) && !f.list) throw new Error(`${name} holds one value (${f.type}), not a list`);
      for (const v of items) {
        if (toComparable(v as never, f.type) === undefined) {
          const want = cls === 'numeric' ? 'a number' : cls === 'bool' ? 'true or false' : 'an IP address';
          throw new Error(`${name} is ${f.type}: ${JSON.stringify(v)} is not ${want}`);
        }
      }
    }
    return value;
  }

  private defineCommands(): void {
    const s = this.server;
    // Node's own commands that mean nothing here; .break keeps its use: abandon a condition being continued.
    for (const name of ['clear', 'editor', 'save']) delete (s.commands as Record<string, unknown>)[name];
    const brk = s.commands.break;
    if (brk) s.defineCommand('break', { help: 'Abandon the condition being continued on several lines (or Ctrl+C)', action: brk.action });
    const done = (text: string) => {
      this.print(text);
      s.displayPrompt();
    };
    const guard = (fn: (arg: string) => string) => (arg: string) => {
      try {
        done(fn(arg.trim()));
      } catch (e) {
        done(`error: ${(e as Error).message}`);
      }
    };
    s.defineCommand('event', {
      help: 'Show the current event, or replace it: .event {"proc.name": "bash"}',
      action: guard((arg) => {
        if (arg) {
          const v = JSON.parse(arg) as unknown;
          if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('the event must be a JSON object keyed by field names');
          this.event = v as Event;
        }
        return this.showEvent();
      }),
    });
    s.defineCommand('set', {
      help: 'Set a field of the current event: .set proc.name bash (JSON values: .set proc.pid 42)',
      action: guard((arg) => {
        const m = /^(\S+)\s+([\s\S]*)$/.exec(arg);
        if (!m) throw new Error('usage: .set FIELD VALUE');
        const value = this.fieldValue(m[1]!, m[2]!);
        this.event = { ...this.event, [m[1]!]: value };
        return `${m[1]} = ${JSON.stringify(value)}`;
      }),
    });
    s.defineCommand('unset', {
      help: 'Remove a field from the current event: .unset proc.name',
      action: guard((arg) => {
        if (!arg) throw new Error('usage: .unset FIELD');
        if (!(arg in this.event)) return `${arg} is not set`;
        const { [arg]: _gone, ...rest } = this.event;
        this.event = rest;
        return `${arg} removed`;
      }),
    });
    s.defineCommand('load', {
      help: 'Load events from a JSON-lines file and make the first one current: .load events.jsonl',
      action: guard((arg) => {
        if (!arg) throw new Error('usage: .load FILE.jsonl');
        const lines = readInput(arg, 'events file').split('\n');
        const evs: Event[] = [];
        const bad: number[] = [];
        lines.forEach((l, i) => {
          if (!l.trim()) return;
          try {
            const v = JSON.parse(l) as unknown;
            if (v && typeof v === 'object' && !Array.isArray(v)) evs.push(v as Event);
            else bad.push(i + 1);
          } catch {
            bad.push(i + 1);
          }
        });
        if (!evs.length) throw new Error(`no events in ${arg}`);
        this.events = evs;
        this.cursor = 0;
        this.event = evs[0]!;
        return `${evs.length} events loaded${bad.length ? ` (lines ${bad.join(', ')} skipped: not JSON objects)` : ''}\n${this.showEvent()}`;
      }),
    });
    const step = (delta: number | 'goto') => guard((arg) => {
      if (!this.events.length) throw new Error('no events loaded: .load FILE.jsonl');
      const to = delta === 'goto' ? Number(arg) - 1 : this.cursor + delta;
      if (!Number.isInteger(to) || to < 0 || to >= this.events.length) throw new Error(`no event ${to + 1} (1..${this.events.length})`);
      this.cursor = to;
      this.event = this.events[to]!;
      return this.showEvent();
    });
    s.defineCommand('next', { help: 'Make the next loaded event current', action: step(1) });
    s.defineCommand('prev', { help: 'Make the previous loaded event current', action: step(-1) });
    s.defineCommand('goto', { help: 'Make loaded event N current: .goto 3', action: step('goto') });
    s.defineCommand('rules', {
      help: 'Load rules files; their macros and lists become usable: .rules falco_rules.yaml custom.yaml',
      action: guard((arg) => {
        if (!arg) return `${Object.keys(this.macros).length} macros, ${Object.keys(this.lists).length} lists`;
        return this.loadRulesFiles(arg.split(/\s+/));
      }),
    });
    s.defineCommand('ast', {
      help: 'Show the parsed tree of a condition: .ast proc.name = bash',
      action: guard((arg) => {
        const r = parse(arg, { maxDepth: 1000 });
        return r.ast ? JSON.stringify(stripRanges(r.ast), null, 2) : this.errors(arg, r.diagnostics);
      }),
    });
    s.defineCommand('fmt', {
      help: 'Show the canonical text of a condition: .fmt a and(b or  c)',
      action: guard((arg) => {
        const r = parse(arg, { maxDepth: 1000 });
        return r.ast ? this.highlight(format(r.ast)) : this.errors(arg, r.diagnostics);
      }),
    });
    s.defineCommand('fields', {
      help: 'Browse the field catalog: .fields proc.a',
      action: guard((arg) => {
        const found = this.catalog.byPrefix(arg);
        if (!found.length) return `no field starts with '${arg}'`;
        const s = this.style;
        return found
          .slice(0, 200)
          .map((f) => `${s('strong', f.name)}${f.arg.kind !== 'none' ? s('muted', `[${f.arg.kind}]`) : ''}  ${s('name', f.type + (f.list ? ' (list)' : ''))}  ${f.description ?? ''}`)
          .join('\n') + (found.length > 200 ? `\n… ${found.length - 200} more` : '');
      }),
    });
  }

  /** Tab completion: what the core's cursor analysis offers (fields, macros, lists, operators, modifiers, transformers, keywords). */
  complete(line: string): [string[], string] {
    try {
      const cmd = /^\.(set|unset|fields)\s+(\S*)$/.exec(line);
      if (cmd) {
        const word = cmd[2]!;
        return [this.catalog.byPrefix(word).map((f) => f.name), word];
      }
      if (/^\.\w*$/.test(line)) {
        const names = Object.keys(this.server.commands).map((c) => `.${c}`);
        return [names.filter((n) => n.startsWith(line)), line];
      }
      // The core's cursor analysis says what may come next; the REPL offers the words that continue the line.
      const { items } = completeCondition(line, line.length, { catalog: this.catalog, ...definitionMaps(this.macros, this.lists) });
      const word = items[0] ? line.slice(items[0].from, items[0].to) : '';
      const candidates = items.map((i) => (i.kind === 'transformer' ? (i.insertText ?? i.label) : i.label));
      const hits = [...new Set(candidates.filter((c) => c.startsWith(word)))].sort();
      return [hits, word];
    } catch {
      return [[], line];
    }
  }
}

/** Parentheses left open, outside quoted strings. */
function openParens(text: string): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote && text[i - 1] !== '\\') quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return depth;
}

export function startRepl(opts: ReplOptions = {}): ConditionRepl {
  return new ConditionRepl(opts);
}
