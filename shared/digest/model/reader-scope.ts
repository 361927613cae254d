import type { SupportedLocale } from "#shared/kernel/locale";
import { isoWeek } from "#shared/kernel/time";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import type { DigestFocus } from "./subscriptions.ts";
import { ALL_TEAMS } from "./words.ts";

/** What of a stored comment decides whether a subscription's readers may open it. */
export interface ScopedItem {
  occurredAt: string;
  themes: readonly string[];
  touchpoint?: string | undefined;
}

/**
 * Whether a comment lies inside what a subscription's digest for `week` covers, as the digest
 * builder draws it (model/build.ts): it occurred that ISO week (UTC days, as the sample reads them);
 * with `touchpoints`, it was given at one of them; with a `team` and/or `themes`, one of its themes
 * (as corrected, if a person corrected them) is the team's and followed. A whole-organization
 * subscription covers every comment of the week. A reader link opens nothing outside it, even one
 * it was minted for, when the comment was re-tagged since or the subscription narrowed.
 */
export const inDigestScope = (item: ScopedItem, focus: DigestFocus, week: string, taxonomy: Taxonomy): boolean => {
  const when = Date.parse(item.occurredAt);
  if (!Number.isFinite(when) || isoWeek(new Date(when)) !== week) return false;
  if (focus.touchpoints !== undefined) {
    if (item.touchpoint === undefined || !focus.touchpoints.includes(item.touchpoint)) return false;
  }
  if (focus.team === undefined && focus.themes === undefined) return true;
  const teamOf = new Map(taxonomy.themes.map((t) => [t.id, t.team]));
  return item.themes.some(
    (id) =>
      (focus.team === undefined || teamOf.get(id) === focus.team) &&
      (focus.themes === undefined || focus.themes.includes(id)),
  );
};

/**
 * What a subscription follows, in the reader's words: its team, followed themes and touchpoints by
 * their taxonomy labels (an unknown id as it is), or "all teams".
 */
export const scopeLabel = (focus: DigestFocus, taxonomy: Taxonomy, locale: SupportedLocale): string => {
  const team = focus.team === undefined ? undefined : taxonomy.teams?.find((t) => t.id === focus.team);
  const parts = [
    ...(focus.team === undefined ? [] : [team?.labels[locale] ?? focus.team]),
    ...(focus.themes ?? []).map((id) => taxonomy.themes.find((t) => t.id === id)?.labels[locale] ?? id),
    ...(focus.touchpoints ?? []).map((id) => taxonomy.touchpoints.find((t) => t.id === id)?.labels[locale] ?? id),
  ];
  return parts.length === 0 ? ALL_TEAMS[locale] : parts.join(" · ");
};
