import { expandLists } from '../check/resolve.js';
import type { Expr } from '../syntax/ast.js';
import { asFalcoString } from '../syntax/as-string.js';
import { definitionsOf } from './definitions.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import { format } from '../syntax/printer.js';
import { defaultCatalog, type FieldCatalog } from '../fields/catalog.js';
import { EVENT_NAMES } from './event-names.js';
import type { ExceptionDef, Rule, RuleSet } from './loader.js';

/*
 * What `falco -L` prints with JSON output (falco `userspace/engine/falco_engine.cpp`: describe_rule and the
 * get_json_details of rules, macros and lists; `filter_details_resolver.cpp` for the fields, operators, macros
 * and lists of a condition), in the same shape and with the same field names, so that tools written for
 * Falco's output (the rules repository's checker) read ours. Sets Falco keeps unordered are sorted here.
 *
 * - `macros` and `lists` of a rule or macro are the ones its own condition names (not those reached through
 *   macros), as Falco reads them from the condition as written; `condition_fields` and `condition_operators`
 *   come from the compiled condition (macros, lists and exceptions expanded).
 * - `events`: for a syscall rule restricted by `evt.type`, its types and `asyncevent`, as Falco lists them;
 *   for a condition that does not restrict the event type, every event name of libsinsp's event table (Falco
 *   also lists the names of the syscalls libsinsp knows without an event of their own: we have no syscall
 *   table). A rule of another source lists `asyncevent` and `pluginevent`.
 * - `plugins` of a rule: the plugins of the catalog that provide its source (other than `json`, which extracts
 *   from every plugin source) or a field its condition or output reads, as Falco computes them for its loaded
 *   plugins; always empty for macros and lists, as in Falco.
 */

export interface DescribeOptions {
  /** Describe only this rule (Falco's `-l NAME`: then only `rules` is printed). */
  rule?: string;
  /**
   * Append the fields Falco's stock falco.yaml adds to every syscall rule's output (`append_output:
   * suggested_output: true`, from the container plugin's suggested fields).
   */
  suggestedOutput?: boolean;
  /** The field catalog the rules were loaded with, for the plugins a rule uses (default: `defaultCatalog`). */
  catalog?: FieldCatalog;
}

/** The fields the container plugin suggests for outputs, as Falco appends them (`name_with_underscores=%name`). */
export const SUGGESTED_OUTPUT_FIELDS = ['container.id', 'container.name', 'container.image.repository', 'container.image.tag', 'k8s.pod.name', 'k8s.ns.name'];

export interface RuleDescription {
  info: {
    name: string;
    condition: string;
    priority: string;
    output: string;
    description: string;
    enabled: boolean;
    source: string;
    capture: boolean;
    capture_duration: number;
    tags: string[];
  };
  details: {
    macros: string[];
    lists: string[];
    condition_operators: string[];
    condition_fields: string[];
    output_fields: string[];
    exception_fields: string[];
    exception_names: string[];
    exception_operators: string[];
    events: string[];
    condition_compiled: string;
    output_compiled: string;
    plugins: string[];
  };
}

export interface MacroDescription {
  info: { name: string; condition: string };
  details: {
    used: boolean;
    macros: string[];
    lists: string[];
    condition_operators: string[];
    condition_fields: string[];
    events: string[];
    condition_compiled: string;
    plugins: string[];
  };
}

export interface ListDescription {
  info: { name: string; items: string[] };
  details: { used: boolean; lists: string[]; items_compiled: string[]; plugins: string[] };
}

export interface Description {
  required_engine_version?: string;
  required_plugin_versions?: Array<{ name: string; version: string; alternatives: Array<{ name: string; version: string }> }>;
  rules: RuleDescription[];
  macros?: MacroDescription[];
  lists?: ListDescription[];
}

const PRIORITY_TEXT: Record<string, string> = {
  EMERGENCY: 'Emergency', ALERT: 'Alert', CRITICAL: 'Critical', ERROR: 'Error', WARNING: 'Warning', NOTICE: 'Notice',
  INFORMATIONAL: 'Informational', DEBUG: 'Debug',
};

const sorted = (s: Iterable<string>) => [...new Set(s)].sort();

interface Details {
  fields: Set<string>;
  operators: Set<string>;
  macros: Set<string>;
  lists: Set<string>;
}

