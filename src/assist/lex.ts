import { tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import { Bad, conditionLexer, QuotedString } from '../syntax/tokens.js';

/*
 * The condition lexer of ../syntax/tokens.ts (the one tokenizer: its modes follow the parser's position), made
 * tolerant of text being typed. The lexer reads a word it does not expect as a `Bad` token and stays in its mode,
 * so one mistake would leave the rest of the text unread; here lexing resumes after it at the start of a check,
 * a quoted string where none is expected is still one string, and a quote left open takes the rest of the text.
 */

export interface LexedToken {
  /** The lexer's token type (test it with `matches`, against a type or a category). */
  type: TokenType;
  image: string;
  /** [start, end) in the text. */
  start: number;
  end: number;
  /** The lexer could not place it: the parser reports it. */
  bad?: boolean;
  /** A quote left open: the rest of the text is a string being typed. */
  open?: boolean;
}

/** Whether the token is of `type` or of a type in the category `type`. */
export function matches(t: LexedToken, type: TokenType): boolean {
  return tokenMatcher({ tokenType: t.type, tokenTypeIdx: t.type.tokenTypeIdx } as IToken, type);
}

/** How many times lexing resumes after an unexpected word (bounds the work on long garbage). */
const MAX_RESUMES = 200;

/** The offset of the quote that closes the one at `start` (a backslash escapes the next character), or -1. */
export function closingQuote(text: string, start: number): number {
  const q = text[start];
  let j = start + 1;
  while (j < text.length && text[j] !== q) j += text[j] === '\\' ? 2 : 1;
  return j < text.length ? j : -1;
}

const QUOTE = /^["']/;
const PAREN = /^[()]$/;

export function lexCondition(text: string): LexedToken[] {
  const out: LexedToken[] = [];
  let base = 0;
  for (let resumes = 0; ; resumes++) {
    const tokens = conditionLexer.tokenize(base === 0 ? text : text.slice(base)).tokens;
    let resumeAt = -1;
    for (const t of tokens) {
      const start = base + t.startOffset;
      const end = start + t.image.length;
      const bad = tokenMatcher(t, Bad);
      if (!bad || PAREN.test(t.image) || (resumes >= MAX_RESUMES && !QUOTE.test(t.image))) {
        out.push(bad ? { type: t.tokenType, image: t.image, start, end, bad } : { type: t.tokenType, image: t.image, start, end });
        continue;
      }
      if (QUOTE.test(t.image)) {
        const close = closingQuote(text, start);
        if (close < 0) {
          out.push({ type: t.tokenType, image: text.slice(start), start, end: text.length, bad: true, open: true });
          return out;
        }
        out.push({ type: QuotedString, image: text.slice(start, close + 1), start, end: close + 1, bad: true });
        resumeAt = close + 1;
      } else {
        out.push({ type: t.tokenType, image: t.image, start, end, bad: true });
        resumeAt = end;
      }
      break;
    }
    if (resumeAt < 0 || resumes >= MAX_RESUMES) return out;
    base = resumeAt;
  }
}
