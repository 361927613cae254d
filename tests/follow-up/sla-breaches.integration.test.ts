import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoTaskStore } from "#shared/follow-up/adapters/dynamo-task-store";
import { type FollowUpDeps, sweepTasks } from "#shared/follow-up/follow-ups";
import { priorityOf } from "#shared/follow-up/model/priority";
import { followUpRules } from "#shared/follow-up/model/rules";
import { markContacted, openTask } from "#shared/follow-up/model/transitions";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { type Engines, startEngines } from "../support/engines.ts";

/**
 * The SLA sweep's count of open tasks past a deadline (the SlaBreaches gauge the alarm reads), against DynamoDB Local:
 * read from the same time-index pages the sweep already queries, it stays up after an escalation (escalating fixes
 * nothing for the customer) and drops once a lead responds.
 */
let engines: Engines;
let deps: FollowUpDeps;
let tasks: DynamoTaskStore;
const rules = followUpRules();
const T0 = Date.parse("2026-11-25T00:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const open = (id: string, minute: number) =>
  openTask({
    id,
    contact: { kind: "customer", id: `c-${id}` },
    channel: "nps",
    feedbackId: `fb-${id}`,
    themes: ["delivery"],
    team: "logistics",
    priority: priorityOf({
      channel: "nps",
      score: 2,
      hasText: false,
      sentiment: "NEGATIVE",
      sentimentScores: { positive: 0, negative: 1, neutral: 0, mixed: 0 },
      themes: [],
      urgentThemes: new Set(),
    }),
    reasons: ["NPS 2 of 10"],
    // First response within 2 hours, resolution within 24, in elapsed time.
    sla: { firstResponseHours: 2, resolveHours: 24 },
    openedAt: at(minute),
  });

beforeAll(async () => {
  engines = await startEngines("hearback-sla-breaches");
  tasks = new DynamoTaskStore(engines.db, engines.tableName, rules.closeAfterResolvedDays);
  deps = { tasks, rules, taxonomy: defaultTaxonomy };
  const late = open("task_late", 0);
  const later = open("task_later", 90);
  const answered = markContacted(open("task_answered", 0), "li.na", at(30));
  for (const task of [late, later, answered]) expect(await tasks.saveTask(task, undefined)).toBe("saved");
});
afterAll(async () => {
  await engines?.stop();
});

describe("the SLA sweep counts open tasks past a deadline", () => {
  it("counts only the task whose first response is late, and keeps counting it after escalating it", async () => {
    const first = await sweepTasks(deps, at(180));
    expect(first).toMatchObject({ overdue: 1, escalated: 1 });
    const again = await sweepTasks(deps, at(181));
    expect(again).toMatchObject({ overdue: 1, escalated: 0 });
  });

  it("adds a task once its deadline passes, and drops one as soon as a lead responds", async () => {
    expect(await sweepTasks(deps, at(240))).toMatchObject({ overdue: 2 });
    const late = await tasks.getTask("task_late");
    if (!late) throw new Error("task_late is gone");
    expect(await tasks.saveTask(markContacted(late, "li.na", at(241)), late.version)).toBe("saved");
    expect(await sweepTasks(deps, at(242))).toMatchObject({ overdue: 1 });
  });
});
