import * as z from "zod";
import { BusinessHoursError, FollowUpError } from "./errors.ts";
import { BusinessHours, minutesOfDay } from "./rules.ts";

/**
 * SLA clocks. A deadline is "N hours of working time after the clock started": around the clock
 * when a team has no business hours, otherwise only the hours inside the team's working windows,
 * read as wall-clock times in the team's own IANA zone. Time spent waiting on the customer does
 * not count, so a customer who takes a day to send a photo does not make the team miss its SLA.
 *
 * Wall times come from Intl.DateTimeFormat (no time-zone library, no server zone): a working day
 * is [start, end) on the local calendar, turned into instants one day at a time, so a window on a
 * daylight-saving day is as long as it really is (an hour shorter or longer in real time).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export const SlaPause = z.strictObject({
  from: z.string(),
  /** Absent while the task is still waiting on the customer. */
  to: z.string().optional(),
});
export type SlaPause = z.infer<typeof SlaPause>;

/** What a deadline is computed from; tasks keep this so deadlines can be recomputed after a pause. */
export const SlaPolicy = z.strictObject({
  firstResponseHours: z.number().positive(),
  resolveHours: z.number().positive(),
  businessHours: BusinessHours.optional(),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const SlaClock = SlaPolicy.extend({
  openedAt: z.string(),
  pauses: z.array(SlaPause),
});
export type SlaClock = z.infer<typeof SlaClock>;

export interface SlaDeadlines {
  firstResponseDueAt: string;
  resolveDueAt: string;
}

const instantMs = (value: string | Date, what: string): number => {
  const ms = new Date(value).getTime();
  if (!Number.isFinite(ms)) throw new FollowUpError(`${what} is not a valid date-time: ${String(value)}`);
  return ms;
};

// Formatting is the slow part of Intl; one formatter per zone serves every call.
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      throw new BusinessHoursError(`unknown time zone "${timeZone}"`);
    }
    formatters.set(timeZone, f);
  }
  return f;
};

/** The wall-clock time an instant shows in a zone, as milliseconds of that wall time read as UTC. */
const wallMs = (ms: number, timeZone: string): number => {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (((ms % 1000) + 1000) % 1000);
};

/**
 * The instant a zone's clocks show a wall time. At a fall-back overlap the earlier of the two
 * instants; in a spring-forward gap (a wall time that never happens) the time is moved forward
 * by the gap, as clocks do (02:30 on the US spring day becomes 03:30 daylight time).
 */
const instantOfWall = (wall: number, timeZone: string): number => {
  const offsetBefore = wallMs(wall - DAY_MS, timeZone) - (wall - DAY_MS);
  const offsetAfter = wallMs(wall + DAY_MS, timeZone) - (wall + DAY_MS);
  const fits = [wall - offsetBefore, wall - offsetAfter].filter((t) => wallMs(t, timeZone) === wall);
  return fits.length > 0 ? Math.min(...fits) : wall - offsetBefore;
};

interface Hours {
  timeZone: string;
  days: ReadonlySet<number>;
  startMin: number;
  endMin: number;
}

