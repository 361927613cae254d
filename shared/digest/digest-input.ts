import type { StoredFeedback } from "#shared/feedback/model/schema";
import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import type { WeeklyCounterStore } from "#shared/feedback/ports/weekly-counters";
import { previousWeeks, utcDay, weekStart } from "#shared/kernel/time";
import { forViewer, NO_RIGHTS } from "#shared/privacy/model/disclose";
import { TRAILING_WEEKS } from "./model/build.ts";
import type { WeekCounters } from "./model/digest.ts";

/**
 * Items read per day of the week for quotes, from four six-hour windows of 25: the sample stays
 * bounded however busy the week was, and covers the whole day.
 */
export const SAMPLE_WINDOWS_PER_DAY = 4;
export const SAMPLE_PER_WINDOW = 25;
export const SAMPLE_PER_DAY = SAMPLE_WINDOWS_PER_DAY * SAMPLE_PER_WINDOW;

/**
 * What a digest is built from: the weekly counters of the week and the eight before it (one Query
 * each), and a bounded sample of the week's feedback for quotes (four small Queries per day). Its
 * cost does not grow with the number of responses.
 */
export const digestInput = async (
  { feedback, counters }: { feedback: Pick<FeedbackStore, "sampleDay">; counters: WeeklyCounterStore },
  week: string,
): Promise<{ weeks: WeekCounters[]; sample: StoredFeedback[] }> => {
  const all = [week, ...previousWeeks(week, TRAILING_WEEKS)];
  const start = weekStart(week).getTime();
  const days = Array.from({ length: 7 }, (_, i) => utcDay(new Date(start + i * 86_400_000)));
  const [weeks, pages] = await Promise.all([
    Promise.all(
      all.map(async (w) => ({
        week: w,
        rows: (await counters.weeklyCounters(w)).map((c) => ({ channel: c.channel, theme: c.theme, counts: c.counts })),
      })),
    ),
    // Quotes come from the masked text only; the text as written never reaches an email.
    Promise.all(days.map((d) => feedback.sampleDay(d, SAMPLE_WINDOWS_PER_DAY, SAMPLE_PER_WINDOW))),
  ]);
  // Digest readers have no right to personal data: the sample goes through the privacy policy.
  return { weeks, sample: pages.flat().map((record) => forViewer("feedback", record, NO_RIGHTS)) };
};
