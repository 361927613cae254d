import type { StoredFeedback } from "./schema.ts";

/** Who a piece of feedback is from: the customer for surveys, the author for social posts. */
export const contactOf = (record: Pick<StoredFeedback, "channel" | "customerId" | "platform" | "authorHandle">) =>
  record.channel === "social"
    ? record.platform && record.authorHandle
      ? `${record.platform}:@${record.authorHandle}`
      : undefined
    : record.customerId;
