import { isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { DiagnosticData, Range } from '../diagnostic.js';
import { closestNames } from '../check/suggest.js';
import { isComparison, isListComp } from './exceptions.js';
import type { ExceptionDef, ListDef, MacroDef, Rule, RuleSource } from './loader.js';
import { lineColumnAt } from './positions.js';
import { nodeRange, SourcedText, type Piece } from './sourced-text.js';
import type { LoadState } from './state.js';
import { notYamlText, yamlProblem, yamlText } from './yaml-errors.js';
import { RecentTexts } from '../syntax/lines.js';
import { itemDocument } from './yaml-items.js';

/*
 * Reading rules files into items, as Falco's reader and collector do (falco `rule_loader_reader.cpp`,
 * `rule_loader_collector.cpp`): files in order, items in order; `list`, `macro`, `rule`,
 * `required_engine_version`, `required_plugin_versions`; legacy `append: true` and `override:` with
 * `append`/`replace` per key; exceptions validated. What makes Falco refuse a file is reported here
 * (LOAD_ERR_*), with the warnings Falco gives while reading. Nothing is compiled yet.
 */

export type Priority = 'EMERGENCY' | 'ALERT' | 'CRITICAL' | 'ERROR' | 'WARNING' | 'NOTICE' | 'INFORMATIONAL' | 'DEBUG';
export const PRIORITIES: readonly Priority[] = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG'];

/** The version of Falco's rules engine we load rules as (falcosecurity/falco master, July 2026). */
export const FALCO_ENGINE_VERSION = '0.63.0';

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

function priorityOf(text: string): Priority | undefined {
  return PRIORITY_NAMES[text.trim().toLowerCase()];
}

/**
 * The YAML documents of a file's text, aliases resolved. The reader only reads them, so the documents of a text
 * met again (the files an edited file builds on, a file linted twice) are parsed once: the last four are kept.
 */
const yamlDocuments = new RecentTexts((text: string): { docs: Document.Parsed[] } | { error: string } => {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(yamlText(text), { keepSourceTokens: false, uniqueKeys: false }) as Document.Parsed[];
  } catch (e) {
    return { error: String((e as Error).message) };
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  if (mayHaveAliases(text)) for (const doc of docs) if (doc.errors.length === 0) resolveAliases(doc);
  return { docs };
}, 4);

/** Reads the items of rules files into the load state. */
export class Reader {
  constructor(private readonly st: LoadState) {}

  readFile(src: RuleSource): void {
    this.st.fileIndex++;
    const binary = notYamlText(src.text);
    if (binary) {
      const at = lineColumnAt(src.text, binary.offset);
      this.st.add('LOAD_ERR_YAML_PARSE', binary.severity, binary.message, src.path, { start: at, end: at });
      if (binary.severity === 'error') return;
    }
    // In an editor, a large rules file is parsed item by item, reusing the items of its text before.
    const items = this.st.incremental ? itemDocument(src.path, src.text) : undefined;
    const parsed = items ? { docs: [items] } : yamlDocuments.get(src.text);
    if ('error' in parsed) {
      this.st.add('LOAD_ERR_YAML_PARSE', 'error', parsed.error, src.path, nodeRange(src.text, undefined));
      return;
    }
    for (const doc of parsed.docs) {
      if (doc.errors.length) {
        for (const e of doc.errors) {
          const p = yamlProblem(e, src.text);
          this.st.add('LOAD_ERR_YAML_PARSE', 'error', p.message, src.path, { start: lineColumnAt(src.text, p.start), end: lineColumnAt(src.text, p.end) });
          break; // one problem, as Falco: the errors after the first one follow from it
        }
        return; // Falco stops at a YAML syntax error
      }
      for (const w of doc.warnings) {
        this.st.add('LOAD_ERR_YAML_PARSE', 'warning', yamlProblem(w, src.text).message, src.path, { start: lineColumnAt(src.text, w.pos[0]), end: lineColumnAt(src.text, w.pos[1]) });
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
          this.st.add(e.code, 'error', e.message, e.file, e.range);
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
    const idx = items.findIndex((n) => n && n.range && lineColumnAt(src.text, n.range[0]).offset <= failed.range.start.offset && n.range[2] >= failed.range.start.offset);
    for (const item of items.slice(idx + 1)) {
      if (item === null || (isScalar(item) && item.value === null)) continue;
      try {
        this.readItem(src, item);
      } catch (e) {
        if (!(e instanceof LoadError)) throw e;
        this.st.add(e.code, 'error', e.message, e.file, e.range);
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
        this.st.add(code, 'warning', `Unknown key '${k}' in ${what}: Falco ignores it${known}`, src.path, nodeRange(src.text, pair.key as Node), undefined, data);
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
    this.st.add('LOAD_UNKNOWN_ITEM', 'warning', 'Unknown top level item', src.path, nodeRange(src.text, map));
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
    if (!this.st.engineVersion || compareSemver(v, this.st.engineVersion) > 0) this.st.engineVersion = v;
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
      this.st.pluginVersions.push(alts);
    }
  }

  private readList(src: RuleSource, map: YAMLMap): void {
    const { value: name, node: nameNode } = this.str(src, map, 'list', true);
    if (!BARESTR.test(name!)) {
      this.st.add('LOAD_INVALID_LIST_NAME', 'warning', 'List has an invalid name. List names should match a regular expression: ([^()"\'[:space:]=,]+)', src.path, nodeRange(src.text, nameNode));
    }
    this.unknownKeys(src, map, LIST_KEYS, `list '${name}'`);
    const items = this.seqOfScalars(src, map, 'items', true)!;
    let append = this.bool(src, map, 'append') ?? false;
    if (append) this.st.add('LOAD_DEPRECATED_ITEM', 'warning', "The 'append' key is deprecated: use 'override: {items: append}'", src.path, nodeRange(src.text, map.get('append', true) as Node));
    const ov = this.overrides(src, map, new Set(['items']), new Set(['items']));
    if (append && (ov.append.size || ov.replace.size)) this.fail(src, map, "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.");
    append ||= ov.append.has('items');
    const itemRanges = items.map((i) => ({ file: src.path, range: nodeRange(src.text, i.node) }));
    const values = items.map((i) => i.value);
    const prev = this.st.lists.get(name!);
    if (append) {
      if (!prev) this.fail(src, map, 'List has \'append\' key or an append override but no list by that name already exists', 'LOAD_ERR_VALIDATE');
      prev.items.push(...values);
      prev.itemRanges.push(...itemRanges);
      prev.visibility = this.st.index++;
      return;
    }
    const def: ListDef = { name: name!, items: values, file: src.path, range: nodeRange(src.text, map), itemRanges, used: false, index: this.st.index, visibility: this.st.index };
    if (prev) {
      this.duplicate(src, 'list', name!, prev, nameNode);
      def.index = prev.index;
      def.used = prev.used;
    }
    this.st.index++;
    this.st.lists.set(name!, def);
  }

  /**
   * A second definition replaces the first, which is how a later file customises an earlier one; within one
   * file it is almost always a mistake (the first definition is silently lost).
   */
  private duplicate(src: RuleSource, kind: string, name: string, prev: { file: string; range: Range }, at: Node | undefined): void {
    if (prev.file !== src.path) return;
    this.st.add('duplicate-definition', 'warning', `${kind} '${name}' is defined again: this definition replaces the one at line ${prev.range.start.line}`, src.path, nodeRange(src.text, at));
  }

  private readMacro(src: RuleSource, map: YAMLMap): void {
    const { value: name, node: nameNode } = this.str(src, map, 'macro', true);
    if (!IDENTIFIER.test(name!)) {
      this.st.add('LOAD_INVALID_MACRO_NAME', 'warning', 'Macro has an invalid name. Macro names should match a regular expression: ([a-zA-Z]+[a-zA-Z0-9_]*)', src.path, nodeRange(src.text, nameNode));
    }
    this.unknownKeys(src, map, MACRO_KEYS, `macro '${name}'`);
    const cond = this.str(src, map, 'condition', true);
    let append = this.bool(src, map, 'append') ?? false;
    if (append) this.st.add('LOAD_DEPRECATED_ITEM', 'warning', "The 'append' key is deprecated: use 'override: {condition: append}'", src.path, nodeRange(src.text, map.get('append', true) as Node));
    const ov = this.overrides(src, map, new Set(['condition']), new Set(['condition']));
    if (append && (ov.append.size || ov.replace.size)) this.fail(src, map, "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.");
    append ||= ov.append.has('condition');
    const prev = this.st.macros.get(name!);
    const piece = this.piece(src, cond.node!);
    if (append) {
      if (!prev) this.fail(src, map, "Macro has 'append' key or an append override but no macro by that name already exists", 'LOAD_ERR_VALIDATE');
      prev.condition = new SourcedText([...prev.condition.pieces, { text: ' ', file: src.path, source: src.text, anchor: cond.node! }, piece]);
      prev.visibility = this.st.index++;
      return;
    }
    const def: MacroDef = { name: name!, condition: new SourcedText([piece]), file: src.path, range: nodeRange(src.text, map), used: false, index: this.st.index, visibility: this.st.index };
    if (prev) {
      this.duplicate(src, 'macro', name!, prev, nameNode);
      def.index = prev.index;
      def.used = prev.used;
    }
    this.st.index++;
    if (!this.st.macroFile.has(name!)) this.st.macroFile.set(name!, this.st.fileIndex);
    this.st.macros.set(name!, def);
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
        this.st.add('LOAD_EXCEPTION_NAME_NOT_UNIQUE', 'warning', `Multiple definitions of exception '${name}' in the same rule`, src.path, nodeRange(src.text, ex.get('name', true) as Node));
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
        this.st.add('LOAD_APPEND_NO_VALUES', 'warning', 'Overriding/appending exception with no values', src.path, nodeRange(src.text, ex));
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
      const info = this.st.catalog.resolve(name)?.field;
      return !!info && (!info.source || info.source === source);
    };
    if (this.st.catalog.resolve(f)) return ofSource(f);
    if (!f.includes('(')) return false;
    const r = this.st.check(`${f} exists`);
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
      if (!isListComp(ex.comps)) {
        this.fail(src, where, 'When fields is a single value, comps must be one of (in, pmatch, intersects) or a string operator with a modifier', 'LOAD_ERR_VALIDATE');
      }
      if (!this.validLhs(ex.fields, source)) this.fail(src, where, `'${ex.fields}' is not a supported filter field`, 'LOAD_ERR_VALIDATE');
    }
  }

  private readRule(src: RuleSource, map: YAMLMap): void {
    const { value: name } = this.str(src, map, 'rule', true);
    this.unknownKeys(src, map, RULE_KEYS, `rule '${name}'`);
    const hasAppend = this.bool(src, map, 'append') ?? false;
    if (hasAppend) this.st.add('LOAD_DEPRECATED_ITEM', 'warning', "The 'append' key is deprecated: use 'override' with 'append' for the keys to append to", src.path, nodeRange(src.text, map.get('append', true) as Node));
    const ov = this.overrides(src, map, RULE_APPENDABLE, RULE_REPLACEABLE);
    const hasOverrides = ov.append.size > 0 || ov.replace.size > 0;
    if (hasAppend && hasOverrides) this.fail(src, map, "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.");
    const prev = this.st.rules.get(name!);

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
      this.st.add('LOAD_DEPRECATED_ITEM', 'warning', "Using 'enabled' alone to enable or disable a rule is deprecated: use 'override: {enabled: replace}'", src.path, nodeRange(src.text, map));
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
      index: prev ? prev.index : this.st.index,
      extra: {},
    };
    for (const k of ['capture', 'capture_duration']) if (map.has(k)) rule.extra[k] = toPlain(map.get(k, true) as Node);
    if (!this.st.knownSources.has(source)) {
      rule.unknownSource = true;
      this.st.add('LOAD_UNKNOWN_SOURCE', 'warning', `Unknown source ${source}, skipping`, src.path, nodeRange(src.text, map.get('source', true) as Node));
    }
    for (const ex of exceptions) {
      if (ex.fields === undefined) this.fail(src, ex.node, 'Rule exception item must have fields property with a list of fields', 'LOAD_ERR_VALIDATE');
      if (!rule.unknownSource) this.validateException(src, ex, rule.source);
    }
    this.st.index++;
    if (!this.st.ruleFile.has(name!)) this.st.ruleFile.set(name!, this.st.fileIndex);
    this.st.rules.set(name!, rule);
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
}

/**
 * Whether a text can hold an alias: YAML writes one as `*name` after a space, a line's start or a flow
 * indicator, and its anchor as `&name` likewise (a glob's `/etc/*` or a command's `2>&1` is neither). Walking
 * every node for aliases is otherwise a few milliseconds of each start.
 */
export function mayHaveAliases(text: string): boolean {
  return /(?:^|[\s[{,])\*[^\s,[\]{}]/.test(text) && /(?:^|[\s[{,])&[^\s,[\]{}]/.test(text);
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
