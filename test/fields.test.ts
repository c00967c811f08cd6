import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FieldCatalog,
  builtinFields,
  createCatalog,
  defaultCatalog,
  defineFields,
  fromFalcoList,
  parseFalcoFieldList,
  parseFieldType,
} from '../src/fields/catalog.js';
import { FIELD_DESCRIPTIONS } from '../src/fields/descriptions.js';
import { FIELD_RECORDS } from '../src/fields/generated.js';

interface CoreJson { name: string; type: string; flags: string[]; cls: string }
interface PluginJson { name: string; type: string; arg: string; plugin: string }

const readJson = <T>(rel: string): T => JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as T;
const libsinsp = readJson<CoreJson[]>('../../shared/fields/libsinsp.json');
const plugins = readJson<PluginJson[]>('../../shared/fields/plugins.json');
/** libsinsp's internal placeholder rows (raw string / reference / static checks) are not fields. */
const coreFields = libsinsp.filter((f) => f.name !== 'NA');

describe('catalog data', () => {
  const catalog = createCatalog();

  it('holds every field of the data files, and only those plus proc.lineage', () => {
    expect(libsinsp).toHaveLength(236);
    expect(coreFields).toHaveLength(233);
    expect(plugins).toHaveLength(369);
    expect(FIELD_RECORDS.filter((r) => !r.plugin)).toHaveLength(coreFields.length);
    expect(FIELD_RECORDS.filter((r) => r.plugin)).toHaveLength(plugins.length);
    expect(catalog.size).toBe(coreFields.length + plugins.length + 1);
    for (const f of [...coreFields, ...plugins]) expect(catalog.has(f.name), f.name).toBe(true);
    expect(catalog.all().filter((f) => f.extension).map((f) => f.name)).toEqual(['proc.lineage']);
  });

  it('counts fields per plugin as the data does', () => {
    const count = (list: { plugin?: string }[]) =>
      list.reduce<Record<string, number>>((m, f) => ((m[f.plugin!] = (m[f.plugin!] ?? 0) + 1), m), {});
    expect(count(catalog.all().filter((f) => f.plugin))).toEqual(count(plugins));
  });

  it('keeps types, list flags and argument rules of libsinsp fields', () => {
    for (const f of coreFields) {
      const info = catalog.get(f.name)!;
      const flags = f.flags.join(' ');
      expect(info.type, f.name).toBe(f.type.replace(/^PT_/, ''));
      expect(info.class).toBe(f.cls);
      expect(info.list, f.name).toBe(flags.includes('EPF_IS_LIST'));
      expect(info.deprecated ?? false, f.name).toBe(flags.includes('EPF_DEPRECATED'));
      expect(info.noRhs ?? false, f.name).toBe(flags.includes('EPF_NO_RHS'));
      expect(info.arg.kind !== 'none', f.name).toBe(/EPF_ARG_(REQUIRED|ALLOWED)/.test(flags));
      // evt.abspath is flagged "required" but upstream's parser also takes the bare name.
      if (f.name !== 'evt.abspath') expect(info.arg.required, f.name).toBe(flags.includes('EPF_ARG_REQUIRED'));
    }
    expect(catalog.get('evt.rawarg')!.type).toBe('DYN');
    expect(catalog.get('fd.sip')!.type).toBe('IPADDR');
    expect(catalog.get('evt.around')!.filterOnly).toBe(true);
    expect(catalog.get('evt.latency.quantized')!.hidden).toBe(true);
  });

  it('normalises plugin types and argument rules', () => {
    const types: Record<string, string> = { string: 'CHARBUF', uint64: 'UINT64', bool: 'BOOL', abstime: 'ABSTIME', reltime: 'RELTIME' };
    for (const f of plugins) {
      const info = catalog.get(f.name)!;
      const list = f.type.endsWith('(list)');
      expect(info.type, f.name).toBe(types[f.type.replace(/\s*\(list\)$/, '')]);
      expect(info.list, f.name).toBe(list);
      expect(info.plugin).toBe(f.plugin);
      expect(info.class).toBe(f.plugin);
      const index = f.arg.includes('Index');
      const key = f.arg.includes('Key');
      expect(info.arg.kind, f.name).toBe(index && key ? 'any' : index ? 'index' : key ? 'key' : 'none');
      expect(info.arg.required, f.name).toBe(f.arg.includes('Required'));
    }
  });

  it('assigns event sources', () => {
    expect(catalog.get('proc.name')!.source).toBe('syscall');
    expect(catalog.get('evt.num')!.source).toBeUndefined(); // generic event class
    expect(catalog.get('k8s.ns.name')!.source).toBe('syscall');
    expect(catalog.get('k8smeta.pod.name')!.source).toBe('syscall');
    expect(catalog.get('ka.verb')!.source).toBe('k8s_audit');
    expect(catalog.get('ct.name')!.source).toBe('aws_cloudtrail');
    expect(catalog.get('okta.evt.type')!.source).toBe('okta');
    expect(catalog.get('github.type')!.source).toBe('github');
    expect(catalog.get('gcp.methodName')!.source).toBe('gcp_auditlog');
    expect(catalog.get('json.value')!.source).toBeUndefined();
    const cloudtrail = catalog.forSource('aws_cloudtrail').map((f) => f.name);
    expect(cloudtrail).toContain('evt.num');
    expect(cloudtrail).toContain('json.value');
    expect(cloudtrail).not.toContain('proc.name');
  });

  it('describes proc.lineage as our list-valued extension', () => {
    const lineage = catalog.get('proc.lineage')!;
    expect(lineage).toMatchObject({ type: 'CHARBUF', list: true, extension: true, source: 'syscall' });
    expect(lineage.description).toMatch(/oldest.*itself/);
  });

  it('is generated from the current data (generated.ts is up to date)', async () => {
    const script = new URL('../scripts/gen-fields.mjs', import.meta.url).href;
    const gen = (await import(script)) as { generateFieldsModule(a: unknown, b: unknown): string };
    const expected = gen.generateFieldsModule(libsinsp, plugins);
    const actual = readFileSync(new URL('../src/fields/generated.ts', import.meta.url), 'utf8');
    expect(actual === expected, 'src/fields/generated.ts is stale: run node scripts/gen-fields.mjs').toBe(true);
  });

  it('shares frozen built-in records', () => {
    const [first] = builtinFields();
    expect(Object.isFrozen(first)).toBe(true);
    expect(createCatalog().get(first!.name)).toBe(first);
  });
});

