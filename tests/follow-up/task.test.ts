import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FollowUpError, TaskTransitionError } from "#shared/follow-up/model/errors";
import { type Priority, priorityOf } from "#shared/follow-up/model/priority";
import { FollowUpTaskV2, nextDeadline } from "#shared/follow-up/model/task";
import {
  addNote,
  assign,
  close,
  joinTask,
  markContacted,
  type OpenTaskInput,
  openTask,
  reopen,
  resolve,
  resumeFromCustomer,
  waitOnCustomer,
} from "#shared/follow-up/model/transitions";

const URGENT: ReadonlySet<string> = new Set(["refund"]);
const T0 = Date.parse("2026-11-25T00:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const prio = (score: number, tier?: string): Priority =>
  priorityOf({
    channel: "nps",
    score,
    hasText: true,
    sentiment: "NEGATIVE",
    sentimentScores: { positive: 0, negative: 0.5, neutral: 0.5, mixed: 0 },
    tier,
    themes: [],
    urgentThemes: URGENT,
  });

const input = (over: Partial<OpenTaskInput> = {}): OpenTaskInput => ({
  id: "task-1",
  contact: { kind: "customer", id: "c-1001" },
  channel: "nps",
  feedbackId: "fb-1",
  themes: ["delivery"],
  team: "logistics",
  priority: prio(5),
  reasons: ["NPS 5 (detractor: 0-6)"],
  sla: { firstResponseHours: 2, resolveHours: 24 },
  openedAt: at(0),
  ...over,
});

/** Deep-freezes a task so any mutation in the code under test throws. */
const frozen = <T>(value: T): T => {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
};

describe("openTask", () => {
  it("opens with SLA deadlines, version 1 and an audit entry", () => {
    const task = openTask(input());
    expect(FollowUpTaskV2.parse(task)).toEqual(task);
    expect(task).toMatchObject({
      status: "open",
      feedbackIds: ["fb-1"],
      firstResponseDueAt: at(120),
      resolveDueAt: at(24 * 60),
      version: 1,
      round: 1,
      pauses: [],
      escalations: [],
    });
    expect(task.audit).toEqual([
      { at: at(0), actor: "system", action: "opened", detail: "fb-1: NPS 5 (detractor: 0-6)" },
    ]);
    expect(nextDeadline(task)).toEqual({ kind: "first_response", dueAt: at(120) });
  });

  it("uses the team's business hours for deadlines", () => {
    const shanghai = { timeZone: "Asia/Shanghai", days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" };
    // Friday 27 Nov 2026 17:00 Shanghai.
    const task = openTask(
      input({
        openedAt: "2026-11-27T09:00:00Z",
        sla: { firstResponseHours: 2, resolveHours: 24, businessHours: shanghai },
      }),
    );
    expect(task.firstResponseDueAt).toBe("2026-11-30T02:00:00.000Z"); // Monday 10:00
  });
});

describe("joinTask", () => {
  it("adds the feedback, keeps the deadlines and ranks by the worse of the two", () => {
    const task = frozen(openTask(input()));
    const high = prio(0, "gold");
    const joined = joinTask(task, {
      feedbackId: "fb-2",
      at: at(30),
      priority: high,
      reasons: ["CSAT 1 of 5"],
      themes: ["refund"],
    });
    expect(joined).toMatchObject({
      feedbackIds: ["fb-1", "fb-2"],
      themes: ["delivery", "refund"],
      reasons: ["NPS 5 (detractor: 0-6)", "CSAT 1 of 5"],
      priority: high,
      firstResponseDueAt: task.firstResponseDueAt,
      resolveDueAt: task.resolveDueAt,
      version: 2,
    });
    expect(joined.audit.at(-1)).toMatchObject({
      action: "joined",
      detail: expect.stringContaining(`-> ${high.level}`),
    });
    // A milder complaint never lowers the rank; the same feedback twice changes nothing.
    expect(
      joinTask(joined, { feedbackId: "fb-3", at: at(40), priority: prio(6), reasons: [], themes: [] }).priority,
    ).toBe(high);
    expect(joinTask(joined, { feedbackId: "fb-2", at: at(50), priority: prio(6), reasons: [], themes: [] })).toBe(
      joined,
    );
  });

  it("keeps the maximum priority whatever order the feedback arrives in", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 6 }), (scores) => {
        let task = openTask(input({ priority: prio(scores[0] ?? 0) }));
        scores.slice(1).forEach((s, i) => {
          task = joinTask(task, {
            feedbackId: `fb-${i + 2}`,
            at: at(i + 1),
            priority: prio(s),
            reasons: [],
            themes: [],
          });
        });
        expect(task.priority.score).toBe(Math.max(...scores.map((s) => prio(s).score)));
        expect(task.version).toBe(scores.length);
      }),
    );
  });

  it("refuses to join a resolved or closed task", () => {
    const done = resolve(openTask(input()), "no_action_needed", "lead", at(10));
    expect(() =>
      joinTask(done, { feedbackId: "fb-9", at: at(20), priority: prio(0), reasons: [], themes: [] }),
    ).toThrow(TaskTransitionError);
  });
});

