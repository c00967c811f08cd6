import type { Node, Pair, Scalar } from 'yaml';
import type { Range } from '../diagnostic.js';
import { lineColumnAt, mapRange } from './positions.js';

/** Where a piece of text came from: a scalar of a file, or text the loader generated near a node. */
export interface Piece {
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

/** The range of a YAML node in its file (the file's start for a node without one). */
export function nodeRange(source: string, node: Node | Pair | undefined | null): Range {
  const r = node && 'range' in node && node.range ? node.range : undefined;
  if (!r) {
    const p = lineColumnAt(source, 0);
    return { start: p, end: p };
  }
  return { start: lineColumnAt(source, r[0]), end: lineColumnAt(source, r[1]) };
}