/** Falco's filter_details_resolver: fields (with their argument), operators, and the macros and lists named. */
function details(e: Expr, macros: ReadonlySet<string>, lists: ReadonlySet<string>, out: Details = { fields: new Set(), operators: new Set(), macros: new Set(), lists: new Set() }): Details {
  const walk = (n: Expr, expectList: boolean) => {
    switch (n.kind) {
      case 'and':
      case 'or':
        n.children.forEach((c) => walk(c, false));
        break;
      case 'not':
        walk(n.child, false);
        break;
      case 'identifier':
        if (macros.has(n.name)) out.macros.add(n.name);
        break;
      case 'unary_check':
        walk(n.left, false);
        out.operators.add(n.op);
        break;
      case 'binary_check':
        walk(n.left, false);
        out.operators.add(n.op);
        walk(n.right, true);
        break;
      case 'list':
        if (expectList) for (const v of n.values) if (lists.has(v)) out.lists.add(v);
        break;
      case 'field':
        out.fields.add(n.arg ? `${n.name}[${n.arg}]` : n.name);
        break;
      case 'field_transformer':
        n.values.forEach((v) => walk(v, false));
        break;
      case 'transformer_list':
        n.children.forEach((v) => walk(v, false));
        break;
      default:
        break;
    }
  };
  walk(e, false);
  return out;
}

/** libsinsp's static reading of `evt.num` (>= 1 on every event): a check that is always false, always true, or unknown. */
function evtNumInvariant(e: Expr & { kind: 'binary_check' }): 'empty' | 'all' | undefined {
  if (e.left.kind !== 'field' || e.left.name !== 'evt.num' || e.left.arg !== undefined) return undefined;
  const u64 = (v: string) => (/^[0-9]+$/.test(v) ? BigInt(v) : undefined);
  if (e.op === 'in') {
    if (e.right.kind !== 'list') return undefined;
    return e.right.values.every((v) => u64(v) === 0n) ? 'empty' : undefined;
  }
  if (e.right.kind !== 'value') return undefined;
  const n = u64(e.right.value);
  if (n === undefined) return undefined;
  switch (e.op) {
    case '=':
    case '==':
      return n === 0n ? 'empty' : undefined;
    case '!=':
      return n === 0n ? 'all' : undefined;
    case '<':
      return n <= 1n ? 'empty' : undefined;
    case '<=':
      return n === 0n ? 'empty' : undefined;
    case '>':
      return n === 0n ? 'all' : undefined;
    case '>=':
      return n <= 1n ? 'all' : undefined;
    default:
      return undefined;
  }
}

/**
 * The event names a syscall condition can match, as libsinsp computes them (`filter/ppm_codes.cpp`): negation
 * pushed down to the checks (De Morgan), `evt.type` checks giving their names (their complement under a
 * negation, or with `!=`), other checks every name, `evt.num` checks decided by its invariant; then
 * `asyncevent`, which Falco always adds.
 */
function eventNames(e: Expr): Set<string> {
  const ALL = new Set(EVENT_NAMES);
  const known = (values: readonly string[]) => new Set(values.filter((v) => ALL.has(v)));
  const invert = (s: Set<string>) => new Set(EVENT_NAMES.filter((t) => !s.has(t)));
  const inter = (a: Set<string>, b: Set<string>) => new Set([...a].filter((t) => b.has(t)));
  const visit = (n: Expr, neg: boolean): Set<string> => {
    switch (n.kind) {
      case 'and':
      case 'or': {
        const conj = (n.kind === 'and') !== neg;
        let acc: Set<string> = conj ? new Set(ALL) : new Set();
        for (const c of n.children) {
          const r = visit(c, neg);
          acc = conj ? inter(acc, r) : new Set([...acc, ...r]);
        }
        return acc;
      }
      case 'not':
        return visit(n.child, !neg);
      case 'binary_check': {
        const inv = evtNumInvariant(n);
        if (inv) return (inv === 'all') !== neg ? new Set(ALL) : new Set();
        const evttype = n.left.kind === 'field' && (n.left.name === 'evt.type' || n.left.name === 'syscall.type') && n.left.arg === undefined;
        if (evttype && ['=', '==', '!=', 'in'].includes(n.op) && (n.right.kind === 'value' || n.right.kind === 'list')) {
          let s = known(n.right.kind === 'value' ? [n.right.value] : n.right.values);
          if (neg) s = invert(s);
          if (n.op === '!=') s = invert(s);
          return s;
        }
        return new Set(ALL);
      }
      case 'unary_check': {
        const evttype = n.left.kind === 'field' && (n.left.name === 'evt.type' || n.left.name === 'syscall.type') && n.left.arg === undefined;
        return evttype && neg ? new Set() : new Set(ALL);
      }
      default:
        return new Set(ALL);
    }
  };
  const s = visit(e, false);
  s.add('asyncevent');
  return s;
}

