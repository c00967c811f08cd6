/** Moved to the core (src/assist/docs.ts): the texts of completion items and hovers. */
export * from '../assist/docs.js';
