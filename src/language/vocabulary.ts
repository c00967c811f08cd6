/**
 * The words of the Falco condition language, as data: operators (with the right-hand side each takes and the
 * field types each accepts), modifiers, transformers (with their signatures), the boolean keywords, and a
 * one-line description of each. The lexer, parser, printer, checker, loader, linter, language server, REPL and
 * playground all read their words from here: adding an operator or a transformer is one entry here plus its
 * semantics (`src/eval/compare.ts`, `src/eval/transformers.ts`).
 *
 * Facts from libsinsp: `filter/parser.cpp` (which operator takes which right side), `filter_compare.cpp`
 * (`str_to_cmpop`, `flt_is_comparable`), `sinsp_filter_transformers/` and the multi-value transformers.
 * Pure data: no Node built-ins, safe in a browser.
 */

/** How a type is compared: the groups of libsinsp's `flt_is_comparable`. */
export type ComparisonClass = 'numeric' | 'bool' | 'string' | 'buffer' | 'ip' | 'other';

/**
 * The right-hand side an operator takes in the grammar: none (`exists`), a number-like value (`<` …), a
 * string value (`=`, `contains` …, and only these may carry a modifier), or a list (`in`, `intersects`, `pmatch`).
 */
export type OperatorKind = 'unary' | 'numeric' | 'string' | 'list';

export interface OperatorWord {
  /** The operator as written. */
  readonly word: string;
  readonly kind: OperatorKind;
  /** The operator it is a spelling of (`==` is `=`); upstream prints that one. */
  readonly same?: string;
  /**
   * The comparison classes whose fields accept it (`flt_is_comparable`), and `list` when list fields do.
   * `exists` accepts every field.
   */
  readonly accepts: readonly (ComparisonClass | 'list')[] | 'all';
  /** Whether `oneof`/`anyof`/`allof` may follow it (the string operators of the grammar). */
  readonly modifiers: boolean;
  /** Its values are bytes written in hex (`bcontains 0a0b`). */
  readonly hex?: boolean;
  /** Its right-hand side may not be another field (`proc.name regex val(proc.pname)` is refused). */
  readonly noFieldOperand?: true;
  /** A few words, for completion lists. */
  readonly short: string;
  /** One sentence, for hovers and completion documentation. */
  readonly doc: string;
}

const op = (o: OperatorWord) => o;

/** Every operator, in the order upstream's messages list them. */
export const OPERATORS: readonly OperatorWord[] = [
  op({ word: 'exists', kind: 'unary', accepts: 'all', modifiers: false, short: 'the field has a value', doc: 'The field has a value in this event.' }),
  op({ word: '=', kind: 'string', accepts: ['numeric', 'bool', 'string', 'buffer', 'ip'], modifiers: true, short: 'equal', doc: 'Equal (numbers compare as numbers, addresses as addresses).' }),
  op({ word: '==', kind: 'string', same: '=', accepts: ['numeric', 'bool', 'string', 'buffer', 'ip'], modifiers: true, short: 'equal', doc: 'Equal; the same as `=`.' }),
  op({ word: '!=', kind: 'string', accepts: ['numeric', 'bool', 'string', 'buffer', 'ip'], modifiers: true, short: 'not equal', doc: 'Not equal.' }),
  op({ word: '<', kind: 'numeric', accepts: ['numeric', 'string'], modifiers: false, short: 'less than', doc: 'Less than (numbers; strings compare byte by byte).' }),
  op({ word: '<=', kind: 'numeric', accepts: ['numeric', 'string'], modifiers: false, short: 'at most', doc: 'Less than or equal.' }),
  op({ word: '>', kind: 'numeric', accepts: ['numeric', 'string'], modifiers: false, short: 'greater than', doc: 'Greater than.' }),
  op({ word: '>=', kind: 'numeric', accepts: ['numeric', 'string'], modifiers: false, short: 'at least', doc: 'Greater than or equal.' }),
  op({ word: 'contains', kind: 'string', accepts: ['string', 'buffer'], modifiers: true, short: 'substring', doc: 'The string contains the value.' }),
  op({ word: 'icontains', kind: 'string', accepts: ['string'], modifiers: true, short: 'substring, any case', doc: 'The string contains the value, ignoring ASCII case.' }),
  op({ word: 'bcontains', kind: 'string', accepts: ['buffer'], modifiers: true, hex: true, short: 'bytes (hex)', doc: 'The bytes contain the value, written in hex (`bcontains 0a0b`).' }),
  op({ word: 'startswith', kind: 'string', accepts: ['string', 'buffer'], modifiers: true, short: 'prefix', doc: 'The string starts with the value.' }),
  op({ word: 'bstartswith', kind: 'string', accepts: ['buffer'], modifiers: true, hex: true, short: 'prefix bytes (hex)', doc: 'The bytes start with the value, written in hex.' }),
  op({ word: 'endswith', kind: 'string', accepts: ['string', 'buffer'], modifiers: true, short: 'suffix', doc: 'The string ends with the value.' }),
  op({ word: 'glob', kind: 'string', accepts: ['string'], modifiers: true, short: 'wildcard pattern', doc: 'The string matches a shell glob (`*`, `?`, `[...]`).' }),
  op({ word: 'iglob', kind: 'string', accepts: ['string'], modifiers: true, short: 'wildcard, any case', doc: 'The string matches a shell glob, ignoring case.' }),
  op({ word: 'regex', kind: 'string', accepts: ['string'], modifiers: true, noFieldOperand: true, short: 'RE2 regular expression', doc: 'The whole string matches an RE2 regular expression (POSIX syntax): `proc.name regex "ba.*"`.' }),
  op({ word: 'in', kind: 'list', accepts: ['numeric', 'bool', 'string', 'buffer', 'ip', 'list'], modifiers: false, short: 'one of a list', doc: 'The value is one of the list `(a, b, ...)` or a list name; for list fields: every item is in it.' }),
  op({ word: 'intersects', kind: 'list', accepts: ['numeric', 'bool', 'string', 'buffer', 'ip', 'list'], modifiers: false, short: 'lists share a value', doc: 'A list field shares at least one item with the list.' }),
  op({ word: 'pmatch', kind: 'list', accepts: ['string'], modifiers: false, noFieldOperand: true, short: 'path prefix in a list', doc: 'The path is one of the paths of the list, or below one of them.' }),
];

