/*
 * The page's state in the URL fragment, so that a link reproduces a case: JSON, deflated (CompressionStream,
 * 'deflate-raw') and base64url-encoded, as `#z=…`. Browsers without CompressionStream write `#j=…` (the same
 * JSON, not compressed); both are read back everywhere that can inflate. The fragment never reaches a server.
 */

export type Mode = 'rules' | 'condition';

export interface PlaygroundState {
  mode: Mode;
  rules: string;
  condition: string;
  event: string;
}

interface Wire {
  v: 1;
  m: Mode;
  r: string;
  c: string;
  e: string;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: GenerateTransformStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

type GenerateTransformStream = CompressionStream | DecompressionStream;

const canCompress = typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

export async function encodeState(s: PlaygroundState): Promise<string> {
  const wire: Wire = { v: 1, m: s.mode, r: s.rules, c: s.condition, e: s.event };
  const json = new TextEncoder().encode(JSON.stringify(wire));
  if (!canCompress) return `j=${toBase64Url(json)}`;
  return `z=${toBase64Url(await pipe(json, new CompressionStream('deflate-raw')))}`;
}

/** The state in a URL fragment (with or without its `#`), or undefined when there is none or it is damaged. */
export async function decodeState(fragment: string): Promise<PlaygroundState | undefined> {
  const m = /^#?([zj])=([A-Za-z0-9_-]*)$/.exec(fragment.trim());
  if (!m) return undefined;
  try {
    let bytes = fromBase64Url(m[2]!);
    if (m[1] === 'z') bytes = await pipe(bytes, new DecompressionStream('deflate-raw'));
    const wire = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Wire>;
    if (wire.v !== 1) return undefined;
    return {
      mode: wire.m === 'condition' ? 'condition' : 'rules',
      rules: String(wire.r ?? ''),
      condition: String(wire.c ?? ''),
      event: String(wire.e ?? ''),
    };
  } catch {
    return undefined;
  }
}