describe('resolve', () => {
  const catalog = createCatalog();

  it('resolves exact names', () => {
    expect(catalog.resolve('proc.name')).toEqual({ field: catalog.get('proc.name') });
    expect(catalog.resolve('k8s.ns.name')?.field.plugin).toBe('container');
    expect(catalog.resolve('evt.args')?.field.name).toBe('evt.args'); // not evt.arg with "s"
  });

  it('splits dotted arguments off the longest field that takes one', () => {
    const r = catalog.resolve('evt.arg.path')!;
    expect(r.field.name).toBe('evt.arg');
    expect(r).toMatchObject({ arg: 'path', argStyle: 'dot' });
    expect(r.error).toBeUndefined();
    expect(catalog.resolve('evt.rawarg.res')).toMatchObject({ field: { name: 'evt.rawarg' }, arg: 'res' });
    expect(catalog.resolve('evt.type.is.open')).toMatchObject({ field: { name: 'evt.type.is' }, arg: 'open' });
    expect(catalog.resolve('thread.cgroup.cpuacct')).toMatchObject({ field: { name: 'thread.cgroup' }, arg: 'cpuacct' });
    expect(catalog.resolve('evt.abspath.src')?.error).toBeUndefined();
    expect(catalog.resolve('evt.abspath')?.error).toBeUndefined();
    expect(catalog.resolve('evt.abspath.x')?.error?.reason).toBe('arg-value');
  });

  it('takes bracket arguments, given apart or in the text', () => {
    const r = catalog.resolve('proc.aname', '2')!;
    expect(r).toMatchObject({ field: { name: 'proc.aname' }, arg: '2', argStyle: 'bracket' });
    expect(r.error).toBeUndefined();
    expect(catalog.resolve('proc.aname[2]')).toEqual(r);
    expect(catalog.resolve('proc.aname')?.error).toBeUndefined(); // optional
    expect(catalog.resolve('container.label', 'app')).toMatchObject({ field: { name: 'container.label' }, arg: 'app' });
    expect(catalog.resolve('container.label[app]')?.error).toBeUndefined();
    expect(catalog.resolve('evt.arg', '0')?.error).toBeUndefined();
    expect(catalog.resolve('json.value', '/user/name')?.error).toBeUndefined();
    expect(catalog.resolve('container.mount.dest', '/var/run/docker.sock')?.error).toBeUndefined();
    expect(catalog.resolve('container.mount.dest', '0')?.error).toBeUndefined();
  });

  it('reports argument errors with a reason', () => {
    expect(catalog.resolve('proc.aname', 'x')?.error?.reason).toBe('arg-not-index');
    expect(catalog.resolve('proc.aname', '-1')?.error?.reason).toBe('arg-not-index');
    expect(catalog.resolve('ka.req.pod.containers.image', 'x')?.error?.reason).toBe('arg-not-index');
    expect(catalog.resolve('evt.arg', 'path')?.error?.reason).toBe('arg-not-index'); // name goes after a dot
    expect(catalog.resolve('container.label')?.error?.reason).toBe('arg-missing');
    expect(catalog.resolve('evt.arg')?.error?.reason).toBe('arg-missing');
    expect(catalog.resolve('json.value')?.error?.message).toContain('json.value[');
    expect(catalog.resolve('proc.name', '1')?.error?.reason).toBe('arg-unexpected');
    expect(catalog.resolve('evt.arg.path', '1')?.error?.reason).toBe('arg-unexpected');
    expect(catalog.resolve('evt.rawarg', 'res')?.error?.reason).toBe('arg-style');
    expect(catalog.resolve('container.label.app')?.error).toMatchObject({ reason: 'arg-style' });
    expect(catalog.resolve('container.label.app')?.error?.message).toContain('container.label[app]');
    expect(catalog.resolve('k8s.ns.label', '')?.error?.reason).toBe('arg-empty');
  });

  it('returns undefined for unknown names', () => {
    expect(catalog.resolve('proc.nmae')).toBeUndefined();
    expect(catalog.resolve('foo.bar')).toBeUndefined();
    expect(catalog.resolve('proc.name.extra')).toBeUndefined(); // proc.name takes no argument
    expect(catalog.resolve('nodots')).toBeUndefined();
  });
});

