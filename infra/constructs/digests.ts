import { type CfnElement, Duration, Stack, Validations } from "aws-cdk-lib";
import { Policy, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { TimeZone } from "aws-cdk-lib/core";
import type { Construct } from "constructs";
import {
  type DigestSubscription,
  digestSchedule,
  getsReport,
  monthlySchedule,
} from "#shared/digest/model/subscriptions";
import { DigestLinkDays } from "#shared/platform/config";
import type { AppFunction } from "../app-function.ts";
import { Capability, type StatefulResources } from "./capability.ts";
import type { FailedJobs } from "./failed-jobs.ts";
import type { Notifications } from "./notifications.ts";

export interface DigestsProps {
  readonly stateful: StatefulResources;
  readonly notifications: Notifications;
  /** Digest subscriptions from the deployment's config file (more can be added through the API). */
  readonly subscriptions: readonly DigestSubscription[];
  /** Digest runs that fail for good, or that Scheduler cannot deliver, are parked here. */
  readonly failedJobs: FailedJobs;
}

/**
 * `-c digestLinkDays=N`: how long a digest's reader links work (`DIGEST_LINK_DAYS`); undefined leaves the
 * default (90). A value the sender would refuse fails the synth instead of its cold start.
 */
export const linkDaysFromContext = (scope: Construct): string | undefined => {
  const raw: unknown = scope.node.tryGetContext("digestLinkDays");
  if (raw === undefined) return undefined;
  const days = DigestLinkDays.safeParse(String(raw));
  if (!days.success)
    throw new Error(`Context "digestLinkDays" must be a whole number from 1 to 365; got ${String(raw)}`);
  return String(days.data);
};

/**
 * Weekly digests: the sender, one EventBridge Scheduler schedule per subscription in its own time zone (default
 * Monday 09:00), the subscriptions API that manages the other schedules at run time (same group, same role), the
 * on-demand preview, the unsubscribe link, and the read-only pages behind a digest's signed reader links. Locally an
 * hourly timer replaces the schedules.
 */
export class Digests extends Capability {
  readonly functions: Record<
    | "digest-preview"
    | "unsubscribe"
    | "send-digests"
    | "digest-subscriptions"
    | "explore"
    | "digest-reader"
    | "theme-fixes",
    AppFunction
  >;

  constructor(scope: Construct, id: string, props: DigestsProps) {
    super(scope, id);
    const { table, surveySigningKeys } = props.stateful;
    this.functions = {
      "digest-preview": this.fn("digest-preview", "renders the weekly digest on demand").useTable(table, "read"),
      "theme-fixes": this.fn("theme-fixes", "records fixes on themes and tests their effect").useTable(
        table,
        "readWrite",
      ),
      // The explorer reads counters and comments; staff sessions are kept alive (written) on the way, and
      // their secret derives from the signing keys.
      explore: this.fn("explore", "the explorer: trends, Pareto, a theme's comments")
        .useTable(table, "readWrite")
        .readsSigningKeys(surveySigningKeys),
      unsubscribe: this.fn("unsubscribe", "records digest unsubscribes")
        .useTable(table, "readWrite")
        .readsSigningKeys(surveySigningKeys),
      "send-digests": props.notifications.notifies(
        this.fn("send-digests", "sends weekly digests in each team's send hour")
          .useTable(table, "readWrite")
          .readsSigningKeys(surveySigningKeys),
      ),
      "digest-subscriptions": this.fn(
        "digest-subscriptions",
        "manages digest subscriptions and their schedules",
      ).useTable(table, "readWrite"),
      // The pages behind a digest's signed reader links (the digest in a browser, each quote's comment): read
      // only. Their links point at the host the request came in on (PUBLIC_BASE_URL here would be a cycle).
      "digest-reader": this.fn("digest-reader", "opens a digest's reader links: the digest and its quotes")
        .useTable(table, "read")
        .readsSigningKeys(surveySigningKeys),
    };
    const linkDays = linkDaysFromContext(this);
    if (linkDays !== undefined) this.functions["send-digests"].setEnv("DIGEST_LINK_DAYS", linkDays);
    this.schedules(props.subscriptions, props.failedJobs);
  }

  /**
   * The config file's subscriptions are schedules in this template; the subscriptions API creates the others at
   * run time in the same group, with the same role.
   */
  private schedules(subscriptions: readonly DigestSubscription[], failedJobs: FailedJobs): void {
    const stack = Stack.of(this);
    const sender = failedJobs.catchFailuresOf(this.functions["send-digests"]);
    const manager = this.functions["digest-subscriptions"];
    // Named after the stack so the subscriptions function's permission can name it exactly.
    const groupName = `${stack.stackName}-digests`;
    const group = new ScheduleGroup(this, "DigestSchedules", { scheduleGroupName: groupName });
    const role = new Role(this, "DigestSchedulerRole", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
      }),
      description: "EventBridge Scheduler invokes the weekly digest sender",
    });
    const configured = JSON.stringify(subscriptions);
    sender.setEnv("DIGEST_SUBSCRIPTIONS", configured);
    // The reader pages find a link's subscription (and its recipients) among these, then the API's.
    this.functions["digest-reader"].setEnv("DIGEST_SUBSCRIPTIONS", configured);
    this.functions.explore.setEnv("DIGEST_SUBSCRIPTIONS", configured);
    // The preview takes a subscription's focus and language (?subscription=).
    this.functions["digest-preview"].setEnv("DIGEST_SUBSCRIPTIONS", configured);
    manager
      .setEnv("DIGEST_SUBSCRIPTIONS", configured)
      .setEnv("DIGEST_SCHEDULE_GROUP", group.scheduleGroupName)
      .setEnv("DIGEST_FUNCTION_ARN", sender.functionArn)
      .setEnv("DIGEST_SCHEDULER_ROLE_ARN", role.roleArn)
      // The schedules the API creates park undeliverable runs where the template's do.
      .setEnv("FAILED_JOBS_QUEUE_ARN", failedJobs.queue.queueArn);
    failedJobs.acceptsFrom(role);
    if (manager.role) role.grantPassRole(manager.role);
    const schedulesPolicy = new Policy(this, "DigestSubscriptionsSchedulerPolicy", {
      roles: manager.role ? [manager.role] : [],
      statements: [
        new PolicyStatement({
          actions: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"],
          resources: [
            `arn:${stack.partition}:scheduler:${stack.region}:${stack.account}:schedule/${groupName}/digest-*`,
          ],
        }),
      ],
    });
    Validations.of(schedulesPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${groupName}/digest-*]`,
      reason:
        "Subscriptions are created through the API at run time; the function may manage only digest-* schedules in the digest group.",
    });
    const senderId = stack.getLogicalId(sender.node.defaultChild as CfnElement);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${senderId}.Arn>:*]`,
      reason:
        "The Scheduler target grant (LambdaInvoke) covers the digest sender and its versions; the role can invoke nothing else.",
    });
    for (const sub of subscriptions) {
      // The weekly digest on its weekday; the monthly report on the first working day (cron 1W), same hour.
      const wanted = [
        ...(getsReport(sub, "weekly")
          ? [{ id: `DigestSchedule-${sub.id}`, report: "weekly" as const, ...digestSchedule(sub) }]
          : []),
        ...(getsReport(sub, "monthly")
          ? [{ id: `MonthlyReportSchedule-${sub.id}`, report: "monthly" as const, ...monthlySchedule(sub) }]
          : []),
      ];
      for (const { id, report, expression, timeZone } of wanted) {
        new Schedule(this, id, {
          scheduleGroup: group,
          description: `hearback ${report} ${report === "weekly" ? "digest" : "report"} ${sub.id}${sub.team ? ` (${sub.team})` : ""}`,
          schedule: ScheduleExpression.expression(expression, TimeZone.of(timeZone)),
          target: new LambdaInvoke(sender, {
            role,
            input: ScheduleTargetInput.fromObject(
              report === "weekly" ? { subscription: sub.id } : { subscription: sub.id, report },
            ),
            retryAttempts: 2,
            maxEventAge: Duration.hours(1),
            deadLetterQueue: failedJobs.queue,
          }),
        });
      }
    }
  }
}
