import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BusinessHoursError, FollowUpError } from "#shared/follow-up/model/errors";
import type { BusinessHours } from "#shared/follow-up/model/rules";
import {
  addWorkingTime,
  isPaused,
  isWithinBusinessHours,
  pauseClock,
  resumeClock,
  type SlaClock,
  slaDeadlines,
  slaPolicyFor,
  workingTimeBetween,
} from "#shared/follow-up/model/sla";

const H = 3_600_000;
const SHANGHAI: BusinessHours = { timeZone: "Asia/Shanghai", days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" };
const NEW_YORK: BusinessHours = { ...SHANGHAI, timeZone: "America/New_York" };
const ZONES = ["Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Sydney"];
const iso = (d: Date) => d.toISOString();

const hoursArb: fc.Arbitrary<BusinessHours> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
    start: fc.integer({ min: 0, max: 22 * 60 }),
    length: fc.integer({ min: 30, max: 12 * 60 }),
  })
  .map(({ timeZone, days, start, length }) => {
    const end = Math.min(start + length, 23 * 60 + 59);
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    return { timeZone, days, start: hhmm(start), end: hhmm(end) };
  });
// 2025-2027, so the property runs cross several daylight-saving changes in every zone.
const instantArb = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) }).map((ms) => new Date(ms));
const slaHoursArb = fc.integer({ min: 1, max: 96 * 4 }).map((q) => q / 4);

describe("addWorkingTime without business hours", () => {
  it("is plain elapsed time, even across a daylight-saving change", () => {
    expect(iso(addWorkingTime(new Date("2026-03-08T05:00:00Z"), 2))).toBe("2026-03-08T07:00:00.000Z");
    fc.assert(
      fc.property(instantArb, slaHoursArb, (start, hours) => {
        expect(addWorkingTime(start, hours).getTime()).toBe(start.getTime() + hours * H);
      }),
    );
  });

  it("rejects negative hours", () => {
    expect(() => addWorkingTime(new Date(), -1)).toThrow(FollowUpError);
  });
});

describe("addWorkingTime in Asia/Shanghai office hours (09:00-18:00 Mon-Fri, UTC+8)", () => {
  it("counts only office hours: a Friday-evening task is due on Monday morning", () => {
    // Friday 27 Nov 2026, 17:30 in Shanghai: half an hour left today, the rest on Monday.
    const friday = new Date("2026-11-27T09:30:00Z");
    expect(iso(addWorkingTime(friday, 2, SHANGHAI))).toBe("2026-11-30T02:30:00.000Z"); // Mon 10:30
    // 24 h of work: 0.5 Fri + 9 Mon + 9 Tue + 5.5 Wed = Wednesday 14:30.
    expect(iso(addWorkingTime(friday, 24, SHANGHAI))).toBe("2026-12-02T06:30:00.000Z");
  });

  it("starts the clock at opening time for feedback that arrives at night or at the weekend", () => {
    expect(iso(addWorkingTime(new Date("2026-11-28T04:00:00Z"), 2, SHANGHAI))).toBe("2026-11-30T03:00:00.000Z"); // Sat noon
    expect(iso(addWorkingTime(new Date("2026-11-24T23:00:00Z"), 2, SHANGHAI))).toBe("2026-11-25T03:00:00.000Z"); // Wed 07:00
  });

  it("makes work that ends at closing time due at closing time, not the next morning", () => {
    expect(iso(addWorkingTime(new Date("2026-11-25T08:00:00Z"), 2, SHANGHAI))).toBe("2026-11-25T10:00:00.000Z"); // 18:00
  });
});