describe('lookup helpers', () => {
  const catalog = createCatalog();

  it('suggests close names, same class first', () => {
    expect(catalog.suggest('proc.nmae')[0]).toBe('proc.name');
    expect(catalog.suggest('proc.pnmae')[0]).toBe('proc.pname');
    expect(catalog.suggest('prc.name')).toContain('proc.name');
    expect(catalog.suggest('container.imagee')[0]).toBe('container.image');
    expect(catalog.suggest('fd.nmae[1]')[0]).toBe('fd.name');
    expect(catalog.suggest('zzzz.qqqqqqq')).toEqual([]);
    expect(catalog.suggest('proc.nam', 10).length).toBeLessThanOrEqual(10);
  });

  it('lists fields by prefix for completion, sorted, without hidden or deprecated ones by default', () => {
    const names = catalog.byPrefix('proc.a').map((f) => f.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['proc.aname', 'proc.aexe', 'proc.args']));
    expect(names.every((n) => n.startsWith('proc.a'))).toBe(true);
    expect(catalog.byPrefix('evt.latency')).toEqual([]);
    expect(catalog.byPrefix('evt.latency', { deprecated: true, hidden: true })).toHaveLength(5);
    expect(catalog.byPrefix('')).toHaveLength(catalog.all().filter((f) => !f.hidden && !f.deprecated).length);
    expect(catalog.byPrefix('zzz')).toEqual([]);
  });
});

