import type { Expr } from '../syntax/ast.js';
import { FALCO_MAX_DEPTH, parse } from '../syntax/parser.js';
import type { LoadState } from './state.js';

/**
 * Marks which macros and lists any rule or macro refers to (`used`), as Falco does; the lint rules report the
 * unused ones (LOAD_UNUSED_MACRO, LOAD_UNUSED_LIST).
 */
export function markUsage(st: LoadState, usedLists: Set<string>): void {
  // Falco marks a macro used when any macro or compiled rule refers to it, used or not itself.
  const usedMacros = new Set<string>();
  const visitAst = (e: Expr | undefined) => {
    if (!e) return;
    if (e.kind === 'identifier') usedMacros.add(e.name);
    else if (e.kind === 'and' || e.kind === 'or') e.children.forEach(visitAst);
    else if (e.kind === 'not') visitAst(e.child);
  };
  for (const m of st.macros.values()) visitAst(m.ast);
  for (const rule of st.rules.values()) {
    if (rule.pastedText === undefined) continue;
    // The tree compileRule parsed; a rule it stopped at before parsing (skipped for its output) is parsed here.
    const ast = st.parsedRules.has(rule) ? st.parsedRules.get(rule) : parse(rule.pastedText, { maxDepth: FALCO_MAX_DEPTH }).ast;
    if (ast) visitAst(ast);
    else {
      // The rule does not parse (reported already): count the macros it names, so as not to add noise.
      for (const m of st.macros.values()) if (wordIn(rule.pastedText, m.name)) usedMacros.add(m.name);
    }
  }
  for (const m of st.macros.values()) {
    m.used = usedMacros.has(m.name);
  }
  for (const l of st.lists.values()) {
    l.used = usedLists.has(l.name);
  }
}

function wordIn(text: string, word: string): boolean {
  let i = text.indexOf(word);
  const delim = (c: string | undefined) => c === undefined || ' \t\n\r(),='.includes(c);
  while (i >= 0) {
    if (delim(text[i - 1]) && delim(text[i + word.length])) return true;
    i = text.indexOf(word, i + 1);
  }
  return false;
}
