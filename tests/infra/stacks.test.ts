import { readFileSync } from "node:fs";
import { App, type CfnElement, Stack, Tags, Validations } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { DigestSubscription } from "#shared/digest/model/subscriptions";
import {
  enrichWorker,
  type FunctionName,
  functions,
  queues,
  routes,
  schedules,
  table,
} from "#shared/platform/resources";
import { type AppFunction, tableActions } from "../../infra/app-function.ts";
import { apiThrottle, ServiceStack } from "../../infra/service-stack.ts";
import { StatefulStack } from "../../infra/stateful-stack.ts";

type Json = Record<string, unknown>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** The feature flags the CLI uses, so the test synthesizes what `cdk synth` does. */
const cdkContext = (JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as { context: Json })
  .context;

/** As if read from the deployment's digest-subscriptions.json. */
const configuredDigests = [
  DigestSubscription.parse({ id: "organization", recipients: ["vp@example.com"], locale: "zh-Hans" }),
  DigestSubscription.parse({
    id: "delivery-team",
    team: "logistics",
    recipients: ["delivery@example.com"],
    timeZone: "Europe/Berlin",
    weekday: 5,
    hour: 16,
  }),
];

/** Mirrors infra/app.ts (which synthesizes on import, so it is not imported here). */
const buildApp = (context: Json = {}) => {
  const app = new App({ context: { ...cdkContext, ...context } });
  const stateful = new StatefulStack(app, "HearbackStateful");
  const service = new ServiceStack(app, "HearbackService", {
    table: stateful.table,
    ingestQueue: stateful.ingestQueue,
    deadLetterQueue: stateful.deadLetterQueue,
    surveySigningKeys: stateful.surveySigningKeys,
    digestSubscriptions: configuredDigests,
  });
  Tags.of(app).add("project", "hearback");
  // Registered before synth, as in app.ts: an unacknowledged finding makes Template.fromStack throw.
  const nag = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(nag);
  return { app, stateful, service, nag };
};

const logicalId = (construct: IConstruct | undefined): string => {
  const element = construct?.node.defaultChild as CfnElement | undefined;
  if (!element) throw new Error(`no CloudFormation resource under ${construct?.node.path}`);
  return Stack.of(element).getLogicalId(element);
};

const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);
const mentions = (value: unknown, id: string): boolean => JSON.stringify(value).includes(id);

