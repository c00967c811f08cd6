import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagramsHtml } from '../src/syntax/diagrams.js';
import { grammarProductions } from '../src/syntax/parser.js';

const read = (p: string) => readFileSync(new URL(`../grammar/${p}`, import.meta.url), 'utf8');

describe('grammar/', () => {
  it('holds syntax diagrams generated from the current parser (run `npm run grammar` when this fails)', () => {
    expect(read('diagrams.html')).toBe(diagramsHtml());
  });

  it('has an EBNF rule for every parser rule', () => {
    const ebnf = read('condition.ebnf');
    const rules = grammarProductions().map((r) => (r as unknown as { name: string }).name);
    expect(rules.length).toBeGreaterThan(15);
    const missing = rules.filter((name) => !new RegExp(`^${name}\\s+=`, 'm').test(ebnf));
    expect(missing).toEqual([]);
  });
});
