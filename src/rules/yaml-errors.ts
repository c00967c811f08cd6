import type { YAMLError } from 'yaml';

/*
 * YAML problems in the user's words. The yaml package's messages end with "at line N, column M:" and a code
 * frame, which our diagnostics already give (and which is sometimes not where the problem is: a key indented too
 * far reads as part of the value above it, and the error lands on that value). Only the first error of a
 * document is reported, as Falco does: the ones after it follow from it.
 */

export interface YamlProblem {
  message: string;
  /** Offsets in the text. */
  start: number;
  end: number;
}

/**
 * The text as given to the YAML parser: a leading byte-order mark (which Falco accepts, and which the yaml
 * package misreads before a `- ` item) becomes a line break, so that every offset stays the same.
 */
export function yamlText(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? `\n${text.slice(1)}` : text;
}

/**
 * Why a text is not a YAML rules file at all: control characters (NUL and the others YAML forbids) mean binary
 * data, and the file is not read further. Bytes that are not UTF-8 (decoded as U+FFFD) only get a warning: a
 * Latin-1 description should not hide the rules around it.
 */
export function notYamlText(text: string): { message: string; offset: number; severity: 'error' | 'warning' } | undefined {
  // YAML allows tab, line feed and carriage return among the C0 controls.
  const m = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(text);
  if (m) {
    const what = m[0] === '\u0000' ? 'NUL bytes' : 'control characters';
    return { message: `not a YAML rules file: it holds ${what} (binary data?)`, offset: m.index, severity: 'error' };
  }
  const bad = text.indexOf('\ufffd');
  if (bad >= 0) return { message: 'the file is not valid UTF-8 here: the bytes read as U+FFFD (save it as UTF-8)', offset: bad, severity: 'warning' };
  return undefined;
}

const lineStart = (text: string, offset: number) => {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
};
const lineEnd = (text: string, offset: number) => {
  const m = /\r\n|\r|\n/.exec(text.slice(offset));
  return m ? offset + m.index : text.length;
};
const indentOf = (line: string) => /^[ ]*/.exec(line)![0].length;
const KEY = /^([ ]*)([A-Za-z_][\w.-]*):(?:[ \t]|$)/;

/** The key (`name:`) a line starts with, if any. */
function keyOnLine(text: string, at: number): { key: string; offset: number; indent: number } | undefined {
  const line = text.slice(at, lineEnd(text, at));
  const m = KEY.exec(line);
  return m ? { key: m[2]!, offset: at + m[1]!.length, indent: m[1]!.length } : undefined;
}

/** One YAML error (or warning) as a clear message at the place to fix. */
export function yamlProblem(e: YAMLError, text: string): YamlProblem {
  const [start, end] = e.pos;
  const plain = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const here = lineStart(text, start);
  if (text[here] === '\t' || /^[ ]*\t/.test(text.slice(here, start))) {
    return { message: 'a tab indents this line: YAML indentation must be spaces', start: here, end: here + 1 };
  }
  if (e.code === 'BLOCK_AS_IMPLICIT_KEY' || e.code === 'MULTILINE_IMPLICIT_KEY') {
    // A plain value that runs on into the next lines: a key there is indented more than its siblings.
    const owner = keyOnLine(text, here);
    let at = lineEnd(text, start);
    while (at < text.length) {
      at += text.startsWith('\r\n', at) ? 2 : 1;
      const line = text.slice(at, lineEnd(text, at));
      if (line.trim() === '' || line.trimStart().startsWith('#')) {
        at = lineEnd(text, at);
        continue;
      }
      if (owner && indentOf(line) <= owner.indent) break;
      const k = keyOnLine(text, at);
      if (k && owner) {
        return {
          message: `'${k.key}:' is indented more than '${owner.key}:' above it, so YAML reads it as part of the value of '${owner.key}': indent both keys alike`,
          start: k.offset,
          end: k.offset + k.key.length + 1,
        };
      }
      at = lineEnd(text, at);
    }
    // Or the value itself holds ': ', which starts a mapping: quote it, or fold it (`key: >`).
    const value = text.slice(start, lineEnd(text, start));
    const colon = /:(?=[ \t]|$)/.exec(value);
    if (owner && colon) {
      return {
        message: `the value of '${owner.key}' holds ': ', which YAML reads as a mapping: quote the value or write it as a block ('${owner.key}: >' and the value on the next lines)`,
        start: start + colon.index,
        end: start + colon.index + 1,
      };
    }
  }
  if (e.code === 'MISSING_CHAR' && /Sequence item without - indicator/.test(plain)) {
    const k = keyOnLine(text, here);
    if (k) {
      return {
        message: `'${k.key}:' is indented less than the keys of the item above it: indent it like them, or start a new item with '- '`,
        start: k.offset,
        end: k.offset + k.key.length + 1,
      };
    }
  }
  if (e.code === 'MISSING_CHAR' && /Missing closing (["'])?quote/.test(plain)) {
    const q = /Missing closing (["'])/.exec(plain)?.[1] ?? '"';
    // The string runs to the end of the text: point at its opening quote, the last one at the start of a value.
    const opening = [...text.slice(0, start).matchAll(new RegExp(`(?:^|[:\\-\\[{,][ \\t]*|[ \\t])${q}`, 'gm'))].map((m) => m.index! + m[0].length - 1);
    for (let i = opening.length - 1; i >= 0; i--) {
      const o = opening[i]!;
      const rest = text.slice(o + 1);
      if (!rest.includes(q)) return { message: `this ${q === '"' ? 'double' : 'single'}-quoted string is not closed: add the closing ${q}`, start: o, end: o + 1 };
    }
    return { message: `a ${q === '"' ? 'double' : 'single'}-quoted string is not closed: add the closing ${q}`, start, end };
  }
  return { message: plain, start, end };
}
