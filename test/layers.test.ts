import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The pipeline's import rules (docs/architecture.md, "which folder may import which"), read from every import of
 * src/** and playground/src/**. A folder may import itself, the root files (`diagnostic.ts`, `bytes.ts`) and the
 * folders its row lists; nothing else.
 */

const root = new URL('../', import.meta.url).pathname;

const CORE_BELOW_RULES = ['syntax', 'fields', 'language', 'values', 'check', 'eval'];
const FRONT_ENDS_MAY_USE = ['syntax', 'fields', 'language', 'values', 'check', 'rules', 'lint', 'assist', 'index.ts'];

/** The table of docs/architecture.md: folder → the folders (and root files) it may import. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  'src/language': [],
  'src/fields': ['language'],
  'src/syntax': ['language'],
  'src/values': ['language'],
  'src/check': ['syntax', 'fields', 'language', 'values'],
  'src/eval': ['syntax', 'fields', 'language', 'values', 'check'],
  'src/rules': CORE_BELOW_RULES,
  'src/lint': [...CORE_BELOW_RULES.filter((f) => f !== 'eval'), 'rules'],
  // The cursor analysis every front end presents: never src/eval.
  'src/assist': [...CORE_BELOW_RULES.filter((f) => f !== 'eval'), 'rules'],
  'src/cli': [...CORE_BELOW_RULES, 'rules', 'lint', 'repl', 'lsp', 'index.ts'],
  // The REPL and the language server present what the core computes: nothing from src/eval.
  'src/repl': [...FRONT_ENDS_MAY_USE, 'cli'],
  'src/lsp': [...FRONT_ENDS_MAY_USE, 'cli'],
  'src/index.ts': [...CORE_BELOW_RULES, 'rules', 'lint', 'assist'],
};
/** Root files every folder may import. */
const SHARED = new Set(['diagnostic.ts', 'bytes.ts', 'edit-distance.ts', 'style.ts', 'version.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

/** `src/eval/compile.ts` → `src/eval`; `src/index.ts` → `src/index.ts`. */
function unitOf(rel: string): string {
  const parts = rel.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : rel;
}

/** What an import of `spec` from `file` reaches: a unit below src (`check`, `index.ts`), or undefined (a package). */
function target(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const rel = relative(join(root, 'src'), normalize(join(dirname(file), spec))).replace(/\.js$/, '.ts');
  if (rel.startsWith('..')) return `outside:${relative(root, normalize(join(dirname(file), spec)))}`;
  const parts = rel.split('/');
  return parts.length > 1 ? parts[0] : rel;
}

const srcFiles = files(join(root, 'src'));

describe('layers: every import of src/** follows docs/architecture.md', () => {
  it('finds the imports', () => {
    expect(srcFiles.length).toBeGreaterThan(50);
    expect(importsOf(join(root, 'src/eval/compile.ts'))).toContain('../check/checker.js');
  });

  it.each(srcFiles.map((f) => relative(root, f)))('%s', (rel) => {
    const unit = unitOf(rel);
    const own = unit.split('/')[1]!;
    const allowed = MAY_IMPORT[unit];
    const bad: string[] = [];
    for (const spec of importsOf(join(root, rel))) {
      const t = target(join(root, rel), spec);
      if (t === undefined || t === own || SHARED.has(t)) continue;
      if (allowed === undefined || !allowed.includes(t)) bad.push(`${spec} (${t})`);
    }
    // A root file other than index.ts imports nothing but the shared root files.
    expect(bad).toEqual([]);
  });

  it('the table covers every folder of src', () => {
    const units = new Set(srcFiles.map((f) => unitOf(relative(root, f))));
    for (const u of units) if (!SHARED.has(u.slice(4))) expect(Object.keys(MAY_IMPORT)).toContain(u);
  });

  it('the architecture document lists every folder of the table', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    for (const u of Object.keys(MAY_IMPORT)) if (u !== 'src/index.ts') expect(doc).toContain(`| \`${u}\` |`);
  });
});

describe('layers: the playground uses the package root only', () => {
  const pg = files(join(root, 'playground/src'));
  it.each(pg.map((f) => relative(root, f)))('%s', (rel) => {
    const bad = importsOf(join(root, rel)).filter((spec) => {
      if (spec === 'falco-expr' || (!spec.startsWith('.') && !spec.startsWith('/'))) return false;
      // Relative imports stay inside playground/.
      const to = relative(join(root, 'playground'), normalize(join(dirname(join(root, rel)), spec)));
      return to.startsWith('..');
    });
    expect(bad).toEqual([]);
  });
});

describe('layers: the rules checker itself', () => {
  it('catches a forbidden import', () => {
    const file = join(root, 'src/check/x.ts');
    expect(target(file, '../eval/compile.js')).toBe('eval');
    expect(MAY_IMPORT['src/check']).not.toContain('eval');
    expect(target(file, './resolve.js')).toBe('check');
    expect(target(join(root, 'src/index.ts'), './eval/compile.js')).toBe('eval');
  });
});
