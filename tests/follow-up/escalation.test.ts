import { describe, expect, it } from "vitest";
import { applyEscalations, autoCloseDue, escalationLevel, escalationsDue } from "#shared/follow-up/model/escalation";
import { priorityOf } from "#shared/follow-up/model/priority";
import { followUpRules } from "#shared/follow-up/model/rules";
import type { FollowUpTaskV2 } from "#shared/follow-up/model/task";
import {
  assign,
  close,
  markContacted,
  openTask,
  reopen,
  resolve,
  resumeFromCustomer,
  waitOnCustomer,
} from "#shared/follow-up/model/transitions";

const rules = followUpRules();
const T0 = Date.parse("2026-11-25T00:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const open = (): FollowUpTaskV2 =>
  openTask({
    id: "task-1",
    contact: { kind: "customer", id: "c-1" },
    channel: "csat",
    feedbackId: "fb-1",
    themes: ["delivery"],
    team: "logistics",
    priority: priorityOf({
      channel: "csat",
      score: 1,
      hasText: true,
      sentiment: "NEGATIVE",
      sentimentScores: { positive: 0, negative: 1, neutral: 0, mixed: 0 },
      themes: [],
      urgentThemes: new Set(),
    }),
    reasons: ["CSAT 1 of 5"],
    sla: { firstResponseHours: 2, resolveHours: 24 },
    openedAt: at(0),
  });

/** What a sweep running at `minute` does: find what is due and record it. */
const sweep = (task: FollowUpTaskV2, minute: number) => {
  const due = escalationsDue(task, at(minute), rules);
  return { due, task: applyEscalations(task, due, at(minute)) };
};

describe("escalationsDue", () => {
  it("owes nothing until a deadline has passed", () => {
    expect(escalationsDue(open(), at(119), rules)).toEqual([]);
    expect(escalationsDue(open(), at(120), rules)).toEqual([]);
  });

  it("tells the team once the first response is late, then the supervisor after 120 more minutes", () => {
    const due = escalationsDue(open(), at(121), rules);
    expect(due).toEqual([
      { level: 1, overdue: "first_response", notify: "team", dueAt: at(120).toISOString(), overdueMinutes: 1 },
    ]);
    expect(escalationsDue(open(), at(240), rules).map((d) => d.level)).toEqual([1, 2]);
  });

  it("escalates exactly once per level however often the sweep runs", () => {
    let task = open();
    const sent: Array<{ level: number; overdue: string }> = [];
    for (let minute = 0; minute <= 27 * 60; minute += 7) {
      const run = sweep(task, minute);
      sent.push(...run.due.map(({ level, overdue }) => ({ level, overdue })));
      // A retried sweep (same minute, stale list) records nothing new.
      expect(applyEscalations(run.task, run.due, at(minute))).toBe(run.task);
      task = run.task;
    }
    expect(sent).toEqual([
      { level: 1, overdue: "first_response" },
      { level: 2, overdue: "first_response" },
      { level: 1, overdue: "resolution" },
      { level: 2, overdue: "resolution" },
    ]);
    expect(task.escalations).toHaveLength(4);
    expect(task.audit.filter((a) => a.action === "escalated").map((a) => a.detail)).toEqual([
      `level 1 to team logistics: first response overdue since ${at(120).toISOString()}`,
      `level 2 to supervisor: first response overdue since ${at(120).toISOString()}`,
      `level 1 to team logistics: resolution overdue since ${at(1440).toISOString()}`,
      `level 2 to supervisor: resolution overdue since ${at(1440).toISOString()}`,
    ]);
    expect(task.version).toBe(1 + 4);
    expect(escalationLevel(task)).toBe(2);
  });

  it("respects a level-1 delay", () => {
    const slow = followUpRules({ escalation: { level1AfterOverdueMinutes: 30, level2AfterOverdueMinutes: 60 } });
    expect(escalationsDue(open(), at(149), slow)).toEqual([]);
    expect(escalationsDue(open(), at(150), slow).map((d) => d.level)).toEqual([1]);
  });

  it("stops caring about the first response once the customer was contacted", () => {
    const task = markContacted(assign(open(), "a", "lead", at(0)), "a", at(200));
    expect(escalationsDue(task, at(300), rules)).toEqual([]);
  });

  it("owes nothing while waiting on the customer, resolved or closed", () => {
    const contacted = markContacted(assign(open(), "a", "lead", at(0)), "a", at(10));
    const waiting = waitOnCustomer(contacted, "a", at(20));
    expect(escalationsDue(waiting, at(5000), rules)).toEqual([]);
    // After the wait, the deadline has moved back by the waiting time.
    const resumed = resumeFromCustomer(waiting, "a", at(1000));
    expect(escalationsDue(resumed, at(1440 + 980), rules)).toEqual([]);
    expect(escalationsDue(resumed, at(1440 + 981), rules).map((d) => d.overdue)).toEqual(["resolution"]);
    const resolved = resolve(contacted, "apology", "a", at(30));
    expect(escalationsDue(resolved, at(5000), rules)).toEqual([]);
    expect(escalationsDue(close(resolved, "a", at(40), "timeout"), at(5000), rules)).toEqual([]);
  });

  it("escalates a reopened task again against its new deadlines", () => {
    let task = sweep(open(), 125).task;
    expect(escalationLevel(task)).toBe(1);
    task = markContacted(task, "a", at(130));
    task = reopen(resolve(task, "refund", "a", at(140)), "lead", at(200), "refund never arrived");
    expect(escalationLevel(task)).toBe(0);
    expect(escalationsDue(task, at(321), rules)).toMatchObject([{ level: 1, overdue: "first_response" }]);
  });
});

describe("autoCloseDue", () => {
  it("is due for resolved tasks after closeAfterResolvedDays only", () => {
    const resolved = resolve(markContacted(open(), "a", at(10)), "refund", "a", at(60));
    expect(autoCloseDue(resolved, at(60 + 3 * 1440 - 1), rules)).toBe(false);
    expect(autoCloseDue(resolved, at(60 + 3 * 1440), rules)).toBe(true);
    expect(autoCloseDue(open(), at(100_000), rules)).toBe(false);
    expect(autoCloseDue(close(resolved, "a", at(70), "customer_confirmed"), at(100_000), rules)).toBe(false);
  });
});
