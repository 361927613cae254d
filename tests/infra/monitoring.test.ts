import { Match, Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { type FunctionName, functions } from "#shared/platform/resources";
import { businessMetrics } from "../../infra/constructs/monitoring.ts";
import { build, type Json, logicalId, SYNTH_TIMEOUT_MS, type Synthesized, synthesize } from "./support.ts";

interface AlarmProps {
  AlarmName: string;
  Threshold: number;
  ComparisonOperator: string;
  EvaluationPeriods: number;
  DatapointsToAlarm: number;
  TreatMissingData: string;
  AlarmActions: unknown[];
  ActionsEnabled: boolean;
}

describe("monitoring: alarms, dashboard, alarm topic", () => {
  let built: Synthesized;
  let alarms: AlarmProps[];
  let topicId: string;

  beforeAll(() => {
    built = synthesize();
    alarms = Object.values(built.templates.service.findResources("AWS::CloudWatch::Alarm")).map(
      (r) => (r as { Properties: AlarmProps }).Properties,
    );
    topicId = logicalId(built.service.monitoring.topic);
  }, SYNTH_TIMEOUT_MS);

  /** The one alarm whose metric is `metricName` with a dimension mentioning `dimension` (a logical id or value). */
  const alarmOn = (metricName: string, dimension: string): AlarmProps => {
    const found = alarms.filter((a) => {
      const json = JSON.stringify(a);
      return json.includes(`"MetricName":"${metricName}"`) && json.includes(dimension);
    });
    expect(found.map((a) => a.AlarmName)).toHaveLength(1);
    return found[0] as AlarmProps;
  };
  const expectAlarm = (alarm: AlarmProps, expected: Partial<AlarmProps>) =>
    expect(alarm).toMatchObject({ ActionsEnabled: true, AlarmActions: [{ Ref: topicId }], ...expected });

  it("alarms as soon as one message is parked in the dead-letter queue", () => {
    expectAlarm(alarmOn("ApproximateNumberOfMessagesVisible", built.ids.dlq), {
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 1,
    });
  });

  it("alarms as soon as one scheduled or asynchronous run is parked in the failed-jobs queue", () => {
    expectAlarm(alarmOn("ApproximateNumberOfMessagesVisible", logicalId(built.service.failedJobs.queue)), {
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 1,
    });
  });

  it("alarms as soon as one webhook delivery message is parked in the webhook dead-letter queue", () => {
    expectAlarm(alarmOn("ApproximateNumberOfMessagesVisible", logicalId(built.service.webhooks.deadLetterQueue)), {
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 1,
    });
  });

  it("alarms when the oldest ingest message is older than 15 minutes", () => {
    expectAlarm(alarmOn("ApproximateAgeOfOldestMessage", built.ids.ingest), {
      Threshold: 900,
      ComparisonOperator: "GreaterThanThreshold",
    });
  });

  it("alarms on any error or throttle of the enrich worker", () => {
    const worker = built.fnId("enrich-feedback");
    for (const metric of ["Errors", "Throttles"]) {
      expectAlarm(alarmOn(metric, worker), {
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "notBreaching",
      });
    }
  });

  it("alarms when over 1% of API requests get a 5xx, and when p90 latency stays over 3 s for 15 minutes", () => {
    const api = logicalId(built.service.api.api);
    const fiveXx = alarmOn("5xx", api);
    expectAlarm(fiveXx, { Threshold: 0.01, ComparisonOperator: "GreaterThanThreshold" });
    expect(JSON.stringify(fiveXx)).toContain('"Stat":"Average"');
    const latency = alarmOn("Latency", api);
    expectAlarm(latency, {
      Threshold: 3000,
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
    });
    expect(JSON.stringify(latency)).toContain('"Stat":"p90"');
  });

  it("alarms on any error of every function", () => {
    const names = Object.keys(functions) as FunctionName[];
    expect(names.length).toBeGreaterThan(15);
    for (const name of names) {
      expectAlarm(alarmOn("Errors", built.fnId(name)), {
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "notBreaching",
      });
    }
  });

  it("alarms on digest send failures and on SLA breaches piling up, from the hearback metrics", () => {
    const hearbackMetric = (name: string) => ({
      Namespace: "hearback",
      MetricName: name,
      Dimensions: [{ Name: "service", Value: "hearback" }],
    });
    expectAlarm(alarmOn("DigestSendFailures", '"Namespace":"hearback"'), {
      ...hearbackMetric("DigestSendFailures"),
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
    } as Partial<AlarmProps>);
    expectAlarm(alarmOn("SlaBreaches", '"Namespace":"hearback"'), {
      ...hearbackMetric("SlaBreaches"),
      Threshold: 10,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: "notBreaching",
    } as Partial<AlarmProps>);
  });

  it("has exactly those alarms, each named after the stack and sent to the topic", () => {
    // DLQ, webhook DLQ, failed jobs, oldest message, worker errors and throttles, API 5xx and latency, digests, SLA,
    // other functions' errors.
    expect(alarms).toHaveLength(10 + Object.keys(functions).length - 1);
    for (const alarm of alarms) {
      expect(alarm.AlarmName).toMatch(/^HearbackService-/);
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    }
    expect(new Set(alarms.map((a) => a.AlarmName)).size).toBe(alarms.length);
  });

  it("draws one dashboard: the pipeline's flow, every hearback metric by name, and every alarm", () => {
    const service = built.templates.service;
    service.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    const body = JSON.stringify(Object.values(service.findResources("AWS::CloudWatch::Dashboard"))[0]);
    for (const metric of [
      "NumberOfMessagesSent",
      "NumberOfMessagesDeleted",
      "ApproximateNumberOfMessagesVisible",
      ...businessMetrics,
    ]) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
    expect(body).toContain("Every hearback alarm");
    for (const alarm of Object.keys(service.findResources("AWS::CloudWatch::Alarm"))) {
      expect(body, alarm).toContain(alarm);
    }
  });

  it("sends alarms to one KMS-encrypted topic that refuses publishing without TLS, no subscriber by default", () => {
    const service = built.templates.service;
    service.resourceCountIs("AWS::SNS::Topic", 1);
    service.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
    service.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          }),
        ]),
      },
    });
    service.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
    service.resourceCountIs("AWS::SNS::Subscription", 0);
  });

  it("subscribes the alarmEmail from context, and refuses one that is not an email address", () => {
    const withEmail = Template.fromStack(build({ alarmEmail: "ops@example.com" }).service);
    withEmail.resourcePropertiesCountIs(
      "AWS::SNS::Subscription",
      { Protocol: "email", Endpoint: "ops@example.com", TopicArn: { Ref: topicId } } as Json,
      1,
    );
    expect(() => build({ alarmEmail: "ops at example" })).toThrow(/Context "alarmEmail" must be an email address/);
  });
});

