/** Moved to the core's cursor analysis (src/assist/cursor.ts). */
export * from '../assist/cursor.js';
