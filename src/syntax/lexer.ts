import { Lexer, type ILexingError, type IToken, type TokenType } from 'chevrotain';
import { Bad, conditionLexer, LENGTH_MATCHERS, lexerDefinition } from './tokens.js';

/*
 * The lexer definition of tokens.ts, run two ways. Chevrotain's lexer reports characters that no token takes
 * and recovers after them, and building it analyses every pattern (a cost paid at each start of the command).
 * The common case, a condition with nothing out of place, needs neither: `tokenizeWellFormed` runs the same
 * modes with the same tokens in the same order (regular expressions made sticky, custom matchers called as
 * they are; first match wins, as in Chevrotain) and makes Chevrotain's tokens. Where Chevrotain would make a
 * `Bad` token or report an error, it gives up and `tokenize` hands the text to Chevrotain's lexer.
 * test/lexer.test.ts compares both on upstream's conditions, the corpus and generated text.
 */

type Matcher = (text: string, offset: number) => number;

interface Entry {
  type: TokenType;
  /** Length matched at the offset, or -1. */
  match: Matcher;
  push: string | undefined;
  pop: boolean;
  skipped: boolean;
}

/** Code units a token can start with (below 128), or every one; `wide`: it may start above 127. */
interface FirstChars {
  ascii: Set<number> | 'all';
  wide: boolean;
}

const ALL: FirstChars = { ascii: 'all', wide: true };

/*
 * First characters of a regular expression's matches, for the forms tokens.ts uses: literals, escaped
 * punctuation, character classes, `(?:…)` groups and alternatives, a first atom made optional by `?` or `*`.
 * Anything else gives ALL, which is always safe (the token is then tried at every character).
 */
function regexFirst(source: string): FirstChars {
  const alts = splitAlternatives(source);
  if (!alts) return ALL;
  const ascii = new Set<number>();
  let wide = false;
  for (const alt of alts) {
    const f = seqFirst(alt);
    if (f.ascii === 'all') return ALL;
    for (const c of f.ascii) ascii.add(c);
    wide ||= f.wide;
  }
  return { ascii, wide };
}

function splitAlternatives(source: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0 || inClass) return undefined;
  out.push(source.slice(start));
  return out;
}

const LITERAL_ESCAPES = new Set('()[]{}.*+?|/^$-\\,=!<>"\'');
const CLASS_ESCAPES: Record<string, number> = { t: 9, n: 10, r: 13, v: 11, f: 12, b: 8 };

function seqFirst(seq: string): FirstChars {
  if (seq === '') return ALL;
  let atom: FirstChars;
  let end: number;
  const c = seq[0]!;
  if (c === '[') {
    const close = classEnd(seq);
    if (close < 0 || seq[1] === '^') return ALL;
    const set = classChars(seq.slice(1, close));
    if (!set) return ALL;
    atom = set;
    end = close + 1;
  } else if (c === '(') {
    if (!seq.startsWith('(?:')) return ALL;
    const close = groupEnd(seq);
    if (close < 0) return ALL;
    atom = regexFirst(seq.slice(3, close));
    end = close + 1;
  } else if (c === '\\') {
    const e = seq[1];
    if (e === undefined || !LITERAL_ESCAPES.has(e)) return ALL;
    atom = { ascii: new Set([e.charCodeAt(0)]), wide: false };
    end = 2;
  } else if ('.^$?*+{|'.includes(c)) return ALL;
  else {
    const code = c.charCodeAt(0);
    atom = code < 128 ? { ascii: new Set([code]), wide: false } : ALL;
    end = 1;
  }
  const q = seq[end];
  if (q === '?' || q === '*' || q === '{') {
    // The first atom may be absent: what follows it can start the match too.
    if (q === '{') return ALL;
    const rest = seqFirst(seq.slice(end + 1).replace(/^\?/, ''));
    if (atom.ascii === 'all' || rest.ascii === 'all') return ALL;
    return { ascii: new Set([...atom.ascii, ...rest.ascii]), wide: atom.wide || rest.wide };
  }
  return atom;
}

