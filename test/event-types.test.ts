/**
 * `evt.type` values: libsinsp refuses, at compile time, a value that is not an event type name, with every
 * operator and under one-argument transformers (`sinsp_filter_check_event::validate_filter_value`). The names
 * come from libsinsp's tables through scripts/gen-event-types.mjs (src/fields/event-types.ts); these tests need
 * no libs checkout: they check the committed file against the generator's own rendering, the generator's parser
 * on table excerpts in upstream's layout, and the names against the rules and captures of ../shared/corpus.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCondition, compile, eventTypeNames, lintRuleSet, loadRules } from '../src/index.js';
import { EVENT_TABLE_NAMES, SYSCALL_CODE_NAMES } from '../src/fields/event-types.js';
import { corpusRuleFiles, readShared } from './support/shared.js';

interface Generator {
  renderModule(o: { events: string[]; syscalls: string[]; source: string; eventCodes: number; syscallCodes: number }): string;
  parseEventTable(table: string, header: string): string[];
  parseSyscallCodes(header: string): string[];
}
const generator = (await import(new URL('../scripts/gen-event-types.mjs', import.meta.url).href)) as Generator;

const errorsOf = (condition: string, options = {}) =>
  checkCondition(condition, options).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);

describe('the generated list of event type names', () => {
  const file = readFileSync(new URL('../src/fields/event-types.ts', import.meta.url), 'utf8');

  it('is exactly what the generator writes for the lists it holds (no hand edits, header counts right)', () => {
    const header = /from (.+):\n\/\/ driver\/event_table\.c \(g_event_info, (\d+) event codes.*\n\/\/ driver\/ppm_events_public\.h \(PPM_SC_FIELDS, (\d+) system/.exec(file);
    expect(header, 'header of src/fields/event-types.ts').not.toBeNull();
    const [, source, eventCodes, syscallCodes] = header!;
    const rendered = generator.renderModule({
      events: [...EVENT_TABLE_NAMES], syscalls: [...SYSCALL_CODE_NAMES], source: source!,
      eventCodes: Number(eventCodes), syscallCodes: Number(syscallCodes),
    });
    expect(rendered === file, 'src/fields/event-types.ts differs from the generator output: regenerate it').toBe(true);
  });

  it('holds sorted, distinct names, both tables, and the names upstream documents', () => {
    for (const list of [EVENT_TABLE_NAMES, SYSCALL_CODE_NAMES]) {
      expect([...list]).toEqual([...new Set(list)].sort());
    }
    expect(EVENT_TABLE_NAMES.length).toBeGreaterThan(150);
    expect(SYSCALL_CODE_NAMES.length).toBeGreaterThan(400);
    // event table only (meta events, old names), system call codes only, and both
    for (const n of ['procinfo', 'container', 'NA', 'switch', 'signaldeliver', 'asyncevent']) expect(EVENT_TABLE_NAMES).toContain(n);
    for (const n of ['mmap2', 'restart_syscall', 'io_uring_setup', 'openat2']) expect(SYSCALL_CODE_NAMES).toContain(n);
    for (const n of ['open', 'openat', 'execve', 'connect', 'unknown']) expect(eventTypeNames().has(n), n).toBe(true);
    expect(eventTypeNames().has('OPEN')).toBe(false);
    // system call code 382 is commented out of PPM_SC_FIELDS: its name is empty, and libsinsp accepts evt.type = ""
    expect(eventTypeNames().has('')).toBe(true);
    expect(eventTypeNames().has('na_1')).toBe(false);
  });

  it('knows every event type of the three captures', () => {
    for (const capture of ['connect_localhost', 'open-multiple-files', 'syscall']) {
      const types = new Set(
        readShared(`corpus/scap/${capture}.events.jsonl`).split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as Record<string, unknown>)['evt.type']),
      );
      for (const t of types) expect(eventTypeNames().has(String(t)), `${capture}: ${String(t)}`).toBe(true);
    }
  });

  it('knows every event type the corpus rules files compare evt.type with (they load without unknown-event-type)', () => {
    const sources = corpusRuleFiles()
      .sort((a, b) => (a === 'falco_rules.yaml' ? -1 : b === 'falco_rules.yaml' ? 1 : 0))
      .map((f) => ({ path: f, text: readShared(`corpus/rules/${f}`) }));
    const ds = lintRuleSet(loadRules(sources));
    expect(ds.length, 'the corpus loads with diagnostics').toBeGreaterThan(0);
    expect(ds.filter((d) => d.code === 'unknown-event-type').map((d) => d.message)).toEqual([]);
  });
});

describe('the generator reads upstream tables', () => {
  const header = [
    'enum ppm_event_code {',
    '\tPPME_GENERIC_E = 0,',
    '\tPPME_GENERIC_X = 1,',
    '\tPPME_SYSCALL_OPEN_E = 2,',
    '\tPPME_SYSCALL_OPEN_X = 3,',
    '\tPPM_EVENT_MAX = 4',
    '};',
    '#define PPM_SC_FIELDS                      \\',
    '\tPPM_SC_X(UNKNOWN, 0)                   \\',
    '\tPPM_SC_X(RESTART_SYSCALL, 1)           \\',
    '\t/*PPM_SC_X(NA_1, 2)*/                  \\',
    '\tPPM_SC_X(OPEN, 3)',
    '',
    'typedef enum {',
    '#define PPM_SC_X(name, value) PPM_SC_##name = (value),',
    '\tPPM_SC_FIELDS',
  ].join('\n');
  const table = [
    'const struct ppm_event_info g_event_info[] = {',
    '        [PPME_GENERIC_E] = {"syscall",',
    '                            EC_OTHER | EC_SYSCALL,',
    '                            2,',
    '                            {{"ID", PT_SYSCALLID, PF_DEC}}},',
    '        [PPME_GENERIC_X] = {"syscall", EC_OTHER | EC_SYSCALL, EF_NONE, 0},',
    '        /* [PPME_SYSCALL_OPEN_E] = {"old_open", EC_FILE | EC_SYSCALL, EF_NONE, 0}, */',
    '        [PPME_SYSCALL_OPEN_E] =',
    '                {"open", EC_FILE | EC_SYSCALL, EF_CREATES_FD, 0},',
    '        [PPME_SYSCALL_OPEN_X] = {"open", EC_FILE | EC_SYSCALL, EF_CREATES_FD, 0},',
    '};',
  ].join('\n');

  it('takes every event code and the lower-cased system call codes', () => {
    expect(generator.parseEventTable(table, header)).toEqual(['syscall', 'syscall', 'open', 'open']);
    // a commented-out code is a code without a name: the empty name
    expect(generator.parseSyscallCodes(header)).toEqual(['unknown', 'restart_syscall', '', 'open']);
  });

  it('fails on a table that does not cover every event code', () => {
    const missing = table.replace(/.*PPME_SYSCALL_OPEN_X.*\n/, '');
    expect(() => generator.parseEventTable(missing, header)).toThrow(/no entry for event code 3/);
    expect(() => generator.parseEventTable(table.replace('PPME_GENERIC_X]', 'PPME_BOGUS_X]'), header)).toThrow(/not in the ppm_event_code enum/);
  });
});

