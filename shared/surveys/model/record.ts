import * as z from "zod";
import { Customer } from "#shared/feedback/model/schema";
import { SurveyKind } from "./token.ts";

/** What the store keeps of a survey; parsed on every read, like every stored record. */
export const SurveyAnswer = z.object({
  score: z.number().int(),
  comment: z.string().optional(),
  answeredAt: z.string(),
  revision: z.number(),
});
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

/** A minted survey: who it is for lives here, never in the link. */
export const SurveyRecord = z.object({
  surveyId: z.string(),
  kind: SurveyKind,
  customer: Customer,
  touchpoint: z.string().optional(),
  locale: z.string().optional(),
  createdAt: z.string(),
  expiresAt: z.string(),
  answer: SurveyAnswer.optional(),
  firstCountedAt: z.string().optional(),
});
export type SurveyRecord = z.infer<typeof SurveyRecord>;

export const StoredAttempt = z.object({
  at: z.string(),
  score: z.number().int(),
  comment: z.string().optional(),
  userAgent: z.string().optional(),
  method: z.enum(["GET", "POST", "HEAD"]),
  auto: z.boolean(),
  /** See ResponseAttempt.renderedAt. */
  renderedAt: z.string().optional(),
  suspect: z.boolean(),
  reason: z.string().optional(),
});
export type StoredAttempt = z.infer<typeof StoredAttempt>;
