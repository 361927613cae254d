import * as z from "zod";
import { type CounterIncrement, counterChange } from "./counters.ts";
import { Sentiment, type StoredFeedback } from "./schema.ts";

/**
 * A person marks an item's reading wrong and sets the right one: `POST /v1/feedback/{id}/corrections`.
 * The item then carries the corrected sentiment and themes (and the correction: who, when, what it was
 * before), its weekly counts move with it, `hearback retag` leaves its themes alone, and the next
 * training learns from it before its score.
 */
export const CorrectionBody = (knownThemes: ReadonlySet<string>) =>
  z
    .strictObject({
      sentiment: Sentiment.optional(),
      themes: z
        .array(z.string().refine((t) => knownThemes.has(t), { message: "is not a theme of the taxonomy" }))
        .max(10, "at most 10 themes")
        .refine((t) => new Set(t).size === t.length, { message: "names a theme twice" })
        .optional(),
      note: z.string().trim().min(1, "must not be empty").max(1_000, "at most 1,000 characters").optional(),
    })
    .refine((b) => b.sentiment !== undefined || b.themes !== undefined, {
      message: "set sentiment, themes, or both",
      path: ["sentiment"],
    });
export type CorrectionBody = z.infer<ReturnType<typeof CorrectionBody>>;

export type Correction = NonNullable<StoredFeedback["correction"]>;

export interface Corrected {
  record: StoredFeedback;
  /** How the weekly counters move from the old reading to the corrected one. */
  counters: CounterIncrement[];
}

/**
 * The item as corrected. A later correction replaces an earlier one but keeps what the analysis said
 * first (`was`). Themes keep the taxonomy's order; a social post is a detractor when read NEGATIVE.
 */
export const applyCorrection = (
  record: StoredFeedback,
  body: CorrectionBody,
  by: string,
  at: string,
  themeOrder: readonly string[],
): Corrected => {
  const sentiment = body.sentiment ?? record.sentiment;
  const themes = body.themes
    ? [...body.themes].sort((a, b) => themeOrder.indexOf(a) - themeOrder.indexOf(b))
    : record.themes;
  const correction: Correction = {
    ...(body.sentiment !== undefined && { sentiment: body.sentiment }),
    ...(body.themes !== undefined && { themes }),
    ...(body.note !== undefined && { note: body.note }),
    by,
    at,
    was: record.correction?.was ?? { sentiment: record.sentiment, themes: record.themes },
  };
  const next: StoredFeedback = {
    ...record,
    sentiment,
    themes,
    detractor: record.channel === "social" ? sentiment === "NEGATIVE" : record.detractor,
    correction,
  };
  return { record: next, counters: counterChange(record, next) };
};
