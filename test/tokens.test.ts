import { Lexer } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { conditionLexer, LEXER_OPTIONS, lexerDefinition } from '../src/syntax/tokens.js';

describe('the condition lexer', () => {
  it('passes Chevrotain\'s validations of its definition (skipped when the shipped lexer is built)', () => {
    const validated = new Lexer(lexerDefinition, { ...LEXER_OPTIONS, skipValidations: false, deferDefinitionErrorsHandling: true });
    expect(validated.lexerDefinitionErrors).toEqual([]);
    // The same tokens as the shipped lexer, on input that visits every mode.
    const text = 'not (a.b[x] exists and c.d in (e, "f")) or tolower(g.h) startswith val(i.j) and k.l contains oneof m and n.o >= 0x1f or p';
    const names = (l: Pick<Lexer, 'tokenize'>) => l.tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
    expect(names(validated)).toEqual(names(conditionLexer));
    expect(validated.tokenize(text).errors).toEqual([]);
  });
});