/** Every statement of every IAM policy attached to the function's role (the default policy and any other). */
const statementsOf = (template: Template, fn: AppFunction): Statement[] => {
  const roleId = logicalId(fn.role);
  const policies = template.findResources("AWS::IAM::Policy", {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
  );
};

/**
 * Allowed actions per resource, one row per (statement, resource) so that merged statements cannot hide what is
 * granted on what. `resource` is the JSON of the reference ("*" stays "*").
 */
const grantsOf = (template: Template, fn: AppFunction): { resource: string; actions: string[] }[] =>
  statementsOf(template, fn)
    .filter((s) => s.Effect === "Allow")
    .flatMap((s) =>
      (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map((r) => ({
        resource: r === "*" ? "*" : JSON.stringify(r),
        actions: asList(s.Action),
      })),
    );

/** Allowed actions on resources matching `where` (e.g. mentioning a logical id), de-duplicated and sorted. */
const actionsWhere = (template: Template, fn: AppFunction, where: (resource: string) => boolean): string[] =>
  [...new Set(grantsOf(template, fn).flatMap((g) => (where(g.resource) ? g.actions : [])))].sort();

/** Allowed actions on the resource whose reference mentions `resourceId` (a logical id), or on "*". */
const actionsOn = (template: Template, fn: AppFunction, resourceId: string): string[] =>
  actionsWhere(template, fn, (r) =>
    resourceId === "*" ? r === "*" : r.includes(resourceId) && !r.includes("/index/"),
  );

const allActions = (template: Template, fn: AppFunction): string[] =>
  statementsOf(template, fn).flatMap((s) => asList(s.Action));

const sorted = (values: readonly string[]): string[] => [...values].sort();

describe("hearback infrastructure", () => {
  let built: ReturnType<typeof buildApp>;
  let comprehend: ReturnType<typeof buildApp>;
  let stateful: Template;
  let service: Template;
  let serviceWithComprehend: Template;
  let ids: { table: string; ingest: string; dlq: string };
  const fnId = (name: FunctionName) => logicalId(built.service.functions[name]);
  const fnProps = (name: FunctionName) =>
    (service.toJSON().Resources as Record<string, { Properties: Json }>)[fnId(name)]?.Properties ?? {};

  beforeAll(() => {
    // Each app bundles its five functions with esbuild; both apps are built once for the whole file.
    built = buildApp();
    comprehend = buildApp({ analyzer: "comprehend" });
    stateful = Template.fromStack(built.stateful);
    service = Template.fromStack(built.service);
    serviceWithComprehend = Template.fromStack(comprehend.service);
    ids = {
      table: logicalId(built.stateful.table),
      ingest: logicalId(built.stateful.ingestQueue),
      dlq: logicalId(built.stateful.deadLetterQueue),
    };
  }, 300_000);

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
          deadLetterTargetArn: { "Fn::GetAtt": [ids.dlq, "Arn"] },
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
      const queue = stateful.toJSON().Resources[ids.ingest] as { Properties: { VisibilityTimeout: number } };
      expect(fnProps("enrich-feedback").Timeout).toBe(enrichWorker.timeoutSeconds);
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(Number(fnProps("enrich-feedback").Timeout));
    });

    it("denies non-TLS access to both queues", () => {
      for (const queueId of [ids.ingest, ids.dlq]) {
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

  describe("functions", () => {
    const expectedEnv: Record<FunctionName, string[]> = {
      "post-feedback": ["TABLE_NAME", "QUEUE_URL"],
      "list-feedback": ["TABLE_NAME"],
      "get-feedback": ["TABLE_NAME"],
      health: ["TABLE_NAME", "QUEUE_URL", "DLQ_URL"],
      "enrich-feedback": ["TABLE_NAME", "DLQ_URL", "ANALYZER", "PII_DETECTION", "EVENT_BUS_NAME"],
      "train-model": ["TABLE_NAME"],
      "create-survey-link": ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN"],
      "survey-page": ["TABLE_NAME", "QUEUE_URL", "SURVEY_KEYS_SECRET_ARN"],
      "tasks-api": ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID"],
      triage: ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN", "COGNITO_CLIENT_ID"],
      "sweep-tasks": ["TABLE_NAME", "EVENT_BUS_NAME"],
      "digest-preview": ["TABLE_NAME"],
      unsubscribe: ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN"],
      "send-digests": [
        "TABLE_NAME",
        "SURVEY_KEYS_SECRET_ARN",
        "EVENT_BUS_NAME",
        "PUBLIC_BASE_URL",
        "DIGEST_SUBSCRIPTIONS",
      ],
      "digest-subscriptions": [
        "TABLE_NAME",
        "DIGEST_SUBSCRIPTIONS",
        "DIGEST_SCHEDULE_GROUP",
        "DIGEST_FUNCTION_ARN",
        "DIGEST_SCHEDULER_ROLE_ARN",
      ],
    };

    it.each(Object.keys(functions) as FunctionName[])(
      "%s runs nodejs22.x on arm64 with the shared defaults",
      (name) => {
        const props = fnProps(name);
        expect(props).toMatchObject({
          Runtime: "nodejs22.x",
          Architectures: ["arm64"],
          Handler: "index.handler",
          MemorySize: functions[name].memoryMb,
          Timeout: functions[name].timeoutSeconds,
          TracingConfig: { Mode: "Active" },
        });
        const variables = (props.Environment as { Variables: Record<string, unknown> }).Variables;
        expect(Object.keys(variables).sort()).toEqual(
          sorted(["POWERTOOLS_SERVICE_NAME", "NODE_OPTIONS", ...expectedEnv[name]]),
        );
        expect(variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: "hearback", NODE_OPTIONS: "--enable-source-maps" });
        expect(mentions(variables.TABLE_NAME, ids.table)).toBe(true);
        if (variables.QUEUE_URL !== undefined) expect(mentions(variables.QUEUE_URL, ids.ingest)).toBe(true);
        if (variables.DLQ_URL !== undefined) expect(mentions(variables.DLQ_URL, ids.dlq)).toBe(true);

        const logGroupId = (props.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
        expect(service.toJSON().Resources[logGroupId]).toMatchObject({
          Type: "AWS::Logs::LogGroup",
          Properties: { RetentionInDays: 30 },
        });
      },
    );

    it("sets ANALYZER from context: local by default, comprehend when asked", () => {
      expect(fnProps("enrich-feedback")).toMatchObject({ Environment: { Variables: { ANALYZER: "local" } } });
      serviceWithComprehend.hasResourceProperties("AWS::Lambda::Function", {
        Environment: { Variables: Match.objectLike({ ANALYZER: "comprehend" }) },
      });
    });

    it("rejects an unknown analyzer at synth", () => {
      const app = new App({ context: { analyzer: "openai" } });
      const stateful = new StatefulStack(app, "S");
      expect(
        () =>
          new ServiceStack(app, "Svc", {
            table: stateful.table,
            ingestQueue: stateful.ingestQueue,
            deadLetterQueue: stateful.deadLetterQueue,
            surveySigningKeys: stateful.surveySigningKeys,
          }),
      ).toThrow(/analyzer/);
    });

    it("sends each configured digest on its own schedule, in its own time zone", () => {
      service.resourceCountIs("AWS::Scheduler::Schedule", configuredDigests.length);
      service.hasResourceProperties("AWS::Scheduler::Schedule", {
        ScheduleExpression: "cron(0 16 ? * FRI *)",
        ScheduleExpressionTimezone: "Europe/Berlin",
        FlexibleTimeWindow: { Mode: "OFF" },
        Target: Match.objectLike({
          Arn: { "Fn::GetAtt": [fnId("send-digests"), "Arn"] },
          Input: JSON.stringify({ subscription: "delivery-team" }),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
        }),
      });
      service.hasResourceProperties("AWS::Scheduler::Schedule", {
        ScheduleExpression: "cron(0 9 ? * MON *)",
        ScheduleExpressionTimezone: "Asia/Shanghai",
      });
      // No hourly rule for digests on AWS: the schedules above replace it.
      const rules = Object.values(service.findResources("AWS::Events::Rule"));
      expect(JSON.stringify(rules)).not.toContain(fnId("send-digests"));
    });

    it("lets the subscriptions API manage only digest schedules, passing only the scheduler role", () => {
      const statements = Object.values(service.findResources("AWS::IAM::Policy")).flatMap(
        (p) => p.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown }>,
      );
      const scheduling = statements.filter((st) => JSON.stringify(st.Action).includes("scheduler:"));
      expect(scheduling.map((st) => [...(st.Action as string[])].sort())).toEqual([
        ["scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:UpdateSchedule"],
      ]);
      expect(JSON.stringify(scheduling[0]?.Resource)).toMatch(/:schedule\/HearbackService-digests\/digest-\*"\]\]\}$/);
      service.hasResourceProperties("AWS::IAM::Policy", {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: "iam:PassRole",
              Resource: { "Fn::GetAtt": [Match.stringLikeRegexp("DigestSchedulerRole"), "Arn"] },
            }),
          ]),
        },
      });
    });

    it("re-trains the sentiment model on the schedule from the shared definition", () => {
      for (const job of schedules.filter((j) => !("onAws" in j && j.onAws === false))) {
        service.hasResourceProperties("AWS::Events::Rule", {
          ScheduleExpression: `cron(${job.cron.minute} ${job.cron.hour} * * ? *)`,
          State: "ENABLED",
          Targets: Match.arrayWith([
            Match.objectLike({
              Arn: { "Fn::GetAtt": [fnId(job.fn), "Arn"] },
              RetryPolicy: { MaximumRetryAttempts: 2 },
            }),
          ]),
        });
      }
    });

    it("feeds the worker from the ingest queue in batches with partial batch responses", () => {
      service.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
      service.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
        FunctionName: { Ref: fnId("enrich-feedback") },
        EventSourceArn: Match.objectLike({ "Fn::ImportValue": Match.stringLikeRegexp(ids.ingest) }),
        BatchSize: enrichWorker.batchSize,
        MaximumBatchingWindowInSeconds: enrichWorker.maxBatchingWindowSeconds,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      });
    });
  });

  describe("IAM", () => {
    const fn = (name: FunctionName) => built.service.functions[name];

    it("grants table actions per access level, Query on each index by name, and never Scan", () => {
      const access: Record<FunctionName, keyof typeof tableActions> = {
        "post-feedback": "readWrite",
        "list-feedback": "read",
        "get-feedback": "read",
        health: "read",
        "enrich-feedback": "readWrite",
        "train-model": "readWrite",
        "create-survey-link": "readWrite",
        "survey-page": "readWrite",
        "tasks-api": "readWrite",
        triage: "readWrite",
        "sweep-tasks": "readWrite",
        "digest-preview": "read",
        unsubscribe: "readWrite",
        "send-digests": "readWrite",
        "digest-subscriptions": "readWrite",
      };
      for (const [name, level] of Object.entries(access) as [FunctionName, keyof typeof tableActions][]) {
        expect(actionsOn(service, fn(name), ids.table), name).toEqual(sorted(tableActions[level]));
        const onIndexes = grantsOf(service, fn(name)).filter((g) => g.resource.includes("/index/"));
        expect(onIndexes.map((g) => g.resource.match(/\/index\/([^"]*)"/)?.[1]).sort(), name).toEqual(
          sorted(table.globalSecondaryIndexes.map((i) => i.indexName)),
        );
        for (const grant of onIndexes) {
          expect(grant.resource, name).toContain(ids.table);
          expect(grant.actions, name).toEqual(["dynamodb:Query"]);
        }
        expect(allActions(service, fn(name)), name).not.toContain("dynamodb:Scan");
      }
    });

    it("lets post-feedback send to the ingest queue and not to the DLQ", () => {
      expect(actionsOn(service, fn("post-feedback"), ids.ingest)).toContain("sqs:SendMessage");
      expect(actionsOn(service, fn("post-feedback"), ids.dlq)).toEqual([]);
    });

    it("lets the worker consume the ingest queue and send only to the DLQ", () => {
      const onIngest = actionsOn(service, fn("enrich-feedback"), ids.ingest);
      expect(onIngest).toEqual(expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage"]));
      expect(onIngest).not.toContain("sqs:SendMessage");
      expect(actionsOn(service, fn("enrich-feedback"), ids.dlq)).toContain("sqs:SendMessage");
    });

    it("lets health read queue attributes and nothing else on the queues", () => {
      expect(actionsOn(service, fn("health"), ids.ingest)).toEqual(["sqs:GetQueueAttributes"]);
      expect(actionsOn(service, fn("health"), ids.dlq)).toEqual(["sqs:GetQueueAttributes"]);
    });

    it("gives the read-only API functions no queue access", () => {
      for (const name of ["list-feedback", "get-feedback"] as const) {
        expect(
          allActions(service, fn(name)).filter((a) => a.startsWith("sqs:")),
          name,
        ).toEqual([]);
      }
    });

    it("keeps Resource '*' to X-Ray, plus Comprehend only when the analyzer is comprehend", () => {
      for (const name of Object.keys(functions) as FunctionName[]) {
        expect(actionsOn(service, fn(name), "*"), name).toEqual(["xray:PutTelemetryRecords", "xray:PutTraceSegments"]);
        expect(
          allActions(service, fn(name)).filter((a) => a.startsWith("comprehend:")),
          name,
        ).toEqual([]);
      }
      const worker = comprehend.service.functions["enrich-feedback"];
      expect(actionsOn(serviceWithComprehend, worker, "*")).toEqual([
        "comprehend:BatchDetectDominantLanguage",
        "comprehend:BatchDetectSentiment",
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
      ]);
      for (const name of ["post-feedback", "list-feedback", "get-feedback", "health"] as const) {
        const other = comprehend.service.functions[name];
        expect(
          allActions(serviceWithComprehend, other).filter((a) => a.startsWith("comprehend:")),
          name,
        ).toEqual([]);
      }
    });

    it("grants the worker Comprehend sentiment in hybrid mode and DetectPiiEntities when asked", () => {
      const hybrid = buildApp({ analyzer: "hybrid", piiDetection: "comprehend" });
      const template = Template.fromStack(hybrid.service);
      expect(actionsOn(template, hybrid.service.functions["enrich-feedback"], "*")).toEqual([
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

  describe("HTTP API", () => {
    it("has one route per entry in routes, each integrated with its function", () => {
      const resources = service.toJSON().Resources as Record<string, { Type: string; Properties: Json }>;
      const created = Object.values(resources).filter((r) => r.Type === "AWS::ApiGatewayV2::Route");
      expect(created.map((r) => r.Properties.RouteKey).sort()).toEqual(
        sorted(routes.map((r) => `${r.method} ${r.path}`)),
      );
      for (const route of routes) {
        const found = created.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`);
        const integrationId = JSON.stringify(found?.Properties.Target).match(/"Ref":"([A-Za-z0-9]+)"/)?.[1] ?? "";
        expect(resources[integrationId], route.path).toMatchObject({
          Type: "AWS::ApiGatewayV2::Integration",
          Properties: {
            IntegrationType: "AWS_PROXY",
            PayloadFormatVersion: "2.0",
            IntegrationUri: { "Fn::GetAtt": [fnId(route.fn), "Arn"] },
          },
        });
      }
    });

    it("serves a throttled, access-logged $default stage with CORS off", () => {
      service.hasResourceProperties("AWS::ApiGatewayV2::Api", {
        ProtocolType: "HTTP",
        CorsConfiguration: Match.absent(),
      });
      service.resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
      const [stage] = Object.values(service.findResources("AWS::ApiGatewayV2::Stage")) as {
        Properties: { AccessLogSettings: { DestinationArn: { "Fn::GetAtt": [string, string] }; Format: string } };
      }[];
      expect(stage).toMatchObject({
        Properties: {
          StageName: "$default",
          AutoDeploy: true,
          DefaultRouteSettings: {
            ThrottlingRateLimit: apiThrottle.rateLimit,
            ThrottlingBurstLimit: apiThrottle.burstLimit,
          },
        },
      });
      const format = JSON.parse(stage?.Properties.AccessLogSettings.Format ?? "") as Json;
      expect(format).toMatchObject({ requestId: "$context.requestId", routeKey: "$context.routeKey" });
      const logGroupId = stage?.Properties.AccessLogSettings.DestinationArn["Fn::GetAtt"][0] ?? "";
      expect(service.toJSON().Resources[logGroupId]).toMatchObject({ Type: "AWS::Logs::LogGroup" });
    });

    it("outputs the API URL and the stateful resource names", () => {
      for (const output of ["ApiUrl", "TableName", "IngestQueueUrl", "DeadLetterQueueUrl"]) {
        service.hasOutput(output, {});
      }
      service.hasOutput("IngestQueueUrl", {
        Value: Match.objectLike({ "Fn::ImportValue": Match.stringLikeRegexp(ids.ingest) }),
      });
    });
  });

  describe("cdk-nag (AwsSolutions)", () => {
    it.each([
      ["default context", () => built],
      ["analyzer=comprehend", () => comprehend],
    ] as const)("reports no unacknowledged finding with %s", (_label, get) => {
      const { app, nag, stateful: s, service: v } = get();
      expect(nag.validateScope(app).violations).toEqual([]);
      for (const stack of [s, v]) {
        expect(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).toEqual([]);
        expect(Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).toEqual([]);
        expect(Annotations.fromStack(stack).findError("*", Match.anyValue())).toEqual([]);
      }
    });

    it("acknowledges findings per resource, never on a whole stack or the app, always with a reason", () => {
      for (const { app } of [built, comprehend]) {
        const acknowledging = app.node
          .findAll()
          .filter((c) => c.node.metadata.some((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
        expect(acknowledging.length).toBeGreaterThan(0);
        for (const construct of acknowledging) {
          expect(Stack.isStack(construct) || construct === app, construct.node.path).toBe(false);
          for (const entry of construct.node.metadata) {
            if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
            for (const reason of Object.values(entry.data as Record<string, string>)) {
              expect(reason.length, construct.node.path).toBeGreaterThan(40);
            }
          }
        }
      }
    });
  });
});
