import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import type { IHttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  AlarmStatusWidget,
  ComparisonOperator,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import {
  DefaultDashboardFactory,
  MonitoringFacade,
  type MonitoringFacadeProps,
  SnsAlarmActionStrategy,
} from "cdk-monitoring-constructs";
import type { Construct } from "constructs";
import { z } from "zod";
import type { FunctionName } from "#shared/platform/resources";
import type { AppFunction } from "../app-function.ts";
import { Capability, type StatefulResources } from "./capability.ts";

/**
 * The business metrics the functions emit (issue 16, item 2: Powertools Metrics, EMF) in namespace `hearback`, each
 * with Powertools' one default dimension `service` = `hearback` (POWERTOOLS_SERVICE_NAME). The alarms on
 * DigestSendFailures and SlaBreaches below read exactly these names: until a function emits them the metrics have no
 * data, which the alarms treat as not breaching.
 */
export const businessMetricNamespace = "hearback";
export const businessMetrics = [
  "FeedbackAccepted",
  "FeedbackStored",
  "FeedbackDeadLettered",
  "TasksOpened",
  "TasksEscalated",
  "DigestsSent",
  "DigestSendFailures",
  /** Open follow-up tasks past their SLA, as counted by a sweep (a gauge: the alarm reads its maximum). */
  "SlaBreaches",
  "FeedbackDuplicates",
  "AnalyzerFallbacks",
  "SurveyAnswersCounted",
  "SurveyAnswersDiscarded",
  "MonthlyReportsSent",
] as const;
export type BusinessMetric = (typeof businessMetrics)[number];

/** Every alarm's threshold, in one place so docs/operations.md and the tests can name them. */
export const thresholds = {
  /** Messages visible in the dead-letter queue. */
  deadLetteredMessages: 0,
  /** Scheduled or asynchronous runs parked in the failed-jobs queue. */
  failedJobs: 0,
  /** Age of the oldest ingest message: the worker normally takes seconds; 5 retries of a failing one take ~15 min. */
  oldestIngestMessageSeconds: 900,
  workerErrors: 0,
  workerThrottles: 0,
  /** Share of API requests answered 5xx in five minutes (0.01 = 1 %). */
  api5xxRate: 0.01,
  /** p90 of the API's latency, three five-minute periods in a row. */
  apiLatencyP90: Duration.seconds(3),
  /** Errors (unhandled exceptions, timeouts) of any function in five minutes. */
  functionErrors: 0,
  digestSendFailures: 0,
  /** Open tasks past their SLA, three five-minute sweeps in a row. */
  slaBreaches: 10,
} as const;

const Email = z.email();

/**
 * `-c alarmEmail=ops@example.com`: who the alarm topic mails (the address confirms the subscription once). Absent,
 * the topic exists without a subscription; an invalid value fails the synth.
 */
export const alarmEmailFromContext = (scope: Construct): string | undefined => {
  const raw: unknown = scope.node.tryGetContext("alarmEmail");
  if (raw === undefined) return undefined;
  const email = Email.safeParse(String(raw).trim());
  if (!email.success) throw new Error(`Context "alarmEmail" must be an email address; got ${String(raw)}`);
  return email.data;
};

export interface MonitoringProps {
  readonly stateful: StatefulResources;
  readonly functions: Record<FunctionName, AppFunction>;
  readonly api: IHttpApi;
  /** Scheduled and asynchronous runs that failed for good (infra/constructs/failed-jobs.ts). */
  readonly failedJobs: IQueue;
  /** Webhook deliveries and the messages their function could not handle (infra/constructs/webhooks.ts). */
  readonly webhooks: { queue: IQueue; deadLetterQueue: IQueue };
}

const businessMetric = (name: BusinessMetric, statistic = "Sum"): Metric =>
  new Metric({
    namespace: businessMetricNamespace,
    metricName: name,
    dimensionsMap: { service: "hearback" },
    statistic,
    period: Duration.minutes(5),
  });

/**
 * What operators are told about: CloudWatch alarms (cdk-monitoring-constructs) on the dead-letter queue, the ingest
 * queue's oldest message, the enrich worker, the HTTP API, every function's errors, digest send failures and SLA
 * breaches, all sent to one encrypted SNS topic; and one dashboard, the pipeline's flow on top, then the alarms.
 */
export class Monitoring extends Capability {
  readonly topic: Topic;
  readonly facade: MonitoringFacade;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { ingestQueue, deadLetterQueue } = props.stateful;
    const fns = props.functions;
    const prefix = Stack.of(this).stackName;

    // A customer managed key: CloudWatch cannot publish to a topic under the AWS managed SNS key.
    const key = new Key(this, "AlarmTopicKey", {
      description: "hearback alarm topic",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
    this.topic = new Topic(this, "AlarmTopic", { displayName: "hearback alarms", masterKey: key, enforceSSL: true });
    const email = alarmEmailFromContext(this);
    if (email) this.topic.addSubscription(new EmailSubscription(email));

    const facadeProps: MonitoringFacadeProps = {
      alarmFactoryDefaults: {
        alarmNamePrefix: prefix,
        actionsEnabled: true,
        action: new SnsAlarmActionStrategy({ onAlarmTopic: this.topic }),
        datapointsToAlarm: 1,
        evaluationPeriods: 1,
      },
      metricFactoryDefaults: {},
      dashboardFactory: new DefaultDashboardFactory(this, "Dashboards", {
        dashboardNamePrefix: prefix,
        createDashboard: true,
        createSummaryDashboard: false,
        createAlarmDashboard: false,
      }),
    };
    const facade = new MonitoringFacade(this, "Alarms", facadeProps);
    this.facade = facade;

    facade.addLargeHeader("hearback: the pipeline's flow");
    const sqs = (queue: typeof ingestQueue, metricName: string, label: string, statistic = "Sum"): IMetric =>
      queue.metric(metricName, { label, statistic, period: Duration.minutes(5) });
    const lambda = (name: FunctionName, metricName: "Invocations" | "Errors", label: string): IMetric =>
      fns[name].metric(metricName, { label, statistic: "Sum", period: Duration.minutes(5) });
    facade.addWidget(
      new GraphWidget({
        title: "Feedback: accepted, stored, dead-lettered (queues)",
        width: 12,
        left: [
          sqs(ingestQueue, "NumberOfMessagesSent", "accepted (sent to the ingest queue)"),
          sqs(ingestQueue, "NumberOfMessagesDeleted", "stored (processed by the worker)"),
        ],
        right: [sqs(deadLetterQueue, "ApproximateNumberOfMessagesVisible", "in the dead-letter queue", "Maximum")],
      }),
    );
    facade.addWidget(
      new GraphWidget({
        title: "Follow-up and digests (runs, errors)",
        width: 12,
        left: [
          lambda("enrich-feedback", "Invocations", "enrich worker batches"),
          lambda("sweep-tasks", "Invocations", "SLA sweeps"),
          lambda("send-digests", "Invocations", "digest runs"),
        ],
        right: [
          lambda("enrich-feedback", "Errors", "worker errors"),
          lambda("sweep-tasks", "Errors", "sweep errors"),
          lambda("send-digests", "Errors", "digest errors"),
        ],
      }),
    );
    facade.addWidget(
      new GraphWidget({
        title: "hearback metrics: feedback",
        width: 12,
        left: (["FeedbackAccepted", "FeedbackDuplicates", "FeedbackStored", "FeedbackDeadLettered"] as const).map((m) =>
          businessMetric(m),
        ),
        right: (["SurveyAnswersCounted", "SurveyAnswersDiscarded", "AnalyzerFallbacks"] as const).map((m) =>
          businessMetric(m),
        ),
      }),
    );
    facade.addWidget(
      new GraphWidget({
        title: "hearback metrics: tasks and digests",
        width: 12,
        left: (
          ["TasksOpened", "TasksEscalated", "DigestsSent", "MonthlyReportsSent", "DigestSendFailures"] as const
        ).map((m) => businessMetric(m)),
        right: [businessMetric("SlaBreaches", "Maximum")],
      }),
    );

    facade
      .monitorSqsQueueWithDlq({
        queue: ingestQueue,
        deadLetterQueue,
        alarmFriendlyName: "IngestQueue",
        humanReadableName: "Ingest queue and its dead-letter queue",
        addDeadLetterQueueMaxSizeAlarm: { Critical: { maxMessageCount: thresholds.deadLetteredMessages } },
        addQueueMaxMessageAgeAlarm: { Critical: { maxAgeInSeconds: thresholds.oldestIngestMessageSeconds } },
      })
      .monitorSqsQueueWithDlq({
        queue: props.webhooks.queue,
        deadLetterQueue: props.webhooks.deadLetterQueue,
        alarmFriendlyName: "WebhookQueue",
        humanReadableName: "Webhook deliveries and their dead-letter queue",
        // A receiver's failures retry on their own schedule and end in the endpoint's dead letters; a message here
        // is one the delivery function itself could not handle.
        addDeadLetterQueueMaxSizeAlarm: { Critical: { maxMessageCount: thresholds.deadLetteredMessages } },
      })
      .monitorSqsQueue({
        queue: props.failedJobs,
        alarmFriendlyName: "FailedJobs",
        humanReadableName: "Failed jobs (schedules and asynchronous runs that failed for good)",
        addQueueMaxSizeAlarm: { Critical: { maxMessageCount: thresholds.failedJobs } },
      })
      .monitorLambdaFunction({
        lambdaFunction: fns["enrich-feedback"],
        alarmFriendlyName: "EnrichWorker",
        humanReadableName: "Enrich worker (enrich-feedback)",
        addFaultCountAlarm: { Critical: { maxErrorCount: thresholds.workerErrors } },
        addThrottlesCountAlarm: { Critical: { maxErrorCount: thresholds.workerThrottles } },
      })
      .monitorApiGatewayV2HttpApi({
        api: props.api,
        alarmFriendlyName: "HttpApi",
        humanReadableName: "HTTP API",
        add5xxRateAlarm: { Critical: { maxErrorRate: thresholds.api5xxRate } },
        addLatencyP90Alarm: {
          Warning: { maxLatency: thresholds.apiLatencyP90, datapointsToAlarm: 3, evaluationPeriods: 3 },
        },
      })
      .monitorCustom({
        alarmFriendlyName: "Business",
        humanReadableName: "Digests and follow-up SLAs",
        metricGroups: [
          {
            title: "Digest send failures and SLA breaches",
            metrics: [
              {
                metric: businessMetric("DigestSendFailures"),
                alarmFriendlyName: "DigestSendFailures",
                addAlarm: {
                  Critical: {
                    threshold: thresholds.digestSendFailures,
                    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
                    treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                  },
                },
              },
              {
                metric: businessMetric("SlaBreaches", "Maximum"),
                alarmFriendlyName: "SlaBreaches",
                addAlarm: {
                  Warning: {
                    threshold: thresholds.slaBreaches,
                    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                    treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                    datapointsToAlarm: 3,
                    evaluationPeriods: 3,
                  },
                },
              },
            ],
          },
        ],
      });

    // Every other function: an error alarm each; their graphs would drown the dashboard, the alarm widget shows them.
    for (const name of Object.keys(fns).sort() as FunctionName[]) {
      if (name === "enrich-feedback") continue;
      facade.monitorLambdaFunction({
        lambdaFunction: fns[name],
        alarmFriendlyName: `Function-${name}`,
        humanReadableName: name,
        addToDetailDashboard: false,
        addFaultCountAlarm: { Critical: { maxErrorCount: thresholds.functionErrors } },
      });
    }

    facade.addLargeHeader("Alarms");
    facade.addWidget(
      new AlarmStatusWidget({
        title: "Every hearback alarm",
        width: 24,
        height: 8,
        alarms: facade.createdAlarms().map((created) => created.alarm),
      }),
    );
  }
}
