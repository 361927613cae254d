import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { enrichWorker, queues, table } from "#shared/platform/resources";
import { Capability } from "../../infra/constructs/capability.ts";
import { logicalId, SYNTH_TIMEOUT_MS, type Synthesized, synthesize } from "./support.ts";

describe("stateful resources", () => {
  let built: Synthesized;
  let stateful: Template;
  let service: Template;

  beforeAll(() => {
    built = synthesize();
    ({ stateful, service } = built.templates);
  }, SYNTH_TIMEOUT_MS);

  describe("stateful stack", () => {
    it("defines the table from shared/resources.ts, retained and recoverable", () => {
      stateful.resourceCountIs("AWS::DynamoDB::Table", 1);
      stateful.hasResource("AWS::DynamoDB::Table", {
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: {
          TableName: Match.absent(),
          KeySchema: [
            { AttributeName: table.partitionKey, KeyType: "HASH" },
            { AttributeName: table.sortKey, KeyType: "RANGE" },
          ],
          BillingMode: "PAY_PER_REQUEST",
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          // SSEEnabled without a key = KMS with the AWS managed key (aws/dynamodb).
          SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
          TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
          DeletionProtectionEnabled: true,
          GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: "HASH" },
              { AttributeName: index.sortKey, KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          })),
        },
      });
    });

    it("redrives the ingest queue to the DLQ after queues.ingest.maxReceiveCount receives", () => {
      stateful.resourceCountIs("AWS::SQS::Queue", 2);
      stateful.hasResourceProperties("AWS::SQS::Queue", {
        QueueName: Match.absent(),
        RedrivePolicy: {
          deadLetterTargetArn: { "Fn::GetAtt": [built.ids.dlq, "Arn"] },
          maxReceiveCount: queues.ingest.maxReceiveCount,
        },
        VisibilityTimeout: queues.ingest.visibilityTimeoutSeconds,
        MessageRetentionPeriod: queues.ingest.retentionDays * 86_400,
        SqsManagedSseEnabled: true,
      });
      stateful.hasResourceProperties("AWS::SQS::Queue", {
        QueueName: Match.absent(),
        RedrivePolicy: Match.absent(),
        MessageRetentionPeriod: queues.ingestDeadLetter.retentionDays * 86_400,
        SqsManagedSseEnabled: true,
      });
    });

    it("gives the ingest queue a visibility timeout no shorter than the worker's timeout", () => {
      const queue = stateful.toJSON().Resources[built.ids.ingest] as { Properties: { VisibilityTimeout: number } };
      expect(built.fnProps("enrich-feedback").Timeout).toBe(enrichWorker.timeoutSeconds);
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
        Number(built.fnProps("enrich-feedback").Timeout),
      );
    });

    it("denies non-TLS access to both queues", () => {
      for (const queueId of [built.ids.ingest, built.ids.dlq]) {
        stateful.hasResourceProperties("AWS::SQS::QueuePolicy", {
          Queues: [{ Ref: queueId }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
            ]),
          },
        });
      }
    });
  });

  describe("service stack, grouped by capability", () => {
    // A changed logical id (or generated name) replaces the deployed resource: these are the ids and names the
    // resources had before capabilities grouped the stack.
    it("keeps the logical ids of the retained user pool, the functions and the scheduled jobs' permissions", () => {
      expect(logicalId(built.service.identity.userPool)).toBe("SupportLeads1FA149B1");
      service.hasResource("AWS::Cognito::UserPool", { DeletionPolicy: "Retain" });
      expect(built.fnId("post-feedback")).toBe("PostFeedback2BA6E8FB");
      expect(built.fnId("enrich-feedback")).toBe("EnrichFeedback0AEE0768");
      expect(built.fnId("send-digests")).toBe("SendDigestsDDB7FA9C");
      const permissions = Object.keys(service.findResources("AWS::Lambda::Permission"));
      expect(permissions).toEqual(
        expect.arrayContaining([
          "TrainModelScheduleAllowEventRuleHearbackServiceTrainModel11E9D8457F045B86",
          "SweepTasksScheduleAllowEventRuleHearbackServiceSweepTasks8B0849D6CC675627",
        ]),
      );
    });

    it("lets sign-out revoke the triage client's tokens (RevokeToken needs token revocation on)", () => {
      service.hasResourceProperties("AWS::Cognito::UserPoolClient", { EnableTokenRevocation: true });
    });

    it("keeps the task-event bus's logical id and the name integrations subscribe to", () => {
      expect(logicalId(built.service.notifications.bus)).toBe("TaskEventsD64B2175");
      service.hasResourceProperties("AWS::Events::EventBus", { Name: "HearbackServiceTaskEvents1EEF5CE2" });
    });

    it("leaves capabilities out of every logical id", () => {
      const capabilities = built.service.node.children.filter((c) => c instanceof Capability).map((c) => c.node.id);
      expect(capabilities.length).toBeGreaterThan(5);
      const ids = [
        ...Object.keys(service.toJSON().Resources as Record<string, unknown>),
        ...Object.keys(service.toJSON().Outputs as Record<string, unknown>),
      ];
      for (const id of ids) {
        expect(
          capabilities.filter((capability) => id.startsWith(capability)),
          id,
        ).toEqual([]);
      }
    });
  });
});