describe('define', () => {
  it('adds fields and lets later definitions override', () => {
    const catalog = createCatalog();
    catalog.define([
      { name: 'my.field', type: 'uint64' },
      { name: 'my.tags', type: 'string (list)', arg: 'key' },
      { name: 'proc.name', description: 'ours' },
    ]);
    expect(catalog.get('my.field')).toMatchObject({ type: 'UINT64', list: false, class: 'my', arg: { kind: 'none' } });
    expect(catalog.get('my.tags')).toMatchObject({ type: 'CHARBUF', list: true, arg: { kind: 'key', required: false } });
    expect(catalog.resolve('my.tags[x]')?.error).toBeUndefined();
    expect(catalog.get('proc.name')).toMatchObject({ type: 'CHARBUF', source: 'syscall', description: 'ours' });

    catalog.define({ name: 'my.field', type: 'PT_CHARBUF', arg: { kind: 'index', required: true } });
    expect(catalog.get('my.field')).toMatchObject({ type: 'CHARBUF', arg: { kind: 'index', required: true } });
    catalog.define({ name: 'my.field', arg: 'none' });
    expect(catalog.resolve('my.field')?.error).toBeUndefined();
    catalog.define({ name: 'evt.arg', arg: { required: false } }); // a partial rule keeps the rest
    expect(catalog.get('evt.arg')!.arg).toEqual({ kind: 'any', required: false, style: 'both' });
    expect(catalog.resolve('evt.arg')?.error).toBeUndefined();
    catalog.define({ name: 'proc.name', source: null });
    expect(catalog.get('proc.name')!.source).toBeUndefined();

    expect(createCatalog().get('proc.name')!.description).not.toBe('ours'); // catalogs are independent
    expect(() => catalog.define({ name: 'bad' })).toThrow(TypeError);
    expect(() => catalog.define({ name: 'a.b', type: 'STRINGY' })).toThrow(TypeError);
  });

  it('extends the default catalog with defineFields', () => {
    defineFields([{ name: 'acme.user', type: 'CHARBUF', source: 'acme', description: 'Acme user.' }]);
    expect(defaultCatalog.get('acme.user')).toMatchObject({ source: 'acme', description: 'Acme user.' });
    expect(createCatalog().has('acme.user')).toBe(false);
    expect(createCatalog([{ name: 'acme.user' }]).has('acme.user')).toBe(true);
    expect(createCatalog([], { builtins: false }).size).toBe(0);
    expect(new FieldCatalog([{ name: 'x.y' }]).all().map((f) => f.name)).toEqual(['x.y']);
  });

  it('reads type spellings', () => {
    expect(parseFieldType('PT_UINT64')).toEqual({ type: 'UINT64', list: false });
    expect(parseFieldType('DYNAMIC')).toEqual({ type: 'DYN', list: false });
    expect(parseFieldType('LIST(CHARBUF)')).toEqual({ type: 'CHARBUF', list: true });
    expect(parseFieldType('string (list)')).toEqual({ type: 'CHARBUF', list: true });
    expect(parseFieldType('ipaddr')).toEqual({ type: 'IPADDR', list: false });
    expect(parseFieldType('nope')).toBeUndefined();
  });
});

// Samples laid out as Falco prints them (libs filter.cpp as_string/as_markdown/as_json): names padded to
// column 30, "(TAGS)" sorted, plugin classes named "NAME (plugin)". Descriptions are made up.
const TEXT_SAMPLE = `-------------------------------
Field Class:                  evt (All event types)
Description:                  These fields apply to every event source. 
Event Sources:                k8s_audit syscall 

evt.num                       A made-up description of the event number that is long enough to be 
                              wrapped onto a second line. 
evt.hostname                  Host name. 

-------------------------------
Field Class:                  process
Description:                  Process fields. 
Event Sources:                syscall 

proc.name                     The name. 
proc.aname                    (ARG_ALLOWED,EPF_NO_RHS,EPF_NO_TRANSFORMER) Ancestor name. 
thread.cgroup                 (ARG_REQUIRED) Cgroup of a subsystem. 

-------------------------------
Field Class:                  k8saudit (plugin)
Event Sources:                k8s_audit 

ka.uri.param                  (ARG_KEY,ARG_REQUIRED) A query parameter. 
ka.req.pod.initContainers.name(ARG_ALLOWED,ARG_INDEX,EPF_IS_LIST) Init container names. 
ka.req.pod.supplemental_groupsSupplemental groups. 
ka.req.binding.subject.has_name
                              (ARG_KEY,ARG_REQUIRED) Whether a subject has this name. 
ka.brand.new                  (ARG_ALLOWED,ARG_INDEX,ARG_KEY,EPF_IS_LIST) Only this Falco has it. 
`;

const VERBOSE_SAMPLE = `-------------------------------
Field Class:                  fd
Event Sources:                syscall 

fd.num                        (Type: INT64) The number. 
fd.types                      (Type: CHARBUF) (ARG_ALLOWED,EPF_IS_LIST,EPF_NO_RHS) Kinds of open fds. 
fd.cnet                       (Type: IPNET) (EPF_NO_RHS,EPF_NO_TRANSFORMER,FILTER_ONLY) Client network. 
`;

