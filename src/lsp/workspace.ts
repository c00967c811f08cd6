import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../diagnostic.js';
import { defaultCatalog, fromFalcoList, type FieldCatalog } from '../fields/catalog.js';
import { loadRules, type RuleSet, type RuleSource } from '../rules/loader.js';
import { lintRuleSet } from '../lint/index.js';
import { outlineOf, type Outline } from '../assist/outline.js';

/*
 * The language server's picture of the rules files: open documents (their editor text) and the rules files
 * found in the workspace folders (their disk text), plus the files named in the `falco-expr.rulesFiles`
 * setting, which are loaded first, in order, before any document (typically falco_rules.yaml before a custom
 * file). A document is linted together with what it needs: the settings files, then the workspace files that
 * define the macros, lists and rules it refers to (and what those need in turn), then the document itself.
 * Which file defines what comes from a cheap text index (no YAML parse), so an edit costs one load.
 */

export interface Settings {
  /** Rules files loaded before every document, in order (absolute, or relative to the first workspace folder). */
  rulesFiles: string[];
  /**
   * Most time between two lints of the documents while typing (ms): the next lint waits twice as long as the
   * last one took, up to this; a change after a quiet spell is linted at once.
   */
  debounceMs: number;
  /** Output of `falco --list` (any format) to take the fields from, instead of the built-in catalog. */
  fieldsFile?: string;
  /** Look for rules files in the workspace folders (default true). */
  scanWorkspace: boolean;
}

export const DEFAULT_SETTINGS: Settings = { rulesFiles: [], debounceMs: 100, scanWorkspace: true };

/** Reads `falco-expr` settings as a client sends them (a section object, or the whole settings tree). */
export function readSettings(raw: unknown, base: Settings = DEFAULT_SETTINGS): Settings {
  let o = raw as Record<string, unknown> | undefined;
  if (o && typeof o === 'object' && o['falco-expr'] && typeof o['falco-expr'] === 'object') o = o['falco-expr'] as Record<string, unknown>;
  if (!o || typeof o !== 'object') return base;
  const out: Settings = { ...base };
  if (Array.isArray(o.rulesFiles)) out.rulesFiles = o.rulesFiles.filter((f): f is string => typeof f === 'string');
  if (typeof o.debounceMs === 'number' && o.debounceMs >= 0) out.debounceMs = o.debounceMs;
  if (typeof o.fieldsFile === 'string' && o.fieldsFile) out.fieldsFile = o.fieldsFile;
  else if (o.fieldsFile === null || o.fieldsFile === '') delete out.fieldsFile;
  if (typeof o.scanWorkspace === 'boolean') out.scanWorkspace = o.scanWorkspace;
  return out;
}

/** What a file defines and mentions, read from its text with regular expressions. */
export interface FileIndex {
  macros: Set<string>;
  lists: Set<string>;
  rules: Set<string>;
  /** Every word of the file (names of macros and lists are words); computed when first asked for. */
  readonly words: Set<string>;
  /** The words of its conditions and list items: the names it may refer to; computed when first asked for. */
  readonly refs: Set<string>;
  /** The file appends to or overrides items (so it needs the files that define them). */
  overrides: boolean;
  /** The text has Falco items at all. */
  looksLikeRules: boolean;
}

export interface RulesFile {
  uri: string;
  /** The name the loader reports diagnostics under: the file system path, or the URI for other schemes. */
  path: string;
  doc: TextDocument;
  open: boolean;
  /** Named in the settings. */
  configured: boolean;
  /** Bumped on every change of a file that is not open (open documents have the editor's versions). */
  stamp: number;
}

export interface Loaded {
  /** Cache key: the files and their versions. */
  key: string;
  set: RuleSet;
  files: RulesFile[];
  /** Diagnostics located in the document itself. */
  diagnostics: Diagnostic[];
  ms: number;
}

