import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { queues, webhookWorker } from "#shared/platform/resources";
import { WebhookEventType } from "#shared/webhooks/model/endpoint";
import { tableActions } from "../../infra/app-function.ts";
import { actionsOn, allActions, logicalId, SYNTH_TIMEOUT_MS, type Synthesized, sorted, synthesize } from "./support.ts";

/**
 * Webhooks on AWS (infra/constructs/webhooks.ts): the bus rule feeding the delivery queue, the queue's own DLQ, the
 * delivery function's event source, and exactly the permissions each function needs.
 */
describe("webhooks infrastructure", () => {
  let built: Synthesized;
  let service: Template;
  let ids: { queue: string; dlq: string; bus: string };

  beforeAll(() => {
    built = synthesize();
    service = built.templates.service;
    ids = {
      queue: logicalId(built.service.webhooks.queue),
      dlq: logicalId(built.service.webhooks.deadLetterQueue),
      bus: logicalId(built.service.notifications.bus),
    };
  }, SYNTH_TIMEOUT_MS);

  it("has a delivery queue with its own dead-letter queue, encrypted and TLS-only", () => {
    service.hasResourceProperties("AWS::SQS::Queue", {
      VisibilityTimeout: queues.webhooks.visibilityTimeoutSeconds,
      MessageRetentionPeriod: queues.webhooks.retentionDays * 86_400,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { "Fn::GetAtt": [ids.dlq, "Arn"] },
        maxReceiveCount: queues.webhooks.maxReceiveCount,
      },
    });
    const dlq = service.toJSON().Resources[ids.dlq];
    expect(dlq).toMatchObject({ Type: "AWS::SQS::Queue", DeletionPolicy: "Retain" });
    service.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [{ Ref: ids.queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          // Only the webhook rule may send to it.
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Condition: {
              ArnEquals: { "aws:SourceArn": { "Fn::GetAtt": [logicalId(built.service.webhooks.rule), "Arn"] } },
            },
          }),
        ]),
      },
    });
  });

  it("routes every event type webhooks deliver from the task-event bus to the queue", () => {
    service.hasResourceProperties("AWS::Events::Rule", {
      EventBusName: { Ref: ids.bus },
      EventPattern: { source: ["hearback"], "detail-type": [...WebhookEventType.options] },
      Targets: [
        Match.objectLike({
          Arn: { "Fn::GetAtt": [ids.queue, "Arn"] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 },
        }),
      ],
    });
  });

  it("feeds deliver-webhooks from the queue in small batches with partial batch responses and bounded concurrency", () => {
    service.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: built.fnId("deliver-webhooks") },
      EventSourceArn: { "Fn::GetAtt": [ids.queue, "Arn"] },
      BatchSize: webhookWorker.batchSize,
      MaximumBatchingWindowInSeconds: webhookWorker.maxBatchingWindowSeconds,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: webhookWorker.maxConcurrency },
    });
    // Six times the function's timeout, as AWS recommends for an SQS event source.
    expect(queues.webhooks.visibilityTimeoutSeconds).toBe(6 * Number(built.fnProps("deliver-webhooks").Timeout));
  });

  it("grants the API and the delivery function exactly what they use", () => {
    const api = built.fn("webhooks-api");
    const deliver = built.fn("deliver-webhooks");
    expect(actionsOn(service, api, built.ids.table)).toEqual(sorted(tableActions.readWrite));
    expect(actionsOn(service, deliver, built.ids.table)).toEqual(sorted(tableActions.readWrite));
    expect(actionsOn(service, api, ids.queue)).toEqual([
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
      "sqs:SendMessage",
    ]);
    expect(actionsOn(service, deliver, ids.queue)).toEqual([
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
      "sqs:ReceiveMessage",
      "sqs:SendMessage",
    ]);
    const secretActions = (fn: typeof api) =>
      sorted(allActions(service, fn).filter((a) => a.startsWith("secretsmanager:")));
    expect(secretActions(api)).toEqual([
      "secretsmanager:CreateSecret",
      "secretsmanager:DeleteSecret",
      "secretsmanager:GetSecretValue",
      "secretsmanager:PutSecretValue",
    ]);
    expect(secretActions(deliver)).toEqual(["secretsmanager:GetSecretValue"]);
    // The secrets are this stack's webhook secrets, by name prefix, and nothing else.
    const secretGrants = JSON.stringify(
      Object.values(service.findResources("AWS::IAM::Policy")).filter((p) =>
        JSON.stringify(p).includes("secretsmanager:"),
      ),
    );
    expect(secretGrants).toContain("/webhooks/*");
    expect(allActions(service, deliver).filter((a) => a.startsWith("ses:"))).toEqual(["ses:SendEmail"]);
    expect(allActions(service, api).some((a) => a.startsWith("ses:"))).toBe(false);
    for (const fn of [api, deliver]) {
      expect(allActions(service, fn)).not.toContain("dynamodb:Scan");
      expect(allActions(service, fn).some((a) => a.startsWith("events:"))).toBe(false);
    }
  });

  it("tells the functions where the queue and the secrets are", () => {
    const env = (name: "webhooks-api" | "deliver-webhooks") =>
      (built.fnProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
    for (const name of ["webhooks-api", "deliver-webhooks"] as const) {
      expect(env(name).WEBHOOK_QUEUE_URL).toEqual({ Ref: ids.queue });
      expect(JSON.stringify(env(name).WEBHOOK_SECRET_PREFIX)).toContain("/webhooks/");
      expect(env(name).WEBHOOK_ALLOW_LOOPBACK).toBeUndefined();
    }
    // Exactly these: a Lambda's environment is capped at 4 KB, each function gets only what it reads.
    const own = ["NODE_OPTIONS", "POWERTOOLS_SERVICE_NAME", "TABLE_NAME", "WEBHOOK_QUEUE_URL", "WEBHOOK_SECRET_PREFIX"];
    expect(Object.keys(env("webhooks-api")).sort()).toEqual(sorted(own));
    expect(Object.keys(env("deliver-webhooks")).sort()).toEqual(
      sorted([...own, "SES_CONFIGURATION_SET", "PUBLIC_BASE_URL"]),
    );
  });

  it("leaves no cdk-nag finding unacknowledged", () => {
    expect(built.nag.validateScope(built.app).violations).toEqual([]);
  });
});
