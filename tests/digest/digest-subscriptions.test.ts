import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { EventBridgeDigestScheduler } from "#shared/digest/adapters/eventbridge-digest-scheduler";
import {
  DigestSubscription,
  DigestSubscriptions,
  digestSchedule,
  reportedWeek,
} from "#shared/digest/model/subscriptions";

const sub = DigestSubscription.parse({ id: "delivery-team", team: "logistics", recipients: ["pm@example.com"] });

describe("digest schedules", () => {
  it("sends at the subscription's weekday and hour in its own time zone", () => {
    expect(digestSchedule(sub)).toEqual({ expression: "cron(0 9 ? * MON *)", timeZone: "Asia/Shanghai" });
    expect(digestSchedule({ weekday: 7, hour: 18, timeZone: "America/New_York" })).toEqual({
      expression: "cron(0 18 ? * SUN *)",
      timeZone: "America/New_York",
    });
  });

  it("reports the last complete week as the reader's calendar has it", () => {
    // Monday 07:00 in Auckland is still Sunday in UTC: the reader's last week is W47, not W46.
    expect(reportedWeek(new Date("2026-11-22T18:00:00Z"), "Pacific/Auckland")).toBe("2026-W47");
    expect(reportedWeek(new Date("2026-11-23T01:00:00Z"), "Asia/Shanghai")).toBe("2026-W47");
    expect(reportedWeek(new Date("2026-11-23T01:00:00Z"), "America/Los_Angeles")).toBe("2026-W46");
  });

  it("refuses unknown time zones and duplicate ids in the config file", () => {
    expect(DigestSubscription.safeParse({ ...sub, timeZone: "Mars/Olympus" }).success).toBe(false);
    const twice = DigestSubscriptions.safeParse([sub, sub]);
    expect(twice.success).toBe(false);
    expect(twice.error?.issues[0]?.message).toContain("duplicate id delivery-team");
  });
});

describe("EventBridge Scheduler adapter", () => {
  const scheduler = mockClient(SchedulerClient);
  const target = {
    groupName: "digests",
    functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:send-digests",
    roleArn: "arn:aws:iam::123456789012:role/scheduler",
    deadLetterArn: "arn:aws:sqs:eu-west-1:123456789012:failed-jobs",
  };
  const adapter = new EventBridgeDigestScheduler(new SchedulerClient({}), target);
  beforeEach(() => scheduler.reset());

  it("creates a schedule in the subscription's time zone that names the subscription", async () => {
    await adapter.upsert(sub);
    const [call] = scheduler.commandCalls(CreateScheduleCommand);
    expect(call?.args[0].input).toMatchObject({
      Name: "digest-delivery-team",
      GroupName: "digests",
      ScheduleExpression: "cron(0 9 ? * MON *)",
      ScheduleExpressionTimezone: "Asia/Shanghai",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: {
        Arn: target.functionArn,
        RoleArn: target.roleArn,
        Input: '{"subscription":"delivery-team"}',
        // An invocation Scheduler cannot deliver is parked, not dropped.
        DeadLetterConfig: { Arn: target.deadLetterArn },
      },
    });
  });

  it("updates the schedule when it exists, and removing a missing one is not an error", async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ message: "exists", Message: "exists", $metadata: {} }))
      .on(DeleteScheduleCommand)
      .rejects(new ResourceNotFoundException({ message: "gone", Message: "gone", $metadata: {} }));
    await adapter.upsert({ ...sub, hour: 16 });
    expect(scheduler.commandCalls(UpdateScheduleCommand)[0]?.args[0].input.ScheduleExpression).toBe(
      "cron(0 16 ? * MON *)",
    );
    await expect(adapter.remove("delivery-team")).resolves.toBeUndefined();
  });
});