function classEnd(seq: string): number {
  for (let i = 1; i < seq.length; i++) {
    if (seq[i] === '\\') i++;
    else if (seq[i] === ']') return i;
  }
  return -1;
}

function groupEnd(seq: string): number {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < seq.length; i++) {
    const c = seq[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The code units of a (non-negated) class body: literals, escapes of class-escapes, ranges; undefined if unsure. */
function classChars(body: string): FirstChars | undefined {
  const codes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    let code: number;
    if (body[i] === '\\') {
      const e = body[++i];
      if (e === undefined) return undefined;
      if (e in CLASS_ESCAPES) code = CLASS_ESCAPES[e]!;
      else if (LITERAL_ESCAPES.has(e)) code = e.charCodeAt(0);
      else return undefined;
    } else code = body.charCodeAt(i);
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const hi = body[i + 2] === '\\' ? undefined : body.charCodeAt(i + 2);
      if (hi === undefined || hi < code) return undefined;
      for (let x = code; x <= hi; x++) codes.push(x);
      i += 2;
    } else codes.push(code);
  }
  if (codes.some((x) => x >= 128)) return undefined;
  return { ascii: new Set(codes), wide: false };
}

function hintFirst(hint: ReadonlyArray<string | number>): FirstChars {
  const ascii = new Set<number>();
  let wide = false;
  for (const h of hint) {
    const code = typeof h === 'string' ? h.charCodeAt(0) : h;
    if (code < 128) ascii.add(code);
    else wide = true;
  }
  return { ascii, wide };
}

// Our custom matchers read neither the tokens so far nor the groups.
const NO_TOKENS: IToken[] = [];
const NO_GROUPS = {};

/**
 * The words of a regular expression that is only literal alternatives (`==|!=|=`, `(?:join|len)\(`), in
 * its order (a regular expression takes the first alternative that matches), or undefined.
 */
function literalAlternatives(source: string): string[] | undefined {
  let suffix = '';
  let body = source;
  const group = /^\(\?:(.*)\)((?:\\.|[^\\()[\]|.*+?{}^$])*)$/.exec(source);
  if (group) {
    body = group[1]!;
    suffix = group[2]!;
  }
  const out: string[] = [];
  for (const alt of body.split('|')) {
    const lit = unescapeLiteral(alt);
    if (lit === undefined || lit === '') return undefined;
    out.push(lit);
  }
  const tail = unescapeLiteral(suffix);
  if (tail === undefined) return undefined;
  return out.map((w) => w + tail);
}

function unescapeLiteral(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const e = s[++i];
      if (e === undefined || !LITERAL_ESCAPES.has(e)) return undefined;
      out += e;
    } else if ('()[]|.*+?{}^$'.includes(c)) return undefined;
    else out += c;
  }
  return out;
}

