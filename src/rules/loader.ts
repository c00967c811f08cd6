import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Diagnostic, Range, Severity } from '../diagnostic.js';
import { expandLists } from '../check/resolve.js';
import { defaultCatalog, type FieldCatalog } from '../fields/catalog.js';
import { checkCondition, type Condition } from '../eval/compile.js';
import { findContradictions } from '../check/contradictions.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import type { Expr } from '../syntax/ast.js';
import { outputPlaceholders } from './output.js';
import { lineColumnAt, mapRange } from './positions.js';
import { didYouMean } from '../check/suggest.js';
import { notYamlText, yamlProblem, yamlText } from './yaml-errors.js';

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
  compiled?: Condition;
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
const RULE_REPLACEABLE = new Set(['condition', 'output', 'desc', 'priority', 'tags', 'exceptions', 'enabled', 'warn_evttypes', 'skip-if-unknown-filter']);
const IDENTIFIER = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;
const BARESTR = /^[^()"'\s=,]+$/;
const OPERATORS = new Set(['exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch']);
const MODIFIER_OPS = new Set(['==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex']);

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
  private engineVersion?: string;
  private readonly pluginVersions: Array<Array<{ name: string; version: string }>> = [];

  constructor(options: LoadOptions) {
    this.catalog = options.catalog ?? defaultCatalog;
    this.knownSources = new Set(options.sources ?? ['syscall', ...[...this.catalog.all()].map((f) => f.source).filter((s): s is string => !!s)]);
  }

  private add(code: string, severity: Severity, message: string, file: string, range: Range): void {
    this.diagnostics.push({ code, severity, message, range, file });
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

  private unknownKeys(src: RuleSource, map: YAMLMap, allowed: Set<string>, what: string): void {
    for (const pair of map.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k !== undefined && !allowed.has(k)) {
        const hint = didYouMean(k, allowed);
        const known = hint || ` (known keys: ${[...allowed].join(', ')})`;
        this.add('LOAD_UNKNOWN_KEY', 'warning', `Unknown key '${k}' in ${what}: Falco ignores it${known}`, src.path, nodeRange(src.text, pair.key as Node));
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
    if (!this.engineVersion || compareSemver(v, this.engineVersion) > 0) this.engineVersion = v;
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
      for (const r of alts) {
        if (!/^\d+\.\d+\.\d+/.test(r.version)) this.fail(src, p, `Invalid required version '${r.version}' for plugin '${r.name}'`, 'LOAD_ERR_VALIDATE');
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
      this.unknownKeys(src, ex, EXCEPTION_KEYS, `exception '${name}'`);
      if (out.some((o) => o.name === name)) {
        this.add('LOAD_EXCEPTION_NAME_NOT_UNIQUE', 'warning', `Multiple exceptions defined with the same name '${name}'`, src.path, nodeRange(src.text, ex.get('name', true) as Node));
      }
      const fields = this.entry(src, ex, 'fields', !append);
      const comps = this.entry(src, ex, 'comps', false);
      const valsNode = ex.get('values', true) as Node | undefined;
      const values: unknown[] = [];
      if (valsNode !== undefined && !(isScalar(valsNode) && valsNode.value === null)) {
        if (!isSeq(valsNode)) this.fail(src, valsNode, 'Rule exception values must be a sequence');
        for (const v of valsNode.items) values.push(toPlain(v as Node));
      } else if (append) {
        this.add('LOAD_APPEND_NO_VALUES', 'warning', 'Overriding/appending exception with no values', src.path, nodeRange(src.text, ex));
      }
      out.push({ name, fields, comps, values, file: src.path, node: ex, source: src.text });
    }
    return out;
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

  private validateException(src: RuleSource, ex: ExceptionDef): void {
    const where = ex.node;
    if (Array.isArray(ex.fields)) {
      if (ex.comps === undefined) ex.comps = ex.fields.map(() => '=');
      if (!Array.isArray(ex.comps) || ex.fields.length !== ex.comps.length) this.fail(src, where, 'Fields and comps lists must have equal length', 'LOAD_ERR_VALIDATE');
      for (const c of ex.comps) {
        if (!isComparison(c)) this.fail(src, where, `'${c}' is not a supported comparison operator`, 'LOAD_ERR_VALIDATE');
      }
      for (const f of ex.fields) {
        if (!this.catalog.resolve(f)) this.fail(src, where, `'${f}' is not a supported filter field`, 'LOAD_ERR_VALIDATE');
      }
    } else if (ex.fields !== undefined) {
      if (ex.comps === undefined) ex.comps = 'in';
      if (Array.isArray(ex.comps)) this.fail(src, where, 'Fields and comps must both be strings', 'LOAD_ERR_VALIDATE');
      if (!['in', 'pmatch', 'intersects'].includes(ex.comps) && !isModifierComp(ex.comps)) {
        this.fail(src, where, 'When fields is a single value, comps must be one of (in, pmatch, intersects) or a string operator with a modifier', 'LOAD_ERR_VALIDATE');
      }
      if (!this.catalog.resolve(ex.fields)) this.fail(src, where, `'${ex.fields}' is not a supported filter field`, 'LOAD_ERR_VALIDATE');
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
      if (!rule.unknownSource) this.validateException(src, ex);
    }
    this.index++;
    this.rules.set(name!, rule);
  }

  private appendExceptions(src: RuleSource, prev: Rule, exs: ExceptionDef[]): void {
    for (const ex of exs) {
      const old = prev.exceptions.find((e) => e.name === ex.name);
      if (!old) {
        if (ex.fields === undefined) this.fail(src, ex.node, 'Rule exception must have fields property with a list of fields', 'LOAD_ERR_VALIDATE');
        if (ex.values.length === 0) this.fail(src, ex.node, 'Rule exception must have values property with a list of values', 'LOAD_ERR_VALIDATE');
        if (!prev.unknownSource) this.validateException(src, ex);
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
    const lists: Record<string, string[]> = {};
    for (const l of this.lists.values()) lists[l.name] = l.items;
    const expandedLists = expandLists(lists);
    for (const name of new Set(expandedLists.cycles)) {
      const l = this.lists.get(name)!;
      this.add('list-cycle', 'error', `list '${name}' includes itself through other lists`, l.file, l.range);
    }
    // Every condition shares the expanded lists (expanding them once per load, not once per condition).
    const shared = expandedLists.lists;
    // Macros: each is parsed on its own (errors are reported in the macro), then rules see every macro.
    const macroAsts: Record<string, Expr> = {};
    for (const m of this.macros.values()) {
      const parsed = parse(m.condition.text, { maxDepth: FALCO_MAX_DEPTH });
      if (parsed.ast) {
        m.ast = parsed.ast;
        macroAsts[m.name] = parsed.ast;
      } else {
        for (const d of parsed.diagnostics) this.reportAt(m.condition, d, undefined);
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
      const r = checkCondition(m.ast, { macros: visible, lists: shared, catalog: this.catalog, maxDepth: FALCO_MAX_DEPTH });
      for (const d of r.diagnostics) {
        if (/\(in macro '/.test(d.message)) continue; // reported in that macro itself
        this.reportAt(m.condition, d, undefined);
      }
      for (const d of [...findContradictions(m.ast), ...unsafeNaChecks(m.ast)]) this.reportAt(m.condition, d, undefined);
    }
    for (const rule of this.rules.values()) this.compileRule(rule, macroText, shared);
    // Usage: which macros and lists any rule (or used macro) refers to.
    this.markUsage(lists, macroText);
  }

  private compileRule(rule: Rule, macros: Record<string, string | Expr>, lists: ReadonlyMap<string, string[]>): void {
    const text = this.withExceptions(rule);
    rule.compiledText = text.text;
    rule.compiledSource = text;
    if (rule.unknownSource) return;
    const r = checkCondition(text.text, { macros, lists, catalog: this.catalog, maxDepth: FALCO_MAX_DEPTH });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length && rule.skipIfUnknownFilter && errors.every((d) => d.code === 'unknown-field')) {
      const at = text.locate(errors[0]!.range.start.offset, errors[0]!.range.end.offset);
      this.add('LOAD_UNKNOWN_FILTER', 'warning', `Rule '${rule.name}' skipped: ${errors[0]!.message} (skip-if-unknown-filter is set)`, at.file, at.range);
      return;
    }
    for (const d of r.diagnostics) {
      if (/\(in macro '/.test(d.message)) continue; // reported where the macro is defined
      this.reportAt(text, d, undefined);
    }
    const own = parse(text.text, { maxDepth: FALCO_MAX_DEPTH }).ast;
    if (own) for (const d of [...findContradictions(own), ...unsafeNaChecks(own)]) this.reportAt(text, d, undefined);
    if (r.condition) {
      rule.compiled = r.condition;
      for (const f of r.condition.fields) {
        const info = this.catalog.resolve(f)?.field;
        if (info?.source && info.source !== rule.source) {
          this.add('LOAD_ERR_COMPILE_CONDITION', 'error', `field '${f}' belongs to the '${info.source}' source, not to this rule's '${rule.source}' source`, rule.file, rule.range);
        }
      }
      if (rule.source === 'syscall' && rule.warnEvttypes && !r.condition.eventTypes) {
        const at = text.locate(0, text.text.length);
        this.add('LOAD_NO_EVTTYPE', 'warning', 'Rule matches too many evt.type values. This has a significant performance penalty.', at.file, at.range);
      }
    }
    this.compileOutput(rule);
  }

  /** Falco's exception expansion: `(cond) and not (…) …` (falco `rule_loader_compiler.cpp`). */
  private withExceptions(rule: Rule): SourcedText {
    const withValues = rule.exceptions.filter((e) => e.values.length > 0);
    if (withValues.length === 0) return rule.condition;
    const first = rule.condition.pieces[0]!;
    const pieces: Piece[] = [{ text: '(', file: first.file, source: first.source, anchor: first.node ?? first.anchor! }, ...rule.condition.pieces, { text: ')', file: first.file, source: first.source, anchor: first.node ?? first.anchor! }];
    for (const ex of withValues) {
      pieces.push({ text: ` and not ${exceptionText(ex)}`, file: ex.file, source: ex.source, anchor: ex.node });
    }
    return new SourcedText(pieces);
  }

  private compileOutput(rule: Rule): void {
    const piece = rule.outputPiece;
    const fields: string[] = [];
    for (const p of outputPlaceholders(rule.output)) {
      const fail = (message: string) => this.outputError(rule, piece, p.start, p.end, message);
      if (p.transformer) {
        const r = checkCondition(`${p.text} exists`, { catalog: this.catalog });
        if (!r.condition) fail(`invalid output expression '${p.text}': ${r.diagnostics[0]?.message ?? ''}`);
        else fields.push(p.text);
        continue;
      }
      const resolved = this.catalog.resolve(p.name!, p.arg);
      if (!resolved) {
        const hint = this.catalog.suggest(p.name!, 1)[0];
        fail(`unknown field '${p.text}' in output${hint ? ` (did you mean '${hint}'?)` : ''}`);
      } else if (resolved.error) {
        fail(resolved.error.message);
      } else {
        if (resolved.field.filterOnly) fail(`field '${p.text}' can only be used in conditions, not in outputs`);
        fields.push(p.text);
      }
    }
    rule.outputFields = fields;
  }

  private outputError(rule: Rule, p: Piece | undefined, start: number, end: number, message: string): void {
    if (!p?.node) {
      this.add('LOAD_ERR_COMPILE_OUTPUT', 'error', message, rule.file, rule.range);
      return;
    }
    // The output was trimmed: offsets count from the first non-blank character of the scalar's value.
    const lead = p.text.length - p.text.trimStart().length;
    this.add('LOAD_ERR_COMPILE_OUTPUT', 'error', message, p.file, mapRange(p.source, p.node, start + lead, end + lead));
  }

  private reportAt(text: SourcedText, d: Diagnostic, code: string | undefined): void {
    // The library accepts a list name without parentheses; Falco does not load it (see resolve.ts).
    if (d.code === 'list-needs-parentheses') d = { ...d, severity: 'error' };
    const at = text.locate(d.range.start.offset, d.range.end.offset);
    // Parser messages may name another position of the condition ("opened at 1:5"): make it a file position.
    const message = d.message.replace(/opened at (\d+):(\d+)/, (all, l: string, c: string) => {
      const off = offsetOf(text.text, Number(l), Number(c));
      if (off === undefined) return all;
      const p = text.locate(off, off + 1);
      return p.file === at.file ? `opened at ${p.range.start.line}:${p.range.start.column}` : `opened at ${p.file}:${p.range.start.line}:${p.range.start.column}`;
    });
    this.add(code ?? FALCO_CODES[d.code] ?? d.code, d.severity, message, at.file, at.range);
  }

  private markUsage(lists: Record<string, string[]>, macros: Record<string, string | Expr>): void {
    const usedMacros = new Set<string>();
    const usedLists = new Set<string>();
    const visitText = (text: string) => {
      // Lists are used wherever their name appears as a word of a condition (Falco substitutes text).
      for (const name of Object.keys(lists)) if (wordIn(text, name)) usedLists.add(name);
    };
    const visitAst = (e: Expr | undefined) => {
      if (!e) return;
      if (e.kind === 'identifier') {
        if (!usedMacros.has(e.name) && this.macros.has(e.name)) {
          usedMacros.add(e.name);
          const m = this.macros.get(e.name)!;
          visitText(m.condition.text);
          visitAst(m.ast);
        }
      } else if (e.kind === 'and' || e.kind === 'or') e.children.forEach(visitAst);
      else if (e.kind === 'not') visitAst(e.child);
    };
    void macros;
    for (const rule of this.rules.values()) {
      if (!rule.compiledText) continue;
      visitText(rule.compiledText);
      const ast = parse(rule.compiledText, { maxDepth: FALCO_MAX_DEPTH }).ast;
      if (ast) visitAst(ast);
      else {
        // The rule does not parse (reported already): count the macros it names, so as not to add noise.
        for (const m of this.macros.values()) if (wordIn(rule.compiledText, m.name)) visitAst({ kind: 'identifier', name: m.name, range: rule.range });
      }
    }
    // Lists used by other lists count as used.
    for (const l of this.lists.values()) for (const item of l.items) if (this.lists.has(item)) usedLists.add(item);
    for (const m of this.macros.values()) {
      m.used = usedMacros.has(m.name);
      if (!m.used) this.add('LOAD_UNUSED_MACRO', 'warning', `Macro '${m.name}' not referred to by any other rule/macro`, m.file, m.range);
    }
    for (const l of this.lists.values()) {
      l.used = usedLists.has(l.name);
      if (!l.used) this.add('LOAD_UNUSED_LIST', 'warning', `List '${l.name}' not referred to by any other rule/macro`, l.file, l.range);
    }
  }
}

const NA_OPS = new Set(['=', '==', '!=', 'in', 'intersects', 'pmatch']);

/** Falco's LOAD_UNSAFE_NA_CHECK: a `ka.*`/`jevt.*` field compared with the placeholder `<NA>`. */
function unsafeNaChecks(e: Expr): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (n: Expr) => {
    if (n.kind === 'and' || n.kind === 'or') n.children.forEach(walk);
    else if (n.kind === 'not') walk(n.child);
    else if (n.kind === 'binary_check' && n.left.kind === 'field' && /^(ka|jevt)\./.test(n.left.name) && NA_OPS.has(n.op)) {
      const values = n.right.kind === 'value' ? [n.right.value] : n.right.kind === 'list' ? n.right.values : [];
      if (values.includes('<NA>')) {
        out.push({ code: 'LOAD_UNSAFE_NA_CHECK', severity: 'warning', message: "Unsafe <NA> comparison in condition: use 'exists' to test whether the field has a value", range: n.range });
      }
    }
  };
  walk(e);
  return out;
}

/** Offset of a 1-based line and column in `text` (lines end at \n, \r\n or \r). */
function offsetOf(text: string, line: number, column: number): number | undefined {
  let l = 1;
  let i = 0;
  while (l < line && i < text.length) {
    const c = text.charCodeAt(i++);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i) !== 0x0a)) l++;
  }
  return l === line ? i + column - 1 : undefined;
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
  return OPERATORS.has(c) || isModifierComp(c);
}

function isModifierComp(c: string): boolean {
  const [op, mod, extra] = c.split(' ');
  return extra === undefined && mod !== undefined && MODIFIER_OPS.has(op!) && ['oneof', 'anyof', 'allof'].includes(mod);
}

function isListComp(c: string): boolean {
  return c === 'in' || c === 'intersects' || c === 'pmatch' || isModifierComp(c);
}

function quoteIfSpace(v: string): string {
  return /\s/.test(v) && !/^["']/.test(v) ? `"${v}"` : v;
}

function valueText(v: unknown, comp: string): string {
  if (Array.isArray(v)) return `(${v.map((x) => quoteIfSpace(String(x))).join(', ')})`;
  const s = String(v);
  return isListComp(comp) ? `(${quoteIfSpace(s)})` : quoteIfSpace(s);
}

/** The condition text Falco builds for one exception. */
export function exceptionText(ex: ExceptionDef): string {
  if (!Array.isArray(ex.fields)) {
    const comp = typeof ex.comps === 'string' ? ex.comps : 'in';
    const values = ex.values.map((v) => (Array.isArray(v) ? v.map((x) => quoteIfSpace(String(x))).join(', ') : quoteIfSpace(String(v))));
    return `(${ex.fields} ${comp} (${values.join(', ')}))`;
  }
  const fields = ex.fields;
  const comps = Array.isArray(ex.comps) ? ex.comps : fields.map(() => '=');
  const alts = ex.values.map((tuple) => {
    const vs = Array.isArray(tuple) ? tuple : [tuple];
    return `(${fields.map((f, i) => `${f} ${comps[i]} ${valueText(vs[i], comps[i]!)}`).join(' and ')})`;
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

