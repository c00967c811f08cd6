import type { FieldInfo } from '../fields/catalog.js';
import { MODIFIERS, OPERATORS, operatorWords, transformerSignature } from '../language/vocabulary.js';
import type { ListDef, MacroDef } from '../rules/loader.js';

/** Short texts for completion details and hovers. */

/** A table without a prototype: a word such as `constructor` finds nothing in it. */
const table = (entries: Iterable<readonly [string, string]>): Readonly<Record<string, string | undefined>> =>
  Object.assign(Object.create(null) as Record<string, string>, Object.fromEntries(entries));

/** One sentence per operator and modifier, from the vocabulary. */
export const OPERATOR_DOCS = table(OPERATORS.map((o) => [o.word, o.doc]));

export const MODIFIER_DOCS = table(MODIFIERS.map((m) => [m.word, m.doc]));

export const KEY_DOCS = table(Object.entries({
  rule: 'The rule name (unique).',
  macro: 'The macro name: use it in conditions where a check is expected.',
  list: `The list name: use it after ${operatorWords('list').map((w) => `\`${w}\``).join(', ')} or inside \`( … )\`.`,
  condition: 'The condition: a Falco filter expression.',
  output: 'The alert text; `%field` is replaced by the field value.',
  desc: 'What the rule detects.',
  priority: 'Severity: emergency, alert, critical, error, warning, notice, informational, debug.',
  source: 'The event source (default `syscall`; plugin sources such as `k8s_audit`, `aws_cloudtrail`).',
  tags: 'Tags, for filtering rules (`-T`, `rules_matching`).',
  enabled: 'Whether the rule is loaded enabled (default true).',
  exceptions: 'Named exceptions: fields, comps and values that must not match.',
  warn_evttypes: 'Warn when the condition does not restrict evt.type (default true).',
  'skip-if-unknown-filter': 'Skip the rule instead of failing when a field is unknown to this Falco.',
  override: 'Per key, `append` to or `replace` the item defined earlier.',
  append: 'Deprecated: append to the item defined earlier (use `override`).',
  items: 'The list items.',
  capture: 'Capture events around the alert (Falco 0.39+).',
  capture_duration: 'How long to capture, ms.',
  required_engine_version: 'The oldest Falco engine version these rules need.',
  required_plugin_versions: 'Plugins (and versions) these rules need.',
  name: 'The exception name (unique within the rule).',
  fields: 'The fields the exception compares (a field or a list of fields).',
  comps: `The comparison operator for each field (default \`=\`, or \`${operatorWords('list')[0]}\` for a single field).`,
  values: 'The values (tuples, one value per field) that make the rule not match.',
}));

export function fieldFlags(f: FieldInfo): string[] {
  const flags: string[] = [];
  if (f.list) flags.push('list');
  if (f.arg.kind !== 'none') flags.push(f.arg.required ? 'argument required' : 'argument allowed');
  if (f.noRhs) flags.push('no rhs');
  if (f.noTransformer) flags.push('no transformer');
  if (f.filterOnly) flags.push('filter only');
  if (f.printOnly) flags.push('output only');
  if (f.tableOnly) flags.push('table only');
  if (f.deprecated) flags.push('deprecated');
  if (f.extension) flags.push('falco-expr extension');
  return flags;
}

export function fieldDetail(f: FieldInfo): string {
  return `${f.type}${f.list ? ' (list)' : ''}`;
}

function argText(f: FieldInfo): string | undefined {
  const { kind, style, values } = f.arg;
  if (kind === 'none') return undefined;
  const what = values ? values.join(' | ') : kind === 'index' ? 'N' : kind === 'key' ? 'NAME' : 'N or NAME';
  if (style === 'dot') return `${f.name}.${what}`;
  if (style === 'both') return `${f.name}[N] or ${f.name}.NAME`;
  return `${f.name}[${what}]`;
}

export function fieldMarkdown(f: FieldInfo): string {
  const lines = [`**${f.name}** \`${fieldDetail(f)}\``];
  const flags = fieldFlags(f);
  const meta = [`class \`${f.class}\``];
  if (f.source) meta.push(`source \`${f.source}\``);
  if (f.plugin) meta.push(`plugin \`${f.plugin}\``);
  if (flags.length) meta.push(`flags: ${flags.join(', ')}`);
  lines.push('', meta.join(' · '));
  const arg = argText(f);
  if (arg) lines.push('', `Argument: \`${arg}\``);
  if (f.description) lines.push('', f.description);
  return lines.join('\n');
}

export function transformerMarkdown(name: string): string | undefined {
  const sig = transformerSignature(name);
  if (!sig) return undefined;
  const lines = [`**${sig.label}** — transformer`, '', sig.summary];
  for (const n of sig.notes ?? []) lines.push('', n);
  return lines.join('\n');
}

const MAX_SHOWN = 1500;

function clip(s: string, max = MAX_SHOWN): string {
  return s.length > max ? `${s.slice(0, max)} …` : s;
}

export function macroMarkdown(m: MacroDef, where: string, expanded?: string): string {
  const lines = [`**macro** \`${m.name}\` — ${where}`, '', '```falco', clip(m.condition.text.trim()), '```'];
  if (expanded !== undefined && expanded !== m.condition.text.trim()) lines.push('', 'Expanded:', '', '```falco', clip(expanded, 4000), '```');
  if (!m.used) lines.push('', '_Not used by any loaded rule._');
  return lines.join('\n');
}

export function listMarkdown(l: ListDef, where: string, expanded?: string[]): string {
  const shown = l.items.length > 40 ? [...l.items.slice(0, 40), `… ${l.items.length - 40} more`] : l.items;
  const lines = [`**list** \`${l.name}\` — ${l.items.length} item${l.items.length === 1 ? '' : 's'} — ${where}`, '', '```yaml', `[${shown.join(', ')}]`, '```'];
  if (expanded && expanded.join('\u0000') !== l.items.join('\u0000')) {
    lines.push('', `Expanded (${expanded.length} items):`, '', '```yaml', clip(`[${expanded.join(', ')}]`), '```');
  }
  return lines.join('\n');
}

/** The documentation (markdown) of what a completion item names, from the catalog and the definitions in scope. */
export function documentationOf(
  ref: { kind: 'field' | 'macro' | 'list' | 'transformer'; name: string },
  ctx: { catalog: { get(name: string): FieldInfo | undefined }; macros: ReadonlyMap<string, string>; lists: ReadonlyMap<string, readonly string[]> },
): string | undefined {
  switch (ref.kind) {
    case 'field': {
      const f = ctx.catalog.get(ref.name);
      return f && fieldMarkdown(f);
    }
    case 'transformer':
      return transformerMarkdown(ref.name);
    case 'macro': {
      const text = ctx.macros.get(ref.name);
      return text === undefined ? undefined : `**macro** \`${ref.name}\`\n\n\`\`\`falco\n${clip(text.trim())}\n\`\`\``;
    }
    case 'list': {
      const items = ctx.lists.get(ref.name);
      return items === undefined ? undefined : `**list** \`${ref.name}\` — ${items.length} item${items.length === 1 ? '' : 's'}\n\n\`\`\`yaml\n${clip(`[${items.join(', ')}]`)}\n\`\`\``;
    }
  }
}
