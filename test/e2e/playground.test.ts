import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../playground/serve.mjs';
import { CoverageCollector } from '../../src/rules/coverage.js';
import { RuleEngine } from '../../src/rules/engine.js';
import { loadRules } from '../../src/rules/loader.js';

/*
 * The browser playground, end to end: the page is built with Vite (into a temporary folder), served from 127.0.0.1,
 * and driven in Debian's Chromium by playwright-core (never a browser of Playwright's own). Without
 * /usr/bin/chromium the browser tests are skipped locally and fail in CI (CI installs it: apt-get install chromium).
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const inCI = !!process.env.CI;
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Runs a Node script of the repository in a child process (Vite builds want NODE_ENV=production, not vitest's). */
function node(args: string[]): string {
  return execFileSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const vite = join(root, 'node_modules/vite/bin/vite.js');

describe('the playground build', () => {
  it('imports the library through the package root only', () => {
    const dir = join(root, 'playground/src');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/from\s+['"](?:\.\.\/)+src\//);
    }
    const main = readFileSync(join(dir, 'analysis.ts'), 'utf8');
    expect(main).toMatch(/from 'falco-expr'/);
  });

  it('keeps the core (the package root, bundled and minified) small, with no Node built-in', () => {
    const r = JSON.parse(node(['playground/core-size.mjs', '--json'])) as { minified: number; gzip: number; budget: number; byPackage: Record<string, number> };
    console.log(`falco-expr core bundle: ${r.minified} bytes minified, ${r.gzip} bytes gzip (budget ${r.budget})`);
    expect(r.gzip).toBeGreaterThan(10_000);
    expect(r.gzip).toBeLessThanOrEqual(r.budget);
  }, 120_000);
});

if (!haveChromium && !inCI) {
  console.warn(`playground e2e: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium); in CI this fails instead`);
}

describe.skipIf(!haveChromium && !inCI)('the playground in Chromium', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let page: Page;
  let outDir: string | undefined;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is not installed: CI must install Debian's chromium (apt-get install -y chromium)`);
    // A folder of this run's own (playground/dist is the default), so that runs at the same time do not collide.
    outDir = mkdtempSync(join(tmpdir(), 'falco-expr-playground-'));
    node([vite, 'build', '--config', 'playground/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn']);
    expect(existsSync(join(outDir, 'index.html'))).toBe(true);
    server = await serveStatic(outDir);
    // launch() starts Chromium with a fresh temporary profile (--user-data-dir) of its own.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await open(server.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  async function open(url: string): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    p.setDefaultTimeout(8000);
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await p.goto(url);
    await p.waitForSelector('body[data-ready="true"]');
    return p;
  }

  /** Replaces the text of a CodeMirror editor by typing, as a person would. */
  async function typeInto(p: Page, editor: string, text: string) {
    await p.click(`${editor} .cm-content`);
    await p.keyboard.press('ControlOrMeta+A');
    await p.keyboard.press('Delete');
    await p.keyboard.type(text, { delay: 5 });
    await p.keyboard.press('Escape'); // close a completion list, if any
  }

  const editorText = async (p: Page, editor: string) => (await p.locator(`${editor} .cm-line`).allTextContents()).join('\n');

  it('loads with the sample rules, and shows which rules fire on the sample event', async () => {
    await page.waitForSelector('.fx-summary');
    expect(await page.textContent('.fx-summary')).toBe('1 of 5 rules fires on this event.');
    const fired = page.locator('.fx-rule[data-status="fired"]');
    expect(await fired.count()).toBe(1);
    expect(await fired.getAttribute('data-rule')).toBe('Shell spawned in a container');
    expect(await fired.locator('.fx-output').textContent()).toContain('shell=bash parent=containerd-shim');
    // The explain tree of the rule shows the values its checks saw.
    expect(await fired.locator('.fx-value[data-field="proc.name"] b').first().textContent()).toBe('"bash"');
    expect(await page.textContent('#problem-count')).toBe('no problems');
  });

  it('shows the coverage of the sample events for the open rules, as falco-expr test --coverage counts it', async () => {
    const root = new URL('../../playground/samples/', import.meta.url);
    const set = loadRules([{ path: 'rules.yaml', text: readFileSync(new URL('rules.yaml', root), 'utf8') }]);
    const engine = new RuleEngine(set);
    const collector = new CoverageCollector(set, engine);
    const samples = JSON.parse(readFileSync(new URL('events.json', root), 'utf8')) as Array<{ event: Record<string, unknown> }>;
    for (const s of samples) collector.observe(engine, s.event);
    const { covered, total } = collector.report().counts;
    const panel = page.locator('.fx-coverage');
    expect(await panel.getAttribute('data-covered')).toBe(String(covered));
    expect(await panel.getAttribute('data-total')).toBe(String(total));
    expect(await panel.locator('summary').textContent()).toMatch(new RegExp(`^Coverage of the ${samples.length} sample events: `));
  });

  it('highlights the condition language inside the YAML', async () => {
    // The colour of the first span of the rules editor with exactly this text (page code as a string: no DOM types here).
    const colorOf = (text: string) =>
      page.evaluate(`(() => {
        const span = [...document.querySelectorAll('#rules-editor .cm-line span')].find((s) => s.textContent === ${JSON.stringify(text)});
        return span ? getComputedStyle(span).color : undefined;
      })()`);
    expect(await colorOf('spawned_process')).toBe('rgb(162, 28, 175)'); // a macro
    expect(await colorOf('shell_binaries')).toBe('rgb(157, 23, 77)'); // a list
    expect(await colorOf('proc.pname')).toBe('rgb(29, 78, 216)'); // a field
    expect(await colorOf('proc.cmdline')).toBe('rgb(29, 78, 216)'); // a field in an output (after its %)
  });

  it('formats the rules file with the Format button, keeping what fires', async () => {
    await page.click('#format');
    await page.waitForFunction(`document.querySelector('#rules-editor .cm-content')?.textContent?.includes('and not fd.snet in (10.0.0.0/8, 192.168.0.0/16)')`);
    const text = await editorText(page, '#rules-editor');
    expect(text).toContain('  condition: >\n    spawned_process\n    and container\n    and proc.name in (shell_binaries)\n');
    await page.waitForSelector('.fx-summary');
    expect(await page.textContent('.fx-summary')).toBe('1 of 5 rules fires on this event.');
    expect(await page.textContent('#problem-count')).toBe('no problems');
  });

  it('shows the diagnostic for a mistake, then the right result for the fix', async () => {
    await page.click('#mode-condition');
    await typeInto(page, '#condition-editor', 'evt.type = execve and proc.nmae = bash');
    const squiggle = page.locator('#condition-editor .cm-lintRange-error');
    await squiggle.first().waitFor();
    expect(await page.getAttribute('.fx-verdict', 'data-verdict')).toBe('error');
    expect(await page.textContent('.fx-problems')).toContain("unknown field 'proc.nmae' (did you mean 'proc.name'?)");
    expect(await page.textContent('#problem-count')).toBe('1 error, 0 warnings');
    // The squiggle carries the message.
    await squiggle.first().hover();
    const tip = page.locator('.cm-tooltip-lint');
    await tip.waitFor();
    expect(await tip.textContent()).toContain("unknown field 'proc.nmae'");
    await page.mouse.move(0, 0);

    await typeInto(page, '#condition-editor', 'evt.type=execve   and (proc.name =bash');
    await page.locator('.fx-verdict[data-verdict="true"]').waitFor();
    await page.click('#format');
    expect(await editorText(page, '#condition-editor')).toBe('evt.type = execve and proc.name = bash');
    expect(await squiggle.count()).toBe(0);
    expect(await page.textContent('#problem-count')).toBe('no problems');
    const checks = page.locator('.fx-explain .fx-node[data-kind="check"]');
    expect(await checks.count()).toBe(2);
    expect(await page.textContent('.fx-explain .fx-value[data-field="proc.name"] b')).toBe('"bash"');
    expect(await page.textContent('.fx-explain .fx-value[data-field="evt.type"] b')).toBe('"execve"');
  });

  it('completes fields from the catalog, and macros and lists from the rules', async () => {
    await typeInto(page, '#condition-editor', 'evt.type = execve and proc.na');
    await page.keyboard.press('Control+Space');
    const list = page.locator('.cm-tooltip-autocomplete');
    await list.waitFor();
    expect(await list.textContent()).toContain('proc.name');
    await page.keyboard.press('Escape');
    await typeInto(page, '#condition-editor', 'spawned_process and proc.name in (shell_binaries)');
    await page.locator('.fx-verdict[data-verdict="true"]').waitFor();
    expect(await page.locator('.fx-macro', { hasText: 'spawned_process' }).count()).toBeGreaterThan(0);
    await page.click('#condition-editor .cm-content');
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type(' and not proc.pname in (pack', { delay: 5 });
    await list.waitFor();
    expect(await list.textContent()).toContain('package_managers');
    await page.waitForTimeout(200); // CodeMirror takes Enter for a completion only once the list has been shown a moment
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.locator('.fx-verdict[data-verdict="true"]').waitFor();
    expect(await editorText(page, '#condition-editor')).toBe('spawned_process and proc.name in (shell_binaries) and not proc.pname in (package_managers)');
  });

  it('shows what a word is on hover, as the language server does', async () => {
    await typeInto(page, '#condition-editor', 'proc.name startswith sh and spawned_process');
    await page.locator('.fx-verdict').waitFor();
    const tip = page.locator('.cm-tooltip .fx-hover');
    await page.locator('#condition-editor .fx-tok-field', { hasText: 'proc.name' }).hover();
    await tip.waitFor();
    expect(await tip.getAttribute('data-subject')).toBe('field');
    expect(await tip.textContent()).toContain('proc.name CHARBUF');
    await page.mouse.move(0, 0);
    await tip.waitFor({ state: 'detached' });
    await page.locator('#condition-editor .fx-tok-operator', { hasText: 'startswith' }).hover();
    await tip.waitFor();
    expect(await tip.getAttribute('data-subject')).toBe('operator');
    await page.mouse.move(0, 0);
    await tip.waitFor({ state: 'detached' });
    await page.locator('#condition-editor .fx-tok-macro', { hasText: 'spawned_process' }).hover();
    await tip.waitFor();
    expect(await tip.textContent()).toContain('evt.type');
    await page.mouse.move(0, 0);    // Inside a transformer call: its signature, the parameter being written underlined.
    await typeInto(page, '#condition-editor', 'join(",", ');
    const sig = page.locator('.fx-signature');
    await sig.waitFor();
    expect(await sig.locator('strong').textContent()).toBe('join(separator, list)');
    expect(await sig.locator('u').textContent()).toBe('list');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await sig.waitFor({ state: 'detached' });
  });

  it('completes inside the conditions and outputs of a rules file', async () => {
    await page.click('#mode-rules');
    const before = await editorText(page, '#rules-editor');
    const list = page.locator('.cm-tooltip-autocomplete');
    const line = (text: string) => page.locator('#rules-editor .cm-line', { hasText: text }).first();
    await line('and not proc.pname in (package_managers)').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' and fd.na', { delay: 5 });
    await list.waitFor();
    expect(await list.textContent()).toContain('fd.name');
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    await line('cmdline=%proc.cmdline container=%container.id)').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' image=%container.ima', { delay: 5 });
    await list.waitFor();
    expect(await list.textContent()).toContain('container.image.repository');
    await page.keyboard.press('Escape');
    // The first word of a one-line condition (the page offered nothing there before it used the library's analysis).
    await list.waitFor({ state: 'detached' });
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\n- macro: m\ncondition: pro', { delay: 5 });
    await page.locator('.cm-tooltip-autocomplete', { hasText: 'proc.name' }).waitFor();
    await page.keyboard.press('Escape');
    for (let i = 0; i < 80 && (await editorText(page, '#rules-editor')) !== before; i++) await page.keyboard.press('ControlOrMeta+Z');
    expect(await editorText(page, '#rules-editor')).toBe(before);
  });

  it('runs a sample event picked from the list', async () => {
    await page.click('#mode-condition');
    await typeInto(page, '#condition-editor', 'spawned_process and proc.name in (shell_binaries)');
    await page.locator('.fx-verdict[data-verdict="true"]').waitFor();
    await page.selectOption('#sample', { label: 'cat reads /etc/shadow' });
    await page.locator('.fx-verdict[data-verdict="false"]').waitFor();
    expect(await editorText(page, '#event-editor')).toContain('"fd.name": "/etc/shadow"');
    await page.click('#mode-rules');
    const fired = page.locator('.fx-rule[data-status="fired"]');
    await page.locator('.fx-rule[data-status="fired"][data-rule="Read sensitive file"]').waitFor();
    expect(await fired.count()).toBe(1);
    expect(await fired.locator('.fx-output').textContent()).toBe('Sensitive file opened (file=/etc/shadow process=cat user=root)');
    // An event edited by hand is a custom one (the editor closes the brace as it is typed).
    await typeInto(page, '#event-editor', '{"evt.type": "openat", "fd.name": "/etc/shadow"');
    await page.locator('.fx-summary[data-fired="0"]').waitFor();
    expect(await page.inputValue('#sample')).toBe('');
    // Something else than an object is reported.
    await typeInto(page, '#event-editor', '["openat"');
    await page.locator('[data-event-error]').waitFor();
    expect(await page.textContent('[data-event-error]')).toContain('must be a JSON object');
  });

  it('reproduces a case from a shared URL', async () => {
    await page.selectOption('#sample', { label: 'python3 under nginx → sh' });
    await page.click('#mode-condition');
    await typeInto(page, '#condition-editor', 'proc.aname[2] = nginx and proc.name startswith python');
    await page.locator('.fx-verdict[data-verdict="true"]').waitFor();
    await page.click('#share');
    await page.locator('#share-link').waitFor();
    const link = await page.inputValue('#share-link');
    expect(link).toMatch(/#z=[A-Za-z0-9_-]+$/);
    expect(link.startsWith(server.url)).toBe(true);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await context.newPage();
    other.on('pageerror', (e) => errors.push(e.message));
    await other.goto(link);
    await other.waitForSelector('body[data-ready="true"]');
    expect(await other.getAttribute('#mode-condition', 'aria-selected')).toBe('true');
    expect(await editorText(other, '#condition-editor')).toBe('proc.aname[2] = nginx and proc.name startswith python');
    expect(await other.inputValue('#sample')).toBe(String(5));
    expect(await other.getAttribute('.fx-verdict', 'data-verdict')).toBe('true');
    expect(await other.textContent('.fx-explain .fx-value[data-field="proc.aname[2]"] b')).toBe('"nginx"');
    // The rules went along too.
    await other.click('#mode-rules');
    await other.locator('.fx-rule[data-status="fired"][data-rule="Python started by a shell started by a web server"]').waitFor();
    await context.close();
  });

  it('raised no error in the page', () => {
    expect(errors).toEqual([]);
  });
});
