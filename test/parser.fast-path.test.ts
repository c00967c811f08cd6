/**
 * The fast path for well-formed conditions (src/syntax/well-formed.ts) against the Chevrotain parser it stands in
 * for: wherever the fast path gives a tree, the Chevrotain parser gives the same tree (ranges included) and no
 * diagnostic; wherever the Chevrotain parser reports anything, the fast path gives up. Inputs: upstream's
 * 20,000 labelled conditions (both verdicts, every depth family), the conformance cases, the corpus, the
 * libsinsp evaluation conditions and generated conditions with mutations.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genCondition, mutate, rng } from '../scripts/lib/gen-conditions.mjs';
import { LineIndex } from '../src/syntax/lines.js';
import { DEFAULT_MAX_DEPTH, parse, parseWithChevrotain } from '../src/syntax/parser.js';
import { conditionLexer } from '../src/syntax/tokens.js';
import { parseWellFormed } from '../src/syntax/well-formed.js';
import { corpusConditions, parserCases } from './support/shared.js';

interface Input {
  input: string;
  maxDepth?: number;
}

const differential: Input[] = gunzipSync(readFileSync(new URL('./data/parser-differential.jsonl.gz', import.meta.url)))
  .toString('utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as Input);

const libsinsp: Input[] = readFileSync(new URL('./data/libsinsp-differential.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => ({ input: (JSON.parse(l) as { condition: string }).condition }));

/** The fast path's own answer (undefined: it gives up), the Chevrotain parser's, and `parse`'s. */
function both({ input, maxDepth = DEFAULT_MAX_DEPTH }: Input) {
  const lexed = conditionLexer.tokenize(input);
  const fast = lexed.errors.length === 0 && input.trim() !== '' ? parseWellFormed(lexed.tokens, new LineIndex(input), maxDepth) : undefined;
  return { fast, slow: parseWithChevrotain(input, { maxDepth }), parsed: parse(input, { maxDepth }) };
}

/** Checks every input; returns how many the fast path parsed and how many the Chevrotain parser accepted. */
function agree(inputs: Input[]): { fast: number; accepted: number } {
  let fastCount = 0;
  let accepted = 0;
  for (const c of inputs) {
    const { fast, slow, parsed } = both(c);
    if (slow.ast) accepted++;
    expect(parsed, c.input).toEqual(slow);
    if (fast === undefined) continue;
    fastCount++;
    expect(slow.diagnostics, c.input).toEqual([]);
    expect(fast, c.input).toEqual(slow.ast);
  }
  return { fast: fastCount, accepted };
}

describe('the fast path for well-formed conditions', () => {
  it('gives the Chevrotain parser\'s tree on upstream\'s labelled conditions, and gives up on every refusal', () => {
    const { fast, accepted } = agree(differential);
    expect(accepted).toBeGreaterThan(5000);
    // It declines accepted inputs only within a few frames of the depth limit (the small-limit and nested
    // families) and for upstream's list-head quirk (`in ("\q")` is an empty list): 528 of 10,538.
    expect(fast).toBeGreaterThan(accepted * 0.94);
  });

  it('parses every corpus condition itself, with the same tree', () => {
    const inputs = corpusConditions().map((c) => ({ input: c.condition, maxDepth: 1000 }));
    const { fast, accepted } = agree(inputs);
    expect(accepted).toBe(inputs.length);
    expect(fast).toBe(inputs.length);
  });

  it('agrees on the conformance cases and libsinsp\'s evaluation conditions', () => {
    const inputs = [...parserCases().map((c) => ({ input: c.input })), ...libsinsp];
    const { fast, accepted } = agree(inputs);
    expect(fast).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThanOrEqual(fast);
  });

  it('agrees on generated conditions and their mutations, at any depth limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 5, max: 200 }), (seed, maxDepth) => {
        const r = rng(seed);
        const c = genCondition(r) as string;
        agree([{ input: c, maxDepth }, { input: mutate(r, c) as string, maxDepth }, { input: c }]);
      }),
      { numRuns: 3000 },
    );
  });
});