describe("no silent failures: every schedule and asynchronous path has somewhere to fail to", () => {
  let built: Synthesized;
  let resources: Record<string, { Type: string; Properties: Json }>;
  let failedJobsArn: unknown;

  beforeAll(() => {
    built = synthesize();
    resources = built.templates.service.toJSON().Resources as typeof resources;
    failedJobsArn = { "Fn::GetAtt": [logicalId(built.service.failedJobs.queue), "Arn"] };
  }, SYNTH_TIMEOUT_MS);

  const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

  it("parks what an EventBridge rule cannot deliver, for every scheduled job and the webhook events", () => {
    const rules = ofType("AWS::Events::Rule");
    expect(rules.length).toBeGreaterThanOrEqual(3);
    const webhookRule = logicalId(built.service.webhooks.rule);
    for (const [id, rule] of Object.entries(resources).filter(([, r]) => r.Type === "AWS::Events::Rule")) {
      for (const target of rule.Properties.Targets as Json[]) {
        expect(target.DeadLetterConfig, JSON.stringify(target)).toEqual({ Arn: failedJobsArn });
        // A job is retried twice; an event for webhooks is kept trying for a day before it is parked.
        expect(target.RetryPolicy).toMatchObject(
          id === webhookRule
            ? { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 }
            : { MaximumRetryAttempts: 2 },
        );
      }
    }
  });

  it("parks what Scheduler cannot deliver, for every digest and monthly report schedule", () => {
    const schedules = ofType("AWS::Scheduler::Schedule");
    expect(schedules.length).toBeGreaterThanOrEqual(2);
    for (const schedule of schedules) {
      expect((schedule.Properties.Target as Json).DeadLetterConfig).toEqual({ Arn: failedJobsArn });
    }
  });

  it("sends every asynchronously invoked function's final failure to the failed-jobs queue", () => {
    const configs = ofType("AWS::Lambda::EventInvokeConfig").map((c) => c.Properties);
    for (const name of ["train-model", "sweep-tasks", "send-digests"] as const) {
      const config = configs.find((c) => JSON.stringify(c.FunctionName).includes(built.fnId(name)));
      expect(config, name).toMatchObject({
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: failedJobsArn } },
      });
    }
  });

  it("lets the schedules the subscriptions API creates park their failures too", () => {
    const env = (built.fnProps("digest-subscriptions").Environment as { Variables: Json }).Variables;
    expect(env.FAILED_JOBS_QUEUE_ARN).toEqual(failedJobsArn);
    const role = built.service.digests.node.findChild("DigestSchedulerRole") as IConstruct;
    const policies = ofType("AWS::IAM::Policy").filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(logicalId(role)),
    );
    expect(JSON.stringify(policies)).toContain("sqs:SendMessage");
    expect(JSON.stringify(policies)).toContain(logicalId(built.service.failedJobs.queue));
  });

  it("sends every email under one configuration set whose bounces and complaints suppress the address", () => {
    const service = built.templates.service;
    service.hasResourceProperties("AWS::SES::ConfigurationSet", {
      SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
    const setId = logicalId(built.service.notifications.configurationSet);
    service.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", {
      ConfigurationSetName: { Ref: setId },
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ["bounce", "complaint"],
        EventBridgeDestination: Match.anyValue(),
      }),
    });
    const rule = ofType("AWS::Events::Rule").find((r) => JSON.stringify(r).includes("aws.ses"));
    expect(rule?.Properties.EventPattern).toMatchObject({
      source: ["aws.ses"],
      "detail-type": ["Email Bounced", "Email Complaint Received"],
      detail: { mail: { tags: { "ses:configuration-set": [{ Ref: setId }] } } },
    });
    expect(JSON.stringify(rule?.Properties.Targets)).toContain(built.fnId("mail-events"));
    for (const name of ["enrich-feedback", "sweep-tasks", "send-digests", "tasks-api", "triage"] as const) {
      const env = (built.fnProps(name).Environment as { Variables: Json }).Variables;
      expect(env.SES_CONFIGURATION_SET, name).toEqual({ Ref: setId });
    }
    const configs = ofType("AWS::Lambda::EventInvokeConfig").map((c) => c.Properties);
    expect(configs.find((c) => JSON.stringify(c.FunctionName).includes(built.fnId("mail-events")))).toMatchObject({
      DestinationConfig: { OnFailure: { Destination: failedJobsArn } },
    });
  });

  it("caps the worker's concurrency on the ingest queue, and runs one training and one sweep at a time", () => {
    built.templates.service.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      ScalingConfig: { MaximumConcurrency: 5 },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
    expect(built.fnProps("train-model").ReservedConcurrentExecutions).toBe(1);
    expect(built.fnProps("sweep-tasks").ReservedConcurrentExecutions).toBe(1);
    expect(built.fnProps("send-digests").ReservedConcurrentExecutions).toBe(4);
  });
});
