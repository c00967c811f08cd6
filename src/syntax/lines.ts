import type { Position } from '../diagnostic.js';

/**
 * Line and column of offsets in a text, for every position the project reports: lines end at `\n`, `\r\n` or
 * `\r`; columns count UTF-16 code units from 1. Built once per text, then a binary search per lookup.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text.length : 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) this.starts.push(i + 1);
    }
  }

  /** 1-based line and column of a 0-based offset (clamped to the text). */
  positionAt(offset: number): Position {
    const off = Math.max(0, Math.min(Math.trunc(offset) || 0, this.text.length));
    const starts = this.starts;
    if (starts.length === 1) return { line: 1, column: off + 1, offset: off };
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: off - starts[lo]! + 1, offset: off };
  }
}
