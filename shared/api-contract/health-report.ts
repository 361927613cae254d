import * as z from "zod";

/** One dependency's probe: how long it took, and what it said (the queue its depths) or why it failed. */
const Probe = z.discriminatedUnion("status", [
  z.looseObject({ status: z.literal("ok"), latencyMs: z.number().min(0) }),
  z.strictObject({ status: z.literal("down"), latencyMs: z.number().min(0), error: z.string() }),
]);

/** GET /health: each component's status; "degraded" (503) when the table or the queue is down. */
export const HealthReport = z.strictObject({
  status: z.enum(["ok", "degraded"]),
  components: z.strictObject({
    table: Probe,
    queue: Probe,
    analyzer: z.strictObject({ status: z.literal("ok"), engine: z.string() }),
  }),
});
export type HealthReport = z.infer<typeof HealthReport>;
