/**
 * The cursor analysis shared by every front end (language server, REPL, playground): where the cursor stands
 * in a condition or a rules file, and what may come next (completion), what the word under it is (hover), the
 * transformer call around it (signature help), and the tokens of the text for highlighting.
 */
export type { AssistContext } from './context.js';
export { definitionMaps } from './context.js';
export {
  completeCondition, completeOutput, completeRules,
  type CompletionEntry, type CompletionKind, type Completions, type CursorPlace, type ConditionScope,
} from './completion.js';
export { documentationOf } from './docs.js';
export { hoverCondition, hoverRules, type HoverInfo, type HoverSubject } from './hover.js';
export { signatureAt, signatureInRules, type SignatureInfo } from './signature.js';
export { conditionTokens, outputTokens, rulesTokens, type HighlightToken, type TokenClass, type TokenScope } from './tokens.js';
export type { Expectation } from './cursor.js';
