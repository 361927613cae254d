import { Stack, Validations } from "aws-cdk-lib";
import { EventBus, Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { Policy, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { ConfigurationSet, EmailSendingEvent, EventDestination, SuppressionReasons } from "aws-cdk-lib/aws-ses";
import type { Construct } from "constructs";
import type { AppFunction } from "../app-function.ts";
import { Capability, flatUniqueId, retentionFromContext, type StatefulResources } from "./capability.ts";
import type { FailedJobs } from "./failed-jobs.ts";

export interface NotificationsProps {
  readonly stateful: StatefulResources;
  readonly failedJobs: FailedJobs;
}

/**
 * How hearback tells people and systems: the task-event bus integrations subscribe to, and email through SES. The
 * worker (new tasks), the SLA sweep (escalations), the task pages (replies, confirmations) and the digest sender use
 * it. Every email goes out under one SES configuration set: SES itself stops mailing an address that bounced or
 * complained (account suppression), and the bounce and complaint events reach `mail-events` on the default bus, which
 * records the address so digests and task emails skip it and the task page says why a customer cannot be mailed.
 */
export class Notifications extends Capability {
  readonly bus: EventBus;
  readonly configurationSet: ConfigurationSet;
  readonly functions: Record<"mail-events", AppFunction>;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.bus = new EventBus(this, "TaskEvents", {
      description: "hearback follow-up task events",
      // The name CDK generated when the bus sat directly under the stack: a new name would replace the bus,
      // and integrations subscribe to it by name.
      eventBusName: flatUniqueId(this, "TaskEvents"),
    });

    this.configurationSet = new ConfigurationSet(this, "MailConfigurationSet", {
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    // SES publishes to the account's default bus only.
    const defaultBus = EventBus.fromEventBusName(this, "DefaultBus", "default");
    this.configurationSet.addEventDestination("BouncesAndComplaints", {
      destination: EventDestination.eventBus(defaultBus),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    const mailEvents = props.failedJobs.catchFailuresOf(
      this.fn("mail-events", "suppresses addresses that bounce or complain")
        .useTable(props.stateful.table, "readWrite")
        .readsSigningKeys(props.stateful.surveySigningKeys),
    );
    // A customer's entry on the list expires with the originals it stands for.
    const retentionDays = retentionFromContext(this);
    if (retentionDays !== undefined) mailEvents.setEnv("ORIGINALS_RETENTION_DAYS", retentionDays);
    new Rule(this, "MailEventsRule", {
      description: "hearback: SES bounces and complaints of its own configuration set",
      eventBus: defaultBus,
      eventPattern: {
        source: ["aws.ses"],
        detailType: ["Email Bounced", "Email Complaint Received"],
        detail: { mail: { tags: { "ses:configuration-set": [this.configurationSet.configurationSetName] } } },
      },
      targets: [new LambdaFunction(mailEvents, { retryAttempts: 2, deadLetterQueue: props.failedJobs.queue })],
    });
    this.functions = { "mail-events": mailEvents };
  }

  /**
   * Lets `fn` put events on the bus (EVENT_BUS_NAME) and nothing else: for functions that tell integrations of a
   * change but send no email (the customer's "is your problem solved?" page: task.reopened).
   */
  publishesEvents(fn: AppFunction): AppFunction {
    this.bus.grantPutEventsTo(fn);
    fn.setEnv("EVENT_BUS_NAME", this.bus.eventBusName);
    return fn;
  }

  /**
   * Lets `fn` put task events on the bus (EVENT_BUS_NAME) and send email from the operator's SES identities under the
   * configuration set (SES_CONFIGURATION_SET).
   */
  notifies(fn: AppFunction): AppFunction {
    return this.sendsMail(this.publishesEvents(fn));
  }

  /** Lets `fn` send email from the operator's SES identities (NOTIFY_FROM) under the configuration set. */
  sendsMail(fn: AppFunction): AppFunction {
    const stack = Stack.of(this);
    fn.setEnv("SES_CONFIGURATION_SET", this.configurationSet.configurationSetName);
    const ses = new Policy(this, `${fn.node.id}SesPolicy`, {
      roles: fn.role ? [fn.role] : [],
      statements: [
        new PolicyStatement({
          actions: ["ses:SendEmail"],
          resources: [
            `arn:${stack.partition}:ses:${stack.region}:${stack.account}:identity/*`,
            `arn:${stack.partition}:ses:${stack.region}:${stack.account}:configuration-set/${this.configurationSet.configurationSetName}`,
          ],
        }),
      ],
    });
    Validations.of(ses).acknowledge({
      id: "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]",
      reason:
        "Staff email (task emails, digests, webhook owners' notices) goes out from the sender identity the operator verifies in SES at deploy time (NOTIFY_FROM); its name is not known to the template.",
    });
    return fn;
  }
}