function exceptionOperators(ex: ExceptionDef): string[] {
  if (Array.isArray(ex.comps)) return ex.comps.map(String);
  if (typeof ex.comps === 'string') return [ex.comps];
  return Array.isArray(ex.fields) ? ['='] : ['in'];
}

/** The output with the suggested fields appended, as Falco's append_output does. */
export function suggestedOutput(output: string): string {
  return `${output} ${SUGGESTED_OUTPUT_FIELDS.map((f) => `${f.replaceAll('.', '_')}=%${f}`).join(' ')}`;
}

export function describeRule(set: RuleSet, rule: Rule, options: DescribeOptions = {}): RuleDescription {
  const macroNames = new Set(set.macros.keys());
  const listNames = new Set(set.lists.keys());
  const raw = parse(rule.condition.text, { maxDepth: FALCO_MAX_DEPTH }).ast;
  const own = raw ? details(raw, macroNames, listNames) : undefined;
  const compiled = rule.compiled ? details(rule.compiled.ast, macroNames, listNames) : undefined;
  const suggested = options.suggestedOutput && rule.source === 'syscall';
  const exceptionFields = rule.exceptions.filter((e) => e.values.length > 0).flatMap((e) => (Array.isArray(e.fields) ? e.fields : e.fields === undefined ? [] : [e.fields]));
  return {
    info: {
      name: rule.name,
      condition: rule.condition.text,
      priority: PRIORITY_TEXT[rule.priority] ?? rule.priority,
      output: rule.output,
      description: rule.desc,
      enabled: rule.enabled,
      source: rule.source,
      capture: rule.extra.capture === true,
      capture_duration: typeof rule.extra.capture_duration === 'number' ? rule.extra.capture_duration : 0,
      tags: sorted(rule.tags),
    },
    details: {
      macros: sorted(own?.macros ?? []),
      lists: sorted(own?.lists ?? []),
      condition_operators: sorted(compiled?.operators ?? []),
      condition_fields: sorted(compiled?.fields ?? []),
      // As Falco: in the order of the output, repeats included.
      output_fields: [...rule.outputFields, ...(suggested ? SUGGESTED_OUTPUT_FIELDS : [])],
      exception_fields: sorted(exceptionFields),
      exception_names: sorted(rule.exceptions.map((e) => e.name)),
      exception_operators: sorted(rule.exceptions.flatMap(exceptionOperators)),
      events: rule.source === 'syscall' ? (rule.compiled ? sorted(eventNames(rule.compiled.ast)) : []) : ['asyncevent', 'pluginevent'],
      condition_compiled: rule.compiled ? asFalcoString(rule.compiled.ast) : '',
      output_compiled: suggested ? suggestedOutput(rule.output) : rule.output,
      plugins: usedPlugins(rule, compiled?.fields ?? new Set(), suggested, options.catalog ?? defaultCatalog),
    },
  };
}

