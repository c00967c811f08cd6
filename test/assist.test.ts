/**
 * The core's cursor analysis beyond completion (test/completion.test.ts): the highlighting tokens every front end
 * colours with, hover content and signature help, on whole and on partial text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionTokens, hoverCondition, hoverRules, rulesTokens, signatureAt, type AssistContext } from '../src/assist/index.js';
import { defaultCatalog } from '../src/fields/catalog.js';
import { highlight } from '../src/repl/repl.js';

const scope = { isList: (n: string) => n === 'shell_binaries', isMacro: (n: string) => n === 'spawned_process' };
const classes = (text: string) => conditionTokens(text, scope).map((t) => [text.slice(t.start, t.end), t.cls]);
const ctx: AssistContext = { catalog: defaultCatalog, macros: new Map([['spawned_process', 'evt.type = execve']]), lists: new Map([['shell_binaries', ['bash', 'sh']]]) };

describe('the highlighting tokens', () => {
  it('classify each word as the parser reads it', () => {
    expect(classes('spawned_process and not(proc.name startswith oneof (a, shell_binaries)) or tolower(fd.name) = 12')).toEqual([
      ['spawned_process', 'macro'], ['and', 'keyword'], ['not', 'keyword'], ['(', 'paren'], ['proc.name', 'field'], ['startswith', 'operator'],
      ['oneof', 'modifier'], ['(', 'paren'], ['a', 'string'], [',', 'comma'], ['shell_binaries', 'list'], [')', 'paren'], [')', 'paren'],
      ['or', 'keyword'], ['tolower', 'transformer'], ['(', 'paren'], ['fd.name', 'field'], [')', 'paren'], ['=', 'operator'], ['12', 'number'],
    ]);
    // `in` after a field is the operator; at the start of a check, `inbound` is a macro name.
    expect(classes('proc.aname[2] in (shell_binaries)')).toEqual([
      ['proc.aname', 'field'], ['[', 'paren'], ['2', 'argument'], [']', 'paren'], ['in', 'operator'], ['(', 'paren'], ['shell_binaries', 'list'], [')', 'paren'],
    ]);
  });

  it('read text that does not parse yet, without losing a character', () => {
    expect(classes('spawned_process and proc.name in (shell_binaries, "a')).toEqual([
      ['spawned_process', 'macro'], ['and', 'keyword'], ['proc.name', 'field'], ['in', 'operator'], ['(', 'paren'], ['shell_binaries', 'list'], [',', 'comma'], ['"a', 'invalid'],
    ]);
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const toks = conditionTokens(text, scope);
        let at = 0;
        for (const t of toks) {
          expect(t.start).toBeGreaterThanOrEqual(at);
          expect(t.end).toBeGreaterThan(t.start);
          at = t.end;
        }
        // Every character is in a token or is a blank.
        const covered = new Set(toks.flatMap((t) => Array.from({ length: t.end - t.start }, (_, i) => t.start + i)));
        for (let i = 0; i < text.length; i++) if (!covered.has(i)) expect(' \t\b\r\n').toContain(text[i]);
      }),
    );
  });

  it('are exact inside the scalars of a rules file', () => {
    const text = '- rule: r\n  condition: >\n    proc.name in (shell_binaries)\n  output: "user=%user.name"\n';
    expect(rulesTokens(text, scope).map((t) => [text.slice(t.start, t.end), t.cls])).toEqual([
      ['proc.name', 'field'], ['in', 'operator'], ['(', 'paren'], ['shell_binaries', 'list'], [')', 'paren'], ['user.name', 'field'],
    ]);
  });

  it('colour the REPL: one colour per class, the text unchanged', () => {
    const text = 'proc.name in (shell_binaries) and not spawned_process';
    const coloured = highlight(text, true, scope);
    expect(coloured).toContain('\u001b[34mproc.name\u001b[39m');
    expect(coloured).toContain('\u001b[35m\u001b[4mshell_binaries\u001b[24m\u001b[39m');
    expect(coloured).toContain('\u001b[35mspawned_process\u001b[39m');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(text);
    expect(highlight(text, false, scope)).toBe(text);
  });
});

describe('hover and signature help', () => {
  it('tell what the word under the cursor is', () => {
    const text = 'spawned_process and proc.name startswith oneof (shell_binaries) and tolower(fd.name) != x';
    const at = (word: string) => hoverCondition(text, text.indexOf(word) + 1, ctx);
    expect(at('spawned_process')).toMatchObject({ subject: 'macro', from: 0, to: 15 });
    expect(at('proc.name')?.markdown).toMatch(/^\*\*proc\.name\*\* `CHARBUF`/);
    expect(at('startswith')).toMatchObject({ subject: 'operator' });
    expect(at('oneof')).toMatchObject({ subject: 'modifier' });
    expect(at('shell_binaries')).toMatchObject({ subject: 'list' });
    expect(at('tolower')).toMatchObject({ subject: 'transformer' });
    expect(at('!=')).toMatchObject({ subject: 'operator', name: '!=' });
  });

  it('know no word of Object.prototype', () => {
    expect(hoverCondition('proc.name toString constructor', 12, ctx)).toBeUndefined();
    expect(hoverCondition('proc.name toString constructor', 22, ctx)).toBeUndefined();
    expect(hoverRules('- constructor: x\n', 4, ctx)).toBeUndefined();
  });

  it('map a hover in a rules file back to the file', () => {
    const text = '- rule: r\n  condition: "proc.name = x"\n';
    const h = hoverRules(text, text.indexOf('proc.name') + 2, ctx);
    expect(h && text.slice(h.from, h.to)).toBe('proc.name');
    expect(hoverRules(text, 3, ctx)).toMatchObject({ subject: 'key', name: 'rule' });
  });

  it('names the transformer parameter the cursor is on', () => {
    expect(signatureAt('join(",", (proc.pname, ')).toMatchObject({ label: 'join(separator, list)', active: 1 });
    expect(signatureAt('proc.name = x')).toBeUndefined();
  });
});
