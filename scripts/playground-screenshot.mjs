#!/usr/bin/env node
// Takes the README's screenshot of the playground (docs/playground.png): builds the page with Vite, serves it on
// 127.0.0.1, opens a shared link (rules with one mistake, a sample event) in Debian's Chromium through
// playwright-core, hovers the mistake and saves a 1280x800 PNG. Needs /usr/bin/chromium (apt-get install chromium).
//
//   node scripts/playground-screenshot.mjs [--no-build] [--out docs/playground.png]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { distDir, serveStatic } from '../playground/serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const out = outArg >= 0 ? args[outArg + 1] : `${root}docs/playground.png`;
const CHROMIUM = '/usr/bin/chromium';
const MAX_BYTES = 200 * 1024;

if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  process.exit(2);
}
if (!args.includes('--no-build')) {
  execFileSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build', '--config', 'playground/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

// The case to show, written as a shared link (the page's own `#z=` format): the sample rules with a typo.
const rules = readFileSync(`${root}playground/samples/rules.yaml`, 'utf8').replace('open_read and fd.name in (sensitive_files)', 'open_read and fd.nmae in (sensitive_files)');
const samples = JSON.parse(readFileSync(`${root}playground/samples/events.json`, 'utf8'));
const state = {
  v: 1,
  m: 'rules',
  r: rules,
  c: 'spawned_process and proc.name in (shell_binaries)',
  e: JSON.stringify(samples[0].event, null, 2),
};
const fragment = `z=${deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64url')}`;

/**
 * Re-encodes an 8-bit RGB or RGBA PNG with no row filter and zlib level 9: for screenshots of flat UI this is a
 * fifth smaller than what the browser writes, losslessly.
 */
function recompressPng(png) {
  const chunks = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    chunks.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + len) });
    at += 12 + len;
  }
  const ihdr = chunks[0].data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const bpp = { 2: 3, 6: 4 }[ihdr[9]];
  if (ihdr[8] !== 8 || !bpp || ihdr[12] !== 0) return png;
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * bpp;
  const out = Buffer.alloc((stride + 1) * height);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? line[x - bpp] : 0;
      const b = prev[x];
      const c = x >= bpp ? prev[x - bpp] : 0;
      let p = 0;
      if (filter === 1) p = a;
      else if (filter === 2) p = b;
      else if (filter === 3) p = (a + b) >> 1;
      else if (filter === 4) {
        const q = a + b - c;
        const pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[x] = (line[x] + p) & 0xff;
    }
    line.copy(out, y * (stride + 1) + 1); // filter byte 0: none
    prev = line;
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const smaller = Buffer.concat([png.subarray(0, 8), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(out, { level: 9, memLevel: 9 })), chunk('IEND', Buffer.alloc(0))]);
  return smaller.length < png.length ? smaller : png;
}

const server = await serveStatic(distDir);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await page.goto(`${server.url}#${fragment}`);
  await page.waitForSelector('body[data-ready="true"]');
  const squiggle = page.locator('#rules-editor .cm-lintRange-error').first();
  await squiggle.waitFor();
  // Show the firing rule and the one with the mistake.
  await page.evaluate(`(() => {
    const lines = [...document.querySelectorAll('#rules-editor .cm-line')];
    const at = lines.findIndex((l) => l.textContent.startsWith('- rule: Shell spawned'));
    document.querySelector('#rules-editor .cm-scroller').scrollTop = lines[at].offsetTop - 8;
  })()`);
  await page.waitForTimeout(200);
  await squiggle.hover();
  await page.locator('.cm-tooltip-lint').waitFor();
  await page.waitForTimeout(200);
  writeFileSync(out, recompressPng(await page.screenshot({ type: 'png' })));
} finally {
  await browser.close();
  await server.close();
}
const size = statSync(out).size;
console.log(`${out}: ${size} bytes`);
if (size > MAX_BYTES) {
  console.error(`the screenshot is over ${MAX_BYTES} bytes`);
  process.exit(1);
}
