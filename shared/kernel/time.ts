/** ISO 8601 week of an instant in UTC, e.g. "2026-W48". Weeks start on Monday. */
export const isoWeek = (instant: Date | string): string => {
  const d = new Date(instant);
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of this week decides the ISO year.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
};

/** UTC calendar day, e.g. "2026-11-25". */
export const utcDay = (instant: Date | string): string => new Date(instant).toISOString().slice(0, 10);

/** Every UTC day from `to` back to `from`, newest first (inclusive). */
export const daysNewestFirst = (from: Date, to: Date): string[] => {
  const days: string[] = [];
  const cursor = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate()));
  const first = utcDay(from);
  while (utcDay(cursor) >= first) {
    days.push(utcDay(cursor));
    cursor.setUTCDate(cursor.getUTCDate() - 1);
  }
  return days;
};

/** The Monday (UTC) that starts an ISO week such as "2026-W48". */
export const weekStart = (week: string): Date => {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new RangeError(`not an ISO week: ${week}`);
  const year = Number(match[1]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86_400_000);
  return new Date(monday.getTime() + (Number(match[2]) - 1) * 7 * 86_400_000);
};

/**
 * True only for a week that exists: "2025-W53" does not (2025 has 52 ISO weeks, 2026 has 53), nor do "W00" or
 * "W99". Years 2000-2999, like the feedback the schema accepts.
 */
export const isIsoWeek = (week: string): boolean =>
  /^2\d{3}-W(0[1-9]|[1-4]\d|5[0-3])$/.test(week) && isoWeek(weekStart(week)) === week;

/** The `count` ISO weeks before `week`, nearest first. */
export const previousWeeks = (week: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => isoWeek(new Date(weekStart(week).getTime() - (i + 1) * 7 * 86_400_000)));

/** True for an IANA time zone name the runtime knows, such as Asia/Shanghai. */
export const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** A real calendar day written yyyy-mm-dd (2026-02-30 is not one). */
export const isIsoDay = (day: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(day) &&
  !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
  new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
