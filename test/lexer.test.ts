/**
 * The lexer of src/syntax/lexer.ts (the common case, no character out of place) against Chevrotain's lexer over the
 * same definition: the same tokens (type, text, offset) wherever Chevrotain has no error and makes no `Bad` token,
 * and a refusal everywhere else. Inputs: upstream's 20,000 labelled conditions, the conformance cases, libsinsp's
 * evaluation conditions, the corpus, generated conditions and their mutations, and random text over the
 * characters that matter to the lexer.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genCondition, mutate, rng } from '../scripts/lib/gen-conditions.mjs';
import { tokenizeWellFormed } from '../src/syntax/lexer.js';
import { Bad, conditionLexer } from '../src/syntax/tokens.js';
import { corpusConditions, parserCases } from './support/shared.js';

const differential: string[] = gunzipSync(readFileSync(new URL('./data/parser-differential.jsonl.gz', import.meta.url)))
  .toString('utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => (JSON.parse(l) as { input: string }).input);

const libsinsp: string[] = readFileSync(new URL('./data/libsinsp-differential.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => (JSON.parse(l) as { condition: string }).condition);

const shape = (tokens: Array<{ tokenType: { name: string }; image: string; startOffset: number }>) =>
  tokens.map((t) => `${t.tokenType.name} ${t.startOffset} ${JSON.stringify(t.image)}`);

/** Checks one text; true when the fast lexer took it. */
function agree(text: string): boolean {
  const mine = tokenizeWellFormed(text);
  const chevrotain = conditionLexer.tokenize(text);
  const clean = chevrotain.errors.length === 0 && !chevrotain.tokens.some((t) => t.tokenType.CATEGORIES?.includes(Bad));
  expect(mine !== undefined, JSON.stringify(text)).toBe(clean);
  if (mine) expect(shape(mine), JSON.stringify(text)).toEqual(shape(chevrotain.tokens));
  return mine !== undefined;
}

const count = (texts: string[]) => texts.filter(agree).length;

describe('the lexer for well-formed text', () => {
  it('makes Chevrotain\'s tokens on upstream\'s conditions and refuses exactly where Chevrotain reports or makes a Bad token', () => {
    expect(count(differential)).toBeGreaterThan(10_000);
  });

  it('takes every corpus condition, and agrees on the conformance cases and libsinsp\'s conditions', () => {
    const corpus = corpusConditions().map((c) => c.condition);
    expect(count(corpus)).toBe(corpus.length);
    expect(count([...parserCases().map((c) => c.input), ...libsinsp])).toBeGreaterThan(0);
  });

  it('agrees on generated conditions, their mutations and random text', () => {
    const chars = [...'abnotrdsex.in(),[]"\'\\=!<>+-0x9_ \t\n\r\b\v\f', 'é', '日', '🙂', '\u0000'];
    const text = fc.array(fc.constantFrom(...chars, 'and ', 'or ', 'not ', 'in ', 'exists', 'contains ', 'oneof ', 'val(', 'tolower(', 'a.b', '0x1f', '1.5e+3'), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), text, fc.string({ maxLength: 20 }), (seed, t, s) => {
        const r = rng(seed);
        const c = genCondition(r) as string;
        for (const x of [c, mutate(r, c) as string, t, s]) agree(x);
      }),
      { numRuns: 3000 },
    );
  });
});