/** The plugins a rule uses: the one providing its source, and those providing the fields it reads. */
function usedPlugins(rule: Rule, fields: ReadonlySet<string>, suggested: boolean | undefined, catalog: FieldCatalog): string[] {
  const out = new Set<string>();
  if (rule.source !== 'syscall') {
    const sourcing = catalog.all().find((f) => f.source === rule.source && f.plugin && f.plugin !== 'json')?.plugin;
    if (sourcing) out.add(sourcing);
  }
  for (const f of [...fields, ...rule.outputFields, ...(suggested ? SUGGESTED_OUTPUT_FIELDS : [])]) {
    const name = f.replace(/\[.*$/s, '');
    const info = catalog.get(name);
    if (info?.plugin && (info.source === undefined || info.source === rule.source || info.plugin === 'json')) out.add(info.plugin);
  }
  return sorted(out);
}

/** `falco -L` as JSON: every rule, macro and list of the loaded files, or one rule. */
export function describeRules(set: RuleSet, options: DescribeOptions = {}): Description {
  if (options.rule !== undefined) {
    const r = set.rules.find((x) => x.name === options.rule && !x.unknownSource);
    if (!r) throw new Error(`Rule "${options.rule}" is not loaded`);
    return { rules: [describeRule(set, r, options)] };
  }
  const macroNames = new Set(set.macros.keys());
  const listNames = new Set(set.lists.keys());
  const usage = falcoUsage(set);
  const macros: MacroDescription[] = [...set.macros.values()].sort((a, b) => a.index - b.index).map((m) => {
    // As for rules: the lists and macros the macro's own text names (its tree has the lists pasted in).
    const written = m.ast ? parse(m.condition.text, { maxDepth: FALCO_MAX_DEPTH }).ast : undefined;
    const own = written ? details(written, macroNames, listNames) : undefined;
    const visible: Record<string, Expr> = {};
    for (const o of set.macros.values()) if (o.ast && o.index < m.visibility && o.name !== m.name) visible[o.name] = o.ast;
    const compiledAst = m.ast ? compileMacro(m.ast, visible, set) : undefined;
    const compiled = compiledAst ? details(compiledAst, macroNames, listNames) : undefined;
    return {
      info: { name: m.name, condition: m.condition.text },
      details: {
        used: usage.macros.has(m.name),
        macros: sorted(own?.macros ?? []),
        lists: sorted(own?.lists ?? []),
        condition_operators: sorted(compiled?.operators ?? []),
        condition_fields: sorted(compiled?.fields ?? []),
        events: compiledAst ? sorted(eventNames(compiledAst)) : [],
        condition_compiled: compiledAst ? asFalcoString(compiledAst) : '',
        plugins: [],
      },
    };
  });
  const lists: ListDescription[] = [...set.lists.values()].sort((a, b) => a.index - b.index).map((l) => {
    // Falco expands one level: the items of a list named in this one (defined before it), as written.
    const compiled: string[] = [];
    const refs = new Set<string>();
    for (const item of l.items) {
      const ref = set.lists.get(item);
      if (ref && ref.index < l.visibility) {
        refs.add(ref.name);
        compiled.push(...ref.items);
      } else compiled.push(item);
    }
    return {
      info: { name: l.name, items: l.items.filter((i) => !refs.has(i)) },
      details: { used: usage.lists.has(l.name), lists: sorted(refs), items_compiled: compiled, plugins: [] },
    };
  });
  const rules = set.rules.filter((r) => !r.unknownSource).sort((a, b) => a.index - b.index).map((r) => describeRule(set, r, options));
  return {
    required_engine_version: set.requiredEngineVersion ?? '0.0.0',
    required_plugin_versions: set.requiredPluginVersions.map((alts) => ({
      name: alts[0]!.name,
      version: alts[0]!.version,
      alternatives: alts.slice(1).map((a) => ({ name: a.name, version: a.version })),
    })),
    rules,
    macros,
    lists,
  };
}

/** Word boundaries as Falco's list substitution sees them. */
function mentions(text: string, word: string): boolean {
  const delim = (c: string | undefined) => c === undefined || ' \t\n\r(),='.includes(c);
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if (delim(text[i - 1]) && delim(text[i + word.length])) return true;
  }
  return false;
}

/**
 * Falco's `used` (rule_loader_compiler.cpp): a macro is used when a rule's or another macro's condition refers
 * to it, a list when its name is a word of a rule's or macro's condition or an item of a later list; whether
 * the referring item is itself used does not matter.
 */
