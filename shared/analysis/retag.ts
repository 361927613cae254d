import { retagCounterDeltas } from "#shared/feedback/model/counters";
import type { FeedbackStore, RetagChange } from "#shared/feedback/ports/feedback-store";
import { daysNewestFirst } from "#shared/kernel/time";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { tagThemes } from "./model/themes.ts";

export interface RetagReport {
  days: number;
  read: number;
  retagged: number;
  unchanged: number;
  stale: number;
}

const sameThemes = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((t, i) => t === b[i]);

/**
 * Re-tags stored feedback from `since` to `until` with the current taxonomy and moves the weekly
 * counts between theme rows, so trends stay comparable after the taxonomy changes. Reads day by
 * day from the time index (Query, never Scan); safe to run twice or to interrupt.
 */
export const retagFeedback = async (
  deps: { store: Pick<FeedbackStore, "day" | "retag">; taxonomy: Taxonomy },
  range: { since: Date; until: Date },
  progress: (line: string) => void = () => undefined,
): Promise<RetagReport> => {
  const report: RetagReport = { days: 0, read: 0, retagged: 0, unchanged: 0, stale: 0 };
  for (const day of daysNewestFirst(range.since, range.until).reverse()) {
    report.days++;
    let cursor: string | undefined;
    do {
      const page = await deps.store.day(day, cursor);
      cursor = page.cursor;
      report.read += page.items.length;
      const changes: RetagChange[] = [];
      for (const record of page.items) {
        // A person set these themes (a correction): the taxonomy does not overrule them.
        if (record.correction?.themes !== undefined) {
          report.unchanged++;
          continue;
        }
        const text = record.originalText ?? record.text;
        const themes = text === undefined ? [] : tagThemes(text, record.language, deps.taxonomy);
        if (sameThemes(themes, record.themes) && record.taxonomyVersion === deps.taxonomy.version) {
          report.unchanged++;
          continue;
        }
        changes.push({
          id: record.id,
          fromVersion: record.taxonomyVersion,
          toVersion: deps.taxonomy.version,
          themes,
          counters: retagCounterDeltas(record, themes),
        });
      }
      const result = await deps.store.retag(changes);
      report.retagged += result.retagged;
      report.stale += result.stale;
    } while (cursor);
    progress(`${day}: ${report.retagged} re-tagged so far`);
  }
  return report;
};
