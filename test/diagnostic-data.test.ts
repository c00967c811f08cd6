import { describe, expect, it } from 'vitest';
import { checkCondition } from '../src/index.js';

/*
 * Diagnostics carry what they are about as data (`Diagnostic.data`), so that consumers (the loader, the language
 * server's quick fixes) never read the message text.
 */

function only(condition: string, options: Parameters<typeof checkCondition>[1] = {}) {
  const r = checkCondition(condition, options);
  expect(r.diagnostics.length).toBeGreaterThan(0);
  return r.diagnostics[0]!;
}

describe('Diagnostic.data', () => {
  it('names an unknown field and its likely spelling', () => {
    const d = only('proc.nmae = bash');
    expect(d.code).toBe('unknown-field');
    expect(d.data).toEqual({ name: 'proc.nmae', nameKind: 'field', suggestion: 'proc.name' });
  });

  it('names an unknown field in non-strict mode too', () => {
    const d = only('proc.nmae = bash', { strict: false });
    expect(d.severity).toBe('warning');
    expect(d.data?.name).toBe('proc.nmae');
  });

  it('names the macro a problem lies in, as the message suffix does', () => {
    const d = only('m', { macros: { m: 'proc.nmae = bash' } });
    expect(d.message).toMatch(/\(in macro 'm'\)$/);
    expect(d.data).toMatchObject({ macro: 'm', name: 'proc.nmae', nameKind: 'field' });
    const plain = only('proc.name = bash and proc.nmae = x');
    expect(plain.data?.macro).toBeUndefined();
  });

  it('names an undefined macro, the macro it is used in and the closest macro', () => {
    const d = only('shell_procs and x', { macros: { shell_proc: 'proc.name = bash' } });
    expect(d.code).toBe('undefined-macro');
    expect(d.data).toEqual({ name: 'shell_procs', nameKind: 'macro', suggestion: 'shell_proc' });
    const inner = only('outer', { macros: { outer: 'nosuch' } });
    expect(inner.data).toMatchObject({ name: 'nosuch', nameKind: 'macro', macro: 'outer' });
  });

  it('names an unknown event type', () => {
    const d = only('evt.type = opne');
    expect(d.code).toBe('unknown-event-type');
    expect(d.data).toEqual({ name: 'opne', nameKind: 'event-type' });
  });

  it('names a transformer libsinsp does not know with one argument', () => {
    const d = only('join(proc.name) = x');
    expect(d.code).toBe('invalid-transformer');
    expect(d.data).toEqual({ name: 'join', nameKind: 'transformer' });
    expect(only('join(proc.name, proc.args) = x').data).toBeUndefined();
  });

  it('gives the text a quick fix writes', () => {
    const field = checkCondition('proc.name = proc.pname').diagnostics.find((x) => x.code === 'value-is-field');
    expect(field?.data).toEqual({ name: 'proc.pname', nameKind: 'field', replacement: 'val(proc.pname)' });
    const list = checkCondition('proc.name in shells', { lists: { shells: ['bash', 'sh'] } }).diagnostics[0];
    expect(list?.code).toBe('list-needs-parentheses');
    expect(list?.data).toEqual({ name: 'shells', nameKind: 'list', replacement: '(shells)' });
  });

  it('chooses codes from where a check failed, not from its message', () => {
    expect(only('proc.pid contains 1').code).toBe('operator-type');
    expect(only('proc.name regex "("').code).toBe('invalid-regex');
    expect(only('proc.pid = regex').code).toBe('invalid-value');
    expect(only('proc.pid = abc').code).toBe('invalid-value');
  });
});