function falcoUsage(set: RuleSet): { macros: Set<string>; lists: Set<string> } {
  const macros = new Set<string>();
  const lists = new Set<string>();
  const visit = (e: Expr | undefined) => {
    if (!e) return;
    if (e.kind === 'identifier') {
      if (set.macros.has(e.name)) macros.add(e.name);
    } else if (e.kind === 'and' || e.kind === 'or') e.children.forEach(visit);
    else if (e.kind === 'not') visit(e.child);
  };
  const texts: string[] = [];
  for (const m of set.macros.values()) {
    visit(m.ast);
    texts.push(m.condition.text);
  }
  for (const r of set.rules) {
    if (r.unknownSource || r.compiledText === undefined) continue;
    visit(parse(r.compiledText, { maxDepth: FALCO_MAX_DEPTH }).ast);
    texts.push(r.compiledText);
  }
  for (const l of set.lists.values()) {
    if (texts.some((t) => mentions(t, l.name))) lists.add(l.name);
    for (const item of l.items) {
      const ref = set.lists.get(item);
      if (ref && ref.index < l.visibility) lists.add(ref.name);
    }
  }
  return { macros, lists };
}

/** A macro's condition with the macros visible to it expanded, and lists replaced by their items. */
function compileMacro(ast: Expr, visible: Record<string, Expr>, set: RuleSet): Expr {
  const lists = expandLists(definitionsOf(set).lists).lists;
  const expandItems = (values: readonly string[]): string[] => values.flatMap((v) => lists.get(v) ?? [v]);
  const walk = (e: Expr, stack: string[]): Expr => {
    switch (e.kind) {
      case 'and':
      case 'or':
        return { ...e, children: e.children.map((c) => walk(c, stack)) };
      case 'not':
        return { ...e, child: walk(e.child, stack) };
      case 'identifier': {
        const body = visible[e.name];
        return body && !stack.includes(e.name) ? walk(body, [...stack, e.name]) : e;
      }
      case 'binary_check':
        if (e.right.kind === 'list') return { ...e, right: { ...e.right, values: expandItems(e.right.values) } };
        return e;
      default:
        return e;
    }
  };
  return walk(ast, []);
}

/** The expanded condition, one conjunct or disjunct per line, for people. */
export function prettyCondition(e: Expr, indent = ''): string {
  if ((e.kind === 'and' || e.kind === 'or') && format(e).length + indent.length > 100) {
    return e.children
      .map((c, i) => {
        const compound = c.kind === 'and' || c.kind === 'or';
        const fits = format(c).length + indent.length + 6 <= 100;
        const inner = compound ? (fits ? `(${format(c)})` : `(\n${prettyCondition(c, indent + '  ')}\n${indent})`) : prettyCondition(c, indent);
        return `${indent}${i ? `${e.kind} ` : ''}${inner.trimStart()}`;
      })
      .join('\n');
  }
  if (e.kind === 'not' && (e.child.kind === 'and' || e.child.kind === 'or') && format(e).length + indent.length > 100) {
    return `${indent}not (\n${prettyCondition(e.child, indent + '  ')}\n${indent})`;
  }
  return indent + format(e);
}

/** The text `falco-expr describe` prints for people. */
export function formatDescription(set: RuleSet, options: DescribeOptions = {}): string {
  const rules = options.rule !== undefined ? set.rules.filter((r) => r.name === options.rule) : set.rules;
  if (options.rule !== undefined && !rules.length) throw new Error(`Rule "${options.rule}" is not loaded`);
  const out: string[] = [];
  for (const r of rules) {
    const d = describeRule(set, r, options);
    out.push(`rule: ${r.name}  (${r.file}:${r.range.start.line})`);
    out.push(`  ${d.info.priority}, source ${r.source}${r.enabled ? '' : ', disabled'}${r.tags.length ? `, tags ${d.info.tags.join(', ')}` : ''}`);
    if (d.details.macros.length) out.push(`  macros: ${d.details.macros.join(', ')}`);
    if (d.details.lists.length) out.push(`  lists: ${d.details.lists.join(', ')}`);
    if (d.details.exception_names.length) out.push(`  exceptions: ${d.details.exception_names.join(', ')}`);
    out.push(`  fields: ${d.details.condition_fields.join(', ')}`);
    if (r.source === 'syscall' && r.compiled?.eventTypes) out.push(`  events: ${d.details.events.filter((e) => e !== 'asyncevent').join(', ')}`);
    out.push('  condition (expanded):');
    out.push(r.compiled ? prettyCondition(r.compiled.ast, '    ') : '    (does not compile)');
    out.push('');
  }
  return out.join('\n').trimEnd();
}
