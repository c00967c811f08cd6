import { createSyntaxDiagramsCode } from 'chevrotain';
import { grammarProductions } from './parser.js';

/** The syntax diagrams of the condition grammar as a standalone HTML page. */
export function diagramsHtml(): string {
  return createSyntaxDiagramsCode(grammarProductions());
}
