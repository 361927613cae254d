import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import { Rule } from "aws-cdk-lib/aws-events";
import { SqsQueue } from "aws-cdk-lib/aws-events-targets";
import { Policy, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { queues, webhookWorker } from "#shared/platform/resources";
import { WebhookEventType } from "#shared/webhooks/model/endpoint";
import type { AppFunction } from "../app-function.ts";
import { Capability, type StatefulResources } from "./capability.ts";
import type { FailedJobs } from "./failed-jobs.ts";
import type { Notifications } from "./notifications.ts";

export interface WebhooksProps {
  readonly stateful: StatefulResources;
  readonly notifications: Notifications;
  /** Where an event the rule could not put on the delivery queue goes (after its retries), as for every rule. */
  readonly failedJobs: FailedJobs;
}

/**
 * Signed webhooks (shared/webhooks/): a rule on the task-event bus puts every event webhooks deliver on the delivery
 * queue (with its own DLQ); `deliver-webhooks` sends each to the endpoints that want it and puts failed deliveries
 * back with their delay, so retries span hours without holding a function. `webhooks-api` manages the endpoints
 * (in the table) and their secrets (in Secrets Manager, under a prefix both functions' policies are scoped to).
 */
export class Webhooks extends Capability {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly rule: Rule;
  /** Secrets Manager names of the endpoints' secrets start with this. */
  readonly secretPrefix: string;
  readonly functions: Record<"webhooks-api" | "deliver-webhooks", AppFunction>;

  constructor(scope: Construct, id: string, props: WebhooksProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { table } = props.stateful;

    this.deadLetterQueue = new Queue(this, "WebhookDeadLetterQueue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(queues.webhooksDeadLetter.retentionDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue is itself the dead-letter queue of the webhook delivery queue: messages the delivery function could not handle wait here for an operator.",
    });
    this.queue = new Queue(this, "WebhookQueue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(queues.webhooks.retentionDays),
      visibilityTimeout: Duration.seconds(queues.webhooks.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: queues.webhooks.maxReceiveCount },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.rule = new Rule(this, "WebhookEventsRule", {
      description: "hearback: the events webhooks deliver, onto the webhook delivery queue",
      eventBus: props.notifications.bus,
      eventPattern: { source: ["hearback"], detailType: [...WebhookEventType.options] },
      targets: [
        new SqsQueue(this.queue, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: props.failedJobs.queue,
        }),
      ],
    });

    this.secretPrefix = `${stack.stackName}/webhooks/`;
    const secretArns = `arn:${stack.partition}:secretsmanager:${stack.region}:${stack.account}:secret:${this.secretPrefix}*`;

    const api = this.fn("webhooks-api", "manages webhook endpoints and sends test deliveries").useTable(
      table,
      "readWrite",
    );
    this.usesQueue(api);
    this.usesSecrets(
      api,
      [
        "secretsmanager:CreateSecret",
        "secretsmanager:PutSecretValue",
        "secretsmanager:GetSecretValue",
        "secretsmanager:DeleteSecret",
      ],
      secretArns,
    );

    const deliver = this.fn("deliver-webhooks", "delivers webhook events to their endpoints").useTable(
      table,
      "readWrite",
    );
    this.usesQueue(deliver);
    this.usesSecrets(deliver, ["secretsmanager:GetSecretValue"], secretArns);
    // An endpoint disabled after sustained failure is reported to its owner by email, from the staff sender.
    props.notifications.sendsMail(deliver);
    deliver.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: webhookWorker.batchSize,
        maxBatchingWindow: Duration.seconds(webhookWorker.maxBatchingWindowSeconds),
        maxConcurrency: webhookWorker.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    this.functions = { "webhooks-api": api, "deliver-webhooks": deliver };
  }

  /** Sends (retries, redeliveries) to the delivery queue, and knows its URL. */
  private usesQueue(fn: AppFunction): void {
    this.queue.grantSendMessages(fn);
    fn.setEnv("WEBHOOK_QUEUE_URL", this.queue.queueUrl);
  }

  private usesSecrets(fn: AppFunction, actions: string[], secretArns: string): void {
    fn.setEnv("WEBHOOK_SECRET_PREFIX", this.secretPrefix);
    const policy = new Policy(this, `${fn.node.id}SecretsPolicy`, {
      roles: fn.role ? [fn.role] : [],
      statements: [new PolicyStatement({ actions, resources: [secretArns] })],
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${this.secretPrefix}*]`,
      reason:
        "One secret per webhook endpoint, created at run time when an endpoint is registered: their names are not known to the template, so the grant is scoped to this stack's webhook name prefix.",
    });
  }
}
