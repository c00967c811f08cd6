import {
  EmbeddedActionsParser,
  EOF,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import { RELATED_POSITION, type Diagnostic, type Position, type Range } from '../diagnostic.js';
import { operatorWords, TRANSFORMER_NAMES } from '../language/vocabulary.js';
import type {
  BinaryCheckExpr,
  Expr,
  FieldExpr,
  FieldTransformerExpr,
  ListExpr,
  TransformerListExpr,
  ValueExpr,
} from './ast.js';
import { unescapeQuoted } from './escape.js';
import { LineIndex } from './lines.js';
import * as T from './tokens.js';
import { tokenize } from './lexer.js';
import { parseWellFormed } from './well-formed.js';

/*
 * The parser builds the tree directly in the grammar actions (Chevrotain's EmbeddedActionsParser): no
 * concrete syntax tree is materialised, which keeps parsing fast. Error recovery is on, so one pass reports
 * several mistakes; when there is any error no tree is returned.
 */

/** libsinsp's parser refuses input nested deeper than this many recursion frames by default. */
export const DEFAULT_MAX_DEPTH = 100;
/** Falco's rule loader raises the limit for rule and macro conditions (falco `rule_loader_compiler.cpp`). */
export const FALCO_MAX_DEPTH = 1000;

export interface ParseOptions {
  /**
   * Recursion limit, counted in upstream's parser frames (each nested parenthesis costs five). Default 100
   * (libsinsp's default); Falco uses 1000 for rules and macros.
   */
  maxDepth?: number;
}

export interface ParseResult {
  ast?: Expr;
  diagnostics: Diagnostic[];
}

/** Arguments of a list's first element (allocated once). */
const LENIENT = { ARGS: [true] as [boolean] };

class DepthExceeded extends Error {
  /** `previous`: the last token consumed (upstream's cursor stands right after it); `token`: the next one. */
  constructor(readonly previous: IToken, readonly token: IToken) {
    super('depth');
  }
}

const OPERATOR_LIST = operatorWords().join(', ');

function describe(tok: IToken): string {
  if (tok.tokenType === EOF) return 'the end of the condition';
  const c = tok.image[0];
  if ((c === '"' || c === "'") && tok.tokenType.CATEGORIES?.includes(T.Bad)) {
    return `a quoted string that is never closed (no matching ${c})`;
  }
  return `'${tok.image}'`;
}

const RULE_EXPECTATIONS: Record<string, string> = {
  check: "a field check, a macro name or '('",
  notExpr: "a field check, a macro name or '('",
  condition: `an operator (${OPERATOR_LIST})`,
  numValue: 'a number or a transformer such as tolower(…) or val(…)',
  strValue: 'a string value or a transformer such as tolower(…) or val(…)',
  listValue: "a list '(…)', a list name or a transformer such as val(…)",
  modifierList: "a list '(…)' or a list name",
  transformer: "a transformer argument: a field, a transformer, a quoted string, a number or a list '(…)'",
  fieldArg: 'a field argument: a quoted string or a bare string',
  stringLiteral: 'a string value',
  transformerOrVal: 'a transformer',
};

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    if (ruleName === 'valCall' && expected === T.FieldName) return `expected a field inside 'val(…)', found ${describe(actual)}`;
    const what = RULE_EXPECTATIONS[ruleName] && expected !== T.RParen && expected !== T.RBracket
      ? RULE_EXPECTATIONS[ruleName]
      : (expected.LABEL ?? expected.name);
    return `expected ${what}, found ${describe(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describe(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, ruleName, customUserDescription }) {
    return `expected ${customUserDescription ?? RULE_EXPECTATIONS[ruleName] ?? 'something else'}, found ${describe(actual[0]!)}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    return `expected ${RULE_EXPECTATIONS[ruleName] ?? 'something else'}, found ${describe(actual[0]!)}`;
  },
};

/* The lexer tracks offsets only (cheaper); lines and columns come from the offsets. */
let lines = new LineIndex('');

