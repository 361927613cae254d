import type { WeekCounters } from "#shared/digest/model/digest";
import type { ThemeFix } from "#shared/digest/model/fixes";

/**
 * November 2026 (weeks W45-W48) against August-October (W32-W44), 100 responses a week:
 * delivery doubles (10 -> 20 complaints a week), refund drops after its fix of 14 October (8 -> 2),
 * payment stops (6 -> 0, no fix recorded), service and usability stay, price is new (6 in W45),
 * stock has a single complaint.
 */
export const MONTH = "2026-11";
const inMonth = (week: string) => week >= "2026-W45";

const perWeek = (week: string): Record<string, number> => ({
  delivery: inMonth(week) ? 20 : 10,
  refund: inMonth(week) ? 2 : 8,
  payment: inMonth(week) ? 0 : 6,
  service: 5,
  usability: 3,
  ...(week === "2026-W45" && { price: 6 }),
  ...(week === "2026-W46" && { stock: 1 }),
});

/** The counters of one week: the responses row and a row per theme (complaints split negative/mixed). */
export const monthlyCounters = (week: string): WeekCounters["rows"] => [
  { channel: "nps", theme: "_all", counts: { n: 100 } },
  ...Object.entries(perWeek(week)).map(([theme, complaints]) => ({
    channel: "nps" as const,
    theme,
    counts: { n: complaints + 4, NEGATIVE: Math.max(0, complaints - 1), MIXED: Math.min(1, complaints), POSITIVE: 4 },
  })),
];

export const fix = (theme: string, date: string, note: string): ThemeFix => ({
  id: `fix-${theme}-${date}`,
  theme,
  date,
  note,
  by: "lead@example.com",
  at: `${date}T10:00:00.000Z`,
});

export const FIXES: ThemeFix[] = [
  fix("refund", "2026-10-14", "Refunds approved by the agent, no second review"),
  fix("service", "2026-10-01", "new greeting script"),
  // Older than the three months before: history, not judged.
  fix("delivery", "2026-05-01", "new courier"),
];

/** The follow-up's loop counters of the month's weeks, and of a week of October that must not count. */
export const LOOP = new Map<string, Record<string, number>>([
  ...["2026-W45", "2026-W46", "2026-W47", "2026-W48"].map(
    (w) =>
      [
        w,
        {
          opened: 10,
          respondedInSla: 8,
          respondedLate: 2,
          resolvedInSla: 6,
          resolvedLate: 4,
          detractorTasks: 5,
          recovered: 1,
          resolutionYes: 2,
          resolutionNo: 1,
        },
      ] as const,
  ),
  ["2026-W44", { opened: 100, respondedInSla: 100 }],
]);
