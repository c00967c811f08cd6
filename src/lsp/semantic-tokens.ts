import { SemanticTokensBuilder, type Range as LspRange, type SemanticTokens, type SemanticTokensDelta, type SemanticTokensLegend } from 'vscode-languageserver';
import { rulesTokens, type TokenClass, type TokenScope } from '../assist/tokens.js';
import type { RulesFile, Workspace } from './workspace.js';

/*
 * Semantic tokens for the condition language inside a rules file: in `condition:` values, the `fields` and
 * `comps` of exceptions, the `%fields` of outputs, and list names among the items of lists. The core's tokenizer (../assist/tokens.ts, the condition
 * lexer of ../syntax/tokens.ts) gives the tokens and their classes, in file offsets; this file names the classes
 * as LSP token types (the workspace's lists tell list names from bare strings) and encodes them.
 *
 * Only standard token types and modifiers, so every theme colours them without configuration.
 */

export const TOKEN_TYPES = ['property', 'parameter', 'operator', 'modifier', 'keyword', 'function', 'macro', 'type', 'string', 'number'] as const;
export const TOKEN_MODIFIERS = ['deprecated'] as const;
export type TokenKind = (typeof TOKEN_TYPES)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const TYPE_INDEX = new Map<string, number>(TOKEN_TYPES.map((t, i) => [t, i]));

const KIND_OF: Partial<Record<TokenClass, TokenKind>> = {
  field: 'property', argument: 'parameter', operator: 'operator', modifier: 'modifier', keyword: 'keyword', transformer: 'function',
  macro: 'macro', list: 'type', string: 'string', number: 'number',
};

/** A token in file coordinates. */
export interface FileToken {
  line: number;
  char: number;
  length: number;
  kind: TokenKind;
  deprecated: boolean;
}

/** The tokens of a whole rules file, sorted. */
export function fileTokens(ws: Workspace, file: RulesFile): FileToken[] {
  const text = file.doc.getText();
  const loaded = safe(() => ws.current(file).set);
  const scope: TokenScope = {
    isList: (name) => ws.definers('list', name).length > 0 || !!loaded?.lists.has(name),
    isDeprecated: (field) => !!ws.catalog.resolve(field)?.field.deprecated,
  };
  const out: FileToken[] = [];
  for (const t of rulesTokens(text, scope, ws.outline(file))) {
    const kind = KIND_OF[t.cls];
    if (!kind) continue;
    const p = file.doc.positionAt(t.start);
    const q = file.doc.positionAt(t.end);
    if (p.line === q.line && q.character > p.character) out.push({ line: p.line, char: p.character, length: q.character - p.character, kind, deprecated: !!t.deprecated });
  }
  return out;
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** Full, range and delta requests, with one builder per document so that deltas can be computed. */
export class SemanticTokensProvider {
  private readonly builders = new Map<string, SemanticTokensBuilder>();

  constructor(private readonly ws: Workspace) {}

  private encode(tokens: FileToken[], builder: SemanticTokensBuilder): void {
    for (const t of tokens) builder.push(t.line, t.char, t.length, TYPE_INDEX.get(t.kind)!, t.deprecated ? 1 : 0);
  }

  full(file: RulesFile): SemanticTokens {
    const builder = new SemanticTokensBuilder();
    this.builders.set(file.uri, builder);
    this.encode(fileTokens(this.ws, file), builder);
    return builder.build();
  }

  delta(file: RulesFile, previousResultId: string): SemanticTokens | SemanticTokensDelta {
    const builder = this.builders.get(file.uri);
    if (!builder) return this.full(file);
    builder.previousResult(previousResultId);
    this.encode(fileTokens(this.ws, file), builder);
    return builder.canBuildEdits() ? builder.buildEdits() : builder.build();
  }

  range(file: RulesFile, range: LspRange): SemanticTokens {
    const builder = new SemanticTokensBuilder();
    const inRange = (t: FileToken) =>
      (t.line > range.start.line || (t.line === range.start.line && t.char + t.length > range.start.character)) &&
      (t.line < range.end.line || (t.line === range.end.line && t.char < range.end.character));
    this.encode(fileTokens(this.ws, file).filter(inRange), builder);
    return builder.build();
  }

  forget(uri: string): void {
    this.builders.delete(uri);
  }
}