describe('evt.type values are event type names, as libsinsp requires', () => {
  it('refuses an unknown name with every operator, in lists and modifiers, at the value', () => {
    expect(errorsOf('evt.type = opne')).toEqual(['unknown-event-type: unknown event type opne']);
    expect(errorsOf('evt.type in (open, bogus)')).toEqual(['unknown-event-type: unknown event type bogus']);
    expect(errorsOf('evt.type startswith op')).toEqual(['unknown-event-type: unknown event type op']);
    expect(errorsOf('evt.type glob "open*"')).toEqual(['unknown-event-type: unknown event type open*']);
    expect(errorsOf('evt.type pmatch (open, /tmp)')).toEqual(['unknown-event-type: unknown event type /tmp']);
    expect(errorsOf('evt.type contains anyof (open, x)')).toEqual(['unknown-event-type: unknown event type x']);
    expect(errorsOf('evt.type != OPEN')).toEqual(['unknown-event-type: unknown event type OPEN']);
    // checked before the regex is compiled
    expect(errorsOf('evt.type regex "("')).toEqual(['unknown-event-type: unknown event type (']);
    const d = checkCondition('evt.type in (open, bogus)').diagnostics[0]!;
    expect([d.range.start.offset, d.range.end.offset]).toEqual([19, 24]);
  });

  it('refuses them under one-argument transformers, where the check is still evt.type', () => {
    expect(errorsOf('toupper(evt.type) = OPEN')).toEqual(['unknown-event-type: unknown event type OPEN']);
    expect(errorsOf('tolower(toupper(evt.type)) in (open, Open)')).toEqual(['unknown-event-type: unknown event type Open']);
    // a number never is a name (libsinsp compares the number's parsed bytes)
    expect(errorsOf('len(evt.type) = 4')).toEqual(['unknown-event-type: unknown event type 4']);
    // a value that does not parse is refused for that first
    expect(errorsOf('len(evt.type) = x')).toEqual(['invalid-value: x is not a valid number']);
    // an unknown operator for the type is refused for that first
    expect(errorsOf('evt.type bcontains 6f')[0]).toMatch(/^operator-type:/);
  });

  it('accepts every name of both tables, whatever the operator, and leaves other fields and multi-argument transformers alone', () => {
    for (const c of [
      'evt.type = open', 'evt.type = NA', 'evt.type = mmap2', 'evt.type startswith open', 'evt.type in (open, openat, procinfo)',
      'toupper(evt.type) = open', 'evt.type = val(proc.name)', 'evt.type exists', 'concat(evt.type, "x") = anything',
      'join(",", (evt.type, proc.name)) = x', 'evt.asynctype = bogus', 'syscall.type = bogus', 'evt.type in ()', 'evt.type = ""',
    ]) {
      expect(errorsOf(c), c).toEqual([]);
    }
    expect(compile('toupper(evt.type) = open').evaluate({ 'evt.type': 'open' })).toBe(false);
  });

  it('property: a quoted value compiles exactly when it is a name, under every operator that takes values; never throws', () => {
    const names = [...eventTypeNames()];
    const value = fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 12 }), fc.constantFrom(...names).map((n) => n.toUpperCase()));
    const op = fc.constantFrom('=', '!=', 'contains', 'startswith', 'endswith', 'glob', 'icontains', 'in', 'pmatch', 'intersects', '= anyof', 'contains allof');
    fc.assert(fc.property(value, op, fc.boolean(), (v, o, wrap) => {
      const quoted = `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
      const rhs = o === 'in' || o === 'pmatch' || o === 'intersects' || o.includes(' ') ? `(${quoted})` : quoted;
      const left = wrap ? 'tolower(evt.type)' : 'evt.type';
      const r = checkCondition(`${left} ${o} ${rhs}`);
      if (v.includes('\0') || r.diagnostics.some((d) => d.code === 'parse-error')) return;
      const known = eventTypeNames().has(v);
      expect(r.condition !== undefined, `${left} ${o} ${rhs}`).toBe(known);
      if (!known) expect(r.diagnostics.map((d) => d.code)).toContain('unknown-event-type');
    }), { numRuns: 400 });
  });

  it('accepts the async event names of loaded plugins when given', () => {
    expect(errorsOf('evt.type = sampleasync')).toEqual(['unknown-event-type: unknown event type sampleasync']);
    expect(errorsOf('evt.type = sampleasync', { asyncEventTypes: ['sampleasync'] })).toEqual([]);
  });

  it('reports an unknown name used through a macro and a list where it is written', () => {
    const r = loadRules([{
      path: 'r.yaml',
      text: '- list: types\n  items: [open, opne]\n- macro: m\n  condition: evt.type in (types)\n- rule: r\n  desc: d\n  condition: m\n  output: o\n  priority: INFO\n',
    }]);
    expect(r.diagnostics.filter((x) => x.severity === 'error').map((x) => x.message).join('\n')).toMatch(/unknown event type opne/);
  });
});
