import type { Position } from '../diagnostic.js';

/**
 * Line and column of offsets in a text, for every position the project reports: lines end at `\n`, `\r\n` or
 * `\r`; columns count UTF-16 code units from 1. Built once per text, then a binary search per lookup.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    // Jumps from line end to line end with indexOf: an editor's text after an edit is a rope of pieces, where
    // reading it a character at a time costs a hundred times more than on a flat string.
    let nl = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (nl >= 0 || cr >= 0) {
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        if (nl === cr + 1) {
          this.starts.push(cr + 2);
          nl = text.indexOf('\n', cr + 2);
        } else this.starts.push(cr + 1);
        cr = text.indexOf('\r', cr + 1);
      } else {
        this.starts.push(nl + 1);
        nl = text.indexOf('\n', nl + 1);
      }
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

/**
 * What was computed from the last few texts, most recently used first. Strings are compared with `===`, which
 * is immediate for the same string object and for texts of other lengths, but reads an equal copy to its end:
 * a hit is re-keyed with the string it was asked with, so that the calls that follow (a load passes one string
 * object thousands of times) compare by identity. Several entries, so that a load over several files does not
 * compute again each time it turns to another file.
 */
export class RecentTexts<T> {
  private readonly keys: string[] = [];
  private readonly values: T[] = [];

  constructor(private readonly build: (text: string) => T, private readonly size = 4) {}

  get(text: string): T {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== text) continue;
      const hit = this.values[i]!;
      if (i > 0) {
        keys.splice(i, 1);
        this.values.splice(i, 1);
        keys.unshift(text);
        this.values.unshift(hit);
      } else keys[0] = text;
      return hit;
    }
    const made = this.build(text);
    keys.unshift(text);
    this.values.unshift(made);
    if (keys.length > this.size) {
      keys.pop();
      this.values.pop();
    }
    return made;
  }
}
