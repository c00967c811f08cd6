#!/usr/bin/env node
// Collects the conditions upstream libsinsp's own unit tests compile or evaluate, from a falcosecurity/libs
// checkout given as the argument (userspace/libsinsp/test/*.cpp and filterchecks/*.cpp), as inputs for the
// compile-time differential data (test/data/libsinsp-compile.jsonl, labelled by
// scripts/label-libsinsp-conditions.mjs --compile).
//
//   node scripts/extract-libsinsp-test-conditions.mjs LIBS_CHECKOUT      one JSON object per line on stdout:
//                                                                       {"condition": ..., "from": "file.cpp"}
//
// It reads the first string argument of the test helpers that take a condition (`eval_filter(evt, "...")`,
// `filter_compiles("...")`, `test_filter_compile(factory, "...")`, `test_filter_run(...)`, ASSERT_FILTER_EQ),
// joining adjacent C++ literals and decoding their escapes; raw strings and literals built at run time are
// skipped. Only what the tests pass as data is kept (the inputs are upstream's facts); their expectations are
// not read: the oracle gives libsinsp's verdict on each input.

import { readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const HELPERS = ['eval_filter', 'filter_compiles', 'test_filter_compile', 'test_filter_compile_msg', 'test_filter_run', 'ASSERT_FILTER_EQ'];

/** Decodes the body of a C++ narrow string literal (simple, octal and hex escapes) into UTF-8 bytes → string. */
function decode(body) {
  const bytes = [];
  const enc = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...enc.encode(c));
      continue;
    }
    const n = body[++i];
    const simple = { n: 10, t: 9, r: 13, 0: 0, '\\': 92, '"': 34, "'": 39, a: 7, b: 8, f: 12, v: 11, '?': 63 };
    if (n === 'x') {
      let h = '';
      while (/[0-9a-fA-F]/.test(body[i + 1] ?? '')) h += body[++i];
      bytes.push(parseInt(h, 16) & 0xff);
    } else if (/[0-7]/.test(n)) {
      let o = n;
      while (o.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) o += body[++i];
      bytes.push(parseInt(o, 8) & 0xff);
    } else if (n in simple) bytes.push(simple[n]);
    else return undefined;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes));
}

/** The string literal(s) starting at `i` (after blanks), joined; undefined if the argument is not literals only. */
function literalAt(text, i) {
  let out = '';
  let found = false;
  for (;;) {
    while (/\s/.test(text[i] ?? '')) i++;
    if (text[i] !== '"') break;
    let j = i + 1;
    let body = '';
    while (j < text.length && text[j] !== '"') {
      if (text[j] === '\\') {
        body += text[j] + text[j + 1];
        j += 2;
      } else body += text[j++];
    }
    const s = decode(body);
    if (s === undefined) return undefined;
    out += s;
    found = true;
    i = j + 1;
  }
  while (/\s/.test(text[i] ?? '')) i++;
  // the literal must be a whole argument
  return found && (text[i] === ',' || text[i] === ')') ? out : undefined;
}

export function extractConditions(dir) {
  const testDir = resolve(dir, 'userspace/libsinsp/test');
  const files = [
    ...readdirSync(testDir).filter((f) => f.endsWith('.cpp')).map((f) => resolve(testDir, f)),
    ...readdirSync(resolve(testDir, 'filterchecks')).filter((f) => f.endsWith('.cpp')).map((f) => resolve(testDir, 'filterchecks', f)),
  ].sort();
  const out = [];
  const seen = new Set();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const h of HELPERS) {
      const re = new RegExp(`\\b${h}\\(`, 'g');
      for (const m of text.matchAll(re)) {
        // the condition is the first argument that is a string literal (eval_filter(evt, "..."))
        let i = m.index + m[0].length;
        let depth = 0;
        for (let arg = 0; arg < 3 && i < text.length; arg++) {
          const lit = literalAt(text, i);
          if (lit !== undefined) {
            if (!seen.has(lit) && lit.trim() !== '') {
              seen.add(lit);
              out.push({ condition: lit, from: basename(file) });
            }
            break;
          }
          // skip this argument
          for (; i < text.length; i++) {
            const c = text[i];
            if (c === '"') {
              i++;
              while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
            } else if (c === '(' || c === '{' || c === '[') depth++;
            else if (c === ')' || c === '}' || c === ']') {
              if (depth === 0) break;
              depth--;
            } else if (c === ',' && depth === 0) break;
          }
          if (text[i] !== ',') break;
          i++;
        }
      }
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/extract-libsinsp-test-conditions.mjs LIBS_CHECKOUT');
    process.exit(2);
  }
  for (const c of extractConditions(dir)) process.stdout.write(`${JSON.stringify(c)}\n`);
}
