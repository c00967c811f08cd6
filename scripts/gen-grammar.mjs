// `npm run grammar`: writes grammar/diagrams.html, the railroad diagrams of the Chevrotain grammar.
// test/grammar.test.ts fails when the checked-in file differs from what this produces.
import { writeFileSync } from 'node:fs';
import { diagramsHtml } from '../dist/syntax/diagrams.js';

const out = new URL('../grammar/diagrams.html', import.meta.url);
writeFileSync(out, diagramsHtml());
console.log(`wrote ${out.pathname}`);
