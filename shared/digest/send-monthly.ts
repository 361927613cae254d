import { ValidationError } from "#shared/kernel/errors";
import type { MailSuppressions } from "#shared/mail/ports/suppressions";
import { deliverToRecipients } from "./deliver.ts";
import { FIXES_PER_THEME, type ThemeFix } from "./model/fixes.ts";
import { buildMonthlyReport, isMonth, type MonthlyReport, monthWeeks, weeksToRead } from "./model/monthly.ts";
import { readerLinkExpiry, readerLinks } from "./model/reader-links.ts";
import {
  type DigestSubscription,
  getsReport,
  isMonthlyDue,
  reportedMonth,
  reportedWeek,
} from "./model/subscriptions.ts";
import type { DigestLedger } from "./ports/delivery.ts";
import type { ThemeFixStore } from "./ports/theme-fixes.ts";
import type { DigestDeps, DigestLinkSigner, DigestRun } from "./send-digest.ts";
import { unsubscribeUrl } from "./send-digest.ts";
import { renderMonthlyEmail } from "./views/monthly-render.ts";

/** Fixes read per theme (newest first): a report judges those of the last four months. */
export { FIXES_PER_THEME };

export interface MonthlyDeps {
  counters: DigestDeps["counters"];
  tasks?: DigestDeps["tasks"];
  taxonomy: DigestDeps["taxonomy"];
  /** The fixes teams recorded; without it the report has no "fixes that worked". */
  fixes?: Pick<ThemeFixStore, "forTheme"> | undefined;
}

/**
 * One subscription's monthly report. Reads, whatever the volume: the recorded fixes of the themes it
 * follows (one Query per theme), the weekly counters of the month, the three months before and the
 * weeks around those fixes (one Query per week, at most about 26), the month's loop counters (one
 * BatchGetItem) and the tasks overdue now (one page).
 */
export const monthlyReportFor = async (
  deps: MonthlyDeps,
  month: string,
  sub: Pick<DigestSubscription, "team" | "themes" | "locale">,
  now: Date,
): Promise<MonthlyReport> => {
  const themeIds = deps.taxonomy.themes
    .filter((t) => (sub.team === undefined || t.team === sub.team) && (sub.themes?.includes(t.id) ?? true))
    .map((t) => t.id);
  const fixes: ThemeFix[] = deps.fixes
    ? (await Promise.all(themeIds.map((id) => deps.fixes?.forTheme(id, FIXES_PER_THEME) ?? []))).flat()
    : [];
  const weeks = weeksToRead(month, fixes);
  const [counters, loopCounts, overdue] = await Promise.all([
    Promise.all(weeks.map(async (week) => ({ week, rows: await deps.counters.weeklyCounters(week) }))),
    deps.tasks?.loopCounts(monthWeeks(month)),
    deps.tasks?.listTasks({ partition: "active", dueBefore: now.toISOString(), limit: 200 }),
  ]);
  return buildMonthlyReport({
    month,
    locale: sub.locale,
    taxonomy: deps.taxonomy,
    team: sub.team,
    themes: sub.themes,
    weeks: counters,
    fixes,
    loop: loopCounts && { counts: loopCounts, overdueNow: overdue?.items.length ?? 0 },
  });
};

/** A monthly report's run: `week` names the month ("2026-10"), the period its ledger claims are kept under. */
export type MonthlyRun = DigestRun & { report: "monthly" };

/**
 * The monthly reports: for every subscription that gets them, on the first working day of its local
 * month in its send hour (the hourly run locally; on AWS its monthly schedule names it), or now when
 * forced or named. Each covers the last complete month in its time zone, is sent once per recipient
 * and month (the ledger claim is keyed by the month, "2026-10", which no ISO week can be), and skips
 * those who unsubscribed from the subscription and addresses on the suppression list.
 */
export const sendDueMonthlyReports = async (
  deps: MonthlyDeps & {
    baseUrl: string;
    subscriptions: readonly DigestSubscription[];
    ledger: Pick<DigestLedger, "claim" | "release" | "unsubscribed">;
    /** Addresses that bounced or complained are not mailed (counted as `suppressed`). */
    suppressions?: Pick<MailSuppressions, "suppressedAmong"> | undefined;
    send: (email: {
      to: string;
      subject: string;
      html: string;
      text: string;
      unsubscribeUrl: string;
      images: [];
    }) => Promise<void>;
    links: DigestLinkSigner;
  },
  now: Date,
  options: { force?: boolean; month?: string; subscription?: string } = {},
): Promise<MonthlyRun[]> => {
  if (options.month !== undefined && !isMonth(options.month)) {
    throw new ValidationError(`${options.month} is not a month`, [
      { field: "month", message: "must be a month such as 2026-11" },
    ]);
  }
  const runs: MonthlyRun[] = [];
  for (const sub of deps.subscriptions) {
    if (!getsReport(sub, "monthly")) continue;
    if (
      options.subscription !== undefined ? sub.id !== options.subscription : !(options.force || isMonthlyDue(sub, now))
    ) {
      continue;
    }
    const month = options.month ?? reportedMonth(now, sub.timeZone);
    let report: MonthlyReport | undefined;
    const counts = await deliverToRecipients(deps, sub, month, now, async (to) => {
      report ??= await monthlyReportFor(deps, month, sub, now);
      const unsubscribe = unsubscribeUrl(deps.baseUrl, deps.links.key.secret, sub.id, to);
      // The explorer behind this reader's signed link (scoped to the subscription), as in the weekly digest;
      // the link names the month's last week (a reader link is for a week) and expires like the digest's.
      const { explorer } = readerLinks({
        key: deps.links.key,
        baseUrl: deps.baseUrl,
        subscription: sub.id,
        email: to,
        week: monthWeeks(month).at(-1) ?? reportedWeek(now, sub.timeZone),
        locale: sub.locale,
        expiresAt: readerLinkExpiry(now, deps.links.days),
      });
      await deps.send({
        to,
        ...renderMonthlyEmail(report, { unsubscribeUrl: unsubscribe, explorerUrl: explorer }),
        unsubscribeUrl: unsubscribe,
        images: [],
      });
    });
    runs.push({ subscription: sub.id, week: month, report: "monthly", ...counts });
  }
  return runs;
};