function matcherOf(pattern: unknown): Matcher {
  if (pattern instanceof RegExp && pattern.flags.replace(/[gy]/g, '') === '') {
    const words = literalAlternatives(pattern.source);
    if (words?.length === 1 && words[0]!.length === 1) {
      const code = words[0]!.charCodeAt(0);
      return (text, offset) => (text.charCodeAt(offset) === code ? 1 : -1);
    }
    if (words) {
      return (text, offset) => {
        for (let i = 0; i < words.length; i++) if (text.startsWith(words[i]!, offset)) return words[i]!.length;
        return -1;
      };
    }
  }
  if (pattern instanceof RegExp) {
    const sticky = new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}y`);
    return (text, offset) => {
      sticky.lastIndex = offset;
      return sticky.test(text) ? sticky.lastIndex - offset : -1;
    };
  }
  const custom = pattern as (text: string, offset: number, tokens: IToken[], groups: object) => RegExpExecArray | null;
  return (text, offset) => custom(text, offset, NO_TOKENS, NO_GROUPS)?.[0]?.length ?? -1;
}

interface Mode {
  /** Candidates in definition order, by first code unit below 128; made when that code unit is first met. */
  ascii: Array<Entry[] | undefined>;
  /** Candidates for a first code unit above 127. */
  wide: Entry[];
  /** Every entry with the code units it can start with. */
  entries: Array<{ entry: Entry; first: FirstChars }>;
}

let modes: Map<string, Mode> | undefined;

function buildModes(): Map<string, Mode> {
  const out = new Map<string, Mode>();
  for (const [name, types] of Object.entries(lexerDefinition.modes)) {
    const mode: Mode = { ascii: new Array(128).fill(undefined), wide: [], entries: [] };
    // Bad tokens are last in every mode, and where one would match the fast path gives up: leave them out.
    for (const type of types.filter((t) => !(t.CATEGORIES?.includes(Bad) ?? false))) {
      const entry: Entry = {
        type,
        match: LENGTH_MATCHERS.get(type) ?? matcherOf(type.PATTERN),
        push: type.PUSH_MODE,
        pop: type.POP_MODE === true,
        skipped: type.GROUP === Lexer.SKIPPED,
      };
      const first = type.PATTERN instanceof RegExp ? regexFirst(type.PATTERN.source) : type.START_CHARS_HINT ? hintFirst(type.START_CHARS_HINT) : ALL;
      mode.entries.push({ entry, first });
      if (first.wide || first.ascii === 'all') mode.wide.push(entry);
    }
    out.set(name, mode);
  }
  return out;
}

/**
 * The entries of `mode` that can start with code unit `c` (below 128), in definition order. Made on first use:
 * a command lexes a few dozen distinct characters, and a start-up builds each list it needs, not all 128 of
 * each mode.
 */
function candidatesOf(mode: Mode, c: number): Entry[] {
  const list: Entry[] = [];
  for (const { entry, first } of mode.entries) if (first.ascii === 'all' || first.ascii.has(c)) list.push(entry);
  mode.ascii[c] = list;
  return list;
}

/** The tokens of `text` when no character is out of place, else undefined. */
export function tokenizeWellFormed(text: string): IToken[] | undefined {
  const all = (modes ??= buildModes());
  const stack: Mode[] = [all.get(lexerDefinition.defaultMode)!];
  let mode = stack[0]!;
  const tokens: IToken[] = [];
  let offset = 0;
  const length = text.length;
  while (offset < length) {
    const c = text.charCodeAt(offset);
    const candidates = c < 128 ? (mode.ascii[c] ?? candidatesOf(mode, c)) : mode.wide;
    let entry: Entry | undefined;
    let n = -1;
    for (let i = 0; i < candidates.length; i++) {
      n = candidates[i]!.match(text, offset);
      if (n >= 0) {
        entry = candidates[i];
        break;
      }
    }
    if (entry === undefined || n === 0) return undefined;
    if (!entry.skipped) {
      tokens.push({ image: text.substring(offset, offset + n), startOffset: offset, tokenTypeIdx: entry.type.tokenTypeIdx!, tokenType: entry.type } as IToken);
    }
    offset += n;
    if (entry.pop) {
      // Chevrotain reports a pop of the last mode (a `)` that closes nothing).
      if (stack.length === 1 && entry.push === undefined) return undefined;
      stack.pop();
    }
    if (entry.push !== undefined) stack.push(all.get(entry.push)!);
    mode = stack[stack.length - 1]!;
  }
  return tokens;
}

/** The tokens of a condition and the lexing errors (from Chevrotain's lexer, asked only when there are any). */
export function tokenize(text: string): { tokens: IToken[]; errors: ILexingError[] } {
  const tokens = tokenizeWellFormed(text);
  return tokens ? { tokens, errors: [] } : conditionLexer.tokenize(text);
}
