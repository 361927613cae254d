/**
 * How many posts one survey link takes. A person answers with one tap (the page posts it), maybe a
 * comment, maybe a change of mind: a handful of posts. A script hammering one link is cut off
 * before anything is stored. Counted per survey (every link of one survey names the same survey,
 * whichever key signed it), in DynamoDB, so every Lambda instance sees the same counts.
 */
export const POST_LIMITS = {
  /** Posts per survey within one fixed minute. */
  perWindow: 10,
  windowSeconds: 60,
  /** Posts per survey, ever: more than a person makes within the edit window. */
  total: 50,
} as const;

export interface PostWindow {
  /** Names the window: its start, epoch seconds. */
  id: string;
  start: Date;
  end: Date;
}

export const postWindowOf = (now: Date, seconds: number = POST_LIMITS.windowSeconds): PostWindow => {
  const size = seconds * 1000;
  const start = Math.floor(now.getTime() / size) * size;
  return { id: String(start / 1000), start: new Date(start), end: new Date(start + size) };
};

/** Which limit refused a post. */
export type PostRefusal = "window" | "total";

/**
 * Seconds the caller should wait: the rest of the minute for the per-minute limit; for the total,
 * until the link expires (it will never take another post, and after that it answers 410).
 */
export const retryAfterSeconds = (refusal: PostRefusal, now: Date, linkExpiresAt: Date): number => {
  const until = refusal === "window" ? postWindowOf(now).end : linkExpiresAt;
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
};
