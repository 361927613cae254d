import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** Who gets which digest, when: the team it follows, its people, language and local send time. */
export const DigestSubscription = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  /** A team id from the taxonomy; absent for the whole organization. */
  team: z.string().min(1).optional(),
  recipients: z.array(z.email()).min(1),
  locale: z.enum(["zh-Hans", "zh-Hant", "en"]).default("en"),
  timeZone: z.string().default("Asia/Shanghai"),
  /** ISO weekday 1-7 and local hour, default Monday 09:00. */
  weekday: z.number().int().min(1).max(7).default(1),
  hour: z.number().int().min(0).max(23).default(9),
});
export type DigestSubscription = z.infer<typeof DigestSubscription>;

export const DigestSubscriptions = z.array(DigestSubscription);

/** Local weekday (ISO, 1-7) and hour of an instant in a time zone. */
export const localWeekdayHour = (at: Date, timeZone: string): { weekday: number; hour: number; date: string } => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(String(parts.weekday)) + 1;
  return { weekday, hour: Number(parts.hour), date: `${parts.year}-${parts.month}-${parts.day}` };
};

/** Due when the hourly run lands in the subscription's local send hour. */
export const isDue = (sub: DigestSubscription, at: Date): boolean => {
  const local = localWeekdayHour(at, sub.timeZone);
  return local.weekday === sub.weekday && local.hour === sub.hour;
};

/** Unsubscribe links carry an HMAC, so nobody can unsubscribe someone else. */
export const unsubscribeSignature = (secret: Uint8Array, subscriptionId: string, email: string): string =>
  createHmac("sha256", secret)
    .update(`unsubscribe\u0000${subscriptionId}\u0000${email.toLowerCase()}`)
    .digest("base64url")
    .slice(0, 22);

export const verifyUnsubscribe = (
  secret: Uint8Array,
  subscriptionId: string,
  email: string,
  signature: string,
): boolean => {
  const expected = Buffer.from(unsubscribeSignature(secret, subscriptionId, email));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
};