const checkHours = (bh: BusinessHours): Hours => {
  const parsed = BusinessHours.safeParse(bh);
  if (!parsed.success) {
    throw new BusinessHoursError(`invalid business hours: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  }
  return {
    timeZone: bh.timeZone,
    days: new Set(bh.days),
    startMin: minutesOfDay(bh.start),
    endMin: minutesOfDay(bh.end),
  };
};

/** Local midnight (as wall ms) of the day an instant falls on in the zone. */
const localDay = (ms: number, h: Hours): number => Math.floor(wallMs(ms, h.timeZone) / DAY_MS) * DAY_MS;

const isoWeekday = (day: number): number => new Date(day).getUTCDay() || 7;

/** The working window of a local day as instants, or undefined on a day off. */
const windowOf = (day: number, h: Hours): [number, number] | undefined =>
  h.days.has(isoWeekday(day))
    ? [instantOfWall(day + h.startMin * 60_000, h.timeZone), instantOfWall(day + h.endMin * 60_000, h.timeZone)]
    : undefined;

const addWorkingMs = (startMs: number, ms: number, bh: BusinessHours | undefined): number => {
  if (ms <= 0) return startMs;
  if (!bh) return startMs + ms;
  const h = checkHours(bh);
  // Enough days for the longest possible walk, so a bug can never become an endless loop. Twice
  // one window a week: a short window that falls in a spring-forward gap is empty that day.
  const windowMs = (h.endMin - h.startMin) * 60_000;
  const maxDays = 14 + 14 * Math.ceil(ms / windowMs);
  let remaining = ms;
  let day = localDay(startMs, h);
  for (let i = 0; i < maxDays; i++, day += DAY_MS) {
    const window = windowOf(day, h);
    if (!window) continue;
    const from = Math.max(window[0], startMs);
    if (from >= window[1]) continue;
    const available = window[1] - from;
    if (remaining <= available) return from + remaining;
    remaining -= available;
  }
  throw new BusinessHoursError(`no deadline found within ${maxDays} days for ${JSON.stringify(bh)}`);
};

const workingMsBetween = (fromMs: number, toMs: number, bh: BusinessHours | undefined): number => {
  if (toMs <= fromMs) return 0;
  if (!bh) return toMs - fromMs;
  const h = checkHours(bh);
  const lastDay = localDay(toMs, h);
  let total = 0;
  for (let day = localDay(fromMs, h); day <= lastDay; day += DAY_MS) {
    const window = windowOf(day, h);
    if (window) total += Math.max(0, Math.min(window[1], toMs) - Math.max(window[0], fromMs));
  }
  return total;
};

/**
 * The instant `hours` of working time after `start`. Without business hours that is plain
 * elapsed time. With them, a deadline always falls inside a working window (its end included:
 * work that finishes at 18:00 is due at 18:00, not at 09:00 the next working day).
 */
export const addWorkingTime = (start: Date, hours: number, businessHours?: BusinessHours): Date => {
  if (!Number.isFinite(hours) || hours < 0) throw new FollowUpError(`hours must be a number >= 0, got ${hours}`);
  return new Date(addWorkingMs(instantMs(start, "start"), hours * HOUR_MS, businessHours));
};

/** Working time between two instants in milliseconds (0 when `to` is not after `from`). */
export const workingTimeBetween = (from: Date, to: Date, businessHours?: BusinessHours): number =>
  workingMsBetween(instantMs(from, "from"), instantMs(to, "to"), businessHours);

/** Whether an instant lies in a working window (both ends included); always true without hours. */
export const isWithinBusinessHours = (at: Date, businessHours?: BusinessHours): boolean => {
  if (!businessHours) return true;
  const h = checkHours(businessHours);
  const ms = instantMs(at, "at");
  const window = windowOf(localDay(ms, h), h);
  return window !== undefined && ms >= window[0] && ms <= window[1];
};

/**
 * Pauses as sorted, non-overlapping [from, to) spans starting no earlier than the clock. A pause
 * still open counts until `now` when given; without `now` it is left out, which gives the
 * earliest the deadline can be (the caller recomputes on resume anyway).
 */
const normalizePauses = (pauses: readonly SlaPause[], startMs: number, nowMs: number | undefined) => {
  const spans = pauses
    .map((p) => {
      const from = Math.max(startMs, instantMs(p.from, "pause start"));
      const to = p.to !== undefined ? instantMs(p.to, "pause end") : (nowMs ?? from);
      return { from, to };
    })
    .filter((p) => p.to > p.from)
    .sort((a, b) => a.from - b.from);
  const merged: Array<{ from: number; to: number }> = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
};

const deadlineMs = (
  startMs: number,
  workMs: number,
  pauses: ReadonlyArray<{ from: number; to: number }>,
  bh: BusinessHours | undefined,
): number => {
  let cursor = startMs;
  let remaining = workMs;
  for (const pause of pauses) {
    if (pause.to <= cursor) continue;
    const before = workingMsBetween(cursor, pause.from, bh);
    if (before >= remaining) return addWorkingMs(cursor, remaining, bh);
    remaining -= before;
    cursor = Math.max(cursor, pause.to);
  }
  return addWorkingMs(cursor, remaining, bh);
};

/** First-response and resolution deadlines of a clock, with paused time added back. */
export const slaDeadlines = (input: SlaClock, now?: Date): SlaDeadlines => {
  const startMs = instantMs(input.openedAt, "openedAt");
  const pauses = normalizePauses(input.pauses, startMs, now ? instantMs(now, "now") : undefined);
  const due = (hours: number) => new Date(deadlineMs(startMs, hours * HOUR_MS, pauses, input.businessHours));
  return {
    firstResponseDueAt: due(input.firstResponseHours).toISOString(),
    resolveDueAt: due(input.resolveHours).toISOString(),
  };
};

export const isPaused = (clock: Pick<SlaClock, "pauses">): boolean => clock.pauses.some((p) => p.to === undefined);

/** Stops the clock (the task now waits on the customer). */
export const pauseClock = <C extends Pick<SlaClock, "pauses">>(clock: C, at: Date | string): C => {
  if (isPaused(clock)) throw new FollowUpError("the SLA clock is already paused");
  return { ...clock, pauses: [...clock.pauses, { from: new Date(instantMs(at, "pause start")).toISOString() }] };
};

/** Restarts a paused clock; the pause now has an end and pushes the deadlines back. */
export const resumeClock = <C extends Pick<SlaClock, "pauses">>(clock: C, at: Date | string): C => {
  const index = clock.pauses.findIndex((p) => p.to === undefined);
  const open = clock.pauses[index];
  if (!open) throw new FollowUpError("the SLA clock is not paused");
  const toMs = instantMs(at, "pause end");
  if (toMs < instantMs(open.from, "pause start")) {
    throw new FollowUpError(`cannot resume at ${new Date(toMs).toISOString()}, before the pause began at ${open.from}`);
  }
  const pauses = clock.pauses.map((p, i) => (i === index ? { from: p.from, to: new Date(toMs).toISOString() } : p));
  return { ...clock, pauses };
};

/** The SLA a new task of a team is held to. Tasks keep their own copy, so later rule changes
 * never move the deadlines a team has already been promised. */
export const slaPolicyFor = (
  rules: { firstResponseHours: number; resolveHours: number },
  businessHours: BusinessHours | undefined,
): SlaPolicy => ({
  firstResponseHours: rules.firstResponseHours,
  resolveHours: rules.resolveHours,
  ...(businessHours !== undefined && { businessHours }),
});
