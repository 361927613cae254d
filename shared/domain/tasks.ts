import { z } from "zod";
import type { FeedbackInput } from "./feedback.ts";

/** A minimal follow-up task for a detractor; the follow-up feature grows this. */
export const FollowUpTask = z.object({
  id: z.string(),
  customerId: z.string(),
  feedbackIds: z.array(z.string()),
  channel: z.enum(["nps", "csat", "social"]),
  reason: z.string(),
  status: z.enum(["open"]),
  createdAt: z.string(),
});
export type FollowUpTask = z.infer<typeof FollowUpTask>;

/** Who to contact: the customer id for surveys, the platform handle for social posts. */
export const contactOf = (input: FeedbackInput): string =>
  input.channel === "social" ? `${input.platform}:@${input.author.handle}` : input.customer.id;

export const detractorReason = (input: FeedbackInput): string => {
  switch (input.channel) {
    case "nps":
      return `NPS ${input.score} (detractor)`;
    case "csat":
      return `CSAT ${input.score} of 5`;
    case "social":
      return `Negative post on ${input.platform}${input.author.followers ? ` (${input.author.followers} followers)` : ""}`;
  }
};
