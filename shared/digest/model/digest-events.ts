import type { BusEntry } from "#shared/kernel/bus";
import type { Digest, Metric } from "./digest.ts";

/**
 * What a digest run tells integrations: that a subscription's weekly digest went out (with its headline numbers,
 * never its readers' addresses), and which themes it found emerging. Both carry taxonomy ids, never labels of one
 * language: each receiver's card names them in its own (shared/webhooks/model/card.ts).
 */

const headline = (m: Metric) => ({ ...(m.value !== undefined && { value: m.value }), n: m.n, enough: m.enough });

/** `digest.sent`, once per subscription and week (a re-run that mails readers it missed publishes the same id). */
export const digestSentEntry = (subscription: string, digest: Digest, at: Date): BusEntry => ({
  type: "digest.sent",
  id: `digest.sent:${digest.week}:${subscription}`,
  at: at.toISOString(),
  detail: {
    subscription,
    ...(digest.team !== undefined && { team: digest.team }),
    ...(digest.followedThemes !== undefined && { followedThemes: [...digest.followedThemes] }),
    week: digest.week,
    from: digest.from,
    to: digest.to,
    nps: headline(digest.nps),
    csat: headline(digest.csat),
    volume: headline(digest.volume.total),
    /** The vital few themes (80 % of complaints), most complained about first. */
    topThemes: digest.themes.filter((t) => t.vital).map((t) => t.theme),
  },
});

/**
 * `theme.emerging` for each theme whose negative mentions rose significantly this week: once per theme and week
 * whichever subscription's digest found it (`theme.emerging:<week>:<theme>`).
 */
export const emergingThemeEntries = (digest: Digest, at: Date): BusEntry[] =>
  digest.emerging
    .filter((e) => e.direction === "rising")
    .map((e) => {
      const line = digest.themes.find((t) => t.theme === e.theme);
      const mentions = Math.max(line?.total ?? 0, e.thisWeek);
      return {
        type: "theme.emerging",
        id: `theme.emerging:${digest.week}:${e.theme}`,
        at: at.toISOString(),
        detail: {
          theme: e.theme,
          themes: [e.theme],
          week: digest.week,
          mentions,
          negative: e.thisWeek,
          negativeShare: mentions > 0 ? Math.round((e.thisWeek / mentions) * 1000) / 1000 : 0,
          baseline: Math.round(e.baseline * 100) / 100,
          pValue: e.pValue,
        },
      };
    });