describe("addWorkingTime in America/New_York across daylight-saving changes", () => {
  it("spring forward: Friday 17:00 EST + 2 h is Monday 10:00 EDT", () => {
    // Clocks jump on Sunday 8 March 2026; Monday 10:00 is 14:00Z, not 15:00Z.
    expect(iso(addWorkingTime(new Date("2026-03-06T22:00:00Z"), 2, NEW_YORK))).toBe("2026-03-09T14:00:00.000Z");
  });

  it("fall back: Friday 17:00 EDT + 2 h is Monday 10:00 EST", () => {
    expect(iso(addWorkingTime(new Date("2026-10-30T21:00:00Z"), 2, NEW_YORK))).toBe("2026-11-02T15:00:00.000Z");
  });

  it("measures a working day on the change day by the clock on the wall", () => {
    const allDay: BusinessHours = { timeZone: "America/New_York", days: [7], start: "00:00", end: "23:00" };
    // Sunday 8 March 2026 has 23 hours: 00:00 EST to 23:00 EDT is 22 real hours.
    const spring = workingTimeBetween(new Date("2026-03-08T00:00:00Z"), new Date("2026-03-09T12:00:00Z"), allDay);
    expect(spring).toBe(22 * H);
    // Sunday 1 November 2026 has 25 hours: 00:00 EDT to 23:00 EST is 24 real hours.
    const fall = workingTimeBetween(new Date("2026-11-01T00:00:00Z"), new Date("2026-11-02T12:00:00Z"), allDay);
    expect(fall).toBe(24 * H);
  });

  it("moves a window start that falls in the spring-forward gap forward by the gap, as clocks do", () => {
    const early: BusinessHours = { timeZone: "America/New_York", days: [7], start: "02:30", end: "04:00" };
    // 02:30 does not exist on 8 March 2026; it reads as 03:30 EDT (07:30Z), so the window is 07:30Z-08:00Z.
    expect(iso(addWorkingTime(new Date("2026-03-08T00:00:00Z"), 0.25, early))).toBe("2026-03-08T07:45:00.000Z");
    expect(iso(addWorkingTime(new Date("2026-03-08T00:00:00Z"), 1, early))).toBe("2026-03-15T07:00:00.000Z");
  });
});

describe("addWorkingTime properties", () => {
  it("never lands before the start, lands inside business hours, and consumes exactly the hours asked", () => {
    fc.assert(
      fc.property(instantArb, slaHoursArb, hoursArb, (start, hours, bh) => {
        const due = addWorkingTime(start, hours, bh);
        expect(due.getTime()).toBeGreaterThan(start.getTime());
        expect(isWithinBusinessHours(due, bh)).toBe(true);
        expect(workingTimeBetween(start, due, bh)).toBe(hours * H);
      }),
      { numRuns: 150 },
    );
  });

  it("walks past a short window that falls wholly inside a spring-forward gap", () => {
    // Found by the property below: Sundays 02:27-03:00 New York are empty on the DST change day.
    const bh = { timeZone: "America/New_York", days: [7], start: "02:27", end: "03:00" };
    const start = new Date("2025-01-01T00:00:00.000Z");
    const a = addWorkingTime(start, 61.75, bh);
    const b = addWorkingTime(start, 62, bh);
    expect(b.getTime()).toBeGreaterThan(a.getTime());
    expect(isWithinBusinessHours(a, bh)).toBe(true);
  });

  it("is monotonic: more hours or a later start never gives an earlier deadline", () => {
    fc.assert(
      fc.property(instantArb, slaHoursArb, slaHoursArb, fc.nat({ max: 72 * H }), hoursArb, (start, a, b, later, bh) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(addWorkingTime(start, hi, bh).getTime()).toBeGreaterThanOrEqual(addWorkingTime(start, lo, bh).getTime());
        const laterStart = new Date(start.getTime() + later);
        expect(addWorkingTime(laterStart, lo, bh).getTime()).toBeGreaterThanOrEqual(
          addWorkingTime(start, lo, bh).getTime(),
        );
      }),
      { numRuns: 100 },
    );
  });

  it("refuses business hours that can never be reached", () => {
    expect(() => addWorkingTime(new Date(), 1, { ...SHANGHAI, days: [] })).toThrow(BusinessHoursError);
    expect(() => addWorkingTime(new Date(), 1, { ...SHANGHAI, timeZone: "Nowhere/City" })).toThrow(BusinessHoursError);
  });
});

