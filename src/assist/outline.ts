import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { scalarMap } from '../rules/positions.js';

/*
 * The items of a rules file as the editor features need them: kind, name, the scalars holding the condition,
 * output and list items, and source ranges. Read from the `yaml` package's parse (ranges included) and
 * tolerant of broken YAML: whatever parsed is used, and nothing here throws.
 */

export type ItemKind = 'rule' | 'macro' | 'list' | 'required_engine_version' | 'required_plugin_versions' | 'unknown';

export interface Item {
  kind: ItemKind;
  name?: string;
  nameNode?: Scalar;
  map: YAMLMap;
  /** Source offsets of the whole item (the mapping). */
  start: number;
  end: number;
  /** Appends to or overrides an item defined earlier. */
  append: boolean;
  condition?: Scalar;
  output?: Scalar;
  priority?: Scalar;
  source?: string;
  /** The scalars of `items:` (lists). */
  items: Scalar[];
  /** Keys present in the mapping, with their key scalars. */
  keys: Map<string, Scalar>;
}

export interface Outline {
  text: string;
  items: Item[];
  /** The text does not parse as YAML (the items are what could be read). */
  broken: boolean;
}

export type ScalarRole = 'condition' | 'output' | 'listItem' | 'name' | 'priority';

export interface ScalarAt {
  item: Item;
  role: ScalarRole;
  node: Scalar;
  /** Index into the scalar's value that the source offset stands at. */
  index: number;
  /** The scalar's value (as the loader reads it). */
  value: string;
}

const KINDS: ItemKind[] = ['list', 'macro', 'rule', 'required_engine_version', 'required_plugin_versions'];

function scalarValue(n: Node | null | undefined): Scalar | undefined {
  return n && isScalar(n) && n.range ? n : undefined;
}

function truthy(n: Node | null | undefined): boolean {
  if (!n || !isScalar(n)) return false;
  const v = n.value;
  return v === true || (typeof v === 'string' && /^(true|yes|on|y)$/i.test(v));
}

function readItem(map: YAMLMap): Item | undefined {
  if (!map.range) return undefined;
  const keys = new Map<string, Scalar>();
  const values = new Map<string, Node | null>();
  for (const p of map.items as Pair[]) {
    if (!isScalar(p.key)) continue;
    const k = String(p.key.value);
    keys.set(k, p.key);
    values.set(k, p.value as Node | null);
  }
  const kind = KINDS.find((k) => keys.has(k)) ?? 'unknown';
  const item: Item = { kind, map, start: map.range[0], end: map.range[1], append: truthy(values.get('append')) || values.has('override'), items: [], keys };
  const nameNode = kind === 'rule' || kind === 'macro' || kind === 'list' ? scalarValue(values.get(kind)) : undefined;
  if (nameNode && nameNode.value !== null && nameNode.value !== undefined) {
    item.nameNode = nameNode;
    item.name = String(nameNode.value);
  }
  const cond = scalarValue(values.get('condition'));
  if (cond) item.condition = cond;
  const out = scalarValue(values.get('output'));
  if (out) item.output = out;
  const prio = scalarValue(values.get('priority'));
  if (prio) item.priority = prio;
  const src = scalarValue(values.get('source'));
  if (src && src.value !== null) item.source = String(src.value);
  const items = values.get('items');
  if (items && isSeq(items)) for (const i of items.items) if (isScalar(i) && i.range) item.items.push(i);
  return item;
}

export function outlineOf(text: string): Outline {
  const items: Item[] = [];
  let broken = false;
  let docs: Document.Parsed[] = [];
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  } catch {
    return { text, items, broken: true };
  }
  for (const doc of docs) {
    if (doc.errors.length) broken = true;
    const root = doc.contents;
    if (!root || !isSeq(root)) continue;
    for (const node of root.items) {
      if (!node || !isMap(node)) continue;
      const item = readItem(node);
      if (item) items.push(item);
    }
  }
  return { text, items, broken };
}

/** The item whose mapping holds `offset` (its end included: the cursor may sit just after the last character). */
export function itemAt(outline: Outline, offset: number): Item | undefined {
  let found: Item | undefined;
  for (const it of outline.items) {
    if (it.start <= offset && offset <= it.end) found = it;
    if (it.start > offset) break;
  }
  return found;
}

/** The last item that starts at or before `offset` (the item being typed, when the YAML is incomplete). */
export function itemBefore(outline: Outline, offset: number): Item | undefined {
  let found: Item | undefined;
  for (const it of outline.items) {
    if (it.start > offset) break;
    found = it;
  }
  return found;
}

/**
 * The value index a source offset of a scalar stands at: the number of value characters produced by source
 * text that starts before the offset (so a folded line end or a chomped final line break at the cursor is not
 * counted as typed yet).
 */
export function valueIndexAt(source: string, node: Scalar, offset: number): { index: number; value: string } | undefined {
  try {
    const map = scalarMap(source, node);
    const n = map.value.length;
    let index = 0;
    while (index < n && map.offsetAt(index) < offset) index++;
    return { index, value: map.value };
  } catch {
    return undefined;
  }
}

/** Source offsets [start, end) of the value range [from, to) of a scalar. */
export function sourceSpan(source: string, node: Scalar, from: number, to: number): [number, number] {
  const map = scalarMap(source, node);
  const s = Math.max(0, Math.min(from, map.value.length));
  const e = Math.max(s, Math.min(to, map.value.length));
  const start = map.offsetAt(s);
  const end = e > s ? Math.max(start, map.endOffsetAt(e - 1)) : start;
  return [start, end];
}

function contains(node: Scalar | undefined, offset: number): node is Scalar {
  const r = node?.range;
  return !!r && r[0] <= offset && offset <= r[1];
}

/** The condition, output, list item, name or priority scalar under a source offset. */
export function scalarAt(outline: Outline, offset: number): ScalarAt | undefined {
  const item = itemAt(outline, offset);
  if (!item) return undefined;
  const candidates: Array<[ScalarRole, Scalar | undefined]> = [
    ['condition', item.condition],
    ['output', item.output],
    ['name', item.nameNode],
    ['priority', item.priority],
    ...item.items.map((i): [ScalarRole, Scalar] => ['listItem', i]),
  ];
  for (const [role, node] of candidates) {
    if (!contains(node, offset)) continue;
    const at = valueIndexAt(outline.text, node, offset);
    if (!at) return undefined;
    return { item, role, node, index: at.index, value: at.value };
  }
  return undefined;
}
