import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import { type DigestSubscription, digestSchedule } from "../model/subscriptions.ts";
import type { DigestScheduler } from "../ports/subscriptions.ts";

/**
 * One EventBridge Scheduler schedule per API-managed subscription, in the subscription's time zone,
 * invoking the digest function with {"subscription": id}. Created or updated in place; removing a
 * schedule that is already gone is not an error.
 */
export class EventBridgeDigestScheduler implements DigestScheduler {
  constructor(
    private readonly scheduler: SchedulerClient,
    private readonly target: { groupName: string; functionArn: string; roleArn: string },
  ) {}

  private name(id: string) {
    return `digest-${id}`;
  }

  async upsert(subscription: DigestSubscription): Promise<void> {
    const { expression, timeZone } = digestSchedule(subscription);
    const input = {
      Name: this.name(subscription.id),
      GroupName: this.target.groupName,
      Description: `hearback weekly digest ${subscription.id}${subscription.team ? ` (${subscription.team})` : ""}`,
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: timeZone,
      FlexibleTimeWindow: { Mode: "OFF" as const },
      State: "ENABLED" as const,
      Target: {
        Arn: this.target.functionArn,
        RoleArn: this.target.roleArn,
        Input: JSON.stringify({ subscription: subscription.id }),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3_600 },
      },
    };
    try {
      await this.scheduler.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      await this.scheduler.send(new UpdateScheduleCommand(input));
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.scheduler.send(new DeleteScheduleCommand({ Name: this.name(id), GroupName: this.target.groupName }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
