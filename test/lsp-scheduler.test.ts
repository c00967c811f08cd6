import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintGap, LintScheduler, type LintResult } from '../src/lsp/diagnostics.js';
import { Workspace } from '../src/lsp/workspace.js';

// The lint scheduling while a user types, on a fake clock (vitest's fake timers: no real time is waited for).

describe('lintGap', () => {
  it('is twice the last lints\' time, at most debounceMs, never negative', () => {
    expect(lintGap(7, 100)).toBe(14);
    expect(lintGap(190, 100)).toBe(100);
    expect(lintGap(0, 100)).toBe(0);
    expect(lintGap(30, 0)).toBe(0);
    expect(lintGap(-1, 100)).toBe(0);
  });
});

describe('LintScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const text = '- macro: m\n  condition: proc.name = x\n';
  function setUp(lintMs: number, debounceMs = 100) {
    const ws = new Workspace();
    ws.settings = { ...ws.settings, debounceMs, scanWorkspace: false };
    const doc = TextDocument.create('file:///w/a.yaml', 'yaml', 1, text);
    const file = ws.open(doc);
    const published: Array<{ version: number; at: number; ms: number }> = [];
    // A lint "takes" lintMs on the fake clock (no timer of the scheduler is armed while it lints).
    const load = ws.load.bind(ws);
    ws.load = (f) => {
      const r = load(f);
      vi.advanceTimersByTime(lintMs);
      return r;
    };
    const s = new LintScheduler(ws, (r: LintResult) => published.push({ version: r.version, at: performance.now(), ms: r.ms }), (e) => {
      throw e;
    });
    const type = (version: number) => {
      TextDocument.update(doc, [{ text: text + '#'.repeat(version) }], version);
      ws.touched(file.uri);
      s.schedule([file.uri], true);
    };
    return { s, type, published };
  }

  it('lints a change after a quiet spell at once', () => {
    const { s, type, published } = setUp(5);
    s.start();
    type(2);
    vi.advanceTimersByTime(0);
    expect(published.map((p) => p.version)).toEqual([2]);
    s.dispose();
  });

  it('lints the last keystroke of a burst within twice the lint time when lints are cheap', () => {
    // 10 keystrokes 25 ms apart; each lint takes 7 ms: every keystroke is linted before the next one comes.
    const { s, type, published } = setUp(7);
    s.start();
    const typedAt: number[] = [];
    for (let v = 2; v < 12; v++) {
      typedAt.push(performance.now());
      type(v);
      vi.advanceTimersByTime(25);
    }
    expect(published.at(-1)!.version).toBe(11);
    expect(published.at(-1)!.at - typedAt.at(-1)!).toBeLessThanOrEqual(14);
    expect(published.map((p) => p.version)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    s.dispose();
  });

  it('still lints at most once per debounceMs when lints are costly', () => {
    const { s, type, published } = setUp(190, 100);
    s.start();
    for (let v = 2; v < 12; v++) {
      type(v);
      vi.advanceTimersByTime(25);
    }
    vi.advanceTimersByTime(1000);
    // Every lint but the first starts debounceMs after the one before ended; the last keystroke is linted.
    expect(published.at(-1)!.version).toBe(11);
    expect(published.length).toBeLessThan(10);
    for (let i = 1; i < published.length; i++) expect(published[i]!.at - published[i]!.ms - published[i - 1]!.at).toBeGreaterThanOrEqual(100);
    s.dispose();
  });
});
