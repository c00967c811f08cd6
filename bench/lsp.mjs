// Language server latency for editors: time from a keystroke (didChange) in falco_rules.yaml to the fresh
// diagnostics, over stdio with a real LSP client, and the lint time itself inside the server. Two workspaces:
// falco_rules.yaml alone, and the whole rules corpus (the other files are read as workspace rules files); and a
// large file: the ten corpus files joined, 16 times over (5.3 MB), typed into as a user types (every text new).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
  InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Workspace } from '../dist/lsp/workspace.js';
import { lintDocument } from '../dist/lsp/diagnostics.js';
import { sharedUrl } from './corpus.mjs';

const server = new URL('../dist/lsp/standalone.js', import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const r2 = (x) => +x.toFixed(2);

/** Where a keystroke goes: inside the first condition of the file. */
function keystrokeAt(text) {
  // The first condition of an item (not one in a comment), after its first word: a blank typed there changes the
  // condition's text (a trailing blank of a plain scalar would not), so the edited item is checked again, and
  // every rule that sees it when it is a macro.
  const m = /^[ \t]+condition:[ \t]*(\S+) /m.exec(text);
  if (!m) throw new Error('no condition to type in');
  const i = m.index + m[0].length - 1;
  const before = text.slice(0, i);
  return { line: before.split('\n').length - 1, character: i - (before.lastIndexOf('\n') + 1) };
}

/** The large file: the corpus files joined (in name order), 16 times over. */
export function largeFile(corpusDir) {
  const corpus = readdirSync(corpusDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => readFileSync(join(corpusDir, f), 'utf8')).join('\n');
  return Array.from({ length: 16 }, () => corpus).join('\n');
}

async function session(rootDir, filePath, { keystrokes = 40, gapMs = 150, typing = true, bursts = 5 } = {}) {
  const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const uri = pathToFileURL(filePath).href;
  const waiters = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    for (const w of [...waiters]) if (p.uri === uri && p.version === w.version) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(performance.now());
    }
  });
  const diagnosticsOf = (version) => new Promise((resolve) => waiters.push({ version, resolve }));
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(rootDir).href, capabilities: {} });
  await conn.sendNotification(InitializedNotification.type, {});
  const text = readFileSync(filePath, 'utf8');
  const t0 = performance.now();
  const first = diagnosticsOf(1);
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const openMs = (await first) - t0;
  const at = keystrokeAt(text);
  let version = 1;
  let typed = false;
  const type = () => {
    // Type a blank in a condition: the YAML stays valid, the condition's text changes, and every text is new, as
    // when a user types (`typing: false` types a blank and deletes it again, alternately: two texts).
    version++;
    const change = typed && !typing
      ? { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }
      : { range: { start: at, end: at }, text: ' ' };
    typed = !typed;
    return conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
  };
  // Single keystrokes after a pause: what a user waits for (after 5 to warm the server up, as any editing does).
  const single = [];
  for (let i = -5; i < keystrokes; i++) {
    await sleep(gapMs);
    const done = diagnosticsOf(version + 1);
    const t = performance.now();
    await type();
    const dt = (await done) - t;
    if (i >= 0) single.push(dt);
  }
  // A burst of typing (10 keystrokes 25 ms apart): from the last keystroke to its diagnostics.
  const burst = [];
  for (let b = 0; b < bursts; b++) {
    await sleep(gapMs);
    for (let i = 0; i < 9; i++) {
      await type();
      await sleep(25);
    }
    const done = diagnosticsOf(version + 1);
    const t = performance.now();
    await type();
    burst.push((await done) - t);
  }
  const stats = await conn.sendRequest('falco-expr/stats');
  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  await new Promise((r) => proc.on('exit', r));
  conn.dispose();
  return { openMs, single, burst, serverMedian: stats.medianMs };
}

/** The lint itself, in process: a changed falco_rules.yaml loaded again with its workspace. */
function inProcess(rootDir, filePath, { rounds = 60, typing = true } = {}) {
  const ws = new Workspace();
  ws.folders = [rootDir];
  ws.scan();
  const uri = pathToFileURL(filePath).href;
  const text = readFileSync(filePath, 'utf8');
  const doc = TextDocument.create(uri, 'yaml', 1, text);
  const file = ws.open(doc);
  const at = keystrokeAt(text);
  const times = [];
  for (let i = 0; i < rounds; i++) {
    TextDocument.update(doc, [i % 2 && !typing ? { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' } : { range: { start: at, end: at }, text: ' ' }], i + 2);
    ws.touched(uri);
    const t = performance.now();
    lintDocument(ws, file);
    if (i >= Math.min(10, rounds / 4)) times.push(performance.now() - t);
  }
  return { median: median(times), loadedFiles: ws.load(file).files.length };
}

export async function run() {
  const corpusDir = sharedUrl('corpus/rules/').pathname;
  const alone = mkdtempSync(join(tmpdir(), 'falco-expr-bench-lsp-'));
  const alonePath = join(alone, 'falco_rules.yaml');
  writeFileSync(alonePath, readFileSync(join(corpusDir, 'falco_rules.yaml')));
  const a = await session(alone, alonePath);
  const w = await session(corpusDir, join(corpusDir, 'falco_rules.yaml'), { keystrokes: 20 });
  const ia = inProcess(alone, alonePath);
  const iw = inProcess(corpusDir, join(corpusDir, 'falco_rules.yaml'));
  const largeDir = mkdtempSync(join(tmpdir(), 'falco-expr-bench-lsp-large-'));
  const largePath = join(largeDir, 'large_rules.yaml');
  writeFileSync(largePath, largeFile(corpusDir));
  const l = await session(largeDir, largePath, { keystrokes: 10, gapMs: 300, typing: true, bursts: 1 });
  const il = inProcess(largeDir, largePath, { rounds: 16, typing: true });
  return {
    name: 'lsp',
    file: 'falco_rules.yaml',
    'open → diagnostics ms': r2(a.openMs),
    'keystroke → diagnostics ms (median)': r2(median(a.single)),
    'keystroke → diagnostics ms (p95)': r2(p95(a.single)),
    'keystroke → diagnostics ms (max)': r2(Math.max(...a.single)),
    'burst: last keystroke → diagnostics ms (median)': r2(median(a.burst)),
    'server lint ms (median)': r2(a.serverMedian),
    'in-process lint ms (median)': r2(ia.median),
    'corpus workspace: files loaded': iw.loadedFiles,
    'corpus workspace: keystroke → diagnostics ms (median)': r2(median(w.single)),
    'corpus workspace: keystroke → diagnostics ms (p95)': r2(p95(w.single)),
    'corpus workspace: in-process lint ms (median)': r2(iw.median),
    'large file (corpus × 16) MB': r2(readFileSync(largePath).length / 1e6),
    'large file: open → diagnostics ms': r2(l.openMs),
    'large file: keystroke → diagnostics ms (median)': r2(median(l.single)),
    'large file: keystroke → diagnostics ms (max)': r2(Math.max(...l.single)),
    'large file: in-process lint ms (median)': r2(il.median),
    'large file target': '<= 500 ms',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());
