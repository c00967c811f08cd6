import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

// Every example of the README, as written: the library examples type-check under `strict` and run (their
// `// true` / `// false` comments are checked), and the command-line sessions print what the README shows.
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.cjs');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

interface Block { lang: string; code: string; line: number }
const blocks: Block[] = [];
{
  const re = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m; (m = re.exec(readme)); ) blocks.push({ lang: m[1]!, code: m[2]!, line: readme.slice(0, m.index).split('\n').length });
}
const library = blocks.filter((b) => (b.lang === 'js' || b.lang === 'ts') && /from 'falco-expr'/.test(b.code));
const sessions = blocks.filter((b) => b.lang === 'console');

// Inside the package, so that `import … from 'falco-expr'` resolves to the package itself (self-reference).
mkdirSync(join(root, '.scratch'), { recursive: true });
const dir = mkdtempSync(join(root, '.scratch', 'readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Turns `expr;   // true` lines into checks. */
function withChecks(code: string): string {
  return code.replace(/^(\S.*?);\s*\/\/\s*(true|false)\s*$/gm, (_m, expr: string, want: string) =>
    `if ((${expr}) !== ${want}) throw new Error(${JSON.stringify(`README: ${expr} is not ${want}`)});`);
}

describe.skipIf(!existsSync(bin))('README examples', () => {
  it('has library examples and command-line sessions', () => {
    expect(library.length).toBeGreaterThan(0);
    expect(sessions.length).toBeGreaterThan(0);
  });

  it.each(library.map((b) => [b.line, b] as const))('the library example at line %i type-checks under strict and runs', (line, b) => {
    const file = join(dir, `example-${line}.mts`);
    writeFileSync(file, withChecks(b.code));
    const program = ts.createProgram([file], {
      strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [],
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
    const js = join(dir, `example-${line}.mjs`);
    writeFileSync(js, withChecks(b.code));
    const r = spawnSync(process.execPath, [js], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  // Each `$ npx falco-expr …` line with the output under it, up to the next `$`. The REPL session is typed
  // at a terminal (test/repl.test.ts drives the same steps).
  const commands = sessions.flatMap((b) =>
    b.code.split(/^(?=\$ )/m).filter((c) => c.startsWith('$ npx falco-expr ') && !c.startsWith('$ npx falco-expr repl')).map((c) => {
      const [cmd, ...out] = c.split('\n');
      return [b.line, cmd!.slice(2), out.join('\n')] as const;
    }),
  );
  it.each(commands)('the session at line %i: %s', (_line, cmd, expected) => {
    const r = spawnSync('sh', ['-c', cmd.replace(/^npx falco-expr/, `"${process.execPath}" "${bin}"`)], {
      cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.stdout + r.stderr).toBe(expected.replace(/\n*$/, '\n'));
  });
});