function posAt(offset: number): Position {
  return lines.positionAt(offset);
}

function startOf(t: IToken): Position {
  return posAt(t.startOffset);
}
function endOf(t: IToken): Position {
  return posAt(t.startOffset + t.image.length);
}
function tokRange(a: IToken, b: IToken = a): Range {
  return { start: startOf(a), end: endOf(b) };
}

class ConditionParser extends EmbeddedActionsParser {
  maxDepth = DEFAULT_MAX_DEPTH;
  private depth = 0;
  /** Errors found by grammar actions (bad escapes, misplaced brackets), reported with the syntax errors. */
  actionErrors: Array<{ message: string; range: Range }> = [];
  /** The '(' a missing ')' would close, by the token found instead: the diagnostic's related location. */
  unclosed = new Map<IToken, { open: IToken; template: string }>();

  /**
   * Chevrotain's checks of the grammar (ambiguities, left recursion…) cost more than the rest of building the
   * parser; they run when `validate` is set (test/chevrotain.test.ts, through `checkGrammar`), not in use.
   */
  constructor(validate = false) {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 2, errorMessageProvider: errorMessages, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  override reset(): void {
    super.reset();
    this.depth = 0;
    this.actionErrors = [];
    this.unclosed = new Map();
    this.pendingEscapeError = undefined;
  }

  /** Mirrors libsinsp's recursion guard: `frames` more frames must stay below the limit. */
  private enter(frames = 1): void {
    this.depth += frames;
    if (this.depth >= this.maxDepth && !this.RECORDING_PHASE) throw new DepthExceeded(this.LA(0), this.LA(1));
  }
  private leave(frames = 1): void {
    this.depth -= frames;
  }

  /**
   * Runs a tree-building action. After a syntax error, recovery hands actions missing children; the tree is
   * discarded then anyway, so a failing action yields a placeholder instead of an exception.
   */
  private build<R>(action: () => R): R {
    if (this.RECORDING_PHASE) return undefined as R;
    try {
      return action();
    } catch (e) {
      if (this.errors.length > 0 || this.actionErrors.length > 0) return undefined as R;
      throw e;
    }
  }

  private fail(message: string, range: Range): void {
    this.actionErrors.push({ message, range });
  }

  /** Consumes the `)` of `open`; `second` for a second closing parenthesis in the same rule. */
  private closing(open: IToken, close: TokenType, what: string, second = false): IToken {
    const next = this.LA(1);
    const consume = (opts?: { ERR_MSG: string }) => (second ? this.CONSUME2(close, opts) : this.CONSUME(close, opts));
    if (this.RECORDING_PHASE || next.tokenType === close || T.RParen === close && this.tokenMatches(next, T.RParen)) {
      return consume();
    }
    const template = `expected ')' to close ${what} opened at ${RELATED_POSITION}, found ${describe(next)}`;
    this.unclosed.set(next, { open, template });
    return consume({ ERR_MSG: template.replace(RELATED_POSITION, `${startOf(open).line}:${startOf(open).column}`) });
  }

  private tokenMatches(tok: IToken, type: TokenType): boolean {
    return tok.tokenType === type || (tok.tokenType.CATEGORIES?.includes(type) ?? false);
  }

  /** Text of a quoted string, unescaped; an escape error is reported at the token (or kept, with `lenient`). */
  private quoted(tok: IToken, lenient = false): string {
    if (this.RECORDING_PHASE || tok.isInsertedInRecovery) return '';
    const r = unescapeQuoted(tok.image);
    if (r.error !== undefined) {
      if (lenient) this.pendingEscapeError = { message: r.error, range: tokRange(tok) };
      else this.fail(r.error, tokRange(tok));
      return '';
    }
    return r.value;
  }
  /** The escape error of a list's first element, which upstream may forgive (see valueList). */
  private pendingEscapeError: { message: string; range: Range } | undefined;

  public filter = this.RULE('filter', (): Expr => this.SUBRULE(this.orExpr));

  /*
   * Depth: every rule charges the frames of libsinsp's recursive-descent functions it stands for (`enter`), so
   * that each form of nesting reaches the same maximum depth as upstream: `(` costs five frames (or, and, not,
   * check, the parenthesised remainder), `not(` four, `x and(` three, `x or(` two, a transformer two per level.
   */
  private orExpr = this.RULE('orExpr', (): Expr => {
    this.enter();
    const first = this.SUBRULE(this.andExpr);
    let children: Expr[] | undefined;
    this.MANY(() => {
      let next: Expr;
      // `or(`: one parenthesised operand, not an `and` chain. (See `notExpr` for why not always an OR.)
      if (this.RECORDING_PHASE) {
        next = this.OR([
          { ALT: () => this.gluedOperand(this.CONSUME(T.OrParen)) },
          {
            ALT: () => {
              this.CONSUME(T.Or);
              return this.SUBRULE2(this.andExpr);
            },
          },
        ]);
      } else if (this.LA(1).tokenType === T.OrParen) next = this.gluedOperand(this.CONSUME(T.OrParen));
      else {
        this.CONSUME(T.Or);
        next = this.SUBRULE2(this.andExpr);
      }
      (children ??= [first]).push(next);
    });
    this.leave();
    if (!children) return first;
    const kids: Expr[] = children;
    return this.build(() => ({ kind: 'or', children: kids, range: spanOf(kids) }));
  });

  private andExpr = this.RULE('andExpr', (): Expr => {
    this.enter();
    const first = this.SUBRULE(this.notExpr);
    let children: Expr[] | undefined;
    this.MANY(() => {
      let next: Expr;
      if (this.RECORDING_PHASE) {
        next = this.OR([
          { ALT: () => this.gluedOperand(this.CONSUME(T.AndParen)) },
          {
            ALT: () => {
              this.CONSUME(T.And);
              return this.SUBRULE2(this.notExpr);
            },
          },
        ]);
      } else if (this.LA(1).tokenType === T.AndParen) next = this.gluedOperand(this.CONSUME(T.AndParen));
      else {
        this.CONSUME(T.And);
        next = this.SUBRULE2(this.notExpr);
      }
      (children ??= [first]).push(next);
    });
    this.leave();
    if (!children) return first;
    const kids: Expr[] = children;
    return this.build(() => ({ kind: 'and', children: kids, range: spanOf(kids) }));
  });

  private notExpr = this.RULE('notExpr', (): Expr => {
    this.enter();
    let firstNot: IToken | undefined;
    let count = 0;
    this.MANY(() => {
      const t = this.CONSUME(T.Not);
      firstNot ??= t;
      count++;
    });
    /*
     * `not(` or a check. Chevrotain records the choice as an OR (for its grammar analysis and error recovery);
     * when parsing, one token test makes it, so that the glued keywords cost no allocation and no OR lookahead
     * per check (the same in orExpr and andExpr).
     */
    let child: Expr;
    if (this.RECORDING_PHASE) {
      child = this.OR([
        { ALT: () => this.gluedOperand(this.CONSUME(T.NotParen)) },
        { ALT: () => this.SUBRULE(this.check) },
      ]);
    } else if (this.LA(1).tokenType === T.NotParen) {
      const open = this.CONSUME(T.NotParen);
      firstNot ??= open;
      count++;
      child = this.gluedOperand(open);
    } else child = this.SUBRULE(this.check);
    this.leave();
    if (count % 2 === 0) return child;
    return this.build(() => ({ kind: 'not', child, range: { start: startOf(firstNot!), end: child?.range?.end ?? endOf(firstNot!) } }));
  });

  /**
   * The parenthesised operand of `or(`, `and(` or `not(` (the keyword token holds the `(`). Not a rule of its
   * own: every rule costs JavaScript stack, and Falco's limit of 1000 frames allows 497 levels of `x or(`.
   */
  private gluedOperand(open: IToken): Expr {
    this.enter();
    const inner = this.SUBRULE(this.orExpr);
    this.leave();
    this.closing(open, T.RParen, open?.image ? `'${open.image}'` : "'('");
    return inner;
  }

  private check = this.RULE('check', (): Expr => {
    this.enter();
    const result = this.OR([
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          this.enter();
          const inner = this.SUBRULE(this.orExpr);
          this.leave();
          this.closing(open, T.RParen, "'('");
          return inner;
        },
      },
      {
        ALT: () => {
          const left = this.SUBRULE(this.field);
          return this.SUBRULE(this.condition, { ARGS: [left] });
        },
      },
      {
        ALT: () => {
          const left = this.SUBRULE(this.transformer);
          return this.SUBRULE2(this.condition, { ARGS: [left] });
        },
      },
      {
        // A lone identifier is a macro reference; `and` and `or` are not reserved there.
        ALT: () => {
          const t = this.OR2([
            { ALT: () => this.CONSUME(T.Identifier) },
            { ALT: () => this.CONSUME(T.And) },
            { ALT: () => this.CONSUME(T.Or) },
          ]);
          return this.build((): Expr => ({ kind: 'identifier', name: t.image, range: tokRange(t) }));
        },
      },
    ]);
    this.leave();
    return result;
  });

  private field = this.RULE('field', (): FieldExpr => {
    const name = this.CONSUME(T.FieldName);
    this.enter();
    this.leave();
    let arg: string | undefined;
    this.OPTION(() => {
      arg = this.SUBRULE(this.fieldArg, { ARGS: [name] });
    });
    const last = this.LA(0);
    return this.build((): FieldExpr => {
      const f: FieldExpr = { kind: 'field', name: name.image, range: tokRange(name, last) };
      if (arg !== undefined) f.arg = arg;
      return f;
    });
  });

  /** `[arg]` right after a field name or a transformer's closing parenthesis, with no blank before it. */
  private fieldArg = this.RULE('fieldArg', (owner: IToken): string => {
    const open = this.CONSUME(T.LBracket);
    this.build(() => {
      if (owner && !owner.isInsertedInRecovery && owner.startOffset + owner.image.length !== open.startOffset) {
        this.fail("no blank is allowed before '[': the field argument must follow the name directly", tokRange(open));
      }
    });
    const value = this.OR([
      { ALT: () => this.quoted(this.CONSUME(T.QuotedString)) },
      { ALT: () => this.CONSUME(T.ArgBareString).image },
    ]);
    this.CONSUME(T.RBracket);
    return value;
  });

  private transformer = this.RULE('transformer', (): FieldTransformerExpr => {
    this.enter();
    const open = this.CONSUME(T.TransformerOpen);
    const values: Expr[] = [];
    // The arguments are inlined rather than a rule of their own, to spend less stack per nesting level.
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.enter();
        values.push(this.OR([
          { ALT: () => this.SUBRULE(this.field) },
          { ALT: () => this.SUBRULE(this.transformer) },
          { ALT: () => this.transformerList() },
          { ALT: () => this.SUBRULE(this.literal) },
        ]));
        this.leave();
      },
    });
    const close = this.closing(open, T.RParen, `'${open.image.slice(0, -1)}('`);
    let arg: string | undefined;
    this.OPTION(() => {
      arg = this.SUBRULE(this.fieldArg, { ARGS: [close] });
    });
    const last = this.LA(0);
    this.leave();
    return this.build((): FieldTransformerExpr => {
      const t: FieldTransformerExpr = { kind: 'field_transformer', transformer: open.image.slice(0, -1), values, range: tokRange(open, last) };
      if (arg !== undefined) t.arg = arg;
      return t;
    });
  });

  /** A transformer list `(a.b, "x", 1)`: inside the transformer rule, to spend less stack per level. */
  private transformerList(): TransformerListExpr {
    const open = this.CONSUME(T.LParen);
    const children: Expr[] = [];
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        children.push(this.OR2([
          { ALT: () => this.SUBRULE2(this.field) },
          { ALT: () => this.SUBRULE2(this.transformer) },
          { ALT: () => this.SUBRULE2(this.literal) },
        ]));
      },
    });
    const close = this.closing(open, T.RParen, 'the transformer list', true);
    return this.build((): TransformerListExpr => ({ kind: 'transformer_list', children, range: tokRange(open, close) }));
  }

  /** A quoted string or a number inside transformer arguments. */
  private literal = this.RULE('literal', (): ValueExpr => {
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.QuotedString);
          const value = this.quoted(t);
          return this.build((): ValueExpr => ({ kind: 'value', value, range: tokRange(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Number_);
          return this.build((): ValueExpr => ({ kind: 'value', value: t.image, range: tokRange(t) }));
        },
      },
    ]);
  });

  /** What follows the left side of a check: the operator and its right side. */
  private condition = this.RULE('condition', (left: FieldExpr | FieldTransformerExpr): Expr => {
    this.enter();
    const r = this.OR([
      {
        ALT: () => {
          const op = this.CONSUME(T.Exists);
          return this.build((): Expr => ({ kind: 'unary_check', op: 'exists', left, range: { start: left.range.start, end: endOf(op) } }));
        },
      },
      {
        ALT: () => {
          const op = this.CONSUME(T.NumOp);
          const right = this.SUBRULE(this.numValue);
          return this.build(() => binary(left, op.image, right));
        },
      },
      {
        ALT: () => {
          const op = this.CONSUME(T.StrOp);
          return this.OR2({
            ERR_MSG: RULE_EXPECTATIONS.strValue!,
            DEF: [
            {
              ALT: () => {
                const mod = this.CONSUME(T.Modifier);
                const right = this.SUBRULE(this.modifierList);
                return this.build(() => binary(left, `${op.image} ${mod.image}`, right));
              },
            },
            {
              ALT: () => {
                const right = this.SUBRULE(this.strValue);
                return this.build(() => binary(left, op.image, right));
              },
            },
          ]});
        },
      },
      {
        ALT: () => {
          const op = this.CONSUME(T.ListOp);
          const right = this.SUBRULE(this.listValue);
          return this.build(() => binary(left, op.image, right));
        },
      },
    ]);
    this.leave();
    return r;
  });

  private numValue = this.RULE('numValue', (): ValueExpr | FieldTransformerExpr => {
    this.enter(2);
    const r = this.OR([
      { ALT: () => this.SUBRULE(this.transformerOrVal) },
      {
        ALT: () => {
          const t = this.CONSUME(T.Number_);
          return this.build((): ValueExpr => ({ kind: 'value', value: t.image, range: tokRange(t) }));
        },
      },
    ]);
    this.leave(2);
    return r;
  });

  private strValue = this.RULE('strValue', (): ValueExpr | FieldTransformerExpr => {
    this.enter(2);
    const r = this.OR([
      { ALT: () => this.SUBRULE(this.transformerOrVal) },
      { ALT: () => this.SUBRULE(this.stringLiteral) },
    ]);
    this.leave(2);
    return r;
  });

  private stringLiteral = this.RULE('stringLiteral', (lenient?: boolean): ValueExpr =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.QuotedString);
          const value = this.quoted(t, lenient === true);
          return this.build((): ValueExpr => ({ kind: 'value', value, range: tokRange(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.BareString);
          return this.build((): ValueExpr => ({ kind: 'value', value: t.image, range: tokRange(t) }));
        },
      },
    ]),
  );

  private listValue = this.RULE('listValue', (): ValueExpr | ListExpr | FieldTransformerExpr => {
    this.enter();
    const r = this.OR([
      { ALT: () => this.SUBRULE(this.valueList) },
      {
        ALT: () => {
          // Upstream tries a transformer (one frame) before it takes a list name.
          this.enter();
          const t = this.SUBRULE(this.transformerOrVal);
          this.leave();
          return t;
        },
      },
      {
        ALT: () => {
          this.enter();
          const t = this.SUBRULE(this.listName);
          this.leave();
          return t;
        },
      },
    ]);
    this.leave();
    return r;
  });

  private modifierList = this.RULE('modifierList', (): ValueExpr | ListExpr => {
    this.enter();
    const r = this.OR([
      { ALT: () => this.SUBRULE(this.valueList) },
      { ALT: () => this.SUBRULE(this.listName) },
    ]);
    this.leave();
    return r;
  });

  /** A list name after a list operator or a modifier: upstream stores it as a value. */
  private listName = this.RULE('listName', (): ValueExpr => {
    const t = this.CONSUME(T.Identifier);
    return this.build((): ValueExpr => ({ kind: 'value', value: t.image, range: tokRange(t) }));
  });

  private valueList = this.RULE('valueList', (): ListExpr => {
    const open = this.CONSUME(T.LParen);
    const values: string[] = [];
    const valueRanges: Range[] = [];
    // Upstream always tries a first element, one frame deeper, even in `()`. Over the limit, it swallows the
    // error but leaks the frame and then refuses the condition as unbalanced: a refusal either way.
    this.enter();
    this.leave();
    this.OPTION(() => {
      const head = this.LA(1);
      const first = this.SUBRULE(this.stringLiteral, LENIENT);
      const escapeError = this.pendingEscapeError;
      this.pendingEscapeError = undefined;
      if (escapeError) {
        // Upstream quirk: a first element that fails to unescape makes the list empty when `)` follows at
        // once (`fd.name in ('\"')` is `fd.name in ()`); anything else is an error.
        const next = this.LA(1);
        if (this.tokenMatches(next, T.RParen) && next.startOffset === head.startOffset + head.image.length) return;
        this.fail(escapeError.message, escapeError.range);
      }
      values.push(first?.value);
      valueRanges.push(first?.range);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        const next = this.SUBRULE2(this.stringLiteral);
        values.push(next?.value);
        valueRanges.push(next?.range);
      });
    });
    const close = this.closing(open, T.RParen, 'the list');
    return this.build((): ListExpr => ({ kind: 'list', values, range: tokRange(open, close), valueRanges }));
  });

  private transformerOrVal = this.RULE('transformerOrVal', (): FieldTransformerExpr =>
    this.OR([
      { ALT: () => this.SUBRULE(this.transformer) },
      { ALT: () => this.SUBRULE(this.valCall) },
    ]),
  );

  /** `val(field)`: compare with another field of the same event. */
  private valCall = this.RULE('valCall', (): FieldTransformerExpr => {
    const open = this.CONSUME(T.ValOpen);
    const inner = this.SUBRULE(this.field);
    const close = this.closing(open, T.RParen, "'val('");
    let arg: string | undefined;
    this.OPTION(() => {
      arg = this.SUBRULE(this.fieldArg, { ARGS: [close] });
    });
    const last = this.LA(0);
    return this.build((): FieldTransformerExpr => {
      const t: FieldTransformerExpr = { kind: 'field_transformer', transformer: 'val', values: [inner], range: tokRange(open, last) };
      if (arg !== undefined) t.arg = arg;
      return t;
    });
  });

  parseTokens(tokens: IToken[]): Expr | undefined {
    this.input = tokens;
    return this.filter();
  }
}

