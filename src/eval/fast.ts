import type { Event } from '../values/event.js';
import type { Comparator } from './compare.js';
import type { EventValue } from '../values/constants.js';

/*
 * Fused fast paths for the checks rules use most: a plain string field of a flat event compared with string
 * constants by `=`, `!=`, `in`, `startswith`, `endswith` or `contains`. One closure reads the property and
 * compares with JavaScript's own string operations; anything unusual (a resolver function, a value that is not
 * a plain string, a string holding a NUL byte, where libsinsp's C-string semantics cut the value) falls back to
 * the general comparator, so the result is always the same.
 */

type Pred = (ev: Event) => boolean;

const STRING_TYPES = new Set(['CHARBUF', 'FSPATH', 'FSRELPATH']);

export function fastStringPred(
  type: string,
  op: string,
  key: string,
  values: readonly string[],
  get: (ev: Event) => unknown,
  compare: Comparator,
): Pred | undefined {
  if (!STRING_TYPES.has(type)) return undefined;
  // Constants with a NUL or escaped bytes take the general path (they are rare and subtle).
  if (values.some((v) => /[\u0000\udc80-\udcff]/.test(v))) return undefined;
  const slow = (ev: Event) => compare(get(ev) as EventValue);
  if ((op === '=' || op === '==') && values.length === 1) {
    const k = values[0]!;
    return (ev) => {
      if (typeof ev === 'function') return slow(ev);
      const v = ev[key];
      if (typeof v !== 'string') return compare(v as EventValue);
      return v === k || (v.length > k.length && v.indexOf('\0') >= 0 && compare(v));
    };
  }
  if (op === '!=' && values.length === 1) {
    const k = values[0]!;
    return (ev) => {
      if (typeof ev === 'function') return slow(ev);
      const v = ev[key];
      if (typeof v !== 'string') return compare(v as EventValue);
      return v !== k && (v.indexOf('\0') < 0 || compare(v));
    };
  }
  if (op === 'in' || op === 'intersects') {
    const set = new Set(values);
    return (ev) => {
      if (typeof ev === 'function') return slow(ev);
      const v = ev[key];
      if (typeof v !== 'string') return compare(v as EventValue);
      return set.has(v) || (v.indexOf('\0') >= 0 && compare(v));
    };
  }
  if (op === 'startswith' && values.length === 1) {
    const k = values[0]!;
    return (ev) => {
      if (typeof ev === 'function') return slow(ev);
      const v = ev[key];
      // A constant holds no NUL, so a prefix match never crosses the C string's end.
      return typeof v === 'string' ? v.startsWith(k) : compare(v as EventValue);
    };
  }
  if (op === 'endswith' && values.length === 1) {
    const k = values[0]!;
    return (ev) => {
      if (typeof ev === 'function') return slow(ev);
      const v = ev[key];
      if (typeof v !== 'string') return compare(v as EventValue);
      return v.indexOf('\0') < 0 ? v.endsWith(k) : compare(v);
    };
  }
  if (op === 'contains' && values.length === 1) {
    const k = values[0]!;
    return (ev) => {
      if (typeof ev === 'function') return slow(ev);
      const v = ev[key];
      if (typeof v !== 'string') return compare(v as EventValue);
      const i = v.indexOf(k);
      if (i < 0) return false;
      // The first occurrence must end before the first NUL, where libsinsp's string ends.
      const z = v.indexOf('\0');
      return z < 0 || z >= i + k.length;
    };
  }
  return undefined;
}
