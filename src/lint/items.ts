import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

/*
 * Which item of a rules file a position belongs to, for Falco's validation JSON: Falco's `context.locations`
 * go from the whole file ("rules content") to the item ("rule", "macro", "list"…) to the part of it (the
 * "rule condition", the "rule output"…), each with Falco's item type, the item's name and a position.
 */

export interface ItemLocation {
  itemType: string;
  itemName: string;
  offset: number;
}

const ITEM_TYPES: Record<string, string> = {
  rule: 'rule',
  macro: 'macro',
  list: 'list',
  required_engine_version: 'required_engine_version',
  required_plugin_versions: 'required plugin versions',
};

const PART_TYPES: Record<string, Record<string, string>> = {
  rule: { condition: 'rule condition', output: 'rule output', priority: 'rule priority', exceptions: 'exceptions', override: 'overrides' },
  macro: { condition: 'macro condition' },
  list: { items: 'list item' },
};

// The formatter asks for every diagnostic of a file in turn: parse each text once.
let cached: { text: string; doc: ReturnType<typeof parseDocument>; items: unknown[] } | undefined;
const rangeOf = (node: unknown) => (node as { range?: [number, number, number] } | undefined)?.range;

/** The item and part locations around `offset` in a rules file's text, outermost first (may be empty). */
export function itemLocations(text: string, offset: number): ItemLocation[] {
  if (cached?.text !== text) {
    const doc = parseDocument(text, { uniqueKeys: false });
    const items = isSeq(doc.contents) ? doc.contents.items.filter((it) => (it as { range?: unknown }).range) : [];
    cached = { text, doc, items };
  }
  // Items are in file order: find the last one starting at or before the offset; the offset is in it or, on
  // a shared boundary, in the one before it (which a scan in file order would have found first).
  const items = cached.items;
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rangeOf(items[mid])![0] <= offset) lo = mid + 1;
    else hi = mid;
  }
  for (let i = Math.max(0, lo - 2); i < lo; i++) {
    const item = items[i];
    const range = rangeOf(item)!;
    if (offset < range[0] || offset > range[2]) continue;
    if (!isMap(item)) return [{ itemType: 'rules content item', itemName: '', offset: range[0] }];
    const kinds = item.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter((k) => ITEM_TYPES[k]);
    const kind = kinds[0];
    if (!kind) return [{ itemType: 'rules content item', itemName: '', offset: range[0] }];
    const name = item.get(kind);
    const out: ItemLocation[] = [{ itemType: ITEM_TYPES[kind]!, itemName: isScalar(name) || typeof name !== 'object' ? String(name ?? '') : '', offset: range[0] }];
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
      const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
      const start = keyRange?.[0] ?? valueRange?.[0];
      const end = valueRange?.[2] ?? keyRange?.[2];
      if (start === undefined || end === undefined || offset < start || offset > end) continue;
      const part = PART_TYPES[kind]?.[key];
      if (part) out.push({ itemType: part, itemName: '', offset: valueRange?.[0] ?? start });
      break;
    }
    return out;
  }
  return [];
}
