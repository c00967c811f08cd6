import { autocompletion } from '@codemirror/autocomplete';
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { syntaxHighlighting } from '@codemirror/language';
import { forceLinting, linter, lintGutter, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, basicSetup } from 'codemirror';
import { format, formatRules, parse, type Diagnostic } from 'falco-expr';
import rulesSample from '../samples/rules.yaml?raw';
import eventSamples from '../samples/events.json';
import { analyzeCondition, analyzeRules, parseEvent, runRules, sampleCoverage, type SampleCoverage } from './analysis.js';
import { conditionSupport, highlightStyle, known, namesChanged, rulesSupport } from './language.js';
import { explainList, h, problemList, ruleOutcomes } from './render.js';
import { decodeState, encodeState, type Mode, type PlaygroundState } from './share.js';
import './style.css';

/*
 * The playground: a rules (or condition) editor, an event editor and a result pane, all computed in the page by
 * the library itself (`import … from 'falco-expr'`, the package root that Node users import). The state lives
 * in the URL fragment, so a link reproduces a case.
 */

const samples = eventSamples as Array<{ name: string; event: Record<string, unknown> }>;
const DEFAULT_CONDITION = 'spawned_process and proc.name in (shell_binaries)\nand not proc.pname in (package_managers)';
const eventText = (i: number) => JSON.stringify(samples[i]!.event, null, 2);

const DEFAULTS: PlaygroundState = { mode: 'rules', rules: rulesSample, condition: DEFAULT_CONDITION, event: eventText(0) };

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Library diagnostics (0-based UTF-16 offsets) as CodeMirror's, clamped to the document. */
function toCm(ds: readonly Diagnostic[], length: number): CmDiagnostic[] {
  return ds.map((d) => {
    const from = Math.min(Math.max(0, d.range.start.offset), length);
    const to = Math.min(Math.max(from, d.range.end.offset), length);
    return { from, to, severity: d.severity, message: d.message, source: d.code };
  });
}

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace', lineHeight: '1.5' },
});

function editor(parent: HTMLElement, doc: string, extensions: Extension[]): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [basicSetup, autocompletion({ icons: false }), theme, syntaxHighlighting(highlightStyle), lintGutter(), EditorView.updateListener.of((u) => u.docChanged && schedule()), ...extensions],
    }),
  });
}

let mode: Mode = 'rules';

const rulesView = editor($('rules-editor'), DEFAULTS.rules, [
  rulesSupport(),
  linter((v) => toCm(analyzeRules(v.state.doc.toString()).diagnostics, v.state.doc.length), { delay: 150 }),
]);

const conditionView = editor($('condition-editor'), DEFAULTS.condition, [
  conditionSupport(),
  EditorView.lineWrapping,
  linter((v) => toCm(analyzeCondition(v.state.doc.toString(), rulesView.state.doc.toString()).diagnostics, v.state.doc.length), { delay: 150 }),
]);

const eventView = editor($('event-editor'), DEFAULTS.event, [
  json(),
  linter((v) => {
    const parsed = jsonParseLinter()(v);
    if (parsed.length) return parsed;
    const r = parseEvent(v.state.doc.toString());
    return r.error ? [{ from: 0, to: Math.min(1, v.state.doc.length), severity: 'error', message: r.error }] : [];
  }, { delay: 150 }),
]);

function setDoc(view: EditorView, text: string) {
  if (view.state.doc.toString() !== text) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

function currentState(): PlaygroundState {
  return { mode, rules: rulesView.state.doc.toString(), condition: conditionView.state.doc.toString(), event: eventView.state.doc.toString() };
}

function applyState(s: PlaygroundState) {
  setDoc(rulesView, s.rules);
  setDoc(conditionView, s.condition);
  setDoc(eventView, s.event);
  setMode(s.mode);
}

/** What the sample events exercise in the open rules, with the goals not met. */
function coverageView(c: SampleCoverage): HTMLElement {
  const { covered, total, percent } = c.report.counts;
  return h(
    'details',
    { class: 'fx-coverage', 'data-covered': String(covered), 'data-total': String(total) },
    h('summary', {}, `Coverage of the ${c.report.events} sample events: ${percent.toFixed(1)}% of goals (${covered}/${total}): rules fired and not, macros and lists used, checks seen true and false`),
    c.uncovered.length ? h('ul', { class: 'fx-uncovered' }, ...c.uncovered.map((u) => h('li', {}, u))) : h('p', { class: 'fx-note' }, 'Every goal is met.'),
  );
}

// --- modes and samples -----------------------------------------------------------------------------------

function setMode(m: Mode) {
  mode = m;
  document.body.dataset.mode = m;
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-mode]')) b.setAttribute('aria-selected', String(b.dataset.mode === m));
  $('rules-editor').hidden = m !== 'rules';
  $('condition-editor').hidden = m !== 'condition';
  $('editor-title').textContent = m === 'rules' ? 'rules.yaml' : 'condition';
  $('format').title = m === 'rules' ? 'Format the rules file (canonical conditions, consistent layout, comments kept)' : 'Rewrite the condition in canonical form';
  const view = m === 'rules' ? rulesView : conditionView;
  view.requestMeasure();
  forceLinting(view);
  schedule();
}

for (const b of document.querySelectorAll<HTMLButtonElement>('[data-mode]')) {
  b.addEventListener('click', () => setMode(b.dataset.mode as Mode));
}

