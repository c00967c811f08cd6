/**
 * The vocabulary module is the one place the language's words are spelled out: the lexer, the parser and the
 * type check follow it, and no other source file spells a word out, except the semantics that implement it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOperator } from '../src/language/types.js';
import { MODIFIERS, OPERATORS, TRANSFORMERS, canonicalOperator, operator, operatorWords } from '../src/language/vocabulary.js';
import { parse } from '../src/syntax/parser.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

describe('the vocabulary drives the parser', () => {
  it.each(OPERATORS.map((o) => o.word))('parses the operator %s with the right-hand side its kind takes', (word) => {
    const o = operator(word)!;
    const right = o.kind === 'unary' ? '' : o.kind === 'list' ? ' (a, b)' : o.kind === 'numeric' ? ' 3' : ' x';
    const r = parse(`proc.name ${word}${right}`);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast).toMatchObject({ kind: o.kind === 'unary' ? 'unary_check' : 'binary_check', op: word });
  });

  it.each(OPERATORS.map((o) => o.word))('accepts a modifier after %s exactly when the vocabulary says so', (word) => {
    const o = operator(word)!;
    for (const m of MODIFIERS) {
      const r = parse(`proc.name ${word} ${m.word} (a, b)`);
      expect(r.diagnostics.length === 0, `${word} ${m.word}`).toBe(o.modifiers);
      if (o.modifiers) expect(r.ast).toMatchObject({ op: `${word} ${m.word}` });
    }
  });

  it.each(TRANSFORMERS.filter((t) => t.kind !== 'identity').map((t) => t.name))('parses the transformer %s on the left', (name) => {
    expect(parse(`${name}(proc.name) = x`).diagnostics).toEqual([]);
  });

  it('a word that is not in the vocabulary is no operator', () => {
    expect(parse('proc.name startwith x').diagnostics).not.toEqual([]);
    expect(parse('proc.name containsx x').diagnostics).not.toEqual([]);
  });
});

describe('the type check reads the vocabulary', () => {
  it('accepts an operator for a class exactly when the operator lists the class', () => {
    const sample = { numeric: 'INT64', bool: 'BOOL', string: 'CHARBUF', buffer: 'BYTEBUF', ip: 'IPADDR' } as const;
    for (const o of OPERATORS) {
      for (const [cls, type] of Object.entries(sample)) {
        const accepted = o.accepts === 'all' || o.accepts.includes(cls as keyof typeof sample);
        expect(checkOperator(o.word, undefined, type, false) === undefined, `${o.word} on ${type}`).toBe(accepted);
      }
      const onList = o.accepts === 'all' || o.accepts.includes('list');
      expect(checkOperator(o.word, undefined, 'CHARBUF', true) === undefined, `${o.word} on a list`).toBe(onList);
    }
  });

  it('names `==` as `=`, as upstream prints it', () => {
    expect(canonicalOperator('==')).toBe('=');
    expect(checkOperator('==', undefined, 'CHARBUF', true)).toContain("'='");
  });

  it('lists every operator once, grouped by kind', () => {
    const words = operatorWords();
    expect(new Set(words).size).toBe(words.length);
    expect(operatorWords('list')).toEqual(['in', 'intersects', 'pmatch']);
  });
});

describe('no other source file spells the words out', () => {
  // The vocabulary and at most two files of semantics (e.g. the comparison and the constant parser).
  const words = ['bstartswith', 'bcontains', 'icontains', 'glob', 'iglob', 'tolower', 'toupper', 'b64', 'basename', 'concat', 'getopt', 'anyof', 'allof'];
  const files = [...sources('src'), ...sources('playground/src')]
    .filter((f) => !f.endsWith('language/vocabulary.ts') && !f.includes('fields/descriptions') && !f.includes('fields/generated'))
    .map((f) => ({ f, text: readFileSync(f, 'utf8') }));
  it.each(words)('%s appears as a literal in at most two files besides the vocabulary', (word) => {
    const literal = new RegExp(`['"\`]${word}['"\`]`);
    const hits = files.filter(({ text }) => literal.test(text)).map(({ f }) => f);
    expect(hits.length, hits.join(', ')).toBeLessThanOrEqual(2);
  });
});

describe('the cursor analysis and the front ends spell no word of the language', () => {
  // They read operators, modifiers and transformers from the vocabulary: src/assist computes completion, hover,
  // signature help and tokens; the language server, the REPL and the playground present them.
  const words = [
    ...OPERATORS.map((o) => o.word).filter((w) => /^[a-z]+$/.test(w)),
    ...MODIFIERS.map((m) => m.word),
    ...TRANSFORMERS.map((t) => t.name),
  ];
  // Allowed: the quick fixes (src/lsp/actions.ts) that put the arguments of `join` in Falco's order and a list name
  // in parentheses name the transformer and the operator they fix.
  const allowed = new Set(['src/lsp/actions.ts join', 'src/lsp/actions.ts in']);
  const files = [...sources('src/assist'), ...sources('src/lsp'), ...sources('src/repl'), ...sources('playground/src')].map((f) => ({ f, text: readFileSync(f, 'utf8') }));
  it.each(words)('%s', (word) => {
    const literal = new RegExp(`['"\`]${word}['"\`]`);
    const hits = files.filter(({ f, text }) => literal.test(text) && !allowed.has(`${f} ${word}`)).map(({ f }) => f);
    expect(hits, hits.join(', ')).toEqual([]);
  });
});
