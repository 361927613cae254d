import { describe, expect, it } from "vitest";
import { scrubTask } from "#shared/data-rights/model/erasure";
import { priorityOf } from "#shared/follow-up/model/priority";
import { openTask } from "#shared/follow-up/model/transitions";
import { taskWords } from "#shared/follow-up/views/task-words";

describe("an erased customer's task", () => {
  it("keeps its priority readable but no longer says the customer's tier, in any words", () => {
    const task = openTask({
      id: "task-1",
      contact: { kind: "customer", id: "c-1" },
      customerTier: "platinum",
      channel: "nps",
      feedbackId: "fb-1",
      themes: ["refund"],
      team: "after_sales",
      priority: priorityOf({
        channel: "nps",
        score: 0,
        hasText: true,
        sentiment: "NEGATIVE",
        sentimentScores: { positive: 0, negative: 0.5, neutral: 0.5, mixed: 0 },
        tier: "platinum",
        themes: ["refund"],
        urgentThemes: new Set(["refund"]),
      }),
      reasons: ["NPS 0 (detractor: 0-6)"],
      sla: { firstResponseHours: 2, resolveHours: 24 },
      openedAt: new Date("2026-12-04T12:00:00Z"),
    });
    const zh = taskWords("zh-Hans");
    expect(task.priority.factors.map(zh.factor)).toContain("白金客户 +25");
    const erased = scrubTask(task, "2026-12-05T00:00:00.000Z");
    expect(JSON.stringify(erased.priority)).not.toContain("platinum");
    expect(erased.priority.factors.map(zh.factor)).toEqual([
      "NPS 0 分（0–2 档）+30",
      "负面语气 50% +10",
      "客户等级 +25",
      "紧急主题：退款与退换 +20",
    ]);
  });
});
