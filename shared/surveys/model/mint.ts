import * as z from "zod";
import { Customer, Locale } from "#shared/feedback/model/schema";
import { SurveyKind } from "./token.ts";

/** POST /v1/survey-links: a survey for one customer. */
export const MintRequest = z.strictObject({
  kind: SurveyKind,
  customer: Customer,
  touchpoint: z.string().trim().min(1).max(64).optional(),
  locale: Locale.optional(),
  /** Shown in the question: "How likely are you to recommend <brand> to a friend?" */
  brand: z.string().trim().min(1).max(60).optional(),
});
export type MintRequest = z.infer<typeof MintRequest>;

/**
 * Its answer: the links (one per score), an email-safe HTML snippet and an SMS text (201); or,
 * within the customer's quiet period, "suppressed" and why (200).
 */
export const MintAnswer = z.discriminatedUnion("status", [
  z.strictObject({
    status: z.literal("created"),
    surveyId: z.string(),
    expiresAt: z.string(),
    links: z.array(z.strictObject({ score: z.number().int(), url: z.url() })),
    html: z.string(),
    text: z.string(),
  }),
  z.strictObject({
    status: z.literal("suppressed"),
    reason: z.string(),
    /** Absent when another survey was minted for the customer at the same moment. */
    nextAllowedAt: z.string().optional(),
  }),
]);
export type MintAnswer = z.infer<typeof MintAnswer>;