function binary(left: FieldExpr | FieldTransformerExpr, op: string, right: BinaryCheckExpr['right']): BinaryCheckExpr {
  return { kind: 'binary_check', op, left, right, range: { start: left.range.start, end: right.range.end } };
}

function spanOf(children: Expr[]): Range {
  return { start: children[0]!.range.start, end: children[children.length - 1]!.range.end };
}

let sharedParser: ConditionParser | undefined;

/** Position (1-based line and column) of a UTF-16 offset in `text`, counting `\r\n`, `\r` and `\n` as line ends. */
export function positionAt(text: string, offset: number): Position {
  return new LineIndex(text).positionAt(offset);
}

function errorRange(text: string, tok: IToken | undefined): Range {
  if (!tok || tok.tokenType === EOF || Number.isNaN(tok.startOffset)) {
    // The end of the condition is where its text ends, before trailing blanks: a folded (`>`) condition ends
    // with a line break, and the end of the text would be the next key's line.
    const end = positionAt(text, text.replace(/\s+$/, '').length);
    return { start: end, end };
  }
  return tokRange(tok);
}

/** From where upstream's cursor stops (after the last token read) to the end of the token that goes too deep. */
function depthRange(text: string, err: DepthExceeded): Range {
  const next = errorRange(text, err.token);
  const prev = err.previous;
  if (!prev || prev.tokenType === EOF || Number.isNaN(prev.startOffset)) return next;
  return { start: endOf(prev), end: next.end.offset >= endOf(prev).offset ? next.end : endOf(prev) };
}

