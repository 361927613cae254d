import * as z from "zod";
import type { SurveyKind } from "./token.ts";

/**
 * How long a customer is left alone after a survey of the same kind. NPS asks about the
 * relationship, so asking again within a quarter annoys and skews the score; CSAT asks about one
 * service contact, so every contact may get its own.
 */
export const QuietPeriods = z.strictObject({
  nps: z.number().min(0).max(3650),
  csat: z.number().min(0).max(3650),
});
export type QuietPeriods = z.infer<typeof QuietPeriods>;

export const DEFAULT_QUIET_PERIODS = { nps: 90, csat: 0 } as const satisfies QuietPeriods;

export type QuietPeriodDecision =
  | { status: "allowed" }
  | { status: "suppressed"; reason: string; nextAllowedAt: string };

const DAY_MS = 86_400_000;

export const quietPeriodDecision = (input: {
  kind: SurveyKind;
  lastSurveyedAt?: Date;
  now: Date;
  /** Per kind; kinds left out keep their default. */
  periods?: Partial<QuietPeriods>;
}): QuietPeriodDecision => {
  const periods = QuietPeriods.parse({ ...DEFAULT_QUIET_PERIODS, ...input.periods });
  const days = periods[input.kind];
  const last = input.lastSurveyedAt;
  if (last === undefined || days === 0) return { status: "allowed" };
  if (Number.isNaN(last.getTime())) throw new RangeError("lastSurveyedAt is not a valid date");
  const nextAllowed = new Date(last.getTime() + days * DAY_MS);
  if (input.now.getTime() >= nextAllowed.getTime()) return { status: "allowed" };
  const sent = last.toISOString().slice(0, 10);
  return {
    status: "suppressed",
    reason: `customer was sent ${input.kind === "nps" ? "an NPS" : "a CSAT"} survey on ${sent}; quiet period is ${days} day${days === 1 ? "" : "s"}`,
    nextAllowedAt: nextAllowed.toISOString(),
  };
};
