/**
 * Differential test against upstream libsinsp master (falcosecurity/libs 48dfd53cd23f), from committed data:
 * test/data/libsinsp-differential.jsonl holds the conditions of scripts/gen-libsinsp-conditions.mjs with
 * libsinsp's answers (scripts/label-libsinsp-conditions.mjs, run once with an oracle built outside the
 * repository): its compile error, or the evt.num of the events it matched in each of the three captures of
 * ../shared/corpus/scap. Here every condition is compiled by us and evaluated on the captures' events files
 * (libsinsp's own extraction of every event): the same conditions must be refused, and the others must match
 * the same events, but for the divergences listed in DIVERGENT (each with its reason, each checked to still
 * diverge, so the list cannot go stale).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCondition, type Condition } from '../src/index.js';

interface Generator {
  CAPTURE_NAMES: string[];
  EVENT_FIELDS: string[];
  loadCaptures(): Array<Array<Record<string, unknown>>>;
  generateConditions(captures?: Array<Array<Record<string, unknown>>>): string[];
}
const generator = (await import(new URL('../scripts/gen-libsinsp-conditions.mjs', import.meta.url).href)) as Generator;

interface LabelledCondition {
  condition: string;
  /** libsinsp's compile error. */
  error?: string;
  /** The evt.num libsinsp matched, per capture, as runs (`"1-3,7"`). */
  matches?: Record<string, string>;
  /** The first exception libsinsp's run() threw on some event (those events count as not matched). */
  runtime_error?: string;
  /** libsinsp crashed compiling or running it (the signal). */
  crash?: string;
}

const DATA: LabelledCondition[] = readFileSync(new URL('./data/libsinsp-differential.jsonl', import.meta.url), 'utf8')
  .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledCondition);
const CAPTURES = generator.CAPTURE_NAMES;
const EVENTS = generator.loadCaptures();

/**
 * Conditions where we answer differently from libsinsp on purpose (an upstream bug we report and do not copy), or
 * where the events files cannot show what libsinsp saw. `only` says on which side the extra matches are.
 */
const DIVERGENT: readonly { condition: string; reason: string; only: 'libsinsp' | 'ours' }[] = [
  {
    condition: 'fd.ip in (127.0.0.1, 10.0.0.1)',
    reason: 'upstream bug: compare_ip passes the socket address to compare_rhs without its length, so the `in` set lookup ' +
      '(which checks the length) never matches an IPv4 or IPv6 socket; `fd.ip = 127.0.0.1` matches event 186',
    only: 'ours',
  },
  {
    condition: 'fd.net intersects (127.0.0.0/8)',
    reason: 'upstream bug: compare_net returns false for every operator but =, in and !=, so `intersects` (the same as ' +
      '`in` on a single value everywhere else) never matches',
    only: 'ours',
  },
  ...['fd.ip intersects (127.0.0.1)', 'fd.port intersects (80)'].map((condition) => ({
    condition,
    reason: 'upstream bug: compare_ip and compare_port throw at run time for `intersects` (which compiles, as for any ' +
      'address or port field) on every IP socket event, so nothing matches; we answer it as `in`, as for fd.sip',
    only: 'ours' as const,
  })),
  ...['fd.ip = anyof (10.0.0.1, 127.0.0.1)', 'fd.port = anyof (22, 80)', 'fd.net in (10.0.0.0/8, 127.0.0.0/8)',
    'fd.net = anyof (10.0.0.0/8, 127.0.0.0/8)', 'proc.aname = anyof (zz, bash)'].map((condition) => ({
    condition,
    reason: 'upstream bug: the custom comparisons of fd.ip/fd.port/fd.net and the any-ancestor fields compare with the ' +
      'first value only (filter_value_p()) and ignore modifiers, so the match on the second value is lost; fd.sip and ' +
      'fd.snet with the same values match',
    only: 'ours' as const,
  })),
  {
    condition: 'fd.ip != allof (10.0.0.1, 127.0.0.1)',
    reason: 'same upstream bug: only the first value is compared, so 127.0.0.1 is not excluded',
    only: 'libsinsp',
  },
  ...['proc.apid in (1, 2)', 'proc.apid intersects (1)'].map((condition) => ({
    condition,
    reason: 'upstream bug: compare_full_apid passes the pid to compare_rhs without its length, so the `in` set lookup ' +
      'never matches (`proc.apid = 1` does)',
    only: 'ours' as const,
  })),
  ...['proc.aname = sshd', 'proc.aname = systemd', 'proc.aname startswith ss', 'proc.apid = 1'].map((condition) => ({
    condition,
    reason: 'libsinsp visits every ancestor; the events files carry proc.aname[1..4] and proc.apid[1..2] only, so a ' +
      'match on a deeper ancestor cannot be seen from them (checked: every such event has an ancestry that deep)',
    only: 'libsinsp' as const,
  })),
];
const DIVERGENT_SET = new Set(DIVERGENT.map((d) => d.condition));

