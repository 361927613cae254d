/**
 * The times exports carry, read as instants. Survey tools and spreadsheets write them many ways:
 * ISO 8601, "2026-11-03 09:15:22" in the account's time zone (Qualtrics, Excel), "2026/11/3 9:15"
 * (Excel in Chinese), Unix seconds or milliseconds (Delighted's API), "... UTC" or "+0800".
 * A time without a zone is read in `timeZone` (--time-zone, UTC by default).
 */

const WALL =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

export const TIME_FORMATS =
  "ISO 8601, YYYY-MM-DD HH:MM[:SS] or YYYY/M/D H:MM with an optional zone (Z, UTC, +08:00), or Unix seconds";

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
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
    formatters.set(timeZone, f);
  }
  return f;
};

/** The wall time an instant shows in a zone, as milliseconds of that wall time read as UTC. */
const wallMs = (ms: number, timeZone: string): number => {
  const p: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
};

/** The instant a zone's clocks show a wall time (the earlier one where clocks fall back). */
const instantOfWall = (wall: number, timeZone: string): number => {
  if (timeZone === "UTC") return wall;
  const whole = wall - (((wall % 1000) + 1000) % 1000);
  const candidates = [whole - 86_400_000, whole + 86_400_000].map((probe) => whole - (wallMs(probe, timeZone) - probe));
  const fits = candidates.filter((t) => wallMs(t, timeZone) === whole);
  return (fits.length > 0 ? Math.min(...fits) : (candidates[0] as number)) + (wall - whole);
};

/** An export's time as an ISO instant, or undefined when it is none of the forms above. */
export const parseInstant = (value: string, timeZone = "UTC"): string | undefined => {
  const s = value.trim();
  if (/^\d{9,10}(\.\d+)?$/.test(s)) return new Date(Math.round(Number(s) * 1_000)).toISOString();
  if (/^\d{12,13}$/.test(s)) return new Date(Number(s)).toISOString();
  const m = WALL.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", sec = "0", frac = "", zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59)
    return undefined;
  const wall = Date.UTC(
    Number(y),
    month - 1,
    day,
    Number(h),
    Number(mi),
    Number(sec),
    Number(frac.padEnd(3, "0").slice(0, 3)),
  );
  // Date.UTC rolls 31 February over into March; a calendar that does that is not a date.
  if (new Date(wall).getUTCDate() !== day) return undefined;
  if (zone === undefined) return new Date(instantOfWall(wall, timeZone)).toISOString();
  if (/^(Z|UTC|GMT)$/i.test(zone)) return new Date(wall).toISOString();
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return new Date(wall - sign * offsetMin * 60_000).toISOString();
};
