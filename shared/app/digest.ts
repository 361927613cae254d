import type { WeekCounters } from "../domain/digest/model.ts";
import type { StoredFeedback } from "../domain/feedback.ts";
import { previousWeeks, utcDay, weekStart } from "../domain/time.ts";
import type { FeedbackStore } from "../ports/feedback-store.ts";

/** Items read per day of the week for quotes: the sample stays bounded however busy the week was. */
export const SAMPLE_PER_DAY = 100;
export const TRAILING_WEEKS = 8;

/**
 * What a digest is built from: the weekly counters of the week and the eight before it (one Query
 * each), and a bounded sample of the week's feedback for quotes (one Query page per day). Its cost
 * does not grow with the number of responses.
 */
export const digestInput = async (
  store: Pick<FeedbackStore, "weeklyCounters" | "day">,
  week: string,
): Promise<{ weeks: WeekCounters[]; sample: StoredFeedback[] }> => {
  const all = [week, ...previousWeeks(week, TRAILING_WEEKS)];
  const start = weekStart(week).getTime();
  const days = Array.from({ length: 7 }, (_, i) => utcDay(new Date(start + i * 86_400_000)));
  const [weeks, pages] = await Promise.all([
    Promise.all(
      all.map(async (w) => ({
        week: w,
        rows: (await store.weeklyCounters(w)).map((c) => ({ channel: c.channel, theme: c.theme, counts: c.counts })),
      })),
    ),
    Promise.all(days.map((d) => store.day(d))),
  ]);
  // Quotes come from the masked text only; the text as written never reaches an email.
  const sample = pages.flatMap((p) =>
    p.items.slice(0, SAMPLE_PER_DAY).map(({ originalText: _raw, ...masked }) => masked),
  );
  return { weeks, sample };
};
