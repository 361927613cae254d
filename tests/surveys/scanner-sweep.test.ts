import { describe, expect, it } from "vitest";
import type { ResponseAttempt } from "#shared/surveys/model/responses";
import type { StoredAttempt, SurveyRecord, SurveyStore } from "#shared/surveys/ports/survey-store";
import { AUTO_DECIDE_AFTER_SECONDS, recordSurveyPost, resolveSurveyResponse } from "#shared/surveys/survey-responses";

/**
 * Posts and the worker's decisions on one timeline, with an injected clock (no sleeping): each
 * post is recorded on arrival and asks for a decision after its delay, as SQS would deliver it.
 */
const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";
// An hour ago: the answers become feedback, whose time must not lie ahead of the real clock.
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
const survey: SurveyRecord = {
  surveyId: "s-1",
  kind: "nps",
  customer: { id: "c-1" },
  createdAt: new Date(T0 - 3_600_000).toISOString(),
  expiresAt: new Date(T0 + 30 * 86_400_000).toISOString(),
};

type Post = { atMs: number; score: number; auto: boolean; ticket?: "page" | "none"; comment?: string };

/** Runs the posts and every decision they ask for; returns the counted answer, if any. */
const run = async (posts: readonly Post[]) => {
  const attempts: StoredAttempt[] = [];
  let record: SurveyRecord = { ...survey };
  let now = T0;
  const store: Pick<SurveyStore, "getSurvey" | "recentAttempts" | "recordAttempt" | "saveAnswer"> = {
    getSurvey: async () => record,
    recentAttempts: async () => [...attempts].reverse(),
    recordAttempt: async (_, a) => void attempts.push(a),
    saveAnswer: async (_, answer, firstCountedAt) => {
      if (record.answer && record.answer.revision >= answer.revision) return false;
      record = { ...record, answer, firstCountedAt: record.firstCountedAt ?? firstCountedAt };
      return true;
    },
  };
  const decisions: number[] = [];
  const queue = { sendSurveyResponse: async (_: string, delay: number) => void decisions.push(now + delay * 1000) };
  const timeline = [...posts].sort((a, b) => a.atMs - b.atMs);
  const counted: number[] = [];
  const decideUntil = async (until: number) => {
    decisions.sort((a, b) => a - b);
    while (decisions.length > 0 && (decisions[0] ?? 0) <= until) {
      now = decisions.shift() ?? now;
      const out = await resolveSurveyResponse({ surveys: store, now: () => new Date(now), editWindowDays: 7 }, "s-1");
      if (out?.input.channel === "nps") counted.push(out.input.score);
    }
  };
  for (const post of timeline) {
    await decideUntil(T0 + post.atMs);
    now = T0 + post.atMs;
    const attempt: ResponseAttempt = {
      at: new Date(now).toISOString(),
      score: post.score,
      method: "POST",
      auto: post.auto,
      userAgent: PHONE,
      renderedAt: post.ticket === "none" ? "none" : new Date(now - 800).toISOString(),
      ...(post.comment !== undefined && { comment: post.comment }),
    };
    await recordSurveyPost({ surveys: store, queue }, record, attempt);
  }
  await decideUntil(Number.POSITIVE_INFINITY);
  return { answer: record.answer, counted };
};

const every = (spacingMs: number, scores: readonly number[], post: Omit<Post, "atMs" | "score">) =>
  scores.map((score, i) => ({ ...post, score, atMs: i * spacingMs }));
const ALL_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe("a scanner that spaces its posts", () => {
  it("counts nothing when it opens every link 2.5 s apart and lets the page's script post each", async () => {
    const { answer, counted } = await run(every(2_500, ALL_SCORES, { auto: true }));
    expect(counted).toEqual([]);
    expect(answer).toBeUndefined();
  });

  it("counts nothing when it opens only three links, 20 s apart", async () => {
    expect((await run(every(20_000, [10, 5, 0], { auto: true }))).answer).toBeUndefined();
  });

  it("counts nothing when a script posts the form every 2.5 s without rendering the page", async () => {
    const { answer } = await run(every(2_500, ALL_SCORES, { auto: false, ticket: "none" }));
    expect(answer).toBeUndefined();
    expect((await run(every(2_500, [9, 9, 9, 9], { auto: true, ticket: "none" }))).answer).toBeUndefined();
  });
});

describe("a person", () => {
  it("counts with one tap, the page's automatic post, once the sweep window has passed", async () => {
    const { answer, counted } = await run([{ atMs: 0, score: 9, auto: true }]);
    expect(counted).toEqual([9]);
    expect(answer?.score).toBe(9);
    expect(AUTO_DECIDE_AFTER_SECONDS * 1000).toBeGreaterThanOrEqual(60_000);
  });

  it("counts a tap followed by a comment, and a change of mind by tapping another link", async () => {
    const withComment = await run([
      { atMs: 0, score: 3, auto: true },
      { atMs: 25_000, score: 3, auto: false, comment: "Two hours late" },
    ]);
    expect(withComment.answer).toMatchObject({ score: 3, comment: "Two hours late" });
    const changed = await run([
      { atMs: 0, score: 6, auto: true },
      { atMs: 2_500, score: 8, auto: true },
    ]);
    expect(changed.answer?.score).toBe(8);
    const pickedAnother = await run([
      { atMs: 0, score: 6, auto: true },
      { atMs: 4_000, score: 7, auto: false },
      { atMs: 9_000, score: 8, auto: false },
    ]);
    expect(pickedAnother.answer?.score).toBe(8);
  });

  it("counts an answer sent with JavaScript off (the form, with the page's ticket)", async () => {
    const { answer } = await run([{ atMs: 0, score: 2, auto: false, comment: "Soup spilled" }]);
    expect(answer).toMatchObject({ score: 2, comment: "Soup spilled" });
  });
});
