import type { PostRefusal, PostWindow } from "../model/post-limits.ts";

/** Counts a survey's posts atomically, per window and in total, across every function instance. */
export interface PostLimiter {
  /**
   * Counts one post if both counts are still under their limits, in one atomic step; otherwise
   * counts nothing and says which limit refused it.
   */
  admit(
    surveyId: string,
    window: PostWindow,
    limits: { perWindow: number; total: number },
    expiresAt: Date,
  ): Promise<{ admitted: true } | { admitted: false; refusal: PostRefusal }>;
}