const BY_WORD = new Map(OPERATORS.map((o) => [o.word, o]));

/** The operator written `word`, or undefined. */
export function operator(word: string): OperatorWord | undefined {
  return BY_WORD.get(word);
}

/** The words of the operators of one kind, e.g. the list operators `in`, `intersects`, `pmatch`. */
export function operatorWords(kind?: OperatorKind): string[] {
  return OPERATORS.filter((o) => kind === undefined || o.kind === kind).map((o) => o.word);
}

/** `==` → `=`: the spelling upstream prints (`cmpop_to_str`). */
export function canonicalOperator(word: string): string {
  return BY_WORD.get(word)?.same ?? word;
}

/** Whether a field of class `cls` (or a list field) accepts the operator; unknown words are accepted by nothing. */
export function operatorAccepts(word: string, cls: ComparisonClass | 'list'): boolean {
  const o = BY_WORD.get(word);
  if (!o) return false;
  return o.accepts === 'all' || o.accepts.includes(cls);
}

export interface ModifierWord {
  readonly word: string;
  readonly doc: string;
}

/** The modifiers a string operator may take: `proc.name startswith oneof (a, b)`. */
export const MODIFIERS: readonly ModifierWord[] = [
  { word: 'oneof', doc: 'The operator holds for exactly one value of the list: `proc.name startswith oneof (a, b)`.' },
  { word: 'anyof', doc: 'The operator holds for at least one value of the list: `proc.name contains anyof (a, b)`.' },
  { word: 'allof', doc: 'The operator holds for every value of the list: `proc.cmdline contains allof (-c, curl)`.' },
];
export const MODIFIER_WORDS: readonly string[] = MODIFIERS.map((m) => m.word);

export function modifier(word: string): ModifierWord | undefined {
  return MODIFIERS.find((m) => m.word === word);
}

/** Splits an operator text such as `contains oneof` into the operator and its modifier. */
export function splitOperator(text: string): { op: string; modifier?: string } {
  const space = text.indexOf(' ');
  if (space < 0) return { op: text };
  return { op: text.slice(0, space), modifier: text.slice(space + 1) };
}

// ---------------------------------------------------------------------------------------------
// Transformers

export interface TransformerParam {
  name: string;
  /** Accepted `PT_*` types, or `any`. */
  types: readonly string[] | 'any';
  /** Accepted `PT_*` types when the argument is a list, when they differ from `types`. */
  listTypes?: readonly string[] | 'any';
  /** Whether the argument must be a list (`list`), must not be (`scalar`), or either. */
  shape: 'list' | 'scalar' | 'either';
}

export interface TransformerSignature {
  name: string;
  /** `single`: one argument; `multi`: join/concat/getopt; `identity`: val. */
  kind: 'single' | 'multi' | 'identity';
  /** e.g. `join(separator, list)`. */
  label: string;
  params: readonly TransformerParam[];
  minArgs: number;
  /** `Infinity` for `concat`. */
  maxArgs: number;
  /** Result: a fixed type, or `same` as the input. */
  result: { type: string | 'same'; isList: boolean | 'same' };
  /** Whether a trailing `[arg]` is accepted (only `getopt`, which then returns a scalar). */
  fieldArg: boolean;
  /** Whether the result stops at the first NUL of a string (libsinsp's single-argument string transformers). */
  nulTerminated?: boolean;
  summary: string;
  /** Not in Falco's grammar for this position, or our extension: notes for hover/docs. */
  notes?: readonly string[];
}

const STRING_PT = ['PT_CHARBUF', 'PT_FSPATH', 'PT_FSRELPATH'] as const;

