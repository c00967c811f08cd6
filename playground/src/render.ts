import { explainView, type Diagnostic, type Explanation, type ExplainView } from 'falco-expr';
import { describeCode, type RuleOutcome } from './analysis.js';

/* The result pane, as plain DOM: which rules fire with their output, and explain trees with the values seen. */

type Child = Node | string | null | undefined | false;

export function h(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c);
  return el;
}

/** The explain tree as the core lays it out (`explainView`): ✓ true, ✗ false, · not evaluated, each side's value. */
function explainTree(v: ExplainView): HTMLElement {
  const x = v.node;
  const title = v.status === 'skipped' ? `not evaluated (would be ${x.result})` : String(x.result);
  const label = x.kind === 'check' ? h('code', { class: 'fx-check' }, v.label) : h('span', { class: 'fx-bool' }, v.label);
  const values = v.values.map(({ text, value }) => h('span', { class: 'fx-value', 'data-field': text }, h('code', {}, text), ' = ', h('b', {}, value)));
  const line = h(
    'div',
    { class: 'fx-node-line' },
    h('span', { class: 'fx-mark', title }, v.mark),
    ' ',
    label,
    ...values,
    x.macro ? h('span', { class: 'fx-macro', title: `from macro ${x.macro}` }, x.macro) : null,
  );
  const li = h('li', { class: `fx-node fx-${v.status}`, 'data-kind': x.kind, 'data-result': v.status }, line);
  if (v.children.length) li.append(h('ul', {}, ...v.children.map(explainTree)));
  return li;
}

export function explainList(x: Explanation): HTMLElement {
  return h('ul', { class: 'fx-explain' }, explainTree(explainView(x)));
}

export function problemList(ds: readonly Diagnostic[], onPick: (d: Diagnostic) => void): HTMLElement {
  return h(
    'ul',
    { class: 'fx-problems' },
    ...ds.map((d) => {
      const li = h(
        'li',
        { class: `fx-problem fx-${d.severity}`, title: describeCode(d.code) ?? d.code, tabindex: '0' },
        h('span', { class: 'fx-sev' }, d.severity),
        h('span', { class: 'fx-where' }, `${d.range.start.line}:${d.range.start.column}`),
        h('span', { class: 'fx-msg' }, d.message),
        h('code', { class: 'fx-code' }, d.code),
      );
      li.addEventListener('click', () => onPick(d));
      li.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') onPick(d);
      });
      return li;
    }),
  );
}

export function ruleOutcomes(outcomes: readonly RuleOutcome[], hasErrors = false): HTMLElement {
  const fired = outcomes.filter((o) => o.status === 'fired');
  const others = outcomes.filter((o) => o.status !== 'fired');
  const item = (o: RuleOutcome) => {
    const p = o.rule.priority.toLowerCase();
    const head = h(
      'summary',
      {},
      h('span', { class: `fx-status fx-status-${o.status}` }, o.status === 'fired' ? 'fires' : o.status === 'quiet' ? 'quiet' : o.status),
      h('span', { class: 'fx-rule-name' }, o.rule.name),
      h('span', { class: `fx-prio fx-prio-${p}` }, o.rule.priority),
    );
    const body: Child[] = [];
    if (o.alert) body.push(h('div', { class: 'fx-output' }, o.alert.output.text));
    if (o.status === 'broken') body.push(h('div', { class: 'fx-note' }, 'The condition does not compile: see the problems below.'));
    if (o.status === 'disabled') body.push(h('div', { class: 'fx-note' }, 'The rule is disabled (enabled: false).'));
    if (o.status === 'shadowed') body.push(h('div', { class: 'fx-note' }, `Its condition holds, but '${o.shadowedBy?.name}' matched first: Falco (rule_matching: first) stops at the first rule that matches an event.`));
    if (o.explanation) body.push(explainList(o.explanation));
    const d = h('details', { class: `fx-rule fx-rule-${o.status}`, 'data-rule': o.rule.name, 'data-status': o.status }, head, ...body);
    if (o.status === 'fired') (d as HTMLDetailsElement).open = true;
    return d;
  };
  const n = outcomes.length;
  return h(
    'div',
    { class: 'fx-rules-result' },
    h(
      'p',
      { class: 'fx-summary', 'data-fired': String(fired.length) },
      n === 0 ? (hasErrors ? 'No rule loaded: see the problems below.' : 'The file has no rules yet.') : `${fired.length} of ${n} rule${n === 1 ? '' : 's'} ${fired.length === 1 ? 'fires' : 'fire'} on this event.`,
    ),
    ...fired.map(item),
    others.length ? h('h3', {}, fired.length ? 'Other rules' : 'Rules') : null,
    ...others.map(item),
  );
}
