/**
 * Differential test of our evaluator against libsinsp's own filter engine, as shipped in sysdig 0.29
 * (see test/support/sysdig.ts for what sysdig does and test/support/differential-battery.ts for the battery).
 *
 * For each corpus capture, sysdig extracts every event's field values once (`sysdigEvents`); for every battery
 * condition our `compile(condition).evaluate(event)` picks events from those, and sysdig itself filters the
 * capture with the same condition (`sysdigMatches`, run live). The two sets of `evt.num`s must be equal, and our
 * count must equal the count recorded in the battery (and `explain` must agree with `evaluate`). Filter-only fields (`fd.net`, `fd.ip`, `fd.port`,
 * `fd.cnet`, `fd.snet`) are not in the events: our evaluator derives them from the printed ones as libsinsp does.
 *
 * Skipped when sysdig is not installed, except on CI (`CI` set), where a missing sysdig is a failure.
 */
import { describe, expect, it } from 'vitest';
import { compile, type Condition } from '../src/index.js';
import {
  BATTERY_FIELDS, BATTERY_FILTER_ONLY_FIELDS, CAPTURES, DIFFERENTIAL_BATTERY, SYSDIG_DIVERGENT, SYSDIG_REJECTED,
} from './support/differential-battery.js';
import { hasSysdig, sysdigEvents, sysdigMatches } from './support/sysdig.js';

/** Per capture: one extraction, then one sysdig run (about 20 ms) per battery condition. */
const CAPTURE_TIMEOUT = 300_000;

const sorted = (xs: Iterable<number>): number[] => [...xs].sort((a, b) => a - b);

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `[1, 2, 3, 7]` → `"1-3, 7"`, so that long event lists stay readable in failure messages. */
function ranges(nums: readonly number[]): string {
  if (nums.length === 0) return '(none)';
  const out: string[] = [];
  let start = nums[0]!;
  let prev = start;
  for (const n of [...nums.slice(1), Number.NaN]) {
    if (n === prev + 1) {
      prev = n;
      continue;
    }
    out.push(start === prev ? String(start) : `${start}-${prev}`);
    start = n;
    prev = n;
  }
  return out.join(', ');
}

describe('differential test setup', () => {
  it('has sysdig on CI (the differential test must not be skipped there)', () => {
    if (process.env['CI']) {
      expect(hasSysdig(), 'CI is set but `sysdig` is not on the PATH (set SYSDIG or install sysdig)').toBe(true);
    }
  });

  it('compiles every battery condition, and reads no filter-only field the battery does not list', () => {
    const problems: string[] = [];
    for (const c of DIFFERENTIAL_BATTERY) {
      try {
        const compiled = compile(c.condition);
        const read = new Set(compiled.fields);
        const declared = new Set(c.fields);
        if (read.size !== declared.size || [...read].some((f) => !declared.has(f))) {
          problems.push(`${c.condition}: reads ${[...read].join(', ')}, battery says ${c.fields.join(', ')}`);
        }
        for (const f of c.fields) {
          if (!BATTERY_FIELDS.includes(f) && !BATTERY_FILTER_ONLY_FIELDS.includes(f)) {
            problems.push(`${c.condition}: field ${f} is in neither BATTERY_FIELDS nor BATTERY_FILTER_ONLY_FIELDS`);
          }
        }
      } catch (e) {
        problems.push(`${c.condition}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps the battery, the divergent and the rejected lists disjoint', () => {
    const battery = new Set(DIFFERENTIAL_BATTERY.map((c) => c.condition));
    expect(battery.size).toBe(DIFFERENTIAL_BATTERY.length);
    for (const d of [...SYSDIG_DIVERGENT, ...SYSDIG_REJECTED]) expect(battery.has(d.condition), d.condition).toBe(false);
  });
});

describe.skipIf(!hasSysdig())('differential test against sysdig 0.29 (libsinsp filter engine)', () => {
  const compiled = new Map<string, Condition>();
  const conditionOf = (text: string): Condition => {
    let c = compiled.get(text);
    if (!c) {
      c = compile(text);
      compiled.set(text, c);
    }
    return c;
  };

  CAPTURES.forEach((capture, index) => {
    it(`${capture.name}: every battery condition matches the events sysdig matches`, () => {
      const events = sysdigEvents(capture.url, [...BATTERY_FIELDS]);
      expect(events.length, 'events sysdig prints for the capture').toBe(capture.events);
      const nums = events.map((e) => e['evt.num']);
      expect(nums.every((n) => typeof n === 'number'), 'every event has a numeric evt.num').toBe(true);
      expect(new Set(nums).size, 'evt.num is unique').toBe(events.length);

      const mismatches: string[] = [];
      for (const c of DIFFERENTIAL_BATTERY) {
        let ours: number[];
        try {
          const condition = conditionOf(c.condition);
          ours = sorted(events.filter((e) => condition.evaluate(e)).map((e) => e['evt.num'] as number));
          const explained = sorted(events.filter((e) => condition.explain(e).result).map((e) => e['evt.num'] as number));
          if (!sameNumbers(ours, explained)) {
            mismatches.push(`${c.condition}\n    evaluate: ${ranges(ours)}\n    explain:  ${ranges(explained)}`);
          }
        } catch (e) {
          mismatches.push(`${c.condition}\n    ours failed: ${(e as Error).message}`);
          continue;
        }
        let theirs: number[];
        try {
          theirs = sorted(sysdigMatches(capture.url, c.condition));
        } catch (e) {
          mismatches.push(`${c.condition}\n    sysdig failed: ${(e as Error).message}`);
          continue;
        }
        const recorded = c.matches[index];
        if (!sameNumbers(ours, theirs) || ours.length !== recorded) {
          const onlyOurs = ours.filter((n) => !theirs.includes(n));
          const onlyTheirs = theirs.filter((n) => !ours.includes(n));
          mismatches.push(
            `${c.condition}\n` +
              `    ours   (${ours.length}): ${ranges(ours)}\n` +
              `    sysdig (${theirs.length}, recorded ${recorded}): ${ranges(theirs)}\n` +
              `    only ours: ${ranges(onlyOurs)}; only sysdig: ${ranges(onlyTheirs)}`,
          );
        }
      }
      expect(mismatches, `${mismatches.length} of ${DIFFERENTIAL_BATTERY.length} conditions disagree on ${capture.name}:\n${mismatches.join('\n')}`).toEqual([]);
    }, CAPTURE_TIMEOUT);
  });

  it('sysdig still gives the recorded counts for the divergent conditions', () => {
    const drift: string[] = [];
    for (const d of SYSDIG_DIVERGENT) {
      const counts = CAPTURES.map((capture) => sysdigMatches(capture.url, d.condition).length);
      if (!sameNumbers(counts, d.matches)) drift.push(`${d.condition}: sysdig ${counts.join('/')}, recorded ${d.matches.join('/')}`);
    }
    expect(drift).toEqual([]);
  }, CAPTURE_TIMEOUT);

  it('sysdig still rejects the conditions listed as rejected', () => {
    const accepted: string[] = [];
    for (const r of SYSDIG_REJECTED) {
      try {
        sysdigMatches(CAPTURES[2].url, r.condition);
        accepted.push(r.condition);
      } catch {
        // rejected, as recorded
      }
    }
    expect(accepted).toEqual([]);
  }, CAPTURE_TIMEOUT);
});
