import { isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { modifier, operator } from '../language/vocabulary.js';
import { type Diagnostic, type DiagnosticData, type Range, type RelatedLocation, type Severity } from '../diagnostic.js';
import { defaultCatalog, type FieldCatalog } from '../fields/catalog.js';
import { checkCondition, type Condition } from '../eval/compile.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import type { Expr } from '../syntax/ast.js';
import { outputPlaceholders } from './output.js';
import { lineColumnAt, mapRange } from './positions.js';
import { closestNames } from '../check/suggest.js';
import { withCheckerData } from './checker-data.js';
import { falcoAt, placeIn } from './place.js';
import { notYamlText, yamlProblem, yamlText } from './yaml-errors.js';
import { compileLists, pasteLists, pasteText, quoteItem, type Locatable, type PastedText } from './lists.js';

/*
 * Falco rules files, loaded as Falco loads them (falco `userspace/engine/rule_loader_reader.cpp`,
 * `rule_loader_collector.cpp`, `rule_loader_compiler.cpp`): files in order, items in order; `list`, `macro`,
 * `rule`, `required_engine_version`, `required_plugin_versions`; legacy `append: true` and `override:` with
 * `append`/`replace` per key; exceptions turned into condition text; lists and macros usable before their
 * definition where Falco allows it. Every diagnostic carries the file and a range in that file, also for text
 * inside a condition written as a block scalar, a quoted scalar or a flow sequence.
 */

export interface RuleSource {
  path: string;
  text: string;
}

export type Priority = 'EMERGENCY' | 'ALERT' | 'CRITICAL' | 'ERROR' | 'WARNING' | 'NOTICE' | 'INFORMATIONAL' | 'DEBUG';
export const PRIORITIES: readonly Priority[] = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG'];

/** Where a piece of text came from: a scalar of a file, or text the loader generated near a node. */
interface Piece {
  text: string;
  file: string;
  source: string;
  node?: Scalar;
  /** For generated text: the node it stands for. */
  anchor?: Node;
}

/** A text assembled from pieces (a condition with appends and exceptions), mapping offsets back to files. */
export class SourcedText {
  readonly text: string;
  private readonly starts: number[] = [];
  constructor(readonly pieces: Piece[]) {
    let at = 0;
    for (const p of pieces) {
      this.starts.push(at);
      at += p.text.length;
    }
    this.text = pieces.map((p) => p.text).join('');
  }

  /** The file and range of [start, end) of the text. */
  locate(start: number, end: number): { file: string; range: Range } {
    let i = this.starts.length - 1;
    while (i > 0 && this.starts[i]! > start) i--;
    const p = this.pieces[i]!;
    const s = start - this.starts[i]!;
    const e = Math.min(end - this.starts[i]!, p.text.length);
    if (p.node) return { file: p.file, range: mapRange(p.source, p.node, s, Math.max(s, e)) };
    return { file: p.file, range: nodeRange(p.source, p.anchor) };
  }
}

export interface ListDef {
  name: string;
  items: string[];
  file: string;
  range: Range;
  /** Ranges of the items, for navigation. */
  itemRanges: Array<{ file: string; range: Range }>;
  used: boolean;
  index: number;
  visibility: number;
  /** The items once lists named in them are expanded, as Falco pastes them (one level, lists defined before). */
  compiledItems?: string[];
}

export interface MacroDef {
  name: string;
  condition: SourcedText;
  file: string;
  range: Range;
  used: boolean;
  index: number;
  visibility: number;
  ast?: Expr;
}

export interface ExceptionDef {
  name: string;
  fields: string | string[] | undefined;
  comps: string | string[] | undefined;
  values: unknown[];
  file: string;
  node: Node;
  source: string;
}

export interface Rule {
  name: string;
  condition: SourcedText;
  output: string;
  outputPiece?: Piece;
  desc: string;
  priority: Priority;
  source: string;
  tags: string[];
  enabled: boolean;
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
  exceptions: ExceptionDef[];
  file: string;
  range: Range;
  /** The condition text Falco compiles: the condition with the exceptions appended. */
  compiledText?: string;
  /** Where each part of `compiledText` is written (the condition, its appends, the exceptions). */
  compiledSource?: SourcedText;
  /** That text once the lists are pasted into it, as Falco parses it. */
  pastedText?: string;
  compiled?: Condition;
  /**
   * The condition as Falco parses it (exceptions appended, lists pasted), with ranges in `compiledSource`'s
   * text; macros are not expanded (`compiled.ast` is). Set when the rule's condition parses.
   */
  tree?: Expr;
  /** Fields the output reads (`%proc.name`). */
  outputFields: string[];
  index: number;
  /** Extra keys kept as given (capture, capture_duration…). */
  extra: Record<string, unknown>;
  unknownSource?: boolean;
}

export interface LoadOptions {
  catalog?: FieldCatalog;
  /** Event sources known to the engine; default: syscall and the sources of the catalog's plugin fields. */
  sources?: Iterable<string>;
}

export interface RuleSet {
  rules: Rule[];
  macros: Map<string, MacroDef>;
  lists: Map<string, ListDef>;
  diagnostics: Diagnostic[];
  requiredEngineVersion?: string;
  requiredPluginVersions: Array<Array<{ name: string; version: string }>>;
}

/** The version of Falco's rules engine we load rules as (falcosecurity/falco master, July 2026). */
export const FALCO_ENGINE_VERSION = '0.63.0';

/** Fields Falco warns about as deprecated (falco `falco_load_result.cpp`). */
const FALCO_DEPRECATED_FIELDS = new Set(['evt.dir', 'evt.latency', 'evt.latency.s', 'evt.latency.ns', 'evt.latency.human', 'evt.wait_latency']);
const EVT_DIR_NOTE = ": Falco no longer sees enter events, so 'evt.dir = <' is always true and 'evt.dir = >' always false";
const LATENCY_NOTE = ': Falco no longer sees enter events, so it has no value';

/** libsinsp's compile-time warnings (Falco's LOAD_COMPILE_CONDITION), given for each rule compiled. */
const COMPILE_WARNINGS = new Set(['value-is-field', 'value-is-transformer', 'regex-simpler']);

/** The macros a rule's condition goes through (by their bodies, ours), for telling which macros Falco compiles. */
function macroNames(ast: Expr | undefined, all: ReadonlyMap<string, MacroDef>): Set<string> {
  const out = new Set<string>();
  const walk = (e: Expr | undefined): void => {
    if (!e) return;
    if (e.kind === 'identifier') {
      const m = all.get(e.name);
      if (m && !out.has(e.name)) {
        out.add(e.name);
        walk(m.ast);
      }
    } else if (e.kind === 'and' || e.kind === 'or') e.children.forEach(walk);
    else if (e.kind === 'not') walk(e.child);
  };
  walk(ast);
  return out;
}

/**
 * Errors Falco's skip-if-unknown-filter skips a rule for: an unknown field or event type, or an argument given
 * to a field that takes none (libsinsp does not know `proc.name[1]` as a field).
 */
function isUnknownFilter(d: Diagnostic, catalog: FieldCatalog): boolean {
  if (d.code === 'unknown-field' || d.code === 'unknown-event-type') return true;
  const name = d.code === 'field-argument' && d.data?.nameKind === 'field' ? d.data.name : undefined;
  return name !== undefined && catalog.resolve(name)?.field.arg.kind === 'none';
}

/** Our diagnostic codes that Falco reports under a code of its own. */
const FALCO_CODES: Record<string, string> = {
  'deprecated-field': 'LOAD_DEPRECATED_ITEM',
  'value-is-field': 'LOAD_COMPILE_CONDITION',
  'value-is-transformer': 'LOAD_COMPILE_CONDITION',
  'regex-simpler': 'LOAD_COMPILE_CONDITION',
};

const PRIORITY_NAMES: Record<string, Priority> = {
  emergency: 'EMERGENCY', alert: 'ALERT', critical: 'CRITICAL', error: 'ERROR', warning: 'WARNING', notice: 'NOTICE',
  informational: 'INFORMATIONAL', info: 'INFORMATIONAL', debug: 'DEBUG',
};

const RULE_KEYS = new Set(['rule', 'condition', 'output', 'desc', 'priority', 'source', 'tags', 'enabled', 'exceptions', 'warn_evttypes', 'skip-if-unknown-filter', 'append', 'override', 'capture', 'capture_duration']);
const MACRO_KEYS = new Set(['macro', 'condition', 'append', 'override']);
const LIST_KEYS = new Set(['list', 'items', 'append', 'override']);
const EXCEPTION_KEYS = new Set(['name', 'fields', 'comps', 'values']);
const RULE_APPENDABLE = new Set(['condition', 'output', 'desc', 'tags', 'exceptions']);
const RULE_REPLACEABLE = new Set(['condition', 'output', 'desc', 'priority', 'tags', 'exceptions', 'enabled', 'warn_evttypes', 'skip-if-unknown-filter', 'capture', 'capture_duration']);
const IDENTIFIER = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;
const BARESTR = /^[^()"'\s=,]+$/;

/** A rule_load_exception: Falco stops the file at the first one. */
class LoadError extends Error {
  constructor(readonly code: string, message: string, readonly file: string, readonly range: Range) {
    super(message);
  }
}

function positionOf(source: string, offset: number) {
  return lineColumnAt(source, offset);
}

function nodeRange(source: string, node: Node | Pair | undefined | null): Range {
  const r = node && 'range' in node && node.range ? node.range : undefined;
  if (!r) {
    const p = positionOf(source, 0);
    return { start: p, end: p };
  }
  return { start: positionOf(source, r[0]), end: positionOf(source, r[1]) };
}

function priorityOf(text: string): Priority | undefined {
  return PRIORITY_NAMES[text.trim().toLowerCase()];
}

/** Loads rules files in order, as Falco does, and compiles every rule. Never throws on bad input. */
export function loadRules(sources: readonly RuleSource[], options: LoadOptions = {}): RuleSet {
  return new Loader(options).load(sources);
}

class Loader {
  private readonly catalog: FieldCatalog;
  private readonly knownSources: Set<string>;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly lists = new Map<string, ListDef>();
  private readonly macros = new Map<string, MacroDef>();
  private readonly rules = new Map<string, Rule>();
  private index = 0;
  /** The file (in load order) where each macro and rule was first defined: Falco compiles after each file. */
  private fileIndex = -1;
  private readonly macroFile = new Map<string, number>();
  private readonly ruleFile = new Map<string, number>();
  private engineVersion?: string;
  private readonly pluginVersions: Array<Array<{ name: string; version: string }>> = [];

  constructor(options: LoadOptions) {
    this.catalog = options.catalog ?? defaultCatalog;
    this.knownSources = new Set(options.sources ?? ['syscall', ...[...this.catalog.all()].map((f) => f.source).filter((s): s is string => !!s)]);
  }

  /** Each rule's condition as parsed (lists pasted), or undefined when it does not parse: parsed once per load. */
  private readonly parsedRules = new Map<Rule, Expr | undefined>();
  private readonly checked = new Map<string, ReturnType<typeof checkCondition>>();

  /** A condition of the loader's own making (an output expression, an exception's field), checked once per text. */
  private check(text: string): ReturnType<typeof checkCondition> {
    let r = this.checked.get(text);
    if (!r) {
      const c = checkCondition(text, { catalog: this.catalog });
      r = { ...c, diagnostics: c.diagnostics.map(withCheckerData) };
      this.checked.set(text, r);
    }
    return r;
  }

  private add(code: string, severity: Severity, message: string, file: string, range: Range, falco?: Diagnostic['falco'], data?: DiagnosticData, related?: RelatedLocation[]): void {
    this.diagnostics.push({ code, severity, message, range, file, ...(falco ? { falco } : {}), ...(related?.length ? { related } : {}), ...(data ? { data } : {}) });
  }

  load(sources: readonly RuleSource[]): RuleSet {
    for (const s of sources) this.readFile(s);
    this.compileAll();
    const rules = [...this.rules.values()].sort((a, b) => a.index - b.index);
    return {
      rules,
      macros: this.macros,
      lists: this.lists,
      diagnostics: this.diagnostics,
      ...(this.engineVersion !== undefined ? { requiredEngineVersion: this.engineVersion } : {}),
      requiredPluginVersions: this.pluginVersions,
    };
  }

  private readFile(src: RuleSource): void {
    this.fileIndex++;
    const binary = notYamlText(src.text);
    if (binary) {
      const at = positionOf(src.text, binary.offset);
      this.add('LOAD_ERR_YAML_PARSE', binary.severity, binary.message, src.path, { start: at, end: at });
      if (binary.severity === 'error') return;
    }
    let docs: Document.Parsed[];
    try {
      docs = parseAllDocuments(yamlText(src.text), { keepSourceTokens: false, uniqueKeys: false }) as Document.Parsed[];
    } catch (e) {
      this.add('LOAD_ERR_YAML_PARSE', 'error', String((e as Error).message), src.path, nodeRange(src.text, undefined));
      return;
    }
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
    for (const doc of docs) {
      if (doc.errors.length) {
        for (const e of doc.errors) {
          const p = yamlProblem(e, src.text);
          this.add('LOAD_ERR_YAML_PARSE', 'error', p.message, src.path, { start: positionOf(src.text, p.start), end: positionOf(src.text, p.end) });
          break; // one problem, as Falco: the errors after the first one follow from it
        }
        return; // Falco stops at a YAML syntax error
      }
      for (const w of doc.warnings) {
        this.add('LOAD_ERR_YAML_PARSE', 'warning', yamlProblem(w, src.text).message, src.path, { start: positionOf(src.text, w.pos[0]), end: positionOf(src.text, w.pos[1]) });
      }
      resolveAliases(doc);
      const root = doc.contents;
      if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) continue;
      try {
        if (!isSeq(root)) {
          throw new LoadError('LOAD_ERR_YAML_VALIDATE', isMap(root) ? 'Rules content is not yaml array of objects' : 'Rules content is not yaml', src.path, nodeRange(src.text, root));
        }
        for (const item of root.items) {
          if (item === null || (isScalar(item) && item.value === null)) continue;
          this.readItem(src, item as Node);
        }
      } catch (e) {
        if (e instanceof LoadError) {
          this.add(e.code, 'error', e.message, e.file, e.range);
          // Falco stops reading a file at its first validation error; we go on with the next item of the
          // same document so that one run shows every problem (the later items may still load in Falco's
          // eyes once the first problem is fixed).
          if (isSeq(root)) this.readRest(src, root.items as Node[], e);
          continue;
        }
        throw e;
      }
    }
  }

  /** After an item fails, the remaining items are still read so that every problem is reported. */
  private readRest(src: RuleSource, items: Node[], failed: LoadError): void {
    const idx = items.findIndex((n) => n && n.range && positionOf(src.text, n.range[0]).offset <= failed.range.start.offset && n.range[2] >= failed.range.start.offset);
    for (const item of items.slice(idx + 1)) {
      if (item === null || (isScalar(item) && item.value === null)) continue;
      try {
        this.readItem(src, item);
      } catch (e) {
        if (!(e instanceof LoadError)) throw e;
        this.add(e.code, 'error', e.message, e.file, e.range);
      }
    }
  }

  private fail(src: RuleSource, node: Node | Pair | null | undefined, message: string, code = 'LOAD_ERR_YAML_VALIDATE'): never {
    throw new LoadError(code, message, src.path, nodeRange(src.text, node as Node));
  }

  private str(src: RuleSource, map: YAMLMap, key: string, required: boolean): { value?: string; node?: Scalar } {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined) {
      if (required) this.fail(src, map, `Item has no mapping for key '${key}'`);
      return {};
    }
    if (isScalar(node) && (node.value === null || node.value === undefined)) this.fail(src, node, `Mapping for key '${key}' is empty`);
    if (!isScalar(node)) this.fail(src, node, 'Value is not a scalar value');
    const value = String(node.value);
    if (value === '') this.fail(src, node, 'Value must be non-empty');
    return { value, node };
  }

  private bool(src: RuleSource, map: YAMLMap, key: string): boolean | undefined {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined) return undefined;
    if (!isScalar(node) || node.value === null) this.fail(src, node, `Mapping for key '${key}' is empty`);
    const v = node.value;
    if (typeof v === 'boolean') return v;
    const s = String(v).toLowerCase();
    if (['true', 'yes', 'on', 'y'].includes(s)) return true;
    if (['false', 'no', 'off', 'n'].includes(s)) return false;
    this.fail(src, node, "Can't decode YAML scalar value");
  }

  private seqOfScalars(src: RuleSource, map: YAMLMap, key: string, required: boolean): Array<{ value: string; node: Scalar }> | undefined {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined) {
      if (required) this.fail(src, map, `Item has no mapping for key '${key}'`);
      return undefined;
    }
    if (!isSeq(node)) this.fail(src, node, 'Value is not a sequence');
    return node.items.map((v) => {
      if (!isScalar(v)) this.fail(src, v as Node, 'sequence value is not scalar');
      return { value: v.value === null ? '' : String(v.value), node: v };
    });
  }

  private unknownKeys(src: RuleSource, map: YAMLMap, allowed: Set<string>, what: string, code = 'LOAD_UNKNOWN_KEY'): void {
    for (const pair of map.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k !== undefined && !allowed.has(k)) {
        const [hint] = closestNames(k, allowed);
        const known = hint !== undefined ? ` (did you mean '${hint}'?)` : ` (known keys: ${[...allowed].join(', ')})`;
        const data: DiagnosticData = { name: k, nameKind: 'key', ...(hint !== undefined ? { suggestion: hint } : {}) };
        this.add(code, 'warning', `Unknown key '${k}' in ${what}: Falco ignores it${known}`, src.path, nodeRange(src.text, pair.key as Node), undefined, data);
      }
    }
  }

  private overrides(src: RuleSource, map: YAMLMap, appendable: Set<string>, replaceable: Set<string>): { append: Set<string>; replace: Set<string> } {
    const append = new Set<string>();
    const replace = new Set<string>();
    const node = map.get('override', true) as Node | undefined;
    if (node === undefined) return { append, replace };
    if (!isMap(node)) this.fail(src, node, "Value of 'override' must be a mapping");
    for (const pair of node.items) {
      const key = String((pair.key as Scalar).value);
      const op = isScalar(pair.value) ? String(pair.value.value) : '';
      if (op === 'append') {
        if (!appendable.has(key)) this.fail(src, pair.key as Node, `Key '${key}' cannot be appended to, use 'replace' instead`);
        append.add(key);
      } else if (op === 'replace') {
        if (!replaceable.has(key)) this.fail(src, pair.key as Node, `Key '${key}' cannot be replaced`);
        replace.add(key);
      } else {
        const allowed = [appendable.has(key) ? 'append ' : '', replaceable.has(key) ? 'replace ' : ''].join('');
        this.fail(src, pair.value as Node, `Invalid override operation for key '${key}': '${op}'. Allowed values are: ${allowed}`);
      }
    }
    return { append, replace };
  }

  private piece(src: RuleSource, node: Scalar): Piece {
    return { text: String(node.value), file: src.path, source: src.text, node };
  }

  private readItem(src: RuleSource, item: Node): void {
    if (!isMap(item)) this.fail(src, item, 'Unexpected element type. Each element should be a yaml associative array.');
    const map = item;
    if (map.has('required_engine_version')) return this.readEngineVersion(src, map);
    if (map.has('required_plugin_versions')) return this.readPluginVersions(src, map);
    if (map.has('list')) return this.readList(src, map);
    if (map.has('macro')) return this.readMacro(src, map);
    if (map.has('rule')) return this.readRule(src, map);
    this.add('LOAD_UNKNOWN_ITEM', 'warning', 'Unknown top level item', src.path, nodeRange(src.text, map));
  }

  private readEngineVersion(src: RuleSource, map: YAMLMap): void {
    const { value, node } = this.str(src, map, 'required_engine_version', true);
    if (!/^\d+$/.test(value!) && !/^\d+\.\d+\.\d+$/.test(value!)) {
      this.fail(src, node, `Unable to parse engine version '${value}' as a semver string. Expected "x.y.z" semver format.`);
    }
    const v = /^\d+$/.test(value!) ? `0.${value}.0` : value!;
    // Falco refuses rules that need a newer engine, or an engine of another major version.
    const [major] = v.split('.');
    if (major !== FALCO_ENGINE_VERSION.split('.')[0] || compareSemver(v, FALCO_ENGINE_VERSION) > 0) {
      this.fail(src, map, `Rules require engine version ${v}, but engine version is ${FALCO_ENGINE_VERSION}`, 'LOAD_ERR_VALIDATE');
    }
    if (!this.engineVersion || compareSemver(v, this.engineVersion) > 0) this.engineVersion = v;
    this.unknownKeys(src, map, new Set(['required_engine_version']), 'required_engine_version');
  }

  private readPluginVersions(src: RuleSource, map: YAMLMap): void {
    const node = map.get('required_plugin_versions', true) as Node;
    if (!isSeq(node)) this.fail(src, node, 'Value of required_plugin_versions must be a sequence');
    for (const p of node.items) {
      if (!isMap(p)) this.fail(src, p as Node, 'Plugin version must be a mapping');
      const name = this.str(src, p, 'name', true).value!;
      const version = this.str(src, p, 'version', true).value!;
      const alts = [{ name, version }];
      const a = p.get('alternatives', true) as Node | undefined;
      if (a !== undefined) {
        if (!isSeq(a)) this.fail(src, a, 'Value of plugin version alternatives must be a sequence');
        for (const alt of a.items) {
          if (!isMap(alt)) this.fail(src, alt as Node, 'Plugin version alternative must be a mapping');
          alts.push({ name: this.str(src, alt, 'name', true).value!, version: this.str(src, alt, 'version', true).value! });
        }
      }
      const names = new Set<string>();
      for (const r of alts) {
        if (!/^\d+\.\d+\.\d+/.test(r.version)) this.fail(src, p, `Invalid required version '${r.version}' for plugin '${r.name}'`, 'LOAD_ERR_VALIDATE');
        if (names.has(r.name)) this.fail(src, p, `Plugin '${r.name}' is named more than once among the alternatives`, 'LOAD_ERR_VALIDATE');
        names.add(r.name);
      }
      this.pluginVersions.push(alts);
    }
  }

  private readList(src: RuleSource, map: YAMLMap): void {
    const { value: name, node: nameNode } = this.str(src, map, 'list', true);
    if (!BARESTR.test(name!)) {
      this.add('LOAD_INVALID_LIST_NAME', 'warning', 'List has an invalid name. List names should match a regular expression: ([^()"\'[:space:]=,]+)', src.path, nodeRange(src.text, nameNode));
    }
    this.unknownKeys(src, map, LIST_KEYS, `list '${name}'`);
    const items = this.seqOfScalars(src, map, 'items', true)!;
    let append = this.bool(src, map, 'append') ?? false;
    if (append) this.add('LOAD_DEPRECATED_ITEM', 'warning', "The 'append' key is deprecated: use 'override: {items: append}'", src.path, nodeRange(src.text, map.get('append', true) as Node));
    const ov = this.overrides(src, map, new Set(['items']), new Set(['items']));
    if (append && (ov.append.size || ov.replace.size)) this.fail(src, map, "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.");
    append ||= ov.append.has('items');
    const itemRanges = items.map((i) => ({ file: src.path, range: nodeRange(src.text, i.node) }));
    const values = items.map((i) => i.value);
    const prev = this.lists.get(name!);
    if (append) {
      if (!prev) this.fail(src, map, 'List has \'append\' key or an append override but no list by that name already exists', 'LOAD_ERR_VALIDATE');
      prev.items.push(...values);
      prev.itemRanges.push(...itemRanges);
      prev.visibility = this.index++;
      return;
    }
    const def: ListDef = { name: name!, items: values, file: src.path, range: nodeRange(src.text, map), itemRanges, used: false, index: this.index, visibility: this.index };
    if (prev) {
      this.duplicate(src, 'list', name!, prev, nameNode);
      def.index = prev.index;
      def.used = prev.used;
    }
    this.index++;
    this.lists.set(name!, def);
  }

  /**
   * A second definition replaces the first, which is how a later file customises an earlier one; within one
   * file it is almost always a mistake (the first definition is silently lost).
   */
  private duplicate(src: RuleSource, kind: string, name: string, prev: { file: string; range: Range }, at: Node | undefined): void {
    if (prev.file !== src.path) return;
    this.add('duplicate-definition', 'warning', `${kind} '${name}' is defined again: this definition replaces the one at line ${prev.range.start.line}`, src.path, nodeRange(src.text, at));
  }

  private readMacro(src: RuleSource, map: YAMLMap): void {
    const { value: name, node: nameNode } = this.str(src, map, 'macro', true);
    if (!IDENTIFIER.test(name!)) {
      this.add('LOAD_INVALID_MACRO_NAME', 'warning', 'Macro has an invalid name. Macro names should match a regular expression: ([a-zA-Z]+[a-zA-Z0-9_]*)', src.path, nodeRange(src.text, nameNode));
    }
    this.unknownKeys(src, map, MACRO_KEYS, `macro '${name}'`);
    const cond = this.str(src, map, 'condition', true);
    let append = this.bool(src, map, 'append') ?? false;
    if (append) this.add('LOAD_DEPRECATED_ITEM', 'warning', "The 'append' key is deprecated: use 'override: {condition: append}'", src.path, nodeRange(src.text, map.get('append', true) as Node));
    const ov = this.overrides(src, map, new Set(['condition']), new Set(['condition']));
    if (append && (ov.append.size || ov.replace.size)) this.fail(src, map, "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.");
    append ||= ov.append.has('condition');
    const prev = this.macros.get(name!);
    const piece = this.piece(src, cond.node!);
    if (append) {
      if (!prev) this.fail(src, map, "Macro has 'append' key or an append override but no macro by that name already exists", 'LOAD_ERR_VALIDATE');
      prev.condition = new SourcedText([...prev.condition.pieces, { text: ' ', file: src.path, source: src.text, anchor: cond.node! }, piece]);
      prev.visibility = this.index++;
      return;
    }
    const def: MacroDef = { name: name!, condition: new SourcedText([piece]), file: src.path, range: nodeRange(src.text, map), used: false, index: this.index, visibility: this.index };
    if (prev) {
      this.duplicate(src, 'macro', name!, prev, nameNode);
      def.index = prev.index;
      def.used = prev.used;
    }
    this.index++;
    if (!this.macroFile.has(name!)) this.macroFile.set(name!, this.fileIndex);
    this.macros.set(name!, def);
  }

  private readExceptions(src: RuleSource, map: YAMLMap, append: boolean): ExceptionDef[] | undefined {
    const node = map.get('exceptions', true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
    if (!isSeq(node)) this.fail(src, node, 'Rule exceptions must be a sequence');
    const out: ExceptionDef[] = [];
    for (const ex of node.items) {
      if (!isMap(ex)) this.fail(src, ex as Node, 'Rule exception must be a mapping');
      const name = this.str(src, ex, 'name', true).value!;
      this.unknownKeys(src, ex, EXCEPTION_KEYS, `exception '${name}'`, 'unknown-exception-key');
      if (out.some((o) => o.name === name)) {
        this.add('LOAD_EXCEPTION_NAME_NOT_UNIQUE', 'warning', `Multiple definitions of exception '${name}' in the same rule`, src.path, nodeRange(src.text, ex.get('name', true) as Node));
      }
      const fields = this.entry(src, ex, 'fields', !append);
      const comps = this.entry(src, ex, 'comps', false);
      const valsNode = ex.get('values', true) as Node | undefined;
      const values: unknown[] = [];
      if (valsNode !== undefined && !(isScalar(valsNode) && valsNode.value === null)) {
        if (!isSeq(valsNode)) this.fail(src, valsNode, 'Rule exception values must be a sequence');
        for (const v of valsNode.items) {
          this.nonEmptyValues(src, v as Node);
          values.push(toPlain(v as Node));
        }
      } else if (append) {
        this.add('LOAD_APPEND_NO_VALUES', 'warning', 'Overriding/appending exception with no values', src.path, nodeRange(src.text, ex));
      }
      out.push({ name, fields, comps, values, file: src.path, node: ex, source: src.text });
    }
    return out;
  }

  /** Falco refuses an empty scalar anywhere in exception values. */
  private nonEmptyValues(src: RuleSource, n: Node | null): void {
    if (isScalar(n) && n.value !== null && String(n.value) === '') this.fail(src, n, 'Value must be non-empty');
    if (isSeq(n)) for (const i of n.items) this.nonEmptyValues(src, i as Node);
  }

  private entry(src: RuleSource, map: YAMLMap, key: string, required: boolean): string | string[] | undefined {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined) {
      if (required) this.fail(src, map, `Item has no mapping for key '${key}'`);
      return undefined;
    }
    if (isScalar(node)) {
      if (node.value === null || node.value === '') this.fail(src, node, 'Value must be non-empty');
      return String(node.value);
    }
    if (isSeq(node)) {
      return node.items.map((v) => {
        if (!isScalar(v)) this.fail(src, v as Node, 'Value is not a scalar value');
        return String(v.value);
      });
    }
    this.fail(src, node, 'Value is not a scalar value');
  }

  /** A field, or (Falco 0.44) a transformer applied to fields, as the left side of a check. */
  private validLhs(f: string, source: string): boolean {
    const ofSource = (name: string) => {
      const info = this.catalog.resolve(name)?.field;
      return !!info && (!info.source || info.source === source);
    };
    if (this.catalog.resolve(f)) return ofSource(f);
    if (!f.includes('(')) return false;
    const r = this.check(`${f} exists`);
    return !!r.condition && r.condition.fields.every(ofSource);
  }

  private validateException(src: RuleSource, ex: ExceptionDef, source: string): void {
    const where = ex.node;
    if (Array.isArray(ex.fields)) {
      if (ex.comps === undefined) ex.comps = ex.fields.map(() => '=');
      if (!Array.isArray(ex.comps) || ex.fields.length !== ex.comps.length) this.fail(src, where, 'Fields and comps lists must have equal length', 'LOAD_ERR_VALIDATE');
      for (const c of ex.comps) {
        if (!isComparison(c)) this.fail(src, where, `'${c}' is not a supported comparison operator`, 'LOAD_ERR_VALIDATE');
      }
      for (const f of ex.fields) {
        if (!this.validLhs(f, source)) this.fail(src, where, `'${f}' is not a supported filter field`, 'LOAD_ERR_VALIDATE');
      }
    } else if (ex.fields !== undefined) {
      if (ex.comps === undefined) ex.comps = 'in';
      if (Array.isArray(ex.comps)) this.fail(src, where, 'Fields and comps must both be strings', 'LOAD_ERR_VALIDATE');
      if (!['in', 'pmatch', 'intersects'].includes(ex.comps) && !isModifierComp(ex.comps)) {
        this.fail(src, where, 'When fields is a single value, comps must be one of (in, pmatch, intersects) or a string operator with a modifier', 'LOAD_ERR_VALIDATE');
      }
      if (!this.validLhs(ex.fields, source)) this.fail(src, where, `'${ex.fields}' is not a supported filter field`, 'LOAD_ERR_VALIDATE');
    }
  }

  private readRule(src: RuleSource, map: YAMLMap): void {
    const { value: name } = this.str(src, map, 'rule', true);
    this.unknownKeys(src, map, RULE_KEYS, `rule '${name}'`);
    const hasAppend = this.bool(src, map, 'append') ?? false;
    if (hasAppend) this.add('LOAD_DEPRECATED_ITEM', 'warning', "The 'append' key is deprecated: use 'override' with 'append' for the keys to append to", src.path, nodeRange(src.text, map.get('append', true) as Node));
    const ov = this.overrides(src, map, RULE_APPENDABLE, RULE_REPLACEABLE);
    const hasOverrides = ov.append.size > 0 || ov.replace.size > 0;
    if (hasAppend && hasOverrides) this.fail(src, map, "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.");
    const prev = this.rules.get(name!);

    if (hasOverrides) {
      const expected = new Set([...RULE_APPENDABLE, ...RULE_REPLACEABLE].filter((k) => map.has(k)));
      const take = (set: Set<string>, kind: string, key: string) => {
        if (!set.has(key)) return false;
        if (!expected.has(key)) this.fail(src, map, `An ${kind} override for '${key}' was specified but '${key}' is not defined`);
        expected.delete(key);
        return true;
      };
      if (ov.append.size) {
        if (!prev) this.fail(src, map, "Rule has an append override but no rule by that name already exists", 'LOAD_ERR_VALIDATE');
        if (take(ov.append, 'append', 'condition')) {
          const c = this.str(src, map, 'condition', true);
          prev.condition = new SourcedText([...prev.condition.pieces, { text: ' ', file: src.path, source: src.text, anchor: c.node! }, this.piece(src, c.node!)]);
        }
        if (take(ov.append, 'append', 'exceptions')) this.appendExceptions(src, prev, this.readExceptions(src, map, true) ?? []);
        if (take(ov.append, 'append', 'output')) prev.output += ' ' + this.str(src, map, 'output', true).value;
        if (take(ov.append, 'append', 'desc')) prev.desc += ' ' + this.str(src, map, 'desc', true).value;
        if (take(ov.append, 'append', 'tags')) for (const t of this.seqOfScalars(src, map, 'tags', true)!) if (!prev.tags.includes(t.value)) prev.tags.push(t.value);
      }
      if (ov.replace.size) {
        if (!prev) this.fail(src, map, "Rule has a replace override but no rule by that name already exists", 'LOAD_ERR_VALIDATE');
        if (take(ov.replace, 'replace', 'condition')) prev.condition = new SourcedText([this.piece(src, this.str(src, map, 'condition', true).node!)]);
        if (take(ov.replace, 'replace', 'exceptions')) prev.exceptions = this.readExceptions(src, map, true) ?? [];
        if (take(ov.replace, 'replace', 'output')) prev.output = this.str(src, map, 'output', true).value!.trim();
        if (take(ov.replace, 'replace', 'desc')) prev.desc = this.str(src, map, 'desc', true).value!;
        if (take(ov.replace, 'replace', 'tags')) prev.tags = this.seqOfScalars(src, map, 'tags', true)!.map((t) => t.value);
        if (take(ov.replace, 'replace', 'priority')) prev.priority = this.priority(src, map);
        if (take(ov.replace, 'replace', 'enabled')) prev.enabled = this.bool(src, map, 'enabled')!;
        if (take(ov.replace, 'replace', 'warn_evttypes')) prev.warnEvttypes = this.bool(src, map, 'warn_evttypes')!;
        if (take(ov.replace, 'replace', 'skip-if-unknown-filter')) prev.skipIfUnknownFilter = this.bool(src, map, 'skip-if-unknown-filter')!;
        for (const k of ['capture', 'capture_duration']) if (take(ov.replace, 'replace', k)) prev.extra[k] = toPlain(map.get(k, true) as Node);
      }
      for (const key of expected) {
        this.fail(src, map.get(key, true) as Node, `Unexpected key '${key}': no corresponding entry under 'override' is defined.`);
      }
      return;
    }

    if (hasAppend) {
      if (!prev) this.fail(src, map, "Rule has 'append' key but no rule by that name already exists", 'LOAD_ERR_VALIDATE');
      const c = map.has('condition') ? this.str(src, map, 'condition', true) : undefined;
      const exs = this.readExceptions(src, map, true);
      if (!c && !exs) this.fail(src, map, 'Appended rule must have exceptions or condition property', 'LOAD_ERR_VALIDATE');
      if (c) prev.condition = new SourcedText([...prev.condition.pieces, { text: ' ', file: src.path, source: src.text, anchor: c.node! }, this.piece(src, c.node!)]);
      if (exs) this.appendExceptions(src, prev, exs);
      return;
    }

    if (!map.has('condition') && !map.has('output') && !map.has('desc') && !map.has('priority')) {
      const enabled = this.bool(src, map, 'enabled');
      if (enabled === undefined) this.fail(src, map, "Item has no mapping for key 'enabled'");
      this.add('LOAD_DEPRECATED_ITEM', 'warning', "Using 'enabled' alone to enable or disable a rule is deprecated: use 'override: {enabled: replace}'", src.path, nodeRange(src.text, map));
      if (!prev) this.fail(src, map, "Rule has 'enabled' key but no rule by that name already exists", 'LOAD_ERR_VALIDATE');
      prev.enabled = enabled;
      return;
    }

    const cond = this.str(src, map, 'condition', true);
    const output = this.str(src, map, 'output', true);
    const desc = this.str(src, map, 'desc', true);
    const priority = this.priority(src, map);
    const source = this.str(src, map, 'source', false).value ?? 'syscall';
    const tags = (this.seqOfScalars(src, map, 'tags', false) ?? []).map((t) => t.value);
    const exceptions = this.readExceptions(src, map, false) ?? [];
    if (prev && prev.source !== source) this.fail(src, map, 'Rule has been re-defined with a different source', 'LOAD_ERR_VALIDATE');
    if (prev) this.duplicate(src, 'rule', name!, prev, map.get('rule', true) as Node);
    const rule: Rule = {
      name: name!,
      condition: new SourcedText([this.piece(src, cond.node!)]),
      output: output.value!.trim(),
      outputPiece: this.piece(src, output.node!),
      desc: desc.value!,
      priority,
      source,
      tags: [...new Set(tags)],
      enabled: this.bool(src, map, 'enabled') ?? true,
      warnEvttypes: this.bool(src, map, 'warn_evttypes') ?? true,
      skipIfUnknownFilter: this.bool(src, map, 'skip-if-unknown-filter') ?? false,
      exceptions,
      file: src.path,
      range: nodeRange(src.text, map),
      outputFields: [],
      index: prev ? prev.index : this.index,
      extra: {},
    };
    for (const k of ['capture', 'capture_duration']) if (map.has(k)) rule.extra[k] = toPlain(map.get(k, true) as Node);
    if (!this.knownSources.has(source)) {
      rule.unknownSource = true;
      this.add('LOAD_UNKNOWN_SOURCE', 'warning', `Unknown source ${source}, skipping`, src.path, nodeRange(src.text, map.get('source', true) as Node));
    }
    for (const ex of exceptions) {
      if (ex.fields === undefined) this.fail(src, ex.node, 'Rule exception item must have fields property with a list of fields', 'LOAD_ERR_VALIDATE');
      if (!rule.unknownSource) this.validateException(src, ex, rule.source);
    }
    this.index++;
    if (!this.ruleFile.has(name!)) this.ruleFile.set(name!, this.fileIndex);
    this.rules.set(name!, rule);
  }

  private appendExceptions(src: RuleSource, prev: Rule, exs: ExceptionDef[]): void {
    for (const ex of exs) {
      const old = prev.exceptions.find((e) => e.name === ex.name);
      if (!old) {
        if (ex.fields === undefined) this.fail(src, ex.node, 'Rule exception must have fields property with a list of fields', 'LOAD_ERR_VALIDATE');
        if (ex.values.length === 0) this.fail(src, ex.node, 'Rule exception must have values property with a list of values', 'LOAD_ERR_VALIDATE');
        if (!prev.unknownSource) this.validateException(src, ex, prev.source);
        prev.exceptions.push(ex);
      } else {
        if (ex.fields !== undefined) this.fail(src, ex.node, 'Can not append exception fields to existing exception, only values', 'LOAD_ERR_VALIDATE');
        if (ex.comps !== undefined) this.fail(src, ex.node, 'Can not append exception comps to existing exception, only values', 'LOAD_ERR_VALIDATE');
        old.values.push(...ex.values);
      }
    }
  }

  private priority(src: RuleSource, map: YAMLMap): Priority {
    const p = this.str(src, map, 'priority', true);
    const v = priorityOf(p.value!);
    if (!v) this.fail(src, p.node, `Invalid priority '${p.value}': expected one of ${PRIORITIES.join(', ').toLowerCase()}`);
    return v;
  }

  // --- compilation ---------------------------------------------------------------------------------------

  private compileAll(): void {
    // Lists: one level of lists inside lists, then pasted as text into every condition (see lists.ts).
    const { items: compiledLists, usedByLists } = compileLists([...this.lists.values()]);
    for (const l of this.lists.values()) l.compiledItems = compiledLists.get(l.name) ?? l.items;
    const usedLists = new Set(usedByLists);
    const pasted = new Map([...compiledLists].map(([name, items]) => [name, pasteText(items)]));
    const paste = (t: Locatable): PastedText => {
      const r = pasteLists(t, pasted);
      for (const n of r.used) usedLists.add(n);
      return r.text;
    };
    const noLists = new Map<string, string[]>();
    // Macros: each is parsed on its own, lists pasted (parse errors are reported in the macro).
    const macroAsts: Record<string, Expr> = {};
    const deferred: Array<{ macro: string; text: Locatable; d: Diagnostic }> = [];
    for (const m of this.macros.values()) {
      const text = paste(m.condition);
      const parsed = parse(text.text, { maxDepth: FALCO_MAX_DEPTH });
      if (parsed.ast) {
        // Ranges in the macro's own text (a pasted list's values: at the list's name).
        m.ast = text.rebase(parsed.ast);
        macroAsts[m.name] = m.ast;
      } else {
        for (const d of parsed.diagnostics) this.reportAt(text, d, undefined);
      }
    }
    const macroText: Record<string, string | Expr> = { ...macroAsts };
    // A broken macro is still defined: references to it should not read as undefined macros.
    for (const m of this.macros.values()) if (!m.ast) macroText[m.name] = 'evt.num exists';
    // Each macro body: only macros defined before it are visible to it (Falco's visibility rule).
    for (const m of this.macros.values()) {
      if (!m.ast) continue;
      const visible: Record<string, string | Expr> = {};
      for (const o of this.macros.values()) if (o.index < m.visibility && o.name !== m.name) visible[o.name] = macroText[o.name]!;
      const r = checkCondition(m.ast, { macros: visible, lists: noLists, catalog: this.catalog, maxDepth: FALCO_MAX_DEPTH });
      // The tree's ranges are in the macro's written text.
      const text = m.condition;
      for (const d of r.diagnostics.map(withCheckerData)) {
        if (d.data?.macro !== undefined) continue; // reported in that macro itself
        if (d.code === 'deprecated-field') continue; // Falco warns at the rules that use the macro
        // Falco only parses macros and resolves their references; it compiles them (fields, operators, values)
        // inside the rules that use them, so it reports such an error at the first of those rules.
        if ((d.severity === 'error' && d.code !== 'undefined-macro' && d.code !== 'macro-cycle') || COMPILE_WARNINGS.has(d.code)) {
          deferred.push({ macro: m.name, text, d });
          continue;
        }
        this.reportAt(text, d, undefined);
      }
    }
    const hitBy = new Map<string, { file: string; range: Range }>();
    const compiledIn = new Set<string>();
    // A rule sees the macros of its own file and of the files before it: Falco compiles after each file.
    const byFile = new Map<number, Record<string, string | Expr>>();
    const macrosFor = (rule: Rule) => {
      const f = this.ruleFile.get(rule.name) ?? 0;
      let v = byFile.get(f);
      if (!v) {
        v = {};
        for (const [name, m] of Object.entries(macroText)) if ((this.macroFile.get(name) ?? 0) <= f) v[name] = m;
        byFile.set(f, v);
      }
      return v;
    };
    for (const rule of this.rules.values()) {
      const { macroErrors, macrosSeen } = this.compileRule(rule, macrosFor(rule), paste);
      for (const { name, at } of macroErrors) if (!hitBy.has(name)) hitBy.set(name, at);
      for (const name of macrosSeen) compiledIn.add(name);
    }
    for (const { macro, text, d } of deferred) {
      if (COMPILE_WARNINGS.has(d.code)) {
        // Falco warns at each rule that uses the macro (reported there); for a macro no rule uses, ours alone.
        if (!compiledIn.has(macro)) this.reportAt(text, d, d.code);
        continue;
      }
      const hit = hitBy.get(macro);
      if (hit) this.reportAt(text, { ...d, falco: hit }, undefined);
      else this.reportAt(text, { ...d, severity: 'warning', message: `${d.message} (no rule Falco compiles uses this macro, so Falco does not check it)` }, undefined);
    }
    // Usage: which macros and lists any rule or macro refers to.
    this.markUsage(usedLists);
  }

  private compileRule(rule: Rule, macros: Record<string, string | Expr>, paste: (t: Locatable) => PastedText): { macroErrors: Array<{ name: string; at: { file: string; range: Range } }>; macrosSeen: string[] } {
    const none = { macroErrors: [] as Array<{ name: string; at: { file: string; range: Range } }>, macrosSeen: [] as string[] };
    const written = this.withExceptions(rule);
    rule.compiledText = written.text;
    rule.compiledSource = written;
    if (rule.unknownSource) return none;
    const text = paste(written);
    rule.pastedText = text.text;
    const whole = text.locate(0, text.text.length);
    const home = { file: rule.file, range: rule.range };
    // Falco checks the output first: an unknown field there skips the rule under skip-if-unknown-filter.
    const out = this.checkOutput(rule);
    if (rule.skipIfUnknownFilter && out[0]?.unknown) {
      this.add('LOAD_UNKNOWN_FILTER', 'warning', `Rule '${rule.name}' skipped: ${out[0].message} (skip-if-unknown-filter is set)`, out[0].file, out[0].range, undefined, out[0].data);
      return none;
    }
    for (const o of out) this.add(o.code, o.severity, o.message, o.file, o.range, undefined, o.data);
    // `in shells`: Falco pastes the items without parentheses and the condition no longer parses; say why.
    const bare = bareListOperands(written.text, this.lists);
    for (const b of bare) {
      const at = written.locate(b.start, b.end);
      this.add('list-needs-parentheses', 'error', `write (${b.name}): Falco pastes a list's items as text, so '${b.op} ${b.name}' without parentheses only works for a list of exactly one item`, at.file, at.range, falcoAt(undefined, home, at), { name: b.name, nameKind: 'list', replacement: `(${b.name})` });
    }
    if (bare.length) return none;
    // Parsed as Falco parses it (lists pasted), with the tree's ranges in the written text.
    const parsed = parse(text.text, { maxDepth: FALCO_MAX_DEPTH });
    if (!parsed.ast) {
      this.parsedRules.set(rule, undefined);
      for (const d of parsed.diagnostics) {
        // An error inside pasted items: say which list they come from.
        const from = text.baseText(d.range.start.offset, Math.max(d.range.end.offset, d.range.start.offset + 1));
        const l = from !== text.text.slice(d.range.start.offset, d.range.end.offset) ? this.lists.get(from) : undefined;
        const note = l ? ` (Falco pastes the items of list '${l.name}' here: ${(l.compiledItems ?? l.items).map(quoteItem).join(', ')})` : '';
        const data = d.data?.template !== undefined ? { data: { ...d.data, template: d.data.template + note } } : {};
        this.reportAt(text, { ...d, message: d.message + note, ...data }, undefined, home);
      }
      return none;
    }
    const tree = text.rebase(parsed.ast);
    this.parsedRules.set(rule, parsed.ast);
    const r = checkCondition(tree, { macros, lists: new Map(), catalog: this.catalog, maxDepth: FALCO_MAX_DEPTH });
    const diagnostics = r.diagnostics.map(withCheckerData);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    // Fields of another source are unknown to this source's engine.
    const foreign = r.condition ? r.condition.fields.filter((f) => {
      const info = this.catalog.resolve(f)?.field;
      return !!info?.source && info.source !== rule.source;
    }) : [];
    // Errors met inside macros, at the macro's reference in this rule's condition (where Falco reports them).
    const macroErrors = errors.flatMap((d) => {
      const name = d.data?.macro;
      return name !== undefined ? [{ name, at: written.locate(d.range.start.offset, d.range.end.offset) }] : [];
    });
    if (rule.skipIfUnknownFilter && (errors.length ? isUnknownFilter(errors[0]!, this.catalog) : foreign.length > 0)) {
      const first = errors[0];
      const at = first ? written.locate(first.range.start.offset, first.range.end.offset) : whole;
      const why = first ? first.message : `field '${foreign[0]}' belongs to another source than '${rule.source}'`;
      this.add('LOAD_UNKNOWN_FILTER', 'warning', `Rule '${rule.name}' skipped: ${why} (skip-if-unknown-filter is set)`, at.file, at.range, undefined, first?.data);
      return none;
    }
    const deprecated = new Map<string, Diagnostic>();
    for (const d of diagnostics) {
      if (d.code === 'deprecated-field') {
        // Falco warns once per rule and field, for the fields of its own list, wherever the expanded condition
        // uses them (through macros too).
        const name = d.data?.name ?? '';
        if (FALCO_DEPRECATED_FIELDS.has(name)) {
          const own = d.data?.macro === undefined;
          const prev = deprecated.get(name);
          if (!prev || (own && prev.data?.macro !== undefined)) deprecated.set(name, d);
          continue;
        }
      }
      // Reported where the macro is defined, but for libsinsp's compile warnings, which Falco gives per rule.
      if (d.data?.macro !== undefined && !COMPILE_WARNINGS.has(d.code)) continue;
      const later = d.code === 'undefined-macro' && d.data?.name !== undefined && this.macros.has(d.data.name);
      this.reportAt(written, later ? { ...d, message: `${d.message} It is defined in a later file: Falco compiles the rules of each file when it loads that file.` } : d, undefined, home);
    }
    for (const [name, d] of deprecated) {
      const at = d.data?.macro !== undefined ? whole : written.locate(d.range.start.offset, d.range.end.offset);
      this.add('LOAD_DEPRECATED_ITEM', 'warning', `field '${name}' is deprecated${name === 'evt.dir' ? EVT_DIR_NOTE : LATENCY_NOTE}`, at.file, at.range, undefined, { name, nameKind: 'field' });
    }
    rule.tree = tree;
    if (r.condition) {
      rule.compiled = r.condition;
      for (const f of foreign) {
        this.add('LOAD_ERR_COMPILE_CONDITION', 'error', `field '${f}' belongs to the '${this.catalog.resolve(f)?.field.source}' source, not to this rule's '${rule.source}' source`, rule.file, rule.range);
      }
    }
    return { macroErrors, macrosSeen: r.condition ? [...macroNames(tree, this.macros)] : [] };
  }

  /** Falco's exception expansion: `(cond) and not (…) …` (falco `rule_loader_compiler.cpp`). */
  private withExceptions(rule: Rule): SourcedText {
    if (rule.exceptions.length === 0) return rule.condition;
    const first = rule.condition.pieces[0]!;
    const pieces: Piece[] = [{ text: '(', file: first.file, source: first.source, anchor: first.node ?? first.anchor! }, ...rule.condition.pieces, { text: ')', file: first.file, source: first.source, anchor: first.node ?? first.anchor! }];
    for (const ex of rule.exceptions) {
      const problem = exceptionProblem(ex);
      if (problem) {
        this.add('LOAD_ERR_VALIDATE', 'error', problem, ex.file, nodeRange(ex.source, ex.node));
        continue;
      }
      const text = exceptionText(ex);
      if (text) pieces.push({ text: ` and not ${text}`, file: ex.file, source: ex.source, anchor: ex.node });
    }
    return new SourcedText(pieces);
  }

  /** The output's problems, as Falco's formatter would meet them; `unknown` for fields it does not know. */
  private checkOutput(rule: Rule): Array<{ code: string; severity: Severity; message: string; file: string; range: Range; unknown: boolean; data?: DiagnosticData }> {
    const piece = rule.outputPiece;
    const problems: ReturnType<Loader['checkOutput']> = [];
    const where = (start: number, end: number) => {
      if (!piece?.node) return { file: rule.file, range: rule.range };
      // The output was trimmed: offsets count from the first non-blank character of the scalar's value.
      const lead = piece.text.length - piece.text.trimStart().length;
      return { file: piece.file, range: mapRange(piece.source, piece.node, start + lead, end + lead) };
    };
    const add = (start: number, end: number, message: string, unknown: boolean, severity: Severity = 'error', code = 'LOAD_ERR_COMPILE_OUTPUT', data?: DiagnosticData) =>
      problems.push({ code, severity, message, unknown, ...where(start, end), ...(data ? { data } : {}) });
    const fields: string[] = [];
    let containerInfo = false;
    for (const p of outputPlaceholders(rule.output)) {
      if (p.name === 'container.info' && p.arg === undefined && !p.transformer) {
        // Falco drops it from the output, with a deprecation warning at the rule.
        containerInfo = true;
        continue;
      }
      if (p.transformer) {
        const r = this.check(`${p.text} exists`);
        if (!r.condition) add(p.start, p.end, `invalid output expression '${p.text}': ${r.diagnostics[0]?.message ?? ''}`, r.diagnostics.some((d) => isUnknownFilter(d, this.catalog)));
        else fields.push(p.text);
        continue;
      }
      const resolved = this.catalog.resolve(p.name!, p.arg);
      if (!resolved || (resolved.field.source && resolved.field.source !== rule.source)) {
        const hint = resolved ? undefined : this.catalog.suggest(p.name!, 1)[0];
        const other = resolved ? ` (a field of the '${resolved.field.source}' source, not of '${rule.source}')` : '';
        add(p.start, p.end, `unknown field '${p.text}' in output${other}${hint ? ` (did you mean '${hint}'?)` : ''}`, true, 'error', 'LOAD_ERR_COMPILE_OUTPUT', { name: p.text, nameKind: 'field', ...(hint ? { suggestion: hint } : {}) });
      } else if (resolved.error) {
        // Falco's formatter does not check field arguments (the field prints nothing); we warn.
        add(p.start, p.end, `${resolved.error.message}: the field prints nothing in the output`, false, 'warning', 'output-field-argument');
      } else {
        if (resolved.field.filterOnly) add(p.start, p.end, `field '${p.text}' can only be used in conditions: Falco prints nothing for it in an output`, false, 'warning', 'filter-only-output');
        fields.push(p.text);
      }
    }
    if (containerInfo) {
      problems.push({ code: 'LOAD_DEPRECATED_ITEM', severity: 'warning', message: "'%container.info' is deprecated and Falco removes it from the output: the container plugin adds the container fields itself", file: rule.file, range: rule.range, unknown: false });
      rule.output = rule.output.split('%container.info').join('');
    }
    // Falco looks for the deprecated fields' names anywhere in the output text.
    for (const name of FALCO_DEPRECATED_FIELDS) {
      const i = rule.output.indexOf(name);
      if (i >= 0) problems.push({ code: 'LOAD_DEPRECATED_ITEM', severity: 'warning', message: `field '${name}' in the output is deprecated${name === 'evt.dir' ? EVT_DIR_NOTE : LATENCY_NOTE}`, unknown: false, ...where(i, i + name.length) });
    }
    if (rule.output.trim() === '') problems.push({ code: 'LOAD_ERR_COMPILE_OUTPUT', severity: 'error', message: 'the output is empty', unknown: false, ...where(0, 0) });
    rule.outputFields = fields;
    return problems;
  }

  /** `home`: the item Falco reports the problem at (a rule's), when ours lies elsewhere (an appended exception). */
  private reportAt(text: Locatable, d: Diagnostic, code: string | undefined, home?: { file: string; range: Range }): void {
    if (code === undefined && COMPILE_WARNINGS.has(d.code) && d.severity === 'info') d = { ...d, severity: 'warning' };
    // The library accepts a list name without parentheses; Falco does not load it (see resolve.ts).
    if (d.code === 'list-needs-parentheses') d = { ...d, severity: 'error' };
    this.diagnostics.push({ ...placeIn(text, d, home), code: code ?? FALCO_CODES[d.code] ?? d.code });
  }

  private markUsage(usedLists: Set<string>): void {
    // Falco marks a macro used when any macro or compiled rule refers to it, used or not itself.
    const usedMacros = new Set<string>();
    const visitAst = (e: Expr | undefined) => {
      if (!e) return;
      if (e.kind === 'identifier') usedMacros.add(e.name);
      else if (e.kind === 'and' || e.kind === 'or') e.children.forEach(visitAst);
      else if (e.kind === 'not') visitAst(e.child);
    };
    for (const m of this.macros.values()) visitAst(m.ast);
    for (const rule of this.rules.values()) {
      if (rule.pastedText === undefined) continue;
      // The tree compileRule parsed; a rule it stopped at before parsing (skipped for its output) is parsed here.
      const ast = this.parsedRules.has(rule) ? this.parsedRules.get(rule) : parse(rule.pastedText, { maxDepth: FALCO_MAX_DEPTH }).ast;
      if (ast) visitAst(ast);
      else {
        // The rule does not parse (reported already): count the macros it names, so as not to add noise.
        for (const m of this.macros.values()) if (wordIn(rule.pastedText, m.name)) usedMacros.add(m.name);
      }
    }
    for (const m of this.macros.values()) {
      m.used = usedMacros.has(m.name);
    }
    for (const l of this.lists.values()) {
      l.used = usedLists.has(l.name);
    }
  }
}