const MARKDOWN_SAMPLE = `## Field Class: k8saudit (plugin)

Event Sources: k8s_audit 

Name | Type | Description
:----|:-----|:-----------
\`ka.verb\` | CHARBUF | The verb.
\`ka.req.pod.containers.image\` | LIST(CHARBUF) | Images.
\`ka.uri.param\` | CHARBUF | A query parameter.

## Field Class: evt

Event Sources: k8s_audit syscall 

Name | Type | Description
:----|:-----|:-----------
\`evt.num\` | UINT64 | Number.
`;

const JSON_SAMPLE = JSON.stringify(
  {
    fieldclasses: [
      {
        desc: 'Kubernetes audit events.',
        event_sources: ['k8s_audit'],
        fields: [
          { argument: null, desc: 'The verb.', is_list: false, name: 'ka.verb', type: 'CHARBUF' },
          { argument: { required: true, type: ['KEY'] }, desc: 'A query parameter.', is_list: false, name: 'ka.uri.param', type: 'CHARBUF' },
          { argument: { required: false, type: ['INDEX'] }, desc: 'Images.', is_list: true, name: 'ka.req.pod.containers.image', type: 'CHARBUF' },
        ],
        name: 'k8saudit (plugin)',
      },
      {
        event_sources: ['syscall'],
        fields: [
          { argument: { required: true, type: [] }, desc: 'An argument.', is_list: false, name: 'evt.arg', type: 'CHARBUF' },
          { argument: null, desc: 'New numeric field.', is_list: false, name: 'evt.brand_new', type: 'UINT32' },
        ],
        name: 'evt',
      },
    ],
  },
  null,
  2,
);

describe('fromFalcoList', () => {
  it('reads the text format', () => {
    const parsed = parseFalcoFieldList(TEXT_SAMPLE);
    expect(parsed.format).toBe('text');
    expect(parsed.fields.map((f) => f.name)).toEqual([
      'evt.num', 'evt.hostname', 'proc.name', 'proc.aname', 'thread.cgroup', 'ka.uri.param',
      'ka.req.pod.initContainers.name', 'ka.req.pod.supplemental_groups', 'ka.req.binding.subject.has_name',
      'ka.brand.new',
    ]);
    const byName = new Map(parsed.fields.map((f) => [f.name, f]));
    expect(byName.get('evt.num')).toMatchObject({ class: 'evt', sources: ['k8s_audit', 'syscall'] });
    expect(byName.get('evt.num')!.description).toMatch(/long enough to be wrapped onto a second line\.$/);
    expect(byName.get('ka.req.pod.initContainers.name')).toMatchObject({
      plugin: 'k8saudit', list: true, arg: { required: false, kind: 'index' }, description: 'Init container names.',
    });
    expect(byName.get('ka.req.pod.supplemental_groups')!.description).toBe('Supplemental groups.');
    expect(byName.get('ka.req.binding.subject.has_name')!.arg).toEqual({ required: true, kind: 'key' });

    const catalog = fromFalcoList(TEXT_SAMPLE);
    expect(catalog.get('ka.brand.new')).toMatchObject({
      type: 'DYN', list: true, plugin: 'k8saudit', source: 'k8s_audit', arg: { kind: 'any', required: false },
    });
    expect(catalog.get('evt.num')!.source).toBeUndefined(); // listed for two sources
    expect(catalog.get('proc.name')).toMatchObject({ type: 'CHARBUF', source: 'syscall', description: 'The name.' });
    expect(catalog.resolve('thread.cgroup.cpu')?.error).toBeUndefined(); // style kept from the base
    expect(catalog.resolve('proc.aname[x]')?.error?.reason).toBe('arg-not-index');
    expect(catalog.has('fd.name')).toBe(false); // not listed: this Falco lacks it
    expect(catalog.has('evt.dir')).toBe(true); // deprecated: Falco never lists those
    expect(catalog.has('proc.lineage')).toBe(true);
    expect(fromFalcoList(TEXT_SAMPLE, { base: null }).has('evt.dir')).toBe(false);
    expect(FieldCatalog.fromFalcoList(TEXT_SAMPLE).size).toBe(catalog.size);
  });

  it('reads types from the verbose text format', () => {
    const catalog = fromFalcoList(VERBOSE_SAMPLE, { base: null });
    expect(catalog.get('fd.num')).toMatchObject({ type: 'INT64', list: false, source: 'syscall', class: 'fd' });
    expect(catalog.get('fd.types')).toMatchObject({ type: 'CHARBUF', list: true, noRhs: true, arg: { kind: 'any' } });
    expect(catalog.get('fd.cnet')).toMatchObject({ type: 'IPNET', filterOnly: true, noTransformer: true });
  });

  it('reads the markdown format', () => {
    const parsed = parseFalcoFieldList(MARKDOWN_SAMPLE);
    expect(parsed.format).toBe('markdown');
    expect(parsed.fields).toHaveLength(4);
    const catalog = fromFalcoList(MARKDOWN_SAMPLE);
    expect(catalog.get('ka.req.pod.containers.image')).toMatchObject({ list: true, source: 'k8s_audit', arg: { kind: 'index' } });
    expect(catalog.get('ka.uri.param')!.arg).toMatchObject({ kind: 'key', required: true }); // from the base
    expect(catalog.get('ka.verb')!.description).toBe('The verb.');
  });

  it('reads the JSON format', () => {
    const parsed = parseFalcoFieldList(JSON_SAMPLE);
    expect(parsed.format).toBe('json');
    const catalog = fromFalcoList(JSON_SAMPLE);
    expect(catalog.get('ka.uri.param')).toMatchObject({ plugin: 'k8saudit', arg: { kind: 'key', required: true } });
    expect(catalog.get('ka.req.pod.containers.image')).toMatchObject({ list: true, arg: { kind: 'index', required: false } });
    expect(catalog.get('evt.brand_new')).toMatchObject({ type: 'UINT32', source: 'syscall', arg: { kind: 'none' } });
    expect(catalog.resolve('evt.arg.path')?.error).toBeUndefined(); // kind and style from the base
    expect(catalog.resolve('evt.arg')?.error?.reason).toBe('arg-missing');
    expect(() => parseFalcoFieldList('{"something": 1}')).toThrow(SyntaxError);
  });

  it('reads names-only listings (-N), as text and as JSON', () => {
    const text = parseFalcoFieldList('proc.name\nproc.pid\nka.verb\n');
    expect(text).toEqual({ format: 'names', fields: [{ name: 'proc.name' }, { name: 'proc.pid' }, { name: 'ka.verb' }] });
    const json = parseFalcoFieldList(JSON.stringify({ fieldnames: ['proc.name', 'my.thing'] }, null, 2));
    expect(json.format).toBe('names');
    const catalog = fromFalcoList(JSON.stringify({ fieldnames: ['proc.name', 'my.thing'] }));
    expect(catalog.get('proc.name')).toMatchObject({ type: 'CHARBUF', source: 'syscall' });
    expect(catalog.get('my.thing')).toMatchObject({ type: 'DYN', class: 'my' });
    expect(catalog.get('my.thing')!.source).toBeUndefined();
  });
});

