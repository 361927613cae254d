import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { enrichWorker, type FunctionName, functions, schedules } from "#shared/platform/resources";
import {
  build,
  configuredDigests,
  mentions,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  sorted,
  synthesize,
} from "./support.ts";

describe("functions", () => {
  let built: Synthesized;
  let service: Template;
  let serviceWithComprehend: Template;

  beforeAll(() => {
    built = synthesize();
    service = built.templates.service;
    serviceWithComprehend = synthesize({ analyzer: "comprehend" }).templates.service;
  }, SYNTH_TIMEOUT_MS);

  const expectedEnv: Record<FunctionName, string[]> = {
    "post-feedback": ["TABLE_NAME", "QUEUE_URL"],
    "list-feedback": ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN"],
    "get-feedback": ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN"],
    "correct-feedback": ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN"],
    health: ["TABLE_NAME", "QUEUE_URL", "DLQ_URL"],
    "enrich-feedback": [
      "TABLE_NAME",
      "DLQ_URL",
      "SURVEY_KEYS_SECRET_ARN",
      "ANALYZER",
      "PII_DETECTION",
      "EVENT_BUS_NAME",
      "SES_CONFIGURATION_SET",
      // Task emails link to the task page.
      "PUBLIC_BASE_URL",
    ],
    "train-model": ["TABLE_NAME"],
    "create-survey-link": ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN"],
    "survey-page": ["TABLE_NAME", "QUEUE_URL", "SURVEY_KEYS_SECRET_ARN"],
    // A "no" that reopens a task is told to the bus (task.reopened).
    "confirm-resolution": ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN", "EVENT_BUS_NAME"],
    "tasks-api": [
      "TABLE_NAME",
      "SURVEY_KEYS_SECRET_ARN",
      "COGNITO_USER_POOL_ID",
      "COGNITO_CLIENT_ID",
      "EVENT_BUS_NAME",
      "SES_CONFIGURATION_SET",
    ],
    triage: ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN", "COGNITO_CLIENT_ID", "EVENT_BUS_NAME", "SES_CONFIGURATION_SET"],
    "sweep-tasks": [
      "TABLE_NAME",
      "SURVEY_KEYS_SECRET_ARN",
      "EVENT_BUS_NAME",
      "SES_CONFIGURATION_SET",
      "PUBLIC_BASE_URL",
    ],
    "digest-preview": ["TABLE_NAME", "DIGEST_SUBSCRIPTIONS"],
    explore: ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN", "DIGEST_SUBSCRIPTIONS"],
    "theme-fixes": ["TABLE_NAME"],
    unsubscribe: ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN"],
    "digest-reader": ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN", "DIGEST_SUBSCRIPTIONS"],
    "privacy-api": ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN"],
    "mail-events": ["TABLE_NAME", "SURVEY_KEYS_SECRET_ARN"],
    "send-digests": [
      "TABLE_NAME",
      "SURVEY_KEYS_SECRET_ARN",
      "EVENT_BUS_NAME",
      "SES_CONFIGURATION_SET",
      "PUBLIC_BASE_URL",
      "DIGEST_SUBSCRIPTIONS",
    ],
    "digest-subscriptions": [
      "TABLE_NAME",
      "DIGEST_SUBSCRIPTIONS",
      "DIGEST_SCHEDULE_GROUP",
      "DIGEST_FUNCTION_ARN",
      "DIGEST_SCHEDULER_ROLE_ARN",
      "FAILED_JOBS_QUEUE_ARN",
    ],
    "webhooks-api": ["TABLE_NAME", "WEBHOOK_QUEUE_URL", "WEBHOOK_SECRET_PREFIX"],
    "deliver-webhooks": [
      "TABLE_NAME",
      "WEBHOOK_QUEUE_URL",
      "WEBHOOK_SECRET_PREFIX",
      "SES_CONFIGURATION_SET",
      // Chat cards link to the task page.
      "PUBLIC_BASE_URL",
    ],
  };

  it.each(Object.keys(functions) as FunctionName[])("%s runs nodejs22.x on arm64 with the shared defaults", (name) => {
    const props = built.fnProps(name);
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
    expect(mentions(variables.TABLE_NAME, built.ids.table)).toBe(true);
    if (variables.QUEUE_URL !== undefined) expect(mentions(variables.QUEUE_URL, built.ids.ingest)).toBe(true);
    if (variables.DLQ_URL !== undefined) expect(mentions(variables.DLQ_URL, built.ids.dlq)).toBe(true);

    const logGroupId = (props.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(service.toJSON().Resources[logGroupId]).toMatchObject({
      Type: "AWS::Logs::LogGroup",
      Properties: { RetentionInDays: 30 },
    });
  });

  it("sets ANALYZER from context: local by default, comprehend when asked", () => {
    expect(built.fnProps("enrich-feedback")).toMatchObject({ Environment: { Variables: { ANALYZER: "local" } } });
    serviceWithComprehend.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ ANALYZER: "comprehend" }) },
    });
  });

  it("rejects an unknown analyzer at synth", () => {
    expect(() => build({ analyzer: "openai" })).toThrow(/analyzer/);
  });

  it("passes -c digestLinkDays to the digest sender only, and rejects one out of range", {
    timeout: SYNTH_TIMEOUT_MS,
  }, () => {
    expect(built.fnProps("send-digests")).not.toHaveProperty("Environment.Variables.DIGEST_LINK_DAYS");
    const month = synthesize({ digestLinkDays: 30 });
    expect(month.fnProps("send-digests")).toMatchObject({ Environment: { Variables: { DIGEST_LINK_DAYS: "30" } } });
    // The reader pages need no setting: links opened from a page expire with the link that opened it.
    expect(month.fnProps("digest-reader")).not.toHaveProperty("Environment.Variables.DIGEST_LINK_DAYS");
    expect(() => build({ digestLinkDays: 400 })).toThrow(/digestLinkDays/);
  });

  it("passes -c originalsRetentionDays to the functions that stamp expiries, and rejects one out of range", {
    timeout: SYNTH_TIMEOUT_MS,
  }, () => {
    expect(built.fnProps("enrich-feedback")).not.toHaveProperty("Environment.Variables.ORIGINALS_RETENTION_DAYS");
    const short = synthesize({ originalsRetentionDays: 90 });
    for (const name of ["enrich-feedback", "create-survey-link"] as const)
      expect(short.fnProps(name)).toMatchObject({ Environment: { Variables: { ORIGINALS_RETENTION_DAYS: "90" } } });
    expect(() => build({ originalsRetentionDays: 0 })).toThrow(/originalsRetentionDays/);
  });

  it("sends each configured digest on its own schedule, in its own time zone", () => {
    service.resourceCountIs("AWS::Scheduler::Schedule", configuredDigests.length);
    service.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 16 ? * FRI *)",
      ScheduleExpressionTimezone: "Europe/Berlin",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [built.fnId("send-digests"), "Arn"] },
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
    expect(JSON.stringify(rules)).not.toContain(built.fnId("send-digests"));
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
            Arn: { "Fn::GetAtt": [built.fnId(job.fn), "Arn"] },
            RetryPolicy: { MaximumRetryAttempts: 2 },
          }),
        ]),
      });
    }
  });

  it("feeds the worker from the ingest queue in batches with partial batch responses", () => {
    // The enrich worker's, and the webhook deliveries' (tests/infra/webhooks.test.ts).
    service.resourceCountIs("AWS::Lambda::EventSourceMapping", 2);
    service.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: built.fnId("enrich-feedback") },
      EventSourceArn: Match.objectLike({ "Fn::ImportValue": Match.stringLikeRegexp(built.ids.ingest) }),
      BatchSize: enrichWorker.batchSize,
      MaximumBatchingWindowInSeconds: enrichWorker.maxBatchingWindowSeconds,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });
});