describe("lifecycle", () => {
  it("walks open -> assigned -> contacted -> waiting -> contacted -> resolved -> closed with a full audit trail", () => {
    let task = frozen(openTask(input()));
    task = frozen(assign(task, "zhang.wei", "lead", at(10)));
    expect(task).toMatchObject({ status: "assigned", assignee: "zhang.wei" });
    task = frozen(markContacted(task, "zhang.wei", at(60), "called, asked for a photo"));
    expect(task).toMatchObject({ status: "contacted", firstRespondedAt: at(60) });
    expect(nextDeadline(task)).toEqual({ kind: "resolution", dueAt: at(24 * 60) });
    task = frozen(waitOnCustomer(task, "zhang.wei", at(70)));
    expect(task.status).toBe("waiting_on_customer");
    expect(nextDeadline(task)).toBeUndefined();
    task = frozen(resumeFromCustomer(task, "zhang.wei", at(70 + 180), "photo received"));
    expect(task).toMatchObject({
      status: "contacted",
      pauses: [{ from: at(70), to: at(250) }],
      firstResponseDueAt: at(120), // already met, not moved
      resolveDueAt: at(24 * 60 + 180), // pushed back by the 3 h wait
    });
    task = frozen(resolve(task, "replacement", "zhang.wei", at(300), "new jar shipped"));
    expect(task).toMatchObject({
      status: "resolved",
      outcome: "replacement",
      resolvedAt: at(300),
      resolutionNote: "new jar shipped",
    });
    expect(nextDeadline(task)).toBeUndefined();
    task = frozen(close(task, "zhang.wei", at(2000), "customer_confirmed"));
    expect(task).toMatchObject({ status: "closed", closedAt: at(2000), closeReason: "customer_confirmed", version: 7 });
    expect(task.audit.map((a) => a.action)).toEqual([
      "opened",
      "assigned",
      "contacted",
      "waiting_on_customer",
      "resumed",
      "resolved",
      "closed",
    ]);
    expect(FollowUpTaskV2.parse(task)).toEqual(task);
  });

  it("stops the first-response clock too when waiting before anyone answered", () => {
    let task = assign(openTask(input()), "li.na", "lead", at(0));
    task = waitOnCustomer(task, "li.na", at(30));
    task = resumeFromCustomer(task, "li.na", at(90));
    expect(task).toMatchObject({ status: "assigned", firstResponseDueAt: at(180), resolveDueAt: at(24 * 60 + 60) });
  });

  it("reopens with fresh clocks and a new round, keeping the old resolution in the audit trail", () => {
    let task = markContacted(assign(openTask(input()), "li.na", "lead", at(0)), "li.na", at(30));
    task = close(resolve(task, "apology", "li.na", at(60)), "system", at(5000), "timeout");
    const reopened = reopen(task, "lead", at(6000), "customer says the parcel is still missing");
    expect(reopened).toMatchObject({
      status: "assigned",
      assignee: "li.na",
      round: 2,
      clockStartedAt: at(6000),
      firstResponseDueAt: at(6120),
      resolveDueAt: at(6000 + 24 * 60),
    });
    for (const gone of ["firstRespondedAt", "resolvedAt", "outcome", "closedAt", "closeReason"]) {
      expect(reopened).not.toHaveProperty(gone);
    }
    expect(reopened.audit.map((a) => a.action)).toContain("resolved");
    expect(reopened.audit.at(-1)).toMatchObject({
      action: "reopened",
      detail: "customer says the parcel is still missing",
    });
  });

  it("records notes in any status and reassignments without changing status", () => {
    const task = markContacted(assign(openTask(input()), "a", "lead", at(0)), "a", at(5));
    const moved = assign(task, "b", "lead", at(6));
    expect(moved).toMatchObject({ status: "contacted", assignee: "b" });
    expect(moved.audit.at(-1)?.detail).toBe("a -> b");
    expect(assign(moved, "b", "lead", at(7))).toBe(moved);
    const closed = close(resolve(moved, "explanation", "b", at(8)), "b", at(9), "customer_confirmed");
    expect(addNote(closed, "qa", at(10), "good call").audit.at(-1)).toEqual({
      at: at(10),
      actor: "qa",
      action: "note",
      detail: "good call",
    });
    expect(() => addNote(closed, "qa", at(10), "  ")).toThrow(FollowUpError);
  });

  it("refuses illegal transitions with a readable TaskTransitionError", () => {
    const open = openTask(input());
    const closed = close(resolve(open, "no_action_needed", "lead", at(1)), "lead", at(2), "timeout");
    const err = (() => {
      try {
        resolve(closed, "refund", "lead", at(3));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TaskTransitionError);
    expect(err).toMatchObject({
      name: "TaskTransitionError",
      action: "resolve",
      status: "closed",
      message:
        "cannot resolve task task-1: it is closed (resolve needs open, assigned, contacted or waiting_on_customer)",
    });
    expect(() => close(open, "lead", at(1), "timeout")).toThrow(/it is open .*resolve it first/);
    expect(() => reopen(open, "lead", at(1), "why")).toThrow(TaskTransitionError);
    expect(() => resumeFromCustomer(open, "lead", at(1))).toThrow(TaskTransitionError);
    expect(() => waitOnCustomer(open, "lead", at(1))).toThrow(TaskTransitionError);
    expect(() => assign(closed, "a", "lead", at(3))).toThrow(TaskTransitionError);
    expect(() => markContacted(waitOnCustomer(assign(open, "a", "l", at(1)), "a", at(2)), "a", at(3))).toThrow(
      /resume it when the customer answers/,
    );
    expect(() => resolve(open, "refund", "lead", at(1))).toThrow(/has not been contacted yet/);
    expect(() => assign(open, "a", " ", at(1))).toThrow(/actor must not be empty/);
    expect(() => assign(open, "a", "lead", "not a date")).toThrow(FollowUpError);
  });

  it("closes the open pause when a waiting task is resolved", () => {
    let task = markContacted(assign(openTask(input()), "a", "l", at(0)), "a", at(10));
    task = resolve(waitOnCustomer(task, "a", at(20)), "refund", "a", at(80));
    expect(task.pauses).toEqual([{ from: at(20), to: at(80) }]);
  });

  it("never mutates its input and bumps the version by one per change", () => {
    const steps = [
      (t: FollowUpTaskV2) => assign(t, "a", "lead", at(1)),
      (t: FollowUpTaskV2) => markContacted(t, "a", at(2)),
      (t: FollowUpTaskV2) => waitOnCustomer(t, "a", at(3)),
      (t: FollowUpTaskV2) => resumeFromCustomer(t, "a", at(4)),
      (t: FollowUpTaskV2) => addNote(t, "a", at(5), "note"),
      (t: FollowUpTaskV2) => resolve(t, "compensation", "a", at(6)),
      (t: FollowUpTaskV2) => close(t, "a", at(7), "customer_confirmed"),
      (t: FollowUpTaskV2) => reopen(t, "a", at(8), "again"),
    ];
    let task = frozen(openTask(input()));
    for (const step of steps) {
      const next = frozen(step(task));
      expect(next.version).toBe(task.version + 1);
      expect(next.audit).toHaveLength(task.audit.length + 1);
      task = next;
    }
  });
});
