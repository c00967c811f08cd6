import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Range, Severity } from '../diagnostic.js';
import { codeDescription } from '../lint/index.js';
import type { RulesFile, Workspace } from './workspace.js';

/*
 * The linter's diagnostics for an open document, as LSP diagnostics, and the scheduling of re-lints while the
 * user types: a change after a quiet spell is linted at once (the next turn of the event loop, so that the
 * notifications of one edit are taken together), and while changes keep coming the next lint waits after the
 * last one for twice the time that one took, and never more than `debounceMs` (`lintGap`): the server lints
 * at most a third of the time, and a cheap lint does not keep the last keystroke of a burst waiting for the
 * whole `debounceMs` (a fixed gap made that keystroke wait up to `debounceMs` whenever it came just after a
 * lint ended). The edited document goes first, then the open documents that depend on it.
 */

/** How long the next lint waits after the last lints ended, given the time they took (ms). */
export function lintGap(lastBusyMs: number, debounceMs: number): number {
  return Math.max(0, Math.min(debounceMs, 2 * lastBusyMs));
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const UNNECESSARY = new Set(['LOAD_UNUSED_MACRO', 'LOAD_UNUSED_LIST', 'never-true']);
const DEPRECATED = new Set(['LOAD_DEPRECATED_ITEM', 'deprecated-field']);

export function toLspDiagnostic(d: Diagnostic, doc: TextDocument): LspDiagnostic {
  const start = doc.positionAt(d.range.start.offset);
  const end = doc.positionAt(Math.max(d.range.start.offset, d.range.end.offset));
  const out: LspDiagnostic = { range: { start, end }, severity: SEVERITY[d.severity], code: d.code, source: 'falco-expr', message: d.message };
  const tags: DiagnosticTag[] = [];
  if (UNNECESSARY.has(d.code)) tags.push(DiagnosticTag.Unnecessary);
  if (DEPRECATED.has(d.code)) tags.push(DiagnosticTag.Deprecated);
  if (tags.length) out.tags = tags;
  const desc = codeDescription(d.code);
  // The diagnostic's data goes to the client and comes back with a code action request (src/lsp/actions.ts).
  if (desc || d.data) out.data = { ...(desc ? { description: desc } : {}), ...d.data };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({
      message: r.message,
      location: { uri: r.file === undefined || r.file === d.file ? doc.uri : pathToFileURL(r.file).href, range: r.file === undefined || r.file === d.file ? { start: doc.positionAt(r.range.start.offset), end: doc.positionAt(r.range.end.offset) } : lspRange(r.range) },
    }));
  }
  return out;
}

export interface LintResult {
  uri: string;
  version: number;
  diagnostics: LspDiagnostic[];
  /** Time spent loading and linting, ms. */
  ms: number;
}

/** Lints one document with what it needs from the workspace; an empty result for files that are not rules files. */
export function lintDocument(ws: Workspace, file: RulesFile): LintResult {
  const t0 = performance.now();
  if (!ws.looksLikeRules(file)) return { uri: file.uri, version: file.doc.version, diagnostics: [], ms: 0 };
  const loaded = ws.load(file);
  const diagnostics = loaded.diagnostics.map((d) => toLspDiagnostic(d, file.doc));
  return { uri: file.uri, version: file.doc.version, diagnostics, ms: performance.now() - t0 };
}

export interface SchedulerStats {
  lints: number;
  lastMs: number;
  lastUri?: string;
  /** Lint times of the last runs (ms), newest last, at most 200. */
  recent: number[];
}

export class LintScheduler {
  private readonly queue: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private lastEnd = -Infinity;
  /** Time spent linting in the last run of the queue, and in the one going on (ms). */
  private lastBusy = 0;
  private busy = 0;
  /** Nothing is linted before the workspace has been read (the settings come after `initialized`). */
  private ready = false;
  readonly stats: SchedulerStats = { lints: 0, lastMs: 0, recent: [] };

  constructor(
    private readonly ws: Workspace,
    private readonly publish: (r: LintResult) => void,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Queues documents for a lint; `first` ones go to the head of the queue. */
  schedule(uris: string[], first = false): void {
    for (const u of uris) {
      const i = this.queue.indexOf(u);
      if (i >= 0) this.queue.splice(i, 1);
    }
    if (first) this.queue.unshift(...uris);
    else this.queue.push(...uris);
    this.arm();
  }

  /** Starts linting (what was queued so far included). */
  start(): void {
    this.ready = true;
    this.arm();
  }

  private arm(): void {
    if (!this.ready || this.timer || this.immediate || this.queue.length === 0) return;
    const wait = this.lastEnd + lintGap(this.lastBusy, this.ws.settings.debounceMs) - performance.now();
    if (wait <= 0) this.immediate = setImmediate(() => this.run());
    else this.timer = setTimeout(() => this.run(), wait);
  }

  /** Lints the head of the queue, then yields to pending requests before the next one. */
  private run(): void {
    this.timer = undefined;
    this.immediate = undefined;
    const uri = this.queue.shift();
    if (uri !== undefined) {
      const file = this.ws.get(uri);
      if (file?.open) {
        try {
          const r = lintDocument(this.ws, file);
          this.stats.lints++;
          this.stats.lastMs = r.ms;
          this.stats.lastUri = uri;
          this.stats.recent.push(r.ms);
          this.busy += r.ms;
          if (this.stats.recent.length > 200) this.stats.recent.shift();
          this.publish(r);
        } catch (e) {
          this.onError(e);
        }
      }
    }
    if (this.queue.length) this.immediate = setImmediate(() => this.run());
    else {
      this.lastEnd = performance.now();
      this.lastBusy = this.busy;
      this.busy = 0;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.queue.length = 0;
  }
}

/** A range of another file, from its 1-based lines and columns. */
function lspRange(r: Range) {
  return { start: { line: r.start.line - 1, character: r.start.column - 1 }, end: { line: r.end.line - 1, character: r.end.column - 1 } };
}
