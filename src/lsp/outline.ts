/** Moved to the core's cursor analysis (src/assist/outline.ts): the items of a rules file, as the editor features read them. */
export * from '../assist/outline.js';
