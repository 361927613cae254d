import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import { LocaleTag } from "#shared/kernel/locale";
import { isoWeek as isoWeekOf, isTimeZone } from "#shared/kernel/time";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";

export const SUBSCRIPTION_ID = /^[a-z0-9-]{1,40}$/;

/**
 * A language tag wherever the digest takes one (subscriptions, the preview): the kernel's LocaleTag,
 * the one schema for a locale from outside (zh-CN -> zh-Hans, zh-TW -> zh-Hant, en-GB -> en).
 */
export const DigestLocaleTag = LocaleTag;

export const REPORTS = ["weekly", "monthly"] as const;
export type DigestReport = (typeof REPORTS)[number];

/** ["weekly"], ["monthly"] or both, each once; kept in that order whatever order it was given in. */
export const DigestReports = z
  .array(z.enum(REPORTS, { message: 'must be "weekly" or "monthly"' }))
  .min(1, 'must name "weekly", "monthly" or both')
  .refine((rs) => new Set(rs).size === rs.length, "must name each report once")
  .transform((rs) => REPORTS.filter((r) => rs.includes(r)))
  .pipe(z.array(z.enum(REPORTS)));

/** Who gets which digest, when: the team it follows, its people, language and local send time. */
/** Recipients per subscription: a digest goes to a team, and a mailing list reaches more people. */
export const MAX_RECIPIENTS = 50;

export const DigestSubscription = z.strictObject({
  id: z.string().regex(SUBSCRIPTION_ID, "must be 1-40 lowercase letters, digits or dashes"),
  /** A team id from the taxonomy; absent for the whole organization. */
  team: z.string().min(1).optional(),
  /** Theme ids it follows (e.g. ["delivery", "refund"]); absent for all of the team's themes. */
  themes: z.array(z.string().min(1)).min(1).max(50).optional(),
  /** Touchpoints it follows (e.g. ["delivery"]): NPS, CSAT, volume and quotes from answers there. */
  touchpoints: z.array(z.string().min(1)).min(1).max(20).optional(),
  recipients: z
    .array(z.email())
    .min(1)
    .max(MAX_RECIPIENTS, `at most ${MAX_RECIPIENTS} recipients: send to a mailing list for more`),
  locale: DigestLocaleTag.default("en"),
  timeZone: z
    .string()
    .refine(isTimeZone, { message: "must be an IANA time zone such as Asia/Shanghai" })
    .default("Asia/Shanghai"),
  /** ISO weekday 1-7 and local hour, default Monday 09:00. */
  weekday: z.number().int().min(1).max(7).default(1),
  hour: z.number().int().min(0).max(23).default(9),
  /**
   * Which reports it gets: the weekly digest (on its weekday), the monthly "top 5 after-sales problems"
   * report (on the first working day of the month), or both; both at its hour. Default: weekly only.
   */
  reports: DigestReports.default(["weekly"]),
});
export type DigestSubscription = z.infer<typeof DigestSubscription>;