const select = $<HTMLSelectElement>('sample');
select.append(h('option', { value: '' }, 'Custom event'), ...samples.map((s, i) => h('option', { value: String(i) }, s.name)));
select.addEventListener('change', () => {
  if (select.value !== '') setDoc(eventView, eventText(Number(select.value)));
});

/** The sample the event editor holds, if any (whatever its formatting). */
function syncSample(text: string) {
  let value = '';
  try {
    const canon = JSON.stringify(JSON.parse(text));
    const i = samples.findIndex((s) => JSON.stringify(s.event) === canon);
    if (i >= 0) value = String(i);
  } catch {
    /* not JSON: a custom event */
  }
  select.value = value;
}

$('format').addEventListener('click', () => {
  if (mode === 'rules') {
    // A file with YAML or condition errors is left as it is (its problems are already shown).
    const r = formatRules(rulesView.state.doc.toString());
    if (r.changed) setDoc(rulesView, r.text);
    return;
  }
  const r = parse(conditionView.state.doc.toString(), { maxDepth: 1000 });
  if (r.ast) setDoc(conditionView, format(r.ast));
});

// --- results ---------------------------------------------------------------------------------------------

function reveal(view: EditorView, d: Diagnostic) {
  const len = view.state.doc.length;
  const from = Math.min(d.range.start.offset, len);
  view.dispatch({ selection: { anchor: from, head: Math.min(Math.max(from, d.range.end.offset), len) }, scrollIntoView: true });
  view.focus();
}

let knownNames = '';

function refresh() {
  const s = currentState();
  const rules = analyzeRules(s.rules);
  const names = JSON.stringify([Object.keys(rules.macros), Object.keys(rules.lists)]);
  known.macros = new Map(Object.entries(rules.macros));
  known.lists = new Map(Object.entries(rules.lists));
  if (names !== knownNames) {
    knownNames = names;
    for (const v of [rulesView, conditionView]) v.dispatch({ effects: namesChanged.of(null) });
  }
  syncSample(s.event);

  const out = $('result');
  const parsed = parseEvent(s.event);
  const nodes: Node[] = [];
  let problems: readonly Diagnostic[];
  if (mode === 'rules') {
    problems = rules.diagnostics;
    if (parsed.event) nodes.push(ruleOutcomes(runRules(rules, parsed.event), rules.diagnostics.some((d) => d.severity === 'error')));
    else nodes.push(h('p', { class: 'fx-error', 'data-event-error': '' }, parsed.error));
    if (!rules.diagnostics.some((d) => d.severity === 'error') && rules.engine.rules.length) nodes.push(coverageView(sampleCoverage(rules, samples.map((x) => x.event))));
  } else {
    const c = analyzeCondition(s.condition, s.rules);
    problems = c.diagnostics;
    const defs = `${Object.keys(rules.macros).length} macros and ${Object.keys(rules.lists).length} lists of the Rules tab are available.`;
    if (!c.condition) {
      const errors = c.diagnostics.filter((d) => d.severity === 'error').length;
      nodes.push(
        h('p', { class: 'fx-verdict fx-verdict-error', 'data-verdict': 'error' }, s.condition.trim() ? `The condition does not compile (${errors} error${errors === 1 ? '' : 's'}).` : 'Type a condition.'),
      );
    } else if (!parsed.event) {
      nodes.push(h('p', { class: 'fx-error', 'data-event-error': '' }, parsed.error));
    } else {
      const result = c.condition.evaluate(parsed.event);
      nodes.push(
        h('p', { class: `fx-verdict fx-verdict-${result}`, 'data-verdict': String(result) }, h('b', {}, String(result)), result ? ' — the condition matches this event' : ' — the condition does not match this event'),
        explainList(c.condition.explain(parsed.event)),
      );
    }
    nodes.push(h('p', { class: 'fx-note' }, defs));
  }
  if (problems.length) {
    const view = mode === 'rules' ? rulesView : conditionView;
    nodes.push(h('h3', {}, 'Problems'), problemList(problems, (d) => reveal(view, d)));
  }
  out.replaceChildren(...nodes);
  const errors = problems.filter((d) => d.severity === 'error').length;
  const warnings = problems.length - errors;
  const badge = $('problem-count');
  badge.textContent = problems.length ? `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}` : 'no problems';
  badge.className = errors ? 'fx-badge fx-badge-error' : warnings ? 'fx-badge fx-badge-warning' : 'fx-badge fx-badge-ok';
  void saveToUrl(s);
  document.body.dataset.ready = 'true';
}

let timer: ReturnType<typeof setTimeout> | undefined;
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 100);
}

// --- sharing ---------------------------------------------------------------------------------------------

let savedHash = '';
async function saveToUrl(s: PlaygroundState): Promise<string> {
  const hash = await encodeState(s);
  if (hash !== savedHash) {
    savedHash = hash;
    history.replaceState(null, '', `#${hash}`);
  }
  return location.href;
}

$('share').addEventListener('click', async () => {
  const url = await saveToUrl(currentState());
  const field = $<HTMLInputElement>('share-link');
  field.value = url;
  field.hidden = false;
  field.select();
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    /* no clipboard permission: the link is selected in the field */
  }
  $('share-note').textContent = copied ? 'Link copied' : 'Copy this link';
});

window.addEventListener('hashchange', async () => {
  if (location.hash.slice(1) === savedHash) return;
  const s = await decodeState(location.hash);
  if (s) applyState(s);
});

void decodeState(location.hash).then((fromUrl) => {
  if (fromUrl) savedHash = location.hash.slice(1);
  applyState(fromUrl ?? DEFAULTS);
  refresh();
});
