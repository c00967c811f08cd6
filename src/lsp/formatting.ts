import type { Range as LspRange, TextEdit } from 'vscode-languageserver';
import { formatRules } from '../rules/format.js';
import type { RulesFile } from './workspace.js';

/*
 * Document and range formatting with the rules-file formatter (../rules/format.ts). A range formats the
 * top-level items it touches: the formatter cuts its result at items, and the edit replaces the touched
 * items' text with their formatted text. A file with YAML or condition errors is not formatted (the
 * diagnostics already show why): no edits.
 */

export function formatDocument(file: RulesFile): TextEdit[] {
  const text = file.doc.getText();
  const r = formatRules(text);
  if (!r.changed || r.diagnostics.length) return [];
  return [{ range: { start: file.doc.positionAt(0), end: file.doc.positionAt(text.length) }, newText: r.text }];
}

export function formatRange(file: RulesFile, range: LspRange): TextEdit[] {
  const text = file.doc.getText();
  const r = formatRules(text);
  if (!r.changed || r.diagnostics.length) return [];
  const from = file.doc.offsetAt(range.start);
  const to = Math.max(from, file.doc.offsetAt(range.end));
  // Chunks touched by [from, to]; an empty range touches the chunk it is in.
  const touched = r.chunks.filter((c) => (c.start < to || (c.start === to && from === to)) && c.end > from);
  if (!touched.length) return [];
  const start = touched[0]!.start;
  const end = touched[touched.length - 1]!.end;
  // The rest of the document keeps its line ends: a range of a CRLF document gets CRLF (a whole-document
  // format makes them all `\n`).
  const joined = touched.map((c) => c.text).join('');
  const newText = text.includes('\r\n') ? joined.replace(/\n/g, '\r\n') : joined;
  if (newText === text.slice(start, end)) return [];
  return [{ range: { start: file.doc.positionAt(start), end: file.doc.positionAt(end) }, newText }];
}
