import { buildDigest } from "../domain/digest/build.ts";
import type { Digest, DigestLocale } from "../domain/digest/model.ts";
import { renderDigestEmail } from "../domain/digest/render.ts";
import type { Taxonomy } from "../domain/themes.ts";
import type { FeedbackStore } from "../ports/feedback-store.ts";
import { digestInput } from "./digest.ts";

export interface DigestSubscription {
  /** A team id from the taxonomy, or undefined for the whole organization. */
  team?: string | undefined;
  recipients: string[];
  locale: DigestLocale;
}

/** Builds one team's digest for a week: flat cost (counters + a bounded sample). */
export const digestFor = async (
  deps: { store: Pick<FeedbackStore, "weeklyCounters" | "day">; taxonomy: Taxonomy; baseUrl: string },
  week: string,
  team: string | undefined,
  locale: DigestLocale,
): Promise<Digest> => {
  const { weeks, sample } = await digestInput(deps.store, week);
  return buildDigest({
    week,
    weeks,
    sample,
    taxonomy: deps.taxonomy,
    locale,
    linkFor: (id) => `${deps.baseUrl}/v1/feedback/${id}`,
    ...(team !== undefined && { team }),
  });
};

export const renderedDigest = async (
  deps: { store: Pick<FeedbackStore, "weeklyCounters" | "day">; taxonomy: Taxonomy; baseUrl: string },
  week: string,
  subscription: Pick<DigestSubscription, "team" | "locale">,
) => {
  const digest = await digestFor(deps, week, subscription.team, subscription.locale);
  const query = new URLSearchParams({ week, ...(subscription.team && { team: subscription.team }) });
  return renderDigestEmail(digest, {
    unsubscribeUrl: `${deps.baseUrl}/digests/unsubscribe?${query}`,
    previewUrl: `${deps.baseUrl}/v1/digests/preview?${query}`,
  });
};