/** `in NAME` (or intersects, pmatch, a modifier) with the name of a list that pasted bare does not parse. */
function bareListOperands(text: string, lists: ReadonlyMap<string, ListDef>): Array<{ name: string; op: string; start: number; end: number }> {
  const out: Array<{ name: string; op: string; start: number; end: number }> = [];
  const re = /(?:^|[\s()])((?:in|intersects|pmatch)|(?:\S+ (?:oneof|anyof|allof)))\s+([^\s(),="']+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[2]!;
    const l = lists.get(name);
    // One item pasted bare still parses (`in zsh`), and Falco loads it.
    if (!l || (l.compiledItems ?? l.items).length === 1) continue;
    const start = m.index + m[0].length - name.length;
    out.push({ name, op: m[1]!, start, end: start + name.length });
  }
  return out;
}

/** Replaces each alias (`*name`) by the node it names, as yaml-cpp hands it to Falco (unless that is an ancestor). */
function resolveAliases(doc: Document.Parsed): void {
  visit(doc, {
    Alias(_, node, path) {
      const target = node.resolve(doc);
      if (!target || path.includes(target as never)) return undefined;
      return target as Node;
    },
  });
}

function wordIn(text: string, word: string): boolean {
  let i = text.indexOf(word);
  const delim = (c: string | undefined) => c === undefined || ' \t\n\r(),='.includes(c);
  while (i >= 0) {
    if (delim(text[i - 1]) && delim(text[i + word.length])) return true;
    i = text.indexOf(word, i + 1);
  }
  return false;
}

function isComparison(c: string): boolean {
  return operator(c) !== undefined || isModifierComp(c);
}

function isModifierComp(c: string): boolean {
  const [op, mod, extra] = c.split(' ');
  return extra === undefined && mod !== undefined && operator(op!)?.modifiers === true && modifier(mod) !== undefined;
}

function isListComp(c: string): boolean {
  return operator(c)?.kind === 'list' || isModifierComp(c);
}

/** Falco's `paren_item`: a scalar given to a list operator is wrapped in parentheses unless it starts with one. */
function parenItem(v: string): string {
  return v[0] === '(' ? v : `(${v})`;
}

const scalarText = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** What Falco refuses when it builds an exception's condition text, if anything. */
export function exceptionProblem(ex: ExceptionDef): string | undefined {
  if (!Array.isArray(ex.fields)) {
    if (ex.values.some((v) => Array.isArray(v))) return 'Expected values array to contain a list of strings';
    return undefined;
  }
  for (const row of ex.values) {
    const n = Array.isArray(row) ? row.length : 0;
    if (n !== ex.fields.length) return 'Fields and values lists must have equal length';
  }
  return undefined;
}

/**
 * The condition text Falco builds for one exception (falco `build_rule_exception_infos`), or '' when it has no
 * values: items with a blank are quoted, a scalar given to a list operator is put in parentheses (so a scalar
 * that starts with `(` is pasted as a list).
 */
export function exceptionText(ex: ExceptionDef): string {
  if (ex.values.length === 0) return '';
  if (!Array.isArray(ex.fields)) {
    const comp = typeof ex.comps === 'string' ? ex.comps : '';
    return `(${ex.fields} ${comp} (${ex.values.map((v) => quoteItem(scalarText(v))).join(', ')}))`;
  }
  const fields = ex.fields;
  const comps = Array.isArray(ex.comps) ? ex.comps : [];
  const alts = ex.values.map((row) => {
    const vs = Array.isArray(row) ? row : [];
    const checks = fields.map((f, k) => {
      const comp = comps[k] ?? '';
      const v = vs[k];
      const text = Array.isArray(v) ? `(${v.map((x) => quoteItem(scalarText(x))).join(', ')})` : isListComp(comp) ? parenItem(scalarText(v)) : quoteItem(scalarText(v));
      return `${f} ${comp} ${text}`;
    });
    return `(${checks.join(' and ')})`;
  });
  return `(${alts.join(' or ')})`;
}

function toPlain(n: Node | null | undefined): unknown {
  if (!n) return null;
  if (isScalar(n)) return n.value;
  if (isSeq(n)) return n.items.map((i) => toPlain(i as Node));
  if (isMap(n)) return Object.fromEntries(n.items.map((p) => [String((p.key as Scalar).value), toPlain(p.value as Node)]));
  return null;
}

function compareSemver(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

