// Chevrotain's own checks of our lexer definition and grammar: the shipped lexer and parser are built without
// them (they cost start-up time), so they run here.
import { Lexer } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { checkGrammar, parse } from '../src/syntax/parser.js';
import { conditionLexer, LEXER_OPTIONS, lexerDefinition } from '../src/syntax/tokens.js';

describe('Chevrotain\'s checks', () => {
  it('pass on the lexer definition (skipped when the shipped lexer is built)', () => {
    const validated = new Lexer(lexerDefinition, { ...LEXER_OPTIONS, skipValidations: false, deferDefinitionErrorsHandling: true });
    expect(validated.lexerDefinitionErrors).toEqual([]);
    // The same tokens as the shipped lexer, on input that visits every mode.
    const text = 'not (a.b[x] exists and c.d in (e, "f")) or tolower(g.h) startswith val(i.j) and k.l contains oneof m and n.o >= 0x1f or p';
    const names = (l: Pick<Lexer, 'tokenize'>) => l.tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
    expect(names(validated)).toEqual(names(conditionLexer));
    expect(validated.tokenize(text).errors).toEqual([]);
  });

  it('pass on the grammar (skipped when the shipped parser is built)', () => {
    expect(() => checkGrammar()).not.toThrow();
    // And the shipped parser, built without them, still recovers and reports.
    expect(parse('a.b = and c').diagnostics.length).toBeGreaterThan(0);
  });
});
