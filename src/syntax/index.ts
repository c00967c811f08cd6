export * from './ast.js';
export { parse, positionAt, DEFAULT_MAX_DEPTH, FALCO_MAX_DEPTH, type ParseOptions, type ParseResult } from './parser.js';
export { format } from './printer.js';
export { stripRanges } from './strip.js';
export { unescapeQuoted, quote } from './escape.js';