const clock = (over: Partial<SlaClock> = {}): SlaClock => ({
  openedAt: "2026-11-25T00:00:00.000Z",
  firstResponseHours: 2,
  resolveHours: 24,
  pauses: [],
  ...over,
});

describe("slaDeadlines", () => {
  it("defaults to 2 h and 24 h around the clock", () => {
    expect(slaDeadlines(clock())).toEqual({
      firstResponseDueAt: "2026-11-25T02:00:00.000Z",
      resolveDueAt: "2026-11-26T00:00:00.000Z",
    });
  });

  it("adds time spent waiting on the customer to both deadlines", () => {
    const paused = clock({ pauses: [{ from: "2026-11-25T01:00:00.000Z", to: "2026-11-25T04:00:00.000Z" }] });
    expect(slaDeadlines(paused)).toEqual({
      firstResponseDueAt: "2026-11-25T05:00:00.000Z",
      resolveDueAt: "2026-11-26T03:00:00.000Z",
    });
  });

  it("ignores pauses that start after a deadline, and counts an open pause up to now", () => {
    const late = clock({ pauses: [{ from: "2026-11-25T10:00:00.000Z", to: "2026-11-25T12:00:00.000Z" }] });
    expect(slaDeadlines(late).firstResponseDueAt).toBe("2026-11-25T02:00:00.000Z");
    expect(slaDeadlines(late).resolveDueAt).toBe("2026-11-26T02:00:00.000Z");
    const open = clock({ pauses: [{ from: "2026-11-25T01:00:00.000Z" }] });
    expect(slaDeadlines(open).firstResponseDueAt).toBe("2026-11-25T02:00:00.000Z");
    expect(slaDeadlines(open, new Date("2026-11-25T06:00:00.000Z")).firstResponseDueAt).toBe(
      "2026-11-25T07:00:00.000Z",
    );
  });

  it("extends in working time: a pause over the weekend costs nothing, one during office hours does", () => {
    // Opened Friday 27 Nov 2026 16:00 Shanghai (08:00Z); 2 h due 18:00 Friday.
    const base = clock({ openedAt: "2026-11-27T08:00:00.000Z", businessHours: SHANGHAI });
    expect(slaDeadlines(base).firstResponseDueAt).toBe("2026-11-27T10:00:00.000Z");
    // Waiting from Friday 17:00 to Monday 10:00 pauses 1 h of Friday and 1 h of Monday: due Monday 11:00.
    const weekend = { ...base, pauses: [{ from: "2026-11-27T09:00:00.000Z", to: "2026-11-30T02:00:00.000Z" }] };
    expect(slaDeadlines(weekend).firstResponseDueAt).toBe("2026-11-30T03:00:00.000Z");
    // Waiting only Saturday to Sunday changes nothing.
    const saturday = { ...base, pauses: [{ from: "2026-11-28T01:00:00.000Z", to: "2026-11-29T12:00:00.000Z" }] };
    expect(slaDeadlines(saturday)).toEqual(slaDeadlines(base));
  });

  const pausesArb = fc.array(fc.record({ at: fc.nat({ max: 48 * H }), length: fc.nat({ max: 12 * H }) }), {
    maxLength: 4,
  });
  const toPauses = (openedAt: number, ps: ReadonlyArray<{ at: number; length: number }>) =>
    ps.map((p) => ({
      from: new Date(openedAt + p.at).toISOString(),
      to: new Date(openedAt + p.at + p.length).toISOString(),
    }));

  it("without business hours, a deadline is openedAt + hours + the paused time before it", () => {
    fc.assert(
      fc.property(
        instantArb,
        slaHoursArb,
        fc.array(fc.record({ work: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.nat({ max: 12 * H }) }), {
          maxLength: 4,
        }),
        (opened, hours, raw) => {
          // Lay the pauses out in order, each after some working time that is still before the deadline.
          const works = raw.map((p) => Math.floor(p.work * hours * H)).sort((a, b) => a - b);
          let pausedBefore = 0;
          const pauses = raw.map((p, i) => {
            const from = opened.getTime() + (works[i] ?? 0) + pausedBefore;
            pausedBefore += p.length;
            return { from: new Date(from).toISOString(), to: new Date(from + p.length).toISOString() };
          });
          const due = slaDeadlines(clock({ openedAt: opened.toISOString(), resolveHours: hours, pauses })).resolveDueAt;
          const expected = opened.getTime() + hours * H + pausedBefore;
          // A pause starting exactly at the deadline does not push it.
          const lastStartsAtDeadline = works.at(-1) === hours * H && (raw.at(-1)?.length ?? 0) > 0;
          expect(Date.parse(due)).toBe(lastStartsAtDeadline ? expected - (raw.at(-1)?.length ?? 0) : expected);
        },
      ),
    );
  });

  it("never puts a deadline before openedAt, and longer pauses never make it earlier", () => {
    fc.assert(
      fc.property(
        instantArb,
        fc.option(hoursArb, { nil: undefined }),
        pausesArb,
        fc.nat({ max: 6 * H }),
        (opened, bh, ps, extra) => {
          const openedAt = opened.toISOString();
          const c = clock({ openedAt, businessHours: bh, pauses: toPauses(opened.getTime(), ps) });
          const d = slaDeadlines(c);
          expect(Date.parse(d.firstResponseDueAt)).toBeGreaterThan(opened.getTime());
          expect(Date.parse(d.resolveDueAt)).toBeGreaterThanOrEqual(Date.parse(d.firstResponseDueAt));
          const longer = slaDeadlines({
            ...c,
            pauses: toPauses(
              opened.getTime(),
              ps.map((p, i) => (i === 0 ? { ...p, length: p.length + extra } : p)),
            ),
          });
          expect(Date.parse(longer.firstResponseDueAt)).toBeGreaterThanOrEqual(Date.parse(d.firstResponseDueAt));
          expect(Date.parse(longer.resolveDueAt)).toBeGreaterThanOrEqual(Date.parse(d.resolveDueAt));
          if (bh) {
            expect(isWithinBusinessHours(new Date(d.firstResponseDueAt), bh)).toBe(true);
            expect(isWithinBusinessHours(new Date(d.resolveDueAt), bh)).toBe(true);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("pauseClock / resumeClock", () => {
  it("pauses once, resumes once, and keeps the pause on record", () => {
    const paused = pauseClock(clock(), "2026-11-25T01:00:00Z");
    expect(isPaused(paused)).toBe(true);
    expect(() => pauseClock(paused, "2026-11-25T01:30:00Z")).toThrow(/already paused/);
    expect(() => resumeClock(paused, "2026-11-25T00:30:00Z")).toThrow(/before the pause began/);
    const resumed = resumeClock(paused, "2026-11-25T02:00:00Z");
    expect(resumed.pauses).toEqual([{ from: "2026-11-25T01:00:00.000Z", to: "2026-11-25T02:00:00.000Z" }]);
    expect(isPaused(resumed)).toBe(false);
    expect(() => resumeClock(resumed, "2026-11-25T03:00:00Z")).toThrow(/not paused/);
    expect(slaDeadlines(resumed).firstResponseDueAt).toBe("2026-11-25T03:00:00.000Z");
  });

  it("builds a team's policy from the rules", () => {
    expect(slaPolicyFor({ firstResponseHours: 2, resolveHours: 24 }, undefined)).toEqual({
      firstResponseHours: 2,
      resolveHours: 24,
    });
    expect(slaPolicyFor({ firstResponseHours: 2, resolveHours: 24 }, SHANGHAI).businessHours).toEqual(SHANGHAI);
  });
});
