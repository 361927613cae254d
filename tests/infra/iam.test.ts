import type { Template } from "aws-cdk-lib/assertions";
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { type FunctionName, functions, table } from "#shared/platform/resources";
import { tableActions } from "../../infra/app-function.ts";
import {
  actionsOn,
  allActions,
  grantsOf,
  logicalId,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  sorted,
  synthesize,
} from "./support.ts";

describe("IAM", () => {
  let built: Synthesized;
  let comprehend: Synthesized;
  let hybrid: Synthesized;
  let service: Template;
  let serviceWithComprehend: Template;

  beforeAll(() => {
    built = synthesize();
    comprehend = synthesize({ analyzer: "comprehend" });
    hybrid = synthesize({ analyzer: "hybrid", piiDetection: "comprehend" });
    service = built.templates.service;
    serviceWithComprehend = comprehend.templates.service;
  }, SYNTH_TIMEOUT_MS);

  it("grants table actions per access level, Query on each index by name, and never Scan", () => {
    const access: Record<FunctionName, keyof typeof tableActions> = {
      "post-feedback": "readWrite",
      "list-feedback": "read",
      "get-feedback": "read",
      "correct-feedback": "readWrite",
      health: "read",
      "enrich-feedback": "readWrite",
      "train-model": "readWrite",
      "create-survey-link": "readWrite",
      "survey-page": "readWrite",
      "confirm-resolution": "readWrite",
      "tasks-api": "readWrite",
      triage: "readWrite",
      "sweep-tasks": "readWrite",
      "digest-preview": "read",
      explore: "readWrite",
      "theme-fixes": "readWrite",
      unsubscribe: "readWrite",
      "digest-reader": "read",
      "send-digests": "readWrite",
      "digest-subscriptions": "readWrite",
      "privacy-api": "readWrite",
      "mail-events": "readWrite",
      "webhooks-api": "readWrite",
      "deliver-webhooks": "readWrite",
    };
    for (const [name, level] of Object.entries(access) as [FunctionName, keyof typeof tableActions][]) {
      expect(actionsOn(service, built.fn(name), built.ids.table), name).toEqual(sorted(tableActions[level]));
      const onIndexes = grantsOf(service, built.fn(name)).filter((g) => g.resource.includes("/index/"));
      expect(onIndexes.map((g) => g.resource.match(/\/index\/([^"]*)"/)?.[1]).sort(), name).toEqual(
        sorted(table.globalSecondaryIndexes.map((i) => i.indexName)),
      );
      for (const grant of onIndexes) {
        expect(grant.resource, name).toContain(built.ids.table);
        expect(grant.actions, name).toEqual(["dynamodb:Query"]);
      }
      expect(allActions(service, built.fn(name)), name).not.toContain("dynamodb:Scan");
    }
  });

  it("lets post-feedback send to the ingest queue and not to the DLQ", () => {
    expect(actionsOn(service, built.fn("post-feedback"), built.ids.ingest)).toContain("sqs:SendMessage");
    expect(actionsOn(service, built.fn("post-feedback"), built.ids.dlq)).toEqual([]);
  });

  it("lets the worker consume the ingest queue and send only to the DLQ", () => {
    const onIngest = actionsOn(service, built.fn("enrich-feedback"), built.ids.ingest);
    expect(onIngest).toEqual(expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage"]));
    expect(onIngest).not.toContain("sqs:SendMessage");
    expect(actionsOn(service, built.fn("enrich-feedback"), built.ids.dlq)).toContain("sqs:SendMessage");
  });

  it("lets health read queue attributes and nothing else on the queues", () => {
    expect(actionsOn(service, built.fn("health"), built.ids.ingest)).toEqual(["sqs:GetQueueAttributes"]);
    expect(actionsOn(service, built.fn("health"), built.ids.dlq)).toEqual(["sqs:GetQueueAttributes"]);
  });

  it("gives the read-only API functions no queue access", () => {
    for (const name of ["list-feedback", "get-feedback"] as const) {
      expect(
        allActions(service, built.fn(name)).filter((a) => a.startsWith("sqs:")),
        name,
      ).toEqual([]);
    }
  });

  it("lets the tasks API mail customers (the resolution's confirmation), and the confirmation page neither mail nor queue", () => {
    expect(allActions(service, built.fn("tasks-api"))).toContain("ses:SendEmail");
    const page = allActions(service, built.fn("confirm-resolution"));
    expect(page.filter((a) => a.startsWith("ses:") || a.startsWith("sqs:"))).toEqual([]);
    // Only to tell the bus that a customer's "no" reopened the task (task.reopened).
    expect(page.filter((a) => a.startsWith("events:"))).toEqual(["events:PutEvents"]);
  });

  it("grants events:PutEvents on the task-event bus to exactly the functions that publish events", () => {
    const bus = logicalId(built.service.notifications.bus);
    const publishers = (Object.keys(functions) as FunctionName[]).filter((name) =>
      allActions(service, built.fn(name)).some((a) => a.startsWith("events:")),
    );
    expect(sorted(publishers)).toEqual(
      [
        // task.resolved / task.reopened
        "confirm-resolution",
        // digest.sent, theme.emerging
        "send-digests",
        // task.escalated
        "sweep-tasks",
        // task.resolved / task.reopened
        "tasks-api",
        "triage",
        // task.opened, feedback.stored
        "enrich-feedback",
      ].sort(),
    );
    for (const name of publishers) {
      expect(actionsOn(service, built.fn(name), bus), name).toEqual(["events:PutEvents"]);
      expect(
        grantsOf(service, built.fn(name)).filter((g) => g.actions.some((a) => a.startsWith("events:"))),
        name,
      ).toEqual([{ resource: JSON.stringify({ "Fn::GetAtt": [bus, "Arn"] }), actions: ["events:PutEvents"] }]);
    }
  });

  it("keeps Resource '*' to X-Ray, plus Comprehend only when the analyzer is comprehend", () => {
    for (const name of Object.keys(functions) as FunctionName[]) {
      expect(actionsOn(service, built.fn(name), "*"), name).toEqual([
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
      ]);
      expect(
        allActions(service, built.fn(name)).filter((a) => a.startsWith("comprehend:")),
        name,
      ).toEqual([]);
    }
    expect(actionsOn(serviceWithComprehend, comprehend.fn("enrich-feedback"), "*")).toEqual([
      "comprehend:BatchDetectDominantLanguage",
      "comprehend:BatchDetectSentiment",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
    for (const name of ["post-feedback", "list-feedback", "get-feedback", "health"] as const) {
      expect(
        allActions(serviceWithComprehend, comprehend.fn(name)).filter((a) => a.startsWith("comprehend:")),
        name,
      ).toEqual([]);
    }
  });

  it("grants the worker Comprehend sentiment in hybrid mode and DetectPiiEntities when asked", () => {
    const template = hybrid.templates.service;
    expect(actionsOn(template, hybrid.fn("enrich-feedback"), "*")).toEqual([
      "comprehend:BatchDetectDominantLanguage",
      "comprehend:BatchDetectSentiment",
      "comprehend:DetectPiiEntities",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ ANALYZER: "hybrid", PII_DETECTION: "comprehend" }) },
    });
    expect(hybrid.nag.validateScope(hybrid.app).violations).toEqual([]);
  });
});
