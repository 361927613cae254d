import * as z from "zod";

/** What POST /v1/feedback says of each item, in the order sent: queued now, or already held. */
export const Acceptance = z.strictObject({
  id: z.string(),
  status: z.enum(["accepted", "duplicate"]),
});
export type Acceptance = z.infer<typeof Acceptance>;

/** The 202 answer of POST /v1/feedback. */
export const AcceptedItems = z.strictObject({ items: z.array(Acceptance) });
export type AcceptedItems = z.infer<typeof AcceptedItems>;
