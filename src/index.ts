/**
 * falco-expr: the Falco rule condition language for JavaScript — parse, format and evaluate conditions, and
 * load and lint Falco rules files. Everything exported here runs in Node and in browsers.
 */
export type { Diagnostic, Position, Range, Severity } from './diagnostic.js';
export * from './syntax/index.js';