export const DigestSubscriptions = z.array(DigestSubscription).superRefine((subs, ctx) => {
  const seen = new Set<string>();
  subs.forEach((sub, i) => {
    if (seen.has(sub.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate id ${sub.id}` });
    seen.add(sub.id);
  });
});

export interface DigestFocus {
  team?: string | undefined;
  themes?: readonly string[] | undefined;
  touchpoints?: readonly string[] | undefined;
}

/**
 * What a digest may follow, from the taxonomy: its teams, its theme ids and the touchpoints the
 * counters keep apart. Returns a check that names each field that follows something unknown.
 */
export const focusCheck = (taxonomy: Taxonomy) => {
  const known = {
    team: new Set(taxonomy.themes.map((t) => t.team)),
    themes: new Set(taxonomy.themes.map((t) => t.id)),
    touchpoints: new Set(taxonomy.touchpoints.map((t) => t.id)),
  };
  const message = {
    team: `must be one of ${[...known.team].join(", ")} (omit it for the whole organization)`,
    themes: `must be theme ids from the taxonomy: ${[...known.themes].join(", ")}`,
    touchpoints: `must be touchpoints the counters keep (shared/taxonomy/themes.json): ${[...known.touchpoints].join(", ")}`,
  };
  return (focus: DigestFocus): Array<{ field: "team" | "themes" | "touchpoints"; message: string }> => [
    ...(focus.team !== undefined && !known.team.has(focus.team)
      ? [{ field: "team" as const, message: message.team }]
      : []),
    ...(focus.themes?.some((t) => !known.themes.has(t)) ? [{ field: "themes" as const, message: message.themes }] : []),
    ...(focus.touchpoints?.some((t) => !known.touchpoints.has(t))
      ? [{ field: "touchpoints" as const, message: message.touchpoints }]
      : []),
  ];
};

/** Where a subscription is managed: the deployment's config file, or the subscriptions API. */
export type SubscriptionSource = "config" | "api";

const DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;

/**
 * The EventBridge Scheduler schedule that sends a subscription's digest: its weekday and hour in
 * its own time zone (Scheduler keeps the hour across daylight-saving changes).
 */
export const digestSchedule = (
  sub: Pick<DigestSubscription, "weekday" | "hour" | "timeZone">,
): { expression: string; timeZone: string } => ({
  expression: `cron(0 ${sub.hour} ? * ${DAYS[sub.weekday - 1]} *)`,
  timeZone: sub.timeZone,
});

/** The ISO week a digest sent at `at` reports on: the last complete week in the reader's time zone. */
export const reportedWeek = (at: Date, timeZone: string): string => {
  const local = localWeekdayHour(at, timeZone);
  const lastWeek = new Date(Date.parse(`${local.date}T12:00:00Z`) - 7 * 86_400_000);
  return isoWeekOf(lastWeek);
};

/** Local weekday (ISO, 1-7) and hour of an instant in a time zone. */
export const localWeekdayHour = (at: Date, timeZone: string): { weekday: number; hour: number; date: string } => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(String(parts.weekday)) + 1;
  return { weekday, hour: Number(parts.hour), date: `${parts.year}-${parts.month}-${parts.day}` };
};

/** Due when the hourly run lands in the subscription's local send hour (of its weekday). */
export const isDue = (sub: DigestSubscription, at: Date): boolean => {
  const local = localWeekdayHour(at, sub.timeZone);
  return local.weekday === sub.weekday && local.hour === sub.hour;
};

/** True when the subscription gets this report (the weekly digest or the monthly report). */
export const getsReport = (sub: Pick<DigestSubscription, "reports">, report: DigestReport): boolean =>
  sub.reports.includes(report);

/**
 * The first working day (Monday to Friday) of a month, from a local date: the 1st on a weekday, or
 * Monday the 2nd or 3rd when the 1st falls on a weekend. Public holidays are not known here.
 */
export const isFirstWorkingDay = (local: { weekday: number; date: string }): boolean => {
  const day = Number(local.date.slice(8, 10));
  return local.weekday <= 5 && (day === 1 || (local.weekday === 1 && day <= 3));
};

/** The monthly report is due in the subscription's send hour on the first working day of its local month. */
export const isMonthlyDue = (sub: DigestSubscription, at: Date): boolean => {
  const local = localWeekdayHour(at, sub.timeZone);
  return getsReport(sub, "monthly") && local.hour === sub.hour && isFirstWorkingDay(local);
};

/** The month a monthly report sent at `at` covers: the last complete calendar month in the reader's time zone, e.g. "2026-10". */
export const reportedMonth = (at: Date, timeZone: string): string => {
  const [year, month] = localWeekdayHour(at, timeZone).date.split("-").map(Number);
  const previous = new Date(Date.UTC(year ?? 2000, (month ?? 1) - 2, 1));
  return previous.toISOString().slice(0, 7);
};

/**
 * The EventBridge Scheduler schedule of the monthly report: `1W` is the weekday nearest the 1st
 * within the month (Monday the 3rd when the 1st is a Saturday), i.e. the first working day.
 */
export const monthlySchedule = (
  sub: Pick<DigestSubscription, "hour" | "timeZone">,
): { expression: string; timeZone: string } => ({
  expression: `cron(0 ${sub.hour} 1W * ? *)`,
  timeZone: sub.timeZone,
});

/** Unsubscribe links carry an HMAC, so nobody can unsubscribe someone else. */
export const unsubscribeSignature = (secret: Uint8Array, subscriptionId: string, email: string): string =>
  createHmac("sha256", secret)
    .update(`unsubscribe\u0000${subscriptionId}\u0000${email.toLowerCase()}`)
    .digest("base64url")
    .slice(0, 22);

export const verifyUnsubscribe = (
  secret: Uint8Array,
  subscriptionId: string,
  email: string,
  signature: string,
): boolean => {
  const expected = Buffer.from(unsubscribeSignature(secret, subscriptionId, email));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
};
