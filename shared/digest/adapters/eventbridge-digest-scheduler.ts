import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import {
  type DigestReport,
  type DigestSubscription,
  digestSchedule,
  getsReport,
  monthlySchedule,
  REPORTS,
} from "../model/subscriptions.ts";
import type { DigestScheduler } from "../ports/subscriptions.ts";

/**
 * EventBridge Scheduler schedules per API-managed subscription, in the subscription's time zone:
 * `digest-<id>` for the weekly digest, invoking the digest function with {"subscription": id}, and
 * `digest-<id>.monthly` for the monthly report ({"subscription": id, "report": "monthly"}; the dot
 * cannot appear in an id, so no subscription's weekly schedule can take that name). Each exists only
 * while the subscription gets that report; created or updated in place; removing a schedule that is
 * already gone is not an error.
 */
export class EventBridgeDigestScheduler implements DigestScheduler {
  constructor(
    private readonly scheduler: SchedulerClient,
    private readonly target: {
      groupName: string;
      functionArn: string;
      roleArn: string;
      /** Where Scheduler parks an invocation it could not deliver after its retries (never dropped silently). */
      deadLetterArn?: string | undefined;
    },
  ) {}

  private name(id: string, report: DigestReport) {
    return report === "weekly" ? `digest-${id}` : `digest-${id}.monthly`;
  }

  async upsert(subscription: DigestSubscription): Promise<void> {
    for (const report of REPORTS) {
      if (getsReport(subscription, report)) await this.put(subscription, report);
      else await this.delete(subscription.id, report);
    }
  }

  private async put(subscription: DigestSubscription, report: DigestReport): Promise<void> {
    const { expression, timeZone } = report === "weekly" ? digestSchedule(subscription) : monthlySchedule(subscription);
    const input = {
      Name: this.name(subscription.id, report),
      GroupName: this.target.groupName,
      Description: `hearback ${report} ${report === "weekly" ? "digest" : "report"} ${subscription.id}${subscription.team ? ` (${subscription.team})` : ""}`,
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: timeZone,
      FlexibleTimeWindow: { Mode: "OFF" as const },
      State: "ENABLED" as const,
      Target: {
        Arn: this.target.functionArn,
        RoleArn: this.target.roleArn,
        Input: JSON.stringify(
          report === "weekly" ? { subscription: subscription.id } : { subscription: subscription.id, report },
        ),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3_600 },
        ...(this.target.deadLetterArn && { DeadLetterConfig: { Arn: this.target.deadLetterArn } }),
      },
    };
    try {
      await this.scheduler.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      await this.scheduler.send(new UpdateScheduleCommand(input));
    }
  }

  private async delete(id: string, report: DigestReport): Promise<void> {
    try {
      await this.scheduler.send(
        new DeleteScheduleCommand({ Name: this.name(id, report), GroupName: this.target.groupName }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  async remove(id: string): Promise<void> {
    for (const report of REPORTS) await this.delete(id, report);
  }
}
