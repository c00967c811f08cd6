/*
 * The text model shared by the parser and the evaluator. A JS string stands for its UTF-8 bytes. Bytes that are
 * not valid UTF-8 (from a `\xff` escape or a raw event buffer) are carried as lone surrogates U+DC80..U+DCFF,
 * one per byte ("surrogateescape"), so no information is lost and `stringToBytes` gives the bytes back.
 */

// Made when first used: Node loads its encoding module when a program first names TextDecoder, and most
// commands never need either (`lint` of a rules file does not).
let encoderMade: InstanceType<typeof TextEncoder> | undefined;
let strictDecoderMade: InstanceType<typeof TextDecoder> | undefined;
const encoder = { encode: (s: string): Uint8Array => (encoderMade ??= new TextEncoder()).encode(s) };
const strictDecoder = { decode: (b: Uint8Array): string => (strictDecoderMade ??= new TextDecoder('utf-8', { fatal: true })).decode(b) };

/** True for a lone low surrogate U+DC80..U+DCFF at `i` (an escaped raw byte). */
export function isEscapedByte(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xdc80 || c > 0xdcff) return false;
  const p = i > 0 ? s.charCodeAt(i - 1) : 0;
  return !(p >= 0xd800 && p <= 0xdbff);
}

/**
 * UTF-8 byte length of a string, without encoding it. An escaped byte (lone U+DC80..U+DCFF) counts 1, any other
 * lone surrogate 3 (it encodes as U+FFFD).
 */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else if (c >= 0xdc80 && c <= 0xdcff) n += 1;
    else n += 3;
  }
  return n;
}

/** The bytes a string stands for: UTF-8, with escaped bytes (lone U+DC80..U+DCFF) restored. */
export function stringToBytes(s: string): Uint8Array {
  let escaped = false;
  for (let i = 0; i < s.length && !escaped; i++) escaped = isEscapedByte(s, i);
  if (!escaped) return encoder.encode(s);
  const out = new Uint8Array(utf8Length(s));
  let o = 0;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || isEscapedByte(s, i)) {
      if (i > start) {
        const chunk = encoder.encode(s.slice(start, i));
        out.set(chunk, o);
        o += chunk.length;
      }
      if (i < s.length) out[o++] = s.charCodeAt(i) - 0xdc00;
      start = i + 1;
    }
  }
  return out.subarray(0, o);
}

/** Decodes UTF-8; undefined when the bytes are not valid UTF-8. */
export function decodeUtf8Strict(b: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(b);
  } catch {
    return undefined;
  }
}

/** Length of the valid UTF-8 sequence starting at b[i], or 0 when the byte there starts none. */
function utf8SeqLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * Bytes as a string: valid UTF-8 is decoded, every other byte becomes a lone surrogate U+DC80..U+DCFF
 * ("surrogateescape"), so no information is lost and `stringToBytes` gives the bytes back.
 */
export function bytesToString(b: Uint8Array): string {
  const strict = decodeUtf8Strict(b);
  if (strict !== undefined) return strict;
  let out = '';
  let i = 0;
  let start = 0;
  while (i < b.length) {
    const n = utf8SeqLength(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > start) out += strictDecoder.decode(b.subarray(start, i));
    out += String.fromCharCode(0xdc00 + b[i]!);
    i++;
    start = i;
  }
  if (i > start) out += strictDecoder.decode(b.subarray(start, i));
  return out;
}

