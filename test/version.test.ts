import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSarif, VERSION } from '../src/index.js';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.ts$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('the version', () => {
  it('is package.json\'s (src/version.ts is written by `npm version`: scripts/gen-version.mjs)', () => {
    expect(VERSION).toBe(pkg.version);
    expect(JSON.parse(formatSarif([])).runs[0].tool.driver.version).toBe(pkg.version);
  });

  it('is written in src/version.ts only', () => {
    const quoted = new RegExp(`['"\`]${pkg.version.replaceAll('.', '\\.')}['"\`]`);
    const others = [...sources(join(root, 'src')), ...sources(join(root, 'playground', 'src'))].filter(
      (f) => !f.endsWith(join('src', 'version.ts')) && quoted.test(readFileSync(f, 'utf8')),
    );
    expect(others).toEqual([]);
  });
});