const ITEM = /^[ \t]*-[ \t]+(macro|list|rule)[ \t]*:[ \t]*(.*?)[ \t]*$/gm;
const HAS_ITEMS = /^[ \t]*-[ \t]+(rule|macro|list|required_engine_version|required_plugin_versions)[ \t]*:/m;
const OVERRIDES = /^[ \t]+(append[ \t]*:[ \t]*(true|yes|on)\b|override[ \t]*:)/im;
const WORD = /[^\s()"'=,:[\]{}#<>!]+/g;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'target', 'vendor', '__pycache__']);
const MAX_FILES = 2000;
const MAX_BYTES = 4 * 1024 * 1024;

function unquote(s: string): string {
  let t = s.replace(/[ \t]+#.*$/, '');
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) t = t.slice(1, -1);
  return t.trim();
}

const VALUE_KEY = /^([ \t]*)(-[ \t]+)?(condition|items)[ \t]*:(.*)$/;

/** What one stretch of a file's text defines and mentions, and the state of the block scan at its end. */
interface PartIndex {
  macros: string[];
  lists: string[];
  rules: string[];
  refs: Set<string>;
  overrides: boolean;
  looksLikeRules: boolean;
  /** The stretch ends inside an `items:` block written at column 0 (the next stretch's first line may belong to it). */
  openAtColumn0: boolean;
}

function indexPart(text: string): PartIndex {
  const macros: string[] = [];
  const lists: string[] = [];
  const rules: string[] = [];
  let overrides = OVERRIDES.test(text);
  const items = [...text.matchAll(ITEM)];
  items.forEach((m, i) => {
    const name = unquote(m[2]!);
    if (!name) return;
    (m[1] === 'macro' ? macros : m[1] === 'list' ? lists : rules).push(name);
    // The older way to switch a rule off: `- rule: X` with `enabled:` and no condition (X is defined elsewhere).
    if (m[1] === 'rule' && !overrides) {
      const body = text.slice(m.index!, items[i + 1]?.index ?? text.length);
      if (/^[ \t]+enabled[ \t]*:/m.test(body) && !/^[ \t]+condition[ \t]*:/m.test(body)) overrides = true;
    }
  });
  // Words of conditions and list items only: what the file refers to (descriptions and outputs are not).
  const refs = new Set<string>();
  const collect = (s: string) => {
    for (const m of s.matchAll(WORD)) refs.add(m[0]);
  };
  let blockCol = -1;
  let blockIsItems = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '' || /^[ \t]*#/.test(line)) continue;
    const ind = /^[ \t]*/.exec(line)![0].length;
    if (blockCol >= 0 && (ind > blockCol || (blockIsItems && ind === blockCol && line[ind] === '-'))) {
      collect(line);
      continue;
    }
    blockCol = -1;
    const m = VALUE_KEY.exec(line);
    if (m) {
      blockCol = m[1]!.length + (m[2]?.length ?? 0);
      blockIsItems = m[3] === 'items';
      collect(m[4]!);
    }
  }
  return { macros, lists, rules, refs, overrides, looksLikeRules: HAS_ITEMS.test(text), openAtColumn0: blockCol === 0 && blockIsItems };
}

/** Where a stretch of a large file starts: a line `- macro:`, `- list:` or `- rule:` at column 0. */
const PART_START = /^-[ \t]+(?:macro|list|rule)[ \t]*:/gm;
/** Files below this size are indexed whole. */
const PART_MIN_BYTES = 16 * 1024;
/** The stretches indexed for the last texts, by text (a keystroke indexes one stretch again). */
let parts = new Map<string, PartIndex>();
let partsBefore = new Map<string, PartIndex>();

function indexParts(text: string): PartIndex[] | undefined {
  const cuts = [0];
  for (const m of text.matchAll(PART_START)) if (m.index! > 0) cuts.push(m.index!);
  const out: PartIndex[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const part = text.slice(cuts[i], i + 1 < cuts.length ? cuts[i + 1] : text.length);
    let ix = parts.get(part) ?? partsBefore.get(part);
    if (!ix) ix = indexPart(part);
    parts.set(part, ix);
    // The scan of a stretch starts afresh only when the one before did not end in a column-0 `items:` block.
    if (ix.openAtColumn0 && i + 1 < cuts.length) return undefined;
    out.push(ix);
  }
  return out;
}

/**
 * What a file defines and mentions, read from its text with regular expressions. A large file is indexed in
 * stretches (each item with what follows it, up to the next), kept by text for the next call, which gives the
 * index of the whole text: the expressions read one line, or one item, at a time (`whole` reads it in one go).
 */
