import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCondition, defaultCatalog } from '../src/index.js';
import { compileValue } from '../src/eval/compile.js';
import { compileOutput } from '../src/rules/output.js';

// Outputs fill `%…` placeholders from the event: fields, and transformers over fields.
describe('rule outputs', () => {
  it('fill fields and transformers from the event, <NA> for no value', () => {
    const render = compileOutput('%proc.name ran %toupper(proc.name) as %basename(proc.exepath) (%len(fd.name)) on %fd.name %tolower(nope.x)');
    expect(render({ 'proc.name': 'Bash', 'proc.exepath': '/usr/bin/bash', 'fd.name': '/etc/shadow' })).toEqual({
      text: 'Bash ran BASH as bash (11) on /etc/shadow <NA>',
      fields: {
        'proc.name': 'Bash',
        'toupper(proc.name)': 'BASH',
        'basename(proc.exepath)': 'bash',
        'len(fd.name)': 11,
        'fd.name': '/etc/shadow',
        'tolower(nope.x)': null,
      },
    });
    expect(compileOutput('%toupper(basename(proc.exepath))!')({ 'proc.exepath': '/bin/sh' }).text).toBe('SH!');
    expect(compileOutput('%toupper(proc.name)')({}).text).toBe('<NA>');
  });

  it('read a transformer as the left side of a check reads it (compileValue, not a compiled condition)', () => {
    const values = ['/usr/bin/bash', 'Bash', '', 'a/b/c', 'cm9vdA==', 'x y'];
    const texts = ['toupper(proc.name)', 'tolower(proc.name)', 'basename(proc.exepath)', 'len(proc.name)', 'b64(proc.name)', 'toupper(basename(proc.exepath))', 'proc.name', 'proc.aname[2]'];
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.option(fc.constantFrom(...values)), fc.option(fc.constantFrom(...values)), (text, name, path) => {
        const event: Record<string, unknown> = {};
        if (name !== null) event['proc.name'] = event['proc.aname[2]'] = name;
        if (path !== null) event['proc.exepath'] = path;
        const viaCheck = checkCondition(`${text} exists`, { catalog: defaultCatalog }).condition!.explain(event).left?.value;
        expect(compileValue(text)!(event)).toEqual(viaCheck);
      }),
    );
    expect(compileValue('nope.x')).toBeUndefined();
    expect(compileValue('toupper(proc.name, fd.name)')).toBeUndefined();
    expect(compileValue('proc.name = x')).toBeUndefined();
  });
});
