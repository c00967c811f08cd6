import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, visit } from 'yaml';
import { loadRules } from '../src/rules/loader.js';
import { mayHaveAliases } from '../src/rules/reader.js';

/* The loader resolves YAML aliases; it skips the walk for texts that cannot hold one (src/rules/reader.ts). */

function hasAlias(text: string): boolean {
  let found = false;
  // The loader resolves the aliases of documents without errors; one without its anchor stays as it is.
  for (const doc of parseAllDocuments(text, { uniqueKeys: false }) as unknown as Array<{ errors: unknown[] }>) {
    if (doc.errors.length > 0) continue;
    visit(doc as never, {
      Alias: (_, node) => {
        if ((node as { resolve(d: unknown): unknown }).resolve(doc)) found = true;
      },
    });
  }
  return found;
}

describe('aliases in rules files', () => {
  it('are resolved wherever YAML allows them: the same rules as with the values written out', () => {
    const file = (a: (name: string, value: string) => string, ref: (name: string, value: string) => string) => [
      '- list: a', `  items: ${a('shells', '[bash, sh]')}`,
      '- list: b', `  items: ${ref('shells', '[bash, sh]')}`,
      '- list: c', `  items: [zsh, ${ref('shell', 'ash')}, ${a('shell', 'ash')}]`.replace(`${ref('shell', 'ash')}, ${a('shell', 'ash')}`, `${a('shell', 'ash')}, ${ref('shell', 'ash')}`),
      '- macro: m', `  condition: ${a('cond', 'proc.name in (a)')}`,
      '- rule: r', '  desc: d', '  condition: evt.type = open and m', '  output: "o %proc.name"', `  priority: ${a('p', 'INFO')}`,
      '- rule: s', '  desc: d', `  condition: ${ref('cond', 'proc.name in (a)')}`, '  output: "o %proc.name"', `  priority: ${ref('p', 'INFO')}`,
      '',
    ].join('\n');
    const aliased = file((n, v) => `&${n} ${v}`, (n) => `*${n}`);
    const written = file((_, v) => v, (_, v) => v);
    expect(aliased).toContain('*shells');
    const view = (text: string) => {
      const set = loadRules([{ path: 'a.yaml', text }]);
      return {
        lists: [...set.lists.values()].map((l) => [l.name, l.items]),
        rules: set.rules.map((r) => [r.name, r.condition.text, r.priority]),
        problems: set.diagnostics.map((d) => d.code),
      };
    };
    expect(view(aliased)).toEqual(view(written));
    expect(view(aliased).lists).toContainEqual(['b', ['bash', 'sh']]);
  });

  it('can only be in a text the quick test lets through (generated texts)', () => {
    const piece = fc.constantFrom('*', '&', ' ', '\n', '[', ']', '{', '}', ',', ':', '- ', '? ', '!t ', 'a', 'b1', '/', '"', "'", '>', '|', '#', '2>&1', '/etc/*', 'x: ', '  ', '\t', '---\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        if (hasAlias(text)) expect(mayHaveAliases(text)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('are not looked for in falco_rules.yaml\'s globs and redirections', () => {
    expect(mayHaveAliases('- macro: m\n  condition: fd.name glob /etc/* and proc.cmdline contains "2>&1"\n')).toBe(false);
    expect(mayHaveAliases('a: &x 1\nb: *x\n')).toBe(true);
    expect(mayHaveAliases('a: [&x 1, *x]\n')).toBe(true);
  });
});