export function indexText(text: string, whole = false): FileIndex {
  let list: PartIndex[] | undefined;
  if (!whole && text.length >= PART_MIN_BYTES) {
    list = indexParts(text);
    partsBefore = parts;
    parts = new Map();
  }
  if (!list) list = [indexPart(text)];
  const macros = new Set<string>();
  const lists = new Set<string>();
  const rules = new Set<string>();
  let overrides = false;
  let looksLikeRules = false;
  for (const p of list) {
    for (const n of p.macros) macros.add(n);
    for (const n of p.lists) lists.add(n);
    for (const n of p.rules) rules.add(n);
    overrides ||= p.overrides;
    looksLikeRules ||= p.looksLikeRules;
  }
  let words: Set<string> | undefined;
  // The words of every stretch together, made when asked (a keystroke's lint does not: a few thousand words).
  let refs: Set<string> | undefined = list.length === 1 ? list[0]!.refs : undefined;
  const stretches = list;
  return {
    macros, lists, rules, overrides, looksLikeRules,
    get refs() {
      if (!refs) {
        refs = new Set<string>();
        for (const p of stretches) for (const w of p.refs) refs.add(w);
      }
      return refs;
    },
    get words() {
      if (!words) {
        words = new Set<string>();
        for (const m of text.matchAll(WORD)) words.add(m[0]);
      }
      return words;
    },
  };
}

export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri;
}

export function pathToUri(path: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? path : pathToFileURL(path).href;
}

export class Workspace {
  settings: Settings = { ...DEFAULT_SETTINGS };
  folders: string[] = [];
  catalog: FieldCatalog = defaultCatalog;
  /** Messages for the client's log (settings files that cannot be read…). */
  log: (message: string) => void = () => {};
  private readonly files = new Map<string, RulesFile>();
  private readonly byPath = new Map<string, RulesFile>();
  private readonly indexes = new WeakMap<TextDocument, { version: number; index: FileIndex }>();
  private readonly outlines = new WeakMap<TextDocument, { version: number; outline: Outline }>();
  private readonly loads = new Map<string, Loaded>();
  private readonly masked = new WeakMap<RulesFile, { doc: TextDocument; version: number; keep: string; text: string }>();
  private configured: RulesFile[] = [];
  private nameIndex: { generation: number; macros: Map<string, RulesFile[]>; lists: Map<string, RulesFile[]>; rules: Map<string, RulesFile[]> } | undefined;
  private generation = 0;

  // --- files -------------------------------------------------------------------------------------------

  get(uri: string): RulesFile | undefined {
    return this.files.get(uri);
  }

  getByPath(path: string): RulesFile | undefined {
    return this.byPath.get(path);
  }

  all(): RulesFile[] {
    return [...this.files.values()];
  }

  openFiles(): RulesFile[] {
    return this.all().filter((f) => f.open);
  }

  private put(file: RulesFile): void {
    this.files.set(file.uri, file);
    this.byPath.set(file.path, file);
    this.generation++;
  }

  /** An open document: the editor's text wins over the disk's. */
  open(doc: TextDocument): RulesFile {
    const prev = this.files.get(doc.uri);
    if (prev) {
      prev.doc = doc;
      prev.open = true;
      prev.stamp++;
      this.generation++;
      return prev;
    }
    const file: RulesFile = { uri: doc.uri, path: uriToPath(doc.uri), doc, open: true, configured: false, stamp: 0 };
    this.put(file);
    return file;
  }

  /** A closed document goes back to its disk text when it is a workspace rules file, and is dropped otherwise. */
  close(uri: string): void {
    const prev = this.files.get(uri);
    if (!prev) return;
    const onDisk = this.readDisk(prev.path);
    const keep = onDisk !== undefined && (prev.configured || (this.settings.scanWorkspace && this.inFolders(prev.path) && indexText(onDisk).looksLikeRules));
    if (keep) {
      prev.open = false;
      prev.doc = TextDocument.create(uri, 'yaml', 0, onDisk);
      prev.stamp++;
      this.generation++;
    } else this.remove(prev);
    this.loads.delete(uri);
  }