/** Rewrites Chevrotain's generic messages where the context allows a more helpful one. */
/** The token that opened the parenthesis closed by `tokens[close]`. */
function openerOf(tokens: IToken[], close: number): IToken | undefined {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.image === ')') depth++;
    else if (t.image.endsWith('(')) depth--;
    if (depth === 0) return t;
  }
  return undefined;
}

function refineMessage(e: IRecognitionException, text: string, previous: IToken | undefined, tokens: IToken[]): string {
  const tok = e.token;
  if (e.name === 'NotAllInputParsedException') {
    const image = tok.image;
    if ((tok.tokenType === T.And || tok.tokenType === T.AndParen) && previous?.image === ')') {
      if (openerOf(tokens, tokens.indexOf(previous))?.tokenType === T.OrParen) {
        return "'and' cannot follow 'or(…)': 'or' glued to '(' takes exactly one parenthesised operand (as in libsinsp); write 'or (' with a blank to start an 'and' chain";
      }
    }
    const kw = /^(and|or)/.exec(image);
    if (kw && tok.tokenType.CATEGORIES?.includes(T.Identifier)) {
      return `expected a blank or '(' after '${kw[1]}'`;
    }
    if (tok.tokenType === T.Not || image === 'not') {
      return "unexpected 'not': write 'and not' or 'or not' to combine checks";
    }
    if (image === ')') return "unexpected ')': it closes no '('";
    if (image === '(' && previous && /^[a-zA-Z][a-zA-Z0-9_]*$/.test(previous.image)) {
      if (TRANSFORMER_NAMES.includes(previous.image) || previous.image === 'val') {
        return `unexpected '(': write '${previous.image}(' with no blank between the transformer and its '('`;
      }
      return `'${previous.image}' is not a transformer (transformers: ${TRANSFORMER_NAMES.join(', ')}; val on the right side)`;
    }
    const after = previous ? ` after '${previous.image}'` : '';
    return `unexpected ${describe(tok)}${after}: expected 'and', 'or' or the end of the condition`;
  }
  void text;
  return e.message;
}