/** `"1-3,7"` → `[1, 2, 3, 7]`. */
function numbers(runs: string): number[] {
  if (runs === '') return [];
  return runs.split(',').flatMap((r) => {
    const [a, b] = r.split('-').map(Number) as [number, number | undefined];
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

function runs(nums: readonly number[]): string {
  const s = [...nums].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(i === j ? String(s[i]) : `${s[i]}-${s[j]}`);
    i = j;
  }
  return out.join(',');
}

const compiled = new Map<string, Condition | undefined>();
function ours(condition: string): Condition | undefined {
  if (!compiled.has(condition)) compiled.set(condition, checkCondition(condition).condition);
  return compiled.get(condition);
}

const matchesOf = (c: Condition, capture: number): number[] =>
  EVENTS[capture]!.filter((e) => c.evaluate(e)).map((e) => e['evt.num'] as number);

describe('the libsinsp differential data', () => {
  it('holds exactly the generator\'s conditions, each labelled once', () => {
    expect(DATA.map((d) => d.condition)).toEqual(generator.generateConditions(EVENTS));
    for (const d of DATA) {
      const kinds = [d.error !== undefined, d.matches !== undefined, d.crash !== undefined].filter(Boolean).length;
      expect(kinds, d.condition).toBe(1);
      if (d.matches) expect(Object.keys(d.matches).sort()).toEqual([...CAPTURES].sort());
    }
    expect(DATA.length).toBeGreaterThan(1000);
  });

  it('covers every field of the events files, every operator, modifier and transformer, val() and the filter-only fields', () => {
    const text = DATA.map((d) => d.condition).join('\n');
    const fields = new Set(EVENTS.flatMap((evs) => evs.flatMap((e) => Object.keys(e))));
    for (const f of fields) expect(text.includes(f), f).toBe(true);
    for (const op of ['=', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'bcontains', 'startswith', 'endswith', 'glob', 'iglob',
      'pmatch', 'regex', 'in', 'intersects', 'exists']) {
      expect(text.includes(` ${op} `) || text.includes(` ${op}\n`), op).toBe(true);
    }
    for (const w of ['oneof', 'anyof', 'allof', 'tolower(', 'toupper(', 'b64(', 'basename(', 'len(', 'concat(', 'join(', 'getopt(', 'val(',
      'fd.net', 'fd.ip', 'fd.port', 'fd.proto', 'fd.cnet', 'fd.snet', 'not ', ' and ', ' or ']) {
      expect(text.includes(w), w).toBe(true);
    }
    // refusals of several kinds, and conditions that match in every capture
    expect(DATA.filter((d) => d.error).length).toBeGreaterThan(150);
    for (const c of CAPTURES) expect(DATA.filter((d) => d.matches && d.matches[c] !== '').length, c).toBeGreaterThan(500);
  });
});

describe('compile-time agreement with libsinsp', () => {
  it('refuses every condition libsinsp refuses', () => {
    const accepted = DATA.filter((d) => d.error !== undefined && ours(d.condition)).map((d) => `${d.condition}  (libsinsp: ${d.error})`);
    expect(accepted).toEqual([]);
  });

  it('compiles every condition libsinsp compiles', () => {
    const refused = DATA.filter((d) => d.matches && !ours(d.condition)).map((d) => {
      const msg = checkCondition(d.condition).diagnostics.find((x) => x.severity === 'error')?.message;
      return `${d.condition}  (ours: ${msg})`;
    });
    expect(refused).toEqual([]);
  });

  it('compiles and evaluates without an exception the conditions that crash libsinsp', () => {
    const crashes = DATA.filter((d) => d.crash);
    expect(crashes.map((d) => d.condition)).toEqual(['concat(proc.name, "x") = val(proc.pname)', 'join(",", (proc.name)) = val(proc.pname)']);
    for (const d of crashes) {
      const c = ours(d.condition);
      expect(c, d.condition).toBeDefined();
      for (let i = 0; i < CAPTURES.length; i++) expect(() => matchesOf(c!, i)).not.toThrow();
    }
  });
});

describe('evaluation agreement with libsinsp on the three captures', () => {
  CAPTURES.forEach((capture, index) => {
    it(`${capture}: every condition matches the events libsinsp matches`, () => {
      const mismatches: string[] = [];
      let compared = 0;
      for (const d of DATA) {
        if (!d.matches || DIVERGENT_SET.has(d.condition)) continue;
        const c = ours(d.condition);
        if (!c) continue; // reported by the compile-time test
        compared++;
        const mine = runs(matchesOf(c, index));
        const explained = runs(EVENTS[index]!.filter((e) => c.explain(e).result).map((e) => e['evt.num'] as number));
        if (mine !== d.matches[capture] || explained !== mine) {
          mismatches.push(`${d.condition}\n    libsinsp: ${d.matches[capture] || '(none)'}\n    ours:     ${mine || '(none)'}${explained !== mine ? `\n    explain:  ${explained}` : ''}`);
        }
      }
      expect(compared).toBeGreaterThan(1000);
      expect(mismatches, `${mismatches.length} conditions disagree on ${capture}:\n${mismatches.join('\n')}`).toEqual([]);
    });
  });

  it('still diverges where DIVERGENT says, on the side it says, for the reason it gives', () => {
    const problems: string[] = [];
    for (const div of DIVERGENT) {
      const d = DATA.find((x) => x.condition === div.condition);
      const c = ours(div.condition);
      if (!d?.matches || !c) {
        problems.push(`${div.condition}: not a compiled, labelled condition`);
        continue;
      }
      let differs = false;
      CAPTURES.forEach((capture, i) => {
        const theirs = new Set(numbers(d.matches![capture]!));
        const mine = new Set(matchesOf(c, i));
        const onlyTheirs = [...theirs].filter((n) => !mine.has(n));
        const onlyMine = [...mine].filter((n) => !theirs.has(n));
        if (onlyTheirs.length || onlyMine.length) differs = true;
        if ((div.only === 'libsinsp' && onlyMine.length) || (div.only === 'ours' && onlyTheirs.length)) {
          problems.push(`${div.condition} on ${capture}: extra matches on the other side (${runs(div.only === 'ours' ? onlyTheirs : onlyMine)})`);
        }
        if (div.condition.startsWith('proc.a')) {
          // the events where only libsinsp matches have an ancestry deeper than the events carry
          const byNum = new Map(EVENTS[i]!.map((e) => [e['evt.num'] as number, e]));
          const field = div.condition.startsWith('proc.apid') ? 'proc.apid[2]' : 'proc.aname[4]';
          for (const n of onlyTheirs) if (byNum.get(n)?.[field] === undefined) problems.push(`${div.condition} on ${capture}: event ${n} has no ${field}`);
        }
      });
      if (!differs) problems.push(`${div.condition}: now agrees with libsinsp, remove it from DIVERGENT`);
    }
    expect(problems).toEqual([]);
  });
});
