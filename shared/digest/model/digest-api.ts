import * as z from "zod";
import { isIsoWeek } from "#shared/kernel/time";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { DigestLocaleTag, DigestSubscription, focusCheck, SUBSCRIPTION_ID } from "./subscriptions.ts";

/**
 * The digest API's queries, bodies and answers (/v1/digests/preview, /v1/digest-subscriptions): the
 * handlers parse and type with these, and the published contract (shared/api-contract/) is
 * generated from them. Team, themes and touchpoints must be the taxonomy's.
 */

const idList = z
  .string()
  .transform((t) => t.split(",").map((id) => id.trim()))
  .optional();

/** GET /v1/digests/preview's query. */
export const PreviewQuery = (taxonomy: Taxonomy) => {
  const unknownFocus = focusCheck(taxonomy);
  return z
    .object({
      week: z.string().refine(isIsoWeek, "must be an ISO week that exists, such as 2026-W47").optional(),
      /**
       * A subscription's id: its team, themes, touchpoints and language (the digest its readers get);
       * team, themes, touchpoints and locale given beside it win.
       */
      subscription: z.string().regex(SUBSCRIPTION_ID, "must be 1-40 lowercase letters, digits or dashes").optional(),
      team: z.string().optional(),
      /** Comma-separated theme ids: only these themes (as a subscription that follows them). */
      themes: idList,
      /** Comma-separated counted touchpoints: scores, volume and quotes from answers there. */
      touchpoints: idList,
      /** Any tag of a language the digest speaks (zh-TW, en-GB...); the subscription's, else STAFF_LOCALE, without one. */
      locale: DigestLocaleTag.optional(),
    })
    .strict()
    .superRefine((q, ctx) => {
      for (const { field, message } of unknownFocus(q)) ctx.addIssue({ code: "custom", path: [field], message });
    });
};

/** The body of PUT /v1/digest-subscriptions/{id}: a subscription without its id (the path names it). */
export const SubscriptionBody = (taxonomy: Taxonomy) => {
  const unknownFocus = focusCheck(taxonomy);
  return DigestSubscription.omit({ id: true }).superRefine((s, ctx) => {
    for (const { field, message } of unknownFocus(s)) ctx.addIssue({ code: "custom", path: [field], message });
  });
};

/** A subscription and where it is managed: the config file (read-only here) or this API. */
export const ListedSubscription = DigestSubscription.extend({ source: z.enum(["config", "api"]) });
export type ListedSubscription = z.infer<typeof ListedSubscription>;

export const SubscriptionList = z.strictObject({ items: z.array(ListedSubscription) });
export type SubscriptionList = z.infer<typeof SubscriptionList>;
