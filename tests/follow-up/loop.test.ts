import { describe, expect, it } from "vitest";
import { loopSummary, recoveryRate } from "#shared/digest/model/loop-summary";
import { LOOP_KEY, loopCounterChange } from "#shared/follow-up/model/loop";
import { type RecoveryWatch, recovers, watchFor } from "#shared/follow-up/model/recovery";
import type { FollowUpTaskV2 } from "#shared/follow-up/model/task";

const task = (over: Partial<FollowUpTaskV2> = {}): FollowUpTaskV2 => ({
  id: "task_1",
  contact: { kind: "customer", id: "c-1" },
  customerId: "c-1",
  channel: "nps",
  feedbackIds: ["fb_1"],
  themes: [],
  team: "customer_service",
  status: "open",
  priority: { score: 50, level: "P2", factors: [] },
  reasons: ["NPS 3"],
  openedAt: "2026-11-24T08:00:00.000Z",
  sla: { firstResponseHours: 2, resolveHours: 24 },
  clockStartedAt: "2026-11-24T08:00:00.000Z",
  round: 1,
  firstResponseDueAt: "2026-11-24T10:00:00.000Z",
  resolveDueAt: "2026-11-25T08:00:00.000Z",
  pauses: [],
  escalations: [],
  version: 1,
  audit: [],
  ...over,
});

describe("closing-the-loop counters", () => {
  it("counts an opening, a first response in or out of SLA, and a resolution, each once", () => {
    expect(loopCounterChange(undefined, task())).toEqual({ week: "2026-W48", key: LOOP_KEY, add: { opened: 1 } });
    const open = task();
    const onTime = task({ status: "contacted", firstRespondedAt: "2026-11-24T09:30:00.000Z", version: 2 });
    expect(loopCounterChange(open, onTime)?.add).toEqual({ respondedInSla: 1 });
    const late = task({ status: "contacted", firstRespondedAt: "2026-11-24T11:00:00.000Z", version: 2 });
    expect(loopCounterChange(open, late)?.add).toEqual({ respondedLate: 1 });
    const resolved = task({ ...onTime, status: "resolved", resolvedAt: "2026-11-26T08:00:00.000Z", version: 3 });
    expect(loopCounterChange(onTime, resolved)?.add).toEqual({ resolvedLate: 1 });
    // Saving the same state again adds nothing.
    expect(loopCounterChange(resolved, resolved)).toBeUndefined();
  });

  it("counts a task under its feedback's week, also when the feedback arrived late", () => {
    const late = task({ feedbackWeek: "2026-W40" });
    expect(loopCounterChange(undefined, late)?.week).toBe("2026-W40");
    expect(loopCounterChange(undefined, task())?.week).toBe("2026-W48");
  });

  it("summarizes shares within SLA, honest below five tasks", () => {
    const summary = loopSummary(
      { opened: 12, respondedInSla: 9, respondedLate: 3, resolvedInSla: 2, resolvedLate: 1 },
      4,
    );
    expect(summary.opened).toBe(12);
    expect(summary.firstResponseWithinSla).toMatchObject({ value: 75, n: 12, enough: true });
    expect(summary.resolvedWithinSla).toMatchObject({ n: 3, enough: false });
    expect(summary.overdueNow).toBe(4);
  });

  it("reports recovery over the weeks given, honest below five detractor tasks", () => {
    expect(recoveryRate([{ detractorTasks: 6, recovered: 2 }, { detractorTasks: 4, recovered: 1 }, {}])).toEqual({
      value: 30,
      n: 10,
      enough: true,
    });
    expect(recoveryRate([{ detractorTasks: 3, recovered: 3 }])).toMatchObject({ n: 3, enough: false });
    expect(loopSummary({ opened: 1 }, 0, [{ detractorTasks: 5 }]).recovered).toMatchObject({ value: 0, n: 5 });
  });
});

describe("detractor recovery", () => {
  const opened = {
    id: "task_1",
    contact: { kind: "customer" as const, id: "c-1" },
    openedAt: "2026-11-24T08:00:00.000Z",
  };
  const detractor = { channel: "nps" as const, score: 3, detractor: true, occurredAt: "2026-11-24T07:59:00.000Z" };
  const watch = watchFor(opened, detractor) as RecoveryWatch;

  it("watches only tasks a detractor's score opened", () => {
    expect(watch).toMatchObject({ taskId: "task_1", channel: "nps", score: 3, week: "2026-W48" });
    expect(watchFor(opened, { ...detractor, detractor: false })).toBeUndefined();
    expect(watchFor(opened, { channel: "social", score: undefined, detractor: true, occurredAt: "" })).toBeUndefined();
  });

  it("recovers on a later, higher answer on the same scale within 90 days that needs no follow-up", () => {
    const later = (days: number, score: number, channel: "nps" | "csat" = "nps") => ({
      channel,
      score,
      occurredAt: new Date(Date.parse(detractor.occurredAt) + days * 86_400_000).toISOString(),
    });
    expect(recovers(watch, later(5, 8), false)).toBe(true);
    expect(recovers(watch, later(5, 8), true)).toBe(false);
    expect(recovers(watch, later(5, 3), false)).toBe(false);
    expect(recovers(watch, later(5, 5, "csat"), false)).toBe(false);
    expect(recovers(watch, later(-1, 9), false)).toBe(false);
    expect(recovers(watch, later(89, 9), false)).toBe(true);
    expect(recovers(watch, later(91, 9), false)).toBe(false);
  });
});
