import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { EmfOutput, MetricsOptions } from "@aws-lambda-powertools/metrics/types";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import type { MiddlewareObj } from "@middy/core";
import { tracer } from "./tracing.ts";

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? "hearback";

/** One logger per cold start. Personal data never goes into log lines: ids, counts and reasons only. */
export const logger = new Logger({ serviceName });

/**
 * The business metrics, as EMF in namespace `hearback` under the one dimension `service` (the alarms and the
 * dashboard in infra/constructs/monitoring.ts read them there). A count given a breakdown is also emitted once
 * more under `service` plus that one bounded dimension. Locally GET /metrics shows them (shared/local/metrics.ts).
 */
export const metricsNamespace = "hearback";
export const businessMetricInfo = {
  FeedbackAccepted: { kind: "counter", help: "items POST /v1/feedback put on the ingest queue" },
  FeedbackDuplicates: {
    kind: "counter",
    help: "items that changed nothing: a sourceId already accepted (stage=edge), a record already stored (stage=worker)",
  },
  FeedbackStored: { kind: "counter", help: "records the enrich worker stored (new, or a changed survey answer)" },
  FeedbackDeadLettered: { kind: "counter", help: "messages the worker parked in the dead-letter queue, by reason" },
  AnalyzerSource: { kind: "counter", help: "texts analyzed, by the engine that answered (source)" },
  AnalyzerFallbacks: { kind: "counter", help: "texts the local engine answered because the configured one could not" },
  TasksOpened: { kind: "counter", help: "follow-up tasks opened" },
  TransactionConflicts: {
    kind: "counter",
    help: "transactions DynamoDB cancelled because another wrote one of their items at once (then retried), by store",
  },
  TasksEscalated: { kind: "counter", help: "escalations the SLA sweep made (one per level and deadline)" },
  SlaBreaches: { kind: "gauge", help: "open follow-up tasks past a deadline, as the last SLA sweep counted them" },
  SurveyAnswersCounted: { kind: "counter", help: "survey answers the worker counted (new or changed)" },
  SurveyAnswersDiscarded: { kind: "counter", help: "survey page posts held as scanner or bot traffic, not counted" },
  DigestsSent: { kind: "counter", help: "weekly digest emails sent" },
  MonthlyReportsSent: { kind: "counter", help: "monthly report emails sent" },
  DigestSendFailures: { kind: "counter", help: "digest and monthly report emails the mail service refused" },
} as const satisfies Record<string, { kind: "counter" | "gauge"; help: string }>;
export type BusinessMetricName = keyof typeof businessMetricInfo;
type Kind<K> = {
  [N in BusinessMetricName]: (typeof businessMetricInfo)[N]["kind"] extends K ? N : never;
}[BusinessMetricName];

/** Where published EMF goes instead of stdout: the local stack's /metrics registry. */
let destination: ((emf: EmfOutput) => void) | undefined;
export const publishMetricsTo = (to: ((emf: EmfOutput) => void) | undefined): void => {
  destination = to;
};

const options: MetricsOptions = {
  namespace: metricsNamespace,
  serviceName,
  logger: {
    debug: (message: string) => logger.debug(message),
    info: (message: string) => logger.info(message),
    // Powertools warns at every flush without metrics, and most invocations (a GET, an idle sweep) record none.
    warn: (message: string) => String(message).startsWith("No application metrics to publish") || logger.warn(message),
    error: (message: string) => logger.error(message),
  },
};

class RoutedMetrics extends Metrics {
  override publishStoredMetrics(): this {
    if (destination && this.hasStoredMetrics()) {
      destination(this.serializeMetrics());
      this.clearMetrics();
    }
    // With the metrics handed over this prints nothing; it still clears dimensions and metadata.
    return super.publishStoredMetrics();
  }

  override singleMetric(): Metrics {
    return new RoutedMetrics({ ...options, singleMetric: true });
  }
}

/** Flushed once per invocation by `observability()`; nothing else publishes it. */
export const metrics: Metrics = new RoutedMetrics(options);

/**
 * Adds `value` to a counter in this invocation's EMF. With `breakdown` (one bounded dimension, e.g. `{ reason:
 * "malformed" }`) it is also emitted under that dimension. Zero adds nothing to a sum, so it is not written.
 */
export const count = (name: Kind<"counter">, value: number, breakdown?: Readonly<Record<string, string>>): void => {
  if (!(value > 0)) return;
  metrics.addMetric(name, MetricUnit.Count, value);
  if (!breakdown) return;
  const single = metrics.singleMetric();
  for (const [dimension, label] of Object.entries(breakdown)) single.addDimension(dimension, label);
  single.addMetric(name, MetricUnit.Count, value);
};

/** Records a gauge's current value, zero included: a gauge that stops at its last non-zero value would lie. */
export const gauge = (name: Kind<"gauge">, value: number): void => {
  metrics.addMetric(name, MetricUnit.Count, value);
};

/**
 * Every handler's first middlewares, in Powertools' order: the X-Ray handler segment (on AWS; responses are not
 * recorded, they carry what customers wrote), the Lambda context on every log line, and one EMF flush per invocation.
 */
export const observability = (): MiddlewareObj[] => [
  ...(tracer ? [captureLambdaHandler(tracer, { captureResponse: false })] : []),
  injectLambdaContext(logger),
  logMetrics(metrics),
];
