import { TaskNotice } from "#shared/follow-up/model/notice";
import { priorityOf } from "#shared/follow-up/model/priority";
import { reasonText } from "#shared/follow-up/model/rules";

/** Task notices as the follow-up use cases make them: pseudonymised customer, masked words. */

export const OPENED_AT = "2026-12-04T12:29:00.000Z";

export const noticeFixture = (over: Partial<TaskNotice> = {}, task: Partial<TaskNotice["task"]> = {}): TaskNotice => {
  const priority = priorityOf({
    channel: "nps",
    score: 1,
    hasText: true,
    sentiment: "NEGATIVE",
    sentimentScores: { positive: 0, negative: 0.9, neutral: 0.1, mixed: 0 },
    tier: "gold",
    themes: ["refund", "delivery"],
    urgentThemes: new Set(["refund"]),
  });
  return TaskNotice.parse({
    type: "task.opened",
    taskId: "task_01kbmzr5g0000000000000000a",
    team: "after_sales",
    priority: priority.level,
    audience: "team",
    at: OPENED_AT,
    task: {
      customerLabel: "cust_3f9a0c1d2e4b",
      customerTier: "gold",
      channel: "nps",
      status: "open",
      themes: ["refund", "delivery"],
      priority,
      reasons: [
        reasonText({ rule: "nps", score: 1, max: 6 }),
        reasonText({ rule: "urgent_theme", themes: ["refund"] }),
      ],
      openedAt: OPENED_AT,
      firstResponseDueAt: "2026-12-04T14:29:00.000Z",
      resolveDueAt: "2026-12-05T12:29:00.000Z",
      latestText: "退款三周了还没到账，电话 [phone]",
      feedbackCount: 1,
      ...task,
    },
    detail: { status: "open", customerId: "cust_3f9a0c1d2e4b", feedbackIds: ["fb_01kbmzr5g0000000000000000a"] },
    ...over,
  });
};

export const escalationFixture = (level: 1 | 2, over: Partial<TaskNotice> = {}): TaskNotice =>
  noticeFixture({
    type: "task.escalated",
    audience: level === 1 ? "team" : "supervisor",
    at: "2026-12-04T15:34:00.000Z",
    escalation: {
      level,
      overdue: "first_response",
      dueAt: "2026-12-04T14:29:00.000Z",
      overdueMinutes: 65,
      round: 1,
    },
    ...over,
  });