// ---- corpus ----

/** Values of `condition:`, `output:` and exception `fields:` keys, block scalars and continuation lines included. */
function conditionTexts(yaml: string): string[] {
  const lines = yaml.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(-\s+)?(condition|output|fields):\s?(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length + (m[2]?.length ?? 0);
    const buf = [m[4]!];
    while (i + 1 < lines.length && (lines[i + 1]!.trim() === '' || lines[i + 1]!.search(/\S/) > indent)) buf.push(lines[++i]!);
    out.push(buf.join('\n'));
  }
  return out;
}

describe('corpus rules', () => {
  const catalog = createCatalog();
  const dir = new URL('../../shared/corpus/rules/', import.meta.url);
  const used = new Set<string>();
  const problems: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const text of conditionTexts(readFileSync(new URL(file, dir), 'utf8'))) {
      for (const m of text.matchAll(/(?<![\w./-])([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)(?:\[([^\]\s]*)\])?/g)) {
        const r = catalog.resolve(m[1]!, m[2]);
        if (!r) continue; // a value such as quay.io or an Okta event type
        used.add(r.field.name);
        if (r.error) problems.push(`${file}: ${m[0]}: ${r.error.message}`);
      }
    }
  }

  it('uses fields the catalog resolves without argument errors', () => {
    expect(used.size).toBeGreaterThan(150);
    expect(problems).toEqual([]);
  });

  it('has a description for every field the corpus uses', () => {
    const missing = [...used].filter((name) => !catalog.get(name)!.description);
    expect(missing).toEqual([]);
  });

  it('describes only fields that exist', () => {
    expect(Object.keys(FIELD_DESCRIPTIONS).filter((name) => !catalog.has(name))).toEqual([]);
  });
});