/** Parses a condition. Never throws: syntax errors come back as diagnostics, and then `ast` is undefined. */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  return parseWith(text, options, true);
}

/** `parse` without the fast path for well-formed conditions: the Chevrotain parser only (for tests). */
export function parseWithChevrotain(text: string, options: ParseOptions = {}): ParseResult {
  return parseWith(text, options, false);
}

function parseWith(text: string, options: ParseOptions, fastPath: boolean): ParseResult {
  const diagnostics: Diagnostic[] = [];
  if (typeof text !== 'string') {
    // JavaScript callers can pass anything: answer with a diagnostic rather than an exception.
    const at = { line: 1, column: 1, offset: 0 };
    diagnostics.push({ code: 'parse-error', severity: 'error', message: `a condition must be a string, not ${text === null ? 'null' : typeof text}`, range: { start: at, end: at } });
    return { diagnostics };
  }
  if (text.length === 0 || /^[ \t\b\r\n]*$/.test(text)) {
    const at = positionAt(text, text.length);
    diagnostics.push({ code: 'parse-error', severity: 'error', message: 'the condition is empty', range: { start: at, end: at } });
    return { diagnostics };
  }
  lines = new LineIndex(text);
  const lexed = tokenize(text);
  for (const e of lexed.errors) {
    // A ')' with nothing to close: the parser reports it in its own words.
    if (e.message.includes('pop')) continue;
    const start = positionAt(text, e.offset);
    const end = positionAt(text, e.offset + e.length);
    diagnostics.push({ code: 'parse-error', severity: 'error', message: `unexpected character '${text.substr(e.offset, e.length)}'`, range: { start, end } });
  }
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (fastPath && lexed.errors.length === 0) {
    // Most conditions are well formed: the fast path builds their tree; the Chevrotain parser handles the rest.
    const fast = parseWellFormed(lexed.tokens, lines, maxDepth);
    if (fast) return { ast: fast, diagnostics };
  }
  const parser = (sharedParser ??= new ConditionParser());
  parser.maxDepth = maxDepth;
  let ast: Expr | undefined;
  try {
    ast = parser.parseTokens(lexed.tokens);
  } catch (err) {
    if (!(err instanceof DepthExceeded || err instanceof RangeError)) throw err;
    // The syntax errors found before the parser went too deep are reported too (they come first).
    ast = undefined;
    diagnostics.push({
      code: 'parse-depth',
      severity: 'error',
      message: err instanceof DepthExceeded
        ? `the condition is nested too deeply: it exceeds the parser's depth limit of ${parser.maxDepth} (as in libsinsp)`
        : `the condition is nested too deeply for this JavaScript engine's stack (before the depth limit of ${parser.maxDepth})`,
      range: err instanceof DepthExceeded ? depthRange(text, err) : errorRange(text, undefined),
    });
  }
  const seen = new Set<number>();
  // Leaving the top rule by the depth exception, Chevrotain also records that the input was not all parsed.
  const deep = diagnostics.some((d) => d.code === 'parse-depth');
  for (const e of parser.errors) {
    if (deep && e.name === 'NotAllInputParsedException') continue;
    const range = errorRange(text, e.token);
    if (seen.has(range.start.offset)) continue;
    seen.add(range.start.offset);
    const idx = lexed.tokens.indexOf(e.token);
    const previous = idx > 0 ? lexed.tokens[idx - 1] : lexed.tokens[lexed.tokens.length - 1];
    const message = refineMessage(e, text, previous, lexed.tokens);
    const unclosed = parser.unclosed.get(e.token);
    const open = unclosed && message === unclosed.template.replace(RELATED_POSITION, `${startOf(unclosed.open).line}:${startOf(unclosed.open).column}`) ? unclosed : undefined;
    diagnostics.push({
      code: 'parse-error', severity: 'error', message, range,
      ...(open ? { related: [{ message: "the '(' to close", range: tokRange(open.open) }], data: { template: open.template } } : {}),
    });
  }
  for (const e of parser.actionErrors) {
    if (seen.has(e.range.start.offset)) continue;
    seen.add(e.range.start.offset);
    diagnostics.push({ code: 'parse-error', severity: 'error', message: e.message, range: e.range });
  }
  if (diagnostics.length > 0) return { diagnostics: sortDiagnostics(diagnostics) };
  return { ast, diagnostics };
}

function sortDiagnostics(d: Diagnostic[]): Diagnostic[] {
  return d.sort((a, b) => a.range.start.offset - b.range.start.offset);
}

/** Builds the Chevrotain parser with its grammar checks on: throws on any problem Chevrotain finds (for tests). */
export function checkGrammar(): void {
  new ConditionParser(true);
}

/** The Chevrotain grammar, for the syntax diagrams. */
export function grammarProductions() {
  return (sharedParser ??= new ConditionParser()).getSerializedGastProductions();
}