/** Every transformer (`val` last: it is written on the right side only), with its signature. */
export const TRANSFORMERS: readonly TransformerSignature[] = [
  {
    name: 'tolower', kind: 'single', label: 'tolower(value)', minArgs: 1, maxArgs: 1, fieldArg: false, nulTerminated: true,
    params: [{ name: 'value', types: STRING_PT, shape: 'either' }],
    result: { type: 'same', isList: 'same' },
    summary: 'ASCII letters A-Z become lower case; other bytes are kept. Lists are converted item by item.',
  },
  {
    name: 'toupper', kind: 'single', label: 'toupper(value)', minArgs: 1, maxArgs: 1, fieldArg: false, nulTerminated: true,
    params: [{ name: 'value', types: STRING_PT, shape: 'either' }],
    result: { type: 'same', isList: 'same' },
    summary: 'ASCII letters a-z become upper case; other bytes are kept. Lists are converted item by item.',
  },
  {
    name: 'b64', kind: 'single', label: 'b64(value)', minArgs: 1, maxArgs: 1, fieldArg: false, nulTerminated: true,
    params: [{ name: 'value', types: ['PT_CHARBUF', 'PT_BYTEBUF'], shape: 'either' }],
    result: { type: 'same', isList: 'same' },
    summary: 'Decodes standard base64 (padding optional). Text that is not valid base64 gives no value.',
  },
  {
    name: 'basename', kind: 'single', label: 'basename(path)', minArgs: 1, maxArgs: 1, fieldArg: false, nulTerminated: true,
    params: [{ name: 'path', types: STRING_PT, shape: 'either' }],
    result: { type: 'same', isList: 'same' },
    summary: 'The text after the last "/" ("" when the path ends with "/", the whole text when there is no "/").',
  },
  {
    name: 'len', kind: 'single', label: 'len(value)', minArgs: 1, maxArgs: 1, fieldArg: false,
    params: [{ name: 'value', types: ['PT_CHARBUF', 'PT_FSPATH', 'PT_FSRELPATH', 'PT_BYTEBUF'], listTypes: 'any', shape: 'either' }],
    result: { type: 'PT_UINT64', isList: false },
    summary:
      'Length as a number: bytes of a string (up to the first NUL), bytes of a buffer, or the item count of a list. ' +
      'Scalars must be strings, paths or buffers; lists may have any type.',
  },
  {
    name: 'join', kind: 'multi', label: 'join(separator, list)', minArgs: 2, maxArgs: 2, fieldArg: false,
    params: [
      { name: 'separator', types: 'any', shape: 'scalar' },
      { name: 'list', types: 'any', shape: 'list' },
    ],
    result: { type: 'PT_CHARBUF', isList: false },
    summary: 'The list items joined by the separator into one string; an empty list gives "".',
    notes: ['The field-first form join(list, separator) is a falco-expr extension; Falco expects join(separator, list).'],
  },
  {
    name: 'concat', kind: 'multi', label: 'concat(a, b, ...)', minArgs: 2, maxArgs: Infinity, fieldArg: false,
    params: [{ name: 'string', types: ['PT_CHARBUF'], shape: 'scalar' }],
    result: { type: 'PT_CHARBUF', isList: false },
    summary: 'The arguments appended into one string; no value if any argument has none. Path-typed fields are refused.',
  },
  {
    name: 'getopt', kind: 'multi', label: 'getopt(args, optstring)[option]', minArgs: 2, maxArgs: 2, fieldArg: true,
    params: [
      { name: 'args', types: ['PT_CHARBUF'], shape: 'list' },
      { name: 'optstring', types: ['PT_CHARBUF'], shape: 'scalar' },
    ],
    result: { type: 'PT_CHARBUF', isList: true },
    summary:
      'Parses short options of a command line like POSIX getopt. Without [option]: a list of option characters, ' +
      'each followed by its argument ("?" for unknown options). With [c]: the value of the last -c (or "c" for a ' +
      'flag); no value when -c is absent.',
  },
  {
    name: 'val', kind: 'identity', label: 'val(field)', minArgs: 1, maxArgs: 1, fieldArg: false,
    params: [{ name: 'field', types: 'any', shape: 'either' }],
    result: { type: 'same', isList: 'same' },
    summary: 'Compares against the value of another field of the same event (right-hand side only).',
  },
];

const TRANSFORMER_BY_NAME = new Map(TRANSFORMERS.map((t) => [t.name, t]));

/** The signature of a transformer (`val` included), or `undefined` for an unknown name. */
export function transformerSignature(name: string): TransformerSignature | undefined {
  return TRANSFORMER_BY_NAME.get(name);
}

/** The transformers that may wrap a field (every one but `val`). */
export const TRANSFORMER_NAMES: readonly string[] = TRANSFORMERS.filter((t) => t.kind !== 'identity').map((t) => t.name);

// ---------------------------------------------------------------------------------------------
// Keywords

export const KEYWORDS = {
  and: 'Both sides hold.',
  or: 'At least one side holds.',
  not: 'The check after it does not hold.',
} as const;
export type Keyword = keyof typeof KEYWORDS;

/** One alternation of words for a regular expression, longest first so that `<=` wins over `<`. */
export function wordsPattern(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}