  private remove(file: RulesFile): void {
    this.files.delete(file.uri);
    this.byPath.delete(file.path);
    this.generation++;
  }

  /** A file changed, appeared or disappeared on disk (ignored while it is open: the editor's text wins). */
  diskChanged(uri: string, deleted: boolean): void {
    const prev = this.files.get(uri);
    if (prev?.open) return;
    const path = prev?.path ?? uriToPath(uri);
    const text = deleted ? undefined : this.readDisk(path);
    if (text === undefined || (!prev?.configured && !(this.settings.scanWorkspace && this.inFolders(path) && indexText(text).looksLikeRules))) {
      if (prev) this.remove(prev);
      return;
    }
    if (prev) {
      prev.doc = TextDocument.create(uri, 'yaml', prev.doc.version + 1, text);
      prev.stamp++;
      this.generation++;
    } else this.put({ uri, path, doc: TextDocument.create(uri, 'yaml', 0, text), open: false, configured: false, stamp: 0 });
  }

  private readDisk(path: string): string | undefined {
    try {
      if (statSync(path).size > MAX_BYTES) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  private inFolders(path: string): boolean {
    return this.folders.some((f) => path === f || path.startsWith(f.endsWith('/') ? f : `${f}/`));
  }

  /** Reads the settings files and, unless turned off, every rules file under the workspace folders. */
  scan(): void {
    // Files that are neither open nor configured are read again from disk.
    for (const f of this.all()) {
      if (!f.open) this.remove(f);
      else f.configured = false;
    }
    this.generation++;
    this.configured = [];
    for (const p of this.settings.rulesFiles) {
      const path = isAbsolute(p) ? p : resolvePath(this.folders[0] ?? process.cwd(), p);
      const uri = pathToUri(path);
      let file = this.files.get(uri);
      if (!file) {
        const text = this.readDisk(path);
        if (text === undefined) {
          this.log(`falco-expr: cannot read the rules file ${path} named in falco-expr.rulesFiles`);
          continue;
        }
        file = { uri, path, doc: TextDocument.create(uri, 'yaml', 0, text), open: false, configured: true, stamp: 0 };
        this.put(file);
      }
      file.configured = true;
      this.configured.push(file);
    }
    if (this.settings.scanWorkspace) {
      let budget = MAX_FILES;
      const walk = (dir: string, depth: number) => {
        if (depth > 8 || budget <= 0) return;
        let names: string[];
        try {
          names = readdirSync(dir).sort();
        } catch {
          return;
        }
        for (const name of names) {
          if (budget <= 0) return;
          if (name.startsWith('.') || SKIP_DIRS.has(name)) continue;
          const full = join(dir, name);
          let st;
          try {
            st = statSync(full);
          } catch {
            continue;
          }
          if (st.isDirectory()) walk(full, depth + 1);
          else if (/\.ya?ml$/i.test(name) && st.size <= MAX_BYTES) {
            budget--;
            const uri = pathToUri(full);
            if (this.files.has(uri)) continue;
            const text = this.readDisk(full);
            if (text === undefined || !HAS_ITEMS.test(text)) continue;
            this.put({ uri, path: full, doc: TextDocument.create(uri, 'yaml', 0, text), open: false, configured: false, stamp: 0 });
          }
        }
      };
      for (const folder of this.folders) walk(folder, 0);
    }
    this.loads.clear();
  }

  /** Loads the field catalog named in the settings (the built-in one otherwise). */
  loadCatalog(): void {
    this.catalog = defaultCatalog;
    const p = this.settings.fieldsFile;
    if (!p) return;
    const path = isAbsolute(p) ? p : resolvePath(this.folders[0] ?? process.cwd(), p);
    try {
      this.catalog = fromFalcoList(readFileSync(path, 'utf8'));
    } catch (e) {
      this.log(`falco-expr: cannot use the field list ${path}: ${(e as Error).message}`);
    }
    this.loads.clear();
  }

  // --- indexes -----------------------------------------------------------------------------------------

  index(file: RulesFile): FileIndex {
    const hit = this.indexes.get(file.doc);
    if (hit && hit.version === file.doc.version) return hit.index;
    const index = indexText(file.doc.getText());
    this.indexes.set(file.doc, { version: file.doc.version, index });
    return index;
  }

  /** The parsed YAML items of a file, cached per version. */
  outline(file: RulesFile): Outline {
    const hit = this.outlines.get(file.doc);
    if (hit && hit.version === file.doc.version) return hit.outline;
    const outline = outlineOf(file.doc.getText());
    this.outlines.set(file.doc, { version: file.doc.version, outline });
    return outline;
  }

  private names() {
    if (this.nameIndex?.generation === this.generation) return this.nameIndex;
    const macros = new Map<string, RulesFile[]>();
    const lists = new Map<string, RulesFile[]>();
    const rules = new Map<string, RulesFile[]>();
    const add = (m: Map<string, RulesFile[]>, k: string, f: RulesFile) => {
      const l = m.get(k);
      if (l) l.push(f);
      else m.set(k, [f]);
    };
    for (const f of this.files.values()) {
      const ix = this.index(f);
      for (const n of ix.macros) add(macros, n, f);
      for (const n of ix.lists) add(lists, n, f);
      for (const n of ix.rules) add(rules, n, f);
    }
    this.nameIndex = { generation: this.generation, macros, lists, rules };
    return this.nameIndex;
  }

  /** Files of the workspace that define a macro (or list) of this name, per the text index. */
  definers(kind: 'macro' | 'list', name: string): RulesFile[] {
    const n = this.names();
    return (kind === 'macro' ? n.macros : n.lists).get(name) ?? [];
  }

  /** Whether a file other than `except` refers to `name` in a condition or a list. */
  mentionedElsewhere(name: string, except: RulesFile): boolean {
    for (const f of this.files.values()) if (f !== except && this.index(f).refs.has(name)) return true;
    return false;
  }

  /** Marks that an open document changed (its TextDocument was updated in place by the document manager). */
  touched(uri: string): void {
    const f = this.files.get(uri);
    if (!f) return;
    f.stamp++;
    this.generation++;
  }

  // --- loading -----------------------------------------------------------------------------------------

  /** The files loaded to lint `file`: settings files, what it needs from the workspace, then the file. */
  sourcesFor(file: RulesFile): RulesFile[] {
    const at = this.configured.indexOf(file);
    const before = at >= 0 ? this.configured.slice(0, at) : this.configured.filter((f) => f !== file);
    const included = new Set<RulesFile>([...before, file]);
    const names = this.names();
    const definedBefore = (kind: 'macro' | 'list' | 'rule', n: string) =>
      before.some((f) => {
        const ix = this.index(f);
        return (kind === 'macro' ? ix.macros : kind === 'list' ? ix.lists : ix.rules).has(n);
      });
    const order: RulesFile[] = [];
    const visiting = new Set<RulesFile>();
    const pick = (candidates: RulesFile[] | undefined, near: RulesFile): RulesFile | undefined => {
      if (!candidates) return undefined;
      const others = candidates.filter((c) => c !== near && c !== file);
      if (others.length === 0) return undefined;
      const dir = dirname(near.path);
      return others.find((c) => dirname(c.path) === dir) ?? [...others].sort((a, b) => (a.path < b.path ? -1 : 1))[0];
    };
    const visit = (f: RulesFile) => {
      const ix = this.index(f);
      const needs: RulesFile[] = [];
      const need = (kind: 'macro' | 'list' | 'rule', n: string, own: boolean) => {
        if (own && !ix.overrides) return;
        if (definedBefore(kind, n)) return;
        const m = kind === 'macro' ? names.macros : kind === 'list' ? names.lists : names.rules;
        const c = pick(m.get(n), f);
        if (c && !included.has(c) && !needs.includes(c)) needs.push(c);
      };
      // Words of the file that other files define as macros or lists (the smaller set drives the loop).
      for (const [m, kind] of [[names.macros, 'macro'], [names.lists, 'list']] as const) {
        if (m.size < ix.refs.size) {
          for (const n of m.keys()) if (ix.refs.has(n)) need(kind, n, kind === 'macro' ? ix.macros.has(n) : ix.lists.has(n));
        } else {
          for (const n of ix.refs) if (m.has(n)) need(kind, n, kind === 'macro' ? ix.macros.has(n) : ix.lists.has(n));
        }
      }
      if (ix.overrides) for (const n of ix.rules) need('rule', n, true);
      for (const d of needs) {
        if (included.has(d) || visiting.has(d)) continue;
        visiting.add(d);
        included.add(d);
        visit(d);
        order.push(d);
      }
    };
    visit(file);
    return [...before, ...order, file];
  }

  /** Loads `file` with what it needs; the result is cached until one of the files changes. */
  load(file: RulesFile): Loaded {
    const files = this.sourcesFor(file);
    const key = files.map((f) => `${f.uri}@${f.doc.version}:${f.stamp}`).join('\n');
    const hit = this.loads.get(file.uri);
    if (hit && hit.key === key) return hit;
    const t0 = performance.now();
    const own = this.index(file);
    const keepRules = own.overrides ? own.rules : new Set<string>();
    const sources: RuleSource[] = files.map((f) => ({ path: f.path, text: f === file ? f.doc.getText() : this.withoutRules(f, keepRules) }));
    // The last load of a file is dropped when it changes (the key above), so items may be reused (and moved).
    const set = loadRules(sources, { catalog: this.catalog, incremental: true });
    const mine = lintRuleSet(set).filter((d) => d.file === undefined || d.file === file.path);
    // An item another workspace file refers to is not unused, even when that file is not part of this load.
    const diagnostics = mine.filter((d) => {
      if (d.code !== 'LOAD_UNUSED_MACRO' && d.code !== 'LOAD_UNUSED_LIST') return true;
      const name = d.data?.name;
      return !(name !== undefined && this.mentionedElsewhere(name, file));
    });
    const loaded: Loaded = { key, set, files, diagnostics, ms: performance.now() - t0 };
    this.loads.set(file.uri, loaded);
    return loaded;
  }

  /**
   * The text of a file the document needs, with its rules blanked out (every character but line breaks made a
   * blank, so offsets and lines stay those of the file) except the rules the document overrides: their
   * diagnostics are not the document's, and compiling them is most of the cost of a load. Macros and lists stay.
   */
  private withoutRules(file: RulesFile, keep: Set<string>): string {
    const key = [...keep].join('\n');
    const hit = this.masked.get(file);
    if (hit && hit.doc === file.doc && hit.version === file.doc.version && hit.keep === key) return hit.text;
    const text = file.doc.getText();
    const outline = this.outline(file);
    let out = text;
    if (!outline.broken) {
      const parts: string[] = [];
      let at = 0;
      for (const item of outline.items) {
        if (item.kind !== 'rule' || (item.name !== undefined && keep.has(item.name))) continue;
        let s = item.start;
        while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
        if (s < at) continue;
        parts.push(text.slice(at, s), text.slice(s, item.end).replace(/[^\r\n]/g, ' '));
        at = item.end;
      }
      parts.push(text.slice(at));
      out = parts.join('');
    }
    this.masked.set(file, { doc: file.doc, version: file.doc.version, keep: key, text: out });
    return out;
  }

  /** The last load of a document, if still current; otherwise a fresh load. */
  current(file: RulesFile): Loaded {
    return this.load(file);
  }

  /** Open documents whose last load read `file`, or that mention what `file` defines. */
  dependents(file: RulesFile): RulesFile[] {
    const others = this.openFiles().filter((o) => o !== file);
    // The file's own index only when another document is open (a keystroke in the only one needs none).
    if (others.length === 0) return [];
    const ix = this.index(file);
    return others.filter((o) => {
      const last = this.loads.get(o.uri);
      if (last?.files.includes(file)) return true;
      const refs = this.index(o).refs;
      for (const n of ix.macros) if (refs.has(n)) return true;
      for (const n of ix.lists) if (refs.has(n)) return true;
      return false;
    });
  }

  looksLikeRules(file: RulesFile): boolean {
    if (file.configured) return true;
    // The index when it is made already; else the one expression it would test (a keystroke needs no index).
    const hit = this.indexes.get(file.doc);
    if (hit && hit.version === file.doc.version) return hit.index.looksLikeRules;
    return HAS_ITEMS.test(file.doc.getText());
  }
}
