import type { ParameterInformation, SignatureHelp } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import { signatureInRules } from '../assist/signature.js';
import type { RulesFile, Workspace } from './workspace.js';

/* Signature help inside transformer calls of conditions: computed by the core (../assist/signature.ts), presented here. */

export { callAt } from '../assist/signature.js';

export function signatureHelp(ws: Workspace, file: RulesFile, offset: number): SignatureHelp | null {
  const sig = signatureInRules(file.doc.getText(), offset, ws.outline(file));
  if (!sig) return null;
  const parameters: ParameterInformation[] = sig.parameters.map((p) => ({ label: [p.start, p.end], documentation: p.documentation }));
  return {
    signatures: [{ label: sig.label, documentation: { kind: MarkupKind.Markdown, value: sig.documentation }, parameters }],
    activeSignature: 0,
    activeParameter: sig.active,
  };
}
